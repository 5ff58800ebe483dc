"""The window's export actions: F12 screenshots, the canvas alone for slides, and recording.

Screenshots are taken after the frame is drawn (so they show exactly what is on screen); recorded
frames are grabbed there too and handed to the `Recorder`'s writer thread.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
import pygame

from sandbox.media.video_file import ExportError
from sandbox.ui.canvas import CanvasPanel
from sandbox.ui.recorder import Recorder
from sandbox.ui.snapshots import export_path, save_surface

CANVAS_SCALE = 4


class WindowExports:
    """`frame(screen)` composes a recording frame uint8[H, W, 3] from the drawn window (the level,
    the curve and a caption); `on_message(text, is_error)` is the status bar."""

    def __init__(self, canvas: CanvasPanel, frame: Callable[[pygame.Surface], np.ndarray],
                 on_message: Callable[[str, bool], None]):
        self.canvas, self.frame, self.on_message = canvas, frame, on_message
        self.recorder = Recorder()
        self.canvas_scale = CANVAS_SCALE
        self._pending: str | None = None
        self.last_path = None

    def handle_key(self, event: pygame.event.Event) -> bool:
        """F12: the window; Shift+F12: the canvas alone; Ctrl+R: start or stop recording."""
        if event.key == pygame.K_F12:
            self._pending = "canvas" if event.mod & pygame.KMOD_SHIFT else "window"
            return True
        if event.key == pygame.K_r and event.mod & pygame.KMOD_CTRL:
            self.toggle_recording()
            return True
        return False

    def screenshot(self) -> None:
        self._pending = "window"

    def toggle_recording(self) -> None:
        if self.recorder.recording:
            self.recorder.stop()
            self.on_message("Finishing the recording...", False)
        else:
            path = export_path("clip", ".mp4")
            self.recorder.start(path)
            self.on_message(f"Recording to {path.parent} (Ctrl+R or Stop recording to finish)", False)

    def after_draw(self, screen: pygame.Surface, dt: float) -> None:
        """Take a pending screenshot and a due recording frame from what was just drawn."""
        if self._pending is not None:
            kind, self._pending = self._pending, None
            self._save(screen, kind)
        self.recorder.offer(dt, lambda: self.frame(screen))
        finished = self.recorder.poll()
        if finished is not None:
            self.on_message(*finished)

    def _save(self, screen: pygame.Surface, kind: str) -> None:
        try:
            if kind == "window":
                self.last_path = save_surface(screen, "window")
            else:
                picture = screen.subsurface(self.canvas.picture_rect.clip(screen.get_rect()))
                self.last_path = save_surface(picture, "canvas", self.canvas_scale)
        except (ExportError, OSError, pygame.error) as error:
            self.on_message(f"Could not save the picture: {error}", True)
            return
        self.on_message(f"Saved {self.last_path}", False)

    def close(self) -> None:
        """Finish a recording still running, so closing the window never loses it."""
        self.recorder.stop()
        self.recorder.wait()
        finished = self.recorder.poll()
        if finished is not None and finished[1]:
            print(f"goalpost: {finished[0]}")
