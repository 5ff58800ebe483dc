"""An export clip as a function of frame number: each grid panel replays one play of an episode
step by step (looping, with a pause on the last step), pasted onto the still backdrop.

Only a few dozen distinct frames exist (one per combination of panel steps), so they are built
once and cached; a 300-frame clip costs little more than its encoding.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import numpy as np

from sandbox.analysis.single_play import Play
from sandbox.env.rendering import REGION_RGB, render_grid, shade_cells
from sandbox.media.backdrop import Backdrop

TRAIL_RGB = np.array((47, 127, 216), np.uint8)
HOLD_SECONDS = 1.5


@dataclass(frozen=True)
class Timing:
    """fps frames a second for `seconds`; the agent makes `speed` moves a second."""

    fps: int = 30
    seconds: float = 10.0
    speed: float = 5.0

    @property
    def frame_count(self) -> int:
        return max(1, round(self.fps * self.seconds))


class Clip:
    """Frames of one or more plays side by side. `region` (bool[H, W] or None) is shaded in every
    panel: where the moved thing was during training."""

    def __init__(self, plays: list[Play], backdrop: Backdrop, timing: Timing, tile: int,
                 region: np.ndarray | None = None):
        self.plays, self.backdrop, self.timing, self.tile, self.region = plays, backdrop, timing, tile, region
        self._panels: dict[tuple[int, int], np.ndarray] = {}
        self._frames: dict[tuple[int, ...], np.ndarray] = {}
        longest = max(len(play.cells) - 1 for play in plays)
        self._cycle = longest / timing.speed + HOLD_SECONDS

    @property
    def size(self) -> tuple[int, int]:
        """(height, width) in pixels, both even."""
        return self.backdrop.image.shape[:2]

    def __len__(self) -> int:
        return self.timing.frame_count

    def steps_at(self, index: int) -> tuple[int, ...]:
        """How many moves each panel has made at frame `index`."""
        elapsed = (index / self.timing.fps) % self._cycle
        moves = int(elapsed * self.timing.speed + 1e-9)
        return tuple(min(moves, len(play.cells) - 1) for play in self.plays)

    def frame(self, index: int) -> np.ndarray:
        """uint8[H, W, 3], read-only (shared with every frame showing the same steps)."""
        steps = self.steps_at(index)
        if steps not in self._frames:
            image = self.backdrop.image.copy()
            for (top, left), panel, step in zip(self.backdrop.slots, range(len(self.plays)), steps):
                picture = self._panel(panel, step)
                image[top:top + picture.shape[0], left:left + picture.shape[1]] = picture
            image.setflags(write=False)
            self._frames[steps] = image
        return self._frames[steps]

    def __iter__(self) -> Iterator[np.ndarray]:
        return (self.frame(index) for index in range(len(self)))

    def runs(self) -> list[tuple[np.ndarray, int]]:
        """Consecutive equal frames merged as (frame, how many): what a GIF stores."""
        runs: list[tuple[np.ndarray, int]] = []
        previous = None
        for index in range(len(self)):
            steps = self.steps_at(index)
            if steps == previous:
                runs[-1] = (runs[-1][0], runs[-1][1] + 1)
            else:
                runs.append((self.frame(index), 1))
            previous = steps
        return runs

    def _panel(self, panel: int, step: int) -> np.ndarray:
        """The episode with the agent after `step` moves and a dot on each cell it left behind."""
        if (panel, step) not in self._panels:
            play, tile = self.plays[panel], self.tile
            episode = play.episode
            picture = render_grid(episode.walls, episode.objects, play.cells[step], tile)
            if self.region is not None:
                shade_cells(picture, self.region, REGION_RGB["coin"], tile, alpha=0.25)
            dot, half = max(2, tile // 6), max(1, tile // 12)
            for row, col in set(play.cells[:step]) - {play.cells[step]}:
                y, x = row * tile + tile // 2, col * tile + tile // 2
                picture[y - half:y - half + dot, x - half:x - half + dot] = TRAIL_RGB
            self._panels[panel, step] = picture
        return self._panels[panel, step]
