"""Painting with the mouse, as a person would: tools, strokes, regions, refusals, undo."""
from __future__ import annotations

import numpy as np
import pygame
import pygame_gui

from sandbox.env import rendering
from tests.ui.conftest import click_widget, drag, frames, pixel, press_key


def test_number_keys_and_buttons_choose_the_tool(app):
    press_key(app, pygame.K_4, "4")
    assert app.state.tool == "coin"
    click_widget(app, app.side.tools.buttons["region"])
    assert app.state.tool == "region"
    assert app.side.tools.buttons["region"].is_selected and not app.side.tools.buttons["coin"].is_selected


def test_dragging_the_wall_tool_paints_a_line_of_walls(app):
    press_key(app, pygame.K_1, "1")
    drag(app, [(2, 2), (2, 5)])  # one jump of three cells: the cells in between are painted too
    assert app.document.level.walls[2, 2:6].all()
    assert not app.document.level.walls[3, 2:6].any()
    assert np.allclose(pixel(app, (2, 4)), rendering.WALL_RGB, atol=30)
    assert app.document.dirty and "*" in app.status.right_text


def test_right_drag_erases(app):
    press_key(app, pygame.K_1, "1")
    drag(app, [(3, 2), (3, 6)])
    drag(app, [(3, 3), (3, 5)], button=3)
    walls = app.document.level.walls
    assert walls[3, 2] and walls[3, 6] and not walls[3, 3:6].any()
    assert np.allclose(pixel(app, (3, 4)), rendering.FLOOR_RGB, atol=12)


def test_painting_a_training_region_shades_it(app):
    press_key(app, pygame.K_4, "4")
    drag(app, [(4, 7)])  # clicking the coin with the coin tool selects it
    assert app.state.selected_id == "coin"
    before = pixel(app, (2, 4))
    press_key(app, pygame.K_8, "8")
    drag(app, [(1, 4), (3, 4)])
    coin = app.document.level.entity("coin")
    mask = rendering.region_cells(app.document.level, app.document.level.entities.index(coin))
    assert mask[1:4, 4].all() and mask[1:8, 7].all()
    after = pixel(app, (2, 4))
    assert after[2] < before[2] - 40  # tinted towards the coin's yellow
    drag(app, [(2, 4)], button=3)  # right button takes a cell out again
    mask = rendering.region_cells(app.document.level, app.document.level.entities.index(coin))
    assert mask[1, 4] and not mask[2, 4] and mask[3, 4]


def test_a_wall_on_the_agent_start_is_refused_with_a_hint(app):
    press_key(app, pygame.K_1, "1")
    drag(app, [(4, 1)])
    assert not app.document.level.walls[4, 1]
    assert app.status.refusal and "agent start" in app.status.text
    rect = app.canvas.cell_rect((4, 1))
    assert tuple(app.screen.get_at((rect.x + 1, rect.centery)))[:3] == (220, 50, 50)  # the cell flashes red
    assert not app.document.history.can_undo


def test_undo_and_redo_with_ctrl_z_and_ctrl_y(app):
    original = app.document.level.walls.copy()
    press_key(app, pygame.K_1, "1")
    drag(app, [(2, 2), (2, 4)])
    drag(app, [(6, 2), (6, 4)])
    painted = app.document.level.walls.copy()
    press_key(app, pygame.K_z, "z", pygame.KMOD_CTRL)
    assert app.document.level.walls[2, 2:5].all() and not app.document.level.walls[6, 2:5].any()
    press_key(app, pygame.K_z, "z", pygame.KMOD_CTRL)
    assert np.array_equal(app.document.level.walls, original) and not app.document.dirty
    press_key(app, pygame.K_y, "y", pygame.KMOD_CTRL)
    press_key(app, pygame.K_z, "z", pygame.KMOD_CTRL | pygame.KMOD_SHIFT)
    assert np.array_equal(app.document.level.walls, painted)
    assert np.allclose(pixel(app, (6, 3)), rendering.WALL_RGB, atol=30)


def test_placing_and_moving_a_marker(app):
    press_key(app, pygame.K_7, "7")
    drag(app, [(2, 3), (2, 5)])  # placed on the first cell, then dragged along
    marker = next(e for e in app.document.level.entities if e.kind == "marker")
    assert (marker.colour, marker.at) == ("red", (2, 5))
    press_key(app, pygame.K_2, "2")
    drag(app, [(2, 5)])
    assert all(e.kind != "marker" for e in app.document.level.entities)


def test_a_slider_edit_is_one_undo_step(app):
    slider = app.side.distribution.sliders["random_walls"][0]
    for value in (0.2, 0.25, 0.3):
        pygame.event.post(pygame.event.Event(pygame_gui.UI_HORIZONTAL_SLIDER_MOVED, ui_element=slider, value=value))
        frames(app, 1)
    assert app.document.level.procedural.random_walls == 0.3
    press_key(app, pygame.K_z, "z", pygame.KMOD_CTRL)
    assert app.document.level.procedural.random_walls == 0.14
    assert slider.get_current_value() == 0.14



def test_walling_the_coin_in_shows_a_warning_before_training(app):
    assert "Ready to train" in app.side.distribution.warning.html_text
    press_key(app, pygame.K_1, "1")
    drag(app, [(1, 6), (7, 6)])
    app.document.wait_for_check(10)
    assert app.document.warning is not None and "cannot be reached" in app.document.warning
    frames(app, 1)
    assert "Cannot train yet" in app.side.distribution.warning.html_text
    press_key(app, pygame.K_z, "z", pygame.KMOD_CTRL)
    app.document.wait_for_check(10)
    assert app.document.warning is None
