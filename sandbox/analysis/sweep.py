"""Sweep over a knob of the training distribution: train seeds x knob values, measure each, keep a CSV.

Runs go to a pool of `spawn` processes with one torch thread each (the trainer's numbers do not
depend on which process runs them). Each finished run is appended to the CSV at once, so an
interrupted sweep loses at most the runs in flight, and a rerun skips every run already recorded.
Workers watch their parent and exit when it dies, so a killed sweep leaves no process behind.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import numpy as np

from sandbox.analysis.knobs import Knob, knob_named, with_random_percent
from sandbox.analysis.probe import Candidate, candidates
from sandbox.analysis.sweep_csv import DamagedLine, append_row, is_old_format, read_sweep_csv, repair
from sandbox.world import Level, level_from_dict, level_to_dict

PARENT_POLL_SECONDS = 0.5


@dataclass(frozen=True)
class SweepRun:
    """One training run of the sweep and how many episodes measure it."""

    level: dict
    knob: str
    value: float
    seed: int
    steps: int
    episodes: int
    tensorboard: str | None = None
    """A folder for the run's TensorBoard event files (a subfolder per run), or None."""

    @property
    def key(self) -> tuple[str, str, float, int, int]:
        return self.level["name"], self.knob, self.value, self.seed, self.steps


def region_candidate(level: Level) -> Candidate:
    """The probe candidate for the goal's training region: what randomizing the goal should cure. The
    region is the one the agent was trained to even when the goal is randomized (at 100% too)."""
    found = [c for c in candidates(with_random_percent(level, 0)) if c.kind == "region"]
    if not found:
        raise ValueError(f"level '{level.name}' has no training region for its goal smaller than the room, so "
                         "no test can move the goal off it (try levels/coinrun.json or levels/maze.json)")
    return found[0]


def train_and_measure(run: SweepRun) -> dict:
    """Train one agent and measure it: in-distribution failure rate on its own training distribution,
    and goal / proxy / capability rates over separated episodes with the goal moved off its region."""
    import torch

    from sandbox.analysis.outcomes import summarize
    from sandbox.analysis.rollout import rollout, training_episodes
    from sandbox.rl import Trainer
    from sandbox.rl.config import PPOConfig

    torch.set_num_threads(1)
    level = knob_named(run.knob).set(level_from_dict(run.level), run.value)
    # every run gets the same budget, so the sweep compares knob values, not when each run happened to stop
    trainer = Trainer(level, PPOConfig(total_steps=run.steps, until_percent=0), run.seed)
    while not trainer.finished:
        trainer.train_iteration()
    if run.tensorboard is not None:
        _write_tensorboard(run, trainer)
    policy = trainer.policy.eval()
    base = training_episodes(level, run.episodes, 0)
    in_distribution = rollout(policy, level, base)
    candidate = region_candidate(level)
    shifted = rollout(policy, level, candidate.build(base, 0))
    summary = summarize(shifted, candidate.score(shifted))
    return {"level": level.name, "knob": run.knob, "value": run.value, "seed": run.seed, "steps": run.steps,
            "train_seconds": round(trainer.train_seconds, 1),
            "in_distribution_failure": round(1.0 - float(in_distribution.success.mean()), 4),
            "goal": round(summary.goal, 4), "proxy": round(summary.proxy, 4),
            "capability": round(summary.capability, 4), "separated": summary.counted}


def _write_tensorboard(run: SweepRun, trainer) -> None:
    from sandbox.rl.tensorboard_log import TensorBoardLog

    name = f"{run.knob.replace(':', '_')}={run.value:g}-seed{run.seed}"
    log = TensorBoardLog(Path(run.tensorboard) / name, trainer.config, run.seed)
    try:
        log.write_history(trainer.metrics)
    finally:
        log.close()


def read_rows(path: Path) -> list[dict]:
    """The good rows of a sweep CSV with numbers parsed (empty if the file does not exist)."""
    return read_sweep_csv(path)[0]


def row_key(row: dict) -> tuple[str, str, float, int, int]:
    """What identifies a run in the CSV: the same as `SweepRun.key`."""
    return row["level"], row["knob"], row["value"], row["seed"], row["steps"]


def plan(level: Level, knob: Knob, values: list[float], seeds: int, steps: int, episodes: int) -> list[SweepRun]:
    """Every (knob value, seed) run of the sweep, in order. Each value is applied once here, so a value
    the level cannot take (a corner larger than the room) is refused before anything trains."""
    for value in values:
        try:
            region_candidate(knob.set(level, value))  # refuse a level with nothing to measure
        except ValueError as error:
            raise ValueError(f"{knob.name}={value:g}: {error}") from None
    data = level_to_dict(level)
    return [SweepRun(data, knob.name, v, s, steps, episodes) for v in values for s in range(seeds)]


Runner = Callable[[list[SweepRun]], Iterator[dict]]
"""Trains and measures the given runs, yielding each one's CSV row as it finishes (any order)."""


def run_sweep(runs: list[SweepRun], csv_path: Path, runner: Runner,
              on_done: Callable[[dict], None] | None = None,
              on_damaged: Callable[[DamagedLine], None] | None = None) -> list[SweepRun]:
    """Train and measure every run not yet in `csv_path` with `runner` (`local_runner` or
    `ray_sweep.ray_runner`), appending each as it finishes. Damaged CSV lines are reported to
    `on_damaged`, moved aside and their runs trained again. Returns the runs that were to be trained
    (empty when the CSV already had them all)."""
    rows, damaged = read_sweep_csv(csv_path)
    if damaged or is_old_format(csv_path):
        repair(csv_path, rows, damaged)
        for line in damaged:
            if on_damaged is not None:
                on_damaged(line)
    done = {row_key(row) for row in rows}
    todo = [run for run in runs if run.key not in done]
    if not todo:
        return []
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    for row in runner(todo):
        append_row(csv_path, row)
        if on_done is not None:
            on_done(row)
    return todo


def local_runner(workers: int = 2) -> Runner:
    """Runs on this machine: a pool of `workers` spawned processes."""
    def run_all(todo: list[SweepRun]) -> Iterator[dict]:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=max(1, min(workers, len(todo))), mp_context=context,
                                 initializer=exit_with_parent, initargs=(os.getpid(),)) as pool:
            futures = [pool.submit(train_and_measure, run) for run in todo]
            try:
                for future in as_completed(futures):
                    yield future.result()
            except BaseException:  # Ctrl-C or a failed run: drop queued runs, keep what the CSV has
                pool.shutdown(wait=False, cancel_futures=True)
                raise

    return run_all


def exit_with_parent(parent_pid: int) -> None:
    """Pool initializer: end this worker when the sweep process dies, however it dies (a `kill -9`
    runs no cleanup, and a worker in the middle of a run would otherwise train on for minutes).
    On Linux the kernel does it (PR_SET_PDEATHSIG); everywhere, a thread polls the parent's pid."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:  # the parent died before the line above took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def rows_for(runs: list[SweepRun], csv_path: Path) -> list[dict]:
    """The CSV rows of exactly these runs (the CSV may hold others from earlier sweeps)."""
    keys = {run.key for run in runs}
    return [row for row in read_rows(csv_path) if row_key(row) in keys]


def mean_by_value(rows: list[dict], field: str) -> dict[float, tuple[float, float, float]]:
    """knob value -> (mean, min, max) of `field` over seeds (NaN rates, e.g. no separated episode, skipped)."""
    table: dict[float, list[float]] = {}
    for row in rows:
        table.setdefault(row["value"], []).append(row[field])
    result = {}
    for value, values in sorted(table.items()):
        kept = np.array([v for v in values if not np.isnan(v)])
        result[value] = (float(kept.mean()), float(kept.min()), float(kept.max())) if len(kept) else (np.nan,) * 3
    return result
