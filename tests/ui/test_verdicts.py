"""Every verdict as a person sees it: its words and colour on the Test panel, and in the recording's
caption. The plays are made by hand (one per outcome), so the expected words are written out here."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pygame
import pytest

from sandbox.analysis.single_play import Play, verdict_text
from sandbox.ui import theme, training_run
from sandbox.ui.overlays import CHANGED_RGB
from sandbox.ui.reward_curve import MARKER_RGB
from sandbox.ui.second_agent import SecondAgent
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


def test_the_note_says_greedy_actions_when_actions_are_greedy(app):
    show_play(app, 2)
    app.session.greedy = True  # the shown play stays; only the words about its actions change
    frames(app, 1)
    assert note_on_screen(app, "return +0.00 in 1 steps, greedy actions", 0)
    assert not note_on_screen(app, "return +0.00 in 1 steps, sampled actions", 0)


def test_a_play_still_moving_says_playing_and_no_verdict(app):
    show_play(app, 0)
    app.test_view.shown = 0.0  # the same play, its animation back at the start
    frames(app, 1)
    rendered = theme.font(14).render("Playing...", True, theme.MUTED_TEXT)
    expected = pygame.surfarray.array_alpha(rendered) == 255
    assert expected.sum() > 30
    panel = app.test_panel.rect
    area = pygame.Rect(panel.x + 12, panel.y + INFO_TOP, *expected.shape)
    pixels = pygame.surfarray.array3d(app.screen.subsurface(area))
    assert np.array_equal((pixels == np.array(theme.MUTED_TEXT)).all(axis=2), expected)
    words, colour = VERDICTS[0]
    assert not verdict_on_screen(app, colour, opaque_pixels(words, colour).shape).any()


def text_on_screen(app, text: str, colour: tuple[int, int, int], top: int) -> bool:
    """Whether `text` in the panel's small font shows exactly in `colour` at `top` below the verdict's top."""
    rendered = theme.font(14).render(text, True, colour)
    expected = pygame.surfarray.array_alpha(rendered) == 255
    panel = app.test_panel.rect
    area = pygame.Rect(panel.x + 12, panel.y + INFO_TOP + top, *expected.shape)
    pixels = pygame.surfarray.array3d(app.screen.subsurface(area))
    return expected.sum() > 50 and np.array_equal((pixels == np.array(colour)).all(axis=2), expected)


def test_what_changed_goes_under_a_two_line_verdict_and_its_note(app):
    show_play(app, 1)  # the proxy verdict takes two lines of 21 pixels, its note one of 19 below them
    changed = np.zeros(app.test_view.episode.walls.shape, dtype=bool)
    changed[1, 1:4] = True
    app.session.changes = changed
    app.test_view.overlays["changes"] = True
    frames(app, 1)
    text = "3 cells changed their most likely move"
    assert text_on_screen(app, text, CHANGED_RGB, 2 * 21 + 3 + 19 + 4)
    assert not text_on_screen(app, text, CHANGED_RGB, 24 + 2 * 19 + 4)  # where it goes under a one-line verdict
    assert not text_on_screen(app, text, CHANGED_RGB, 2 * 21 + 3 + 2 * 19 + 4)  # a second note line is not kept


def test_a_note_longer_than_two_lines_is_cut_to_two(app):
    app.set_mode("test")
    frames(app, 1)
    view = app.test_view
    start = tuple(int(v) for v in view.episode.agent)
    app.session.played = Play(view.episode, [start, (start[0], start[1] + 1)], 123456789.0, 0,
                              verdict_text(0, view.level), False, None)
    frames(app, 1)
    view.shown, view.paused = 1, True
    frames(app, 1)
    note = ("return +123456789.00 in 1 steps, sampled actions; goal and proxy are not apart here, "
            "so this says little")
    lines = theme.wrap(note, theme.font(14), app.test_panel.rect.width - 24)
    assert len(lines) == 3
    assert note_on_screen(app, lines[0], 0) and note_on_screen(app, lines[1], 1)
    panel = app.test_panel.rect
    third = pygame.Rect(panel.x + 12, panel.y + INFO_TOP + 24 + 2 * 19, app.test_panel.rect.width - 24, 19)
    assert not (pygame.surfarray.array3d(app.screen.subsurface(third)) == np.array(theme.MUTED_TEXT)).all(axis=2).any()


def test_the_curve_marks_the_return_of_the_shown_play(app):
    app.set_mode("test")
    frames(app, 1)

    def marked() -> int:
        pixels = pygame.surfarray.array3d(app.screen.subsurface(app.test_panel.curve.rect))
        return int((pixels == np.array(MARKER_RGB)).all(axis=2).sum())

    assert marked() == 0  # no play yet: the curve carries no return line
    show_play(app, 0)
    assert marked() > 50


def test_comparing_shows_the_hint_instead_of_a_verdict(app):
    """With a second agent the panel holds no verdict (each trail has its own over the canvas): before
    any 200 plays it asks for them, and what changed goes under that request."""
    played = show_play(app, 0)
    app.session.second = SecondAgent(training_run.TestAgent(None, app.test_view.level, 5, "other.pt, 5 steps"), [])
    changed = np.zeros(app.test_view.episode.walls.shape, dtype=bool)
    changed[2, 2] = True
    app.session.changes = changed
    app.test_view.overlays["changes"] = True
    frames(app, 1)
    assert app.session.current_play is played
    hint = theme.wrap("Run 200 episodes to compare both agents' outcome shares.", theme.font(14),
                      app.test_panel.rect.width - 24)
    assert text_on_screen(app, hint[0], theme.MUTED_TEXT, 0)
    assert text_on_screen(app, "1 cells changed their most likely move", CHANGED_RGB, 2 * 19 + 4)
    words, colour = VERDICTS[0]
    assert not verdict_on_screen(app, colour, opaque_pixels(words, colour).shape).any()
