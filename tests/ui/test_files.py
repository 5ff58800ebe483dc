"""Saving, opening, broken files, presets, the autosave and closing with unsaved work."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap

import pygame
import pytest

from sandbox.resources import PROJECT_ROOT
from sandbox.ui import autosave
from sandbox.ui.app import App
from sandbox.world import level_from_dict, load_level, save_level
from tests.ui.conftest import click_widget, drag, frames, pick_in_file_dialog, press_key


def test_ctrl_s_saves_and_the_file_reopens_equal(app, level_copy):
    press_key(app, pygame.K_1, "1")
    drag(app, [(2, 2), (2, 5)])
    press_key(app, pygame.K_s, "s", pygame.KMOD_CTRL)
    assert not app.document.dirty
    assert load_level(level_copy) == app.document.level


def test_save_as_through_the_file_dialog(app, tmp_path):
    press_key(app, pygame.K_1, "1")
    drag(app, [(6, 3)])
    press_key(app, pygame.K_s, "s", pygame.KMOD_CTRL | pygame.KMOD_SHIFT)
    target = tmp_path / "mine.json"
    pick_in_file_dialog(app, target)
    assert app.document.path == target and not app.document.dirty
    edited = app.document.level
    press_key(app, pygame.K_n, "n", pygame.KMOD_CTRL)  # saved, so no question asked
    assert app.document.level != edited
    app.files.open_path(target)
    assert app.document.level == edited


def test_a_broken_file_shows_the_loader_message_and_keeps_the_level(app, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": 1, "map": ["#####", "#..#", "#...#", "#...#", "#####"], "entities": []}')
    before = app.document.level
    press_key(app, pygame.K_o, "o", pygame.KMOD_CTRL)
    pick_in_file_dialog(app, bad)
    message = app.dialogs.top
    assert message is not None and "row 1" in message.text_block.html_text and "bad.json" in message.text_block.html_text
    assert app.document.level is before


def test_a_preset_opens_from_the_menu_after_asking_about_unsaved_changes(app):
    press_key(app, pygame.K_1, "1")
    drag(app, [(2, 2)])
    app.run_action("preset:maze")
    frames(app, 1)
    assert app.document.level.name == "CoinRun" and app.dialogs.is_open
    click_widget(app, app.dialogs.top.confirm_button)
    assert app.document.level.name != "CoinRun" and app.document.level.shape == (11, 11)


def test_closing_with_unsaved_changes_asks_first(app, data_dir):
    press_key(app, pygame.K_1, "1")
    drag(app, [(2, 2)])
    frames(app, 2, dt=4.0)  # long enough for the autosave
    assert autosave.autosave_path() == data_dir / "autosave.json"
    saved = json.loads((data_dir / "autosave.json").read_text())
    assert saved["map"][2] == "#.#.....#"  # the wall just painted at (2, 2)
    assert level_from_dict(saved) == app.document.level
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    frames(app, 1)
    assert app.running and app.dialogs.is_open
    click_widget(app, app.dialogs.top.confirm_button)
    assert not app.running
    assert not autosave.autosave_path().exists()  # closing on purpose leaves no autosave


SIGNALLED_WINDOW = textwrap.dedent("""
    import os, sys, threading
    import pygame
    from sandbox.ui.app import App
    from tests.ui.conftest import drag, frames, press_key
    app = App(sys.argv[1])
    frames(app)
    press_key(app, pygame.K_1, "1")
    drag(app, [(2, 2)])
    assert app.document.dirty
    threading.Timer(0.5, os.kill, (os.getpid(), int(sys.argv[2]))).start()
    limit = app.frames + 600  # ten seconds at most: the signal comes after half of one
    app.run(exit_after_frames=limit)
    print(app.frames < limit, app.dialogs.is_open)
""")


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_terminate_signal_closes_at_once_and_keeps_unsaved_work(level_copy, tmp_path, number):
    """Logging out, `kill` or Ctrl+C in the terminal: nobody would answer a save prompt, so the
    window closes without one, and the unsaved level waits in the autosave for the next start."""
    data = tmp_path / "data"
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", GOALPOST_DATA_DIR=str(data))
    done = subprocess.run([sys.executable, "-c", SIGNALLED_WINDOW, str(level_copy), str(int(number))],
                          cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "False"]  # ended by the signal, before the frame limit, asking nothing
    assert json.loads((data / "autosave.json").read_text())["map"][2] == "#.#.....#"


def test_an_autosave_left_by_a_crash_is_offered_back(data_dir, level_copy):
    crashed = load_level(level_copy)
    crashed.walls[2, 2:6] = True
    data_dir.mkdir()
    save_level(crashed, data_dir / "autosave.json")
    app = App(level_copy)
    try:
        frames(app)
        assert app.dialogs.is_open and "Restore" in app.dialogs.top.window_display_title
        click_widget(app, app.dialogs.top.confirm_button)
        assert app.document.level.walls[2, 2:6].all() and app.document.dirty
    finally:
        pygame.display.quit()


def test_main_without_arguments_opens_the_window(tmp_path):
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", GOALPOST_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run([sys.executable, str(PROJECT_ROOT / "main.py"), "--exit-after-frames", "5"], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "goalpost-preview.png").exists()
