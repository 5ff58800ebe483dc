"""Trained agents are never overwritten and the window says where they went; Save As names the level;
Train refuses a level that cannot be trained; opening a preset leaves it unmodified."""
from __future__ import annotations

import pygame

from sandbox.resources import resource_path
from sandbox.ui import folders, training_run
from sandbox.ui.training_run import FINISHED
from tests.ui.conftest import click_widget, drag, frames, pick_in_file_dialog, press_key, tiny_config, wait_until
from tests.ui.test_test_mode import load_agent_file


def test_every_run_gets_a_new_file_named_after_the_level_and_time(data_dir):
    first = training_run.agent_path("My level!", now=0.0)
    first.parent.mkdir(parents=True)
    first.write_bytes(b"an earlier agent")
    second = training_run.agent_path("My level!", now=0.0)
    assert first.name.startswith("My_level-") and second != first and second.name.startswith(first.stem)
    assert training_run.agent_path("My level!", now=3600.0).name != first.name


def test_two_runs_keep_two_agents_and_the_panel_shows_where_with_an_open_folder_action(app, monkeypatch):
    monkeypatch.setattr(training_run, "make_config", tiny_config)
    opened = []
    monkeypatch.setattr(folders.subprocess, "Popen", lambda command, **kwargs: opened.append(command))
    saved = []
    for _ in range(2):
        click_widget(app, app.mode_bar.modes["train"])
        app.train_panel.steps_entry.set_text("512")
        click_widget(app, app.train_panel.train_button)
        wait_until(app, lambda: app.training.state == FINISHED and app.training.agent is not None
                   and app.training.saved_path not in saved)
        saved.append(app.training.saved_path)
    assert saved[0] != saved[1] and all(path.exists() for path in saved)
    assert saved[1].name.startswith("CoinRun-")
    frames(app, 2)
    assert app.train_panel.folder_button.is_enabled
    click_widget(app, app.train_panel.folder_button)
    assert opened and opened[-1][-1] == str(saved[1].parent)


def test_save_as_names_the_level_after_its_file(app, tmp_path):
    press_key(app, pygame.K_s, "s", pygame.KMOD_CTRL | pygame.KMOD_SHIFT)
    pick_in_file_dialog(app, tmp_path / "wide_room.json")
    assert app.document.level.name == "wide_room" and not app.document.dirty
    assert training_run.agent_path(app.document.level.name).name.startswith("wide_room-")


def test_an_agent_of_another_level_is_named_in_test_with_a_warning(app):
    load_agent_file(app, resource_path("agents", "colour_cue.pt"))
    click_widget(app, app.mode_bar.modes["test"])
    wait_until(app, lambda: app.session.current_play is not None)
    assert app.session.warning == "trained on 'ColourCue', not on the open level 'CoinRun'"
    panel = app.test_panel.rect
    warning = pygame.surfarray.array3d(app.screen.subsurface(pygame.Rect(panel.x, panel.y + 360, panel.width, 54)))
    assert ((abs(warning.astype(int) - (255, 200, 120)).sum(axis=2)) < 30).sum() > 20  # drawn in the warning colour


def test_train_refuses_with_the_reason_when_the_level_cannot_be_trained(app, monkeypatch):
    started = []
    monkeypatch.setattr(app.training, "start", lambda *args: started.append(args))
    press_key(app, pygame.K_1, "1")  # wall the coin in: (4, 7) closed off by walls around it
    drag(app, [(3, 7), (3, 6), (4, 6), (5, 6), (5, 7)])
    assert app.document.warning is not None
    click_widget(app, app.mode_bar.modes["train"])
    click_widget(app, app.train_panel.train_button)
    assert not started
    assert app.status.refusal and app.status.text.startswith("Cannot train yet")


def test_opening_a_preset_does_not_mark_it_modified(app):
    for preset in ("keys_chests", "colour_cue", "maze", "coinrun", "keys_chests"):
        app.run_action(f"preset:{preset}")
        frames(app, 4)
        assert not app.document.dirty, preset
        app.dialogs.close_top()  # the offer of the preset's shipped agent
        frames(app, 2)
        assert not app.dialogs.is_open
