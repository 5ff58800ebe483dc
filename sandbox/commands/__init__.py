"""The command line: `python main.py <subcommand>`. Each subcommand is a module with
`add_parser(subparsers)` and `run(args) -> int`; user errors become one line, never a traceback."""
from __future__ import annotations

import argparse
import sys

from sandbox.commands import evaluate, presets, probe, render, sweep, train
from sandbox.world import LevelError

COMMANDS = [render, train, evaluate, probe, sweep, presets]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="goalpost", description="Goalpost: see goal misgeneralization happen.")
    subparsers = parser.add_subparsers(dest="command")
    for command in COMMANDS:
        command.add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            return open_sandbox()
        return args.run(args)
    except (LevelError, OSError, ValueError) as error:
        print(f"goalpost: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("goalpost: interrupted", file=sys.stderr)
        return 130


def open_sandbox() -> int:
    """Until the editor window exists, show the default level as a picture."""
    from pathlib import Path

    from sandbox.resources import default_level_path

    out = Path("goalpost-preview.png").resolve()
    render.render_to_file(default_level_path(), out, samples=8)
    print(f"Goalpost: the editor window is not built yet; wrote a picture of the default level and "
          f"8 sampled training episodes to {out}")
    return 0
