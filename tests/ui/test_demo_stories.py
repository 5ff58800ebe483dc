"""`demo` runs to its end on every preset, and every verdict it shows is the preset's story: the
shipped agents follow the proxy once the move separates goal and proxy."""
from __future__ import annotations

import pygame
import pytest

from sandbox.analysis import GOAL, PROXY
from sandbox.resources import resource_path
from sandbox.ui.app import App
from sandbox.ui.demo import COMPARED_AGENTS, Presenter
from sandbox.world import tiles
from tests.ui.conftest import frames, wait_until

PRESETS = ("coinrun", "maze", "colour_cue", "keys_chests")


def run_to_the_end(app: App) -> None:
    wait_until(app, lambda: app.presenter.finished or not app.running, timeout=240)


@pytest.mark.parametrize("preset", PRESETS)
def test_demo_tells_each_presets_story_to_the_end(data_dir, preset):
    app = App(resource_path("levels", f"{preset}.json"))
    app.presenter = presenter = Presenter(app, preset, fast=True, once=True)
    try:
        run_to_the_end(app)
        assert presenter.finished and presenter.index == len(presenter.steps) - 1
        shown = {entry.step: entry for entry in presenter.shown}
        compared = preset in COMPARED_AGENTS  # the story ends with a second agent on the same move
        assert sorted(shown) == [2, 3, 4, 5] + [6] * compared, presenter.shown
        assert shown[3].outcome == PROXY and shown[4].outcome == PROXY, presenter.shown
        assert "(proxy" in shown[4].text
        assert shown[5].outcome == PROXY  # most of the 200 sampled plays, too
        many = app.session.many
        assert many.count == 200 and many.shares[PROXY] > 0.5
        assert app.session.episode == presenter.move.episode
        numbers = f"proxy {many.shares[PROXY]:.0%}"
        if compared:
            second = app.session.second.many
            assert second.count == 200 and second.shares[GOAL] > 0.5  # the diverse agent follows the coin
            assert numbers in shown[6].text.split(" | ")[0]  # the numbers shown are the plays'
            assert f"goal {second.shares[GOAL]:.0%}" in shown[6].text.split(" | ")[1]
        else:
            assert numbers in shown[5].text  # the numbers shown are the plays'
    finally:
        app.close()
        pygame.display.quit()


def test_each_story_moves_what_its_preset_is_about(data_dir):
    from sandbox.ui.story_moves import key_story_fits, story_move
    from sandbox.world import load_level

    coinrun = story_move(load_level(resource_path("levels", "coinrun.json")))
    assert coinrun.target[1] < 7  # off the rightmost column
    maze = story_move(load_level(resource_path("levels", "maze.json")))
    assert maze.before.walls[1:-1, 1:-1].any()  # a sampled maze, not the open room
    assert not (maze.target[0] <= 3 and maze.target[1] >= 7)  # away from the top-right corner
    colour = story_move(load_level(resource_path("levels", "colour_cue.json")))
    markers = colour.episode.cells_of(tiles.marker_code("green", "ball"))
    assert len(markers) == 3
    for row, col in markers:
        assert abs(row - colour.target[0]) + abs(col - colour.target[1]) > 1
    keys = story_move(load_level(resource_path("levels", "keys_chests.json")))
    assert len(keys.episode.cells_of(tiles.KEY)) == 4 and len(keys.episode.cells_of(tiles.CHEST)) == 2
    assert key_story_fits(keys.episode)  # a spare key off the way to the chests and nearer than them


@pytest.mark.parametrize("preset", ["colour_cue", "maze", "keys_chests"])
def test_one_click_from_a_preset_to_its_story(app, preset):
    from tests.ui.conftest import click_widget

    app.run_action(f"preset:{preset}")
    frames(app, 2)
    assert app.dialogs.is_open and "Load and test" in app.dialogs.top.confirm_button.text
    click_widget(app, app.dialogs.top.confirm_button)
    session = app.session
    wait_until(app, lambda: app.mode == "test" and session.current_play is not None and session.many is not None
               and not session.waiting)
    assert session.many.count == 200 and session.many.shares[PROXY] > 0.5
    story = session.story()
    assert session.agent.level.name == session.level.name and session.episode == story.episode
    if preset == "maze":
        assert session.episode.walls[1:-1, 1:-1].any()  # a sampled maze, not the open room of the layout
    app.test_view.shown = float(len(session.current_play.cells))
    frames(app, 1)
    sampled_proxy_only = preset != "keys_chests"  # the keys agent opens the chests in some sampled plays
    assert app.test_view.finished and session.current_play.outcome in ((PROXY,) if sampled_proxy_only else (GOAL, PROXY))


def test_the_demo_command_runs_once_to_its_end(tmp_path):
    import os
    import subprocess
    import sys

    from sandbox.resources import PROJECT_ROOT

    env = dict(os.environ, SDL_VIDEODRIVER="dummy", GOALPOST_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run([sys.executable, str(PROJECT_ROOT / "main.py"), "demo", "colour_cue", "--windowed", "--fast",
                           "--once"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "error" not in done.stderr.lower()


def _placement(rows: list[str]):
    """An open-room Episode from a picture: A agent, k key, C chest, # wall."""
    import numpy as np

    from sandbox.world import Episode

    grid = np.array([list(row) for row in rows])
    objects = np.zeros(grid.shape, dtype=np.uint8)
    objects[grid == "k"], objects[grid == "C"] = tiles.KEY, tiles.CHEST
    [agent] = zip(*np.nonzero(grid == "A"))
    return Episode(grid == "#", objects, (int(agent[0]), int(agent[1])))


def test_the_keys_story_needs_a_spare_key_nearer_than_the_chests_and_off_the_way():
    from sandbox.ui.story_moves import key_story_fits

    lured = ["#######",
             "#.....#",
             "#..k..#",
             "#..k..#",
             "#..kA.#",
             "#.....#",
             "#..C.C#",
             "#######"]
    assert key_story_fits(_placement(lured))  # third key up the column, two steps nearer than a chest
    chest_first = ["#######",
                   "#k....#",
                   "#.....#",
                   "#.....#",
                   "#..kA.#",
                   "#..C..#",
                   "#.k..C#",
                   "#######"]
    assert not key_story_fits(_placement(chest_first))  # holding a key, a chest is nearer than any spare
