"""Test mode's canvas: one concrete episode; drag the coin, anything else or the agent's start to
another cell, and the agent plays it from the start, animated, leaving its path behind.

The view draws a `TestSession` (what is tested and what was found) and holds only display state:
the drag in progress, how far the play's animation has got, the overlay toggles.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pygame

from sandbox.env import rendering
from sandbox.ui import compare_layout, overlays
from sandbox.ui.agent_captions import draw_agent_caption
from sandbox.ui.canvas import CanvasPanel
from sandbox.ui.icons import array_to_surface
from sandbox.ui.second_agent import trained_with
from sandbox.ui.test_runs import proxy_regions
from sandbox.ui.test_session import MANY_EPISODES, TestSession
from sandbox.world import Level

__all__ = ["MANY_EPISODES", "TestView"]

Cell = tuple[int, int]
AGENT = -1  # what is being dragged when it is the agent's start, not an object code
OVERLAYS = ("visits", "region", "arrows", "values", "changes")
SHARED_CANVAS_SHIFT = 0.12  # of a tile: the second trail beside the first when both share one canvas


class TestView:
    def __init__(self, canvas: CanvasPanel, session: TestSession):
        self.canvas, self.session = canvas, session
        self.second_canvas = CanvasPanel(pygame.Rect(0, 0, 0, 0))  # the compared agent's, when side by side
        self.layout: compare_layout.CompareLayout | None = None  # while comparing
        self.area = pygame.Rect(canvas.rect)  # the level's whole area, split while comparing
        self.shown = 0.0
        self.speed = 8.0
        self.paused = False
        self.overlays = {name: False for name in OVERLAYS}
        self._animated: tuple[int, ...] = ()  # the plays whose animation `shown` counts
        self._drag: tuple[int, Cell, Cell] | None = None  # (what, from cell, cell now) while dragging
        self._drag_canvas = canvas  # the canvas the drag started on (either one, when side by side)
        self._drag_pos: tuple[int, int] | None = None
        self._refused: Cell | None = None
        self._ghost_key: tuple[int, int] | None = None
        self._ghost_surface: pygame.Surface | None = None
        self._layer_key: tuple | None = None
        self._layer: pygame.Surface | None = None
        self._paths: dict[int, tuple[tuple, pygame.Surface]] = {}  # per trail: (what it shows, its layer)
        self._second_layer_key: tuple | None = None
        self._second_layer: pygame.Surface | None = None

    # -- the session, as the panel and the scripts read it -------------------------------------

    @property
    def level(self) -> Level | None:
        return self.session.level

    @property
    def agent(self):
        return self.session.agent

    @property
    def episode(self):
        return self.session.episode

    @property
    def played(self):
        return self.session.played

    @property
    def many(self):
        return self.session.many

    @property
    def second(self):
        return self.session.second

    @property
    def field(self):
        return self.session.field

    @property
    def changes(self):
        return self.session.changes

    @property
    def waiting(self) -> int:
        return self.session.waiting

    @property
    def version(self) -> int:
        return self.session.version

    @property
    def greedy(self) -> bool:
        return self.session.greedy

    def reset_episode(self) -> None:
        self.session.reset_placement()

    def play(self) -> None:
        self.session.play()

    def play_many(self) -> None:
        self.session.play_many()
        self.overlays["visits"] = True

    def set_greedy(self, greedy: bool) -> None:
        self.session.set_greedy(greedy)

    def toggle(self, overlay: str) -> bool:
        session = self.session
        self.overlays[overlay] = on = not self.overlays[overlay]
        if overlay in ("arrows", "values"):
            session.want_field = self.overlays["arrows"] or self.overlays["values"]
            if on and session.field is None:
                session.read_field()
        if overlay == "changes":
            session.want_changes = on
            if on and session.changes is None:
                session.read_changes()
        return on

    # -- dragging ------------------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> bool:
        if self.episode is None or self.level is None:
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            canvas = next((c for c in self.canvases if c.rect.collidepoint(event.pos)), self.canvas)
            cell = canvas.cell_at(event.pos, self.level)
            if cell is None:
                return False
            self._drag_canvas = canvas
            thing = AGENT if cell == tuple(self.episode.agent) else int(self.episode.objects[cell])
            if thing == 0:
                return False
            self._drag, self._drag_pos = (thing, cell, cell), event.pos
            return True
        if event.type == pygame.MOUSEMOTION:
            for canvas in self.canvases:
                canvas.hover = canvas.cell_at(event.pos, self.level) if canvas.rect.collidepoint(event.pos) else None
            if self._drag is not None:
                self._drag_pos = event.pos
                cell = self._drag_canvas.cell_at(event.pos, self.level)
                if cell is not None:
                    self._move_to(cell)
                return True
            return False
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self._drag is not None:
            moved = self._drag[2] != self._drag[1]
            self._drag = self._drag_pos = self._refused = None
            if moved:
                self.session.set_episode(self.episode)
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
                self._drag_canvas.flash(cell)
                self._refused = cell
            return
        self._refused, self._drag = None, (thing, start, cell)
        if thing == AGENT:
            self.session.episode = replace(episode, agent=cell)  # played once the drag ends
        else:
            objects = episode.objects.copy()
            objects[here], objects[cell] = 0, thing
            self.session.episode = replace(episode, objects=objects)

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
        if self._plays():
            self.shown = min(float(int(self.shown) + 1), self._last_step)

    def restart(self) -> None:
        self.shown = 0.0

    def _plays(self) -> list:
        """The plays animated together: the test agent's and, when comparing, the second agent's
        (either may be None while it is asked for)."""
        plays = [self.played]
        if self.second is not None:
            plays.append(self.second.played)
        return [play for play in plays if play is not None]

    @property
    def _last_step(self) -> int:
        return max(len(play.cells) for play in self._plays()) - 1

    @property
    def finished(self) -> bool:
        """Every agent's play is in and its animation has reached its end."""
        wanted = 1 + (self.second is not None)
        return len(self._plays()) == wanted and self.shown >= self._last_step

    @property
    def animating(self) -> bool:
        """A play is being walked through: shown, not paused, not yet at its end."""
        return bool(self._plays()) and not self.paused and self.shown < self._last_step

    def ended(self, play) -> bool:
        """Whether the animation has reached the end of `play` (one of the plays shown)."""
        return self.shown >= len(play.cells) - 1

    def update(self, dt: float) -> None:
        plays = tuple(id(play) for play in self._plays())
        if plays != self._animated:
            self._animated, self.shown, self.paused = plays, 0.0, False  # a new play: watch it from the start
        if plays and not self.paused:
            self.shown = min(self.shown + self.speed * dt, self._last_step)
        for canvas in self.canvases:
            canvas.update(dt)

    # -- where the canvases go -----------------------------------------------------------------

    def place(self, area: pygame.Rect, text_size: int = compare_layout.CAPTION_SIZE) -> None:
        """Lay out the level's `area`: all of it for one agent, split between two (compare_layout,
        with captions in `text_size` px type)."""
        self.area = pygame.Rect(area)
        if self.second is None or self.level is None:
            self.layout, self.canvas.rect = None, pygame.Rect(area)
            return
        self.layout = compare_layout.arrange(area, self.level.shape, text_size)
        self.canvas.rect = self.layout.canvases[0]
        if self.layout.side_by_side:
            self.second_canvas.rect = self.layout.canvases[1]

    @property
    def occupied(self) -> pygame.Rect:
        """What a legend must not cover: the level pictures and, when comparing, their captions."""
        rects = [canvas.picture_rect for canvas in self.canvases] + list(self._caption_rects())
        return rects[0].unionall(rects[1:])

    def _caption_rects(self) -> list[pygame.Rect]:
        return compare_layout.captions_over(self.layout, self.canvas.picture_rect) if self.layout else []

    @property
    def canvases(self) -> list[CanvasPanel]:
        side_by_side = self.layout is not None and self.layout.side_by_side
        return [self.canvas, self.second_canvas] if side_by_side else [self.canvas]

    # -- drawing -------------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        episode = self.episode
        if episode is None:
            return
        trails = self._trails()
        for canvas in self.canvases:
            playing = any(trail[0] is canvas for trail in trails)  # else the agent stands at its start
            canvas.show(episode.walls.shape, (id(episode), playing), lambda tile: rendering.render_grid(
                episode.walls, episode.objects, None if playing else episode.agent, tile))
            canvas.draw(surface, None, None)
        tile, origin = self.canvas.tile, self.canvas.origin
        surface.blit(self._overlay_layer(tile), origin)
        if len(self.canvases) == 2 and (heat := self._second_visits_layer(self.second_canvas.tile)) is not None:
            surface.blit(heat, self.second_canvas.origin)
        for index, (canvas, play, rgb, shift, _) in enumerate(trails):
            surface.blit(self._path_layer(index, play, canvas.tile, rgb, shift), canvas.origin)
        for canvas, play, _, _, ring in trails:
            start = canvas.cell_rect(tuple(episode.agent))
            pygame.draw.circle(surface, (30, 30, 36), start.center, canvas.tile * 0.36, 3)
            overlays.draw_agent(surface, canvas.origin, play.cells, min(self.shown, len(play.cells) - 1),
                                canvas.tile, ring)
        if self.layout is not None:
            self._captions(surface)
        if self._drag is not None and self._drag_pos is not None:
            canvas = self._drag_canvas
            pygame.draw.rect(surface, (255, 255, 255), canvas.cell_rect(self._drag[2]), 3)
            ghost = self._ghost(self._drag[0], canvas.tile)
            surface.blit(ghost, ghost.get_rect(center=self._drag_pos))

    def _trails(self) -> list[tuple[CanvasPanel, object, tuple[int, int, int], float, tuple[int, int, int]]]:
        """(canvas, play, trail colour, shift, agent ring) of each play of the shown placement; on
        one shared canvas the second trail is shifted and its agent ringed in its colour."""
        session, white = self.session, (255, 255, 255)
        trails = [(self.canvas, session.current_play, overlays.PATH_RGB, 0.0, white)]
        if self.layout is not None:
            rgb = overlays.SECOND_PATH_RGB
            trails.append((self.second_canvas, session.second_play, rgb, 0.0, white) if self.layout.side_by_side
                          else (self.canvas, session.second_play, rgb, SHARED_CANVAS_SHIFT, rgb))
        return [trail for trail in trails if trail[1] is not None]

    def _captions(self, surface: pygame.Surface) -> None:
        """Who each agent is, what it was trained with and its verdict, over its canvas."""
        session, second = self.session, self.second.agent
        rows = [(self.agent, second, session.current_play, overlays.PATH_RGB),
                (second, self.agent, session.second_play, overlays.SECOND_PATH_RGB)]
        for rect, (agent, other, play, rgb) in zip(self._caption_rects(), rows):
            if agent is not None:
                draw_agent_caption(surface, rect, agent.label, trained_with(agent, other), rgb, play,
                                   play is not None and self.ended(play), self.layout.text_size)

    def _ghost(self, thing: int, tile: int) -> pygame.Surface:
        """The dragged thing's tile, translucent and a little smaller (so the red outline of a refused
        cell under it stays visible), to follow the cursor between cells."""
        if self._ghost_key != (thing, tile):
            code = rendering.AGENT_TILE if thing == AGENT else thing
            self._ghost_surface = array_to_surface(rendering.tile_set(max(4, tile * 3 // 4))[code])
            self._ghost_surface.set_alpha(150)
            self._ghost_key = (thing, tile)
        return self._ghost_surface

    def _path_layer(self, index: int, play, tile: int, rgb, shift: float) -> pygame.Surface:
        """Trail `index`'s path drawn so far, redrawn only when the animation moves on (not while
        paused or done)."""
        key = (tile, id(play), min(self.shown, len(play.cells) - 1), shift)
        cached = self._paths.get(index)
        if cached is None or cached[0] != key:
            height, width = self.episode.walls.shape
            layer = pygame.Surface((width * tile, height * tile), pygame.SRCALPHA)
            overlays.draw_path(layer, play.cells, key[2], tile, rgb, shift)
            self._paths[index] = cached = (key, layer)
        return cached[1]

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
        return self.visits_shown or (self.overlays["values"] and self.field is not None)

    @property
    def visits_shown(self) -> bool:
        """Visits are drawn when on and in, each agent's on its own canvas: on one canvas shared by
        two agents, one agent's heatmap would read as both's (the outcome bars compare them there)."""
        shared = self.layout is not None and not self.layout.side_by_side
        return self.overlays["visits"] and self.many is not None and not shared

    def _visits_drawing(self, many) -> Callable[[pygame.Surface, int], None]:
        visits = many.visits / max(1, many.visits.max())
        return lambda layer, tile: overlays.draw_heat(layer, visits, tile)

    def _second_visits_layer(self, tile: int) -> pygame.Surface | None:
        """The second agent's visits under the objects, for its own canvas (None when not shown)."""
        many = self.second.many if self.second is not None else None
        if many is None or not self.visits_shown:
            return None
        key = (tile, id(self.episode), id(many))
        if key != self._second_layer_key:
            height, width = self.episode.walls.shape
            self._second_layer = pygame.Surface((width * tile, height * tile), pygame.SRCALPHA)
            self._visits_drawing(many)(self._second_layer, tile)
            self._second_layer.blit(overlays.object_layer(self.episode.objects, tile), (0, 0))
            self._second_layer_key = key
        return self._second_layer

    def _overlay_drawings(self) -> list[Callable[[pygame.Surface, int], None]]:
        """The drawing of each overlay that is on and has its data, bottom first."""
        drawings = []
        if self.overlays["values"] and self.field is not None:
            drawings.append(lambda layer, tile: overlays.draw_values(layer, self.field[1], tile))
        if self.visits_shown:
            drawings.append(self._visits_drawing(self.many))
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
