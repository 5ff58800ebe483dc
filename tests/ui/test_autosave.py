"""The autosave file on its own: where it goes, that it holds the level, and what a damaged one does."""
from __future__ import annotations

import json

from sandbox.resources import levels_dir
from sandbox.ui import autosave
from sandbox.world import level_from_dict, load_level


def test_the_autosave_holds_the_level_and_reads_back_equal(data_dir):
    level = load_level(levels_dir() / "maze.json")
    autosave.write_autosave(level)
    path = data_dir / "autosave.json"
    assert autosave.autosave_path() == path
    data = json.loads(path.read_text())
    assert data["name"] == level.name and len(data["map"]) == level.shape[0]
    assert level_from_dict(data) == level
    loaded, notice = autosave.read_autosave()
    assert loaded == level and notice is None
    autosave.clear_autosave()
    assert not path.exists() and autosave.read_autosave() == (None, None)


def test_a_damaged_autosave_is_kept_aside_and_the_user_told(data_dir):
    data_dir.mkdir()
    (data_dir / "autosave.json").write_text('{"format": 1, "map": [')
    level, notice = autosave.read_autosave()
    [kept] = data_dir.glob("autosave-unopened-*.json")
    assert level is None and str(kept) in notice and "cannot be opened" in notice
    assert kept.read_text() == '{"format": 1, "map": [' and not (data_dir / "autosave.json").exists()


def test_levels_folder_is_made_inside_the_data_folder(data_dir):
    assert autosave.data_dir() == data_dir
    folder = autosave.levels_folder()
    assert folder == data_dir / "levels" and folder.is_dir()


def test_the_autosave_makes_missing_folders_and_is_rewritten_in_place(tmp_path, monkeypatch):
    folder = tmp_path / "nested" / "data"  # neither folder exists yet
    monkeypatch.setenv("GOALPOST_DATA_DIR", str(folder))
    first, second = (load_level(levels_dir() / f"{name}.json") for name in ("coinrun", "maze"))
    autosave.write_autosave(first)
    autosave.write_autosave(second)
    assert autosave.read_autosave()[0] == second
    autosave.clear_autosave()
    autosave.clear_autosave()  # nothing left to clear is not an error
    assert not (folder / "autosave.json").exists()


def test_unfinished_work_comes_back_even_when_it_would_not_load_as_a_level(data_dir):
    level = load_level(levels_dir() / "coinrun.json")
    level.walls[3, 7] = level.walls[5, 7] = level.walls[4, 6] = True  # the coin at (4, 7) walled in
    autosave.write_autosave(level)
    assert autosave.read_autosave()[0] == level  # not refused as unsolvable: it is work in progress
