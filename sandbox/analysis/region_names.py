"""Plain words for a set of cells that name exactly those cells, never a larger region.

A region is named as one rectangle when it is every free cell of one ("the rightmost column",
"row 1, columns 3-5", "the top-left 4x4 corner"), as two such rectangles when it is their union
("the top row and the rightmost column", "two cells: the top-left corner and the bottom-right
corner"), and otherwise by its count ("the 13 cells pictured"), with `region_picture` to draw it.
Rows and columns are numbered as in the level file (0 is the top / left border).
"""
from __future__ import annotations

from itertools import combinations

import numpy as np

Box = tuple[int, int, int, int]  # top, bottom, left, right (inclusive)
MAX_BOXES = 64


def describe_region(region: np.ndarray, free: np.ndarray) -> str:
    """Words for `region` (bool[H, W], a subset of `free`, the level's non-wall cells)."""
    region = region & free
    if not region.any():
        raise ValueError("an empty region has no name")
    extent = _box(free)
    box = _box(region)
    if np.array_equal(_cells(box, free), region):
        return _box_name(box, extent)
    pair = _two_boxes(region, free)
    if pair is not None:  # named by their free cells: walls a box grew into are not part of its name
        first, second = sorted(_box(_cells(box, free)) for box in pair)
        if _is_cell(first) and _is_cell(second):
            return f"two cells: {_cell_name(first, extent)} and {_cell_name(second, extent)}"
        return f"{_box_name(first, extent)} and {_box_name(second, extent)}"
    return f"the {int(region.sum())} cells pictured"


def region_picture(region: np.ndarray, walls: np.ndarray) -> list[str]:
    """One text line per grid row: '#' wall, 'o' a cell of the region, '.' any other cell."""
    return ["".join("#" if wall else "o" if inside else "." for wall, inside in zip(wall_row, region_row))
            for wall_row, region_row in zip(walls, region)]


def _box(mask: np.ndarray) -> Box:
    rows, cols = np.nonzero(mask)
    return int(rows.min()), int(rows.max()), int(cols.min()), int(cols.max())


def _cells(box: Box, free: np.ndarray) -> np.ndarray:
    top, bottom, left, right = box
    mask = np.zeros_like(free)
    mask[top:bottom + 1, left:right + 1] = True
    return mask & free


def _is_cell(box: Box) -> bool:
    return box[0] == box[1] and box[2] == box[3]


def _edges(box: Box, extent: Box) -> tuple[str, str]:
    """('top' | 'bottom' | '', 'left' | 'right' | ''): which edges of the room the box touches alone."""
    top, bottom = box[0] == extent[0], box[1] == extent[1]
    left, right = box[2] == extent[2], box[3] == extent[3]
    vertical = "top" if top and not bottom else "bottom" if bottom and not top else ""
    horizontal = "left" if left and not right else "right" if right and not left else ""
    return vertical, horizontal


def _cell_name(box: Box, extent: Box) -> str:
    """A single cell as a list item: 'the top-left corner' or 'row 3, column 5'."""
    vertical, horizontal = _edges(box, extent)
    if vertical and horizontal:
        return f"the {vertical}-{horizontal} corner"
    return f"row {box[0]}, column {box[2]}"


def _span(word: str, low: int, high: int) -> str:
    return f"{word} {low}" if low == high else f"{word}s {low}-{high}"


def _box_name(box: Box, extent: Box) -> str:
    """The free cells of `box`, named: the most specific shape first (cell, row, column, corner)."""
    top, bottom, left, right = box
    vertical, horizontal = _edges(box, extent)
    rows, cols = bottom - top + 1, right - left + 1
    full_width, full_height = (left, right) == extent[2:], (top, bottom) == extent[:2]
    if rows == 1 and cols == 1:
        if vertical and horizontal:
            return f"the cell in the {vertical}-{horizontal} corner"
        return f"the cell at row {top}, column {left}"
    if full_width:
        if vertical:
            return f"the {vertical} row" if rows == 1 else f"the {vertical} {rows} rows"
        return _span("row", top, bottom)
    if full_height:
        side = {"left": "leftmost", "right": "rightmost"}.get(horizontal)
        if side:
            return f"the {side} column" if cols == 1 else f"the {side} {cols} columns"
        return _span("column", left, right)
    if rows == 1:
        return f"row {top}, {_span('column', left, right)}"
    if cols == 1:
        return f"column {left}, {_span('row', top, bottom)}"
    if vertical and horizontal:
        return f"the {vertical}-{horizontal} {rows}x{cols} corner"
    return f"rows {top}-{bottom}, columns {left}-{right}"


def _two_boxes(region: np.ndarray, free: np.ndarray) -> tuple[Box, Box] | None:
    """Two boxes whose free cells together are exactly `region` (they may overlap), or None."""
    boxes = _maximal_boxes(region, free)
    if len(boxes) > MAX_BOXES:  # scattered cells: no two boxes can cover them, and pairs would be slow
        return None
    for first, second in combinations(boxes, 2):
        if np.array_equal(_cells(first, free) | _cells(second, free), region):
            return first, second
    return None


def _maximal_boxes(region: np.ndarray, free: np.ndarray) -> list[Box]:
    """Boxes whose free cells all lie in `region` and that cannot grow by a row or column without
    leaving it (within the region's bounding box): a union of two boxes is the region only if a
    union of two maximal ones is. Walls may fall inside a box: they are not cells of it."""
    top_all, bottom_all, left_all, right_all = _box(region)
    inside = (region | ~free)[top_all:bottom_all + 1, left_all:right_all + 1]
    height, width = inside.shape
    run = np.zeros((height, width + 1), dtype=np.int64)  # cells inside from (r, c) rightwards
    for col in range(width - 1, -1, -1):
        run[:, col] = np.where(inside[:, col], run[:, col + 1] + 1, 0)
    found = []
    for top in range(height):
        for left in range(width):
            right = width - 1
            for bottom in range(top, height):
                right = min(right, left + run[bottom, left] - 1)
                if right < left:
                    break
                if _maximal(inside, top, bottom, left, right):
                    found.append((top + top_all, bottom + top_all, left + left_all, right + left_all))
    return [box for box in found if _cells(box, free).any()]


def _maximal(inside: np.ndarray, top: int, bottom: int, left: int, right: int) -> bool:
    """Whether the box cannot grow up, down or left; the scan already makes every box as wide as its
    rows allow, so it never grows right."""
    height = inside.shape[0]
    grows = ((top > 0 and inside[top - 1, left:right + 1].all())
             or (bottom < height - 1 and inside[bottom + 1, left:right + 1].all())
             or (left > 0 and inside[top:bottom + 1, left - 1].all()))
    return not grows
