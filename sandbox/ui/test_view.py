"""Test mode's canvas: one concrete episode; drag the coin, anything else or the agent's start to
another cell, and the agent plays it from the start, animated, leaving its path behind.

Plays run in the `Background` worker; this view holds only what is shown (the episode, the play
being animated, overlay toggles) and hands `TestAgent`s to `test_runs`.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import pygame

from sandbox.env import rendering
from sandbox.ui import overlays
from sandbox.ui.background import Background
from sandbox.ui.canvas import CanvasPanel
from sandbox.ui.icons import array_to_surface
from sandbox.ui.test_runs import (
    ManyPlayed,
    changed_moves,
    field_of,
    play_many,
    play_once,
    proxy_regions,
)
from sandbox.ui.training_run import TestAgent, TrainingRun
from sandbox.world import Episode, Level

if TYPE_CHECKING:
    from sandbox.analysis.single_play import Play

Cell = tuple[int, int]
AGENT = -1  # what is being dragged when it is the agent's start, not an object code
MANY_EPISODES = 200
OVERLAYS = ("visits", "region", "arrows", "values", "changes")


class TestView:
    def __init__(self, canvas: CanvasPanel, run: TrainingRun, background: Background,
                 fallback_level: Callable[[], Level], on_message: Callable[[str, bool], None]):
        self.canvas, self.run, self.background = canvas, run, background
        self.fallback_level, self.on_message = fallback_level, on_message
        self.agent: TestAgent | None = None
        self.episode: Episode | None = None
        self.version = 0
        self.played: Play | None = None
        self.many: ManyPlayed | None = None
        self.field: tuple[np.ndarray, np.ndarray] | None = None
        self.changes: np.ndarray | None = None
        self.shown = 0.0
        self.speed = 8.0
        self.paused = False
        self.greedy = False
        self.overlays = {name: False for name in OVERLAYS}
        self.plays = 0
        self.waiting = 0
        self._drag: tuple[int, Cell, Cell] | None = None  # (what, from cell, cell now) while dragging
        self._drag_pos: tuple[int, int] | None = None
        self._refused: Cell | None = None
        self._ghost_key: tuple[int, int] | None = None
        self._ghost_surface: pygame.Surface | None = None
        self._layer_key: tuple | None = None
        self._layer: pygame.Surface | None = None
        self._path_key: tuple | None = None
        self._path: pygame.Surface | None = None

    @property
    def level(self) -> Level:
        return self.agent.level if self.agent is not None else self.fallback_level()

    # -- the episode ---------------------------------------------------------------------------

    def reset_episode(self) -> None:
        """Back to the level's default placement (the one drawn in Edit mode)."""
        self.episode = self.level.default_episode()
        self._changed()

    def _changed(self) -> None:
        self.version += 1
        self.played, self.many, self.field, self.changes = None, None, None, None
        self.play()

    def play(self) -> None:
        """Play the current episode once from the start (again, if it was played: a new sample)."""
        if self.agent is None or self.episode is None:
            return
        self.plays += 1
        agent, episode, greedy, seed, version = self.agent, self.episode, self.greedy, self.plays, self.version
        self.waiting += 1
        self.background.run(lambda: play_once(agent, episode, greedy, seed),
                            lambda played: self._answer(version, "played", played), self._failed)
        if self.overlays["arrows"] or self.overlays["values"]:
            self.read_field()
        if self.overlays["changes"]:
            self.read_changes()

    def play_many(self) -> None:
        if self.agent is None or self.episode is None:
            self.on_message("Train or load an agent first (Train mode).", True)
            return
        agent, episode, greedy, seed, version = self.agent, self.episode, self.greedy, self.plays, self.version
        self.waiting += 1
        self.background.run(lambda: play_many(agent, episode, MANY_EPISODES, greedy, seed),
                            lambda many: self._answer(version, "many", many), self._failed)
        self.overlays["visits"] = True

    def read_field(self) -> None:
        agent, episode, version = self.agent, self.episode, self.version
        if agent is None or episode is None:
            return
        self.waiting += 1
        self.background.run(lambda: field_of(agent, episode), lambda field: self._answer(version, "field", field),
                            self._failed)

    def read_changes(self) -> None:
        """Which cells' most likely move differs from the level's own placement (the "what changed" view)."""
        agent, episode, version = self.agent, self.episode, self.version
        if agent is None or episode is None:
            return
        before = agent.level.default_episode()
        self.waiting += 1
        self.background.run(lambda: changed_moves(agent, before, episode),
                            lambda changes: self._answer(version, "changes", changes), self._failed)

    def _answer(self, version: int, name: str, value) -> None:
        """Keep a background answer unless the episode changed since it was asked."""
        self.waiting -= 1
        if version != self.version:
            return
        setattr(self, name, value)
        if name == "played":
            self.shown, self.paused = 0.0, False

    def _failed(self, error: BaseException) -> None:
        self.waiting -= 1
        self.on_message(f"The test run failed: {type(error).__name__}: {error}", True)

    def toggle(self, overlay: str) -> bool:
        self.overlays[overlay] = not self.overlays[overlay]
        if overlay in ("arrows", "values") and self.overlays[overlay] and self.field is None:
            self.read_field()
        if overlay == "changes" and self.overlays[overlay] and self.changes is None:
            self.read_changes()
        return self.overlays[overlay]

    def set_greedy(self, greedy: bool) -> None:
        self.greedy = greedy
        self.many = None
        self.play()

    # -- dragging ------------------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> bool:
        if self.episode is None:
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            cell = self.canvas.cell_at(event.pos, self.level)
            if cell is None:
                return False
            thing = AGENT if cell == tuple(self.episode.agent) else int(self.episode.objects[cell])
            if thing == 0:
                return False
            self._drag, self._drag_pos = (thing, cell, cell), event.pos
            return True
        if event.type == pygame.MOUSEMOTION:
            self.canvas.hover = self.canvas.cell_at(event.pos, self.level)
            if self._drag is not None:
                self._drag_pos = event.pos
                if self.canvas.hover is not None:
                    self._move_to(self.canvas.hover)
                return True
            return False
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self._drag is not None:
            moved = self._drag[2] != self._drag[1]
            self._drag = self._drag_pos = self._refused = None
            if moved:
                self._changed()
            return True
        return self._handle_key(event)

    def _move_to(self, cell: Cell) -> None:
        """Snap the dragged thing to `cell` if it is free; a wall or an occupied cell flashes red."""
        thing, start, here = self._drag
        if cell == here:
            return
        episode = self.episode
        occupied = episode.walls[cell] or cell == tuple(episode.agent) or episode.objects[cell] != 0
        if occupied:
            if cell != self._refused:
                self.canvas.flash(cell)
                self._refused = cell
            return
        self._refused, self._drag = None, (thing, start, cell)
        if thing == AGENT:
            self.episode = replace(episode, agent=cell)
        else:
            objects = episode.objects.copy()
            objects[here], objects[cell] = 0, thing
            self.episode = replace(episode, objects=objects)

    def _handle_key(self, event: pygame.event.Event) -> bool:
        if event.type != pygame.KEYDOWN:
            return False
        actions = {pygame.K_SPACE: self.toggle_pause, pygame.K_RIGHT: self.single_step, pygame.K_HOME: self.restart}
        if event.key not in actions:
            return False
        actions[event.key]()
        return True

    # -- animation -----------------------------------------------------------------------------

    def toggle_pause(self) -> None:
        self.paused = not self.paused

    def single_step(self) -> None:
        self.paused = True
        if self.played is not None:
            self.shown = min(float(int(self.shown) + 1), len(self.played.cells) - 1)

    def restart(self) -> None:
        self.shown = 0.0

    @property
    def finished(self) -> bool:
        return self.played is not None and self.shown >= len(self.played.cells) - 1

    def update(self, dt: float) -> None:
        if self.run.agent is not self.agent:
            shape_changed = self.agent is None or self.run.agent.level.shape != self.agent.level.shape
            self.agent = self.run.agent
            if self.episode is None or shape_changed:
                self.reset_episode()
            else:
                self._changed()
        if self.episode is None:
            self.episode = self.level.default_episode()
        if self.played is not None and not self.paused:
            self.shown = min(self.shown + self.speed * dt, len(self.played.cells) - 1)
        self.canvas.update(dt)

    # -- drawing -------------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        episode = self.episode
        if episode is None:
            return
        animated = self.played is not None and self.played.episode is episode  # else the agent stands at its start
        self.canvas.show(episode.walls.shape, (id(episode), animated), lambda tile: rendering.render_grid(
            episode.walls, episode.objects, None if animated else episode.agent, tile))
        self.canvas.draw(surface, None, None)
        tile, origin = self.canvas.tile, self.canvas.origin
        surface.blit(self._overlay_layer(tile), origin)
        if animated:
            surface.blit(self._path_layer(tile), origin)
            start = self.canvas.cell_rect(tuple(episode.agent))
            pygame.draw.circle(surface, (30, 30, 36), start.center, tile * 0.36, 3)
            overlays.draw_agent(surface, origin, self.played.cells, self.shown, tile)
        if self._drag is not None and self._drag_pos is not None:
            pygame.draw.rect(surface, (255, 255, 255), self.canvas.cell_rect(self._drag[2]), 3)
            ghost = self._ghost(self._drag[0], tile)
            surface.blit(ghost, ghost.get_rect(center=self._drag_pos))

    def _ghost(self, thing: int, tile: int) -> pygame.Surface:
        """The dragged thing's tile, translucent and a little smaller (so the red outline of a refused
        cell under it stays visible), to follow the cursor between cells."""
        if self._ghost_key != (thing, tile):
            code = rendering.AGENT_TILE if thing == AGENT else thing
            self._ghost_surface = array_to_surface(rendering.tile_set(max(4, tile * 3 // 4))[code])
            self._ghost_surface.set_alpha(150)
            self._ghost_key = (thing, tile)
        return self._ghost_surface

    def _path_layer(self, tile: int) -> pygame.Surface:
        """The trail drawn so far, redrawn only when the animation moves on (not while paused or done)."""
        key = (tile, id(self.played), self.shown)
        if key != self._path_key:
            self._path = pygame.Surface(self._layer.get_size(), pygame.SRCALPHA)
            overlays.draw_path(self._path, self.played.cells, self.shown, tile)
            self._path_key = key
        return self._path

    def _overlay_layer(self, tile: int) -> pygame.Surface:
        """The toggled overlays on one transparent layer, rebuilt only when they change. Each is drawn
        on its own layer first: drawing onto a transparent surface replaces pixels, blitting blends."""
        episode = self.episode
        key = (tile, id(episode), tuple(self.overlays.values()), id(self.many), id(self.field), id(self.changes))
        if key == self._layer_key:
            return self._layer
        size = (episode.walls.shape[1] * tile, episode.walls.shape[0] * tile)
        layer = pygame.Surface(size, pygame.SRCALPHA)
        for draw in self._overlay_drawings():
            part = pygame.Surface(size, pygame.SRCALPHA)
            draw(part, tile)
            layer.blit(part, (0, 0))
        self._layer, self._layer_key = layer, key
        return layer

    @property
    def heat_shown(self) -> bool:
        """Whether a heatmap (visits or values) is drawn, so its legend is due."""
        visits = self.overlays["visits"] and self.many is not None
        return visits or (self.overlays["values"] and self.field is not None)

    def _overlay_drawings(self) -> list[Callable[[pygame.Surface, int], None]]:
        """The drawing of each overlay that is on and has its data, bottom first."""
        drawings = []
        if self.overlays["values"] and self.field is not None:
            drawings.append(lambda layer, tile: overlays.draw_values(layer, self.field[1], tile))
        if self.overlays["visits"] and self.many is not None:
            visits = self.many.visits / max(1, self.many.visits.max())
            drawings.append(lambda layer, tile: overlays.draw_heat(layer, visits, tile))
        if self.heat_shown:  # heatmaps lie under the objects, which keep their colours
            drawings.append(lambda layer, tile: layer.blit(overlays.object_layer(self.episode.objects, tile), (0, 0)))
        if self.overlays["region"] and self.agent is not None:
            drawings.extend(lambda layer, tile, region=region: overlays.draw_region_outline(
                layer, region, rendering.REGION_RGB["coin"], tile) for region in proxy_regions(self.agent))
        if self.overlays["changes"] and self.changes is not None:
            drawings.append(lambda layer, tile: overlays.draw_region_outline(layer, self.changes, overlays.CHANGED_RGB,
                                                                             tile))
        if self.overlays["arrows"] and self.field is not None:
            drawings.append(lambda layer, tile: overlays.draw_arrows(layer, self.field[0], tile))
        return drawings
