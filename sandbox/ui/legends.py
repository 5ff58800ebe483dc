"""Keys to the colours Test mode uses: the outcome bar's shares and the heatmaps' ramps.

Each legend names what a colour means in words next to a swatch, so the window reads without telling
colours apart and a screenshot explains itself.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pygame

from sandbox.ui import theme
from sandbox.ui.overlays import VALUES_RAMP, VISITS_RAMP, ramp_colour

OUTCOME_RGB = ((90, 200, 110), (240, 150, 40), (150, 150, 160))  # goal, proxy, capability failure
TEXT_SIZE = 14
SWATCH = 14
RAMP_WIDTH = 100
LEGEND_WIDTH = 204
PADDING = 8


def draw_outcome_legend(surface: pygame.Surface, topleft: tuple[int, int], width: int, names: Sequence[str],
                        shares: Sequence[float], colours: Sequence[tuple[int, int, int]]) -> int:
    """A swatch, name and share per outcome, wrapping onto new lines within `width`; returns the
    y just below the legend."""
    font = theme.font(TEXT_SIZE)
    x, y = topleft
    line_height = font.get_linesize()
    for name, share, colour in zip(names, shares, colours):
        label = font.render(f"{name} {share:.0%}", True, theme.TEXT)
        entry = SWATCH + 6 + label.get_width()
        if x > topleft[0] and x + entry > topleft[0] + width:
            x, y = topleft[0], y + line_height
        surface.fill(colour, pygame.Rect(x, y + (line_height - SWATCH) // 2, SWATCH, SWATCH))
        surface.blit(label, (x + SWATCH + 6, y))
        x += entry + 14
    return y + line_height


def ramp_strip(ramp: np.ndarray, width: int, height: int) -> pygame.Surface:
    strip = pygame.Surface((width, height))
    for x in range(width):
        pygame.draw.line(strip, ramp_colour(ramp, x / max(1, width - 1)), (x, 0), (x, height - 1))
    return strip


def ramp_legends(visits: bool, values: bool) -> list[tuple[str, np.ndarray, str, str]]:
    """(title, ramp, low end, high end) of each heatmap shown."""
    entries = []
    if visits:
        entries.append(("Visits (last plays)", VISITS_RAMP, "few", "many"))
    if values:
        entries.append(("Value (expected return)", VALUES_RAMP, "low", "high"))
    return entries


def ramp_legend_size(visits: bool, values: bool, size: int = TEXT_SIZE) -> tuple[int, int]:
    """(width, height) of the box `draw_ramp_legends` draws in `size` px type; (0, 0) when no
    heatmap is shown."""
    entries = ramp_legends(visits, values)
    line = theme.font(size).get_linesize()
    return (LEGEND_WIDTH * size // TEXT_SIZE, 2 * PADDING + len(entries) * (2 * line + 8)) if entries else (0, 0)


def legend_spot(area: pygame.Rect, picture: pygame.Rect, size: tuple[int, int]) -> pygame.Rect | None:
    """Where a legend of `size` fits in `area` without covering `picture`: left of it, else under
    it; None if nowhere."""
    left = pygame.Rect((area.left + 8, area.top + 8), size)
    below = pygame.Rect((area.left + 8, area.bottom - size[1] - 8), size)
    for spot in (left, below):
        if area.contains(spot) and not spot.colliderect(picture.inflate(8, 8)):
            return spot
    return None


def draw_ramp_legends(surface: pygame.Surface, topleft: tuple[int, int], visits: bool, values: bool,
                      size: int = TEXT_SIZE) -> None:
    """Keys to the shown heatmaps on a dark box at `topleft`: title, then low end, ramp, high end."""
    entries = ramp_legends(visits, values)
    if not entries:
        return
    font = theme.font(size)
    line = font.get_linesize()
    box = pygame.Rect(topleft, ramp_legend_size(visits, values, size))
    shade = pygame.Surface(box.size, pygame.SRCALPHA)
    shade.fill(theme.OVERLAY)
    surface.blit(shade, box.topleft)
    y = box.top + PADDING
    for title, ramp, low, high in entries:
        surface.blit(font.render(title, True, theme.TEXT), (box.left + PADDING, y))
        y += line
        x = box.left + PADDING
        for part in (font.render(low, True, theme.MUTED_TEXT), ramp_strip(ramp, RAMP_WIDTH * size // TEXT_SIZE, 12),
                     font.render(high, True, theme.MUTED_TEXT)):
            surface.blit(part, (x, y + (line - part.get_height()) // 2))
            x += part.get_width() + 6
        y += line + 8
