"""The workshop demo advances through its steps on posted keys and ends in the 200-play outcome bar."""
from __future__ import annotations

import pygame
import pytest

from sandbox.resources import resource_path
from sandbox.ui.app import App
from sandbox.ui.demo import Presenter
from sandbox.world import tiles
from tests.ui.conftest import frames, press_key, wait_until


@pytest.fixture
def demo(data_dir):
    app = App(resource_path("levels", "coinrun.json"))
    app.presenter = Presenter(app, "coinrun")
    wait_until(app, lambda: app.presenter.index == 0)
    yield app
    app.close()
    pygame.display.quit()


def test_keys_step_through_the_walk_through(demo):
    presenter, view = demo.presenter, demo.test_view
    assert demo.mode == "edit" and demo.samples.visible
    press_key(demo, pygame.K_RIGHT)
    assert presenter.index == 1 and demo.mode == "train"
    press_key(demo, pygame.K_RIGHT)
    assert presenter.index == 2 and demo.mode == "test" and view.episode == presenter.move.before
    press_key(demo, pygame.K_RIGHT)
    target = presenter.move.target
    wait_until(demo, lambda: not presenter._drag and view.episode.objects[target] == tiles.COIN)
    press_key(demo, pygame.K_RIGHT)
    press_key(demo, pygame.K_RIGHT)
    assert presenter.index == 5
    wait_until(demo, lambda: view.many is not None)
    assert view.episode.objects[target] == tiles.COIN and view.many.count == 200
    press_key(demo, pygame.K_RIGHT)
    assert presenter.index == 6  # CoinRun's story ends with a second agent (tests/ui/test_demo_comparison.py)
    press_key(demo, pygame.K_RIGHT)
    assert presenter.index == 0 and demo.samples.visible  # it loops
    press_key(demo, pygame.K_LEFT)
    assert presenter.index == 6


def test_space_pauses_the_script_and_escape_ends_it(demo):
    press_key(demo, pygame.K_SPACE)
    assert demo.presenter.paused
    frames(demo, 3, dt=5.0)
    assert demo.presenter.index == 0
    press_key(demo, pygame.K_SPACE)
    frames(demo, 2, dt=5.0)
    assert demo.presenter.index == 1
    press_key(demo, pygame.K_ESCAPE)
    assert not demo.running
