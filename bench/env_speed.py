"""Environment steps per second: the batched core, its gymnasium VectorEnv view, and (as the
baseline, in the same run) gymnasium's SyncVectorEnv over N single Goalpost envs.

Random actions, automatic resets, observations included. Pinned to one thread/core by default.
Levels: the CoinRun-like preset (9x9) and a 16x16 version, the Maze preset (11x11) and a 13x13
maze (a new maze at every reset, counted in the time), and Keys and Chests.
Usage: python bench/env_speed.py [--seconds 1.5]
"""
from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import gymnasium as gym  # noqa: E402
import numpy as np  # noqa: E402

from sandbox.env import GoalpostEnv, GoalpostVectorEnv, GridCore  # noqa: E402
from sandbox.resources import levels_dir  # noqa: E402
from sandbox.world import level_from_dict, load_level  # noqa: E402
from sandbox.world.validation import check_level  # noqa: E402


def coinrun_16() -> "Level":  # noqa: F821
    """The CoinRun-like level scaled to 16x16 (same rules, same wall density)."""
    size = 16
    level = level_from_dict({
        "format": 1, "name": "CoinRun16",
        "map": ["#" * size] + ["#" + "." * (size - 2) + "#"] * (size - 2) + ["#" * size],
        "entities": [{"kind": "agent", "at": [7, 1], "region": {"rows": [1, 14], "cols": [1, 1]}},
                     {"kind": "coin", "at": [7, 14], "region": {"rows": [1, 14], "cols": [14, 14]}}],
        "procedural": {"random_walls": 0.14}, "max_steps": 128})
    check_level(level)
    return level


def maze_13() -> "Level":  # noqa: F821
    """The Maze preset at 13x13: a new maze at every reset, the coin in the top-right 3x3 corner."""
    size = 13
    level = level_from_dict({
        "format": 1, "name": "Maze13",
        "map": ["#" * size] + ["#" + "." * (size - 2) + "#"] * (size - 2) + ["#" * size],
        "entities": [{"id": "start", "kind": "agent", "at": [11, 1]},
                     {"id": "coin", "kind": "coin", "at": [1, 11], "region": {"rows": [1, 3], "cols": [9, 11]}}],
        "procedural": {"maze": True}, "max_steps": 150})
    check_level(level)
    return level


def timed(step, batch: int, seconds: float) -> float:
    """Env steps per second of `step()` (each call advances `batch` envs)."""
    for _ in range(20):
        step()
    calls, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(50):
            step()
        calls += 50
    return calls * batch / (time.perf_counter() - start)


def core_speed(level, n: int, seconds: float) -> float:
    core = GridCore(level, n)
    core.seed(np.arange(n))
    core.reset()
    actions = np.random.default_rng(0).integers(0, 4, (1024, n))
    counter = iter(range(10**12))
    return timed(lambda: core.step(actions[next(counter) % 1024]), n, seconds)


def vector_view_speed(level, n: int, seconds: float) -> float:
    env = GoalpostVectorEnv(n, level)
    env.reset(seed=0)
    actions = np.random.default_rng(0).integers(0, 4, (1024, n))
    counter = iter(range(10**12))
    return timed(lambda: env.step(actions[next(counter) % 1024]), n, seconds)


def sync_vector_speed(level, n: int, seconds: float) -> float:
    env = gym.vector.SyncVectorEnv([lambda: GoalpostEnv(level) for _ in range(n)])
    env.reset(seed=0)
    actions = np.random.default_rng(0).integers(0, 4, (1024, n))
    counter = iter(range(10**12))
    return timed(lambda: env.step(actions[next(counter) % 1024]), n, seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.5, help="time per measurement")
    args = parser.parse_args()
    levels = {"9x9": load_level(levels_dir() / "coinrun.json"), "16x16": coinrun_16(),
              "maze11": load_level(levels_dir() / "maze.json"), "maze13": maze_13(),
              "keys": load_level(levels_dir() / "keys_chests.json")}
    print("maze rows: every reset carves a new maze, inside the timed steps")
    print(f"{'level':>6} {'N':>4} {'core steps/s':>14} {'VectorEnv view':>15} {'SyncVectorEnv':>14} {'core/sync':>10}")
    for name, level in levels.items():
        for n in (1, 64, 256):
            core = core_speed(level, n, args.seconds)
            view = vector_view_speed(level, n, args.seconds)
            sync = sync_vector_speed(level, n, args.seconds)
            print(f"{name:>6} {n:>4} {core:>14,.0f} {view:>15,.0f} {sync:>14,.0f} {core / sync:>9.0f}x", flush=True)
    print("target: >= 2,000,000 core steps/s at N=256 on 9x9, and >= 100x SyncVectorEnv")


if __name__ == "__main__":
    main()
