"""Presenter mode's screen: the level and the reward curve side by side filling the window, a caption
in plain words below, and the outcome numbers large enough to read from the back of a room.

Sizes follow the window's height: at 1080 pixels the caption is set in 32 px type and the numbers in
48 px, never smaller than CAPTION_MIN and NUMBER_MIN on small screens. Presenter mode and the
recorder draw with the same `Presentation` (so a recording looks like the presenter's screen), and
the workshop demo can draw its captions with it too.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pygame

from sandbox.ui import legends, theme
from sandbox.ui.reward_curve import ComparedCurves, RewardCurvePanel
from sandbox.ui.training_run import CurveSample
from sandbox.world import Episode, Level

REFERENCE_HEIGHT = 1080
CAPTION_AT_REFERENCE, NUMBER_AT_REFERENCE, LABEL_AT_REFERENCE = 32, 48, 20
CAPTION_MIN, NUMBER_MIN, LABEL_MIN = 22, 32, 14
CURVE_SHARE = 0.38  # of the width, beside the level
RECORDING_MARGIN = 12
RECORDING_CURVE_MIN = 360
HINT = "F11 or Esc: back to the editor"


@dataclass(frozen=True)
class TextSizes:
    caption: int
    number: int
    label: int


def text_sizes(height: int) -> TextSizes:
    """Font sizes in pixels for a screen `height` pixels high."""
    scale = height / REFERENCE_HEIGHT
    return TextSizes(max(CAPTION_MIN, round(CAPTION_AT_REFERENCE * scale)),
                     max(NUMBER_MIN, round(NUMBER_AT_REFERENCE * scale)),
                     max(LABEL_MIN, round(LABEL_AT_REFERENCE * scale)))


@dataclass(frozen=True)
class PresenterLayout:
    """Where each part goes in a window of `size`."""

    size: tuple[int, int]
    level: pygame.Rect
    curve: pygame.Rect
    numbers: pygame.Rect
    caption: pygame.Rect
    sizes: TextSizes


def arrange(size: tuple[int, int], numbers: bool = True, caption_lines: int = 2) -> PresenterLayout:
    """The level on the left, the curve on the right at full height (over the numbers, if shown),
    the caption band across the bottom, `caption_lines` lines of caption type high."""
    width, height = size
    sizes = text_sizes(height)
    band = caption_lines * theme.font(sizes.caption).get_linesize() + theme.font(LABEL_MIN).get_linesize() + 24
    top = height - band
    curve_width = round(width * CURVE_SHARE)
    numbers_height = (theme.font(sizes.number, bold=True).get_linesize()
                      + theme.font(sizes.label).get_linesize() + 16) if numbers else 0
    right = pygame.Rect(width - curve_width, 0, curve_width, top)
    return PresenterLayout(
        size=(width, height),
        level=pygame.Rect(0, 0, width - curve_width, top),
        curve=pygame.Rect(right.x + 8, 12, right.width - 20, right.height - numbers_height - 20),
        numbers=pygame.Rect(right.x + 8, right.bottom - numbers_height, right.width - 20, numbers_height),
        caption=pygame.Rect(0, top, width, band),
        sizes=sizes)


@dataclass(frozen=True)
class Outcome:
    """One big number: a label, its share of the plays and its colour."""

    label: str
    share: float
    colour: tuple[int, int, int]


@dataclass(frozen=True)
class OutcomeRow:
    """One agent's big numbers, under its `title` (empty when only one agent is tested), with the
    colour of its trail beside the title."""

    title: str
    outcomes: tuple[Outcome, ...]
    title_rgb: tuple[int, int, int] = theme.TEXT


class Presentation:
    """Draws the parts around the level (which the mode's own view draws into `layout.level`)."""

    def __init__(self, caption_lines: int = 2):
        self.caption_lines = caption_lines  # the walk-through's captions take two lines, then the verdict
        self.layout: PresenterLayout | None = None
        self.curve = RewardCurvePanel(pygame.Rect(0, 0, 1, 1))
        self._frame: pygame.Surface | None = None  # the recording frame, reused while its size holds

    def arrange(self, size: tuple[int, int], numbers: bool = True) -> PresenterLayout:
        self.layout = arrange(size, numbers, self.caption_lines)
        sizes = self.layout.sizes
        self.curve = RewardCurvePanel(self.layout.curve, label_size=sizes.label, title_size=sizes.label + 4)
        return self.layout

    def frame_around(self, picture: tuple[int, int], legend_height: int = 0) -> tuple[pygame.Surface, tuple[int, int]]:
        """A recording frame for a level picture of size `picture`: the curve beside it at its full
        height and the caption band under both (tall enough for a legend of `legend_height`).
        Returns the frame and where the picture goes."""
        width, height = picture
        level = pygame.Rect(0, 0, width + 2 * RECORDING_MARGIN, height + 2 * RECORDING_MARGIN)
        curve_width = max(RECORDING_CURVE_MIN, round(level.width * CURVE_SHARE / (1 - CURVE_SHARE)))
        sizes = text_sizes(max(level.height, 720) * 3 // 4)
        band = max(2 * theme.font(sizes.caption).get_linesize(), legend_height) + 16
        size = (level.width + curve_width, level.height + band)
        size = (size[0] + size[0] % 2, size[1] + size[1] % 2)  # even, as the video needs: no cropping later
        if self.layout is None or self.layout.size != size:
            self.layout = PresenterLayout(
                size=size, level=level,
                curve=pygame.Rect(level.right, RECORDING_MARGIN, curve_width - RECORDING_MARGIN, height),
                numbers=pygame.Rect(level.right, level.bottom, 0, 0),
                caption=pygame.Rect(0, level.bottom, size[0], band), sizes=sizes)
            self.curve = RewardCurvePanel(self.layout.curve, label_size=sizes.label, title_size=sizes.label + 2)
            self._frame = pygame.Surface(size, 0, 24)  # 24-bit: copied out as RGB bytes without conversion
        self._frame.fill(theme.CANVAS_BACKGROUND)
        return self._frame, (RECORDING_MARGIN, RECORDING_MARGIN)

    def draw(self, surface: pygame.Surface, caption: str, curve: Sequence[CurveSample], total_steps: int,
             marker: float | None = None, outcomes: Sequence[OutcomeRow] = (),
             verdict: tuple[str, tuple[int, int, int]] | None = None, hint: str = HINT,
             heat: tuple[bool, bool] = (False, False), compared: ComparedCurves | None = None) -> None:
        """`outcomes`: a row of big numbers per agent; `heat`: whether the visits and value heatmaps
        are shown, for their legend at the band's right; `compared`: a second agent's curve."""
        layout = self.layout
        surface.fill(theme.CANVAS_BACKGROUND, layout.caption)
        numbers = self._numbers_area(outcomes)
        self.curve.rect.height = max(1, numbers.y - 8 - self.curve.rect.y) if numbers.height else layout.curve.height
        title = "training curves" if compared else "training curve"
        self.curve.draw(surface, curve, total_steps, title, marker, compared)
        if outcomes and numbers.height:
            surface.fill(theme.CANVAS_BACKGROUND, numbers)
            self._numbers(surface, numbers, outcomes)
        size = min(layout.sizes.label, legends.TEXT_SIZE * 3 // 2)
        width, height = legends.ramp_legend_size(*heat, size)
        while height > layout.caption.height - 12 and size > legends.TEXT_SIZE:  # two heatmaps need room
            size -= 1
            width, height = legends.ramp_legend_size(*heat, size)
        if width:
            legends.draw_ramp_legends(surface, (layout.caption.right - width - 12, layout.caption.y + 8), *heat, size)
        self._caption(surface, caption, verdict, hint, width + 24 if width else 0)

    def _row_height(self, row: OutcomeRow) -> int:
        sizes = self.layout.sizes
        title = theme.font(sizes.label, bold=True).get_linesize() if row.title else 0
        return title + theme.font(sizes.number, bold=True).get_linesize() + theme.font(sizes.label).get_linesize() + 8

    def _numbers_area(self, rows: Sequence[OutcomeRow]) -> pygame.Rect:
        """The numbers' area: the layout's own for one untitled row, taller (taken from the curve)
        for more."""
        area = self.layout.numbers
        if not area.height or len(rows) < 2 and not any(row.title for row in rows):
            return area
        height = sum(self._row_height(row) for row in rows)
        return pygame.Rect(area.x, area.bottom - height, area.width, height)

    def _numbers(self, surface: pygame.Surface, area: pygame.Rect, rows: Sequence[OutcomeRow]) -> None:
        sizes, y = self.layout.sizes, area.y
        for row in rows:
            if row.title:
                title_font = theme.font(sizes.label, bold=True)
                pygame.draw.line(surface, row.title_rgb, (area.x, y + title_font.get_linesize() // 2),
                                 (area.x + sizes.label, y + title_font.get_linesize() // 2), 5)
                title = theme.wrap(row.title, title_font, area.width - sizes.label - 6)[0]
                surface.blit(title_font.render(title, True, theme.TEXT), (area.x + sizes.label + 6, y))
                y += title_font.get_linesize()
            column = area.width // len(row.outcomes)
            for index, outcome in enumerate(row.outcomes):
                x = area.x + index * column
                number = theme.font(sizes.number, bold=True).render(f"{outcome.share:.0%}", True, outcome.colour)
                surface.blit(number, (x, y))
                label = theme.font(sizes.label).render(outcome.label, True, theme.TEXT)
                surface.blit(label, (x, y + number.get_height()))
            y += theme.font(sizes.number, bold=True).get_linesize() + theme.font(sizes.label).get_linesize() + 8

    def _caption(self, surface: pygame.Surface, caption: str, verdict, hint: str, right: int) -> None:
        """The caption over two lines at most (leaving `right` pixels free); the verdict, in its
        outcome's colour, on the line after; the hint under them."""
        band, sizes = self.layout.caption, self.layout.sizes
        font = theme.font(sizes.caption, bold=True)
        room = self.caption_lines - (verdict is not None)
        lines = theme.wrap(caption, font, band.width - 40 - right)[:max(1, room)]
        y = band.y + 8
        for line in lines:
            surface.blit(font.render(line, True, theme.TEXT), (band.x + 20, y))
            y += font.get_linesize()
        if verdict is not None:
            surface.blit(font.render(verdict[0], True, verdict[1]), (band.x + 20, y))
        if hint:
            small = theme.font(LABEL_MIN).render(hint, True, theme.MUTED_TEXT)
            surface.blit(small, (band.x + 20, band.bottom - small.get_height() - 6))


def place_words(cell: tuple[int, int], free: np.ndarray) -> str:
    """Where `cell` is among the free cells bool[H, W], as a person would say it: by thirds of
    their extent, "the top", "the left side", "the bottom right" or "the middle"."""
    rows, cols = np.nonzero(free)

    def third(value: int, low: int, high: int, words: tuple[str, str]) -> str:
        span = max(1, high - low + 1)
        position = (value - low) / span
        return words[0] if position < 1 / 3 else words[1] if position >= 2 / 3 else ""

    vertical = third(cell[0], rows.min(), rows.max(), ("top", "bottom"))
    horizontal = third(cell[1], cols.min(), cols.max(), ("left", "right"))
    if vertical and horizontal:
        return f"the {vertical} {horizontal}"
    if vertical:
        return f"the {vertical}"
    return f"the {horizontal} side" if horizontal else "the middle"


def plain_caption(level: Level, episode: Episode) -> str:
    """"CoinRun: the coin moved to the top." (the verdict is drawn on its own line). A placement
    with other counts of things says so ("4 keys and 2 chests; 2 and 4 in training"), and one on a
    new layout (a sampled maze) says where the goal is, since "moved" from the open room would be
    untrue there."""
    default = level.default_episode()
    counts = _count_change(level, default, episode)
    if counts:
        return f"{level.name}: {counts}."
    free = ~episode.walls
    if not np.array_equal(episode.walls, default.walls):
        goal = level.goal_code
        cells = episode.cells_of(goal) if goal is not None else []
        where = f", the {level.goal_noun} in {place_words(cells[0], free)}" if cells else ""
        return f"{level.name}: a new layout{where}."
    moves = []
    if tuple(episode.agent) != tuple(default.agent):
        moves.append(f"the agent starts in {place_words(tuple(episode.agent), free)}")
    for entity in level.entities:
        if entity.kind == "agent" or episode.objects[entity.at] == entity.code:
            continue
        cells = [cell for cell in episode.cells_of(entity.code) if default.objects[cell] != entity.code]
        moves.append(f"the {entity.id} moved to {place_words(cells[0], free)}" if cells
                     else f"the {entity.id} is gone")
    what = ", ".join(moves) or "everything is where it was in training"
    return f"{level.name}: {what}."


def _count_change(level: Level, default: Episode, episode: Episode) -> str:
    """"4 keys and 2 chests; 2 and 4 in training" when the counts of any kind differ, else ""."""
    kinds = list(dict.fromkeys(e.kind for e in level.entities if e.kind != "agent"))
    codes = {kind: [e.code for e in level.entities if e.kind == kind] for kind in kinds}
    now = {kind: int(np.isin(episode.objects, codes[kind]).sum()) for kind in kinds}
    before = {kind: int(np.isin(default.objects, codes[kind]).sum()) for kind in kinds}
    changed = [kind for kind in kinds if now[kind] != before[kind]]
    if not changed:
        return ""
    shown = " and ".join(f"{now[kind]} {kind}{'' if now[kind] == 1 else 's'}" for kind in changed)
    return f"{shown}; {' and '.join(str(before[kind]) for kind in changed)} in training"
