"""Level checks on hand-made rooms: exact fields, cells and messages of each refusal."""
from __future__ import annotations

import pytest

from sandbox.world import LevelError, level_from_dict
from sandbox.world.validation import check_level
from tests.conftest import open_room


def _refusal(data) -> LevelError:
    with pytest.raises(LevelError) as caught:
        check_level(level_from_dict(data, "hand.json"))
    return caught.value


def test_unknown_near_names_the_field_and_lists_the_ids():
    data = open_room()
    data["entities"][1]["region"] = {"near": "ghost"}
    error = _refusal(data)
    assert error.field == "entities[1].region"
    assert "'near' refers to unknown entity 'ghost' (ids: agent, coin)" in str(error)
    assert (error.row, error.col) == (None, None)


def test_region_outside_own_default_names_the_at_cell():
    data = open_room()
    data["entities"][1]["region"] = {"rows": [1, 2], "cols": [1, 2]}
    error = _refusal(data)
    assert error.field == "entities[1].at"
    assert (error.row, error.col) == (5, 5)
    assert "coin is outside its own training region" in str(error)


def test_a_region_of_walls_only_is_refused():
    data = open_room()
    data["entities"][1]["region"] = {"rows": [0, 0], "cols": [0, 6]}  # the top border row
    error = _refusal(data)
    assert error.field == "entities[1].region"
    assert "training region has no free cell" in str(error)


def test_level_with_no_reward_names_the_rewards_field():
    error = _refusal(open_room(rewards={}))
    assert error.field == "rewards" and "positive reward" in str(error)


def test_a_valid_room_passes():
    check_level(level_from_dict(open_room(), "hand.json"))
