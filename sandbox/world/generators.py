"""Procedural layouts for many episodes at once: random walls and uniformly random mazes."""
from __future__ import annotations

import numpy as np

from sandbox.world import rng

MAZE_STREAM = 2
WALL_STREAM = 1


def add_random_walls(walls: np.ndarray, density: float, keys: np.ndarray) -> np.ndarray:
    """bool[B, H, W]: each free cell turns into a wall with probability `density`.

    walls: bool[B, H, W] (already broadcast per episode); keys: uint64[B].
    """
    batch, height, width = walls.shape
    noise = rng.uniform(keys, WALL_STREAM, height * width).reshape(batch, height, width)
    return walls | (noise < density)


def carve_mazes(layout: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """bool[B, H, W] perfect mazes (one path between any two rooms) inside `layout`'s border.

    Rooms are the cells with odd row and odd column; the Aldous-Broder random walk makes every
    spanning tree equally likely, and it runs on all B episodes at once, one step per iteration.
    Layout walls stay walls. layout: bool[H, W]; keys: uint64[B].
    """
    height, width = layout.shape
    batch = len(keys)
    rows, cols = (height - 1) // 2, (width - 1) // 2
    walls = np.ones((batch, height, width), dtype=bool)
    if rows == 0 or cols == 0:
        return walls | layout
    every = np.arange(batch)
    walk_keys = rng.derive_keys(keys, MAZE_STREAM)
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
