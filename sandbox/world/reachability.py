"""Breadth-first search over many grids at once (whole-array flood fill, no Python per cell)."""
from __future__ import annotations

import numpy as np


def bfs_distances(walls: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Shortest-path step counts from each start.

    walls: bool[B, H, W]; starts: int[B, 2] (row, column).
    Returns int32[B, H, W], -1 where a cell cannot be reached. Objects never block movement.
    """
    batch, height, width = walls.shape
    free = ~walls
    dist = np.full(walls.shape, -1, dtype=np.int32)
    frontier = np.zeros(walls.shape, dtype=bool)
    frontier[np.arange(batch), starts[:, 0], starts[:, 1]] = True
    frontier &= free
    step = 0
    while frontier.any():
        dist[frontier] = step
        frontier = grow(frontier) & free & (dist < 0)
        step += 1
    return dist


def within_steps(walls: np.ndarray, sources: np.ndarray, steps: int) -> np.ndarray:
    """bool[B, H, W]: free cells at most `steps` moves from a cell of `sources` (bool[B, H, W]),
    moving through free cells only; the free source cells themselves are included."""
    free = ~walls
    cells = sources & free
    for _ in range(steps):
        grown = grow(cells) & free
        if np.array_equal(grown, cells):
            break
        cells = grown
    return cells


def grow(cells: np.ndarray) -> np.ndarray:
    """bool[B, H, W]: `cells` and their 4-neighbours."""
    grown = cells.copy()
    grown[:, 1:, :] |= cells[:, :-1, :]
    grown[:, :-1, :] |= cells[:, 1:, :]
    grown[:, :, 1:] |= cells[:, :, :-1]
    grown[:, :, :-1] |= cells[:, :, 1:]
    return grown


def distance_map(walls: np.ndarray, start: tuple[int, int]) -> np.ndarray:
    """int32[H, W] shortest-path steps from `start` in one grid (-1 = unreachable)."""
    return bfs_distances(walls[None], np.array([start]))[0]


def reachable(walls: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """bool[B, H, W]: cells reachable from each start. walls: bool[B, H, W]; starts: int[B, 2].

    Each grid row is one 64-bit word, so a flood-fill step is a few shifts and ORs over B*H words
    instead of B*H*W booleans: the sampler checks tens of thousands of episodes per refill.
    """
    batch, height, width = walls.shape
    bits = np.uint64(1) << np.arange(width, dtype=np.uint64)
    free = ((~walls).astype(np.uint64) * bits).sum(axis=2, dtype=np.uint64)
    reach = np.zeros((batch, height), dtype=np.uint64)
    reach[np.arange(batch), starts[:, 0]] = bits[starts[:, 1]]
    reach &= free
    one = np.uint64(1)
    while True:
        grown = reach | (reach << one) | (reach >> one)
        grown[:, 1:] |= reach[:, :-1]
        grown[:, :-1] |= reach[:, 1:]
        grown &= free
        if np.array_equal(grown, reach):
            return (reach[:, :, None] & bits) != 0
        reach = grown
