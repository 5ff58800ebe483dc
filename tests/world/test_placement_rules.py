"""Placement rules beyond fixed cells: "within k steps of X" and "except", in the level file, the
sampler, validation, the editor's region picture and the probe. Expected cell sets are worked out
by hand on small rooms."""
from __future__ import annotations

import numpy as np
import pytest

from sandbox.analysis.outcomes import CAPABILITY, GOAL, NEVER, PROXY
from sandbox.analysis.probe import candidates
from sandbox.analysis.proxies import derive_proxies
from sandbox.analysis.start_outcomes import classify_start
from sandbox.env.rendering import region_cells
from sandbox.ui.level_edits import EditRefused, remove_entity
from sandbox.world.validation import check_level
from sandbox.world import LevelError, level_from_dict, level_to_dict, level_to_json, sample_episodes, tiles
from tests.analysis.test_probe_truth import room, trails
from tests.conftest import open_room

RED_BALL = tiles.marker_code("red", "ball")


def room_with_marker(marker: dict, coin_at=(4, 4), size=9, **overrides) -> dict:
    """An open `size` room: agent fixed at (1, 1), coin fixed at `coin_at`, one red ball."""
    entities = [{"id": "start", "kind": "agent", "at": [1, 1]}, {"id": "coin", "kind": "coin", "at": list(coin_at)},
                {"id": "ball", "kind": "marker", "colour": "red", "shape": "ball", **marker}]
    return open_room(size, entities=entities, **overrides)


def marker_cells(level, count=3000) -> set[tuple[int, int]]:
    batch = sample_episodes(level, 5, count)
    found = np.argwhere(batch.objects == RED_BALL)
    assert len(found) == count  # one ball in every episode
    return {(int(r), int(c)) for r, c in found[:, 1:]}


def manhattan_ring(centre, low, high, size=9):
    """Interior cells whose Manhattan distance from `centre` is in [low, high] (an open room)."""
    return {(r, c) for r in range(1, size - 1) for c in range(1, size - 1)
            if low <= abs(r - centre[0]) + abs(c - centre[1]) <= high}


def test_within_two_steps_of_the_coin_in_an_open_room():
    level = level_from_dict(room_with_marker({"at": [4, 6], "region": {"near": "coin", "within": 2}}))
    check_level(level)
    expected = manhattan_ring((4, 4), 1, 2)
    assert len(expected) == 12  # 4 cells one step away, 8 two steps away
    assert marker_cells(level) == expected
    assert {tuple(c) for c in np.argwhere(region_cells(level, 2))} == expected


WALLED = {"map": ["#######",
                  "#..#..#",
                  "#..#..#",
                  "#..#..#",
                  "#.....#",
                  "#..#..#",
                  "#######"]}


def test_within_counts_steps_around_walls_not_through_them():
    data = room_with_marker({"at": [2, 2], "region": {"near": "coin", "within": 2}}, coin_at=(1, 2), size=7, **WALLED)
    data["entities"][0]["at"] = [5, 5]
    level = level_from_dict(data)
    # From (1, 2): one step to (1, 1) and (2, 2); two steps to (2, 1) and (3, 2). (1, 4) is two cells
    # away across the wall but eight steps around it.
    expected = {(1, 1), (2, 2), (2, 1), (3, 2)}
    assert marker_cells(level) == expected
    assert {tuple(c) for c in np.argwhere(region_cells(level, 2))} == expected


def test_except_keeps_a_distractor_off_the_cells_next_to_the_coin():
    level = level_from_dict(room_with_marker({"at": [1, 7], "region": "any", "except": {"near": "coin"}}))
    check_level(level)
    interior = manhattan_ring((4, 4), 0, 20)
    expected = interior - manhattan_ring((4, 4), 0, 1) - {(1, 1)}  # not the coin, its 4 neighbours or the start
    assert len(expected) == 49 - 5 - 1
    assert marker_cells(level, 6000) == expected
    shaded = {tuple(c) for c in np.argwhere(region_cells(level, 2))}
    assert shaded == expected | {(1, 1), (4, 4)}  # the picture shades occupied cells too


def test_except_with_fixed_cells_and_a_moving_target():
    """The coin anywhere in row 7; the ball anywhere in rows 1-7 except row 1 and except within one
    step of the coin: it is never in row 1 and never next to wherever the coin went."""
    data = room_with_marker({"at": [4, 4], "region": {"rows": [1, 7], "cols": [1, 7]},
                             "except": [{"rows": [1, 1], "cols": [1, 7]}, {"near": "coin"}]}, coin_at=(7, 1))
    data["entities"][1]["region"] = {"rows": [7, 7], "cols": [1, 7]}
    level = level_from_dict(data)
    batch = sample_episodes(level, 2, 2000)
    balls = np.argwhere(batch.objects == RED_BALL)[:, 1:]
    coins = np.argwhere(batch.objects == tiles.COIN)[:, 1:]
    assert (balls[:, 0] != 1).all()
    assert (np.abs(balls - coins).sum(axis=1) >= 2).all()
    assert len({tuple(c) for c in coins}) == 7


def test_the_file_keeps_within_and_except():
    data = room_with_marker({"at": [4, 6], "region": {"near": "coin", "within": 3},
                             "except": [{"cells": [[4, 5]]}, {"near": "start", "within": 2}]})
    level = level_from_dict(data)
    written = level_to_dict(level)["entities"][2]
    assert written["region"] == {"near": "coin", "within": 3}
    assert written["except"] == [{"cells": [[4, 5]]}, {"near": "start", "within": 2}]
    assert level_from_dict(level_to_dict(level)) == level
    assert '"within": 3' in level_to_json(level)
    plain = level_to_dict(level_from_dict(room_with_marker({"at": [4, 5], "region": {"near": "coin"}})))
    assert plain["entities"][2]["region"] == {"near": "coin"} and "except" not in plain["entities"][2]


@pytest.mark.parametrize("marker, field, words", [
    ({"at": [4, 5], "region": {"near": "coin", "within": 0}}, "entities[2].region.within", "out of range (1 to 64)"),
    ({"at": [4, 5], "region": {"near": "coin", "within": 65}}, "entities[2].region.within", "out of range (1 to 64)"),
    ({"at": [4, 5], "region": {"near": "coin", "within": "far"}}, "entities[2].region.within", ""),
    ({"at": [4, 5], "region": {"within": 2}}, "entities[2].region", "\"within\": k"),
    ({"at": [4, 5], "except": "any"}, "entities[2].except", "would leave no cell"),
    ({"at": [4, 5], "except": []}, "entities[2].except", "omit it to exclude nothing"),
])
def test_bad_placement_fields_are_named(marker, field, words):
    with pytest.raises(LevelError) as error:
        level_from_dict(room_with_marker(marker))
    assert error.value.field == field and words in str(error.value)


@pytest.mark.parametrize("marker, field, words", [
    ({"at": [4, 5], "region": "any", "except": {"near": "coin"}}, "entities[2].at", "its 'except' rules out"),
    ({"at": [4, 6], "region": {"near": "coin"}}, "entities[2].at", "outside its own training region"),
    ({"at": [4, 7], "region": {"near": "coin", "within": 2}}, "entities[2].at", "outside its own training region"),
    ({"at": [4, 5], "region": "any", "except": {"near": "chest"}}, "entities[2].except", "unknown entity 'chest'"),
    ({"at": [4, 5], "region": "any", "except": {"near": "ball"}}, "entities[2].except", "refers to itself"),
])
def test_placements_that_contradict_themselves_are_refused(marker, field, words):
    level = level_from_dict(room_with_marker(marker))
    with pytest.raises(LevelError) as error:
        check_level(level)
    assert error.value.field == field and words in str(error.value)


def test_a_cell_the_except_rules_out_is_named_by_row_and_column():
    level = level_from_dict(room_with_marker({"at": [4, 5], "region": "any", "except": {"near": "coin"}}))
    with pytest.raises(LevelError) as error:
        check_level(level)
    assert (error.value.row, error.value.col) == (4, 5)
    assert str(error.value) == ("<level>: field 'entities[2].at': row 4, column 5: ball stands in a cell its "
                                "'except' rules out")


def test_a_thing_another_is_kept_away_from_cannot_be_deleted():
    level = level_from_dict(room_with_marker({"at": [1, 7], "region": "any", "except": {"near": "coin"}}))
    with pytest.raises(EditRefused, match="red ball .ball. is placed relative to coin; change its placement"):
        remove_entity(level, level.entity("coin"))


def near_start_level(within: int):
    data = room_with_marker({"at": [1, 7]})
    data["entities"][1].update(at=[1, 3], region={"near": "start", "within": within})
    return level_from_dict(data)


def test_a_goal_within_two_steps_of_the_start_is_probed_as_such():
    level = near_start_level(2)
    check_level(level)
    [start] = [p for p in derive_proxies(level) if p.kind == "start"]
    assert start.name == ("the cells within 2 steps of where the agent starts (the coin was within 2 steps of it "
                          "in training)")
    [candidate] = candidates(level)
    assert candidate.behaviour == "stay within 2 steps of where it starts"
    assert candidate.test == "coin moved at least three steps from where the agent starts"
    base = sample_episodes(level, 0, 50)
    assert set(map(tuple, np.argwhere(base.objects == tiles.COIN)[:, 1:])) == manhattan_ring((1, 1), 1, 2)
    moved = candidate.build(base, 3)
    coins = np.argwhere(moved.objects == tiles.COIN)[:, 1:]
    assert len(coins) == 50 and (np.abs(coins - np.array([1, 1])).sum(axis=1) >= 3).all()


def test_start_outcomes_within_two_steps_from_trails():
    two_away, three_away = {(3, 5): tiles.COIN}, {(4, 5): tiles.COIN}
    episodes = room(4, [(3, 3)] * 4, [three_away, three_away, three_away, two_away])
    played = trails(episodes, [
        [(3, 3), (2, 3), (1, 3), (2, 3)] * 2,  # never more than two steps out: the proxy
        [(3, 3), (3, 4), (3, 5), (4, 5)],  # the coin
        [(3, 3), (2, 3), (1, 3), (1, 2), (1, 1)],  # three steps out without the coin: capability failure
        [(3, 3), (3, 4)],  # the coin two steps away: not separated
    ], [False, True, False, False])
    outcomes = classify_start(played, tiles.COIN, steps=2)
    assert outcomes.separated.tolist() == [True, True, True, False]
    assert outcomes.outcome.tolist() == [PROXY, GOAL, CAPABILITY, CAPABILITY]
    assert outcomes.proxy_step.tolist() == [10, NEVER, NEVER, NEVER]


def test_a_region_of_fixed_cells_and_a_near_part_is_their_union():
    level = level_from_dict(room_with_marker({"at": [7, 7], "region": [{"cells": [[7, 7]]}, {"near": "coin"}]}))
    assert marker_cells(level) == {(7, 7)} | manhattan_ring((4, 4), 1, 1)
