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
    assert error.field == "rewards"
    assert str(error) == ("hand.json: field 'rewards': nothing in this level gives a positive reward (add a coin "
                          "with rewards.coin, a chest and key with rewards.chest, or pay for a marker's look, "
                          "such as rewards[\"red ball\"])")


def test_a_paying_chest_without_a_key_is_refused_in_words():
    data = open_room(rewards={"chest": {"reward": 1.0}})
    data["entities"][1] = {"kind": "chest", "at": [5, 5]}
    error = _refusal(data)
    assert error.field == "entities"
    assert str(error) == "hand.json: field 'entities': chests only open with a key, and this level has no key"


def test_a_paying_chest_needs_no_key_when_something_else_pays_too():
    data = open_room(rewards={"chest": {"reward": 1.0}, "coin": {"reward": 1.0, "ends_episode": True}})
    data["entities"].append({"kind": "chest", "at": [3, 3]})
    check_level(level_from_dict(data))


def test_a_valid_room_passes():
    check_level(level_from_dict(open_room(), "hand.json"))


def test_a_listed_wall_cell_is_named_with_its_row_and_column():
    data = open_room()
    data["entities"][1]["region"] = {"cells": [[5, 5], [0, 3]]}  # (0, 3) is on the top border
    error = _refusal(data)
    assert error.field == "entities[1].region"
    assert (error.row, error.col) == (0, 3)
    assert "coin's region lists a wall cell" in str(error)


def test_near_accepts_a_default_cell_one_step_from_the_referred_entity():
    data = open_room()
    data["entities"].append({"kind": "coin", "id": "c2", "at": [5, 4], "region": {"near": "coin"}})
    check_level(level_from_dict(data, "hand.json"))  # (5, 4) is one step left of the coin at (5, 5)


def test_near_refuses_a_default_cell_two_steps_away():
    data = open_room()
    data["entities"].append({"kind": "coin", "id": "c2", "at": [5, 3], "region": {"near": "coin"}})
    error = _refusal(data)
    assert error.field == "entities[2].at" and (error.row, error.col) == (5, 3)
    assert "c2 is outside its own training region" in str(error)


def test_an_entity_walled_off_from_the_start_is_named():
    data = open_room()
    data["map"][4] = "#######"
    error = _refusal(data)
    assert error.field == "entities[1].at" and (error.row, error.col) == (5, 5)
    assert "coin cannot be reached from the agent start" in str(error)


def test_chests_without_a_key_are_refused_and_with_a_key_accepted():
    data = open_room(rewards={"chest": {"reward": 1.0, "ends_episode": True}})
    data["entities"][1] = {"kind": "chest", "at": [5, 5]}
    error = _refusal(data)
    assert error.field == "entities" and "no key" in str(error)
    data["entities"].append({"kind": "key", "at": [3, 3]})
    check_level(level_from_dict(data, "hand.json"))


def test_a_zero_reward_is_not_a_reward_source():
    error = _refusal(open_room(rewards={"coin": {"reward": 0.0, "ends_episode": True}}))
    assert error.field == "rewards"


def test_walls_too_dense_to_cross_blame_the_agent_whose_cell_is_walled_most():
    """At 0.6 random walls, the agent's own cell is a wall in 60% of tries, more often than anything
    else fails, and the agent is entity 0: the message must still name it."""
    level = level_from_dict(open_room(9, procedural={"random_walls": 0.6}))
    with pytest.raises(LevelError) as caught:
        check_level(level)
    assert caught.value.field == "procedural"
    assert str(caught.value) == ("<level>: field 'procedural': none of 512 sampled training episodes was "
                                 "solvable; most often agent could not be placed or reached. Lower "
                                 "random_walls or widen its region")


def test_a_rectangle_of_walls_beside_free_cells_is_named():
    """The coin may be at (5, 5) or in rows 2-3, columns 2-3, which are a block of walls: a part that
    can never be used is named, though the region as a whole has a free cell."""
    data = open_room(7, map=["#######", "#.....#", "#.##..#", "#.##..#", "#.....#", "#.....#", "#######"])
    data["entities"][1] = {"kind": "coin", "at": [5, 5],
                           "region": [{"rows": [2, 3], "cols": [2, 3]}, {"cells": [[5, 5]]}]}
    error = _refusal(data)
    assert error.field == "entities[1].region"
    assert str(error) == "hand.json: field 'entities[1].region': rows 2-3, columns 2-3 are all walls"


def test_near_references_in_a_circle_are_refused_in_words():
    data = open_room(7)
    data["entities"] += [
        {"id": "a", "kind": "marker", "colour": "red", "shape": "ball", "at": [3, 3], "region": {"near": "b"}},
        {"id": "b", "kind": "marker", "colour": "blue", "shape": "box", "at": [3, 4], "region": {"near": "a"}}]
    error = _refusal(data)
    assert str(error) == "hand.json: field 'entities': 'near' regions refer to each other in a circle"
