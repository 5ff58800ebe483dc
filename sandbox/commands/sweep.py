"""`sweep`: how much training diversity cures goal misgeneralization? Train seeds x randomized-goal
percentages on both cores, measure each agent, and write a CSV and a figure (resumable)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from tqdm import tqdm

from sandbox.analysis.sweep import mean_by_percent, plan, rows_for, run_sweep
from sandbox.commands.option_types import EPISODES, PERCENT, STEPS, SWEEP_SEEDS, WORKERS, with_range
from sandbox.world import load_level

DEFAULT_STEPS = 400_000


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("sweep", help="misgeneralization vs randomized-goal percentage (CSV + figure)",
                                   description="Train every (randomized-goal percentage, seed) combination, measure "
                                               "the misgeneralization rate (goal moved off its training region, "
                                               "separated episodes) and the in-distribution failure rate, and plot "
                                               "both. Each finished run is appended to the CSV; a rerun skips them.")
    parser.add_argument("level", type=Path, help="level file (JSON) whose goal has a training region")
    parser.add_argument("--random-percent", type=parse_percents, default="0,2,5,10,25", metavar="P,P,...",
                        help=with_range("randomized-goal percentages to train with (default 0,2,5,10,25)", PERCENT))
    parser.add_argument("--seeds", type=SWEEP_SEEDS, default=3,
                        help=with_range("seeds per percentage: 0..N-1 (default 3)", SWEEP_SEEDS))
    parser.add_argument("--steps", type=STEPS, default=DEFAULT_STEPS,
                        help=with_range(f"training steps per run (default {DEFAULT_STEPS:,})", STEPS))
    parser.add_argument("--episodes", type=EPISODES, default=500,
                        help=with_range("test episodes per measurement (default 500)", EPISODES))
    parser.add_argument("--workers", type=WORKERS, default=min(2, os.cpu_count() or 1),
                        help=with_range("training processes, one torch thread each (default 2)", WORKERS))
    parser.add_argument("--out", type=Path, default=None, help="folder for the CSV and PNG (default: sweeps/<level>)")
    parser.set_defaults(run=run)


def parse_percents(text: str) -> list[float]:
    """'0,2,5' -> [0.0, 2.0, 5.0], each checked like any other percentage option."""
    parts = [part for part in text.split(",") if part.strip()]
    if not parts:
        raise argparse.ArgumentTypeError(f"{text!r}: give percentages separated by commas, e.g. 0,2,5,10,25")
    return sorted({PERCENT(part.strip()) for part in parts})


def run(args: argparse.Namespace) -> int:
    from sandbox.analysis.figures import plot_sweep

    level = load_level(args.level)
    out = args.out or Path("sweeps") / args.level.stem
    csv_path, png_path = out / f"{args.level.stem}_sweep.csv", out / f"{args.level.stem}_sweep.png"
    runs = plan(level, args.random_percent, args.seeds, args.steps, args.episodes)
    with tqdm(total=len(runs), initial=len(rows_for(runs, csv_path)), unit="run", dynamic_ncols=True,
              desc=f"sweep {level.name}") as bar:
        def finished(row: dict) -> None:
            bar.set_postfix({"last": f"p={row['random_percent']:g} seed {row['seed']}"}, refresh=False)
            bar.update(1)

        trained = run_sweep(runs, csv_path, args.workers, finished,
                            lambda damaged: tqdm.write(f"goalpost: warning: {damaged}", file=sys.stderr))
    rows = rows_for(runs, csv_path)
    plot_sweep(rows, png_path, f"{level.name}: misgeneralization vs training diversity "
                               f"({args.steps:,} steps, {args.seeds} seed{'s' if args.seeds > 1 else ''})")
    print(format_summary(rows))
    print(f"{len(trained)} run(s) trained, {len(runs) - len(trained)} already in {csv_path}; wrote {png_path}")
    return 0


def format_summary(rows: list[dict]) -> str:
    """Mean [min-max] over seeds per percentage, in %."""
    lines = ["random %   misgeneralization %      in-distribution failure %   capability %"]
    proxy, failure, capability = (mean_by_percent(rows, f) for f in ("proxy", "in_distribution_failure", "capability"))
    for percent in proxy:
        cells = [f"{100 * m:5.1f} [{100 * lo:.0f}-{100 * hi:.0f}]" for m, lo, hi in
                 (proxy[percent], failure[percent], capability[percent])]
        lines.append(f"{percent:8g}   {cells[0]:<24} {cells[1]:<27} {cells[2]}")
    return "\n".join(lines)
