"""Shifts on a hand-made 7x7 room (free rows and columns 1-5): the exact cells of each named area,
the exact refusals, and where `relocate` and `add_objects` put objects when only as many cells as
objects are open, so no seed can change the answer."""
from __future__ import annotations

import numpy as np
import pytest

from sandbox.analysis.shifts import Shift, add_objects, apply_shift, area_mask, parse_shift, relocate
from sandbox.world import EpisodeBatch, level_from_dict, tiles

ROOM = ["#######"] + ["#.....#"] * 5 + ["#######"]
LEVEL = level_from_dict({
    "format": 1, "name": "Room", "map": ROOM,
    "entities": [{"id": "start", "kind": "agent", "at": [5, 1]},
                 {"id": "coin", "kind": "coin", "at": [1, 5], "region": {"cells": [[1, 5], [2, 5], [3, 5]]}},
                 {"id": "ball", "kind": "marker", "colour": "red", "shape": "ball", "at": [3, 3]},
                 {"id": "ball2", "kind": "marker", "colour": "red", "shape": "ball", "at": [4, 3]}]})


def cells(mask):
    return sorted((int(r), int(c)) for r, c in zip(*np.nonzero(mask)))


def room(count, coins=((1, 5),)):
    walls = np.ones((count, 7, 7), dtype=bool)
    walls[:, 1:6, 1:6] = False
    objects = np.zeros(walls.shape, dtype=np.uint8)
    for row, col in coins:
        objects[:, row, col] = tiles.COIN
    return EpisodeBatch(walls, objects, np.tile([5, 1], (count, 1)))


@pytest.mark.parametrize("area, rows, cols", [
    ("anywhere", range(7), range(7)),
    ("left-half", range(7), range(3)),  # width 7: columns 0-2 and 4-6, the middle column in neither
    ("right-half", range(7), range(4, 7)),
    ("top-half", range(3), range(7)),
    ("bottom-half", range(4, 7), range(7)),
])
def test_each_half_is_its_rows_and_columns(area, rows, cols):
    assert cells(area_mask(Shift("coin", area), LEVEL)) == [(r, c) for r in rows for c in cols]


def test_outside_is_every_cell_but_the_training_region():
    outside = area_mask(Shift("coin", "outside"), LEVEL)
    assert outside.sum() == 49 - 3 and not outside[1:4, 5].any()


def test_parse_shift_and_its_refusals():
    assert parse_shift("coin=top-half", LEVEL) == Shift("coin", "top-half")
    assert Shift("coin", "top-half").label == "coin=top-half"
    with pytest.raises(ValueError) as error:
        parse_shift("start=top-half", LEVEL)
    assert str(error.value) == "--shift 'start=top-half': level 'Room' has no entity 'start' (it has coin, ball, ball2)"
    with pytest.raises(ValueError) as error:
        parse_shift("ball=top-half", LEVEL)
    assert str(error.value) == "--shift 'ball=top-half': ball, ball2 look the same, so one of them cannot be moved on its own"
    with pytest.raises(ValueError) as error:
        parse_shift("coin=middle", LEVEL)
    assert str(error.value) == ("--shift 'coin=middle': unknown area 'middle' (use one of anywhere, outside, "
                                "left-half, right-half, top-half, bottom-half)")


def test_relocate_uses_the_one_open_allowed_cell_and_never_the_start():
    allowed = np.zeros((2, 7, 7), dtype=bool)
    allowed[:, 5, 1] = True  # the start
    allowed[:, 0, 3] = True  # a wall
    allowed[:, 2, 2] = True
    episodes = room(2)
    episodes.objects[1, 1, 5] = 0  # the second episode has no coin: dropped
    episodes.objects[0, 4, 4] = tiles.KEY
    moved = relocate(episodes, tiles.COIN, allowed, seed=7)
    assert len(moved) == 1
    assert cells(moved.objects[0] == tiles.COIN) == [(2, 2)]
    assert cells(moved.objects[0] == tiles.KEY) == [(4, 4)]
    assert moved.agent.tolist() == [[5, 1]] and np.array_equal(moved.walls[0], episodes.walls[0])


def test_relocate_drops_episodes_without_a_cell_for_every_object():
    allowed = np.zeros((2, 7, 7), dtype=bool)
    allowed[0, 2:4, 2] = True  # two cells for two coins
    allowed[1, 2, 2] = True  # one cell for two coins
    allowed[:, 4, 4] = True  # taken by a key
    episodes = room(2, coins=((1, 5), (1, 4)))
    episodes.objects[:, 4, 4] = tiles.KEY
    moved = relocate(episodes, tiles.COIN, allowed, seed=0)
    assert len(moved) == 1 and cells(moved.objects[0] == tiles.COIN) == [(2, 2), (3, 2)]


def test_relocate_never_uses_a_cell_the_start_cannot_reach():
    episodes = room(1)
    episodes.walls[0, 1:6, 3] = True  # a wall across the room: columns 4-5 are cut off from the start
    allowed = np.zeros((1, 7, 7), dtype=bool)
    allowed[0, 1:6, 4:6] = True
    allowed[0, 1, 1] = True
    moved = relocate(episodes, tiles.COIN, allowed, seed=5)
    assert cells(moved.objects[0] == tiles.COIN) == [(1, 1)]


def test_apply_shift_moves_the_coin_into_its_area():
    episodes = room(1)
    episodes.walls[0, 1:6, 2:6] = True  # only column 1 is open: the start (5, 1) and rows 1-4
    episodes.objects[0] = 0
    episodes.objects[0, 4, 1] = tiles.COIN
    moved = apply_shift(Shift("coin", "top-half"), LEVEL, episodes, seed=1)  # rows 0-2: (1, 1) and (2, 1)
    coins = cells(moved.objects[0] == tiles.COIN)
    assert len(coins) == 1 and coins[0] in [(1, 1), (2, 1)]


def test_add_objects_fills_the_open_cells_or_drops_the_episode():
    episodes = room(2)
    episodes.walls[:, 1:6, 2:6] = True  # column 1 only: the start, and rows 1-4
    episodes.walls[1, 1, 1] = True  # the second room has one open cell fewer
    episodes.objects[:] = 0
    episodes.objects[:, 4, 1] = tiles.COIN
    added = add_objects(episodes, tiles.KEY, 3, seed=2)
    assert len(added) == 1
    assert cells(added.objects[0] == tiles.KEY) == [(1, 1), (2, 1), (3, 1)]
    assert cells(added.objects[0] == tiles.COIN) == [(4, 1)]


def test_halves_of_an_even_room_split_it_in_two():
    level = level_from_dict({"format": 1, "name": "Even", "map": ["######"] + ["#....#"] * 4 + ["######"],
                             "entities": [{"id": "start", "kind": "agent", "at": [1, 1]},
                                          {"id": "coin", "kind": "coin", "at": [2, 4]}]})
    assert cells(area_mask(Shift("coin", "right-half"), level)) == [(r, c) for r in range(6) for c in range(3, 6)]
    assert cells(area_mask(Shift("coin", "bottom-half"), level)) == [(r, c) for r in range(3, 6) for c in range(6)]


def test_the_same_seed_moves_the_same_way():
    episodes = room(20)
    first = apply_shift(Shift("coin", "anywhere"), LEVEL, episodes, seed=4)
    again = apply_shift(Shift("coin", "anywhere"), LEVEL, episodes, seed=4)
    assert np.array_equal(first.objects, again.objects)
    assert not np.array_equal(first.objects, apply_shift(Shift("coin", "anywhere"), LEVEL, episodes, seed=5).objects)


def test_only_the_first_equals_sign_splits_a_shift():
    with pytest.raises(ValueError) as error:
        parse_shift("coin=top-half=x", LEVEL)
    assert "unknown area 'top-half=x'" in str(error.value)


def test_the_same_seed_adds_the_same_objects():
    episodes = room(20)
    first = add_objects(episodes, tiles.KEY, 2, seed=4).objects
    assert np.array_equal(first, add_objects(episodes, tiles.KEY, 2, seed=4).objects)
    assert not np.array_equal(first, add_objects(episodes, tiles.KEY, 2, seed=5).objects)


def test_the_start_alone_is_no_place_to_move_to():
    allowed = np.zeros((1, 7, 7), dtype=bool)
    allowed[0, 5, 1] = True  # the start
    assert len(relocate(room(1), tiles.COIN, allowed, seed=0)) == 0
