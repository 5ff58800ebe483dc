"""The pieces of comparing two agents, on hand-made inputs: where the two canvases go, what each
agent is called and said to be trained with, which agents may be compared, and the shared chart."""
from __future__ import annotations

import os
from dataclasses import replace

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import numpy as np  # noqa: E402
import pygame  # noqa: E402

from sandbox.resources import levels_dir  # noqa: E402
from sandbox.ui.background import Background  # noqa: E402
from sandbox.ui.compare_layout import arrange, captions_over  # noqa: E402
from sandbox.ui.overlays import PATH_RGB, SECOND_PATH_RGB  # noqa: E402
from sandbox.ui.reward_curve import SUCCESS_RGB, ComparedCurves, RewardCurvePanel  # noqa: E402
from sandbox.ui.second_agent import grid_mismatch, kept_snapshot, short_name, trained_with  # noqa: E402
from sandbox.ui import test_session, training_run  # noqa: E402  (modules: pytest would collect Test* classes)
from sandbox.ui.training_run import CurveSample  # noqa: E402
from sandbox.world import load_level  # noqa: E402

COINRUN = load_level(levels_dir() / "coinrun.json")  # 9x9, coins, 0% randomized
MAZE = load_level(levels_dir() / "maze.json")  # 11x11


def agent(level=COINRUN, label="coinrun.pt, 999,424 steps", step=999_424) -> training_run.TestAgent:
    return training_run.TestAgent(None, level, step, label)


def test_a_wide_area_gets_two_canvases_side_by_side_under_the_captions():
    # band 3 * 20 + 8 = 68; halves (1018 - 8) // 2 = 505 wide; cells min((505 - 32) // 9, (628 - 32) // 9) = 52 >= 40
    layout = arrange(pygame.Rect(0, 44, 1018, 696), (9, 9))
    assert layout.side_by_side
    assert layout.canvases == (pygame.Rect(0, 112, 505, 628), pygame.Rect(513, 112, 505, 628))
    assert layout.captions == (pygame.Rect(8, 52, 489, 60), pygame.Rect(521, 52, 489, 60))


def test_a_narrow_area_gets_one_canvas_for_both_trails():
    # halves (676 - 8) // 2 = 334 wide: cells of (334 - 32) // 9 = 33 px, under 40
    layout = arrange(pygame.Rect(0, 44, 676, 568), (9, 9))
    assert not layout.side_by_side
    assert layout.canvases == (pygame.Rect(0, 112, 676, 500),)
    assert layout.captions == (pygame.Rect(8, 52, 318, 60), pygame.Rect(350, 52, 318, 60))


def test_captions_move_down_to_just_over_the_level_never_up():
    layout = arrange(pygame.Rect(0, 44, 1018, 696), (9, 9))
    # a picture from y = 200: captions at 200 - 60 - 12 = 128
    assert [r.y for r in captions_over(layout, pygame.Rect(20, 200, 400, 400))] == [128, 128]
    assert [r.y for r in captions_over(layout, pygame.Rect(20, 100, 400, 400))] == [52, 52]


def test_names_and_training_words():
    diverse = replace(COINRUN, procedural=replace(COINRUN.procedural, randomized_goal_percent=25))
    assert short_name(agent(label="coinrun_random25.pt, 1,499,136 steps")) == "coinrun_random25"
    assert short_name(agent(label="snapshot at 100,000 steps")) == "snapshot at 100,000 steps"
    assert trained_with(agent(diverse), agent()) == "trained with 25% randomized coins"
    colour_cue = replace(COINRUN, name="ColourCue")
    assert trained_with(agent(diverse), agent(colour_cue)) == "trained with CoinRun, 25% randomized coins"


def test_only_the_grid_size_must_match():
    assert grid_mismatch(agent(replace(COINRUN, name="Other")), COINRUN) is None
    assert grid_mismatch(agent(MAZE, "maze.pt, 7,995,392 steps"), COINRUN) == (
        "Cannot compare with maze.pt, 7,995,392 steps: it was trained on a 11x11 grid and the open level is 9x9; "
        "both agents must play the same grid size")


def test_a_kept_snapshot_keeps_the_curve_it_was_trained_through():
    curve = [CurveSample(step, 0.1 * step / 50, 0.1) for step in (50, 100, 150)]
    kept, its_curve = kept_snapshot(agent(step=100), curve)
    assert kept.step == 100 and its_curve == curve[:2]


def test_the_session_refuses_another_grid_and_drops_the_second_agent_when_the_grid_changes():
    messages: list[tuple[str, bool]] = []
    background = Background()
    try:
        session = test_session.TestSession(background, lambda text, refusal: messages.append((text, refusal)))
        session.open_level(COINRUN, 1)
        assert not session.compare_with(agent(MAZE, "maze.pt, 7,995,392 steps"), [])
        assert session.second is None and messages[-1][1] and messages[-1][0].startswith("Cannot compare with maze.pt")
        version = session.version
        assert session.compare_with(agent(), [CurveSample(10, 0.5, 0.5)])
        assert session.second.agent.label == "coinrun.pt, 999,424 steps" and session.version == version + 1
        session.open_level(MAZE, 2)
        assert session.second is None and messages[-1] == (
            "Cannot compare with coinrun.pt, 999,424 steps: it was trained on a 9x9 grid and the open level is "
            "11x11; both agents must play the same grid size", True)
        session.open_level(COINRUN, 3)
        session.compare_with(agent(), [])
        session.stop_comparing()
        assert session.second is None
    finally:
        background.close()


def test_the_chart_draws_each_agents_return_in_its_trail_colour_and_no_success_line():
    pygame.display.init()
    pygame.font.init()
    panel = RewardCurvePanel(pygame.Rect(0, 0, 400, 260))
    first = [CurveSample(0, 0.0, 0.0), CurveSample(1000, 1.0, 1.0)]
    second = (CurveSample(0, 0.5, 0.5), CurveSample(2000, 0.5, 0.5))
    surface = pygame.Surface((400, 260))
    panel.draw(surface, first, 1000, "training curves", None, ComparedCurves("coinrun", "coinrun_random25", second))
    pixels = pygame.surfarray.array3d(surface)

    def count(rgb) -> int:
        return int(np.all(pixels == np.array(rgb, np.uint8), axis=2).sum())

    assert count(PATH_RGB) > 50 and count(SECOND_PATH_RGB) > 100 and count(SUCCESS_RGB) == 0
    # the second curve is flat at 0.5 across the whole x axis, which runs to its last step (2000)
    rows = np.nonzero(np.all(pixels == np.array(SECOND_PATH_RGB, np.uint8), axis=2))[1]
    assert np.bincount(rows).max() > 250
