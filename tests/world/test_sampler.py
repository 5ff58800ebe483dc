"""Sampling training episodes: deterministic, respects regions, always solvable."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sandbox.world import EpisodeSampler, level_from_dict, load_level, sample_episodes, tiles
from sandbox.world.sampler import entity_order
from sandbox.world.reachability import bfs_distances, distance_map
from tests.conftest import SHIPPED, open_room

LEVELS = {path.stem: load_level(path) for path in SHIPPED}
DENSE = level_from_dict(open_room(12, procedural={"random_walls": 0.35}))


def cells(batch, code):
    """int[B, 2] cell of the (single) object `code` in every episode."""
    found = np.argwhere(batch.objects == code)
    assert len(found) == len(batch)
    return found[:, 1:]


def test_same_seed_gives_the_same_episodes_and_another_seed_does_not(shipped_level):
    first = sample_episodes(shipped_level, 7, 64)
    second = sample_episodes(shipped_level, 7, 64)
    other = sample_episodes(shipped_level, 8, 64)
    assert np.array_equal(first.walls, second.walls) and np.array_equal(first.objects, second.objects)
    assert np.array_equal(first.agent, second.agent)
    assert not (np.array_equal(first.objects, other.objects) and np.array_equal(first.agent, other.agent))


def test_an_episode_does_not_depend_on_the_batch_it_was_sampled_in(shipped_level):
    sampler = EpisodeSampler(shipped_level)
    alone = sampler.sample(np.array([3]), np.array([41]))
    mixed = sampler.sample(np.array([1, 3, 2]), np.array([0, 41, 5]))
    assert np.array_equal(alone.walls[0], mixed.walls[1]) and np.array_equal(alone.objects[0], mixed.objects[1])
    assert np.array_equal(alone.agent[0], mixed.agent[1])


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(sorted(LEVELS) + ["dense"]), st.integers(0, 2**63 - 1))
def test_every_sampled_episode_is_solvable(name, seed):
    level = DENSE if name == "dense" else LEVELS[name]
    batch = sample_episodes(level, seed, 256)
    dist = bfs_distances(batch.walls, batch.agent)
    objects = batch.objects > 0
    assert (dist[objects] >= 0).all(), "an object is unreachable"
    assert (~batch.walls[np.arange(len(batch)), batch.agent[:, 0], batch.agent[:, 1]]).all()
    assert not (batch.walls & objects).any()


def test_coinrun_coin_stays_in_the_rightmost_column_and_walls_vary():
    level = LEVELS["coinrun"]
    batch = sample_episodes(level, 0, 2000)
    assert (cells(batch, tiles.COIN)[:, 1] == 7).all()
    assert (batch.agent[:, 1] == 1).all()
    interior_wall_share = batch.walls[:, 1:-1, 1:-1].mean()
    assert 0.08 < interior_wall_share < 0.16  # ~14% minus the cells entities need free
    assert len({batch.walls[i].tobytes() for i in range(200)}) > 190


def test_randomized_goal_percent_moves_that_share_of_coins():
    data = open_room(9, procedural={"randomized_goal_percent": 25})
    data["entities"][1]["region"] = {"rows": [1, 7], "cols": [7, 7]}
    batch = sample_episodes(level_from_dict(data), 1, 4000)
    off_region = (cells(batch, tiles.COIN)[:, 1] != 7).mean()
    # 25% may go anywhere; 6 of 7 free columns are off the region (~21% expected)
    assert 0.18 < off_region < 0.25


def test_maze_coin_in_top_right_and_maze_is_a_tree():
    level = LEVELS["maze"]
    batch = sample_episodes(level, 2, 300)
    coin = cells(batch, tiles.COIN)
    assert (coin[:, 0] <= 3).all() and (coin[:, 1] >= 7).all()
    free = ~batch.walls
    rooms = free[:, 1::2, 1::2].sum(axis=(1, 2))
    corridors = free.sum(axis=(1, 2)) - rooms
    assert (rooms == 25).all() and (corridors == 24).all()  # spanning tree: rooms - 1 passages
    assert len({batch.walls[i].tobytes() for i in range(300)}) > 290


def test_green_markers_are_always_next_to_the_coin():
    level = LEVELS["colour_cue"]
    batch = sample_episodes(level, 3, 2000)
    coin = cells(batch, tiles.COIN)
    green = np.argwhere(batch.objects == tiles.marker_code("green", "ball"))
    assert len(green) == 3 * len(batch)
    assert (np.abs(coin[green[:, 0]] - green[:, 1:]).sum(axis=1) == 1).all()
    red = cells(batch, tiles.marker_code("red", "ball"))
    assert (np.abs(coin - red).sum(axis=1) > 1).mean() > 0.7


def test_bfs_distances_on_a_hand_made_grid():
    walls = np.array([[1, 1, 1, 1, 1],
                      [1, 0, 1, 0, 1],
                      [1, 0, 1, 0, 1],
                      [1, 0, 0, 0, 1],
                      [1, 1, 1, 1, 1]], dtype=bool)
    dist = distance_map(walls, (1, 1))
    assert dist[1, 3] == 6 and dist[3, 2] == 3 and dist[0, 0] == -1
    walls[3, 2] = True
    assert distance_map(walls, (1, 1))[1, 3] == -1


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32), st.sampled_from([0.2, 0.35, 0.5]))
def test_bit_row_flood_fill_agrees_with_breadth_first_search(seed, density):
    from sandbox.world.reachability import reachable

    rng = np.random.default_rng(seed)
    walls = rng.random((64, 13, 32)) < density
    starts = np.stack([rng.integers(0, 13, 64), rng.integers(0, 32, 64)], axis=1)
    assert np.array_equal(reachable(walls, starts), bfs_distances(walls, starts) >= 0)


POCKET_MAP = ["#######",
              "#...#.#",
              "#...###",
              "#.....#",
              "#######"]  # (1, 5) is a pocket no path reaches


def pocket_level(entities):
    return level_from_dict({"format": 1, "name": "Pocket", "map": POCKET_MAP, "entities": entities})


def test_a_distribution_that_never_works_falls_back_to_the_default_episode():
    level = pocket_level([{"kind": "agent", "at": [1, 1], "region": {"rows": [1, 3], "cols": [1, 3]}},
                          {"kind": "coin", "at": [1, 5]}])
    batch = EpisodeSampler(level).sample(np.full(5, 3), np.arange(5))
    walls = np.array([[c == "#" for c in row] for row in POCKET_MAP])
    assert (batch.walls == walls).all()
    assert (batch.agent == [1, 1]).all()
    assert (batch.objects[:, 1, 5] == tiles.COIN).all() and batch.objects.sum() == 5 * tiles.COIN


def test_the_blame_goes_to_the_first_thing_that_could_not_be_placed():
    """The coin's only cell is a wall, so it cannot be placed; the key in the pocket is placed but
    cannot be reached. The first failure, the coin's, is what validation reports."""
    level = pocket_level([{"kind": "coin", "at": [1, 1], "region": {"cells": [[2, 4]]}},
                          {"kind": "agent", "at": [3, 1]},
                          {"kind": "key", "at": [1, 5]}])
    tried = EpisodeSampler(level).try_once(np.arange(8, dtype=np.uint64))
    assert not tried.valid.any() and tried.failed_entity.tolist() == [0] * 8


def test_an_unplaceable_thing_is_blamed_before_an_unreachable_one_earlier_in_the_file():
    level = pocket_level([{"kind": "agent", "at": [3, 1]},
                          {"id": "lost", "kind": "key", "at": [1, 5]},
                          {"id": "crowded", "kind": "coin", "at": [3, 3], "region": {"cells": [[1, 5]]}}])
    tried = EpisodeSampler(level).try_once(np.arange(8, dtype=np.uint64))
    assert tried.failed_entity.tolist() == [2] * 8


def test_an_episode_taken_from_a_batch_is_an_independent_copy():
    batch = sample_episodes(LEVELS["coinrun"], 4, 3)
    episode = batch.episode(2)
    assert episode.agent == (int(batch.agent[2, 0]), int(batch.agent[2, 1]))
    assert all(type(v) is int for v in episode.agent)
    assert np.array_equal(episode.walls, batch.walls[2]) and np.array_equal(episode.objects, batch.objects[2])
    episode.objects[:] = 9
    episode.walls[:] = True
    assert batch.objects[2].max() == tiles.COIN and not batch.walls[2].all()


def test_near_targets_are_placed_first_whatever_the_file_order():
    level = level_from_dict(open_room(7, entities=[
        {"id": "start", "kind": "agent", "at": [1, 1]},
        {"id": "ball", "kind": "marker", "colour": "red", "shape": "ball", "at": [4, 5], "region": {"near": "coin"}},
        {"id": "coin", "kind": "coin", "at": [5, 5]}]))
    assert entity_order(level) == [0, 2, 1]
    balls = np.argwhere(sample_episodes(level, 1, 50).objects == tiles.marker_code("red", "ball"))[:, 1:]
    assert {tuple(c) for c in balls} == {(4, 5), (5, 4)}  # the coin's free neighbours


def test_a_near_part_naming_nobody_is_a_value_error():
    level = level_from_dict(open_room(7, entities=[
        {"id": "start", "kind": "agent", "at": [1, 1]},
        {"id": "coin", "kind": "coin", "at": [5, 5], "region": {"near": "chest"}}]))
    with pytest.raises(ValueError, match="coin's region is near unknown entity 'chest'"):
        entity_order(level)


def test_at_a_hundred_percent_the_goal_ignores_its_region_in_every_episode():
    """The coin's region is one cell; randomized, it lands there only by chance, 1 in the 24 free
    cells the start leaves of the 5x5 interior (4.2%); a 1% share of episodes kept in the region
    would make it 5.1%."""
    level = level_from_dict(open_room(7, procedural={"randomized_goal_percent": 100}))
    coins = np.argwhere(sample_episodes(level, 0, 24_000).objects == tiles.COIN)[:, 1:]
    share = float(((coins[:, 0] == 5) & (coins[:, 1] == 5)).mean())
    assert abs(share - 1 / 24) < 0.004
