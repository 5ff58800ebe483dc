"""Where drawn pictures and pop-ups sit among the widgets, so nothing covers what should be on top.

pygame_gui draws its elements in layers: a panel, then its widgets, then expanded drop-down lists,
then tool tips and dialogs. Anything the window draws itself after `draw_ui` would cover all of
those, and anything it skips while a dialog is open vanishes. So each panel draws its own figures
(icons, status lines, the reward curve) into a `PanelCanvas`, an image lying just above the panel's
background and below its widgets, and menus that would be clipped by a small panel (the top bar's
presets) open from the `PopupLayer`, a window-sized container above every panel.
"""
from __future__ import annotations

from typing import Callable

import pygame
import pygame_gui
from pygame_gui.core import UIContainer
from pygame_gui.elements import UIImage, UIPanel

POPUP_HEIGHT = 20  # layers above the root: higher than any panel's widgets, below tool tips and dialogs


class PassiveImage(UIImage):
    """An image that is never hovered or clicked, so the widget under it keeps its highlight, tool
    tip and clicks."""

    def check_hover(self, time_delta: float, hovered_higher_element: bool) -> bool:
        self.hovered = False
        return False

    def hover_point(self, hover_x: float, hover_y: float) -> bool:
        return False


class PopupLayer(UIContainer):
    """A transparent container covering the window, above the panels; it takes no hover or clicks,
    only its children (drop-down menus) do."""

    def __init__(self, manager: pygame_gui.UIManager, size: tuple[int, int]):
        super().__init__(pygame.Rect((0, 0), size), manager, starting_height=POPUP_HEIGHT)

    def check_hover(self, time_delta: float, hovered_higher_element: bool) -> bool:
        self.hovered = False
        return False

    def hover_point(self, hover_x: float, hover_y: float) -> bool:
        """Never under the mouse: a click that pygame_gui thought landed here would take the focus
        from (and so close) a menu open in a lower layer."""
        return False


class PanelCanvas:
    """A transparent picture under `panel`'s widgets. `paint(key, draw)` has `draw(surface)` draw on
    a surface in window coordinates (only the panel's area shows), again only when `key` (what the
    drawing shows) changed: handing a picture to pygame_gui converts it, a few ms a frame."""

    def __init__(self, manager: pygame_gui.UIManager, panel: UIPanel):
        inner = panel.get_container().get_rect()
        self.rect = pygame.Rect(inner)
        self._window = pygame.Surface((inner.right, inner.bottom), pygame.SRCALPHA)
        self._key: object = None
        self.paints = 0
        self.image = PassiveImage(pygame.Rect((0, 0), inner.size), pygame.Surface(inner.size, pygame.SRCALPHA),
                                  manager, container=panel)

    def paint(self, key: object, draw: Callable[[pygame.Surface], None]) -> None:
        if key == self._key:
            return
        self._key = key
        self._window.fill((0, 0, 0, 0), self.rect)
        draw(self._window)
        self.image.set_image(self._window.subsurface(self.rect))
        self.paints += 1


def icon_image(manager: pygame_gui.UIManager, container, icon: pygame.Surface, centre: tuple[int, int]) -> PassiveImage:
    """An icon drawn over a button (at `centre` in the container's coordinates), passing hover to it."""
    rect = icon.get_rect(center=centre)
    return PassiveImage(rect, icon, manager, container=container, starting_height=2)
