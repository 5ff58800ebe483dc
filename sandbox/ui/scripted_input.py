"""Post the events a person's mouse and keyboard would produce, for driving the real window
without a person: the headless tests and the frame-time benchmark use it."""
from __future__ import annotations

import pygame


def click(pos: tuple[int, int], button: int = 1) -> None:
    press(pos, button)
    release(pos, button)


def press(pos: tuple[int, int], button: int = 1) -> None:
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button))


def move(pos: tuple[int, int], button: int = 1) -> None:
    held = (button == 1, button == 2, button == 3)
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=held))


def release(pos: tuple[int, int], button: int = 1) -> None:
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button))


def key(key_code: int, unicode: str = "", mod: int = 0) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key_code, unicode=unicode, mod=mod, scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key_code, unicode=unicode, mod=mod, scancode=0))
