"""The reward curve: episodic return and success rate against environment steps.

Drawn with pygame (matplotlib per frame would cost tens of milliseconds); the plot is rebuilt only
when its data or size changes and blitted otherwise.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import pygame

from sandbox.ui import theme
from sandbox.ui.overlays import PATH_RGB, SECOND_PATH_RGB
from sandbox.ui.training_run import CurveSample

# Okabe-Ito sky blue, orange and reddish purple: apart for every common colour vision
RETURN_RGB = (86, 180, 233)
SUCCESS_RGB = (230, 159, 0)
MARKER_RGB = (204, 121, 167)
LABEL_SIZE, TITLE_SIZE = 12, 14
SHORT_PLOT = 90  # pixels: a plot shorter than this drops the "environment steps" line
AXIS_RGB = (120, 128, 146)
GRID_RGB = (48, 53, 66)


@dataclass(frozen=True)
class ComparedCurves:
    """Two agents' curves on one chart: each agent's return in its trail's colour, named in the legend."""

    first_name: str
    second_name: str
    second: Sequence[CurveSample]


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round tick values covering [low, high] (steps of 1, 2 or 5 times a power of ten)."""
    span = max(high - low, 1e-9)
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(low / step - 1e-9) * step
    return [first + i * step for i in range(int((high - first) / step + 1e-9) + 1)]


def step_label(value: float) -> str:
    if value >= 1e6:
        return f"{value / 1e6:g}M"
    return f"{value / 1e3:g}k" if value >= 1e3 else f"{value:g}"


class RewardCurvePanel:
    """`label_size` and `title_size` are font sizes in pixels (larger in presenter mode); the margins
    around the plot follow them."""

    def __init__(self, rect: pygame.Rect, label_size: int = LABEL_SIZE, title_size: int = TITLE_SIZE):
        self.rect = pygame.Rect(rect)
        self.label_size, self.title_size = label_size, title_size
        self._key: tuple | None = None
        self._surface: pygame.Surface | None = None
        self.builds = 0

    def draw(self, surface: pygame.Surface, curve: Sequence[CurveSample], total_steps: int, title: str,
             marker: float | None = None, compared: ComparedCurves | None = None) -> None:
        """Plot `curve`; the x axis runs to `total_steps` (so progress shows); `marker` is a test
        episode's return, drawn as a line across the plot; `compared` adds a second agent's curve."""
        key = (len(curve), curve[-1] if curve else None, total_steps, title, marker, self.rect.size, compared)
        if key != self._key:
            self._surface = self._build(curve, total_steps, title, marker, compared)
            self._key = key
            self.builds += 1
        surface.blit(self._surface, self.rect.topleft)

    def _build(self, curve: Sequence[CurveSample], total_steps: int, title: str,
               marker: float | None, compared: ComparedCurves | None) -> pygame.Surface:
        picture = pygame.Surface(self.rect.size)
        picture.fill(theme.CANVAS_BACKGROUND)
        small, line = theme.font(self.label_size), theme.font(self.label_size).get_linesize()
        side, top, bottom = 4 * self.label_size - 2, theme.font(self.title_size).get_linesize() + 12, 3 * line + 10
        axis_named = self.rect.height - top - bottom >= SHORT_PLOT  # else its line goes to the plot
        if not axis_named:
            bottom -= line
        plot = pygame.Rect(side, top, self.rect.width - 2 * side, self.rect.height - top - bottom)
        picture.blit(theme.font(self.title_size, bold=True).render(title, True, theme.TEXT), (8, 4))
        both = list(curve) + list(compared.second if compared is not None else [])
        x_max = max([total_steps, 1] + [p.step for p in both])
        values = [p.episodic_return for p in both] + ([marker] if marker is not None else [])
        y_low, y_high = min([0.0] + values), max([1.0] + values)
        to_x = lambda step: plot.x + plot.width * step / x_max  # noqa: E731
        to_y = lambda v, low=y_low, high=y_high: plot.bottom - plot.height * (v - low) / (high - low)  # noqa: E731
        for tick in nice_ticks(0, x_max):
            x = to_x(tick)
            pygame.draw.line(picture, GRID_RGB, (x, plot.y), (x, plot.bottom))
            label = small.render(step_label(tick), True, theme.MUTED_TEXT)
            picture.blit(label, (x - label.get_width() // 2, plot.bottom + 3))
        for tick in nice_ticks(y_low, y_high):
            y = to_y(tick)
            pygame.draw.line(picture, GRID_RGB, (plot.x, y), (plot.right, y))
            label = small.render(f"{tick:g}", True, RETURN_RGB)
            picture.blit(label, (plot.x - label.get_width() - 4, y - label.get_height() // 2))
        for tick in (0, 0.5, 1):
            label = small.render(f"{tick:.0%}", True, SUCCESS_RGB)
            picture.blit(label, (plot.right + 4, to_y(tick, 0, 1) - label.get_height() // 2))
        pygame.draw.rect(picture, AXIS_RGB, plot, 1)
        if axis_named:
            axis = small.render("environment steps", True, theme.MUTED_TEXT)
            picture.blit(axis, (plot.centerx - axis.get_width() // 2, plot.bottom + line + 2))
        if compared is not None:
            for samples, colour in ((curve, PATH_RGB), (compared.second, SECOND_PATH_RGB)):
                self._line(picture, samples, colour, lambda p: (to_x(p.step), to_y(p.episodic_return)))
        elif len(curve) >= 2:
            # success under return and wider, in its own colour: with a reward of 1 per success the
            # two lines coincide, and the orange edges show that both are there
            pygame.draw.lines(picture, SUCCESS_RGB, False, [(to_x(p.step), to_y(p.success_rate, 0, 1)) for p in curve], 5)
            pygame.draw.lines(picture, RETURN_RGB, False, [(to_x(p.step), to_y(p.episodic_return)) for p in curve], 2)
        elif curve:
            pygame.draw.circle(picture, RETURN_RGB, (to_x(curve[0].step), to_y(curve[0].episodic_return)), 3)
        else:
            empty = small.render("no episodes counted yet", True, theme.MUTED_TEXT)
            picture.blit(empty, empty.get_rect(center=plot.center))
        if marker is not None:
            y = to_y(marker)
            for x in range(plot.x, plot.right, 8):
                pygame.draw.line(picture, MARKER_RGB, (x, y), (min(x + 4, plot.right), y), 2)
        self._legend(picture, plot, marker, 2 if axis_named else 1, compared)
        return picture

    @staticmethod
    def _line(picture: pygame.Surface, samples: Sequence[CurveSample], colour, point) -> None:
        if len(samples) >= 2:
            pygame.draw.lines(picture, colour, False, [point(p) for p in samples], 3)
        elif samples:
            pygame.draw.circle(picture, colour, point(samples[0]), 3)

    def _legend(self, picture: pygame.Surface, plot: pygame.Rect, marker: float | None, lines_below: int,
                compared: ComparedCurves | None) -> None:
        """A line sample and a name per plotted line, in one row under the axis label; type shrinks
        (never under LABEL_SIZE) to keep the row inside the picture."""
        entries = [("return", RETURN_RGB), ("success rate", SUCCESS_RGB)]
        if compared is not None:
            entries = [(compared.first_name, PATH_RGB), (compared.second_name, SECOND_PATH_RGB)]
        if marker is not None:
            entries.append((f"this episode {marker:+.2f}", MARKER_RGB))
        line = theme.font(self.label_size).get_linesize()
        size = self.label_size
        while size > LABEL_SIZE and self._legend_width(entries, size) > picture.get_width() - plot.x:
            size -= 1
        x, y = plot.x, plot.bottom + lines_below * line + 4 + line // 2
        for text, colour in entries:
            label = theme.font(size).render(text, True, colour)
            pygame.draw.line(picture, colour, (x, y), (x + size, y), 4)
            picture.blit(label, (x + size + 4, y - label.get_height() // 2))
            x += label.get_width() + 2 * size

    @staticmethod
    def _legend_width(entries: list[tuple[str, tuple[int, int, int]]], size: int) -> int:
        return sum(theme.font(size).size(text)[0] + 2 * size for text, _ in entries)
