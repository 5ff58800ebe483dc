"""Proxies of hand-made levels: their names, short words and shares, and the cells that count as
reaching them in a hand-made episode."""
from __future__ import annotations

import numpy as np
import pytest

from sandbox.analysis.proxies import derive_proxies, proxy_cells
from sandbox.world import EpisodeBatch, level_from_dict, tiles

ROOM = ["#######"] + ["#.....#"] * 5 + ["#######"]


def key_beside_coin(percent=0):
    """The coin kept to column 5, rows 1-3, in training, with a key always next to it."""
    return level_from_dict({
        "format": 1, "name": "KeyBesideCoin", "map": ROOM,
        "entities": [{"id": "start", "kind": "agent", "at": [5, 1]},
                     {"id": "coin", "kind": "coin", "at": [1, 5], "region": {"cells": [[1, 5], [2, 5], [3, 5]]}},
                     {"id": "key", "kind": "key", "at": [1, 4], "region": {"near": "coin"}}],
        "procedural": {"randomized_goal_percent": percent}})


def test_region_and_object_proxies_with_their_words_and_shares():
    region, key = derive_proxies(key_beside_coin(percent=40))
    assert (region.kind, region.name, region.place, region.share) == (
        "region", "where the coin was in 60% of training episodes (column 5, rows 1-3)", "column 5, rows 1-3", 0.6)
    assert (key.kind, key.name, key.place, key.share, key.code) == (
        "object", "the key (it was next to the goal in training)", "the key", 1.0, tiles.KEY)


def test_start_proxy_words_and_share():
    level = level_from_dict({
        "format": 1, "name": "CoinBesideStart", "map": ROOM,
        "entities": [{"id": "start", "kind": "agent", "at": [3, 3]},
                     {"id": "coin", "kind": "coin", "at": [3, 4], "region": {"near": "start"}}],
        "procedural": {"randomized_goal_percent": 25}})
    [start] = derive_proxies(level)
    assert (start.kind, start.place, start.share) == ("start", "next to where it starts", 0.75)


def test_proxy_cells_are_the_region_and_the_cells_around_the_object():
    walls = np.ones((1, 7, 7), dtype=bool)
    walls[0, 1:6, 1:6] = False
    walls[0, 2, 1] = True  # a wall beside the key is not a cell of it
    objects = np.zeros((1, 7, 7), dtype=np.uint8)
    objects[0, 4, 4] = tiles.COIN
    objects[0, 2, 2] = tiles.KEY
    episodes = EpisodeBatch(walls, objects, np.array([[5, 1]]))
    cells = proxy_cells(derive_proxies(key_beside_coin()), episodes)[0]
    assert sorted(zip(*np.nonzero(cells))) == [(1, 2), (1, 5), (2, 2), (2, 3), (2, 5), (3, 2), (3, 5)]


def test_proxy_cells_add_the_start_and_its_neighbours_to_the_region():
    level = level_from_dict({
        "format": 1, "name": "StartBesideCoin", "map": ROOM,
        "entities": [{"id": "coin", "kind": "coin", "at": [1, 5], "region": {"cells": [[1, 5], [2, 5], [3, 5]]}},
                     {"id": "start", "kind": "agent", "at": [1, 4], "region": {"near": "coin"}}]})
    assert [p.kind for p in derive_proxies(level)] == ["region", "start"]
    walls = np.ones((1, 7, 7), dtype=bool)
    walls[0, 1:6, 1:6] = False
    objects = np.zeros((1, 7, 7), dtype=np.uint8)
    objects[0, 5, 5] = tiles.COIN
    episodes = EpisodeBatch(walls, objects, np.array([[1, 1]]))  # a corner: two of its neighbours are walls
    cells = proxy_cells(derive_proxies(level), episodes)[0]
    assert sorted(zip(*np.nonzero(cells))) == [(1, 1), (1, 2), (1, 5), (2, 1), (2, 5), (3, 5)]


def test_an_object_the_goal_was_placed_next_to_carries_the_kept_share():
    level = level_from_dict({
        "format": 1, "name": "CoinBesideBall", "map": ROOM,
        "entities": [{"id": "start", "kind": "agent", "at": [5, 1]},
                     {"id": "ball", "kind": "marker", "colour": "red", "shape": "ball", "at": [2, 3]},
                     {"id": "coin", "kind": "coin", "at": [2, 4], "region": {"near": "ball"}}],
        "procedural": {"randomized_goal_percent": 50}})
    [ball] = derive_proxies(level)
    assert (ball.kind, ball.name, ball.place, ball.share) == (
        "object", "the red ball (the coin was next to it in 50% of training episodes)", "the red ball", 0.5)


def test_two_coins_give_two_regions_and_both_count():
    level = level_from_dict({
        "format": 1, "name": "TwoCoins", "map": ROOM,
        "entities": [{"id": "start", "kind": "agent", "at": [3, 1]},
                     {"id": "coin", "kind": "coin", "at": [1, 5], "region": {"cells": [[1, 5]]}},
                     {"id": "coin2", "kind": "coin", "at": [5, 5], "region": {"cells": [[5, 5]]}}]})
    proxies = derive_proxies(level)
    assert [p.place for p in proxies] == ["the cell in the top-right corner", "the cell in the bottom-right corner"]
    episodes = EpisodeBatch(~np.pad(np.ones((5, 5), dtype=bool), 1)[None], np.zeros((1, 7, 7), dtype=np.uint8),
                            np.array([[3, 1]]))
    assert cells_of(proxy_cells(proxies, episodes)[0]) == [(1, 5), (5, 5)]


def cells_of(mask):
    return sorted((int(r), int(c)) for r, c in zip(*np.nonzero(mask)))


def test_a_level_that_pays_for_nothing_has_no_goal():
    level = level_from_dict({"format": 1, "name": "NoPay", "map": ROOM,
                             "entities": [{"id": "start", "kind": "agent", "at": [5, 1]},
                                          {"id": "ball", "kind": "marker", "colour": "red", "shape": "ball",
                                           "at": [1, 5]}]})
    with pytest.raises(ValueError) as error:
        derive_proxies(level)
    assert str(error.value) == "level 'NoPay' has no rewarded coin, chest or marker, so it has no goal to misgeneralize"


def chest_room(with_key: bool):
    """The chest pays; it stays in the top-right corner; a key lies in the middle, or none."""
    entities = [{"id": "start", "kind": "agent", "at": [5, 1]}, {"id": "chest", "kind": "chest", "at": [1, 5]}]
    if with_key:
        entities.append({"id": "key", "kind": "key", "at": [3, 3]})
    return level_from_dict({"format": 1, "name": "Chests", "map": ROOM, "entities": entities,
                            "rewards": {"chest": {"reward": 1.0, "ends_episode": True}}})


def test_keys_are_a_proxy_when_a_paying_chest_needs_them():
    region, keys = derive_proxies(chest_room(with_key=True))
    assert (region.kind, region.place, region.share) == ("region", "the cell in the top-right corner", 1.0)
    assert (keys.kind, keys.name, keys.place, keys.share, keys.code, keys.region) == (
        "keys", "the keys (needed for every chest in training)", "keys", 1.0, tiles.KEY, None)
    assert [p.kind for p in derive_proxies(chest_room(with_key=False))] == ["region"]


def test_a_coin_that_pays_makes_a_key_no_proxy_unless_it_was_placed_by_the_coin():
    level = level_from_dict({
        "format": 1, "name": "CoinAndKey", "map": ROOM,
        "entities": [{"id": "start", "kind": "agent", "at": [5, 1]},
                     {"id": "coin", "kind": "coin", "at": [1, 5], "region": {"cells": [[1, 5], [2, 5]]}},
                     {"id": "key", "kind": "key", "at": [3, 3]}]})
    assert [(p.kind, p.place) for p in derive_proxies(level)] == [("region", "column 5, rows 1-2")]


def test_an_agent_placed_next_to_the_coin_gives_a_start_proxy_for_every_episode():
    level = level_from_dict({
        "format": 1, "name": "StartBesideCoin", "map": ROOM,
        "entities": [{"id": "coin", "kind": "coin", "at": [1, 5], "region": {"cells": [[1, 5], [2, 5], [3, 5]]}},
                     {"id": "start", "kind": "agent", "at": [1, 4], "region": {"near": "coin"}}],
        "procedural": {"randomized_goal_percent": 30}})
    region, start = derive_proxies(level)
    assert (region.name, region.share) == ("where the coin was in 70% of training episodes (column 5, rows 1-3)", 0.7)
    # the agent is placed by the coin wherever the coin is, so this one holds in every episode
    assert (start.kind, start.name, start.place, start.share, start.code, start.region) == (
        "start", "the cells next to where the agent starts (the coin was next to it in training)",
        "next to where it starts", 1.0, None, None)


def test_proxies_come_regions_first_then_the_start_then_objects():
    """The ball is found first (the coin was placed by it), the start after (placed by the coin)."""
    level = level_from_dict({
        "format": 1, "name": "BallCoinStart", "map": ROOM,
        "entities": [{"id": "ball", "kind": "marker", "colour": "red", "shape": "ball", "at": [2, 3]},
                     {"id": "coin", "kind": "coin", "at": [2, 4], "region": {"near": "ball"}},
                     {"id": "start", "kind": "agent", "at": [3, 4], "region": {"near": "coin"}}]})
    assert [(p.kind, p.place, p.share) for p in derive_proxies(level)] == [
        ("start", "next to where it starts", 1.0), ("object", "the red ball", 1.0)]


def test_a_goal_randomized_in_every_episode_has_no_region_and_two_alike_markers_are_one_proxy():
    level = level_from_dict({
        "format": 1, "name": "AnywhereCoin", "map": ROOM,
        "entities": [{"id": "start", "kind": "agent", "at": [5, 1]},
                     {"id": "coin", "kind": "coin", "at": [2, 4], "region": {"cells": [[2, 4], [2, 5]]}},
                     {"id": "ball", "kind": "marker", "colour": "green", "shape": "ball", "at": [2, 3],
                      "region": {"near": "coin"}},
                     {"id": "ball2", "kind": "marker", "colour": "green", "shape": "ball", "at": [3, 4],
                      "region": {"near": "coin"}}],
        "procedural": {"randomized_goal_percent": 100}})
    [ball] = derive_proxies(level)
    assert (ball.kind, ball.name, ball.share, ball.code) == (
        "object", "the green ball (it was next to the goal in training)", 1.0, 7)  # code 4 + green 1 * 3 shapes + ball 0
