"""A button that stays pressed in while what it names is chosen (a tool, a mode) and still explains
itself then: pygame_gui's `UIButton` does not hover while selected, so the chosen tool and the
current mode showed no tool tip."""
from __future__ import annotations

from pygame_gui.elements import UIButton


class SelectableButton(UIButton):
    def can_hover(self) -> bool:
        return self.is_enabled and not self.held

    def on_hovered(self) -> None:
        super().on_hovered()
        if self.is_selected and self.drawable_shape is not None:
            self.drawable_shape.set_active_state("selected")  # the chosen look stays under the mouse
