"""Codes for tiles and objects.

Everything in a grid is a small integer in a `uint8` array; what a code *does* (taken, held,
opened, which planes it lights) comes from the table of kinds in `kinds.py`, turned into lookup
arrays so the batched environment can answer "what happens on this cell" for thousands of cells
with one array index.
"""
from __future__ import annotations

import numpy as np

# Layout characters of a level's text map.
WALL_CHAR = "#"
FLOOR_CHAR = "."
MAP_CHARS = {WALL_CHAR: True, FLOOR_CHAR: False}  # char -> is wall

# Object codes (one object at most per cell; 0 = empty).
EMPTY = 0
COIN = 1
KEY = 2
CHEST = 3
MARKER_BASE = 4

COLOURS = ("red", "green", "blue", "yellow", "purple", "grey")
SHAPES = ("ball", "box", "gem")
NUM_OBJECT_CODES = MARKER_BASE + len(COLOURS) * len(SHAPES)

COLOUR_RGB = {
    "red": (220, 60, 60),
    "green": (60, 180, 80),
    "blue": (60, 110, 220),
    "yellow": (235, 200, 50),
    "purple": (150, 80, 200),
    "grey": (140, 140, 150),
}


def marker_code(colour: str, shape: str) -> int:
    """Object code of a coloured marker."""
    return MARKER_BASE + COLOURS.index(colour) * len(SHAPES) + SHAPES.index(shape)


def marker_colour_shape(code: int) -> tuple[str, str]:
    """Inverse of `marker_code`."""
    index = code - MARKER_BASE
    return COLOURS[index // len(SHAPES)], SHAPES[index % len(SHAPES)]


def object_code(kind: str, colour: str | None = None, shape: str | None = None) -> int:
    """Object code of an entity kind (the agent has none: it is a position, not an object)."""
    if kind == "marker":
        return marker_code(colour or "red", shape or "ball")
    return {"coin": COIN, "key": KEY, "chest": CHEST}[kind]


# Event counters: coins taken, keys picked up, chests opened with a key, rewarded markers reached.
EVENTS = ("coin", "key", "chest", "marker")

# Actions: row and column deltas. The optional fifth action stays in place.
ACTION_NAMES = ("up", "down", "left", "right", "noop")
ACTION_DELTAS = np.array([(-1, 0), (1, 0), (0, -1), (0, 1), (0, 0)], dtype=np.int64)
