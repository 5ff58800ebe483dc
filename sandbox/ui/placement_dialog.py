"""The Placement dialog: where the selected thing may appear in training relative to the others.

Two rules beyond painted cells, both kept in the level file: "within k steps of X", which replaces
its painted cells (a marker that always lies by the coin), and "never within k steps of Y" (a
distractor that must not land next to the coin by chance).
"""
from __future__ import annotations

from typing import Callable

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIDropDownMenu, UILabel, UIWindow

from sandbox.ui.level_edits import Rule, placement_rules
from sandbox.world import Entity, Level

STEP_CHOICES = [str(k) for k in range(1, 9)]
PAINTED = "(its painted cells)"
NOBODY = "(nothing)"
SIZE = (440, 210)


class PlacementDialog:
    """A small window; `then(near, away)` applies the rules and returns whether they were taken
    (a refusal leaves the window open so the numbers can be changed)."""

    def __init__(self, manager: pygame_gui.UIManager, rect: pygame.Rect, level: Level, entity: Entity,
                 then: Callable[[Rule | None, Rule | None], bool]):
        self.then = then
        self.window = UIWindow(rect, manager, window_display_title=f"Placement of {entity.id}",
                               object_id="#placement_dialog")
        others = [e.id for e in level.entities if e.id != entity.id]
        near, away = placement_rules(entity)
        width = self.window.get_container().get_rect().width
        self.near_steps, self.near_target = self._row(manager, 10, "Within", near, [PAINTED, *others], width)
        self.away_steps, self.away_target = self._row(manager, 48, "Never within", away, [NOBODY, *others], width)
        container = self.window
        button_w = 100
        self.apply_button = UIButton(pygame.Rect(width - 2 * button_w - 18, 100, button_w, 32), "Apply", manager,
                                     container)
        self.cancel_button = UIButton(pygame.Rect(width - button_w - 10, 100, button_w, 32), "Cancel", manager,
                                      container)

    def _row(self, manager, y: int, label: str, rule: Rule | None, targets: list[str], width: int):
        UILabel(pygame.Rect(8, y, 96, 30), label, manager, self.window)
        steps = UIDropDownMenu(STEP_CHOICES, str(rule[1]) if rule else "1", pygame.Rect(104, y, 56, 30), manager,
                               self.window)
        UILabel(pygame.Rect(162, y, 70, 30), "steps of", manager, self.window)
        target = UIDropDownMenu(targets, rule[0] if rule else targets[0], pygame.Rect(234, y, width - 244, 30),
                                manager, self.window, expansion_height_limit=160)
        return steps, target

    def rules(self) -> tuple[Rule | None, Rule | None]:
        """What the menus say now."""
        def rule(steps: UIDropDownMenu, target: UIDropDownMenu) -> Rule | None:
            chosen = target.selected_option[0]
            return None if chosen in (PAINTED, NOBODY) else (chosen, int(steps.selected_option[0]))
        return rule(self.near_steps, self.near_target), rule(self.away_steps, self.away_target)

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return False
        if event.ui_element is self.apply_button:
            if self.then(*self.rules()):
                self.kill()
            return True
        if event.ui_element is self.cancel_button:
            self.kill()
            return True
        return False

    def alive(self) -> bool:
        return self.window.alive()

    def kill(self) -> None:
        self.window.kill()
