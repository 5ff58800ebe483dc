"""F1 / ? overlay listing every shortcut (read from the same table the key handling uses)."""
from __future__ import annotations

import pygame

from sandbox.ui import theme
from sandbox.ui.tools import SHORTCUTS

PAD = 28
LINE = 30  # a row's height when the window has room; down to MIN_LINE on a small window
MIN_LINE = 22


class HelpOverlay:
    def __init__(self):
        self.visible = False

    def toggle(self) -> None:
        self.visible = not self.visible

    def handle_event(self, event: pygame.event.Event) -> bool:
        """While shown, any key or click closes it (and is not passed on)."""
        if not self.visible:
            return False
        if event.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN):
            self.visible = False
            return True
        return event.type in (pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION)

    def draw(self, surface: pygame.Surface) -> None:
        if not self.visible:
            return
        width = min(920, surface.get_width() - 40)
        line = max(MIN_LINE, min(LINE, (surface.get_height() - 20 - PAD * 2) // (len(SHORTCUTS) + 2)))
        height = PAD * 2 + line * (len(SHORTCUTS) + 2)
        box = pygame.Rect(0, 0, width, height)
        box.center = surface.get_rect().center
        shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        shade.fill(theme.OVERLAY)
        surface.blit(shade, (0, 0))
        pygame.draw.rect(surface, theme.BAR_BACKGROUND, box, border_radius=10)
        pygame.draw.rect(surface, (127, 196, 240), box, 2, border_radius=10)
        title = theme.font(20, bold=True).render("Keyboard and mouse", True, theme.TEXT)
        surface.blit(title, (box.x + PAD, box.y + PAD))
        for row, (keys, action) in enumerate(SHORTCUTS):
            y = box.y + PAD + line * (row + 1) + 12
            surface.blit(theme.font(15, bold=True).render(keys, True, (127, 196, 240)), (box.x + PAD, y))
            surface.blit(theme.font(15).render(action, True, theme.TEXT), (box.x + PAD + 210, y))
        hint = theme.font(14).render("Press any key or click to close", True, theme.MUTED_TEXT)
        surface.blit(hint, (box.x + PAD, box.bottom - PAD - 4))
