"""Bad level files given to `main.py render`: each is one clear line naming the file and the field,
exit code 2, no traceback, no hang and no runaway memory (see `cli_run`)."""
from __future__ import annotations

import json
import os

import pytest

from sandbox.world import level_from_dict, level_to_dict, load_level
from sandbox.world.level_file import MAX_ENTITIES
from tests.badinput.cli_run import assert_one_error_line as assert_clean_error, run_main
from tests.conftest import open_room

BIG = 32


def big_room(entities: list[dict]) -> dict:
    return open_room(BIG, entities=[{"kind": "agent", "at": [1, 1]}, *entities])


def coins(count: int, **fields) -> list[dict]:
    """`count` coins on distinct interior cells of a 32x32 room, row by row after the agent's cell."""
    cells = [(r, c) for r in range(1, BIG - 1) for c in range(1, BIG - 1)][1:count + 1]
    return [{"id": f"c{i}", "kind": "coin", "at": list(cell), **fields} for i, cell in enumerate(cells)]


def near_chain(count: int) -> dict:
    """Coin i is placed next to coin i + 1: the ordering of `near` references is a chain `count` long."""
    items = coins(count)
    for i, item in enumerate(items[:-1]):
        item["region"] = {"near": f"c{i + 1}"}
    return big_room(items)


def digits(count: int) -> str:
    return "9" * count


# name, file text (or bytes), words the one-line error must contain
CASES = {
    "empty": ("", ["not valid JSON"]),
    "not_utf8": (b"\xff\xfe{}", ["not UTF-8"]),
    "nested_100k": ("[" * 100_000 + "]" * 100_000, ["nested too deeply"]),
    "top_level_list": ("[]", ["expected an object"]),
    "format_newer": (json.dumps(open_room(format=2)), ["field 'format'", "newer"]),
    "long_int_max_steps": (json.dumps(open_room()).replace('"max_steps": 32', f'"max_steps": {digits(5000)}'),
                           ["field 'max_steps'", "5000-digit"]),
    "long_int_cell": (json.dumps(open_room()).replace('"at": [1, 1]', f'"at": [{digits(5000)}, 1]'),
                      ["field 'entities[0].at[0]'", "5000-digit"]),
    "long_int_format": (json.dumps(open_room()).replace('"format": 1', f'"format": -{digits(5000)}'),
                        ["field 'format'"]),
    "escape_in_name": (json.dumps(open_room(name="Room\x1b[2J\x1b[31mred")), ["field 'name'", "control character"]),
    "bell_in_name": (json.dumps(open_room(name="Room\x07")), ["field 'name'", "control character"]),
    "bidi_in_name": (json.dumps(open_room(name="Room\u202egnp.exe")), ["field 'name'", "control character"]),
    "escape_in_id": (json.dumps(open_room(entities=[{"kind": "agent", "at": [1, 1]},
                                                    {"id": "c\x1b[0m", "kind": "coin", "at": [5, 5]}])),
                     ["field 'entities[1].id'", "control character"]),
    "escape_in_description": (json.dumps(open_room(description="a\x1b]0;title\x07")), ["field 'description'"]),
    "name_too_long": (json.dumps(open_room(name="n" * 5000)), ["field 'name'", "at most 100"]),
    "too_many_entities": (json.dumps(big_room(coins(MAX_ENTITIES + 50))), ["field 'entities'", f"at most {MAX_ENTITIES}"]),
    "near_chain_800": (json.dumps(big_room(coins(800))), ["field 'entities'", f"at most {MAX_ENTITIES}"]),
    "cells_more_than_grid": (json.dumps(open_room(entities=[
        {"kind": "agent", "at": [1, 1]},
        {"kind": "coin", "at": [5, 5], "region": {"cells": [[5, 5]] * 200}}])), ["field 'entities[1].region.cells'", "49"]),
    "cells_in_all": (json.dumps(big_room(coins(80, region={"cells": [[r, c] for r in range(1, 31) for c in range(1, 31)]}))),
                     ["field 'entities[", "cells in all"]),
    "region_parts": (json.dumps(open_room(entities=[{"kind": "agent", "at": [1, 1]},
                                                    {"kind": "coin", "at": [5, 5], "region": ["any"] * 100}])),
                     ["field 'entities[1].region'", "at most 32"]),
    "duplicate_ids": (json.dumps(open_room(entities=[{"kind": "agent", "at": [1, 1]}, {"id": "x", "kind": "coin", "at": [5, 5]},
                                                     {"id": "x", "kind": "coin", "at": [4, 4]}])), ["two entities have the id 'x'"]),
    "nan_reward": (json.dumps(open_room(rewards={"coin": {"reward": float("nan")}})), ["field 'rewards.coin.reward'"]),
    "huge_float": (json.dumps(open_room(procedural={"random_walls": 0})).replace(
        '"random_walls": 0', '"random_walls": 1e999'), ["field 'procedural.random_walls'"]),
    "control_char_in_map": (json.dumps(open_room()).replace('"#.....#"', '"#..\\u001b..#"', 1), ["field 'map'", "row 1"]),
}


@pytest.mark.parametrize("name", CASES)
def test_bad_level_file_is_one_clear_line(name, tmp_path):
    content, words = CASES[name]
    path = tmp_path / f"{name}.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    assert_clean_error(run_main("render", str(path), "--out", str(tmp_path / "out.png"), cwd=tmp_path),
                       str(path), *words)
    assert not (tmp_path / "out.png").exists()


def test_over_the_size_cap_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.json"
    with open(path, "wb") as file:
        file.truncate(6 << 30)  # a sparse 6 GB file: reading it would blow the 3 GB memory limit
    assert_clean_error(run_main("render", str(path), cwd=tmp_path), str(path), "more than the 4 MB allowed")


def test_three_million_cells_are_refused_by_size(tmp_path):
    region = {"cells": [[1, 1]] * 3_000_000}
    path = tmp_path / "cells.json"
    path.write_text(json.dumps(open_room(entities=[{"kind": "agent", "at": [1, 1]},
                                                   {"kind": "coin", "at": [5, 5], "region": region}])))
    assert_clean_error(run_main("render", str(path), cwd=tmp_path), str(path), "allowed")


def test_a_missing_file_names_it(tmp_path):
    assert_clean_error(run_main("render", str(tmp_path / "absent.json"), cwd=tmp_path), "absent.json", "No such file")


def test_near_chain_at_the_entity_cap_loads_in_linear_time(tmp_path):
    """The old ordering was cubic: 800 chained entities took 105 s. At the cap it must be quick."""
    path = tmp_path / "chain.json"
    path.write_text(json.dumps(near_chain(MAX_ENTITIES - 1)))
    outcome = run_main("render", str(path), "--out", str(tmp_path / "out.png"), cwd=tmp_path, timeout=60)
    assert "Traceback" not in outcome.err and outcome.code in (0, 2), outcome.err


def test_generated_ids_never_collide_with_explicit_ones():
    level = level_from_dict(open_room(entities=[
        {"kind": "agent", "at": [1, 1]}, {"kind": "coin", "at": [5, 5]}, {"kind": "coin", "at": [4, 4]},
        {"id": "coin_2", "kind": "coin", "at": [3, 3]}, {"kind": "coin", "at": [2, 2]}]))
    ids = [entity.id for entity in level.entities]
    assert ids == ["agent", "coin", "coin_3", "coin_2", "coin_4"]
    assert level_from_dict(level_to_dict(level)) == level  # the saved ids load back


def test_unnamed_entity_before_an_explicit_one_does_not_rename_it():
    level = level_from_dict(open_room(entities=[
        {"kind": "agent", "at": [1, 1]}, {"kind": "coin", "at": [5, 5]}, {"id": "coin", "kind": "coin", "at": [4, 4]}]))
    assert [entity.id for entity in level.entities] == ["agent", "coin_2", "coin"]


def test_shipped_levels_still_load():
    from sandbox.resources import levels_dir
    for path in levels_dir().glob("*.json"):
        load_level(path)
