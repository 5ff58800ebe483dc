"""Test mode always shows the open level: opening a level, editing it or loading an agent resets the
Test session, checked in the session and on the screen's pixels (the window driven by posted events)."""
from __future__ import annotations

import numpy as np
import pygame

from sandbox.env import rendering
from sandbox.resources import levels_dir, resource_path
from sandbox.ui.test_panel import INFO_TOP
from sandbox.world import load_level, tiles
from tests.ui.conftest import click_widget, drag, frames, pick_in_file_dialog, press_key, wait_until
from tests.ui.test_test_mode import load_agent_file, settled

KEYS_CHESTS = levels_dir() / "keys_chests.json"


def enter_test(app) -> None:
    click_widget(app, app.mode_bar.modes["test"])
    wait_until(app, lambda: settled(app))


def still_frame(app) -> None:
    """Hold the play's animation at its start, so every object cell shows its tile (no path over it)."""
    view = app.test_view
    view.paused, view.shown = True, 0.0
    frames(app, 1)


def shown_object(app, cell: tuple[int, int]) -> int:
    """Which object code's tile the screen shows at `cell` (0 = floor): the tile image closest to
    the screen's pixels of that cell."""
    rect = app.canvas.cell_rect(cell)
    drawn = pygame.surfarray.array3d(app.screen.subsurface(rect)).transpose(1, 0, 2).astype(int)
    tiles_drawn = rendering.tile_set(rect.width)
    codes = (0, tiles.COIN, tiles.KEY, tiles.CHEST)
    return min(codes, key=lambda code: np.abs(tiles_drawn[code][:, :, :3].astype(int) - drawn).mean())


def assert_screen_shows(app, episode) -> None:
    height, width = episode.walls.shape
    for row in range(1, height - 1):
        for col in range(1, width - 1):
            if (row, col) == tuple(episode.agent) or episode.walls[row, col]:
                continue
            assert shown_object(app, (row, col)) == episode.objects[row, col], f"cell {(row, col)}"


def open_level_file(app, path) -> None:
    """Open a level through the Open dialog, declining the offer of a preset's shipped agent."""
    app.run_action("open")
    frames(app, 2)
    pick_in_file_dialog(app, path)
    wait_until(app, lambda: app.document.path is not None and app.document.path.name == path.name)
    while app.dialogs.is_open:
        app.dialogs.close_top()
        frames(app, 1)


def test_another_level_and_its_agent_replace_the_dragged_placement(app):
    load_agent_file(app, resource_path("agents", "coinrun.pt"))
    enter_test(app)
    drag(app, [(4, 7), (3, 6), (2, 5), (1, 4)])
    wait_until(app, lambda: settled(app))
    assert app.test_view.episode.objects[1, 4] == tiles.COIN

    click_widget(app, app.mode_bar.modes["edit"])
    open_level_file(app, KEYS_CHESTS)
    load_agent_file(app, resource_path("agents", "keys_chests.pt"))
    enter_test(app)
    expected = load_level(KEYS_CHESTS).default_episode()
    session = app.session
    assert session.level.name == "KeysChests" and session.episode == expected
    assert session.agent.level.name == "KeysChests" and session.warning is None
    still_frame(app)
    assert_screen_shows(app, expected)
    assert shown_object(app, (1, 4)) == 0  # the coin dragged there is gone


def test_opening_a_preset_while_in_test_shows_the_new_level(app):
    load_agent_file(app, resource_path("agents", "coinrun.pt"))
    enter_test(app)
    app.run_action("preset:keys_chests")
    frames(app, 2)
    assert app.dialogs.is_open  # the offer of the preset's own agent; declined here
    app.dialogs.close_top()
    frames(app, 2)
    expected = load_level(KEYS_CHESTS).default_episode()
    assert app.mode == "test" and app.session.episode == expected
    assert "CoinRun" in app.session.warning  # the coin agent is named as trained on another level
    still_frame(app)
    assert_screen_shows(app, expected)


def test_edits_in_edit_mode_reach_test_and_back_to_the_placement_keeps_them(app):
    open_level_file(app, KEYS_CHESTS)
    load_agent_file(app, resource_path("agents", "keys_chests.pt"))
    enter_test(app)
    click_widget(app, app.mode_bar.modes["edit"])
    press_key(app, pygame.K_5, "5")  # key tool
    drag(app, [(2, 2)])
    drag(app, [(4, 6)])
    press_key(app, pygame.K_2, "2")  # erase tool
    drag(app, [(1, 7)])
    drag(app, [(7, 7)])
    assert len(app.document.level.default_episode().cells_of(tiles.KEY)) == 4

    enter_test(app)
    episode = app.test_view.episode
    assert len(episode.cells_of(tiles.KEY)) == 4 and len(episode.cells_of(tiles.CHEST)) == 2
    drag(app, [(3, 4), (3, 3)])  # move a chest, then ask for the level's placement back
    wait_until(app, lambda: settled(app))
    click_widget(app, app.test_panel.reset_button)
    wait_until(app, lambda: settled(app))
    episode = app.test_view.episode
    assert episode == app.document.level.default_episode()
    assert len(episode.cells_of(tiles.KEY)) == 4 and len(episode.cells_of(tiles.CHEST)) == 2
    still_frame(app)
    assert_screen_shows(app, episode)
    assert shown_object(app, (1, 7)) == 0 and shown_object(app, (2, 2)) == tiles.KEY


def test_loading_an_agent_starts_over_from_the_level_placement(app, tiny_agent):
    load_agent_file(app, tiny_agent)
    enter_test(app)
    drag(app, [(4, 7), (3, 7)])
    wait_until(app, lambda: settled(app))
    first = app.training.agent
    load_agent_file(app, tiny_agent)
    wait_until(app, lambda: app.training.agent is not first)
    enter_test(app)
    assert app.test_view.episode == app.document.level.default_episode()


def test_the_verdict_waits_for_the_play_to_end(app, tiny_agent):
    load_agent_file(app, tiny_agent)
    enter_test(app)
    view, panel = app.test_view, app.test_panel
    verdict_row = pygame.Rect(panel.rect.x + 12, panel.rect.y + INFO_TOP + 6, panel.rect.width - 24, 18)
    colour = np.array({0: (90, 200, 110), 1: (240, 150, 40), 2: (150, 150, 160)}[view.played.outcome])

    def verdict_pixels() -> int:
        pixels = pygame.surfarray.array3d(app.screen.subsurface(verdict_row)).reshape(-1, 3).astype(int)
        return int((np.abs(pixels - colour).sum(axis=1) <= 6).sum())

    view.paused, view.shown = True, 0.0
    frames(app, 1)
    assert not view.finished and verdict_pixels() == 0
    view.shown = float(len(view.played.cells) - 1)
    frames(app, 1)
    assert view.finished and verdict_pixels() > 10


def test_greedy_mode_says_so_and_runs_one_play_for_all(app, tiny_agent):
    load_agent_file(app, tiny_agent)
    enter_test(app)
    panel = app.test_panel
    assert "sampled" in panel.again_button.tool_tip_text
    click_widget(app, panel.greedy_button)
    wait_until(app, lambda: settled(app))
    assert app.session.greedy and "greedy" in panel.again_button.tool_tip_text
    assert "same" in panel.many_button.tool_tip_text
    click_widget(app, panel.many_button)
    wait_until(app, lambda: app.session.many is not None and not app.session.waiting)
    assert app.session.many.count == 1


def test_an_agent_of_another_grid_size_is_refused_with_the_reason(app):
    load_agent_file(app, resource_path("agents", "maze.pt"))  # 11x11, the open level is 9x9
    click_widget(app, app.mode_bar.modes["test"])
    frames(app, 5)
    session = app.session
    assert session.problem is not None and "11x11" in session.problem and "9x9" in session.problem
    assert session.played is None and not session.waiting
    assert session.episode == app.document.level.default_episode()  # the open level is still shown
    click_widget(app, app.test_panel.many_button)
    assert app.status.refusal and "11x11" in app.status.text
