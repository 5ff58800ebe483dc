"""Pictures of the window for sharing: the whole window (F12), the level canvas alone scaled up
with nearest-neighbour pixels for slides, and the frames the recorder takes. Files go to the
user's data folder under exports/, named by the time they were made. (Recording frames are
composed by `presenter_layout`.)"""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pygame

from sandbox.media.video_file import write_atomic
from sandbox.resources import data_dir

CANVAS_SCALES = (1, 2, 4, 8)


def exports_dir() -> Path:
    folder = data_dir() / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def export_path(kind: str, suffix: str) -> Path:
    """A fresh file name in the exports folder, e.g. goalpost-window-20260101-120000.png."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = exports_dir() / f"goalpost-{kind}-{stamp}{suffix}"
    number = 2
    while path.exists() or path.with_suffix(".gif").exists():
        path = exports_dir() / f"goalpost-{kind}-{stamp}-{number}{suffix}"
        number += 1
    return path


def save_surface(surface: pygame.Surface, kind: str, scale: int = 1) -> Path:
    """Write `surface` as a PNG, each pixel repeated `scale` times (crisp, no smoothing)."""
    if scale != 1:
        surface = pygame.transform.scale(surface, (surface.get_width() * scale, surface.get_height() * scale))
    path = export_path(kind, ".png")
    write_atomic(path, lambda temporary: pygame.image.save(surface, str(temporary)))
    return path


def surface_array(surface: pygame.Surface) -> np.ndarray:
    """uint8[H, W, 3] copy of a surface's pixels."""
    return np.frombuffer(pygame.image.tobytes(surface, "RGB"), np.uint8).reshape(surface.get_height(),
                                                                                   surface.get_width(), 3)
