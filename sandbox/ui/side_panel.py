"""The right-hand panel of Edit mode: tools on top, the training distribution below."""
from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UIPanel

from sandbox.ui.distribution_section import DistributionSection
from sandbox.ui.document import Document
from sandbox.ui.tool_section import ToolSection
from sandbox.ui.tools import ToolState

WIDTH = 348


class SidePanel:
    def __init__(self, manager: pygame_gui.UIManager, rect: pygame.Rect, document: Document, state: ToolState,
                 on_message):
        self.panel = UIPanel(rect, starting_height=1, manager=manager)
        width = rect.width
        self.tools = ToolSection(manager, self.panel, width, 10, state)
        self.distribution = DistributionSection(manager, self.panel, width, self.tools.bottom + 8, document,
                                                on_message)
        self.tools.select_tool(state.tool)

    def sync(self, document: Document) -> None:
        self.tools.sync(document.level)
        self.distribution.sync()

    def handle_event(self, event: pygame.event.Event) -> bool:
        return self.tools.handle_event(event) or self.distribution.handle_event(event)

    def kill(self) -> None:
        self.panel.kill()
