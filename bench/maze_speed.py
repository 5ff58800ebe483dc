"""Mazes per second: `generators.carve_mazes` against the generator it replaced (a step-at-a-time
Aldous-Broder walk, kept below only as this benchmark's baseline), measured in the same run.

Each repeat times the new and the old generator back to back on the same keys, so the printed ratio
holds even when other work shares the machine; the medians over repeats are printed. With
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


def rate(make: Callable[[int], object], batch: int, seconds: float) -> float:
    """Items per second of `make(call_index)`, each call making `batch` items (fresh keys per call)."""
    make(0)
    calls, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        calls += 1
        make(calls)
    return calls * batch / (time.perf_counter() - started)


def compare(new: Callable[[int], object], old: Callable[[int], object], batch: int, args) -> tuple:
    """Median new rate, median old rate, median of the per-repeat ratios."""
    pairs = [(rate(new, batch, args.seconds), rate(old, batch, args.seconds)) for _ in range(args.repeats)]
    return (statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs),
            statistics.median(p[0] / p[1] for p in pairs))


def mazes(args) -> None:
    print(f"{'size':>6} {'batch':>6} {'new mazes/s':>12} {'old mazes/s':>12} {'new/old':>8}")
    for size in SIZES:
        layout = np.zeros((size, size), dtype=bool)
        layout[[0, -1], :] = layout[:, [0, -1]] = True
        for batch in BATCHES:
            def keys(call: int) -> np.ndarray:
                return rng.episode_keys(np.zeros(batch), np.arange(batch) + call * batch)
            new, old, ratio = compare(lambda call: generators.carve_mazes(layout, keys(call)),
                                      lambda call: old_carve_mazes(layout, keys(call)), batch, args)
            print(f"{size}x{size:<3} {batch:>6} {new:>12,.0f} {old:>12,.0f} {ratio:>7.1f}x", flush=True)
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

    print(f"{'level':>10} {'batch':>6} {'new eps/s':>12} {'old eps/s':>12} {'new/old':>8}")
    for batch in BATCHES:
        new, old, ratio = compare(sample_with(new_generator, batch), sample_with(old_carve_mazes, batch), batch, args)
        print(f"{'maze.json':>10} {batch:>6} {new:>12,.0f} {old:>12,.0f} {ratio:>7.1f}x", flush=True)


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
