"""Level files: round trip, specific error messages, version refusal, atomic save."""
from __future__ import annotations

import json
import os

import pytest

from sandbox.world import LevelError, level_from_dict, level_to_dict, load_episode, load_level, save_level
from sandbox.world.level_file import parse_level_text
from tests.conftest import SHIPPED, open_room


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_save_then_load_gives_the_same_level(path, tmp_path):
    level = load_level(path)
    save_level(level, tmp_path / "copy.json")
    again = load_level(tmp_path / "copy.json")
    assert again == level
    assert level_to_dict(again) == level_to_dict(level)
    assert (again.walls == level.walls).all() and again.procedural == level.procedural


def test_saved_file_is_readable_text(tmp_path):
    save_level(load_level(SHIPPED[0]), tmp_path / "level.json")
    text = (tmp_path / "level.json").read_text()
    assert '"#########",' in text  # one map row per line
    assert '"at": [4, 1]' in text  # cells on one line


def _error(data, source="bad.json") -> LevelError:
    with pytest.raises(LevelError) as caught:
        level_from_dict(data, source)
    return caught.value


def test_unknown_map_character_names_row_and_column():
    data = open_room()
    data["map"][3] = "#..X..#"
    error = _error(data)
    assert (error.field, error.row, error.col) == ("map", 3, 3)
    assert "bad.json" in str(error) and "row 3, column 3" in str(error) and "'X'" in str(error)


def test_ragged_map_and_open_border_are_refused_with_their_row():
    data = open_room()
    data["map"][2] = "#....#"
    assert _error(data).row == 2
    data = open_room()
    data["map"][0] = "###.###"
    error = _error(data)
    assert (error.row, error.col) == (0, 3) and "outer ring" in str(error)


@pytest.mark.parametrize("mutate, field, words", [
    (lambda d: d.update(format=2), "format", "newer"),
    (lambda d: d.pop("format"), "format", "missing"),
    (lambda d: d["entities"].append({"kind": "dragon", "at": [2, 2]}), "entities[2].kind", "dragon"),
    (lambda d: d["entities"][1].update(at=[0, 0]), "entities[1].at", "wall"),
    (lambda d: d["entities"][1].update(at=[1, 1]), "entities[1].at", "shares"),
    (lambda d: d["entities"][1].update(at=[9, 1]), "entities[1].at[0]", "out of range"),
    (lambda d: d["entities"].pop(0), "entities", "exactly one agent"),
    (lambda d: d.update(max_steps="long"), "max_steps", "whole number"),
    (lambda d: d.update(procedural={"random_walls": 0.9}), "procedural.random_walls", "out of range"),
    (lambda d: d.update(procedural={"mazes": True}), "procedural", "unknown key 'mazes'"),
    (lambda d: d.update(rewards={"coin": {"reward": "one"}}), "rewards.coin.reward", "number"),
    (lambda d: d["entities"].append({"kind": "marker", "colour": "pink", "at": [2, 2]}),
     "entities[2].colour", "pink"),
    (lambda d: d["entities"][1].update(region={"rows": [1, 2]}), "entities[1].region", "region part"),
    (lambda d: d["entities"][1].update(region={"rows": [3, 1], "cols": [1, 1]}), "entities[1].region.rows[1]",
     "out of range"),
])
def test_field_mistakes_name_the_field(mutate, field, words):
    data = open_room()
    mutate(data)
    error = _error(data)
    assert error.field == field
    assert words in str(error) and "bad.json" in str(error)


def test_invalid_json_names_the_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "format": 1,\n  "map": [\n}')
    with pytest.raises(LevelError) as caught:
        load_level(path)
    assert caught.value.line == 4 and "broken.json" in str(caught.value) and "line 4" in str(caught.value)


def test_missing_file_and_binary_file_are_level_errors(tmp_path):
    with pytest.raises(LevelError, match="cannot read"):
        load_level(tmp_path / "absent.json")
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(LevelError, match="not UTF-8"):
        load_level(tmp_path / "binary.json")


def test_unreachable_coin_is_refused_at_load(tmp_path):
    data = open_room()
    data["map"][4] = "#######"  # a wall row splits the room: the coin (row 5) cannot be reached
    path = tmp_path / "split.json"
    path.write_text(json.dumps(data))
    with pytest.raises(LevelError) as caught:
        load_level(path)
    assert caught.value.field == "entities[1].at" and "cannot be reached" in str(caught.value)
    assert (caught.value.row, caught.value.col) == (5, 5)


def test_a_distribution_with_no_solvable_episode_is_refused_at_load():
    # 40% open cells is below the percolation threshold: corner-to-corner paths practically never exist
    data = open_room(21, procedural={"random_walls": 0.6})
    level = level_from_dict(data, "dense.json")
    from sandbox.world.validation import check_level

    with pytest.raises(LevelError) as caught:
        check_level(level)
    assert caught.value.field == "procedural" and "none of 512" in str(caught.value)


def test_region_problems_are_refused_at_load(tmp_path):
    from sandbox.world.validation import check_level

    data = open_room()
    data["entities"][1]["region"] = {"near": "ghost"}
    with pytest.raises(LevelError, match="unknown entity 'ghost'"):
        check_level(level_from_dict(data))
    data["entities"][1]["region"] = {"rows": [1, 2], "cols": [1, 2]}
    with pytest.raises(LevelError, match="outside its own training region"):
        check_level(level_from_dict(data))
    data["entities"][1]["region"] = {"near": "coin"}
    with pytest.raises(LevelError, match="itself"):
        check_level(level_from_dict(data))


def test_level_without_any_reward_is_refused():
    from sandbox.world.validation import check_level

    with pytest.raises(LevelError, match="positive reward"):
        check_level(level_from_dict(open_room(rewards={})))


def test_save_is_atomic_when_the_write_fails(tmp_path, monkeypatch):
    path = tmp_path / "level.json"
    level = level_from_dict(open_room())
    save_level(level, path)
    before = path.read_bytes()
    level.name = "Changed"

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(LevelError, match="No space left on device"):
        save_level(level, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["level.json"]  # no temporary file left behind


def test_episode_file_is_a_level_file_whose_cells_are_the_placement(tmp_path):
    data = open_room()
    data["entities"][1]["at"] = [1, 5]
    path = tmp_path / "episode.json"
    path.write_text(json.dumps(data))
    episode = load_episode(path)
    assert episode.agent == (1, 1) and episode.cells_of(1) == [(1, 5)]


def test_parse_text_round_trip_of_hand_written_file():
    text = json.dumps(open_room())
    level = parse_level_text(text, "hand.json")
    assert level.name == "Room" and level.shape == (7, 7) and level.max_steps == 32
    assert level.rewards["coin"].reward == 1.0 and level.rewards["coin"].ends_episode


def test_saving_never_rewrites_text_inside_strings(tmp_path):
    level = level_from_dict(open_room(description="cells like [3,4] stay as written"))
    save_level(level, tmp_path / "level.json")
    assert load_level(tmp_path / "level.json").description == "cells like [3,4] stay as written"


def test_saved_files_get_the_usual_permissions_not_private_ones(tmp_path):
    from sandbox import atomic_file

    save_level(level_from_dict(open_room()), tmp_path / "level.json")
    mode = (tmp_path / "level.json").stat().st_mode & 0o777
    assert mode == 0o666 & ~atomic_file._UMASK and mode != 0o600
