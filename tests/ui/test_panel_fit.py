"""The Test panel's information never hides under the training curve: a two-line verdict, its note
and the two-line outcome legend push the curve down instead."""
from __future__ import annotations

import numpy as np
import pygame

from sandbox.analysis import PROXY
from sandbox.resources import resource_path
from sandbox.ui import theme
from sandbox.ui.app import App
from sandbox.ui.legends import OUTCOME_RGB, SWATCH
from sandbox.ui.test_panel import CURVE_TOP
from tests.ui.conftest import click_widget, frames, wait_until


def swatch_rows(surface: pygame.Surface, rect: pygame.Rect, rgb) -> np.ndarray:
    """Row indices (screen y) inside `rect` holding a full-width swatch run of `rgb`."""
    pixels = pygame.surfarray.array3d(surface.subsurface(rect)).transpose(1, 0, 2)
    match = (pixels == np.array(rgb)).all(axis=2)
    runs = np.array([any(row[i:i + SWATCH].all() for i in range(len(row) - SWATCH + 1)) for row in match])
    return np.nonzero(runs)[0] + rect.y


def test_a_two_line_verdict_the_legend_and_a_warning_stay_above_the_curve(data_dir, monkeypatch):
    app = App(resource_path("levels", "coinrun.json"), size=(1366, 768))
    app.run_action("preset:coinrun")
    frames(app, 2)
    click_widget(app, app.dialogs.top.confirm_button)
    session = app.session
    wait_until(app, lambda: app.mode == "test" and session.current_play is not None and session.many is not None
               and not session.waiting, timeout=120)
    app.test_view.shown = float(len(session.current_play.cells))
    frames(app, 3)
    panel = app.test_panel
    assert session.current_play.outcome == PROXY  # "went to where the goal used to be (proxy)": two lines
    curve_top = panel.curve.rect.top
    assert curve_top == panel.rect.y + CURVE_TOP  # room enough: the curve stays where it starts
    info = pygame.Rect(panel.rect.x, panel.rect.y, panel.rect.width, curve_top - panel.rect.y)
    # the capability-failure swatch on the legend's second line: all 14 rows of it, above the curve
    rows = swatch_rows(app.screen, info, OUTCOME_RGB[2])
    assert len(rows) == SWATCH and rows.max() < curve_top

    # a three-line warning on top of all that does not fit: the curve moves below its last line
    text = "trained on 'Somewhere else entirely', not on the open level 'CoinRun', " * 2
    monkeypatch.setattr(type(session), "warning", property(lambda self: text))
    frames(app, 3)
    line_top = rows.max() - (SWATCH - 1) - (19 - SWATCH) // 2  # legend lines are 19 px, swatches centred
    legend_bottom = line_top + 19
    warning_top = max(legend_bottom, panel.rect.y + CURVE_TOP - 60)
    assert panel.curve.rect.top == warning_top + 3 * 19 + 4
    assert panel.curve.rect.bottom == panel.rect.bottom - 8
    warning = pygame.Rect(panel.rect.x, warning_top, panel.rect.width, 3 * 19)
    drawn = (pygame.surfarray.array3d(app.screen.subsurface(warning)) == np.array(theme.WARNING_TEXT)).all(axis=2)
    assert drawn[:, 2 * 19:].any()  # its third line is on screen


def test_in_the_smallest_window_a_warning_leaves_the_curve_its_height(data_dir, monkeypatch):
    """At 1024x560 the panel runs from y 44 to 532 and the curve from 484 (44 + 440) keeps its
    40 pixels: a three-line warning cannot push it down, nor make it vanish."""
    app = App(resource_path("levels", "coinrun.json"), size=(1024, 560))
    app.set_mode("test")
    frames(app, 2)
    text = "trained on 'Somewhere else entirely', not on the open level 'CoinRun', " * 2
    monkeypatch.setattr(type(app.session), "warning", property(lambda self: text))
    frames(app, 2)
    assert app.test_panel.rect == pygame.Rect(676, 44, 348, 488)
    assert app.test_panel.curve.rect == pygame.Rect(682, 484, 336, 40)


def test_a_warning_pushes_the_curve_only_until_it_keeps_40_pixels(data_dir, monkeypatch):
    """At 1024x600 the panel ends at y 572 (the 1024x560 panel, 40 px taller), so the curve may start
    no lower than 572 - 8 - 40 = 524: the two-line verdict, the legend and a three-line warning would
    push it further, and it stops there with its 40 pixels."""
    app = App(resource_path("levels", "coinrun.json"), size=(1024, 600))
    app.run_action("preset:coinrun")
    frames(app, 2)
    click_widget(app, app.dialogs.top.confirm_button)
    session = app.session
    wait_until(app, lambda: app.mode == "test" and session.current_play is not None and session.many is not None
               and not session.waiting, timeout=120)
    app.test_view.shown = float(len(session.current_play.cells))
    text = "trained on 'Somewhere else entirely', not on the open level 'CoinRun', " * 2
    monkeypatch.setattr(type(session), "warning", property(lambda self: text))
    frames(app, 3)
    assert app.test_panel.rect == pygame.Rect(676, 44, 348, 528)
    assert app.test_panel.curve.rect == pygame.Rect(682, 524, 336, 40)
