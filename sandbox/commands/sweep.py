"""`sweep`: how much training diversity cures goal misgeneralization? Train seeds x values of one knob
(randomized-goal percentage, the goal region's size, random walls, distractors, step limit) on both
cores, measure each agent, and write a CSV and a figure (resumable)."""
from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path

from tqdm import tqdm

from sandbox.analysis.knobs import ALLOWED, KNOBS, Knob, parse_knob
from sandbox.analysis.sweep import Runner, local_runner, mean_by_value, plan, rows_for, run_sweep
from sandbox.commands.option_types import EPISODES, PERCENT, STEPS, SWEEP_SEEDS, WORKERS, with_range
from sandbox.rl.tensorboard_log import summary_writer_class
from sandbox.world import load_level

DEFAULT_STEPS = 400_000
DEFAULT_PERCENTS = [0.0, 2.0, 5.0, 10.0, 25.0]


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("sweep", help="misgeneralization vs a knob of training (CSV + figure)",
                                   description="Train every (knob value, seed) combination, measure "
                                               "the misgeneralization rate (goal moved off its training region, "
                                               "separated episodes) and the in-distribution failure rate, and plot "
                                               "both. Each finished run is appended to the CSV; a rerun skips them.")
    parser.add_argument("level", type=Path, help="level file (JSON) whose goal has a training region")
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument("--knob", type=knob_option, default=None, metavar="NAME=V,V,...",
                        help=f"the knob and its values, e.g. region:coin=1,2,4,6 (the coin only in the top-right "
                             f"k x k corner), walls=0,0.1,0.2, distractors=0,1,2, max_steps=32,64 or "
                             f"randomized=0,10,25 (knobs: {ALLOWED}; default randomized=0,2,5,10,25)")
    choice.add_argument("--random-percent", type=parse_percents, default=None, metavar="P,P,...",
                        help=with_range("the same as --knob randomized=P,P,...", PERCENT))
    parser.add_argument("--seeds", type=SWEEP_SEEDS, default=3,
                        help=with_range("seeds per knob value: 0..N-1 (default 3)", SWEEP_SEEDS))
    parser.add_argument("--steps", type=STEPS, default=DEFAULT_STEPS,
                        help=with_range(f"training steps per run (default {DEFAULT_STEPS:,})", STEPS))
    parser.add_argument("--episodes", type=EPISODES, default=500,
                        help=with_range("test episodes per measurement (default 500)", EPISODES))
    parser.add_argument("--workers", type=WORKERS, default=min(2, os.cpu_count() or 1),
                        help=with_range("training processes, one torch thread each (default 2)", WORKERS))
    parser.add_argument("--tensorboard", type=Path, metavar="DIR", default=None,
                        help="also write each run's TensorBoard event files into DIR/<knob>=<value>-seed<seed> "
                             "(needs the TensorBoard package; with --ray on a cluster, on the node that ran it)")
    parser.add_argument("--ray", nargs="?", const="", default=None, metavar="ADDRESS",
                        help="run the sweep as Ray tasks: alone, on a local Ray cluster of --workers CPUs; with "
                             "an address ('auto', 'ray://host:10001'), on that cluster (needs Ray)")
    parser.add_argument("--out", type=Path, default=None, help="folder for the CSV and PNG (default: sweeps/<level>)")
    parser.set_defaults(run=run)


def parse_percents(text: str) -> list[float]:
    """'0,2,5' -> [0.0, 2.0, 5.0], each checked like any other percentage option."""
    parts = [part for part in text.split(",") if part.strip()]
    if not parts:
        raise argparse.ArgumentTypeError(f"{text!r}: give percentages separated by commas, e.g. 0,2,5,10,25")
    return sorted({PERCENT(part.strip()) for part in parts})


def knob_option(text: str) -> tuple[Knob, list[float]]:
    """--knob NAME=V,V,...: argparse names the option in the error and exits with code 2."""
    try:
        return parse_knob(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def chosen_knob(args: argparse.Namespace) -> tuple[Knob, list[float]]:
    """--knob, else --random-percent as the randomized knob, else the default percentages."""
    if args.knob is not None:
        return args.knob
    return KNOBS["randomized"], args.random_percent or DEFAULT_PERCENTS


def chosen_runner(args: argparse.Namespace) -> Runner:
    """A local pool of `--workers` processes, or Ray tasks with `--ray` (before any run is planned,
    a missing Ray is one line)."""
    if args.ray is None:
        return local_runner(args.workers)
    from sandbox.analysis.ray_sweep import ray_runner

    return ray_runner(args.ray or None, args.workers if not args.ray else None)


def run(args: argparse.Namespace) -> int:
    from sandbox.analysis.figures import plot_sweep

    level = load_level(args.level)
    knob, values = chosen_knob(args)
    out = args.out or Path("sweeps") / args.level.stem
    stem = f"{args.level.stem}_sweep" if knob.name == "randomized" else f"{args.level.stem}_{knob.slug}_sweep"
    csv_path, png_path = out / f"{stem}.csv", out / f"{stem}.png"
    runs = plan(level, knob, values, args.seeds, args.steps, args.episodes)
    if args.tensorboard is not None:
        summary_writer_class()  # a missing package is one line now, not a failure in every run
        runs = [replace(run, tensorboard=str(args.tensorboard.resolve())) for run in runs]
    with tqdm(total=len(runs), initial=len(rows_for(runs, csv_path)), unit="run", dynamic_ncols=True,
              desc=f"sweep {level.name}") as bar:
        def finished(row: dict) -> None:
            bar.set_postfix({"last": f"{knob.name}={row['value']:g} seed {row['seed']}"}, refresh=False)
            bar.update(1)

        trained = run_sweep(runs, csv_path, chosen_runner(args), finished,
                            lambda damaged: tqdm.write(f"goalpost: warning: {damaged}", file=sys.stderr))
    rows = rows_for(runs, csv_path)
    plot_sweep(rows, png_path, f"{level.name}: misgeneralization vs {knob.name} "
                               f"({args.steps:,} steps, {args.seeds} seed{'s' if args.seeds > 1 else ''})", knob.label)
    print(format_summary(rows, knob.name))
    print(f"{len(trained)} run(s) trained, {len(runs) - len(trained)} already in {csv_path}; wrote {png_path}")
    return 0


def format_summary(rows: list[dict], knob_name: str) -> str:
    """Mean [min-max] over seeds per knob value, in %."""
    width = max(8, len(knob_name))
    lines = [f"{knob_name:>{width}}   misgeneralization %      in-distribution failure %   capability %"]
    proxy, failure, capability = (mean_by_value(rows, f) for f in ("proxy", "in_distribution_failure", "capability"))
    for value in proxy:
        cells = [f"{100 * m:5.1f} [{100 * lo:.0f}-{100 * hi:.0f}]" for m, lo, hi in
                 (proxy[value], failure[value], capability[value])]
        lines.append(f"{value:{width}g}   {cells[0]:<24} {cells[1]:<27} {cells[2]}")
    return "\n".join(lines)
