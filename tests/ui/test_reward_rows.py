"""The Rewards rows: coin, key and chest, and a row for one marker look at a time, chosen from the
level's markers, typed into as a person would and saved into a file that loads back."""
from __future__ import annotations

import shutil
from pathlib import Path

import pygame
import pytest

from sandbox.ui.app import App
from sandbox.world import RewardRule, load_level
from tests.ui.conftest import click_widget, drag, frames, press_key
from tests.ui.test_window_chrome import open_menu

MARKER_LEVEL = Path(__file__).parents[1] / "analysis" / "levels" / "marker_corner.json"


@pytest.fixture
def marker_app(data_dir, tmp_path):
    path = tmp_path / "marker_corner.json"
    shutil.copy(MARKER_LEVEL, path)
    window = App(path)
    frames(window)
    yield window
    window.close()
    pygame.display.quit()


def type_into(app, entry, text: str) -> None:
    click_widget(app, entry)
    for char in text:
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=char))
        frames(app, 1)
    frames(app, 2)


def test_the_marker_row_shows_the_rewarded_look(marker_app):
    rows = marker_app.side.distribution
    assert rows.marker_menu.selected_option[0] == "Red ball"
    assert rows.marker_entry.get_text() == "1" and rows.marker_ends.get_state()
    assert rows.rewards["coin"][0].get_text() == ""


def test_choosing_another_look_and_typing_prices_it_and_the_file_keeps_it(marker_app):
    rows = marker_app.side.distribution
    options = open_menu(marker_app, rows.marker_menu)
    assert list(options) == ["Red ball", "Green box"]
    click_widget(marker_app, options["Green box"])
    frames(marker_app, 2)  # the menu reports the choice a frame after it closes
    assert rows.marker_look == "green box"
    assert rows.marker_entry.get_text() == "" and not rows.marker_ends.get_state()
    type_into(marker_app, rows.marker_entry, "-0.5")
    level = marker_app.document.level
    assert level.rewards["green box"] == RewardRule(-0.5, True)
    assert level.rewards["red ball"] == RewardRule(1.0, True)
    click_widget(marker_app, rows.marker_ends)
    assert marker_app.document.level.rewards["green box"] == RewardRule(-0.5, False)
    press_key(marker_app, pygame.K_s, "s", pygame.KMOD_CTRL)
    saved = load_level(marker_app.document.path)
    assert saved.rewards == {"red ball": RewardRule(1.0, True), "green box": RewardRule(-0.5, False)}


def test_without_markers_the_row_waits_for_one(app):
    rows = app.side.distribution
    assert rows.marker_menu.selected_option[0] == "Marker"
    assert not rows.marker_menu.is_enabled and not rows.marker_entry.is_enabled
    press_key(app, pygame.K_7, "7")
    drag(app, [(2, 4)])
    frames(app, 2)
    assert rows.marker_menu.selected_option[0] == "Red ball" and rows.marker_entry.is_enabled
