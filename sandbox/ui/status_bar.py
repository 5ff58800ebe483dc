"""The bottom line of the window: what the current tool does, or why an edit was refused."""
from __future__ import annotations

import pygame

from sandbox.ui import theme

REFUSAL_SECONDS = 4.0
HEIGHT = 28


class StatusBar:
    def __init__(self, rect: pygame.Rect):
        self.rect = pygame.Rect(rect)
        self.hint = ""
        self.message = ""
        self.refusal = False
        self.right_text = ""
        self._left = 0.0

    def show(self, text: str, refusal: bool = False) -> None:
        """Show a message over the tool hint for a few seconds (refusals in red)."""
        self.message, self.refusal, self._left = text, refusal, REFUSAL_SECONDS

    def update(self, dt: float) -> None:
        if self._left > 0:
            self._left -= dt
            if self._left <= 0:
                self.message = ""

    @property
    def text(self) -> str:
        return self.message or self.hint

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(theme.BAR_BACKGROUND, self.rect)
        colour = theme.REFUSAL_TEXT if self.message and self.refusal else theme.TEXT
        label = theme.font(14).render(self.text, True, colour)
        surface.blit(label, (self.rect.x + 12, self.rect.centery - label.get_height() // 2))
        right = theme.font(14).render(self.right_text, True, theme.MUTED_TEXT)
        surface.blit(right, (self.rect.right - right.get_width() - 12, self.rect.centery - right.get_height() // 2))
