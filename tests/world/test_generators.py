"""Maze generation: every maze is a spanning tree of the rooms, each episode's maze depends only on
its key, and on small grids every spanning tree comes out equally often."""
from __future__ import annotations

import collections
import itertools

import numpy as np
import pytest

from sandbox.world import generators, level_from_dict, rng, sample_episodes
from tests.conftest import open_room


def bordered(height: int, width: int) -> np.ndarray:
    layout = np.zeros((height, width), dtype=bool)
    layout[[0, -1], :] = layout[:, [0, -1]] = True
    return layout


def keys(count: int, seed: int = 0, first: int = 0) -> np.ndarray:
    return rng.episode_keys(np.full(count, seed), np.arange(first, first + count))


def rooms_reached(walls: np.ndarray) -> tuple[int, int]:
    """(rooms reached from the first room by BFS over free cells, free cells reached)."""
    height, width = walls.shape
    queue, reached = collections.deque([(1, 1)]), {(1, 1)}
    while queue:
        r, c = queue.popleft()
        for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
            if 0 <= nr < height and 0 <= nc < width and not walls[nr, nc] and (nr, nc) not in reached:
                reached.add((nr, nc))
                queue.append((nr, nc))
    return sum(r % 2 == 1 and c % 2 == 1 for r, c in reached), len(reached)


@pytest.mark.parametrize("shape", [(11, 11), (13, 13), (5, 7), (7, 5), (3, 11), (12, 10), (19, 19), (31, 31)])
def test_every_maze_is_a_spanning_tree_of_the_rooms(shape):
    height, width = shape
    rows, cols = (height - 1) // 2, (width - 1) // 2
    walls = generators.carve_mazes(bordered(height, width), keys(40 if rows * cols < 100 else 8))
    for maze in walls:
        free = ~maze
        rooms = free[1:2 * rows:2, 1:2 * cols:2]
        passages = free.sum() - rooms.sum()
        assert rooms.all() and passages == rows * cols - 1
        assert not free[2 * rows + 1:].any() and not free[:, 2 * cols + 1:].any()  # past the last room
        assert not free[::2, ::2].any()  # a passage joins two rooms, so never at (even, even)
        assert rooms_reached(maze) == (rows * cols, 2 * rows * cols - 1)


def test_layout_walls_stay_walls():
    layout = bordered(11, 11)
    layout[5, 5] = True
    assert generators.carve_mazes(layout, keys(20))[:, 5, 5].all()


def test_a_maze_depends_only_on_its_seed_and_episode_not_on_its_batch():
    layout = bordered(13, 13)
    whole = generators.carve_mazes(layout, keys(300))
    assert np.array_equal(generators.carve_mazes(layout, keys(1, first=123))[0], whole[123])
    assert np.array_equal(generators.carve_mazes(layout, keys(40, first=250)), whole[250:290])
    shuffled = np.random.default_rng(0).permutation(300)
    assert np.array_equal(generators.carve_mazes(layout, keys(300)[shuffled]), whole[shuffled])
    assert len({maze.tobytes() for maze in whole}) == 300


def test_walking_in_blocks_does_not_change_the_mazes(monkeypatch):
    layout = bordered(13, 13)
    whole = generators.carve_mazes(layout, keys(100))
    monkeypatch.setattr(generators, "BLOCK_LOOKUPS", 1000)  # 13 episodes a block on 6x6 rooms
    assert np.array_equal(generators.carve_mazes(layout, keys(100)), whole)


def test_sampled_maze_episodes_do_not_depend_on_the_batch():
    level = level_from_dict(open_room(11, procedural={"maze": True}))
    whole = sample_episodes(level, 5, 64)
    part = sample_episodes(level, 5, 7, first_index=30)
    assert np.array_equal(part.walls, whole.walls[30:37])


def spanning_trees_by_enumeration(rows: int, cols: int) -> list[frozenset]:
    """Every spanning tree of the rows x cols lattice, as a set of edges, by trying every edge subset
    of the right size and keeping those that connect all rooms."""
    edges = [((r, c), (r, c + 1)) for r in range(rows) for c in range(cols - 1)]
    edges += [((r, c), (r + 1, c)) for r in range(rows - 1) for c in range(cols)]
    trees = []
    for subset in itertools.combinations(edges, rows * cols - 1):
        group = {room: room for room in itertools.product(range(rows), range(cols))}

        def find(room):
            while group[room] != room:
                room = group[room]
            return room
        for a, b in subset:
            group[find(a)] = find(b)
        if len({find(room) for room in group}) == 1:
            trees.append(frozenset(subset))
    return trees


def kirchhoff_count(rows: int, cols: int) -> int:
    """Number of spanning trees by the matrix-tree theorem: any cofactor of the Laplacian."""
    count = rows * cols
    laplacian = np.zeros((count, count))
    for r, c in itertools.product(range(rows), range(cols)):
        for nr, nc in ((r + 1, c), (r, c + 1)):
            if nr < rows and nc < cols:
                a, b = r * cols + c, nr * cols + nc
                laplacian[a, a] += 1
                laplacian[b, b] += 1
                laplacian[a, b] = laplacian[b, a] = -1
    return round(np.linalg.det(laplacian[1:, 1:]))


def carved(tree: frozenset, rows: int, cols: int) -> bytes:
    """The walls of the maze whose passages are `tree`'s edges, as bytes to count mazes by."""
    walls = np.ones((2 * rows + 1, 2 * cols + 1), dtype=bool)
    walls[1::2, 1::2] = False
    for (r, c), (nr, nc) in tree:
        walls[r + nr + 1, c + nc + 1] = False
    return walls.tobytes()


# Upper 1e-6 quantiles of chi-square with 14 and 191 degrees of freedom (Wilson-Hilferty): a fixed
# seed makes the test deterministic, and a uniform generator would exceed these once in a million seeds.
@pytest.mark.parametrize("rows, cols, trees, per_tree, bound", [(2, 3, 15, 2000, 55.5), (3, 3, 192, 200, 299.0)])
def test_every_spanning_tree_is_equally_likely(rows, cols, trees, per_tree, bound):
    enumerated = spanning_trees_by_enumeration(rows, cols)
    assert len(enumerated) == kirchhoff_count(rows, cols) == trees
    mazes = generators.carve_mazes(bordered(2 * rows + 1, 2 * cols + 1), keys(trees * per_tree, seed=17))
    counts = collections.Counter(maze.tobytes() for maze in mazes)
    expected = [carved(tree, rows, cols) for tree in enumerated]
    assert set(counts) == set(expected)
    observed = np.array([counts[walls] for walls in expected])
    chi_square = ((observed - per_tree) ** 2 / per_tree).sum()
    assert chi_square < bound, (chi_square, observed.min(), observed.max())
