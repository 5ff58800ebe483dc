"""The Placement dialog, driven with clicks: "within k steps of" and "never within k steps of" the
other things, refused when the thing's own cell breaks the rule, undoable, and drawn on the canvas."""
from __future__ import annotations

import pygame

from sandbox.ui.placement_dialog import PlacementDialog
from sandbox.world import Cells, Near, tiles
from tests.ui.conftest import click_widget, drag, frames, pixel, press_key
from tests.ui.test_window_chrome import open_menu

RED = tiles.COLOUR_RGB["red"]


def place_red_ball(app, cell=(4, 5)) -> None:
    press_key(app, pygame.K_7, "7")
    drag(app, [cell])
    assert app.state.selected_id == "red_ball"


def open_dialog(app) -> PlacementDialog:
    click_widget(app, app.side.tools.place_button)
    dialog = app.dialogs.top
    assert isinstance(dialog, PlacementDialog)
    return dialog


def choose(app, menu, option: str) -> None:
    click_widget(app, open_menu(app, menu)[option])
    assert menu.selected_option[0] == option


def redness(app, cell) -> int:
    r, g, b = pixel(app, cell)
    return r - g


def test_the_button_waits_for_a_selection(app):
    assert not app.side.tools.place_button.is_enabled
    place_red_ball(app)
    frames(app, 2)
    assert app.side.tools.place_button.is_enabled


def test_within_two_steps_of_the_coin_replaces_the_painted_cell(app):
    place_red_ball(app)
    before = {cell: redness(app, cell) for cell in [(2, 7), (3, 6), (4, 4), (1, 7)]}
    dialog = open_dialog(app)
    assert [o[0] if isinstance(o, tuple) else o for o in dialog.near_target.options_list] == [
        "(its painted cells)", "start", "coin"]
    choose(app, dialog.near_steps, "2")
    choose(app, dialog.near_target, "coin")
    click_widget(app, dialog.apply_button)
    frames(app, 3)
    ball = app.document.level.entity("red_ball")
    assert ball.region == (Near("coin", 2),) and ball.excluded == ()
    assert not app.dialogs.is_open
    # The coin is at (4, 7): (2, 7) and (3, 6) are two steps away and now tinted red; (1, 7) is three.
    after = {cell: redness(app, cell) for cell in before}
    assert after[(2, 7)] > before[(2, 7)] + 30 and after[(3, 6)] > before[(3, 6)] + 30
    assert after[(1, 7)] == before[(1, 7)] and after[(4, 4)] == before[(4, 4)]
    press_key(app, pygame.K_z, "z", pygame.KMOD_CTRL)
    assert app.document.level.entity("red_ball").region == (Cells(((4, 5),)),)


def test_a_rule_its_own_cell_breaks_is_refused_and_the_dialog_stays(app):
    place_red_ball(app, (4, 3))
    dialog = open_dialog(app)
    choose(app, dialog.near_target, "coin")
    click_widget(app, dialog.apply_button)
    assert app.status.refusal
    assert app.status.message == ("The red ball (red_ball) stands 4 steps from coin: move it within 1 first, "
                                  "or allow more steps.")
    assert app.dialogs.top is dialog and app.document.level.entity("red_ball").region == (Cells(((4, 3),)),)
    choose(app, dialog.near_steps, "4")
    click_widget(app, dialog.apply_button)
    assert app.document.level.entity("red_ball").region == (Near("coin", 4),)


def test_never_within_keeps_the_painted_cells_and_reopens_with_the_rule(app):
    place_red_ball(app, (2, 3))
    dialog = open_dialog(app)
    choose(app, dialog.away_steps, "3")
    choose(app, dialog.away_target, "coin")
    click_widget(app, dialog.apply_button)
    ball = app.document.level.entity("red_ball")
    assert ball.region == (Cells(((2, 3),)),) and ball.excluded == (Near("coin", 3),)
    dialog = open_dialog(app)
    assert dialog.rules() == (None, ("coin", 3))
    click_widget(app, dialog.cancel_button)
    assert not app.dialogs.is_open
