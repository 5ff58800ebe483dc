"""What the presenter's screen and a recording show beyond the level: the caption in plain words,
the verdict once the agent's play has ended, the 200-play numbers, the curve and the heatmaps'
legend. The window's views hold the state; the stage only reads it and draws.
"""
from __future__ import annotations

from typing import Callable, Protocol

import numpy as np
import pygame

from sandbox.ui import legends, presenter_layout, theme
from sandbox.ui.legends import OUTCOME_RGB
from sandbox.ui.overlays import PATH_RGB, SECOND_PATH_RGB
from sandbox.ui.second_agent import compared_curves, short_name, trained_with
from sandbox.ui.canvas import CanvasPanel
from sandbox.ui.snapshots import surface_array
from sandbox.ui.test_view import TestView
from sandbox.ui.training_run import TrainingRun
from sandbox.world import Level


class Story(Protocol):
    """What the workshop walk-through (sandbox.ui.demo) tells the stage to show."""

    def caption(self) -> str: ...

    def verdict(self): ...

    def hint(self) -> str: ...


class Stage:
    """`level()` is the open level; `mode()` the window's mode ("edit", "train" or "test")."""

    def __init__(self, canvas: CanvasPanel, view: TestView, training: TrainingRun, level: Callable[[], Level],
                 mode: Callable[[], str]):
        self.canvas, self.view, self.training, self.level, self.mode = canvas, view, training, level, mode
        self.presentation = presenter_layout.Presentation()  # presenter mode's screen
        self.recording = presenter_layout.Presentation()  # the recorder's frames
        self.story: Story | None = None  # the walk-through, when it runs: its captions replace the plain ones

    def caption(self) -> str:
        """The level and, in Test, what was moved, in plain words."""
        view = self.view
        if self.mode() != "test" or view.episode is None or view.level is None:
            return self.level().name
        return presenter_layout.plain_caption(view.level, view.episode)

    def finished_play(self):
        """The play of the shown placement once its animation has ended (the verdict waits for it)."""
        view = self.view
        played = view.played
        if self.mode() != "test" or played is None or played.episode is not view.episode or not view.finished:
            return None
        return played

    def outcomes(self) -> list[presenter_layout.OutcomeRow]:
        """A row of big numbers per agent that has played many times: untitled for one agent, titled
        with each agent's name and training when two are compared."""
        view = self.view
        if self.mode() != "test":
            return []
        if view.second is None:
            return [_row("", view.many)] if view.many is not None else []
        agents = ((view.agent, view.second.agent, view.many, PATH_RGB),
                  (view.second.agent, view.agent, view.second.many, SECOND_PATH_RGB))
        return [_row(f"{short_name(agent)}, {trained_with(agent, other)}", many, rgb)
                for agent, other, many, rgb in agents if many is not None and agent is not None]


    def heat(self) -> tuple[bool, bool]:
        """Whether the visits and the value heatmaps are drawn (each gets a legend)."""
        view, testing = self.view, self.mode() == "test"
        return (testing and view.visits_shown,
                testing and view.overlays["values"] and view.field is not None)

    def draw_legend(self, surface: pygame.Surface) -> bool:
        """The heatmaps' legend on screen: beside the level if there is room; over its corner only in
        the editor's own view (presenting and recording keep the level clear, and the legend goes
        into the caption band instead). Returns whether it was drawn."""
        heat = self.heat()
        size = legends.ramp_legend_size(*heat)
        if not size[1]:
            return False
        area = self.view.area
        spot = legends.legend_spot(area, self.view.occupied, size)
        if spot is None and not self.canvas.plain:
            spot = pygame.Rect((area.left + 8, area.bottom - size[1] - 8), size)
        if spot is not None:
            legends.draw_ramp_legends(surface, spot.topleft, *heat)
        return spot is not None

    def present(self, presentation: presenter_layout.Presentation, surface: pygame.Surface, hint: str,
                heat: tuple[bool, bool]) -> None:
        story = self.story
        compared = compared_curves(self.view.agent, self.view.second) if self.mode() == "test" else None
        played = self.finished_play() if story is None else story.verdict()
        if compared is not None:
            played = None  # each agent's verdict is over its own canvas
        verdict = (f"The agent {played.verdict}.", OUTCOME_RGB[played.outcome]) if played is not None else None
        marker = played.episode_return if played is not None else None
        caption = self.caption() if story is None else story.caption()
        presentation.draw(surface, caption, self.training.curve, self.training.axis_end, marker,
                          self.outcomes(), verdict, hint if story is None else story.hint(), heat, compared)

    def recording_frame(self, screen: pygame.Surface) -> np.ndarray:
        """uint8[H, W, 3]: the level as drawn (no hover or selection outlines while recording; two
        agents' canvases with their captions when comparing), the full-height curve beside it and the
        caption (and heatmap legend) under both."""
        comparing = self.mode() == "test" and self.view.layout is not None
        shown = self.view.occupied if comparing else self.canvas.picture_rect
        level = screen.subsurface(shown.clip(screen.get_rect()))
        heat = self.heat()
        frame, picture_at = self.recording.frame_around(level.get_size(), legends.ramp_legend_size(*heat)[1])
        frame.blit(level, picture_at)
        self.present(self.recording, frame, "", heat)
        return surface_array(frame)


def _row(title: str, many, title_rgb=theme.TEXT) -> presenter_layout.OutcomeRow:
    outcomes = tuple(presenter_layout.Outcome(name, share, colour)
                     for name, share, colour in zip(many.names, many.shares, OUTCOME_RGB))
    return presenter_layout.OutcomeRow(title, outcomes, title_rgb)
