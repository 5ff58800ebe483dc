"""The command line: `python main.py <subcommand>`. Each subcommand is a module with
`add_parser(subparsers)` and `run(args) -> int`; user errors become one line, never a traceback."""
from __future__ import annotations

import argparse
import sys

from sandbox.commands import demo, evaluate, export, presets, probe, render, sweep, train
from sandbox.commands.option_types import FRAMES
from sandbox.world import LevelError

COMMANDS = [render, train, evaluate, probe, sweep, presets, export, demo]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="goalpost", description="Goalpost: see goal misgeneralization happen.")
    parser.add_argument("--exit-after-frames", type=FRAMES, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--selftest", action="store_true",
                        help="check headlessly that presets, agents, training, rollouts and export work, then exit")
    subparsers = parser.add_subparsers(dest="command")
    for command in COMMANDS:
        command.add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.selftest:
            from sandbox.selftest import run_selftest

            return run_selftest()
        if args.command is None:
            return open_sandbox(args.exit_after_frames)
        return args.run(args)
    except (LevelError, OSError, ValueError) as error:
        print(f"goalpost: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("goalpost: interrupted", file=sys.stderr)
        return 130


def open_sandbox(exit_after_frames: int | None = None) -> int:
    """Open the editor window on the default preset (`--exit-after-frames` is for headless checks)."""
    from sandbox.resources import default_level_path
    from sandbox.ui.app import run_editor

    return run_editor(default_level_path(), exit_after_frames)
