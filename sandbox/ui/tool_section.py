"""The tool palette: icon buttons with tooltips, the marker's colour and shape, and which thing is
selected (the one whose training region the Region tool paints)."""
from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIDropDownMenu, UILabel

from sandbox.ui.icons import tool_icon
from sandbox.ui.layers import PassiveImage, icon_image
from sandbox.ui.selectable_button import SelectableButton
from sandbox.ui.tools import TOOLS, ToolState
from sandbox.world import Level, tiles

BUTTON = 36
GAP = 4
ICON = 26
NO_SELECTION = "(nothing selected)"
PLACE_WIDTH = 76


class ToolSection:
    """Widgets in the side panel's container, from local y `top` down; `bottom` is where it ends."""

    def __init__(self, manager: pygame_gui.UIManager, container, width: int, top: int, state: ToolState):
        self.manager, self.container, self.state = manager, container, state
        self.buttons: dict[str, UIButton] = {}
        UILabel(pygame.Rect(12, top, width - 24, 22), "Tools", manager, container, object_id="@heading")
        y = top + 26
        size = min(BUTTON, (width - 24 + GAP) // len(TOOLS) - GAP)  # narrower beside a scroll bar
        for index, tool in enumerate(TOOLS):
            rect = pygame.Rect(12 + index * (size + GAP), y, size, size)
            self.buttons[tool.name] = SelectableButton(rect, "", manager, container, tool_tip_text=tool.tooltip,
                                                       object_id="@tool")
        self._icon_key = (state.colour, state.shape)
        self.icons: dict[str, PassiveImage] = {
            t.name: icon_image(manager, container, tool_icon(t.name, ICON, *self._icon_key), b.relative_rect.center)
            for t, b in zip(TOOLS, self.buttons.values())}
        y += size + 8
        half = (width - 24 - GAP) // 2
        self.colour_menu = UIDropDownMenu(list(tiles.COLOURS), state.colour, pygame.Rect(12, y, half, 28),
                                          manager, container)
        self.shape_menu = UIDropDownMenu(list(tiles.SHAPES), state.shape, pygame.Rect(12 + half + GAP, y, half, 28),
                                         manager, container)
        y += 36
        UILabel(pygame.Rect(12, y, 80, 26), "Selected", manager, container)
        self._entity_rect = pygame.Rect(92, y, width - 104 - PLACE_WIDTH - GAP, 28)
        self.place_button = UIButton(pygame.Rect(width - 12 - PLACE_WIDTH, y, PLACE_WIDTH, 28), "Place...", manager,
                                     container, tool_tip_text="Where the selected thing may appear in training: "
                                                              "within some steps of another thing, or never near one")
        self.entity_menu: UIDropDownMenu | None = None
        self._entity_key: tuple | None = None
        self.bottom = y + 34

    def sync(self, level: Level) -> None:
        """Rebuild the selection menu when the things in the level or the selection changed."""
        self.sync_icons()
        ids = tuple(e.id for e in level.entities)
        if self.state.selected_id not in ids:
            self.state.selected_id = None
        key = (ids, self.state.selected_id)
        if key == self._entity_key:
            return
        self._entity_key = key
        if self.entity_menu is not None:
            self.entity_menu.kill()
        options = [NO_SELECTION, *ids]
        self.entity_menu = UIDropDownMenu(options, self.state.selected_id or NO_SELECTION, self._entity_rect,
                                          self.manager, self.container, expansion_height_limit=240)
        for name, button in self.buttons.items():
            button.select() if name == self.state.tool else button.unselect()
        self.place_button.enable() if self.state.selected_id else self.place_button.disable()

    def select_tool(self, name: str) -> None:
        self.state.tool = name
        for tool_name, button in self.buttons.items():
            button.select() if tool_name == name else button.unselect()

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            name = next((n for n, b in self.buttons.items() if b is event.ui_element), None)
            if name is not None:
                self.select_tool(name)
                return True
        elif event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            if event.ui_element is self.colour_menu:
                self.state.colour = event.text
            elif event.ui_element is self.shape_menu:
                self.state.shape = event.text
            elif event.ui_element is self.entity_menu:
                self.state.selected_id = None if event.text == NO_SELECTION else event.text
            else:
                return False
            return True
        return False

    def sync_icons(self) -> None:
        """Icons over the tool buttons (drawn, not themed, so they follow the marker choice); they are
        widgets above the buttons, so dialogs and menus cover them and they never vanish."""
        key = (self.state.colour, self.state.shape)
        if key != self._icon_key:
            self._icon_key = key
            for tool in TOOLS:
                self.icons[tool.name].set_image(tool_icon(tool.name, ICON, *key))
