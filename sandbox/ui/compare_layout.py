"""Where two compared agents go in the level's area: two canvases side by side when each still
shows cells of a readable size, else one canvas with both trails; either way a band of captions
across the top (who each agent is, what it was trained with, its verdict), set in type no smaller than 14 px.
"""
from __future__ import annotations

from dataclasses import dataclass

import pygame

from sandbox.ui.canvas import MARGIN

SIDE_BY_SIDE_TILE = 40  # pixels: smaller cells on two canvases read worse than two trails on one
CAPTION_SIZE, CAPTION_LINE = 14, 20  # px type, px per line
LINES_PER_AGENT = 3  # the agent's name, what it was trained with, its verdict
GAP = 8


@dataclass(frozen=True)
class CompareLayout:
    """`canvases`: one rect per canvas (two side by side, or one for both trails); `captions`: one
    rect per agent, side by side above the canvases."""

    canvases: tuple[pygame.Rect, ...]
    captions: tuple[pygame.Rect, ...]

    @property
    def side_by_side(self) -> bool:
        return len(self.canvases) == 2


def arrange(area: pygame.Rect, shape: tuple[int, int]) -> CompareLayout:
    """Split `area` for a level of `shape` (rows, columns) played by two agents; the captions share
    one band across the top, the first agent's on the left."""
    band = LINES_PER_AGENT * CAPTION_LINE + GAP
    half = (area.width - GAP) // 2
    height = area.height - band
    halves = (pygame.Rect(area.x, area.y, half, area.height), pygame.Rect(area.right - half, area.y, half, area.height))
    captions = tuple(pygame.Rect(r.x + GAP, area.y + GAP, r.width - 2 * GAP, band - GAP) for r in halves)
    tile = min((half - 2 * MARGIN) // shape[1], (height - 2 * MARGIN) // shape[0])
    if tile >= SIDE_BY_SIDE_TILE:
        return CompareLayout(tuple(pygame.Rect(r.x, area.y + band, half, height) for r in halves), captions)
    return CompareLayout((pygame.Rect(area.x, area.y + band, area.width, height),), captions)


def captions_over(layout: CompareLayout, picture: pygame.Rect) -> list[pygame.Rect]:
    """The captions moved down to just over the level `picture`, not left at the top of a tall area."""
    top = picture.top - LINES_PER_AGENT * CAPTION_LINE - 12
    return [rect.move(0, max(0, top - rect.y)) for rect in layout.captions]
