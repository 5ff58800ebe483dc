"""The level drawn to fit its part of the window, with training regions shaded.

The picture comes from the numpy renderer and is rebuilt only when the level, the selection or
the size changes; hover and selection outlines are drawn on top each frame, which costs nothing.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
import pygame

from sandbox.env import rendering
from sandbox.ui import theme
from sandbox.ui.icons import array_to_surface
from sandbox.world import Level

MARGIN = 16
SELECTED_ALPHA = 0.4
OTHER_ALPHA = 0.28
REFUSED_RGB = (220, 50, 50)
FLASH_SECONDS = 0.6


class CanvasPanel:
    """Shows one level in `rect`; maps window pixels to cells."""

    def __init__(self, rect: pygame.Rect):
        self.rect = pygame.Rect(rect)
        self.tile = 1
        self.origin = (0, 0)
        self.hover: tuple[int, int] | None = None
        self.plain = False  # no hover, selection or refusal outlines (presenting, recording)
        self._key: tuple | None = None
        self._surface: pygame.Surface | None = None
        self._flash: tuple[tuple[int, int], float] | None = None
        self.renders = 0

    def fit(self, shape: tuple[int, int]) -> None:
        height, width = shape
        self.tile = max(4, min((self.rect.width - 2 * MARGIN) // width, (self.rect.height - 2 * MARGIN) // height))
        self.origin = (self.rect.centerx - width * self.tile // 2, self.rect.centery - height * self.tile // 2)

    def refresh(self, level: Level, version: int, selected_id: str | None) -> None:
        """Re-render only if something that shows in the picture changed."""
        self.show(level.shape, (version, selected_id, id(level)),
                  lambda tile: rendering.render_level(level, tile, OTHER_ALPHA, selected_id, SELECTED_ALPHA))

    def show(self, shape: tuple[int, int], key: tuple, build: Callable[[int], np.ndarray]) -> None:
        """Show `build(tile)`, a uint8[H*tile, W*tile, 3] picture, rebuilt only when `key` (what it
        depends on) or the tile size changes."""
        self.fit(shape)
        key = (*key, self.tile)
        if key != self._key:
            self._surface = array_to_surface(build(self.tile))
            self._key = key
            self.renders += 1

    @property
    def picture_rect(self) -> pygame.Rect:
        """Where the level picture is in the window (no margin, no frame)."""
        if self._surface is None:
            return pygame.Rect(self.origin, (0, 0))
        return self._surface.get_rect(topleft=self.origin)

    def cell_at(self, pos: tuple[int, int], level: Level) -> tuple[int, int] | None:
        col = (pos[0] - self.origin[0]) // self.tile
        row = (pos[1] - self.origin[1]) // self.tile
        height, width = level.shape
        return (int(row), int(col)) if 0 <= row < height and 0 <= col < width else None

    def cell_rect(self, cell: tuple[int, int]) -> pygame.Rect:
        return pygame.Rect(self.origin[0] + cell[1] * self.tile, self.origin[1] + cell[0] * self.tile,
                           self.tile, self.tile)

    def flash(self, cell: tuple[int, int]) -> None:
        """Outline a cell in red for a moment: where an edit was refused."""
        self._flash = (cell, FLASH_SECONDS)

    def update(self, dt: float) -> None:
        if self._flash is not None:
            cell, left = self._flash
            self._flash = (cell, left - dt) if left > dt else None

    def draw(self, surface: pygame.Surface, selected_cell: tuple[int, int] | None, selected_rgb) -> None:
        if self._surface is None:
            return
        surface.blit(self._surface, self.origin)
        pygame.draw.rect(surface, theme.LEVEL_FRAME, self._surface.get_rect(topleft=self.origin).inflate(6, 6), 2,
                         border_radius=3)
        if self.plain:
            return
        if selected_cell is not None:
            pygame.draw.rect(surface, selected_rgb, self.cell_rect(selected_cell).inflate(4, 4), 3)
        if self.hover is not None:
            pygame.draw.rect(surface, (255, 255, 255), self.cell_rect(self.hover), 2)
        if self._flash is not None:
            pygame.draw.rect(surface, REFUSED_RGB, self.cell_rect(self._flash[0]), 3)
