"""`demo`: the workshop walk-through, full-screen, on a preset and its shipped agent."""
from __future__ import annotations

import argparse

from sandbox.commands.presets import RECIPES


def add_parser(subparsers) -> None:
    names = sorted({recipe.name for recipe in RECIPES if recipe.random_percent is None})
    parser = subparsers.add_parser("demo", help="a looping, captioned walk-through for workshops (full-screen)",
                                   description="Open the window full-screen on a preset with its shipped agent and "
                                               "walk through training samples, the reward curve, the agent reaching "
                                               "the goal, the goal moved, and 200 plays. Space pauses, Left/Right "
                                               "step, Esc quits.")
    parser.add_argument("preset", nargs="?", default="coinrun", choices=names, help="preset (default coinrun)")
    parser.add_argument("--windowed", action="store_true", help="a normal window instead of full-screen")
    parser.add_argument("--fast", action="store_true",
                        help="move on as soon as each step has shown its play (for a quick check)")
    parser.add_argument("--once", action="store_true", help="stop after the last step instead of looping")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from sandbox.ui.demo import run_demo

    return run_demo(args.preset, fullscreen=not args.windowed, exit_after_frames=args.exit_after_frames,
                    fast=args.fast, once=args.once)
