"""A turning arc shown while something runs in the background (a model loads, a rollout plays)."""
from __future__ import annotations

import math
import time

import pygame

SPINNER_RGB = (127, 196, 240)


def spinner_frame() -> int:
    """Changes as often as the spinner's picture does (for redrawing only when needed)."""
    return int(time.monotonic() * 30)


def draw_spinner(surface: pygame.Surface, centre: tuple[int, int], radius: int = 8) -> None:
    start = (time.monotonic() * 6) % (2 * math.pi)
    rect = pygame.Rect(0, 0, 2 * radius, 2 * radius)
    rect.center = centre
    pygame.draw.arc(surface, SPINNER_RGB, rect, start, start + 4.2, 3)
