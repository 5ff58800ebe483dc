"""The window's data folder gone wrong: an autosave that cannot be opened is kept under another
name and the user is told, a folder in the autosave's place does not stop the editor, and an
unusable data folder makes Ctrl+S explain itself instead of crashing the window."""
from __future__ import annotations

import os

import pygame
import pytest

from sandbox.resources import levels_dir
from sandbox.ui import autosave
from sandbox.ui.app import App
from sandbox.world import level_from_dict, load_level, save_level
from tests.badinput.cli_run import run_main
from tests.conftest import open_room
from tests.ui.conftest import data_dir, frames, level_copy, pick_in_file_dialog, press_key  # noqa: F401 (fixtures)


@pytest.fixture
def unusable_data_dir(tmp_path, monkeypatch):
    """A data folder that cannot be created (its parent is a file): what a read-only home gives,
    and it holds even when the tests run as root, for whom permission bits do not."""
    (tmp_path / "blocker").write_text("not a folder")
    folder = tmp_path / "blocker" / "data"
    monkeypatch.setenv("GOALPOST_DATA_DIR", str(folder))
    return folder


def open_window(level_path):
    app = App(level_path)
    frames(app)
    return app


def close_window(app: App) -> None:
    app.close()
    pygame.display.quit()


def message_text(app: App) -> str:
    top = app.dialogs.top
    assert top is not None, "no dialog is open"
    return top.text_block.html_text if hasattr(top, "text_block") else str(top)


@pytest.mark.parametrize("content", [
    '{"format": 2, "name": "From the future", "map": [], "entities": []}',
    '{"format": 1, "map": ["#####"',
    "\xff\xfe not text",
])
def test_an_autosave_that_cannot_be_opened_is_kept_and_reported(data_dir, level_copy, content):
    data_dir.mkdir()
    (data_dir / "autosave.json").write_bytes(content.encode("utf-8", "surrogateescape"))
    app = open_window(level_copy)
    try:
        kept = list(data_dir.glob("autosave-unopened-*.json"))
        assert len(kept) == 1 and kept[0].read_bytes() == content.encode("utf-8", "surrogateescape")
        assert not (data_dir / "autosave.json").exists()
        assert "kept as" in message_text(app) and kept[0].name in message_text(app)
        assert app.document.path == level_copy
    finally:
        close_window(app)


def test_an_autosave_fifo_neither_blocks_nor_is_deleted(data_dir, level_copy):
    data_dir.mkdir()
    os.mkfifo(data_dir / "autosave.json")
    app = open_window(level_copy)
    try:
        assert len(list(data_dir.glob("autosave-unopened-*.json"))) == 1
        assert "not a regular file" in message_text(app)
    finally:
        close_window(app)


def test_a_folder_in_the_autosave_place_does_not_stop_the_editor(data_dir, level_copy):
    (data_dir / "autosave.json").mkdir(parents=True)
    (data_dir / "autosave.json" / "mine.txt").write_text("keep me")
    app = open_window(level_copy)
    try:
        assert "is a folder" in message_text(app)
        app.dialogs.close_top()
        app.files.quit(lambda: None)  # closing clears the autosave: the folder must survive it
        assert (data_dir / "autosave.json" / "mine.txt").read_text() == "keep me"
    finally:
        close_window(app)


def test_main_starts_with_a_folder_in_the_autosave_place(tmp_path):
    (tmp_path / "data" / "autosave.json").mkdir(parents=True)
    outcome = run_main("--exit-after-frames", "5", cwd=tmp_path)
    assert outcome.code == 0 and "Traceback" not in outcome.err, outcome.err


@pytest.mark.parametrize("start", ["new", "preset"])
def test_ctrl_s_with_an_unusable_data_folder_explains_and_lets_the_user_choose(unusable_data_dir, tmp_path, start):
    app = open_window(levels_dir() / "coinrun.json")
    try:
        if start == "new":
            app.files.new()
        press_key(app, pygame.K_s, "s", pygame.KMOD_CTRL)
        assert app.running
        assert "Cannot use the levels folder" in app.status.message and str(unusable_data_dir) in app.status.message
        assert app.dialogs.is_open  # the file picker, at the home folder
        target = tmp_path / "mine.json"
        pick_in_file_dialog(app, target)
        assert load_level(target, check=False) == app.document.level
    finally:
        close_window(app)


def test_saving_into_an_unusable_folder_is_a_message_and_keeps_the_work(level_copy, tmp_path, data_dir):
    app = open_window(level_copy)
    try:
        app.files.save_to(tmp_path / "blocked" / "mine.json")  # the folder does not exist
        assert app.running and "Cannot save here" in app.dialogs.top.window_display_title
        assert "could not save" in message_text(app) and "mine.json" in message_text(app)
        assert app.document.path == level_copy
    finally:
        close_window(app)


def test_autosave_into_an_unusable_data_folder_is_reported_not_raised(unusable_data_dir, level_copy):
    app = open_window(level_copy)
    try:
        said = []
        app.files.on_message = lambda text, refusal: said.append(text)
        app.document.apply("wall", lambda level: level.walls.__setitem__((2, 2), True))
        frames(app, 2, dt=4.0)
        assert app.running and any("Autosave failed" in text for text in said), said
    finally:
        close_window(app)


def test_read_autosave_reports_nothing_when_there_is_none(data_dir):
    assert autosave.read_autosave() == (None, None)
    data_dir.mkdir()
    save_level(level_from_dict(open_room()), data_dir / "autosave.json")
    level, notice = autosave.read_autosave()
    assert level is not None and level.name == "Room" and notice is None
