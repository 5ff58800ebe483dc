"""Mazes per second: `generators.carve_mazes` against the generator it replaced (a step-at-a-time
Aldous-Broder walk, kept below only as this benchmark's baseline), measured in the same run.

Each repeat times the new and the old generator back to back on the same keys, so the printed ratio
holds even when other work shares the machine; the medians over repeats are printed, per second of
wall time and per second of this process's CPU time (the fairer figure on a busy machine). With
`--sampler`, the same comparison for whole episodes of levels/maze.json (maze, coin and agent
placement, reachability check) through `EpisodeSampler`.

    python bench/maze_speed.py [--repeats 5] [--seconds 0.3] [--sampler]
"""
from __future__ import annotations

import argparse
import statistics
import time
from typing import Callable

import numpy as np

from sandbox.resources import levels_dir
from sandbox.world import EpisodeSampler, generators, load_level, rng

SIZES = (11, 13)
BATCHES = (256, 4096)


def old_carve_mazes(layout: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """The previous generator, verbatim: Aldous-Broder, one numpy step of all walks per iteration."""
    height, width = layout.shape
    batch = len(keys)
    rows, cols = (height - 1) // 2, (width - 1) // 2
    walls = np.ones((batch, height, width), dtype=bool)
    if rows == 0 or cols == 0:
        return walls | layout
    every = np.arange(batch)
    walk_keys = rng.derive_keys(keys, generators.MAZE_STREAM)
    start = rng.mix64(walk_keys) % np.uint64(rows * cols)
    room_r, room_c = (start // np.uint64(cols)).astype(np.int64), (start % np.uint64(cols)).astype(np.int64)
    visited = np.zeros((batch, rows, cols), dtype=bool)
    visited[every, room_r, room_c] = True
    walls[every, 2 * room_r + 1, 2 * room_c + 1] = False
    deltas = np.array([(-1, 0), (1, 0), (0, -1), (0, 1)])
    remaining = np.full(batch, rows * cols - 1)
    step = 0
    while remaining.any() and step < 200 * rows * cols:
        step += 1
        direction = (rng.mix64(walk_keys + np.uint64(step)) % np.uint64(4)).astype(np.int64)
        next_r = room_r + deltas[direction, 0]
        next_c = room_c + deltas[direction, 1]
        inside = (next_r >= 0) & (next_r < rows) & (next_c >= 0) & (next_c < cols) & (remaining > 0)
        next_r = np.where(inside, next_r, room_r)
        next_c = np.where(inside, next_c, room_c)
        fresh = inside & ~visited[every, next_r, next_c]
        fresh_idx = every[fresh]
        walls[fresh_idx, 2 * next_r[fresh] + 1, 2 * next_c[fresh] + 1] = False
        walls[fresh_idx, room_r[fresh] + next_r[fresh] + 1, room_c[fresh] + next_c[fresh] + 1] = False
        visited[fresh_idx, next_r[fresh], next_c[fresh]] = True
        remaining -= fresh
        room_r, room_c = next_r, next_c
    return walls | layout


def rate(make: Callable[[int], object], batch: int, seconds: float) -> tuple[float, float]:
    """Items per second of wall time and of CPU time of `make(call_index)`, each call making `batch`
    items (fresh keys per call)."""
    make(0)
    calls, started, cpu_started = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - started < seconds:
        calls += 1
        make(calls)
    return (calls * batch / (time.perf_counter() - started),
            calls * batch / max(time.process_time() - cpu_started, 1e-9))


def compare(new: Callable[[int], object], old: Callable[[int], object], batch: int, args) -> list[float]:
    """Medians over repeats: new and old rates and their ratio, per wall second then per CPU second."""
    pairs = [(rate(new, batch, args.seconds), rate(old, batch, args.seconds)) for _ in range(args.repeats)]
    medians = []
    for clock in (0, 1):
        medians += [statistics.median(n[clock] for n, _ in pairs), statistics.median(o[clock] for _, o in pairs),
                    statistics.median(n[clock] / o[clock] for n, o in pairs)]
    return medians


HEADER = f"{'new/s':>10} {'old/s':>10} {'new/old':>8} {'new/CPU-s':>10} {'old/CPU-s':>10} {'new/old':>8}"


def row(medians: list[float]) -> str:
    wall_new, wall_old, wall_ratio, cpu_new, cpu_old, cpu_ratio = medians
    return (f"{wall_new:>10,.0f} {wall_old:>10,.0f} {wall_ratio:>7.1f}x "
            f"{cpu_new:>10,.0f} {cpu_old:>10,.0f} {cpu_ratio:>7.1f}x")


def mazes(args) -> None:
    print(f"{'mazes':<22}{'batch':>6} {HEADER}")
    for size in SIZES:
        layout = np.zeros((size, size), dtype=bool)
        layout[[0, -1], :] = layout[:, [0, -1]] = True
        for batch in BATCHES:
            def keys(call: int) -> np.ndarray:
                return rng.episode_keys(np.zeros(batch), np.arange(batch) + call * batch)
            medians = compare(lambda call: generators.carve_mazes(layout, keys(call)),
                              lambda call: old_carve_mazes(layout, keys(call)), batch, args)
            print(f"{f'{size}x{size}':<22}{batch:>6} {row(medians)}", flush=True)
    print("target: >= 100,000 11x11 mazes/s")


def episodes(args) -> None:
    """Whole maze episodes through the sampler, with the new generator and with the old one."""
    sampler = EpisodeSampler(load_level(levels_dir() / "maze.json"))
    new_generator = generators.carve_mazes

    def sample_with(generator, batch: int) -> Callable[[int], object]:
        def make(call: int) -> object:
            generators.carve_mazes = generator
            try:
                return sampler.sample(np.zeros(batch), np.arange(batch) + call * batch)
            finally:
                generators.carve_mazes = new_generator
        return make

    print(f"{'episodes':<22}{'batch':>6} {HEADER}")
    for batch in BATCHES:
        medians = compare(sample_with(new_generator, batch), sample_with(old_carve_mazes, batch), batch, args)
        print(f"{'levels/maze.json':<22}{batch:>6} {row(medians)}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="new/old measurement pairs per row")
    parser.add_argument("--seconds", type=float, default=0.3, help="time per measurement")
    parser.add_argument("--sampler", action="store_true", help="also time whole maze.json episodes")
    args = parser.parse_args()
    mazes(args)
    if args.sampler:
        episodes(args)


if __name__ == "__main__":
    main()
