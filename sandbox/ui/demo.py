"""Workshop demo: a scripted, looping walk-through of one preset and its shipped agent, told by
the real window. Each step puts the window in a state through the views' public methods (and a
drag posted like a mouse would make it), with a big caption; Space pauses, Left/Right step.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pygame

from sandbox.resources import resource_path
from sandbox.ui import scripted_input, theme
from sandbox.ui.app import App
from sandbox.world import Level

Cell = tuple[int, int]
STEP_SECONDS = 8.0
DRAG_SECONDS_PER_CELL = 0.25
CAPTION_SIZE = 28
HINT_SIZE = 18
CAPTION_LINES = 3
BAND_HEIGHT = CAPTION_LINES * (CAPTION_SIZE + 10) + HINT_SIZE + 40
DEMO_MOVES = {"coinrun": ("coin", (2, 5))}  # a spot the coin never visited that shows the proxy clearly


@dataclass(frozen=True)
class DemoStep:
    """A caption, how to set the window up, and what to do once the agent's play is in (if anything)."""

    caption: str
    enter: Callable[[], None]
    then: Callable[[], None] | None = None


def demo_move(preset: str, level: Level) -> tuple[str, Cell]:
    """Which entity the demo drags and where: a chosen cell for known presets, else the free cell
    farthest from the first object's training region."""
    if preset in DEMO_MOVES:
        return DEMO_MOVES[preset]
    from sandbox.env.rendering import region_cells

    index, entity = next((i, e) for i, e in enumerate(level.entities) if e.kind != "agent")
    region = region_cells(level, index)
    episode = level.default_episode()
    free = ~level.walls & (episode.objects == 0) & ~region
    free[episode.agent] = False
    rows, cols = np.nonzero(free)
    region_rows, region_cols = np.nonzero(region)
    distance = np.min(abs(rows[:, None] - region_rows) + abs(cols[:, None] - region_cols), axis=1)
    best = int(np.argmax(distance))
    return entity.id, (int(rows[best]), int(cols[best]))


class Presenter:
    """Drives `app` through the demo steps; offered every event first, updated and drawn each frame."""

    def __init__(self, app: App, preset: str):
        self.app = app
        level = app.document.level
        self.entity_id, self.target = demo_move(preset, level)
        self.start = level.entity(self.entity_id).at
        app.training.load(resource_path("agents", f"{preset}.pt"))
        self.steps = self._steps(level.name)
        self.index = -1
        self.paused = False
        self.elapsed = 0.0
        self._drag: list[Cell] = []
        self._drag_clock = 0.0
        self._then: Callable[[], None] | None = None

    def _steps(self, name: str) -> list[DemoStep]:
        entity, target = self.entity_id, self.target
        return [
            DemoStep(f"{name}: these are training episodes. The {entity} only ever appears in the shaded cells.",
                     self._show_samples),
            DemoStep("Training: the reward curve climbs as the agent learns to collect it.",
                     lambda: self.app.set_mode("train")),
            DemoStep(f"The trained agent goes straight for the {entity}.", self._play_default),
            DemoStep(f"Now drag the {entity} to {target}, where it never was during training...",
                     lambda: self._drag_to_target(animated=True)),
            DemoStep(f"...and the agent goes where the {entity} used to be: it learned a place, not the {entity}.",
                     lambda: self._drag_to_target(animated=False)),
            DemoStep("Over 200 plays of the moved episode: goal, proxy (where it used to be), capability failure.",
                     lambda: self._drag_to_target(animated=False), lambda: self.app.test_view.play_many()),
        ]

    @property
    def ready(self) -> bool:
        return self.app.training.agent is not None

    def go(self, index: int) -> None:
        """Enter step `index` (wrapping around), setting the window up from scratch."""
        self.index, self.elapsed, self._drag = index % len(self.steps), 0.0, []
        self.app.samples.visible = False
        self.steps[self.index].enter()
        self._then = self.steps[self.index].then

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type != pygame.KEYDOWN:
            return False
        if event.key == pygame.K_ESCAPE:
            self.app.stop()
        elif event.key == pygame.K_SPACE:
            self.paused = not self.paused
        elif event.key in (pygame.K_RIGHT, pygame.K_LEFT) and self.ready:
            self.go(self.index + (1 if event.key == pygame.K_RIGHT else -1))
        else:
            return False
        return True

    def _make_room(self) -> pygame.Rect:
        """Shrink the canvas (and samples) to leave room for the caption band below; the band's rect."""
        app = self.app
        band = pygame.Rect(app.canvas.rect.x, app.status.rect.y - BAND_HEIGHT, app.canvas.rect.width, BAND_HEIGHT)
        for rect in (app.canvas.rect, app.samples.rect):
            rect.height = band.y - rect.y
        return band

    def update(self, dt: float) -> None:
        self._make_room()
        if self.index < 0:
            if self.ready:
                self.go(0)
            return
        if self._drag:
            self._advance_drag(dt)
        view = self.app.test_view
        if self._then is not None and view.played is not None and view.played.episode is view.episode \
                and tuple(view.episode.agent) == tuple(view.played.episode.agent) and not view.waiting \
                and view.version > 0 and not self._drag:
            self._then, then = None, self._then
            then()
        if not self.paused:
            self.elapsed += dt
            if self.elapsed >= STEP_SECONDS and not self._drag:
                self.go(self.index + 1)

    # -- the steps ----------------------------------------------------------------------------

    def _show_samples(self) -> None:
        self.app.set_mode("edit")
        self.app.samples.show(self.app.document.level)

    def _play_default(self) -> None:
        self.app.set_mode("test")
        self.app.test_view.reset_episode()

    def _drag_to_target(self, animated: bool) -> None:
        """Drag from the level's cell to the target as a person would: cell by cell, or all at once."""
        self._play_default()
        (r0, c0), (r1, c1) = self.start, self.target
        cells = [(r0 + round((r1 - r0) * t / 8), c0 + round((c1 - c0) * t / 8)) for t in range(9)]
        path = [cell for i, cell in enumerate(cells) if i == 0 or cell != cells[i - 1]]
        scripted_input.press(self.app.canvas.cell_rect(path[0]).center)
        if animated:
            self._drag, self._drag_clock = path[1:], 0.0
            return
        for cell in path[1:]:
            scripted_input.move(self.app.canvas.cell_rect(cell).center)
        scripted_input.release(self.app.canvas.cell_rect(path[-1]).center)

    def _advance_drag(self, dt: float) -> None:
        self._drag_clock += dt
        if self._drag_clock < DRAG_SECONDS_PER_CELL:
            return
        self._drag_clock = 0.0
        cell = self._drag.pop(0)
        scripted_input.move(self.app.canvas.cell_rect(cell).center)
        if not self._drag:
            scripted_input.release(self.app.canvas.cell_rect(cell).center)

    # -- drawing ------------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        band = self._make_room()
        caption = self.steps[self.index].caption if self.index >= 0 else "Loading the trained agent..."
        big = theme.font(CAPTION_SIZE, bold=True)
        surface.fill(theme.BAR_BACKGROUND, band)
        for number, line in enumerate(theme.wrap(caption, big, band.width - 48)[:CAPTION_LINES]):
            surface.blit(big.render(line, True, theme.TEXT), (band.x + 24, band.y + 12 + number * (CAPTION_SIZE + 10)))
        hint = (f"step {self.index + 1} of {len(self.steps)}   ·   Space: {'resume' if self.paused else 'pause'}"
                "   ·   Left / Right: step   ·   Esc: quit")
        small = theme.font(HINT_SIZE).render(hint, True, theme.MUTED_TEXT)
        surface.blit(small, (band.x + 24, band.bottom - HINT_SIZE - 18))


def run_demo(preset: str, fullscreen: bool = True, exit_after_frames: int | None = None) -> int:
    """Open the window on `preset` with its shipped agent and run the walk-through until Esc."""
    level_path = Path(resource_path("levels", f"{preset}.json"))
    app = App(level_path, fullscreen=fullscreen)
    app.presenter = Presenter(app, preset)
    return app.run(exit_after_frames)
