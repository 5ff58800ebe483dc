"""Edit mode's canvas interaction: turn mouse strokes into level edits with the current tool.

A stroke (button down, drag, button up) is one undo step. Dragging paints every cell on the line
between two mouse positions, so a fast drag leaves no gaps.
"""
from __future__ import annotations

from typing import Callable

import pygame

from sandbox.env import rendering
from sandbox.ui import level_edits
from sandbox.ui.canvas import CanvasPanel
from sandbox.ui.document import Document
from sandbox.ui.level_edits import EditRefused
from sandbox.ui.tools import ENTITY_TOOLS, TOOL_BY_NAME, ToolState

Cell = tuple[int, int]


def cells_between(start: Cell, end: Cell) -> list[Cell]:
    """Cells on the straight line from `start` to `end` (Bresenham), both included."""
    (r0, c0), (r1, c1) = start, end
    dr, dc = abs(r1 - r0), -abs(c1 - c0)
    sr, sc = (1 if r1 > r0 else -1), (1 if c1 > c0 else -1)
    error, cells = dr + dc, []
    while True:
        cells.append((r0, c0))
        if (r0, c0) == (r1, c1):
            return cells
        doubled = 2 * error
        if doubled >= dc:
            error += dc
            r0 += sr
        if doubled <= dr:
            error += dr
            c0 += sc


class EditorView:
    def __init__(self, document: Document, state: ToolState, canvas: CanvasPanel,
                 on_message: Callable[[str, bool], None]):
        self.document, self.state, self.canvas, self.on_message = document, state, canvas, on_message
        self._stroke: tuple[int, str] | None = None  # (mouse button, tool) while a button is held
        self._last: Cell | None = None

    def handle_event(self, event: pygame.event.Event) -> bool:
        level = self.document.level
        if event.type == pygame.MOUSEBUTTONDOWN and event.button in (1, 3):
            cell = self.canvas.cell_at(event.pos, level)
            if cell is None:
                return False
            tool = self.state.tool if event.button == 1 or self.state.tool == "region" else "erase"
            self._stroke, self._last = (event.button, tool), None
            self.document.begin()
            self._paint(cell, first=True)
            return True
        if event.type == pygame.MOUSEMOTION:
            self.canvas.hover = self.canvas.cell_at(event.pos, level)
            if self._stroke is not None and self.canvas.hover is not None:
                for cell in cells_between(self._last or self.canvas.hover, self.canvas.hover)[1:]:
                    self._paint(cell, first=False)
                return True
            return False
        if event.type == pygame.MOUSEBUTTONUP and self._stroke is not None and event.button == self._stroke[0]:
            self.document.commit(TOOL_BY_NAME[self._stroke[1]].label.lower())
            self._stroke = None
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_TAB:
            self.select_next()
            return True
        return False

    def _paint(self, cell: Cell, first: bool) -> None:
        button, tool = self._stroke
        self._last = cell
        try:
            if self._apply(tool, button, cell, first):
                self.document.touched()
        except EditRefused as refusal:
            self.canvas.flash(cell)
            self.on_message(str(refusal), True)

    def _apply(self, tool: str, button: int, cell: Cell, first: bool) -> bool:
        level = self.document.level
        if tool == "wall":
            return level_edits.paint_wall(level, cell)
        if tool == "erase":
            return level_edits.erase(level, cell)
        if tool == "region":
            return self._paint_region(cell, include=button == 1)
        if tool in ENTITY_TOOLS:
            if first:
                count = len(level.entities)
                entity = level_edits.place_entity(level, tool, cell, self.state.colour, self.state.shape)
                changed = len(level.entities) != count or tool == "agent"
                self.state.selected_id = entity.id
                return changed
            selected = self.selected_entity()
            return selected is not None and level_edits.move_entity(level, selected, cell)
        return False

    def _paint_region(self, cell: Cell, include: bool) -> bool:
        entity = self.selected_entity()
        if entity is None:
            raise EditRefused("Select a thing first (click it with its tool, press Tab, or pick it in the panel).")
        return level_edits.set_region_cell(self.document.level, entity, cell, include)

    def selected_entity(self):
        level = self.document.level
        return next((e for e in level.entities if e.id == self.state.selected_id), None)

    def select_next(self) -> None:
        ids = [e.id for e in self.document.level.entities]
        index = ids.index(self.state.selected_id) + 1 if self.state.selected_id in ids else 0
        self.state.selected_id = ids[index % len(ids)]

    def update(self, dt: float) -> None:
        self.canvas.refresh(self.document.level, self.document.version, self.state.selected_id)
        self.canvas.update(dt)

    def draw(self, surface: pygame.Surface) -> None:
        entity = self.selected_entity()
        if entity is None:
            self.canvas.draw(surface, None, None)
            return
        index = self.document.level.entities.index(entity)
        self.canvas.draw(surface, entity.at, rendering.region_colour(self.document.level, index))
