"""What Test mode draws over the episode: the agent's path, heatmaps, policy arrows.

Each function draws onto a transparent layer the size of the level picture, in cell units of
`tile` pixels, so the view can cache a layer and blit it.
"""
from __future__ import annotations

import math

import numpy as np
import pygame

from sandbox.env import rendering

Cell = tuple[int, int]
PATH_RGB = (235, 64, 52)
SECOND_PATH_RGB = (0, 114, 178)  # Okabe-Ito blue: the compared agent's trail, apart from red for every colour vision
# Sequential, colour-blind-safe ramps (stops of matplotlib's "inferno" and "cividis"), low to high:
# lightness rises with the amount, so they read the same without colour vision.
VISITS_RAMP = np.array(((66, 10, 104), (188, 55, 84), (249, 142, 9), (252, 230, 130)), float)
VALUES_RAMP = np.array(((0, 34, 78), (87, 92, 109), (165, 157, 117), (253, 234, 69)), float)
ARROW_RGB = (20, 60, 150)
CHANGED_RGB = (0, 190, 200)
FADE_STEPS = 14.0
ARROW_VECTORS = ((0, -1), (0, 1), (-1, 0), (1, 0))  # (dx, dy) of up, down, left, right


def centre(cell: Cell | tuple[float, float], tile: int, shift: float = 0.0) -> tuple[float, float]:
    return (cell[1] + 0.5 + shift) * tile, (cell[0] + 0.5 + shift) * tile


def draw_path(layer: pygame.Surface, cells: list[Cell], shown: float, tile: int, rgb=PATH_RGB,
              shift: float = 0.0) -> None:
    """The first `shown` steps of the path: newest segments strong, older ones fading, each with a
    chevron pointing the way the agent went. `shift` (a share of a tile, down and right) keeps a
    second trail on the same canvas from hiding the first."""
    width = max(2, tile // 9)
    for index in range(min(int(shown), len(cells) - 1)):
        start, end = (centre(cells[i], tile, shift) for i in (index, index + 1))
        alpha = int(60 + 195 * math.exp(-(shown - index - 1) / FADE_STEPS))
        colour = (*rgb, alpha)
        pygame.draw.line(layer, colour, start, end, width)
        if start != end:
            _chevron(layer, start, end, colour, tile)


def _chevron(layer: pygame.Surface, start, end, colour, tile: int) -> None:
    dx, dy = (end[0] - start[0]) / tile, (end[1] - start[1]) / tile
    mid_x, mid_y = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
    size = tile * 0.16
    back_x, back_y = mid_x - dx * size, mid_y - dy * size
    points = [(mid_x + dx * size, mid_y + dy * size), (back_x - dy * size, back_y + dx * size),
              (back_x + dy * size, back_y - dx * size)]
    pygame.draw.polygon(layer, colour, points)


def draw_agent(surface: pygame.Surface, origin: tuple[int, int], cells: list[Cell], shown: float, tile: int,
               ring=(255, 255, 255)) -> None:
    """The agent between the cells it is moving across (animated, not jumping cell to cell); `ring`
    tells two agents on one canvas apart."""
    index = min(int(shown), len(cells) - 1)
    after = cells[min(index + 1, len(cells) - 1)]
    frac = shown - index if index < len(cells) - 1 else 0.0
    row = cells[index][0] + (after[0] - cells[index][0]) * frac
    col = cells[index][1] + (after[1] - cells[index][1]) * frac
    x, y = centre((row, col), tile)
    pygame.draw.circle(surface, (30, 30, 36), (origin[0] + x, origin[1] + y), tile * 0.32)
    pygame.draw.circle(surface, ring, (origin[0] + x, origin[1] + y), tile * 0.32, max(2, tile // 16))


def ramp_colour(ramp: np.ndarray, amount: float) -> tuple[int, int, int]:
    """The colour at `amount` in [0, 1] along `ramp` float[S, 3] (evenly spaced stops)."""
    position = min(max(amount, 0.0), 1.0) * (len(ramp) - 1)
    low = min(int(position), len(ramp) - 2)
    rgb = ramp[low] + (ramp[low + 1] - ramp[low]) * (position - low)
    return tuple(int(round(c)) for c in rgb)


def draw_heat(layer: pygame.Surface, amounts: np.ndarray, tile: int, ramp: np.ndarray = VISITS_RAMP) -> None:
    """Shade cells by amounts float[H, W] in [0, 1] (zero or NaN: not shaded) along `ramp`."""
    for row, col in np.argwhere(np.nan_to_num(amounts, nan=0.0) > 0):
        amount = float(amounts[row, col])
        cell = pygame.Rect(col * tile, row * tile, tile, tile)
        layer.fill((*ramp_colour(ramp, amount), int(150 + 80 * amount)), cell)


def draw_values(layer: pygame.Surface, values: np.ndarray, tile: int) -> None:
    """Value heatmap along VALUES_RAMP: lowest on this episode dark blue, highest yellow."""
    low, high = np.nanmin(values), np.nanmax(values)
    scaled = (values - low) / max(high - low, 1e-6)
    for row, col in np.argwhere(~np.isnan(values)):
        layer.fill((*ramp_colour(VALUES_RAMP, float(scaled[row, col])), 140),
                   pygame.Rect(col * tile, row * tile, tile, tile))


def object_layer(objects: np.ndarray, tile: int) -> pygame.Surface:
    """The objects of objects uint8[H, W] alone on a transparent layer (their floor left out), to
    lay over a heatmap so each object keeps its own colour."""
    height, width = objects.shape
    picture = rendering.render_grid(np.zeros_like(objects, bool), objects, None, tile)
    floor = rendering.render_grid(np.zeros_like(objects, bool), np.zeros_like(objects), None, tile)
    alpha = np.where(np.any(picture != floor, axis=2), 255, 0).astype(np.uint8)
    layer = pygame.Surface((width * tile, height * tile), pygame.SRCALPHA)
    pygame.surfarray.blit_array(layer, picture.transpose(1, 0, 2))
    pygame.surfarray.pixels_alpha(layer)[:] = alpha.T
    return layer


def draw_arrows(layer: pygame.Surface, probs: np.ndarray, tile: int) -> None:
    """On every cell with probabilities float[H, W, A]: an arrow for the most likely move, as long
    as it is likely (a no-op, if the level has one, is drawn as a dot)."""
    for row, col in np.argwhere(~np.isnan(probs[:, :, 0])):
        action = int(np.argmax(probs[row, col]))
        p = float(probs[row, col, action])
        x, y = centre((row, col), tile)
        if action >= len(ARROW_VECTORS):
            pygame.draw.circle(layer, (*ARROW_RGB, 220), (x, y), max(2, tile * 0.1 * p))
            continue
        dx, dy = ARROW_VECTORS[action]
        length = tile * (0.15 + 0.3 * p)
        tip = (x + dx * length, y + dy * length)
        pygame.draw.line(layer, (*ARROW_RGB, 220), (x - dx * length * 0.6, y - dy * length * 0.6), tip,
                         max(2, tile // 14))
        head = tile * 0.14
        pygame.draw.polygon(layer, (*ARROW_RGB, 220), [
            (tip[0] + dx * head, tip[1] + dy * head), (tip[0] - dy * head, tip[1] + dx * head),
            (tip[0] + dy * head, tip[1] - dx * head)])


def draw_region_outline(layer: pygame.Surface, mask: np.ndarray, rgb, tile: int) -> None:
    """Each cell of mask bool[H, W] outlined, with a light fill."""
    for row, col in np.argwhere(mask):
        rect = pygame.Rect(col * tile, row * tile, tile, tile)
        layer.fill((*rgb, 60), rect)
        pygame.draw.rect(layer, (*rgb, 255), rect.inflate(-6, -6), 3, border_radius=4)
