"""Level files: the exact message a person reads for each mistake in a level file.

Every expected message is written out by hand: the file, the field, the row and column, and the
words. These are what someone editing a level by hand reads, so a change of wording shows up here.
"""
from __future__ import annotations

import json
import os

import numpy as np
import pytest

from sandbox.world import LevelError, level_from_dict, load_episode, load_level, save_level
from sandbox.world.level import AnyFree, Cells, Near, Procedural, Rect, RewardRule
from sandbox.world.level_file import (_collapse_short_lists, level_to_dict, level_to_json, parse_level_text,
                                      read_text_file, write_bytes_atomic)
from tests.conftest import open_room


def room(rows: int = 7, cols: int = 7, **overrides) -> dict:
    """Like `open_room`, but `rows` high and `cols` wide: agent top-left, coin bottom-right."""
    data = open_room()
    data["map"] = ["#" * cols] + ["#" + "." * (cols - 2) + "#" for _ in range(rows - 2)] + ["#" * cols]
    data["entities"] = [{"kind": "agent", "at": [1, 1]}, {"kind": "coin", "at": [rows - 2, cols - 2]}]
    data.update(overrides)
    return data


def message(data, source: str = "bad.json") -> str:
    with pytest.raises(LevelError) as caught:
        level_from_dict(data, source)
    return str(caught.value)


def with_coin(**fields) -> dict:
    """The open room with the coin's entry given `fields` (None removes a field)."""
    data = open_room()
    data["entities"][1].update(fields)
    data["entities"][1] = {k: v for k, v in data["entities"][1].items() if v is not None}
    return data


def with_entity(entity: dict) -> dict:
    data = open_room()
    data["entities"].append(entity)
    return data


def with_map(*rows: str) -> dict:
    data = open_room()
    data["map"] = list(rows)
    return data


def changed(**fields) -> dict:
    data = open_room()
    for key, value in fields.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    return data


ROOM = ["#######", "#.....#", "#.....#", "#.....#", "#.....#", "#.....#", "#######"]
KINDS = "agent, coin, key, chest, marker"
REGION_PART = ('a region part is {"rows": [a, b], "cols": [c, d]}, {"cells": [...]}, '
               '{"near": "<id>", "within": k} or "any"')


@pytest.mark.parametrize("data, expected", [
    # the top level
    ([], "bad.json: expected an object {...}, got a list"),
    (changed(maps=[]), "bad.json: unknown key 'maps' (allowed: description, entities, format, map, max_steps, "
                       "name, procedural, rewards)"),
    (changed(format=None), "bad.json: field 'format': missing; this Goalpost writes \"format\": 1"),
    (changed(format="1"), "bad.json: field 'format': expected a whole number, got a string (\"1\")"),
    (changed(format=-1), "bad.json: field 'format': -1 is out of range (0 to 9223372036854775808)"),
    (changed(format=2), "bad.json: field 'format': format 2 is newer than a version this Goalpost reads (1)"),
    (changed(format=0), "bad.json: field 'format': format 0 is not a version this Goalpost reads (1)"),
    (changed(map=None), "bad.json: field 'map': missing"),
    (changed(map=None, entities=None), "bad.json: field 'map': missing"),
    (changed(entities=None), "bad.json: field 'entities': missing"),
    (changed(name="n" * 101), "bad.json: field 'name': is 101 characters long; at most 100"),
    (changed(name="a\nb"), "bad.json: field 'name': contains the control character '\\n'; use printable text"),
    (changed(name=3), "bad.json: field 'name': expected a string, got the number 3"),
    (changed(description="a\x07b"),
     "bad.json: field 'description': contains the control character '\\x07'; use printable text"),
    (changed(description="d" * 10_001), "bad.json: field 'description': is 10001 characters long; at most 10000"),
    (changed(max_steps=0), "bad.json: field 'max_steps': 0 is out of range (1 to 10000)"),
    (changed(max_steps=10_001), "bad.json: field 'max_steps': 10001 is out of range (1 to 10000)"),
    (changed(max_steps=1.5), "bad.json: field 'max_steps': expected a whole number, got the number 1.5"),
    # the map
    (changed(map="###"), "bad.json: field 'map': expected a list [...], got a string (\"###\")"),
    (with_map(*ROOM[:2], *ROOM[-2:]), "bad.json: field 'map': has 4 rows; a level has 5 to 32"),
    (with_map(*(["#" * 7] * 33)), "bad.json: field 'map': has 33 rows; a level has 5 to 32"),
    (with_map(*ROOM[:2], 5, *ROOM[3:]), "bad.json: field 'map[2]': expected a string, got the number 5"),
    (with_map(*(["####"] * 7)), "bad.json: field 'map': row 0: rows are 4 cells wide; a level has 5 to 32"),
    (with_map(*(["#" * 33] * 7)), "bad.json: field 'map': row 0: rows are 33 cells wide; a level has 5 to 32"),
    (with_map(*ROOM[:2], "#....#", *ROOM[3:]), "bad.json: field 'map': row 2: row is 6 cells wide but row 0 is 7"),
    (with_map(*ROOM[:3], "#..X..#", *ROOM[4:]),
     "bad.json: field 'map': row 3, column 3: unknown character 'X' (use '#' for wall, '.' for floor)"),
    (with_map(*ROOM[:3], "#.....X", *ROOM[4:]),
     "bad.json: field 'map': row 3, column 6: unknown character 'X' (use '#' for wall, '.' for floor)"),
    (with_map("###.###", *ROOM[1:]),
     "bad.json: field 'map': row 0, column 3: the outer ring of the map must be walls ('#')"),
    (with_map(*ROOM[:4], "......#", *ROOM[5:]),
     "bad.json: field 'map': row 4, column 0: the outer ring of the map must be walls ('#')"),
    (with_map(*ROOM[:2], "#......", *ROOM[3:]),
     "bad.json: field 'map': row 2, column 6: the outer ring of the map must be walls ('#')"),
    (with_map(*ROOM[:6], "##..###"),
     "bad.json: field 'map': row 6, column 2: the outer ring of the map must be walls ('#')"),
    # entities
    (changed(entities={}), "bad.json: field 'entities': expected a list [...], got an object"),
    (with_entity("coin"), "bad.json: field 'entities[2]': expected an object {...}, got a string (\"coin\")"),
    (with_coin(colours="red"),
     "bad.json: field 'entities[1]': unknown key 'colours' (allowed: at, colour, except, id, kind, region, shape)"),
    (with_coin(kind=None), f"bad.json: field 'entities[1]': missing 'kind' (one of {KINDS})"),
    (with_coin(kind=3), "bad.json: field 'entities[1].kind': expected a string, got the number 3"),
    (with_coin(kind="dragon"), f"bad.json: field 'entities[1].kind': unknown kind 'dragon' (one of {KINDS})"),
    (with_coin(at=None),
     "bad.json: field 'entities[1]': missing 'at' ([row, column] of its place in the default episode)"),
    (with_coin(at=[1]), "bad.json: field 'entities[1].at': a cell is [row, column]; got 1 numbers"),
    (with_coin(at=[7, 1]), "bad.json: field 'entities[1].at[0]': 7 is out of range (0 to 6)"),
    (with_coin(at=[1, 7]), "bad.json: field 'entities[1].at[1]': 7 is out of range (0 to 6)"),
    (with_coin(colour="red"), "bad.json: field 'entities[1].colour': only markers have a colour"),
    (with_coin(shape="ball"), "bad.json: field 'entities[1].shape': only markers have a shape"),
    (with_coin(id=""), "bad.json: field 'entities[1].id': is empty"),
    (with_coin(id=5), "bad.json: field 'entities[1].id': expected a string, got the number 5"),
    (with_coin(id="c" * 65), "bad.json: field 'entities[1].id': is 65 characters long; at most 64"),
    (with_coin(id="a\tb"),
     "bad.json: field 'entities[1].id': contains the control character '\\t'; use printable text"),
    (with_entity({"kind": "marker", "at": [2, 2]}),
     "bad.json: field 'entities[2].colour': expected a string, got null"),
    (with_entity({"kind": "marker", "colour": "pink", "at": [2, 2]}),
     "bad.json: field 'entities[2].colour': unknown colour 'pink' (one of red, green, blue, yellow, purple, grey)"),
    (with_entity({"kind": "marker", "colour": "red", "shape": "cube", "at": [2, 2]}),
     "bad.json: field 'entities[2].shape': unknown shape 'cube' (one of ball, box, gem)"),
    (with_entity({"kind": "marker", "colour": "red", "shape": 1, "at": [2, 2]}),
     "bad.json: field 'entities[2].shape': expected a string, got the number 1"),
    (changed(entities=[{"kind": "agent", "id": "me", "at": [1, 1]}, {"kind": "coin", "id": "me", "at": [2, 2]}]),
     "bad.json: field 'entities': two entities have the id 'me'"),
    (changed(entities=[{"kind": "coin", "at": [1, 1]}]),
     "bad.json: field 'entities': a level needs exactly one agent start; found 0"),
    (with_entity({"kind": "agent", "at": [2, 2]}),
     "bad.json: field 'entities': a level needs exactly one agent start; found 2"),
    (with_coin(at=[0, 3]), "bad.json: field 'entities[1].at': row 0, column 3: coin stands on a wall"),
    (with_entity({"kind": "coin", "at": [5, 5]}),
     "bad.json: field 'entities[2].at': row 5, column 5: coin_2 shares its cell with entities[1]"),
    (changed(entities=[{"kind": "agent", "at": [1, 1]}, {"kind": "coin", "at": [2, 4]},
                       {"kind": "key", "id": "k", "at": [2, 4]}]),
     "bad.json: field 'entities[2].at': row 2, column 4: k shares its cell with entities[1]"),
    (with_entity({"kind": "key", "id": "k", "at": [1, 1]}),
     "bad.json: field 'entities[2].at': row 1, column 1: k shares its cell with entities[0]"),
    # regions
    (with_coin(region="all"), 'bad.json: field \'entities[1].region\': unknown region \'all\' (use "any", '
                              '{"rows", "cols"}, {"cells"} or {"near"})'),
    (with_coin(region=["any", "all"]), 'bad.json: field \'entities[1].region[1]\': unknown region \'all\' (use '
                                       '"any", {"rows", "cols"}, {"cells"} or {"near"})'),
    (with_coin(region=5), "bad.json: field 'entities[1].region': expected an object {...}, got the number 5"),
    (with_coin(region={"row": [1, 2]}), "bad.json: field 'entities[1].region': unknown key 'row' (allowed: cells, "
                                        "cols, near, rows, within)"),
    (with_coin(region={"rows": [1, 2]}), f"bad.json: field 'entities[1].region': {REGION_PART}"),
    (with_coin(region={"cols": [1, 2]}), f"bad.json: field 'entities[1].region': {REGION_PART}"),
    (with_coin(region={"within": 2}), f"bad.json: field 'entities[1].region': {REGION_PART}"),
    (with_coin(region={}), f"bad.json: field 'entities[1].region': {REGION_PART}"),
    (with_coin(region={"near": "agent", "cells": [[1, 1]]}), f"bad.json: field 'entities[1].region': {REGION_PART}"),
    (with_coin(region=[{"cells": [[1, 1]]}, {"rows": [1, 1], "cols": [1, 1], "within": 1}]),
     f"bad.json: field 'entities[1].region[1]': {REGION_PART}"),
    (with_coin(region={"rows": 1, "cols": [1, 1]}),
     "bad.json: field 'entities[1].region.rows': expected a list [...], got the number 1"),
    (with_coin(region={"rows": [1, 1], "cols": "1"}),
     "bad.json: field 'entities[1].region.cols': expected a list [...], got a string (\"1\")"),
    (with_coin(region={"rows": [1], "cols": [1, 1]}),
     "bad.json: field 'entities[1].region.rows': expected [first, last]"),
    (with_coin(region={"rows": [1, 1], "cols": [1, 2, 3]}),
     "bad.json: field 'entities[1].region.cols': expected [first, last]"),
    (with_coin(region={"rows": [-1, 1], "cols": [1, 1]}),
     "bad.json: field 'entities[1].region.rows[0]': -1 is out of range (0 to 6)"),
    (with_coin(region={"rows": [3, 1], "cols": [1, 1]}),
     "bad.json: field 'entities[1].region.rows[1]': 1 is out of range (3 to 6)"),
    (with_coin(region={"rows": [1, 1], "cols": [2, 7]}),
     "bad.json: field 'entities[1].region.cols[1]': 7 is out of range (2 to 6)"),
    (with_coin(region={"rows": [1, 1], "cols": [7, 7]}),
     "bad.json: field 'entities[1].region.cols[0]': 7 is out of range (0 to 6)"),
    (with_coin(region={"cells": 3}),
     "bad.json: field 'entities[1].region.cells': expected a list [...], got the number 3"),
    (with_coin(region={"cells": []}), "bad.json: field 'entities[1].region.cells': lists no cells"),
    (with_coin(region={"cells": [[1, 1]] * 50}),
     "bad.json: field 'entities[1].region.cells': lists 50 cells; the 7x7 grid has 49"),
    (with_coin(region={"cells": [[1, 1], [1, 2], [1]]}),
     "bad.json: field 'entities[1].region.cells[2]': a cell is [row, column]; got 1 numbers"),
    (with_coin(region={"cells": [[1, 1], [9, 2]]}),
     "bad.json: field 'entities[1].region.cells[1][0]': 9 is out of range (0 to 6)"),
    (with_coin(region={"near": 3}), "bad.json: field 'entities[1].region.near': expected a string, got the number 3"),
    (with_coin(region={"near": "agent", "within": 0}),
     "bad.json: field 'entities[1].region.within': 0 is out of range (1 to 64)"),
    (with_coin(region={"near": "agent", "within": 65}),
     "bad.json: field 'entities[1].region.within': 65 is out of range (1 to 64)"),
    (with_coin(region={"near": "agent", "within": "2"}),
     "bad.json: field 'entities[1].region.within': expected a whole number, got a string (\"2\")"),
    (with_coin(region=[]),
     "bad.json: field 'entities[1].region': is empty; omit it to keep the entity at its 'at' cell"),
    (with_coin(region=["any"] * 33),
     "bad.json: field 'entities[1].region': has 33 parts; at most 32 (merge cells into one \"cells\" list)"),
    (with_coin(region=[{"rows": [1, 1], "cols": [1, 1]}, {"rows": [1, 9], "cols": [1, 1]}]),
     "bad.json: field 'entities[1].region[1].rows[1]': 9 is out of range (1 to 6)"),
    (with_coin(region=[{"cells": [[1, 1]]}, {"cells": [[1, 1], [2]]}]),
     "bad.json: field 'entities[1].region[1].cells[1]': a cell is [row, column]; got 1 numbers"),
    (with_coin(region=[{"near": "agent"}, {"near": "agent", "within": 99}]),
     "bad.json: field 'entities[1].region[1].within': 99 is out of range (1 to 64)"),
    (with_coin(**{"except": []}), "bad.json: field 'entities[1].except': is empty; omit it to exclude nothing"),
    (with_coin(**{"except": "any"}),
     'bad.json: field \'entities[1].except\': "any" would leave no cell; name the cells to keep it out of'),
    (with_coin(**{"except": [{"cells": [[1, 1]]}, "any"]}),
     'bad.json: field \'entities[1].except\': "any" would leave no cell; name the cells to keep it out of'),
    (with_coin(**{"except": [{"cells": [[1, 1]]}, "none"]}), 'bad.json: field \'entities[1].except[1]\': unknown '
                                                             'region \'none\' (use "any", {"rows", "cols"}, '
                                                             '{"cells"} or {"near"})'),
    (with_coin(**{"except": {"rows": [0, 7], "cols": [1, 1]}}),
     "bad.json: field 'entities[1].except.rows[1]': 7 is out of range (0 to 6)"),
    (with_coin(**{"except": ["any"] * 33}),
     "bad.json: field 'entities[1].except': has 33 parts; at most 32 (merge cells into one \"cells\" list)"),
    # procedural
    (changed(procedural=[]), "bad.json: field 'procedural': expected an object {...}, got a list"),
    (changed(procedural={"mazes": True}),
     "bad.json: field 'procedural': unknown key 'mazes' (allowed: maze, random_walls, randomized_goal_percent)"),
    (changed(procedural={"random_walls": -0.1}),
     "bad.json: field 'procedural.random_walls': -0.1 is out of range (0 to 0.6)"),
    (changed(procedural={"random_walls": 0.61}),
     "bad.json: field 'procedural.random_walls': 0.61 is out of range (0 to 0.6)"),
    (changed(procedural={"random_walls": True}),
     "bad.json: field 'procedural.random_walls': expected a number, got true/false"),
    (changed(procedural={"maze": 1}), "bad.json: field 'procedural.maze': expected true or false, got the number 1"),
    (changed(procedural={"randomized_goal_percent": -1}),
     "bad.json: field 'procedural.randomized_goal_percent': -1 is out of range (0 to 100)"),
    (changed(procedural={"randomized_goal_percent": 100.5}),
     "bad.json: field 'procedural.randomized_goal_percent': 100.5 is out of range (0 to 100)"),
    (changed(procedural={"randomized_goal_percent": "5"}),
     "bad.json: field 'procedural.randomized_goal_percent': expected a number, got a string (\"5\")"),
    # rewards
    (changed(rewards={"gem": {"reward": 1}}), "bad.json: field 'rewards': unknown reward 'gem' (coin, key, chest, or "
                                              "a marker's colour and shape, such as \"red ball\")"),
    (changed(rewards={"zebra": {"reward": 1}, "coin": {"reward": 1}, "apple": {"reward": 1}}),
     "bad.json: field 'rewards': unknown reward 'apple' (coin, key, chest, or a marker's colour and shape, such as "
     "\"red ball\")"),
    (changed(rewards=[]), "bad.json: field 'rewards': expected an object {...}, got a list"),
    (changed(rewards=5), "bad.json: field 'rewards': expected an object {...}, got the number 5"),
    (changed(rewards="coin"), "bad.json: field 'rewards': expected an object {...}, got a string (\"coin\")"),
    (changed(rewards={"coin": 1}), "bad.json: field 'rewards.coin': expected an object {...}, got the number 1"),
    (changed(rewards={"coin": {"reward": 1, "end": True}}),
     "bad.json: field 'rewards.coin': unknown key 'end' (allowed: ends_episode, reward)"),
    (changed(rewards={"key": {"ends_episode": True}}), "bad.json: field 'rewards.key': missing 'reward'"),
    (changed(rewards={"red ball": {"reward": 101}}),
     "bad.json: field 'rewards.red ball.reward': 101 is out of range (-100 to 100)"),
    (changed(rewards={"chest": {"reward": -100.5}}),
     "bad.json: field 'rewards.chest.reward': -100.5 is out of range (-100 to 100)"),
    (changed(rewards={"coin": {"reward": 1, "ends_episode": "yes"}}),
     "bad.json: field 'rewards.coin.ends_episode': expected true or false, got a string (\"yes\")"),
])
def test_each_mistake_gets_its_own_message(data, expected):
    assert message(data) == expected


@pytest.mark.parametrize("data, expected", [
    # the other side's size is checked against the other side of the grid
    (room(6, 9, entities=[{"kind": "agent", "at": [1, 1]}, {"kind": "coin", "at": [4, 7],
                                                           "region": {"rows": [0, 6], "cols": [1, 1]}}]),
     "bad.json: field 'entities[1].region.rows[1]': 6 is out of range (0 to 5)"),
    (room(6, 9, entities=[{"kind": "agent", "at": [1, 1]}, {"kind": "coin", "at": [4, 7],
                                                           "region": {"rows": [1, 1], "cols": [0, 9]}}]),
     "bad.json: field 'entities[1].region.cols[1]': 9 is out of range (0 to 8)"),
    (room(6, 9, entities=[{"kind": "agent", "at": [1, 1]}, {"kind": "coin", "at": [4, 7],
                                                           "region": {"cells": [[1, 1]] * 55}}]),
     "bad.json: field 'entities[1].region.cells': lists 55 cells; the 6x9 grid has 54"),
    (room(6, 9, entities=[{"kind": "agent", "at": [1, 1]}, {"kind": "coin", "at": [6, 7]}]),
     "bad.json: field 'entities[1].at[0]': 6 is out of range (0 to 5)"),
    (room(6, 9, entities=[{"kind": "agent", "at": [1, 1]}, {"kind": "coin", "at": [4, 9]}]),
     "bad.json: field 'entities[1].at[1]': 9 is out of range (0 to 8)"),
    (room(6, 9, entities=[{"kind": "agent", "at": [1, 1]}, {"kind": "coin", "at": [4, 8]}]),
     "bad.json: field 'entities[1].at': row 4, column 8: coin stands on a wall"),
])
def test_a_grid_that_is_not_square_checks_rows_and_columns_apart(data, expected):
    assert message(data) == expected


def test_problems_with_the_whole_file_name_no_field(tmp_path, monkeypatch):
    """`LevelError.field` is "" (a string, as for every other error) when the whole file is at fault."""
    problems = []
    for text in ("[]", '{"format": 1 "map": []}', "[" * 100_000):
        with pytest.raises(LevelError) as caught:
            parse_level_text(text, "bad.json")
        problems.append(caught.value)
    (tmp_path / "binary.json").write_bytes(b"\xff")
    for path in (tmp_path / "absent.json", tmp_path / "binary.json"):
        with pytest.raises(LevelError) as caught:
            load_level(path)
        problems.append(caught.value)

    def refuse(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(LevelError) as caught:
        write_bytes_atomic(tmp_path / "level.json", b"{}")
    problems.append(caught.value)
    assert [problem.field for problem in problems] == [""] * 6


def test_the_source_opens_every_message():
    with pytest.raises(LevelError) as caught:
        level_from_dict(changed(format=None))
    assert str(caught.value) == "<level>: field 'format': missing; this Goalpost writes \"format\": 1"
    assert message(changed(max_steps=0), "levels/mine.json") == \
        "levels/mine.json: field 'max_steps': 0 is out of range (1 to 10000)"


def test_the_largest_and_smallest_allowed_values_load():
    assert level_from_dict(room(5, 5)).shape == (5, 5)
    assert level_from_dict(room(32, 32)).shape == (32, 32)
    assert level_from_dict(room(5, 32)).shape == (5, 32)
    assert level_from_dict(room(32, 5)).shape == (32, 5)
    assert level_from_dict(changed(max_steps=10_000)).max_steps == 10_000
    assert level_from_dict(changed(max_steps=1)).max_steps == 1
    assert level_from_dict(changed(format=1)).name == "Room"
    level = level_from_dict(changed(procedural={"random_walls": 0.6, "randomized_goal_percent": 100}))
    assert level.procedural == Procedural(random_walls=0.6, maze=False, randomized_goal_percent=100.0)
    level = level_from_dict(changed(rewards={"coin": {"reward": 100}, "key": {"reward": -100}}))
    assert level.rewards == {"coin": RewardRule(100.0, False), "key": RewardRule(-100.0, False)}
    assert level_from_dict(changed(name="n" * 100, description="d" * 10_000)).name == "n" * 100
    assert level_from_dict(with_coin(id="c" * 64)).entities[1].id == "c" * 64
    assert level_from_dict(with_coin(region=["any"] * 32)).entities[1].region == (AnyFree(),) * 32
    assert level_from_dict(with_coin(region={"near": "agent", "within": 64})).entities[1].region == \
        (Near("agent", 64),)
    whole_grid = [[r, c] for r in range(7) for c in range(7)]
    assert len(level_from_dict(with_coin(region={"cells": whole_grid})).entities[1].region[0].cells) == 49


def test_a_description_keeps_line_breaks_and_tabs():
    assert level_from_dict(changed(description="one\n\ttwo")).description == "one\n\ttwo"


def test_the_level_holds_what_the_file_says():
    data = room(6, 9, name="Two rooms", description="About.", max_steps=50,
                procedural={"random_walls": 0.25, "maze": True, "randomized_goal_percent": 40},
                rewards={"coin": {"reward": 2.5, "ends_episode": True}, "red ball": {"reward": -1}})
    data["map"][2] = "#.#.....#"
    data["entities"] = [
        {"kind": "agent", "at": [1, 1]},
        {"kind": "coin", "id": "gold", "at": [4, 7], "region": {"rows": [1, 4], "cols": [5, 7]},
         "except": [{"cells": [[1, 5], [2, 6]]}, {"near": "agent", "within": 2}]},
        {"kind": "marker", "colour": "red", "at": [3, 3], "region": [{"near": "gold"}, "any"]},
        {"kind": "marker", "colour": "blue", "shape": "gem", "at": [3, 4]},
    ]
    level = level_from_dict(data, "rooms.json")
    assert (level.name, level.description, level.max_steps, level.source) == \
        ("Two rooms", "About.", 50, "rooms.json")
    expected_walls = np.ones((6, 9), dtype=bool)
    expected_walls[1:5, 1:8] = False
    expected_walls[2, 2] = True
    assert level.walls.dtype == bool and (level.walls == expected_walls).all()
    assert level.procedural == Procedural(random_walls=0.25, maze=True, randomized_goal_percent=40.0)
    assert level.rewards == {"coin": RewardRule(2.5, True), "red ball": RewardRule(-1.0, False)}
    agent, gold, red, blue = level.entities
    assert (agent.id, agent.kind, agent.at, agent.region, agent.colour, agent.shape, agent.excluded) == \
        ("agent", "agent", (1, 1), (Cells(((1, 1),)),), None, None, ())
    assert (gold.id, gold.kind, gold.at, gold.colour, gold.shape) == ("gold", "coin", (4, 7), None, None)
    assert gold.region == (Rect(top=1, left=5, bottom=4, right=7),)
    assert gold.excluded == (Cells(((1, 5), (2, 6))), Near("agent", 2))
    assert (red.id, red.kind, red.at, red.colour, red.shape) == ("marker", "marker", (3, 3), "red", "ball")
    assert red.region == (Near("gold", 1), AnyFree())
    assert (blue.id, blue.colour, blue.shape, blue.region) == ("marker_2", "blue", "gem", (Cells(((3, 4),)),))


def test_defaults_for_what_a_file_leaves_out():
    data = {"format": 1, "map": ROOM, "entities": [{"kind": "agent", "at": [1, 1]}, {"kind": "coin", "at": [5, 5]}]}
    level = level_from_dict(data, "levels/My Room.json")
    assert (level.name, level.description, level.max_steps) == ("My Room", "", 64)
    assert level.procedural == Procedural(random_walls=0.0, maze=False, randomized_goal_percent=0.0)
    assert level.rewards == {"coin": RewardRule(1.0, True)}
    assert level_from_dict(data).name == "Untitled"
    assert level_from_dict(data, "odd\x07name.json").name == "oddname"
    assert level_from_dict(data, "x" * 150 + ".json").name == "x" * 100
    assert level_from_dict({**data, "procedural": {}}).procedural == Procedural(0.0, False, 0.0)
    assert level_from_dict({**data, "rewards": {"coin": {"reward": 3}}}).rewards == {"coin": RewardRule(3.0, False)}
    assert level_from_dict({**data, "rewards": {}}).rewards == {}


def test_entities_without_an_id_get_one_no_other_entity_has():
    data = open_room()
    data["entities"] += [{"kind": "coin", "id": "coin_2", "at": [2, 2]}, {"kind": "coin", "at": [3, 3]},
                         {"kind": "key", "at": [4, 4]}, {"kind": "coin", "at": [2, 4]}]
    assert [e.id for e in level_from_dict(data).entities] == ["agent", "coin", "coin_2", "coin_3", "key", "coin_4"]
    data = open_room()
    data["entities"] = [{"kind": "agent", "at": [1, 1]}, {"kind": "coin", "at": [2, 2]},
                        {"kind": "coin", "id": "coin", "at": [3, 3]}, {"kind": "coin", "at": [4, 4]}]
    assert [e.id for e in level_from_dict(data).entities] == ["agent", "coin_2", "coin", "coin_3"]
    data["entities"][2]["id"] = "coin_3"
    assert [e.id for e in level_from_dict(data).entities] == ["agent", "coin", "coin_3", "coin_2"]


def test_an_implicit_id_may_repeat_an_explicit_one_only_through_a_suffix():
    data = open_room()
    data["entities"].append({"kind": "key", "id": "coin", "at": [2, 2]})
    assert [e.id for e in level_from_dict(data).entities] == ["agent", "coin_2", "coin"]


def test_entity_count_is_capped_at_256():
    cells = [[r, c] for r in range(1, 31) for c in range(1, 31)]
    data = room(32, 32)
    data["entities"] = [{"kind": "agent", "at": cells[0]}] + [{"kind": "coin", "at": cell} for cell in cells[1:256]]
    assert len(level_from_dict(data).entities) == 256
    data["entities"].append({"kind": "coin", "at": cells[256]})
    assert message(data) == "bad.json: field 'entities': has 257 entities; a level has at most 256"


def test_cells_listed_in_all_regions_together_are_capped():
    grid = [[r, c] for r in range(32) for c in range(32)]
    data = room(32, 32)
    data["entities"] = [{"kind": "agent", "at": [1, 1]}] + [
        {"kind": "coin", "at": [1 + i // 30, 1 + i % 30], "region": {"cells": grid}} for i in range(1, 65)]
    assert len(level_from_dict(data).entities) == 65  # 64 x 1024 = 65,536 cells: the most allowed
    data["entities"][0]["region"] = [{"cells": [[1, 1]]}]
    assert message(data) == \
        "bad.json: field 'entities[64].region.cells': the level's regions list more than 65536 cells in all"


def test_a_file_that_is_not_json_names_the_line_and_column():
    with pytest.raises(LevelError) as caught:
        parse_level_text('{\n  "format": 1,\n  "map": [\n}', "broken.json")
    assert str(caught.value) == "broken.json: line 4: not valid JSON: Expecting value (column 1)"
    assert (caught.value.line, caught.value.field) == (4, "")
    with pytest.raises(LevelError) as caught:
        parse_level_text('{"format": 1 "map": []}')
    assert str(caught.value) == "<level>: line 1: not valid JSON: Expecting ',' delimiter (column 14)"
    with pytest.raises(LevelError) as caught:
        parse_level_text("[" * 100_000, "deep.json")
    assert str(caught.value) == "deep.json: not valid JSON: nested too deeply"
    assert caught.value.line is None


def test_numbers_too_long_to_read_are_refused_by_their_field():
    text = json.dumps(open_room()).replace('"max_steps": 32', '"max_steps": ' + "9" * 31)
    with pytest.raises(LevelError) as caught:
        parse_level_text(text, "long.json")
    assert str(caught.value) == "long.json: field 'max_steps': a 31-digit number is out of range (1 to 10000)"
    text = json.dumps(open_room()).replace('"max_steps": 32', '"max_steps": ' + "9" * 30)
    with pytest.raises(LevelError) as caught:
        parse_level_text(text, "long.json")
    assert str(caught.value) == "long.json: field 'max_steps': " + "9" * 30 + " is out of range (1 to 10000)"


def test_parsing_text_gives_the_level_with_its_source():
    level = parse_level_text(json.dumps(open_room()), "hand.json")
    assert (level.name, level.source, level.max_steps) == ("Room", "hand.json", 32)
    assert parse_level_text(json.dumps(open_room())).source == "<level>"


def test_file_problems_name_the_file(tmp_path):
    with pytest.raises(LevelError) as caught:
        load_level(tmp_path / "absent.json")
    assert str(caught.value) == f"{tmp_path / 'absent.json'}: cannot read the file: No such file or directory"
    (tmp_path / "binary.json").write_bytes(b'{"name": "\xff"}')
    with pytest.raises(LevelError) as caught:
        load_level(tmp_path / "binary.json")
    assert str(caught.value) == f"{tmp_path / 'binary.json'}: not UTF-8 text (byte 10)"
    (tmp_path / "big.json").write_bytes(b" " * (4 * 2**20 + 1))
    with pytest.raises(LevelError) as caught:
        load_level(tmp_path / "big.json")
    assert str(caught.value) == f"{tmp_path / 'big.json'}: is 4 MB, more than the 4 MB allowed"
    (tmp_path / "bad.json").write_text(json.dumps(changed(max_steps=0)))
    with pytest.raises(LevelError) as caught:
        load_level(tmp_path / "bad.json")
    assert str(caught.value) == f"{tmp_path / 'bad.json'}: field 'max_steps': 0 is out of range (1 to 10000)"


def test_a_file_of_exactly_the_size_limit_is_read(tmp_path):
    path = tmp_path / "padded.json"
    text = json.dumps(open_room())
    path.write_text(text + " " * (4 * 2**20 - len(text)))
    assert os.path.getsize(path) == 4 * 2**20
    assert load_level(path).name == "Room"
    assert read_text_file(path).startswith('{"format": 1')
    with pytest.raises(LevelError) as caught:
        read_text_file(path, limit=100)
    assert str(caught.value) == f"{path}: is 4 MB, more than the 0 KB allowed"


def test_reading_text_decodes_utf8(tmp_path):
    (tmp_path / "cafe.json").write_bytes("Café".encode("utf-8"))
    assert read_text_file(tmp_path / "cafe.json") == "Café"


def test_load_checks_the_level_unless_told_not_to(tmp_path):
    data = open_room()
    data["map"][4] = "#######"  # the coin on row 5 cannot be reached
    path = tmp_path / "split.json"
    path.write_text(json.dumps(data))
    with pytest.raises(LevelError) as caught:
        load_level(path)
    assert str(caught.value) == f"{path}: field 'entities[1].at': row 5, column 5: coin cannot be reached from " \
                                f"the agent start"
    level = load_level(path, check=False)
    assert (level.source, level.entities[1].at) == (str(path), (5, 5))


def test_an_episode_file_gives_its_placement_and_is_checked(tmp_path):
    data = open_room()
    data["entities"].append({"kind": "key", "at": [2, 3]})
    data["entities"][1]["region"] = "any"
    path = tmp_path / "episode.json"
    path.write_text(json.dumps(data))
    episode = load_episode(path)
    assert episode.agent == (1, 1)
    assert episode.cells_of(1) == [(5, 5)] and episode.cells_of(2) == [(2, 3)]
    data["map"][4] = "#######"
    path.write_text(json.dumps(data))
    with pytest.raises(LevelError) as caught:
        load_episode(path)
    assert str(caught.value) == f"{path}: field 'entities[1].at': row 5, column 5: coin cannot be reached from " \
                                f"the agent start"


SAVED = """\
{
  "format": 1,
  "name": "Café",
  "description": "Line one\\nline two",
  "map": [
    "#######",
    "#.....#",
    "#.#...#",
    "#.....#",
    "#.....#",
    "#.....#",
    "#######"
  ],
  "entities": [
    {
      "id": "agent",
      "kind": "agent",
      "at": [1, 1]
    },
    {
      "id": "gold",
      "kind": "coin",
      "at": [5, 5],
      "region": {
        "rows": [3, 5],
        "cols": [1, 5]
      },
      "except": [
        {
          "cells": [
            [3, 1],
            [4, 1]
          ]
        },
        {
          "near": "agent",
          "within": 2
        }
      ]
    },
    {
      "id": "marker",
      "kind": "marker",
      "colour": "red",
      "shape": "ball",
      "at": [2, 4],
      "region": [
        {
          "near": "gold"
        },
        "any"
      ]
    },
    {
      "id": "key",
      "kind": "key",
      "at": [1, 5],
      "region": {
        "cells": [
          [1, 5],
          [1, 4]
        ]
      }
    }
  ],
  "procedural": {
    "random_walls": 0.1,
    "maze": false,
    "randomized_goal_percent": 25.0
  },
  "rewards": {
    "coin": {
      "reward": 1.0,
      "ends_episode": true
    },
    "red ball": {
      "reward": -0.5,
      "ends_episode": false
    }
  },
  "max_steps": 40
}
"""


def saved_level_data() -> dict:
    data = open_room(name="Café", description="Line one\nline two", max_steps=40,
                     procedural={"random_walls": 0.1, "randomized_goal_percent": 25},
                     rewards={"coin": {"reward": 1, "ends_episode": True}, "red ball": {"reward": -0.5}})
    data["map"][2] = "#.#...#"
    data["entities"] = [
        {"kind": "agent", "at": [1, 1]},
        {"kind": "coin", "id": "gold", "at": [5, 5], "region": {"rows": [3, 5], "cols": [1, 5]},
         "except": [{"cells": [[3, 1], [4, 1]]}, {"near": "agent", "within": 2}]},
        {"kind": "marker", "colour": "red", "at": [2, 4], "region": [{"near": "gold", "within": 1}, "any"]},
        {"kind": "key", "at": [1, 5], "region": {"cells": [[1, 5], [1, 4]]}},
    ]
    return data


def test_a_saved_file_is_laid_out_for_reading_and_diffs(tmp_path):
    level = level_from_dict(saved_level_data())
    assert level_to_json(level) == SAVED
    save_level(level, tmp_path / "saved.json")
    assert (tmp_path / "saved.json").read_bytes() == SAVED.encode("utf-8")


def test_the_dict_form_keeps_a_person_s_key_order():
    data = level_to_dict(level_from_dict(saved_level_data()))
    assert list(data) == ["format", "name", "description", "map", "entities", "procedural", "rewards", "max_steps"]
    assert [list(item) for item in data["entities"]] == [
        ["id", "kind", "at"], ["id", "kind", "at", "region", "except"],
        ["id", "kind", "colour", "shape", "at", "region"], ["id", "kind", "at", "region"]]


def test_only_two_number_lists_in_json_dumps_layout_are_put_on_one_line():
    assert _collapse_short_lists('[\n  -1,\n  2.5\n]') == "[-1, 2.5]"
    assert _collapse_short_lists('"a": [\n    3,\n    -7\n  ]') == '"a": [3, -7]'
    assert _collapse_short_lists('[\n  1,\n  2,\n  3\n]') == '[\n  1,\n  2,\n  3\n]'
    assert _collapse_short_lists('[\n  "a",\n  2\n]') == '[\n  "a",\n  2\n]'
    assert _collapse_short_lists('[3,\n  4\n]') == '[3,\n  4\n]'


def test_a_failed_save_names_the_file_and_the_reason(tmp_path, monkeypatch):
    path = tmp_path / "level.json"

    def refuse(*args):
        raise OSError("the disk went away")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(LevelError) as caught:
        write_bytes_atomic(path, b"{}")
    assert str(caught.value) == f"{path}: could not save: the disk went away; the old file is unchanged"

    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(LevelError) as caught:
        save_level(level_from_dict(open_room()), path)
    assert str(caught.value) == f"{path}: could not save: No space left on device; the old file is unchanged"
