"""Modal dialogs (confirm, message, file picker) with a callback for the answer.

pygame_gui reports answers as events; this keeps the callback for each open dialog so the rest of
the editor reads like ordinary calls: `dialogs.confirm("Discard?", then=quit)`.
"""
from __future__ import annotations

import html
from pathlib import Path
from typing import Callable

import pygame
import pygame_gui
from pygame_gui.windows import UIConfirmationDialog, UIFileDialog, UIMessageWindow

LEVEL_SUFFIXES = {".json"}
AGENT_SUFFIXES = {".pt"}


class Dialogs:
    def __init__(self, manager: pygame_gui.UIManager):
        self.manager = manager
        self._callbacks: dict[object, Callable] = {}
        self._open: list[pygame_gui.core.UIElement] = []

    def _centred(self, width: int, height: int) -> pygame.Rect:
        screen = pygame.Rect((0, 0), self.manager.window_resolution)
        return pygame.Rect(0, 0, min(width, screen.width - 20), min(height, screen.height - 20)).move(
            screen.centerx - min(width, screen.width - 20) // 2, screen.centery - min(height, screen.height - 20) // 2)

    @property
    def is_open(self) -> bool:
        self._open = [d for d in self._open if d.alive()]
        return bool(self._open)

    @property
    def top(self):
        """The most recently opened dialog still on screen (tests press its buttons)."""
        return self._open[-1] if self.is_open else None

    def confirm(self, title: str, text: str, action: str, then: Callable[[], None]) -> UIConfirmationDialog:
        dialog = UIConfirmationDialog(self._centred(420, 220), html.escape(text), self.manager,
                                      window_title=title, action_short_name=action)
        self._callbacks[dialog] = then
        self._open.append(dialog)
        return dialog

    def message(self, title: str, text: str) -> UIMessageWindow:
        dialog = UIMessageWindow(self._centred(460, 240), html.escape(text), self.manager, window_title=title)
        self._open.append(dialog)
        return dialog

    def pick_file(self, title: str, start: Path, then: Callable[[Path], None], existing_only: bool,
                  suffixes: set[str] = LEVEL_SUFFIXES) -> UIFileDialog:
        dialog = UIFileDialog(self._centred(560, 440), self.manager, window_title=title,
                              initial_file_path=str(start), allowed_suffixes=suffixes,
                              allow_existing_files_only=existing_only)
        self._callbacks[dialog] = then
        self._open.append(dialog)
        return dialog

    def centred(self, size: tuple[int, int]) -> pygame.Rect:
        """A rect of `size` in the middle of the window (shrunk to fit a small one)."""
        return self._centred(*size)

    def show(self, dialog) -> None:
        """Track a dialog of our own (`alive`, `kill`, `handle_event`) like the built-in ones."""
        self._open.append(dialog)

    def close_top(self) -> None:
        if self.is_open:
            self._open[-1].kill()

    def handle_event(self, event: pygame.event.Event) -> bool:
        """Run the callback of the dialog that answered; True if the event was such an answer."""
        if any(hasattr(d, "handle_event") and d.handle_event(event) for d in self._open if d.alive()):
            return True
        if event.type == pygame_gui.UI_CONFIRMATION_DIALOG_CONFIRMED:
            callback = self._callbacks.pop(event.ui_element, None)
            if callback is not None:
                callback()
            return True
        if event.type == pygame_gui.UI_FILE_DIALOG_PATH_PICKED:
            callback = self._callbacks.pop(event.ui_element, None)
            if callback is not None:
                callback(Path(event.text))
            return True
        return False
