"""Region names say exactly which cells a region holds: never the whole row, column or room for part
of it (rows and columns numbered as in the level file; the room's free cells are rows/columns 1-7)."""
from __future__ import annotations

import numpy as np
import pytest

from sandbox.analysis.region_names import describe_region, region_picture

FREE = np.zeros((9, 9), dtype=bool)
FREE[1:8, 1:8] = True


def cells(*points):
    mask = np.zeros((9, 9), dtype=bool)
    for row, col in points:
        mask[row, col] = True
    return mask


def box(top, bottom, left, right):
    mask = np.zeros((9, 9), dtype=bool)
    mask[top:bottom + 1, left:right + 1] = True
    return mask


@pytest.mark.parametrize("region, expected", [
    (cells((1, 1)), "the cell in the top-left corner"),  # once "the leftmost column"
    (cells((7, 7)), "the cell in the bottom-right corner"),
    (cells((1, 4)), "the cell at row 1, column 4"),
    (cells((3, 5)), "the cell at row 3, column 5"),
    (box(1, 7, 1, 1), "the leftmost column"),
    (box(1, 7, 7, 7), "the rightmost column"),
    (box(1, 1, 1, 7), "the top row"),
    (box(7, 7, 1, 7), "the bottom row"),
    (box(4, 4, 1, 7), "row 4"),
    (box(1, 7, 3, 3), "column 3"),
    (box(1, 1, 3, 5), "row 1, columns 3-5"),  # once "the top row"
    (box(2, 4, 7, 7), "column 7, rows 2-4"),  # once "the rightmost column"
    (box(1, 4, 1, 4), "the top-left 4x4 corner"),
    (box(5, 7, 6, 7), "the bottom-right 3x2 corner"),
    (box(1, 7, 6, 7), "the rightmost 2 columns"),
    (box(1, 2, 1, 7), "the top 2 rows"),
    (box(2, 3, 1, 7), "rows 2-3"),
    (box(3, 5, 3, 5), "rows 3-5, columns 3-5"),
    (box(1, 3, 3, 5), "rows 1-3, columns 3-5"),  # on the top edge but in no corner
])
def test_one_rectangle(region, expected):
    assert describe_region(region, FREE) == expected


@pytest.mark.parametrize("region, expected", [
    (cells((1, 1), (7, 7)), "two cells: the top-left corner and the bottom-right corner"),  # once "rows 1-7, columns 1-7"
    (cells((3, 4), (5, 6)), "two cells: row 3, column 4 and row 5, column 6"),
    (box(1, 1, 1, 7) | box(1, 7, 7, 7), "the top row and the rightmost column"),  # an L: once the whole room
    (box(1, 1, 1, 7) | box(7, 7, 1, 7), "the top row and the bottom row"),
    (box(1, 3, 1, 1) | cells((5, 5)), "column 1, rows 1-3 and the cell at row 5, column 5"),
])
def test_two_rectangles(region, expected):
    assert describe_region(region, FREE) == expected


def test_anything_else_is_a_count_and_a_picture():
    diagonal = cells((1, 1), (2, 2), (3, 3))
    assert describe_region(diagonal, FREE) == "the 3 cells pictured"
    walls = ~FREE
    assert region_picture(diagonal, walls)[:4] == ["#########", "#o......#", "#.o.....#", "#..o....#"]


def test_walls_inside_a_rectangle_are_not_cells_of_it():
    free = FREE.copy()
    free[1, 4] = False  # a wall splits the top row
    top_row = box(1, 1, 1, 7) & free
    assert describe_region(top_row, free) == "the top row"
    assert describe_region(box(1, 1, 1, 3), free) == "row 1, columns 1-3"


def test_edges_are_those_of_the_free_cells():
    free = np.zeros((9, 9), dtype=bool)
    free[2:7, 2:7] = True  # a smaller room inside thick walls
    assert describe_region(cells((2, 6)), free) == "the cell in the top-right corner"
    assert describe_region(box(2, 6, 2, 2), free) == "the leftmost column"


@pytest.mark.parametrize("region, expected", [
    # the column stops one row short of the bottom row it meets: a box of rows 1-6 would do, but
    # the column that reaches row 7 is the one named
    (box(1, 7, 1, 1) | box(7, 7, 1, 7), "the leftmost column and the bottom row"),
    (box(1, 7, 7, 7) | box(7, 7, 1, 7), "the rightmost column and the bottom row"),
    (box(4, 4, 1, 7) | box(1, 7, 3, 3), "column 3 and row 4"),  # the box that starts higher first
    (box(1, 1, 1, 7) | box(3, 3, 1, 7), "the top row and row 3"),  # apart by one row: neither grows
    (box(1, 7, 1, 1) | box(1, 7, 3, 3), "the leftmost column and column 3"),
])
def test_two_rectangles_are_the_largest_that_fit(region, expected):
    assert describe_region(region, FREE) == expected


def test_a_cell_on_one_edge_is_named_by_its_row_and_column():
    assert describe_region(cells((1, 4), (7, 1)), FREE) == "two cells: row 1, column 4 and the bottom-left corner"
    assert describe_region(cells((4, 7), (6, 3)), FREE) == "two cells: row 4, column 7 and row 6, column 3"


def test_an_empty_region_is_refused():
    with pytest.raises(ValueError, match="^an empty region has no name$"):
        describe_region(box(0, 0, 0, 8), FREE)  # the border only: no free cell


def test_two_rectangles_are_named_by_their_free_cells_not_the_walls_they_cover():
    free = FREE.copy()
    free[2, 1:6] = False  # a wall under row 1, columns 1-5
    region = box(1, 1, 1, 5) | box(1, 7, 7, 7)  # (1, 6) is left out
    assert describe_region(region & free, free) == "row 1, columns 1-5 and the rightmost column"
