"""The CoinRun walk-through ends with two agents on the same moved coin, and their 200-play numbers
in large type on the presenter's screen."""
from __future__ import annotations

import numpy as np
import pygame
import pytest

from sandbox.resources import resource_path
from sandbox.ui.app import App
from sandbox.ui.demo import Presenter
from sandbox.ui.legends import OUTCOME_RGB
from sandbox.ui.presenter_layout import Presentation
from sandbox.world import tiles
from tests.ui.conftest import frames, press_key, wait_until

GOAL, PROXY = 0, 1


@pytest.fixture
def demo(data_dir):
    app = App(resource_path("levels", "coinrun.json"), size=(1366, 768))
    app.presenter = Presenter(app, "coinrun")
    app.stage.story = app.presenter
    app.stage.presentation = Presentation(caption_lines=3)
    app.presenting = True
    app.layout(app.screen.get_size())
    wait_until(app, lambda: app.presenter.index == 0)
    yield app
    app.close()
    pygame.display.quit()


def colour_in(screen: np.ndarray, area: pygame.Rect, rgb: tuple[int, int, int]) -> bool:
    """Whether any pixel of `area` (screen: uint8[W, H, 3]) has exactly the colour `rgb`."""
    part = screen[area.left:area.right, area.top:area.bottom]
    return bool(np.all(part == np.array(rgb, np.uint8), axis=2).any())


def test_the_coinrun_demo_ends_with_both_agents_and_both_numbers(demo):
    presenter, session = demo.presenter, demo.session
    assert len(presenter.steps) == 7 and presenter.steps[6].shows == "compare"
    for _ in range(6):
        press_key(demo, pygame.K_RIGHT)
    assert presenter.index == 6
    wait_until(demo, lambda: any(shown.step == 6 for shown in presenter.shown), timeout=120)
    second = session.second
    assert second is not None and second.agent.label.startswith("coinrun_random25.pt")
    target = presenter.move.target
    assert session.episode.objects[target] == tiles.COIN
    assert session.many.count == 200 and second.many.count == 200
    # the shipped pair on the moved coin: the 0% agent runs to the old column, the 25% agent takes the coin
    assert session.many.shares[PROXY] > 0.8 and second.many.shares[GOAL] > 0.8

    rows = demo.stage.outcomes()
    assert [row.title for row in rows] == ["coinrun, trained with 0% randomized coins",
                                           "coinrun_random25, trained with 25% randomized coins"]
    assert [tuple(o.share for o in row.outcomes) for row in rows] == [session.many.shares, second.many.shares]
    frames(demo, 2)
    screen = pygame.surfarray.array3d(demo.screen)
    presentation = demo.stage.presentation
    area = presentation._numbers_area(rows)
    first_row = pygame.Rect(area.x, area.y, area.width, presentation._row_height(rows[0]))
    second_row = pygame.Rect(area.x, first_row.bottom, area.width, area.bottom - first_row.bottom)
    assert colour_in(screen, first_row, OUTCOME_RGB[PROXY]), "the 0% agent's proxy share is not on screen"
    assert colour_in(screen, second_row, OUTCOME_RGB[GOAL]), "the 25% agent's goal share is not on screen"
    assert demo.test_view.layout is not None and len(demo.test_view.layout.captions) == 2

    press_key(demo, pygame.K_RIGHT)  # the walk-through loops: the second agent leaves with its step
    assert presenter.index == 0 and session.second is None
