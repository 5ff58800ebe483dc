"""The Train panel's time to the success target: the trend fit on hand-made curves, and the lines
the panel shows while a run goes and after it ends."""
from __future__ import annotations

from types import SimpleNamespace

import math

import numpy as np
import pygame

from sandbox.ui import training_run
from sandbox.ui.reward_curve import LABEL_SIZE, SUCCESS_RGB
from sandbox.ui.training_eta import steps_to_target
from sandbox.ui.training_run import FINISHED, RUNNING, CurveSample, curve_axis_end
from tests.ui.conftest import click_widget, tiny_config, wait_until


def test_a_halving_failure_rate_reaches_the_target_where_its_log_line_does():
    # failures 0.8, 0.4, 0.2, 0.1 at 40k..70k: halving every 10k, one more halving to 0.05 -> 10k steps
    assert math.isclose(steps_to_target([40_000, 50_000, 60_000, 70_000], [0.2, 0.6, 0.8, 0.9], 0.95), 10_000)


def test_the_trend_uses_the_second_half_of_the_run_and_skips_missing_ones():
    # a point at 10k lies before half of 70k, and a NaN (no episode ended) is not a point: same answer
    steps = [10_000, 40_000, 45_000, 50_000, 60_000, 70_000]
    success = [0.9, 0.2, float("nan"), 0.6, 0.8, 0.9]
    assert math.isclose(steps_to_target(steps, success, 0.95), 10_000)
    # failures 0.9 at 20k and 0.3 at 40k: with 40k the last step, 20k is in the half and changes the fit
    assert steps_to_target([20_000, 40_000, 50_000, 60_000, 70_000], [0.1, 0.7, 0.6, 0.8, 0.9], 0.95) != 10_000


def test_a_perfect_iteration_counts_as_a_tenth_of_a_percent_failure():
    # log failures ln 0.1, ln 0.01, then ln 0.001 (the floor) three times: the line ends below ln 0.05
    assert steps_to_target([40, 50, 60, 70, 80], [0.9, 0.99, 1.0, 1.0, 1.0], 0.95) == 0.0


def test_no_estimate_for_a_short_flat_or_rising_failure_curve():
    assert steps_to_target([10, 20, 30], [0.1, 0.2, 0.3], 0.95) is None  # three points: too few
    assert steps_to_target([10, 20, 30, 40, 50], [0.1, 0.1, 0.2, 0.3, 0.4], 0.95) is None  # 10 < half of 50
    assert steps_to_target([10, 20, 30, 40], [0.5, 0.5, 0.5, 0.5], 0.95) is None
    assert steps_to_target([10, 20, 30, 40], [0.8, 0.7, 0.6, 0.5], 0.95) is None
    assert steps_to_target([], [], 0.95) is None


RISING = [(40_000, 0.2), (50_000, 0.6), (60_000, 0.8), (70_000, 0.9)]
"""Failures 0.8, 0.4, 0.2, 0.1 at 40k-70k: halving every 10k, 0.05 at 80k."""


def running(app, curve, step=70_000, total=2_000_000, rate=5_000.0, until=95.0):
    app.set_mode("train")
    run = app.training
    run.state, run.step, run.total_steps, run.steps_per_second, run.until_percent = RUNNING, step, total, rate, until
    run.curve = [CurveSample(s, 0.0, r) for s, r in curve]
    run._since = None
    return " | ".join(text for text, _ in app.train_panel.status_lines())


def test_the_panel_shows_the_time_to_95_percent_and_to_the_step_cap(app):
    # 10k steps to go at 5,000 steps/s: 2 s; the cap is (2,000,000 - 70,000) / 5,000 = 386 s = 6:26
    lines = running(app, RISING)
    assert "95% success in about 0:02 (step cap in 6:26)" in lines
    lines = running(app, [(40_000, 0.5), (50_000, 0.5), (60_000, 0.5), (70_000, 0.5)])
    assert "Stops at 95% success or the step cap in 6:26" in lines
    # the cap comes first: 10k more steps would pass a cap 5k away
    lines = running(app, RISING, total=75_000)
    assert "Stops at 95% success or the step cap in 0:01" in lines
    lines = running(app, RISING, until=0.0)
    assert "Step cap in 6:26" in lines and "success in" not in lines
    app.training.state = "idle"


def test_the_panel_says_how_the_run_ended(app):
    app.set_mode("train")
    run = app.training
    run.state, run.until_percent, run.total_steps = RUNNING, 95.0, 2_000_000
    for reason, words in (("target", "The run reached 95% success."), ("step_cap", "The run finished its step cap."),
                          ("interrupted", "The run stopped.")):
        run.state = RUNNING
        run._on_done(SimpleNamespace(step=409_600, path=None, stopped=reason == "interrupted", reason=reason))
        assert run.state == FINISHED
        assert words in [text for text, _ in app.train_panel.status_lines()]
        assert f"Training {words[8:-1]} at 409,600 steps" in app.status.text


def test_an_empty_step_cap_trains_to_the_level_s_own_cap(app, monkeypatch):
    monkeypatch.setattr(training_run, "make_config", tiny_config)
    assert int((~app.document.level.walls).sum()) == 49  # the 9x9 room: 7x7 free cells
    click_widget(app, app.mode_bar.modes["train"])
    assert app.train_panel.steps_entry.get_text() == ""
    click_widget(app, app.train_panel.train_button)
    wait_until(app, lambda: app.training.step > 0)
    # 49 cells x 40k = 1.96M, rounded up to 2.0M; whole updates of 8 x 32 = 256 steps
    assert app.training.total_steps == 2_000_000 // 256 * 256
    assert app.training.until_percent == 95.0
    click_widget(app, app.train_panel.stop_button)
    wait_until(app, lambda: app.training.state == FINISHED)


def test_a_run_with_a_target_draws_its_curve_on_an_axis_just_past_its_newest_step():
    assert curve_axis_end(49_152, 1_998_848) == 60_000  # 54,067 wanted: 10k x 6
    assert curve_axis_end(507_904, 1_998_848) == 600_000  # 558,694 wanted: 100k x 6
    assert curve_axis_end(90_000, 1_998_848) == 100_000  # 99,000 wanted: 10k x 10
    assert curve_axis_end(1_900_000, 1_998_848) == 1_998_848  # 2.09M wanted, past the cap


def test_the_curve_fills_the_plot_while_a_run_with_a_target_goes(app):
    running(app, RISING)  # step 70k of a 2M cap: the axis ends at 80k, so the newest point is near the right
    app.step(1 / 60)
    assert success_reach(app, app.train_panel.curve, rows=LABEL_SIZE * 12) > 0.8
    app.training.state = "idle"


def success_reach(app, panel, rows: int | None = None) -> float:
    """How far across its plot (0 to 1) `panel`'s success line reaches: columns between the axis
    label margins (4 label sizes less 2 pixels each side; the right one's labels are in the line's
    colour), in the top `rows` of the picture, by default its upper half (the legend, which has a
    success-coloured sample, is at the bottom)."""
    side = 4 * panel.label_size - 2
    rows = panel.rect.height // 2 if rows is None else rows
    picture = pygame.surfarray.array3d(app.screen.subsurface(panel.rect))[side:-side, :rows]
    columns = np.flatnonzero(np.all(picture == SUCCESS_RGB, axis=2).any(axis=1))
    return columns.max() / picture.shape[0] if columns.size else 0.0


def test_a_finished_run_s_curve_fills_the_plot_in_test_mode_and_when_presenting(app):
    running(app, RISING)
    app.training.state = FINISHED  # stopped at 70k of a 2M cap: the axis ends at 80k
    app.set_mode("test")
    app.step(1 / 60)
    assert success_reach(app, app.test_panel.curve) > 0.8  # 70k of 80k; on a 2M axis it would be 0.035
    app.toggle_presenting()
    app.step(1 / 60)
    assert success_reach(app, app.stage.presentation.curve) > 0.8
    app.training.state = "idle"
