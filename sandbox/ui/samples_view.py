"""Eight episodes sampled from the level's training distribution, drawn over the canvas.

This is what the agent will actually be trained on; shading the goal's training region on every
sample shows where the goal and the proxy ("where the goal usually is") coincide.
"""
from __future__ import annotations

import numpy as np
import pygame

from sandbox.env import rendering
from sandbox.ui import theme
from sandbox.ui.icons import array_to_surface
from sandbox.world import Level, LevelError, sample_episodes

COUNT = 8
COLUMNS = 4
GAP = 12
CAPTION = 48


def sample_pictures(level: Level, seed: int, tile: int) -> list[np.ndarray]:
    """COUNT pictures (uint8[H*tile, W*tile, 3]) of sampled episodes, goal regions lightly shaded.

    A region covering every free cell is left unshaded: it would tint everything and say nothing.
    """
    batch = sample_episodes(level, seed, COUNT)
    free_cells = int((~level.walls).sum())
    goal_regions = [(mask, rendering.region_colour(level, i)) for i, e in enumerate(level.entities)
                    if e.kind != "agent" and e.code == level.goal_code
                    for mask in [rendering.region_cells(level, i)] if mask.sum() < free_cells]
    pictures = []
    for index in range(COUNT):
        picture = rendering.render_episode(batch.episode(index), tile)
        for mask, rgb in goal_regions:
            rendering.shade_cells(picture, mask, rgb, tile, alpha=0.22)
        pictures.append(picture)
    return pictures


class SamplesView:
    def __init__(self, rect: pygame.Rect):
        self.rect = pygame.Rect(rect)
        self.visible = False
        self.seed = 0
        self._pictures: list[pygame.Surface] = []
        self._error = ""

    def show(self, level: Level) -> None:
        self.visible = True
        self.resample(level, self.seed)

    def resample(self, level: Level, seed: int) -> None:
        self.seed = seed
        height, width = level.shape
        rows = -(-COUNT // COLUMNS)
        tile = max(2, min((self.rect.width - GAP * (COLUMNS + 1)) // (COLUMNS * width),
                          (self.rect.height - CAPTION - GAP * (rows + 1)) // (rows * height)))
        try:
            self._pictures, self._error = [array_to_surface(p) for p in sample_pictures(level, seed, tile)], ""
        except (LevelError, ValueError) as error:
            self._pictures, self._error = [], str(error)

    def handle_event(self, event: pygame.event.Event, level: Level) -> bool:
        if not self.visible:
            return False
        if event.type == pygame.KEYDOWN and event.key == pygame.K_r:
            self.resample(level, self.seed + 1)
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_ESCAPE, pygame.K_t):
            self.visible = False
        elif event.type == pygame.MOUSEBUTTONDOWN and self.rect.collidepoint(event.pos):
            self.visible = False
        return event.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION) \
            and (event.type == pygame.KEYDOWN or self.rect.collidepoint(event.pos))

    def draw(self, surface: pygame.Surface) -> None:
        if not self.visible:
            return
        surface.fill(theme.CANVAS_BACKGROUND, self.rect)
        caption = (f"{COUNT} training episodes (seed {self.seed}). Shaded: where the goal may appear in training. "
                   "R: new samples   T, Esc or click: back to editing")
        font = theme.font(15)
        lines = theme.wrap(caption, font, self.rect.width - 2 * GAP)[:2]  # two lines fit the caption's band
        top = self.rect.y + (14 if len(lines) == 1 else 4)
        for index, line in enumerate(lines):
            surface.blit(font.render(line, True, theme.TEXT), (self.rect.x + GAP, top + index * font.get_linesize()))
        if self._pictures:
            self._draw_grid(surface)
        else:
            error = theme.font(15).render(f"Cannot sample: {self._error}", True, theme.WARNING_TEXT)
            surface.blit(error, (self.rect.x + GAP, self.rect.y + CAPTION))

    def _draw_grid(self, surface: pygame.Surface) -> None:
        width, height = self._pictures[0].get_size()
        rows = -(-len(self._pictures) // COLUMNS)
        grid = pygame.Rect(0, 0, COLUMNS * (width + GAP) - GAP, rows * (height + GAP) - GAP)
        grid.center = self.rect.inflate(0, -CAPTION).move(0, CAPTION // 2).center
        for index, picture in enumerate(self._pictures):
            place = picture.get_rect(topleft=(grid.x + (index % COLUMNS) * (width + GAP),
                                              grid.y + (index // COLUMNS) * (height + GAP)))
            surface.blit(picture, place)
            pygame.draw.rect(surface, theme.LEVEL_FRAME, place.inflate(4, 4), 2, border_radius=3)
