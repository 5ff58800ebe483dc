"""Colours, fonts and the widget theme file shared by every panel."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import pygame

from sandbox.resources import resource_path

THEME_PATH = resource_path("assets", "theme.json")
BACKGROUND = (34, 38, 48)
CANVAS_BACKGROUND = (24, 27, 34)
LEVEL_FRAME = (96, 104, 124)
BAR_BACKGROUND = (26, 29, 37)
TEXT = (220, 223, 230)
MUTED_TEXT = (150, 156, 170)
REFUSAL_TEXT = (255, 120, 110)
WARNING_TEXT = (255, 200, 120)
OVERLAY = (14, 16, 22, 225)


@lru_cache(maxsize=16)
def font(size: int, bold: bool = False) -> pygame.font.Font:
    """The widgets' own typeface (Noto Sans, shipped with pygame_gui), so drawn text matches them."""
    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    with resources.as_file(resources.files("pygame_gui.data") / name) as path:
        return pygame.font.Font(str(path), size)


def wrap(text: str, font: pygame.font.Font, width: int) -> list[str]:
    """Split `text` at spaces into lines no wider than `width` pixels (a longer word keeps its line)."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if font.size(candidate)[0] > width and line:
            lines.append(line)
            line = word
        else:
            line = candidate
    return lines + ([line] if line else [])
