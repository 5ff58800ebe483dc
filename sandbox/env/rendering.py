"""Pictures of episodes and levels as numpy RGB arrays (pygame only ever turns them into surfaces).

A frame is assembled from cached tiles with one fancy index, so rendering an episode costs about
the same as copying its pixels.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from sandbox.world import Episode, Level, Near, tiles
from sandbox.world.kinds import KINDS
from sandbox.world.reachability import within_steps
from sandbox.world.level import static_region_mask

FLOOR_RGB = np.array((238, 236, 228), np.uint8)
GRID_RGB = np.array((222, 219, 208), np.uint8)
WALL_RGB = np.array((58, 63, 78), np.uint8)
AGENT_RGB = np.array((30, 30, 36), np.uint8)
COIN_RGB = np.array((246, 190, 20), np.uint8)
KEY_RGB = np.array((214, 140, 30), np.uint8)
CHEST_RGB = np.array((140, 90, 45), np.uint8)
BACKGROUND_RGB = np.array((250, 250, 248), np.uint8)
REGION_RGB = {kind.name: kind.rgb for kind in KINDS if kind.rgb is not None}

AGENT_TILE = tiles.NUM_OBJECT_CODES  # tile index offset when the agent stands on a cell
WALL_TILE = 2 * tiles.NUM_OBJECT_CODES
NUM_TILES = WALL_TILE + 1


def _unit_grid(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Pixel centres in [-1, 1] (y down, x right) for drawing shapes by formula."""
    axis = (np.arange(size) + 0.5) / size * 2 - 1
    return np.meshgrid(axis, axis, indexing="ij")


def _shape_mask(shape: str, size: int, radius: float) -> np.ndarray:
    y, x = _unit_grid(size)
    if shape == "box":
        return np.maximum(abs(x), abs(y)) < radius * 0.85
    if shape == "gem":
        return abs(x) + abs(y) < radius * 1.15
    return x * x + y * y < radius * radius


def _paint(tile: np.ndarray, mask: np.ndarray, rgb) -> None:
    tile[mask] = rgb


def _object_tile(code: int, size: int) -> np.ndarray:
    tile = np.broadcast_to(FLOOR_RGB, (size, size, 3)).copy()
    tile[-1, :] = GRID_RGB
    tile[:, -1] = GRID_RGB
    y, x = _unit_grid(size)
    if code == tiles.COIN:
        _paint(tile, x * x + y * y < 0.55, COIN_RGB * 0.7)
        _paint(tile, x * x + y * y < 0.36, COIN_RGB)
    elif code == tiles.KEY:
        _paint(tile, ((x + 0.35) ** 2 + y * y < 0.12) & ((x + 0.35) ** 2 + y * y > 0.03), KEY_RGB)
        _paint(tile, (x > -0.1) & (x < 0.7) & (abs(y) < 0.09), KEY_RGB)
        _paint(tile, (x > 0.45) & (x < 0.6) & (y > 0) & (y < 0.3), KEY_RGB)
    elif code == tiles.CHEST:
        _paint(tile, (abs(x) < 0.65) & (abs(y + 0.05) < 0.45), CHEST_RGB)
        _paint(tile, (abs(x) < 0.65) & (abs(y + 0.1) < 0.05), COIN_RGB)
        _paint(tile, (abs(x) < 0.1) & (abs(y) < 0.15), COIN_RGB)
    elif code >= tiles.MARKER_BASE:
        colour, shape = tiles.marker_colour_shape(code)
        rgb = np.array(tiles.COLOUR_RGB[colour])
        _paint(tile, _shape_mask(shape, size, 0.68), rgb * 0.7)
        _paint(tile, _shape_mask(shape, size, 0.56), rgb)
    return tile


def _with_agent(tile: np.ndarray, size: int) -> np.ndarray:
    tile = tile.copy()
    y, x = _unit_grid(size)
    _paint(tile, x * x + y * y < 0.5, (250, 250, 250))
    _paint(tile, x * x + y * y < 0.36, AGENT_RGB)
    _paint(tile, (x - 0.2) ** 2 + (y + 0.15) ** 2 < 0.02, (250, 250, 250))
    _paint(tile, (x + 0.2) ** 2 + (y + 0.15) ** 2 < 0.02, (250, 250, 250))
    return tile


@lru_cache(maxsize=16)
def tile_set(size: int) -> np.ndarray:
    """uint8[NUM_TILES, size, size, 3]: object tiles, the same with the agent on top, and a wall."""
    objects = [_object_tile(code, size) for code in range(tiles.NUM_OBJECT_CODES)]
    with_agent = [_with_agent(tile, size) for tile in objects]
    wall = np.broadcast_to(WALL_RGB, (size, size, 3)).copy()
    wall[:2, :] = np.minimum(WALL_RGB.astype(int) + 25, 255)
    tiles_array = np.stack(objects + with_agent + [wall])
    tiles_array.setflags(write=False)
    return tiles_array


def render_grid(walls: np.ndarray, objects: np.ndarray, agent: tuple[int, int] | None, tile: int = 32) -> np.ndarray:
    """uint8[H*tile, W*tile, 3] picture of one episode state. walls: bool[H, W]; objects: uint8[H, W]."""
    index = objects.astype(np.int64)
    if agent is not None:
        index[agent[0], agent[1]] += AGENT_TILE
    index[walls] = WALL_TILE
    height, width = walls.shape
    picture = tile_set(tile)[index]  # [H, W, t, t, 3]
    return picture.transpose(0, 2, 1, 3, 4).reshape(height * tile, width * tile, 3)


def render_episode(episode: Episode, tile: int = 32) -> np.ndarray:
    """Picture of a concrete placement."""
    return render_grid(episode.walls, episode.objects, episode.agent, tile)


def region_colour(level: Level, entity_index: int) -> tuple[int, int, int]:
    entity = level.entities[entity_index]
    if entity.kind == "marker":
        return tiles.COLOUR_RGB[entity.colour]
    return REGION_RGB[entity.kind]


def region_cells(level: Level, entity_index: int) -> np.ndarray:
    """bool[H, W] free cells of an entity's training region in the default episode's layout: its
    cells, those within reach of its `near` entities' default places, minus its excluded cells."""
    entity = level.entities[entity_index]

    def cells(region: tuple) -> np.ndarray:
        mask = static_region_mask(region, level.shape)
        for part in region:
            if isinstance(part, Near):
                sources = np.zeros((1, *level.shape), dtype=bool)
                sources[(0, *level.entity(part.entity_id).at)] = True
                mask |= within_steps(level.walls[None], sources, part.within)[0] & ~sources[0]
        return mask

    return cells(entity.region) & ~cells(entity.excluded) & ~level.walls


def shade_cells(picture: np.ndarray, mask: np.ndarray, rgb, tile: int, alpha: float = 0.35) -> np.ndarray:
    """Tint the cells of `mask` (bool[H, W]) and outline the region's edge, in place."""
    pixel_mask = np.repeat(np.repeat(mask, tile, axis=0), tile, axis=1)
    colour = np.array(rgb, dtype=np.float32)
    picture[pixel_mask] = (picture[pixel_mask] * (1 - alpha) + colour * alpha).astype(np.uint8)
    edge = pixel_mask & ~(_shifted(pixel_mask, 2, 0) & _shifted(pixel_mask, -2, 0)
                          & _shifted(pixel_mask, 2, 1) & _shifted(pixel_mask, -2, 1))
    picture[edge] = colour.astype(np.uint8)
    return picture


def _shifted(mask: np.ndarray, offset: int, axis: int) -> np.ndarray:
    out = np.zeros_like(mask)
    source = [slice(None)] * 2
    target = [slice(None)] * 2
    source[axis] = slice(max(-offset, 0), mask.shape[axis] - max(offset, 0))
    target[axis] = slice(max(offset, 0), mask.shape[axis] - max(-offset, 0))
    out[tuple(target)] = mask[tuple(source)]
    return out


def render_level(level: Level, tile: int = 32, alpha: float = 0.35, selected_id: str | None = None,
                 selected_alpha: float = 0.4) -> np.ndarray:
    """The default episode with every entity's training region shaded in that entity's colour.

    Regions that are just the entity's own cell, or every free cell, are left unshaded: the
    first does not vary and the second would tint the whole level. The region of `selected_id`
    (the editor's selection) is always shaded, and stronger.
    """
    picture = render_episode(level.default_episode(), tile)
    free_cells = int((~level.walls).sum())
    for index, entity in enumerate(level.entities):
        mask = region_cells(level, index)
        if entity.id == selected_id:
            shade_cells(picture, mask, region_colour(level, index), tile, selected_alpha)
        elif 1 < mask.sum() < free_cells:
            shade_cells(picture, mask, region_colour(level, index), tile, alpha)
    return picture


def tile_pictures(pictures: list[np.ndarray], columns: int, gap: int = 8) -> np.ndarray:
    """Lay equally sized pictures out in a grid with a light gap between them."""
    height, width, _ = pictures[0].shape
    rows = -(-len(pictures) // columns)
    sheet = np.broadcast_to(BACKGROUND_RGB, (rows * (height + gap) + gap, columns * (width + gap) + gap, 3)).copy()
    for i, picture in enumerate(pictures):
        top = gap + (i // columns) * (height + gap)
        left = gap + (i % columns) * (width + gap)
        sheet[top:top + height, left:left + width] = picture
    return sheet
