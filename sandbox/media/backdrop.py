"""The still part of an export frame: caption, panel titles and the training curve, drawn once
with matplotlib's Agg renderer (crisp anti-aliased text, no window); the moving grids are pasted
into its empty slots frame by frame.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from sandbox.env.rendering import BACKGROUND_RGB
from sandbox.rl.agent_file import CurvePoint

MARGIN = 16
CAPTION_HEIGHT = 64
TITLE_HEIGHT = 50
CURVE_MIN_WIDTH = 380
DPI = 100
TEXT_RGB = "#23262e"
MUTED_RGB = "#5b6170"
RETURN_RGB = "#2f7fd8"
SUCCESS_RGB = "#3fa34d"
MARKER_RGBS = ("#e07b00", "#b8329a")
OUTCOME_RGBS = ("#2e8b3e", "#d96a00", "#c0392b")  # goal, proxy, capability failure


@dataclass(frozen=True)
class Marker:
    """A return drawn as a dashed line across the curve (one per played episode)."""

    value: float
    label: str


@dataclass(frozen=True)
class Backdrop:
    """image: uint8[H, W, 3] with even H and W; slots: top-left (y, x) of each grid panel."""

    image: np.ndarray
    slots: list[tuple[int, int]]


def _even(value: int) -> int:
    return value + value % 2


def compose_backdrop(grid_size: tuple[int, int], titles: Sequence[tuple[str, str, str]], caption: str, note: str,
                     curve: Sequence[CurvePoint], markers: Sequence[Marker],
                     curves: Sequence[tuple[str, Sequence[CurvePoint]]] = ()) -> Backdrop:
    """Lay out one grid slot per (title, verdict, verdict colour), then the curve, under a two-line caption."""
    grid_h, grid_w = grid_size
    curve_w = max(CURVE_MIN_WIDTH, int(grid_h * 1.3))
    width = _even(MARGIN + len(titles) * (grid_w + MARGIN) + curve_w + MARGIN)
    height = _even(CAPTION_HEIGHT + TITLE_HEIGHT + max(grid_h, 240) + MARGIN)
    figure = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, facecolor=BACKGROUND_RGB / 255)
    canvas = FigureCanvasAgg(figure)

    def at(x: float, y: float) -> tuple[float, float]:
        """Pixel (x, y from the top) to figure fraction."""
        return x / width, 1 - y / height

    _fit_width(canvas, figure.text(*at(MARGIN, 10), caption, fontsize=15, weight="bold", color=TEXT_RGB, va="top"),
               width - 2 * MARGIN)
    figure.text(*at(MARGIN, 38), note, fontsize=10.5, color=MUTED_RGB, va="top")
    top = CAPTION_HEIGHT + TITLE_HEIGHT
    slots = []
    for index, (title, verdict, colour) in enumerate(titles):
        left = MARGIN + index * (grid_w + MARGIN)
        figure.text(*at(left, CAPTION_HEIGHT + 2), title, fontsize=11.5, color=TEXT_RGB, va="top")
        figure.text(*at(left, CAPTION_HEIGHT + 22), verdict, fontsize=10.5, weight="bold", color=colour, va="top")
        slots.append((top, left))
    curve_left = MARGIN + len(titles) * (grid_w + MARGIN)
    box = (curve_left, CAPTION_HEIGHT, curve_w, height - CAPTION_HEIGHT - MARGIN)
    if curves:
        _draw_curves(figure, at, box, curves)
    else:
        _draw_curve(figure, at, box, curve, markers)
    canvas.draw()
    image = np.asarray(canvas.buffer_rgba())[:, :, :3].copy()
    return Backdrop(image, slots)


def _fit_width(canvas: FigureCanvasAgg, text, pixels: int) -> None:
    """Shrink a text's font until it fits in `pixels` (long level names and verdicts)."""
    renderer = canvas.get_renderer()
    while text.get_window_extent(renderer).width > pixels and text.get_fontsize() > 8:
        text.set_fontsize(text.get_fontsize() - 0.5)


def _draw_curve(figure: Figure, at, box: tuple[int, int, int, int], curve: Sequence[CurvePoint],
                markers: Sequence[Marker]) -> None:
    """Return and success rate against steps, with each played episode's return marked."""
    left, top, width, height = box
    x0, y1 = at(left + 52, top + 24)
    x1, y0 = at(left + width - 46, top + height - 36)
    axes = figure.add_axes((x0, y0, x1 - x0, y1 - y0), facecolor="white")
    axes.set_title("training curve", fontsize=11.5, color=TEXT_RGB, loc="left")
    steps = [p.step for p in curve]
    success = axes.twinx()
    success.plot(steps, [p.success_rate for p in curve], color=SUCCESS_RGB, lw=4, alpha=0.45, label="success rate")
    success.set_ylim(-0.05, 1.05)
    success.yaxis.set_major_formatter(lambda value, _: f"{value:.0%}")
    axes.plot(steps, [p.episodic_return for p in curve], color=RETURN_RGB, lw=1.8, label="return")
    for marker, colour in zip(markers, MARKER_RGBS):
        axes.axhline(marker.value, color=colour, lw=2, ls=(0, (4, 3)), label=f"{marker.label} {marker.value:+.2f}")
    values = [p.episodic_return for p in curve] + [m.value for m in markers]
    axes.set_ylim(min([0.0] + values) - 0.05, max([1.0] + values) + 0.05)
    axes.set_xlabel("environment steps", fontsize=9.5, color=MUTED_RGB)
    axes.xaxis.set_major_formatter(lambda value, _: f"{value / 1000:g}k" if value else "0")
    for each in (axes, success):
        each.tick_params(labelsize=9, colors=MUTED_RGB)
    lines = axes.get_legend_handles_labels()[0] + success.get_legend_handles_labels()[0]
    axes.legend(lines, [line.get_label() for line in lines], fontsize=9, loc="center right", framealpha=0.9)


def _draw_curves(figure: Figure, at, box: tuple[int, int, int, int],
                 curves: Sequence[tuple[str, Sequence[CurvePoint]]]) -> None:
    """Several agents' returns against steps on one chart, one colour and legend entry each."""
    left, top, width, height = box
    x0, y1 = at(left + 52, top + 24)
    x1, y0 = at(left + width - 20, top + height - 36)
    axes = figure.add_axes((x0, y0, x1 - x0, y1 - y0), facecolor="white")
    axes.set_title("training curves (return)", fontsize=11.5, color=TEXT_RGB, loc="left")
    for (name, curve), colour in zip(curves, (RETURN_RGB, *MARKER_RGBS)):
        axes.plot([p.step for p in curve], [p.episodic_return for p in curve], color=colour, lw=1.8, label=name)
    axes.set_xlabel("environment steps", fontsize=9.5, color=MUTED_RGB)
    axes.xaxis.set_major_formatter(lambda value, _: f"{value / 1000:g}k" if value else "0")
    axes.tick_params(labelsize=9, colors=MUTED_RGB)
    axes.legend(fontsize=9, loc="lower right", framealpha=0.9)
