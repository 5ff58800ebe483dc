"""The Train panel's other chart: PPO's losses and diagnostics, one small plot each.

Six small plots, not one chart, because their scales differ by orders of magnitude (approx KL is
around 0.001 while entropy starts near 1.4); each plot is scaled to its own range and labelled with
its lowest and highest value, which is what a reader checks first (is the entropy falling, is the
KL staying small, is the explained variance rising towards 1).
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import pygame

from sandbox.ui import theme
from sandbox.ui.reward_curve import AXIS_RGB, LABEL_SIZE, RETURN_RGB, TITLE_SIZE
from sandbox.ui.training_run import CurveSample

SHOWN = (("losses/value_loss", "value loss"), ("losses/policy_loss", "policy loss"), ("losses/entropy", "entropy"),
         ("losses/approx_kl", "approx KL"), ("losses/clipfrac", "clip fraction"),
         ("losses/explained_variance", "explained variance"))
"""What is plotted, in reading order; `losses/old_approx_kl` is left to TensorBoard (it tells the
same story as approx_kl with more noise)."""
LOSS_ORDER = ("losses/value_loss", "losses/policy_loss", "losses/entropy", "losses/old_approx_kl",
              "losses/approx_kl", "losses/clipfrac", "losses/explained_variance")
"""`metrics.LOSS_NAMES`, the order of `CurveSample.losses` (repeated here so the window does not
import torch to draw; a test checks they are the same)."""


def plot_rects(rect: pygame.Rect, count: int = len(SHOWN), columns: int = 2) -> list[pygame.Rect]:
    """`count` cells of a grid `columns` wide filling `rect`, below a title line, 6 px apart."""
    top = theme.font(TITLE_SIZE).get_linesize() + 10
    rows = math.ceil(count / columns)
    width = (rect.width - 6 * (columns + 1)) // columns
    height = (rect.height - top - 6 * rows) // rows
    return [pygame.Rect(rect.x + 6 + (i % columns) * (width + 6), rect.y + top + (i // columns) * (height + 6),
                        width, height) for i in range(count)]


def draw_loss_charts(surface: pygame.Surface, rect: pygame.Rect, curve: Sequence[CurveSample], title: str) -> None:
    pygame.draw.rect(surface, theme.CANVAS_BACKGROUND, rect)
    surface.blit(theme.font(TITLE_SIZE, bold=True).render(title, True, theme.TEXT), (rect.x + 8, rect.y + 4))
    samples = [s for s in curve if len(s.losses) == len(LOSS_ORDER)]
    font = theme.font(LABEL_SIZE)
    if not samples:
        text = font.render("no losses recorded yet", True, theme.MUTED_TEXT)
        surface.blit(text, text.get_rect(center=rect.center))
        return
    for (name, label), cell in zip(SHOWN, plot_rects(rect)):
        index = LOSS_ORDER.index(name)
        points = [(s.step, s.losses[index]) for s in samples if math.isfinite(s.losses[index])]
        _small_plot(surface, cell, label, points, font)


def _small_plot(surface: pygame.Surface, cell: pygame.Rect, label: str, points: list[tuple[int, float]],
                font: pygame.font.Font) -> None:
    """The name and newest value on top, the line below, its lowest and highest value at the left."""
    line = font.get_linesize()
    newest = f"  {points[-1][1]:.3g}" if points else ""
    surface.blit(font.render(f"{label}{newest}", True, theme.TEXT), (cell.x, cell.y))
    plot = pygame.Rect(cell.x, cell.y + line + 2, cell.width, cell.height - line - 2)
    pygame.draw.rect(surface, AXIS_RGB, plot, 1)
    if len(points) < 2:
        return
    low, high = min(v for _, v in points), max(v for _, v in points)
    first, last = points[0][0], points[-1][0]
    span, steps = (high - low) or 1.0, (last - first) or 1
    inner = plot.inflate(-4, -4)
    pygame.draw.lines(surface, RETURN_RGB, False, [
        (inner.x + inner.width * (step - first) / steps, inner.bottom - inner.height * (value - low) / span)
        for step, value in points], 2)
    for value, y in ((high, plot.y + 2), (low, plot.bottom - line - 1)):
        surface.blit(font.render(f"{value:.3g}", True, theme.MUTED_TEXT, theme.CANVAS_BACKGROUND), (plot.x + 2, y))
