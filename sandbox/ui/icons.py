"""Tool icons, drawn from the same tiles as the level so a tool looks like what it paints."""
from __future__ import annotations

import numpy as np
import pygame

from sandbox.env import rendering
from sandbox.world import tiles
from sandbox.world.kinds import KIND


def array_to_surface(picture: np.ndarray) -> pygame.Surface:
    """uint8[H, W, 3] -> a pygame surface (a copy, so the array can be reused)."""
    height, width, _ = picture.shape
    return pygame.image.frombuffer(np.ascontiguousarray(picture).tobytes(), (width, height), "RGB").convert()


def _tile(index: int, size: int) -> np.ndarray:
    tile = rendering.tile_set(size)[index].copy()
    tile[-1, :] = tile[0, 0]
    tile[:, -1] = tile[0, 0]
    return tile


def tool_icon(name: str, size: int, colour: str = "red", shape: str = "ball") -> pygame.Surface:
    """A size x size picture for a tool button."""
    if name == "wall":
        picture = _tile(rendering.WALL_TILE, size)
    elif name == "agent":
        picture = _tile(rendering.AGENT_TILE, size)
    elif name in KIND:
        picture = _tile(tiles.object_code(name, colour, shape), size)
    else:
        picture = _tile(tiles.EMPTY, size)
    surface = array_to_surface(picture)
    if name == "erase":
        pad = size // 4
        pygame.draw.line(surface, (210, 60, 60), (pad, pad), (size - pad, size - pad), max(2, size // 10))
        pygame.draw.line(surface, (210, 60, 60), (size - pad, pad), (pad, size - pad), max(2, size // 10))
    elif name == "region":
        tint = pygame.Surface((size, size), pygame.SRCALPHA)
        tint.fill((*rendering.REGION_RGB["coin"], 110))
        surface.blit(tint, (0, 0))
        pygame.draw.rect(surface, rendering.REGION_RGB["coin"], surface.get_rect(), max(2, size // 12))
    return surface
