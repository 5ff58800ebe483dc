"""Every verdict as a person sees it: its words and colour on the Test panel, and in the recording's
caption. The plays are made by hand (one per outcome), so the expected words are written out here."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pygame
import pytest

from sandbox.analysis.single_play import Play, verdict_text
from sandbox.ui import theme
from sandbox.ui.test_panel import INFO_TOP, drag_heading
from sandbox.world import load_level
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
    app.session.played = Play(episode, [start, (start[0], start[1] + 1)], 1.0 if outcome == 0 else 0.0, outcome,
                              verdict_text(outcome, view.level), separated, None)
    frames(app, 1)  # the view takes the new play and starts to animate it
    view.shown, view.paused = len(app.session.played.cells) - 1, True  # ...and its animation has ended
    frames(app, 1)
    return view.played


def opaque_pixels(text: str, colour: tuple[int, int, int]) -> np.ndarray:
    """bool[W, H]: where `text` drawn in the panel's verdict font covers the background completely."""
    rendered = theme.font(16, bold=True).render(text, True, colour)
    return pygame.surfarray.array_alpha(rendered) == 255


def verdict_on_screen(app, colour: tuple[int, int, int], size: tuple[int, int], line: int = 0) -> np.ndarray:
    """bool[W, H]: pixels of exactly `colour` where the panel draws line `line` of its verdict."""
    panel = app.test_panel.rect
    area = pygame.Rect(panel.x + 12, panel.y + INFO_TOP + 21 * line, *size)
    pixels = pygame.surfarray.array3d(app.screen.subsurface(area))
    return (pixels == np.array(colour)).all(axis=2)


@pytest.mark.parametrize("outcome", [0, 1, 2], ids=["goal", "proxy", "capability"])
def test_the_panel_shows_each_verdict_in_its_colour(app, outcome):
    words, colour = VERDICTS[outcome]
    assert show_play(app, outcome).verdict == words
    lines = theme.wrap(words, theme.font(16, bold=True), app.test_panel.rect.width - 24)
    assert " ".join(lines) == words
    for index, line in enumerate(lines):  # a long verdict wraps onto a second line
        expected = opaque_pixels(line, colour)
        assert expected.sum() > 50
        assert np.array_equal(verdict_on_screen(app, colour, expected.shape, index), expected)


def note_on_screen(app, text: str, line: int) -> bool:
    """Whether line `line` of the note under a one-line verdict shows exactly `text` in the muted colour."""
    rendered = theme.font(14).render(text, True, theme.MUTED_TEXT)
    expected = pygame.surfarray.array_alpha(rendered) == 255
    panel = app.test_panel.rect
    area = pygame.Rect(panel.x + 12, panel.y + INFO_TOP + 24 + 19 * line, *expected.shape)
    pixels = pygame.surfarray.array3d(app.screen.subsurface(area))
    return expected.sum() > 50 and np.array_equal((pixels == np.array(theme.MUTED_TEXT)).all(axis=2), expected)


@pytest.mark.parametrize("outcome, note", [
    (0, "return +1.00 in 1 steps, sampled actions"),
    (2, "return +0.00 in 1 steps, sampled actions"),
])
def test_the_note_gives_the_return_steps_and_actions(app, outcome, note):
    show_play(app, outcome, separated=True)
    assert note_on_screen(app, note, 0)


def test_a_play_that_cannot_separate_goal_and_proxy_says_so(app):
    show_play(app, 0, separated=False)
    note = "return +1.00 in 1 steps, sampled actions; goal and proxy are not apart here, so this says little"
    lines = theme.wrap(note, theme.font(14), app.test_panel.rect.width - 24)
    assert len(lines) == 2 and " ".join(lines) == note
    assert note_on_screen(app, lines[0], 0) and note_on_screen(app, lines[1], 1)


@pytest.mark.parametrize("outcome", [0, 1, 2], ids=["goal", "proxy", "capability"])
def test_the_recording_carries_the_caption_and_the_verdict(app, outcome):
    played = show_play(app, outcome)
    assert app.stage.caption() == "CoinRun: everything is where it was in training."
    assert app.stage.finished_play() is played and played.verdict == VERDICTS[outcome][0]


def test_the_verdict_waits_for_the_play_and_drops_once_it_no_longer_applies(app):
    played = show_play(app, 1)
    app.test_view.shown = 0.0  # the same play, its animation not yet at the end
    assert app.stage.finished_play() is None
    app.test_view.shown = len(played.cells) - 1
    assert app.stage.finished_play() is played
    app.test_view.reset_episode()  # a new placement: the old play's verdict is not about it
    frames(app, 1)
    assert app.stage.finished_play() is None
    app.set_mode("edit")
    assert app.stage.caption() == "CoinRun"


def test_the_heading_names_the_goal_of_the_level_under_test(app):
    app.set_mode("test")
    frames(app, 2)
    assert app.test_panel.heading.text == "Drag the coin (or anything) elsewhere"
    levels = Path(__file__).parents[1] / "analysis" / "levels"
    assert drag_heading(load_level(levels / "chest_column.json")) == "Drag the chest (or anything) elsewhere"
    assert drag_heading(load_level(levels / "marker_corner.json")) == "Drag the red ball (or anything) elsewhere"
    assert drag_heading(None) == "Drag the goal (or anything) elsewhere"
