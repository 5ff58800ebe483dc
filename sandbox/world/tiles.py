"""Code tables for tiles and objects.

Everything in a grid is a small integer in a `uint8` array; what a code *does* (walkable, pickable,
which colour it is drawn in) comes from the lookup tables here, so the batched environment can
answer "what happens on this cell" for thousands of cells with one array index.
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

ENTITY_KINDS = ("agent", "coin", "key", "chest", "marker")


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


# Lookup tables indexed by object code.
IS_COIN = np.zeros(NUM_OBJECT_CODES, dtype=bool)
IS_COIN[COIN] = True
IS_KEY = np.zeros(NUM_OBJECT_CODES, dtype=bool)
IS_KEY[KEY] = True
IS_CHEST = np.zeros(NUM_OBJECT_CODES, dtype=bool)
IS_CHEST[CHEST] = True
IS_MARKER = np.zeros(NUM_OBJECT_CODES, dtype=bool)
IS_MARKER[MARKER_BASE:] = True
# Objects that can change the state when the agent steps on them (markers never do).
IS_INTERACTIVE = IS_COIN | IS_KEY | IS_CHEST
MARKER_COLOUR_INDEX = np.full(NUM_OBJECT_CODES, -1, dtype=np.int16)
MARKER_SHAPE_INDEX = np.full(NUM_OBJECT_CODES, -1, dtype=np.int16)
for _code in range(MARKER_BASE, NUM_OBJECT_CODES):
    MARKER_COLOUR_INDEX[_code] = (_code - MARKER_BASE) // len(SHAPES)
    MARKER_SHAPE_INDEX[_code] = (_code - MARKER_BASE) % len(SHAPES)

# Reward events. `chest` means a chest was opened with a key.
EVENTS = ("coin", "key", "chest")

# Actions: row and column deltas. The optional fifth action stays in place.
ACTION_NAMES = ("up", "down", "left", "right", "noop")
ACTION_DELTAS = np.array([(-1, 0), (1, 0), (0, -1), (0, 1), (0, 0)], dtype=np.int64)
