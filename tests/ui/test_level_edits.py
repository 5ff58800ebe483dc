"""The editing rules without a window: every edit leaves a loadable level or is refused."""
from __future__ import annotations

import pytest

from sandbox.ui import level_edits
from sandbox.ui.edit_history import EditHistory
from sandbox.ui.level_edits import EditRefused
from sandbox.world import Cells, Rect, level_from_dict, level_to_dict
from sandbox.world.validation import check_level
from tests.conftest import open_room


def reloaded(level):
    """The level after a save and load: proves the edit produced a valid level file."""
    again = level_from_dict(level_to_dict(level))
    check_level(again)
    return again


def test_a_new_level_is_trainable():
    level = level_edits.new_level(7, 11)
    assert reloaded(level) == level and level.shape == (7, 11)


def test_the_border_stays_wall_and_entities_refuse_walls(room_level):
    with pytest.raises(EditRefused, match="outer ring"):
        level_edits.erase(room_level, (0, 3))
    with pytest.raises(EditRefused, match="agent start"):
        level_edits.paint_wall(room_level, (1, 1))
    with pytest.raises(EditRefused, match="agent start"):
        level_edits.erase(room_level, (1, 1))
    assert not room_level.walls[1, 1]


def test_a_wall_removes_the_cell_from_listed_regions(room_level):
    coin = room_level.entity("coin")
    level_edits.set_region_cell(room_level, coin, (5, 4), include=True)
    level_edits.set_region_cell(room_level, coin, (3, 2), include=True)
    level_edits.paint_wall(room_level, (3, 2))
    assert reloaded(room_level).entity("coin").region == (Cells(((5, 4), (5, 5))),)


def test_a_full_rectangle_is_written_as_a_rectangle(room_level):
    coin = room_level.entity("coin")
    for row in (3, 4, 5):
        level_edits.set_region_cell(room_level, coin, (row, 5), include=True)
    assert coin.region == (Rect(3, 5, 5, 5),)
    level_edits.set_region_cell(room_level, coin, (4, 5), include=False)
    assert coin.region == (Cells(((3, 5), (5, 5))),)
    with pytest.raises(EditRefused, match="own"):
        level_edits.set_region_cell(room_level, coin, (5, 5), include=False)


def test_a_wall_that_empties_a_rectangle_region_is_refused():
    key = {"kind": "key", "at": [5, 1], "region": [{"rows": [3, 3], "cols": [3, 4]}, {"cells": [[5, 1]]}]}
    level = level_from_dict(open_room(entities=[{"kind": "agent", "at": [1, 1]}, {"kind": "coin", "at": [5, 5]}, key]))
    level_edits.paint_wall(level, (3, 3))
    with pytest.raises(EditRefused, match="no free cell"):
        level_edits.paint_wall(level, (3, 4))
    assert not level.walls[3, 4]


def test_moving_an_entity_carries_a_one_cell_region_and_widens_a_larger_one(room_level):
    coin = room_level.entity("coin")
    level_edits.move_entity(room_level, coin, (2, 4))
    assert coin.region == (Cells(((2, 4),)),)
    agent = room_level.agent
    level_edits.set_region_cell(room_level, agent, (2, 1), include=True)
    level_edits.move_entity(room_level, agent, (4, 3))
    mask = level_edits.region_mask(room_level, agent)
    assert mask[1, 1] and mask[2, 1] and mask[4, 3]
    reloaded(room_level)


def test_placed_entities_get_unique_ids_and_can_be_erased(room_level):
    first = level_edits.place_entity(room_level, "marker", (2, 2), "blue", "gem")
    second = level_edits.place_entity(room_level, "marker", (2, 3), "blue", "gem")
    assert (first.id, second.id) == ("blue_gem", "blue_gem_2")
    assert level_edits.place_entity(room_level, "coin", (2, 2)) is first  # an occupied cell selects
    assert reloaded(room_level) == room_level
    level_edits.erase(room_level, (2, 2))
    assert [e.id for e in room_level.entities] == ["agent", "coin", "blue_gem_2"]


def test_history_keeps_at_least_a_hundred_steps(room_level):
    history = EditHistory()
    original = level_to_dict(room_level)
    for step in range(120):
        history.push(room_level, f"step {step}")
        room_level.max_steps += 1
    for _ in range(120):
        room_level = history.undo(room_level)[0]
    assert level_to_dict(room_level) == original and not history.can_undo
    room_level = history.redo(room_level)[0]
    assert room_level.max_steps == original["max_steps"] + 1


def test_merged_pushes_are_one_step(room_level):
    history = EditHistory()
    for value in (10, 20, 30):
        history.push(room_level, "steps", merge_key="max_steps")
        room_level.max_steps = value
    history.break_merge()
    history.push(room_level, "steps", merge_key="max_steps")
    room_level.max_steps = 40
    assert history.undo(room_level)[0].max_steps == 30
    assert history.undo(room_level)[0].max_steps == 32 and not history.can_undo
