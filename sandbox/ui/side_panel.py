"""The right-hand panel of Edit mode: tools on top, the training distribution below.

On a window too short for both (a 1024x560 window on a small desktop) the panel scrolls, so the
rewards and the training-samples button stay reachable instead of falling off the bottom.
"""
from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UIPanel, UIScrollingContainer

from sandbox.ui.dialogs import Dialogs
from sandbox.ui.distribution_section import DistributionSection
from sandbox.ui.document import Document
from sandbox.ui.level_edits import EditRefused, Rule, set_placement
from sandbox.ui.placement_dialog import SIZE as PLACEMENT_SIZE, PlacementDialog
from sandbox.ui.tool_section import ToolSection
from sandbox.ui.tools import ToolState

WIDTH = 348
CONTENT_HEIGHT = 562
"""Height of the tools and the distribution section together, 4 px under the last button (checked by a
test); a 1024x640 window has just this much."""
SCROLLBAR = 20


class SidePanel:
    def __init__(self, manager: pygame_gui.UIManager, rect: pygame.Rect, document: Document, state: ToolState,
                 dialogs: Dialogs, on_message):
        self.manager, self.document, self.state, self.dialogs, self.on_message = (manager, document, state, dialogs,
                                                                                  on_message)
        self.panel = UIPanel(rect, starting_height=1, manager=manager)
        inside = self.panel.get_container().get_rect()
        self.scrolls = inside.height < CONTENT_HEIGHT
        content = self.panel
        width = rect.width
        if self.scrolls:
            content = UIScrollingContainer(pygame.Rect(0, 0, inside.width, inside.height), manager,
                                           container=self.panel, allow_scroll_x=False)
            content.set_scrollable_area_dimensions((inside.width - SCROLLBAR, CONTENT_HEIGHT))
            width -= SCROLLBAR
        self.content = content
        self.tools = ToolSection(manager, content, width, 10, state)
        self.distribution = DistributionSection(manager, content, width, self.tools.bottom + 8, document,
                                                on_message)
        self.tools.select_tool(state.tool)

    def sync(self, document: Document) -> None:
        self.tools.sync(document.level)
        self.distribution.sync()

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.tools.place_button:
            self.open_placement()
            return True
        return self.tools.handle_event(event) or self.distribution.handle_event(event)

    def open_placement(self) -> None:
        """The Placement dialog for the selected thing."""
        entity_id = self.state.selected_id
        if entity_id is None:
            return
        level = self.document.level

        def apply(near: Rule | None, away: Rule | None) -> bool:
            try:
                self.document.apply(f"placement of {entity_id}",
                                    lambda edited: set_placement(edited, edited.entity(entity_id), near, away))
            except EditRefused as refusal:
                self.on_message(str(refusal), True)
                return False
            return True

        self.dialogs.show(PlacementDialog(self.manager, self.dialogs.centred(PLACEMENT_SIZE), level,
                                          level.entity(entity_id), apply))

    def kill(self) -> None:
        self.panel.kill()
