"""Where two compared agents go in the level's area: two canvases side by side when each still
shows cells of a readable size, else one canvas with both trails; either way a band of captions
across the top (who each agent is, what it was trained with, its verdict), set in type no smaller
than 14 px (larger on the presenter's screen).
"""
from __future__ import annotations

from dataclasses import dataclass

import pygame

from sandbox.ui.canvas import MARGIN

SIDE_BY_SIDE_TILE = 40  # pixels: smaller cells on two canvases read worse than two trails on one
CAPTION_SIZE = 14  # px: the window's captions; the presenter's screen asks for larger type
LINES_PER_AGENT = 3  # the agent's name, what it was trained with, its verdict
GAP = 8


@dataclass(frozen=True)
class CompareLayout:
    """`canvases`: one rect per canvas (two side by side, or one for both trails); `captions`: one
    rect per agent, side by side above the canvases."""

    canvases: tuple[pygame.Rect, ...]
    captions: tuple[pygame.Rect, ...]
    text_size: int = CAPTION_SIZE

    @property
    def line(self) -> int:
        return line_height(self.text_size)

    @property
    def side_by_side(self) -> bool:
        return len(self.canvases) == 2


def line_height(text_size: int) -> int:
    """Pixels per caption line for type of `text_size` px (20 for 14 px)."""
    return round(text_size * 10 / 7)


def arrange(area: pygame.Rect, shape: tuple[int, int], text_size: int = CAPTION_SIZE) -> CompareLayout:
    """Split `area` for a level of `shape` (rows, columns) played by two agents; the captions, in
    `text_size` px type, share one band across the top, the first agent's on the left."""
    band = LINES_PER_AGENT * line_height(text_size) + GAP
    half = (area.width - GAP) // 2
    height = area.height - band
    halves = (pygame.Rect(area.x, area.y, half, area.height), pygame.Rect(area.right - half, area.y, half, area.height))
    captions = tuple(pygame.Rect(r.x + GAP, area.y + GAP, r.width - 2 * GAP, band - GAP) for r in halves)
    tile = min((half - 2 * MARGIN) // shape[1], (height - 2 * MARGIN) // shape[0])
    if tile >= SIDE_BY_SIDE_TILE:
        return CompareLayout(tuple(pygame.Rect(r.x, area.y + band, half, height) for r in halves), captions, text_size)
    return CompareLayout((pygame.Rect(area.x, area.y + band, area.width, height),), captions, text_size)


def captions_over(layout: CompareLayout, picture: pygame.Rect) -> list[pygame.Rect]:
    """The captions moved down to just over the level `picture`, not left at the top of a tall area."""
    top = picture.top - LINES_PER_AGENT * layout.line - 12
    return [rect.move(0, max(0, top - rect.y)) for rect in layout.captions]
