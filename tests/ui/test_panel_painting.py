"""Test mode's panel as painted: the agent line, the outcome bar with its count and legend, the compared
bars, warnings and where the curve goes. Positions are worked out by hand from the panel's layout (the
information starts at INFO_TOP = 308, lines are 19 px, the curve starts at CURVE_TOP = 440)."""
from __future__ import annotations

import numpy as np
import pygame
import pytest

from sandbox.ui import theme, training_run
from sandbox.ui.overlays import CHANGED_RGB, PATH_RGB, SECOND_PATH_RGB
from sandbox.ui.reward_curve import MARKER_RGB
from sandbox.ui.second_agent import SecondAgent
from sandbox.ui.spinner import SPINNER_RGB
from sandbox.ui.test_runs import ManyPlayed
from tests.ui.conftest import frames
from tests.ui.test_verdicts import show_play

GOAL, PROXY_RGB, FAILURE = (90, 200, 110), (240, 150, 40), (150, 150, 160)
NAMES = ("goal", "proxy", "capability failure")


def shows(app, text: str, colour, left: int, top: int, bold: bool = False, size: int = 14) -> bool:
    """Whether `text` shows exactly in `colour` with its top left at (left, top) of the screen."""
    rendered = theme.font(size, bold=bold).render(text, True, colour)
    expected = pygame.surfarray.array_alpha(rendered) == 255
    area = pygame.Rect(left, top, *expected.shape)
    pixels = pygame.surfarray.array3d(app.screen.subsurface(area))
    return expected.sum() > 20 and np.array_equal((pixels == np.array(colour)).all(axis=2), expected)


def colour_at(app, x: int, y: int):
    return tuple(app.screen.get_at((x, y)))[:3]


def many(shares=(0.5, 0.25, 0.25), count: int = 200) -> ManyPlayed:
    return ManyPlayed(shares, NAMES, np.zeros((9, 9), dtype=np.int64), True, count)


def text_width(text: str) -> int:
    return theme.font(14).size(text)[0]


def test_the_agent_line_says_there_is_none_yet_in_the_muted_colour(app):
    app.set_mode("test")
    frames(app, 2)
    panel = app.test_panel.rect
    line = theme.wrap("Agent: none yet - train or load one in Train mode", theme.font(14), panel.width - 24)[0]
    assert line.startswith("Agent: none yet")
    assert shows(app, line, theme.MUTED_TEXT, panel.x + 12, panel.y + 36)


def test_the_spinner_turns_at_the_right_of_the_information_while_loading(app, monkeypatch):
    from types import SimpleNamespace

    from sandbox.ui import spinner

    # at 1/30 s the arc runs from 0.2 to 4.4 rad: over the top of its circle and through its left end
    monkeypatch.setattr(spinner, "time", SimpleNamespace(monotonic=lambda: 1 / 30))
    app.set_mode("test")
    frames(app, 1)
    panel = app.test_panel.rect
    area = pygame.Rect(panel.x, panel.y, panel.width, 440)

    def spun() -> np.ndarray:
        pixels = pygame.surfarray.array3d(app.screen.subsurface(area))
        return np.argwhere((pixels == np.array(SPINNER_RGB)).all(axis=2)) + np.array(area.topleft)

    assert len(spun()) == 0
    app.test_panel.run.loading = True
    frames(app, 1)
    drawn = spun()
    app.test_panel.run.loading = False
    # a 16 px circle round (right - 20, top + 308 + 10)
    assert drawn[:, 0].min() == panel.right - 28 and drawn[:, 1].min() == panel.y + 310
    assert drawn[:, 0].max() < panel.right - 12 and drawn[:, 1].max() < panel.y + 326


def test_the_outcome_bar_goes_under_a_one_line_verdict_with_its_count_and_legend(app):
    show_play(app, 0)  # "reached the goal": one line; its note one line; the bar keeps its place below
    app.session.many = many()
    frames(app, 1)
    panel = app.test_panel.rect
    x, top, width = panel.x + 12, panel.y + 308 + 24 + 2 * 19 + 4, panel.width - 24
    half, quarter = round(width * 0.5), round(width * 0.25)
    assert colour_at(app, x, top) == theme.LEVEL_FRAME and colour_at(app, x + width - 1, top + 15) == theme.LEVEL_FRAME
    assert colour_at(app, x + 5, top - 1) != theme.LEVEL_FRAME and colour_at(app, x + 5, top + 16) != theme.LEVEL_FRAME
    for dx, colour in ((1, GOAL), (half - 1, GOAL), (half, PROXY_RGB), (half + quarter - 1, PROXY_RGB),
                       (half + quarter, FAILURE), (width - 2, FAILURE)):
        assert colour_at(app, x + dx, top + 1) == colour and colour_at(app, x + dx, top + 14) == colour, dx
    legend_top = top + 16 + 2
    assert shows(app, "200 plays:", theme.TEXT, x, legend_top)
    swatch = x + text_width("200 plays:") + 10
    line = theme.font(14).get_linesize()
    assert colour_at(app, swatch, legend_top + (line - 14) // 2) == GOAL
    assert colour_at(app, swatch - 1, legend_top + (line - 14) // 2) != GOAL
    assert shows(app, "goal 50%", theme.TEXT, swatch + 20, legend_top)


def test_one_greedy_play_says_so_and_the_bar_goes_under_a_two_line_verdict_and_note(app):
    show_play(app, 1, separated=False)  # two verdict lines of 21 px, then two note lines of 19
    app.session.many = many((0.0, 1.0, 0.0), count=1)
    frames(app, 1)
    panel = app.test_panel.rect
    x, top, width = panel.x + 12, panel.y + 308 + 2 * 21 + 3 + 2 * 19 + 4, panel.width - 24
    assert colour_at(app, x, top) == theme.LEVEL_FRAME
    assert colour_at(app, x + 1, top + 1) == PROXY_RGB and colour_at(app, x + width - 2, top + 14) == PROXY_RGB
    assert shows(app, "1 greedy play (all alike):", theme.TEXT, x, top + 18)
    assert not shows(app, "1 plays:", theme.TEXT, x, top + 18)


def test_what_changed_goes_under_the_outcome_legend(app):
    app.set_mode("test")
    frames(app, 1)
    app.session.many = many((1.0, 0.0, 0.0))
    changed = np.zeros(app.test_view.episode.walls.shape, dtype=bool)
    changed[1, 1:3] = True
    app.session.changes = changed
    app.test_view.overlays["changes"] = True
    frames(app, 1)
    panel = app.test_panel.rect
    line = theme.font(14).get_linesize()
    bar_top = panel.y + 308 + 24 + 2 * 19 + 4
    lines = 1 if text_width("200 plays:") + 10 + sum(
        14 + 6 + text_width(f"{name} {share}") + 14 for name, share in zip(NAMES, ("100%", "0%", "0%"))
    ) - 14 <= panel.width - 24 else 2
    assert shows(app, "2 cells changed their most likely move", CHANGED_RGB, panel.x + 12,
                 bar_top + 18 + lines * line)


@pytest.mark.parametrize("which", ["warning", "problem"])
def test_a_warning_or_a_problem_shows_above_the_curve_in_its_colour(app, monkeypatch, which):
    app.set_mode("test")
    frames(app, 1)
    session = app.session
    other = "problem" if which == "warning" else "warning"
    monkeypatch.setattr(type(session), which, property(lambda self: "trained on another level"))
    monkeypatch.setattr(type(session), other, property(lambda self: None))
    frames(app, 1)
    panel = app.test_panel.rect
    colour = theme.WARNING_TEXT if which == "warning" else theme.REFUSAL_TEXT
    # nothing above it reaches CURVE_TOP - 60 = 380, so it starts there
    assert shows(app, "Warning: trained on another level", colour, panel.x + 12, panel.y + 380)
    assert app.test_panel.curve.rect.top == panel.y + 440
    assert app.test_panel.curve.rect.bottom == panel.bottom - 8


def test_a_three_line_warning_pushes_the_curve_one_pixel_down(app, monkeypatch):
    app.set_mode("test")
    frames(app, 1)
    panel = app.test_panel.rect
    words = ["far"] * 200
    text = " ".join(words)
    lines = theme.wrap(f"Warning: {text}", theme.font(14), panel.width - 24)
    assert len(lines) > 3
    monkeypatch.setattr(type(app.session), "warning", property(lambda self: text))
    frames(app, 1)
    for index in range(3):
        assert shows(app, lines[index], theme.WARNING_TEXT, panel.x + 12, panel.y + 380 + 19 * index)
    fourth = pygame.Rect(panel.x, panel.y + 380 + 3 * 19, panel.width, 4)
    assert app.test_panel.curve.rect.top == panel.y + 380 + 3 * 19 + 4  # 441: one below CURVE_TOP
    assert app.test_panel.curve.rect.height == panel.bottom - 8 - (panel.y + 441)
    drawn = pygame.surfarray.array3d(app.screen.subsurface(fourth)) == np.array(theme.WARNING_TEXT)
    assert not drawn.all(axis=2).any()  # no fourth line


def second_agent(app):
    return SecondAgent(training_run.TestAgent(None, app.test_view.level, 5, "other.pt, 5 steps"), [])


def test_compared_bars_stand_beside_each_name_in_its_trail_colour(app):
    app.set_mode("test")
    frames(app, 1)
    session = app.session
    app.test_panel.run.agent = training_run.TestAgent(None, app.test_view.level, 7, "first.pt, 7 steps")
    frames(app, 1)
    session.second = second_agent(app)
    session.many = many((1.0, 0.0, 0.0))
    session.second.many = many((0.0, 0.0, 1.0))
    frames(app, 1)
    panel = app.test_panel.rect
    x, y = panel.x + 12, panel.y + 308
    line = theme.font(14).get_linesize()
    tops = []
    for name, rgb, colour in (("first", PATH_RGB, GOAL), ("other", SECOND_PATH_RGB, FAILURE)):
        tops.append(y)
        assert colour_at(app, x, y + 9) == rgb and colour_at(app, x + 14, y + 9) == rgb
        assert colour_at(app, x + 15, y + 9) != rgb
        assert shows(app, name, theme.TEXT, x + 20, y)
        left = x + 28 + text_width(name)
        assert colour_at(app, left, y + 4) == theme.LEVEL_FRAME
        assert colour_at(app, left - 1, y + 4) != theme.LEVEL_FRAME
        assert colour_at(app, panel.right - 13, y + 9) == theme.LEVEL_FRAME  # the bar ends 12 px in
        assert colour_at(app, panel.right - 12, y + 9) != theme.LEVEL_FRAME
        assert colour_at(app, left + 1, y + 5) == colour and colour_at(app, panel.right - 14, y + 13) == colour
        assert shows(app, "200 plays:", theme.TEXT, x, y + 4 + 11 + 2)  # the legend from the left edge
        # the legend wraps "capability failure" onto a second line, swatch first
        assert colour_at(app, x + text_width("200 plays:") + 10, y + 17 + line + (line - 14) // 2) == FAILURE
        y = y + 4 + 11 + 2 + 2 * line + 4
    assert tops[1] == panel.y + 308 + 4 + 11 + 2 + 2 * line + 4
    chart = pygame.surfarray.array3d(app.screen.subsurface(app.test_panel.curve.rect))
    assert (chart == np.array(SECOND_PATH_RGB)).all(axis=2).sum() > 10  # the chart's key names both agents
    # no outcome bar of the panel's own under the compared rows
    below = pygame.Rect(x, y, panel.width - 24, panel.y + 440 - y)
    pixels = pygame.surfarray.array3d(app.screen.subsurface(below))
    assert not (pixels == np.array(GOAL)).all(axis=2).any()
    assert app.test_panel.curve.rect.top == panel.y + 440


def test_a_compared_agent_without_plays_takes_one_line(app):
    app.set_mode("test")
    frames(app, 1)
    session = app.session
    app.test_panel.run.agent = training_run.TestAgent(None, app.test_view.level, 7, "first.pt, 7 steps")
    frames(app, 1)
    session.second = second_agent(app)
    session.second.many = many((0.0, 0.0, 1.0))
    frames(app, 1)
    panel = app.test_panel.rect
    x, y = panel.x + 12, panel.y + 308
    assert shows(app, "first", theme.TEXT, x + 20, y)
    assert shows(app, "other", theme.TEXT, x + 20, y + 19)
    assert colour_at(app, x + 7, y + 19 + 9) == SECOND_PATH_RGB


def curve_title_shows(app, title: str) -> bool:
    """The curve's title, bold 14 px, 8 px in and 4 px down from the curve's top left."""
    curve = app.test_panel.curve.rect
    end = curve.x + 8 + theme.font(14, bold=True).size(title)[0]
    after = pygame.Rect(end + 1, curve.y + 4, 12, 14)  # nothing more on the title's line ("curves")
    more = (pygame.surfarray.array3d(app.screen.subsurface(after)) == np.array(theme.TEXT)).all(axis=2).any()
    return shows(app, title, theme.TEXT, curve.x + 8, curve.y + 4, bold=True, size=14) and not more


def test_the_curve_is_titled_for_one_agent_or_two_and_comparing_marks_no_return(app):
    show_play(app, 0)
    assert curve_title_shows(app, "training curve")
    app.session.second = second_agent(app)
    frames(app, 1)
    assert curve_title_shows(app, "training curves")
    pixels = pygame.surfarray.array3d(app.screen.subsurface(app.test_panel.curve.rect))
    assert not (pixels == np.array(MARKER_RGB)).all(axis=2).any()  # the play's return is not marked


def test_the_hint_to_compare_takes_two_lines(app):
    app.set_mode("test")
    frames(app, 1)
    app.session.second = second_agent(app)
    frames(app, 1)
    panel = app.test_panel.rect
    hint = theme.wrap("Run 200 episodes to compare both agents' outcome shares.", theme.font(14), panel.width - 24)
    assert len(hint) == 2
    for index, line in enumerate(hint):
        assert shows(app, line, theme.MUTED_TEXT, panel.x + 12, panel.y + 308 + 19 * index)


def test_without_a_first_agent_the_second_agent_row_comes_first(app):
    app.set_mode("test")
    frames(app, 1)
    app.session.second = second_agent(app)
    app.session.second.many = many((0.0, 0.0, 1.0))
    frames(app, 1)
    panel = app.test_panel.rect
    x, y = panel.x + 12, panel.y + 308
    assert shows(app, "other", theme.TEXT, x + 20, y)
    for dy in (7, 11):
        assert colour_at(app, x + 3, y + dy) == SECOND_PATH_RGB  # the trail's line is 5 px thick
    for dy in (6, 12):
        assert colour_at(app, x + 3, y + dy) != SECOND_PATH_RGB
    left = x + 28 + text_width("other")
    assert colour_at(app, left + 5, y + 14) == theme.LEVEL_FRAME  # the bar is 11 px high
    assert colour_at(app, left + 5, y + 15) != theme.LEVEL_FRAME
    assert colour_at(app, left + 5, y + 3) != theme.LEVEL_FRAME


def test_what_changed_and_a_warning_go_under_a_two_line_legend_and_push_the_curve_down(app, monkeypatch):
    app.set_mode("test")
    frames(app, 1)
    app.session.many = many()  # "capability failure 25%" wraps onto the legend's second line
    changed = np.zeros(app.test_view.episode.walls.shape, dtype=bool)
    changed[1, 1] = True
    app.session.changes = changed
    app.test_view.overlays["changes"] = True
    monkeypatch.setattr(type(app.session), "warning", property(lambda self: "trained elsewhere"))
    frames(app, 1)
    panel = app.test_panel.rect
    x, line = panel.x + 12, theme.font(14).get_linesize()
    legend_top = panel.y + 308 + 66 + 16 + 2
    assert colour_at(app, x + text_width("200 plays:") + 10, legend_top + line + (line - 14) // 2) == FAILURE
    changes_top = legend_top + 2 * line
    assert shows(app, "1 cells changed their most likely move", CHANGED_RGB, x, changes_top)
    assert shows(app, "Warning: trained elsewhere", theme.WARNING_TEXT, x, changes_top + 19)
    assert app.test_panel.curve.rect.top == changes_top + 19 + 19 + 4


def fitting_names(width: int) -> tuple[str, str, str]:
    """Outcome names whose first two legend entries ("name 50%" after a 14 px swatch and 6 px gap,
    14 px apart) fill exactly `width` pixels."""
    font = theme.font(14)
    first = "goal 50%"
    for count in range(1, 80):
        for tail in ("", "i", "l", "ii", "il"):
            name = "x" * count + tail
            if 20 + font.size(first)[0] + 14 + 20 + font.size(f"{name} 50%")[0] == width:
                return ("goal", name, "c")
    raise AssertionError("no name fits")


def test_a_legend_that_fills_its_width_exactly_stays_on_one_line(app):
    app.set_mode("test")
    frames(app, 1)
    panel = app.test_panel.rect
    x = panel.x + 12
    indent = text_width("200 plays:") + 10
    names = fitting_names(panel.width - 24 - indent)
    app.session.many = ManyPlayed((0.5, 0.5, 0.0), names, np.zeros((9, 9), dtype=np.int64), True, 200)
    frames(app, 1)
    legend_top, line = panel.y + 308 + 66 + 18, theme.font(14).get_linesize()
    second = x + indent + 20 + text_width("goal 50%") + 14
    assert colour_at(app, second, legend_top + (line - 14) // 2) == PROXY_RGB  # on the first line
    assert colour_at(app, x + indent, legend_top + line + (line - 14) // 2) == FAILURE  # the third wraps


def nothing_muted_right_of(app, text: str, left: int, top: int) -> bool:
    """No muted text on the rest of the line after `text` (up to the panel's right edge)."""
    panel = app.test_panel.rect
    start = left + text_width(text) + 1
    area = pygame.Rect(start, top, panel.right - start, 19)
    return not (pygame.surfarray.array3d(app.screen.subsurface(area)) == np.array(theme.MUTED_TEXT)).all(axis=2).any()


def agent_line_test(app, label: str, line: str) -> None:
    app.set_mode("test")
    frames(app, 1)
    app.test_panel.run.agent = training_run.TestAgent(None, app.test_view.level, 7, label)
    frames(app, 2)
    panel = app.test_panel.rect
    assert shows(app, line, theme.MUTED_TEXT, panel.x + 12, panel.y + 36)
    assert nothing_muted_right_of(app, line, panel.x + 12, panel.y + 36)


def test_the_agent_line_names_the_agent(app):
    agent_line_test(app, "first.pt, 7 steps", "Agent: first.pt, 7 steps")


def test_a_long_agent_name_is_cut_at_the_last_word_that_fits(app):
    panel_width = app.test_panel.rect.width
    words = "Agent: first.pt, " + " ".join(["steps"] * 20)
    line = theme.wrap(words, theme.font(14), panel_width - 24)[0]
    assert text_width(line + " steps") <= panel_width  # a wider cut would take another word
    agent_line_test(app, words.removeprefix("Agent: "), line)


def test_an_agent_name_that_fills_the_line_exactly_keeps_it(app):
    font, width = theme.font(14), app.test_panel.rect.width - 24
    label = next(f"first.pt, {'x' * count}{tail}" for count in range(1, 80) for tail in ("", "i", "l", "ii", "il")
                 if font.size(f"Agent: first.pt, {'x' * count}{tail}")[0] == width)
    agent_line_test(app, label + " steps", "Agent: " + label)


def test_two_plays_are_counted_as_plays(app):
    app.set_mode("test")
    frames(app, 1)
    app.session.many = many((1.0, 0.0, 0.0), count=2)
    frames(app, 1)
    panel = app.test_panel.rect
    assert shows(app, "2 plays:", theme.TEXT, panel.x + 12, panel.y + 308 + 66 + 18)


def test_a_warning_line_that_fills_the_width_exactly_keeps_its_last_word(app, monkeypatch):
    font, width = theme.font(14), app.test_panel.rect.width - 24
    first = next(f"trained on {'x' * count}{'r' * r}{'i' * i}" for count in range(1, 50) for r in range(4)
                 for i in range(4) if font.size(f"Warning: trained on {'x' * count}{'r' * r}{'i' * i}")[0] == width)
    monkeypatch.setattr(type(app.session), "warning", property(lambda self: first + " on another level"))
    app.set_mode("test")
    frames(app, 2)
    panel = app.test_panel.rect
    assert shows(app, "Warning: " + first, theme.WARNING_TEXT, panel.x + 12, panel.y + 380)
    assert shows(app, "on another level", theme.WARNING_TEXT, panel.x + 12, panel.y + 380 + 19)
