"""Two agents in Test mode, driven by posted events: pick the second from the Compare menu, drag the
coin, and both play the new placement with the same action noise; their trails show in their own
colours, side by side on a wide window and on one canvas on a narrow one."""
from __future__ import annotations

import math

import numpy as np
import pygame
import pytest

from sandbox.resources import resource_path
from sandbox.ui.app import App
from sandbox.ui.overlays import FADE_STEPS, PATH_RGB, SECOND_PATH_RGB
from sandbox.ui.test_panel import AGENT_FILE, COMPARE_PROMPT, KEEP_AGENT
from sandbox.ui.test_view import SHARED_CANVAS_SHIFT
from sandbox.world import tiles
from tests.ui.conftest import click_widget, drag, frames, pick_in_file_dialog, wait_until
from tests.ui.test_test_mode import load_agent_file
from tests.ui.test_window_chrome import open_menu

MOVED_COIN = (1, 4)  # off the rightmost column, where the coin always was in training
PROXY_VERDICT, GOAL_VERDICT = "went to where the goal used to be (proxy)", "reached the goal"


def window(data_dir, level_copy, size):
    app = App(level_copy, size=size)
    frames(app)
    load_agent_file(app, resource_path("agents", "coinrun.pt"))
    click_widget(app, app.mode_bar.modes["test"])
    wait_until(app, lambda: app.session.current_play is not None)
    return app


def opened(data_dir, level_copy, size: tuple[int, int]):
    app = window(data_dir, level_copy, size)
    yield app
    app.close()
    pygame.display.quit()


@pytest.fixture
def wide(data_dir, level_copy):
    yield from opened(data_dir, level_copy, (1366, 768))


@pytest.fixture
def narrow(data_dir, level_copy):
    yield from opened(data_dir, level_copy, (1024, 640))


def choose(app: App, option: str) -> None:
    """Open the Compare menu and click one of its options, as a mouse would."""
    options = open_menu(app, app.test_panel.compare_menu)
    assert list(options) == [COMPARE_PROMPT, "coinrun.pt", "coinrun_random25.pt", "colour_cue.pt",
                             "keys_chests.pt", "maze.pt", AGENT_FILE, KEEP_AGENT]
    click_widget(app, options[option])


def both_settled(app: App) -> bool:
    session = app.session
    return session.current_play is not None and session.second_play is not None and not session.waiting


def compare_greedily_on_the_moved_coin(app: App) -> None:
    """The shipped pair, greedy (so what is checked is each agent's habit, not a lucky sample), after
    dragging the coin off its training column."""
    choose(app, "coinrun_random25.pt")
    wait_until(app, lambda: app.session.second is not None and both_settled(app))
    click_widget(app, app.test_panel.greedy_button)
    wait_until(app, lambda: both_settled(app))
    drag(app, [(4, 7), (3, 6), (2, 5), MOVED_COIN])
    wait_until(app, lambda: both_settled(app) and app.session.episode.objects[MOVED_COIN] == tiles.COIN)


def unique_edges(cells: list, other: list) -> list[tuple[int, tuple, tuple]]:
    """(step index, from, to) of moves that cross an edge once in `cells` and never in `other`."""
    def edge(a, b):
        return frozenset((a, b))
    mine = [edge(a, b) for a, b in zip(cells, cells[1:]) if a != b]
    theirs = {edge(a, b) for a, b in zip(other, other[1:]) if a != b}
    return [(index, a, b) for index, (a, b) in enumerate(zip(cells, cells[1:]))
            if a != b and mine.count(edge(a, b)) == 1 and edge(a, b) not in theirs]


def midpoint(canvas, a, b, shift: float) -> tuple[int, int]:
    tile, (x0, y0) = canvas.tile, canvas.origin
    return (int(x0 + ((a[1] + b[1]) / 2 + 0.5 + shift) * tile), int(y0 + ((a[0] + b[0]) / 2 + 0.5 + shift) * tile))


def assert_trail_drawn(app: App, before: np.ndarray, canvas, cells, other, rgb, shift: float) -> int:
    """At the middle of each move only this trail makes, the screen shows the trail's colour laid
    over the floor with the fading alpha of that move; returns how many moves were checked."""
    after = pygame.surfarray.array3d(app.screen)
    last = len(cells) - 1
    checked = 0
    for index, a, b in unique_edges(cells, other):
        x, y = midpoint(canvas, a, b, shift)
        alpha = int(60 + 195 * math.exp(-(last - index - 1) / FADE_STEPS)) / 255
        expected = before[x, y] * (1 - alpha) + np.array(rgb) * alpha
        assert np.abs(after[x, y] - expected).max() <= 3, f"move {a}->{b}: {after[x, y]} is not {expected}"
        checked += 1
    return checked


def screens_before_and_after(app: App) -> tuple[np.ndarray, np.ndarray]:
    view = app.test_view
    view.paused, view.shown = True, 0.0
    frames(app, 1)
    before = pygame.surfarray.array3d(app.screen).astype(float)
    view.shown = float(view._last_step)
    frames(app, 1)
    return before, pygame.surfarray.array3d(app.screen)


def test_the_coinrun_pair_side_by_side_goes_two_ways_on_the_moved_coin(wide):
    app, session, view = wide, wide.session, wide.test_view
    compare_greedily_on_the_moved_coin(app)
    first, second = session.current_play, session.second_play
    assert first.episode is session.episode and second.episode is session.episode  # one drag, both replayed
    assert first.cells[0] == second.cells[0] == (4, 1)
    assert first.cells[-1][1] == 7 and first.verdict == PROXY_VERDICT  # it ran to the old coin column
    assert second.cells[-1] == MOVED_COIN and second.verdict == GOAL_VERDICT
    assert first.cells != second.cells

    assert view.layout.side_by_side and view.canvas.tile >= 40 and view.second_canvas.tile == view.canvas.tile
    assert view.second_canvas.rect.left >= view.canvas.rect.right
    before, _ = screens_before_and_after(app)
    checked = assert_trail_drawn(app, before, view.canvas, first.cells, [], PATH_RGB, 0.0)
    checked_second = assert_trail_drawn(app, before, view.second_canvas, second.cells, [], SECOND_PATH_RGB, 0.0)
    assert checked >= 4 and checked_second >= 4


def test_the_narrow_window_draws_both_trails_on_one_canvas(narrow):
    app, session, view = narrow, narrow.session, narrow.test_view
    compare_greedily_on_the_moved_coin(app)
    first, second = session.current_play, session.second_play
    assert first.verdict == PROXY_VERDICT and second.verdict == GOAL_VERDICT
    assert not view.layout.side_by_side and view.canvases == [view.canvas]
    before, _ = screens_before_and_after(app)
    checked = assert_trail_drawn(app, before, view.canvas, first.cells, second.cells, PATH_RGB, 0.0)
    checked_second = assert_trail_drawn(app, before, view.canvas, second.cells, first.cells, SECOND_PATH_RGB,
                                        SHARED_CANVAS_SHIFT)
    assert checked >= 3 and checked_second >= 3


def test_two_hundred_plays_run_for_both_and_the_second_agent_can_be_removed(narrow):
    app, session = narrow, narrow.session
    choose(app, "coinrun_random25.pt")
    wait_until(app, lambda: session.second is not None and both_settled(app))
    drag(app, [(4, 7), (3, 6), (2, 5), MOVED_COIN])
    wait_until(app, lambda: both_settled(app))
    click_widget(app, app.test_panel.many_button)
    wait_until(app, lambda: session.many is not None and session.second.many is not None and not session.waiting)
    assert session.many.count == session.second.many.count == 200
    assert session.many.visits[4, 1] == session.second.many.visits[4, 1] == 200  # every play starts there
    assert session.many.shares[1] > 0.8 and session.second.many.shares[0] > 0.8  # proxy for one, goal for the other
    assert app.test_panel.remove_button.is_enabled
    click_widget(app, app.test_panel.remove_button)
    assert session.second is None and app.test_view.layout is None
    assert app.test_panel.compare_menu.selected_option[0] == COMPARE_PROMPT
    frames(app, 2)
    assert not app.test_panel.remove_button.is_enabled and app.test_view.canvases == [app.test_view.canvas]


def test_the_same_agent_kept_beside_itself_plays_the_same_sampled_moves(wide):
    """Both agents play with the same action-noise seed: one policy twice gives one trail twice."""
    app, session = wide, wide.session
    choose(app, KEEP_AGENT)
    wait_until(app, lambda: session.second is not None and both_settled(app))
    assert not session.greedy
    drag(app, [(4, 7), (3, 6), (2, 5), MOVED_COIN])
    wait_until(app, lambda: both_settled(app))
    assert session.second.agent is session.agent
    assert session.current_play.cells == session.second_play.cells
    assert session.second.curve == [s for s in app.training.curve if s.step <= session.agent.step]


def test_an_agent_file_of_another_grid_size_is_refused_with_a_message(wide):
    app = wide
    choose(app, AGENT_FILE)
    wait_until(app, lambda: app.dialogs.top is not None)
    pick_in_file_dialog(app, resource_path("agents", "maze.pt"))
    wait_until(app, lambda: not app.session.waiting)
    frames(app, 2)
    assert app.session.second is None and app.status.refusal
    assert app.status.message == ("Cannot compare with maze.pt, 7,995,392 steps: it was trained on a 11x11 grid and "
                                  "the open level is 9x9; both agents must play the same grid size")


def test_an_agent_of_another_level_of_the_same_size_is_named_with_its_training(wide):
    app = wide
    choose(app, "colour_cue.pt")
    wait_until(app, lambda: app.session.second is not None and both_settled(app))
    from sandbox.ui.second_agent import trained_with

    assert trained_with(app.session.second.agent, app.session.agent) == "trained with ColourCue, 0% randomized coins"
    assert trained_with(app.session.agent, app.session.second.agent) == "trained with CoinRun, 0% randomized coins"


def test_a_recording_frame_holds_both_canvases_and_their_trails(wide):
    app, view = wide, wide.test_view
    compare_greedily_on_the_moved_coin(app)
    screens_before_and_after(app)  # both plays drawn to their ends: the newest moves are fully opaque
    frame = app.stage.recording_frame(app.screen)
    shown = view.occupied
    assert frame.shape[0] >= shown.height and frame.shape[1] >= shown.width
    assert shown.contains(view.canvas.picture_rect) and shown.contains(view.second_canvas.picture_rect)
    for rgb in (PATH_RGB, SECOND_PATH_RGB):
        assert np.all(frame == np.array(rgb, np.uint8), axis=2).any(), f"no {rgb} trail in the recording"
