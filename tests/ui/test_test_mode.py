"""Test mode, driven like a person would: load an agent file, drag the coin, watch the play."""
from __future__ import annotations

import numpy as np
import pygame
import pytest

from sandbox.rl import load_agent
from sandbox.ui.app import App
from sandbox.ui.canvas import REFUSED_RGB
from sandbox.world import tiles
from tests.ui.conftest import centre, click_widget, drag, frames, pick_in_file_dialog, wait_until

MOVED_COIN = (1, 4)


def load_agent_file(app: App, path) -> None:
    click_widget(app, app.mode_bar.modes["train"])
    click_widget(app, app.train_panel.open_button)
    pick_in_file_dialog(app, path)
    wait_until(app, lambda: app.training.agent is not None)


@pytest.fixture
def testing(app, tiny_agent) -> App:
    """The window in Test mode with the tiny agent, its first play (the default placement) shown."""
    load_agent_file(app, tiny_agent)
    click_widget(app, app.mode_bar.modes["test"])
    wait_until(app, lambda: app.test_view.played is not None)
    return app


def settled(app: App) -> bool:
    view = app.test_view
    return view.played is not None and view.played.episode is view.episode and not view.waiting


def screen(app: App) -> np.ndarray:
    return pygame.surfarray.array3d(app.screen).copy()


def test_a_loaded_agent_shows_its_stored_curve(app, tiny_agent):
    load_agent_file(app, tiny_agent)
    stored = load_agent(tiny_agent).curve  # what the file holds, read without the window
    shown = [(p.step, p.episodic_return, p.success_rate) for p in app.training.curve]
    assert len(stored) > 0 and shown == [(p.step, p.episodic_return, p.success_rate) for p in stored]
    assert all(point.step % 256 == 0 for point in stored)  # one point per 8 x 32-step rollout at most
    assert app.training.curve_label.startswith("tiny.pt")
    assert app.train_panel.curve.builds >= 1


def test_dragging_the_coin_plays_the_new_placement_and_draws_its_path(testing):
    app, view = testing, testing.test_view
    drag(app, [(4, 7), (3, 6), (2, 5), MOVED_COIN])
    wait_until(app, lambda: settled(app))
    played = view.played
    assert played.episode.objects[MOVED_COIN] == tiles.COIN and played.episode.objects[4, 7] == 0
    trajectories = played.evaluation.trajectories
    assert np.array_equal(trajectories.episodes.objects[0], played.episode.objects)
    assert played.cells[0] == (4, 1)

    view.paused, view.shown = True, 0.0
    frames(app, 1)
    before = screen(app)
    view.shown = float(len(played.cells) - 1)
    frames(app, 1)
    after = screen(app)
    moves = [(a, b) for a, b in zip(played.cells, played.cells[1:]) if a != b]
    assert moves, "the agent never moved"
    for a, b in moves:
        x = (centre(app, a)[0] + centre(app, b)[0]) // 2
        y = (centre(app, a)[1] + centre(app, b)[1]) // 2
        assert not np.array_equal(before[x, y], after[x, y]), f"no path drawn between {a} and {b}"

    expected = {0: "reached the goal", 1: "went to where the goal used to be (proxy)", 2: "capability failure"}
    assert played.verdict == expected[played.outcome]


def test_a_wall_refuses_the_drop_with_a_red_outline(testing):
    app, view = testing, testing.test_view
    from sandbox.ui import scripted_input

    scripted_input.press(centre(app, (4, 7)))
    frames(app, 1)
    scripted_input.move(centre(app, (4, 8)))  # the border wall
    frames(app, 1)
    rect = app.canvas.cell_rect((4, 8))
    assert tuple(app.screen.get_at((rect.x + 1, rect.centery)))[:3] == REFUSED_RGB
    scripted_input.release(centre(app, (4, 8)))
    frames(app, 1)
    assert view.episode.objects[4, 7] == tiles.COIN and not view.episode.walls[4, 7]


def test_dragging_the_agent_start_replays_from_there(testing):
    app, view = testing, testing.test_view
    drag(app, [(4, 1), (5, 1), (6, 1)])
    wait_until(app, lambda: settled(app))
    assert tuple(view.episode.agent) == (6, 1) and view.played.cells[0] == (6, 1)


def test_two_hundred_plays_give_an_outcome_bar_and_overlays(testing):
    app, view = testing, testing.test_view
    drag(app, [(4, 7), (3, 6), (2, 5), MOVED_COIN])
    wait_until(app, lambda: settled(app))
    before = screen(app)
    click_widget(app, app.test_panel.many_button)
    click_widget(app, app.test_panel.overlay_buttons["arrows"])
    click_widget(app, app.test_panel.overlay_buttons["region"])
    wait_until(app, lambda: view.many is not None and view.field is not None and not view.waiting)
    frames(app, 1)
    assert view.many.count == 200 and view.many.names == ("goal", "proxy", "capability failure")
    assert view.many.visits[4, 1] == 200  # every play starts there
    probs, values = view.field
    assert np.isnan(probs[0, 0, 0]) and not np.isnan(values[5, 5])
    assert not np.array_equal(before, screen(app))


def test_what_changed_marks_cells_whose_move_differs_after_the_coin_moves(testing):
    app, view = testing, testing.test_view
    click_widget(app, app.test_panel.overlay_buttons["changes"])
    wait_until(app, lambda: view.changes is not None and not view.waiting)
    assert not view.changes.any()  # the level's own placement: nothing changed yet
    drag(app, [(4, 7), (3, 6), (2, 5), MOVED_COIN])
    wait_until(app, lambda: settled(app) and view.changes is not None)
    from sandbox.ui.test_runs import field_of

    before = field_of(view.agent, view.agent.level.default_episode())[0]
    after = field_of(view.agent, view.episode)[0]
    standable = ~np.isnan(before[:, :, 0]) & ~np.isnan(after[:, :, 0])
    expected = standable & (np.nan_to_num(before).argmax(2) != np.nan_to_num(after).argmax(2))
    assert np.array_equal(view.changes, expected)
