"""Record what the window shows (canvas and reward curve side by side, with a caption line) to MP4
and GIF. Frames go through a queue to a writer thread, so encoding never costs the window a frame;
the thread reports back through `poll` (where the files went, or why they could not be written).
"""
from __future__ import annotations

import queue
import threading
from pathlib import Path
from typing import Callable

import numpy as np

from sandbox.media.video_file import ExportError, mp4_writer, write_atomic, write_gif

FPS = 30
GIF_EVERY = 3  # the GIF keeps every third frame (10 fps): small, and smooth enough for step-wise moves
GIF_MAX_FRAMES = 600  # one minute; beyond it only the MP4 grows, so memory stays bounded
QUEUE_FRAMES = 90


class Recorder:
    """`start(path)`, then `offer(dt, grab)` every window frame, then `stop()`; `poll()` returns the
    finished message once."""

    def __init__(self):
        self.path: Path | None = None
        self._queue: queue.Queue = queue.Queue(maxsize=QUEUE_FRAMES)
        self._thread: threading.Thread | None = None
        self._finishing: threading.Thread | None = None
        self._since = 0.0
        self._size: tuple[int, int] | None = None
        self._result: tuple[str, bool] | None = None
        self.frames = 0
        self.dropped = 0

    @property
    def recording(self) -> bool:
        return self._thread is not None

    def start(self, path: Path) -> None:
        self.path, self.frames, self.dropped, self._since, self._size = Path(path), 0, 0, 1.0, None
        self._thread = threading.Thread(target=self._write, args=(self.path,), name="recorder", daemon=True)
        self._thread.start()

    def offer(self, dt: float, grab: Callable[[], np.ndarray]) -> None:
        """Capture a frame if one is due at FPS (`grab` gives uint8[H, W, 3]); never waits."""
        if not self.recording:
            return
        self._since += dt
        if self._since < 1 / FPS:
            return
        self._since = min(self._since - 1 / FPS, 1 / FPS)
        frame = grab()
        self._size = self._size or (frame.shape[0] - frame.shape[0] % 2, frame.shape[1] - frame.shape[1] % 2)
        try:
            self._queue.put_nowait(_fit(frame, self._size))
            self.frames += 1
        except queue.Full:
            self.dropped += 1

    def stop(self) -> None:
        """Finish the files in the background; `poll` says when they are there."""
        if self._thread is not None:
            if self._thread.is_alive():  # a writer that failed reads no more, so nothing to tell it
                self._queue.put(None)
            self._finishing, self._thread = self._thread, None

    def wait(self, timeout: float = 30.0) -> None:
        """Block until the writer is done (closing the window, tests)."""
        if self._finishing is not None:
            self._finishing.join(timeout)

    def poll(self) -> tuple[str, bool] | None:
        """(message, is_error) once the writer has finished, else None."""
        result, self._result = self._result, None
        return result

    def _write(self, path: Path) -> None:
        gif_frames: list[np.ndarray] = []
        gif_path = path.with_suffix(".gif")
        try:
            write_atomic(path, lambda temporary: self._encode(temporary, gif_frames))
            if gif_frames:
                write_atomic(gif_path, lambda temporary: write_gif(temporary, gif_frames,
                                                                    [1000 * GIF_EVERY // FPS] * len(gif_frames)))
            self._result = (f"Recording saved: {path} and {gif_path.name}", False)
        except ExportError as error:
            self._result = (str(error), True)

    def _encode(self, temporary: Path, gif_frames: list[np.ndarray]) -> None:
        with mp4_writer(temporary, FPS) as writer:
            count = 0
            while (frame := self._queue.get()) is not None:
                writer.append_data(frame)
                if count % GIF_EVERY == 0 and len(gif_frames) < GIF_MAX_FRAMES:
                    gif_frames.append(frame)
                count += 1


def _fit(frame: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Crop or pad to the size the recording started with (the window may be resized meanwhile)."""
    height, width = size
    if frame.shape[:2] == (height, width):
        return frame
    out = np.zeros((height, width, 3), np.uint8)
    h, w = min(height, frame.shape[0]), min(width, frame.shape[1])
    out[:h, :w] = frame[:h, :w]
    return out
