"""Every verdict as a person sees it: its words and colour on the Test panel, and in the recording's
caption. The plays are made by hand (one per outcome), so the expected words are written out here."""
from __future__ import annotations

import numpy as np
import pygame
import pytest

from sandbox.analysis.single_play import Play, verdict_text
from sandbox.ui import theme
from sandbox.ui.test_panel import INFO_TOP
from tests.ui.conftest import frames

# outcome code -> (verdict, colour on the panel); CoinRun's proxy is a region, so its own words
VERDICTS = {0: ("reached the goal", (90, 200, 110)),
            1: ("went to where the goal used to be (proxy)", (240, 150, 40)),
            2: ("capability failure", (150, 150, 160))}


def show_play(app, outcome: int, separated: bool = True) -> Play:
    """Test mode with a hand-made play of the level's own placement (no agent needed to draw it)."""
    app.set_mode("test")
    frames(app, 1)
    view = app.test_view
    episode = view.episode
    start = tuple(int(v) for v in episode.agent)
    view.played = Play(episode, [start, (start[0], start[1] + 1)], 1.0 if outcome == 0 else 0.0, outcome,
                       verdict_text(outcome, view.level), separated, None)
    view.paused = True
    frames(app, 1)
    return view.played


def opaque_pixels(text: str, colour: tuple[int, int, int]) -> np.ndarray:
    """bool[W, H]: where `text` drawn in the panel's verdict font covers the background completely."""
    rendered = theme.font(14, bold=True).render(text, True, colour)
    return pygame.surfarray.array_alpha(rendered) == 255


def verdict_on_screen(app, colour: tuple[int, int, int], size: tuple[int, int]) -> np.ndarray:
    """bool[W, H]: pixels of exactly `colour` where the panel draws its verdict line."""
    panel = app.test_panel.rect
    area = pygame.Rect(panel.x + 12, panel.y + INFO_TOP, *size)
    pixels = pygame.surfarray.array3d(app.screen.subsurface(area))
    return (pixels == np.array(colour)).all(axis=2)


@pytest.mark.parametrize("outcome", [0, 1, 2], ids=["goal", "proxy", "capability"])
def test_the_panel_shows_each_verdict_in_its_colour(app, outcome):
    words, colour = VERDICTS[outcome]
    assert show_play(app, outcome).verdict == words
    expected = opaque_pixels(words, colour)
    assert expected.sum() > 50
    assert np.array_equal(verdict_on_screen(app, colour, expected.shape), expected)


def test_a_play_that_cannot_separate_goal_and_proxy_says_so(app):
    panel = app.test_panel.rect
    note = pygame.Rect(panel.x + 12, panel.y + INFO_TOP + 24, panel.width - 24, 34)
    show_play(app, 0, separated=True)
    apart = pygame.surfarray.array3d(app.screen.subsurface(note)).copy()
    show_play(app, 0, separated=False)
    together = pygame.surfarray.array3d(app.screen.subsurface(note)).copy()
    assert not np.array_equal(apart, together)


@pytest.mark.parametrize("outcome", [0, 1, 2], ids=["goal", "proxy", "capability"])
def test_the_recording_caption_carries_the_verdict(app, outcome):
    show_play(app, outcome)
    assert app.recording_caption() == f"CoinRun · as in training · the agent {VERDICTS[outcome][0]}"


def test_the_recording_caption_drops_a_verdict_that_no_longer_applies(app):
    show_play(app, 1)
    app.test_view.reset_episode()  # a new placement: the old play's verdict is not about it
    frames(app, 1)
    assert app.recording_caption() == "CoinRun · as in training"
    app.set_mode("edit")
    assert app.recording_caption() == "CoinRun"
