"""Train mode: training from the window in the background, its live curve, pause, stop, failures."""
from __future__ import annotations

import os

import numpy as np
import pygame

from sandbox.rl import PPOConfig
from sandbox.ui import training_run
from sandbox.ui.training_run import FAILED, FINISHED, PAUSED, RUNNING
from tests.ui.conftest import click_widget, frames, pixel, tiny_config, wait_until, drag


def start_training(app, steps: str = "400000") -> None:
    click_widget(app, app.mode_bar.modes["train"])
    app.train_panel.steps_entry.set_text(steps)
    click_widget(app, app.train_panel.train_button)


def curve_pixels(app) -> np.ndarray:
    return pygame.surfarray.array3d(app.screen.subsurface(app.train_panel.curve.rect)).copy()


def test_training_shows_a_live_curve_and_pauses_and_stops(app, monkeypatch):
    monkeypatch.setattr(training_run, "make_config", tiny_config)
    start_training(app)
    wait_until(app, lambda: len(app.training.curve) >= 2)
    first = curve_pixels(app)
    seen = len(app.training.curve)
    wait_until(app, lambda: len(app.training.curve) > seen + 2)
    assert not np.array_equal(first, curve_pixels(app))
    assert app.training.steps_per_second > 0 and app.training.time_left is not None
    assert app.training.step >= app.training.curve[-1].step > 0  # progress counted in steps, not seconds

    click_widget(app, app.mode_bar.modes["test"])  # tests the newest snapshot while training goes on
    wait_until(app, lambda: app.training.agent is not None and app.test_view.played is not None)
    assert app.training.agent.label.startswith("snapshot at") and app.training.state == RUNNING
    click_widget(app, app.mode_bar.modes["train"])

    click_widget(app, app.train_panel.pause_button)
    assert app.training.state == PAUSED and app.train_panel.pause_button.text == "Resume"
    click_widget(app, app.train_panel.pause_button)
    assert app.training.state == RUNNING

    click_widget(app, app.train_panel.stop_button)
    wait_until(app, lambda: app.training.state == FINISHED and app.training.agent is not None)
    assert app.training.agent.level.shape == app.document.level.shape
    assert "finished" in " ".join(text for text, _ in app.train_panel.status_lines())


def test_a_failing_training_shows_its_error_and_the_window_keeps_working(app, monkeypatch):
    class BrokenConfig(PPOConfig):
        def to_dict(self) -> dict:
            return {**super().to_dict(), "no_such_setting": 1}  # refused inside the training process

    monkeypatch.setattr(training_run, "make_config", lambda steps: BrokenConfig(total_steps=steps))
    start_training(app)
    wait_until(app, lambda: app.training.state == FAILED)
    assert "no_such_setting" in app.training.error
    assert "Training failed" in app.status.text
    lines = " ".join(text for text, _ in app.train_panel.status_lines())
    assert "no_such_setting" in lines
    assert app.train_panel.train_button.is_enabled  # another run can start
    click_widget(app, app.mode_bar.modes["edit"])
    before = pixel(app, (2, 3))
    drag(app, [(2, 3)])
    assert pixel(app, (2, 3)) != before  # the editor still paints


def test_closing_the_window_ends_the_training_process(app, monkeypatch):
    monkeypatch.setattr(training_run, "make_config", tiny_config)
    start_training(app)
    wait_until(app, lambda: app.training.state == RUNNING)
    pid = app.training._process.pid
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    frames(app, 1)
    assert app.running and "stops training" in app.dialogs.top.confirmation_text.html_text
    click_widget(app, app.dialogs.top.confirm_button)
    assert not app.running
    app.close()
    assert not os.path.exists(f"/proc/{pid}") or "zombie" in open(f"/proc/{pid}/status").read().lower()
