"""Side-panel controls for everything about the training distribution that is not painted:
procedural walls and mazes, the randomized-goal percentage, the step limit and the reward table
(coins, keys, chests, and one marker look at a time, chosen from the level's markers).

Every change goes through `Document.apply`, so it is undoable; a slider drag is one undo step.
"""
from __future__ import annotations

import html

import pygame
import pygame_gui
from pygame_gui.elements import (UIButton, UICheckBox, UIDropDownMenu, UIHorizontalSlider, UILabel, UITextBox,
                                 UITextEntryLine)

from sandbox.ui.document import Document
from sandbox.world import RewardRule, tiles
from sandbox.world.level_file import MAX_RANDOM_WALLS, MAX_STEPS_LIMIT

ROW = 30
REWARD_ROW = 28
FIXED_REWARDS = ("coin", "key", "chest")
NO_MARKER = "Marker"
STEP_RANGE = (8, min(512, MAX_STEPS_LIMIT))


class DistributionSection:
    def __init__(self, manager: pygame_gui.UIManager, container, width: int, top: int, document: Document,
                 on_message):
        self.document, self.on_message = document, on_message
        left, inner = 12, width - 24
        slider_w, value_w = inner - 150, 44
        UILabel(pygame.Rect(left, top, inner, 22), "Training distribution", manager, container, object_id="@heading")
        y = top + 28
        self.sliders: dict[str, tuple[UIHorizontalSlider, UILabel]] = {}
        specs = (("random_walls", "Random walls", (0.0, MAX_RANDOM_WALLS), 0.01),
                 ("randomized_goal_percent", "Random goal %", (0, 100), 1),
                 ("max_steps", "Step limit", STEP_RANGE, 1))
        for name, label, value_range, increment in specs:
            UILabel(pygame.Rect(left, y, 104, 26), label, manager, container)
            slider = UIHorizontalSlider(pygame.Rect(left + 104, y, slider_w, 26), value_range[0], value_range,
                                        manager, container, click_increment=increment)
            value = UILabel(pygame.Rect(left + 104 + slider_w, y, value_w, 26), "", manager, container,
                            object_id="@value")
            self.sliders[name] = (slider, value)
            y += ROW
        self.maze = UICheckBox(pygame.Rect(left, y + 4, 18, 18), "Random maze every episode", manager, container,
                               tool_tip_text="Carve a fresh maze into the level for every training episode")
        y += ROW
        UILabel(pygame.Rect(left, y, inner, 22), "Rewards", manager, container, object_id="@heading")
        y += 26
        self.manager, self.container = manager, container
        self.rewards: dict[str, tuple[UITextEntryLine, UICheckBox]] = {}
        for name in FIXED_REWARDS:
            UILabel(pygame.Rect(left, y, 104, 26), name.capitalize(), manager, container)
            self.rewards[name] = self._reward_widgets(y)
            y += REWARD_ROW
        self._marker_rect = pygame.Rect(left, y, 100, 26)
        self.marker_menu: UIDropDownMenu | None = None
        self.marker_looks: tuple[str, ...] | None = None
        self.marker_look: str | None = None
        self.marker_entry, self.marker_ends = self._reward_widgets(y)
        y += REWARD_ROW
        self.warning = UITextBox("", pygame.Rect(left, y + 4, inner, 64), manager, container=container,
                                 object_id="@check")
        y += 74
        self.samples_button = UIButton(pygame.Rect(left, y, inner, 34), "Show training samples (T)", manager,
                                       container, tool_tip_text="See 8 episodes drawn from this distribution")
        self.bottom = y + 40
        self._synced: int | None = None
        self._warning_text = ""

    def _reward_widgets(self, y: int) -> tuple[UITextEntryLine, UICheckBox]:
        entry = UITextEntryLine(pygame.Rect(116, y, 70, 26), self.manager, self.container, placeholder_text="none")
        ends = UICheckBox(pygame.Rect(202, y + 4, 18, 18), "ends episode", self.manager, self.container)
        return entry, ends

    def _sync_marker_row(self, level) -> None:
        """The last reward row prices one marker look ("red ball"), picked from the level's markers."""
        looks = tuple(dict.fromkeys(f"{e.colour} {e.shape}" for e in level.entities if e.kind == "marker"))
        if looks == self.marker_looks:
            return
        self.marker_looks = looks
        if self.marker_look not in looks:
            self.marker_look = looks[0] if looks else None
        if self.marker_menu is not None:
            self.marker_menu.kill()
        options = [look.capitalize() for look in looks] or [NO_MARKER]
        self.marker_menu = UIDropDownMenu(options, (self.marker_look or NO_MARKER).capitalize(), self._marker_rect,
                                          self.manager, self.container, expansion_height_limit=120,
                                          object_id="@reward_look")
        for widget in (self.marker_menu, self.marker_entry, self.marker_ends):
            widget.enable() if looks else widget.disable()

    def reward_rows(self) -> dict[str, tuple[UITextEntryLine, UICheckBox]]:
        """Reward name -> its entry and "ends episode" box, the marker row under its current look."""
        rows = dict(self.rewards)
        if self.marker_look is not None:
            rows[self.marker_look] = (self.marker_entry, self.marker_ends)
        return rows

    def sync(self) -> None:
        """Show the level's values (after an undo, an open, ...) without echoing them back as edits."""
        if self._synced == self.document.version:
            return
        self._synced = self.document.version
        level = self.document.level
        values = {"random_walls": level.procedural.random_walls,
                  "randomized_goal_percent": level.procedural.randomized_goal_percent,
                  "max_steps": level.max_steps}
        for name, (slider, label) in self.sliders.items():
            slider.set_current_value(values[name], warn=False)
            label.set_text(self._format(name, values[name]))
        self.maze.set_state(level.procedural.maze)
        self._sync_marker_row(level)
        for event, (entry, ends) in self.reward_rows().items():
            rule = level.rewards.get(event)
            text = "" if rule is None else f"{rule.reward:g}"
            if entry.get_text() != text and not entry.is_focused:
                entry.set_text(text)
            ends.set_state(bool(rule and rule.ends_episode))
        warning = self.document.warning
        text = (f"<font color='#ffb870'><b>Cannot train yet:</b> {html.escape(warning)}</font>" if warning
                else "<font color='#8fd19e'>Ready to train: every sampled episode can be solved.</font>")
        if text != self._warning_text:
            self._warning_text = text
            self.warning.set_text(text)

    @staticmethod
    def _format(name: str, value: float) -> str:
        return f"{value:.2f}" if name == "random_walls" else f"{int(value)}"

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.marker_menu:
            self.marker_look = event.text.lower()
            self._synced = None  # show the chosen look's reward
            self.sync()
            return True
        if event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED:
            name = next((n for n, (s, _) in self.sliders.items() if s is event.ui_element), None)
            if name is None:
                return False
            self._set_value(name, event.value)
            return True
        if event.type in (pygame_gui.UI_CHECK_BOX_CHECKED, pygame_gui.UI_CHECK_BOX_UNCHECKED):
            checked = event.type == pygame_gui.UI_CHECK_BOX_CHECKED
            if event.ui_element is self.maze:
                self._edit("random maze", lambda level: setattr(level.procedural, "maze", checked))
                return True
            event_name = next((n for n, (_, c) in self.reward_rows().items() if c is event.ui_element), None)
            if event_name is not None:
                rule = self.document.level.rewards.get(event_name)
                if checked == bool(rule and rule.ends_episode):
                    return True  # `sync` showing the level's own value, not a click: no edit
                self._edit(f"{event_name} ends episode", lambda level: self._set_ends(level, event_name, checked))
                return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED:
            event_name = next((n for n, (e, _) in self.reward_rows().items() if e is event.ui_element), None)
            if event_name is not None:
                self._set_reward(event_name, event.text)
                return True
        return False

    def _set_value(self, name: str, value: float) -> None:
        level = self.document.level
        value = round(float(value), 2) if name == "random_walls" else int(value)
        current = getattr(level, name) if name == "max_steps" else getattr(level.procedural, name)
        if value == current:
            return
        target = level if name == "max_steps" else level.procedural
        self._edit(name.replace("_", " "), lambda _level: setattr(target, name, value), merge_key=name)
        self.sliders[name][1].set_text(self._format(name, value))

    def _set_reward(self, event_name: str, text: str) -> None:
        text = text.strip()
        if text in ("", "-"):
            reward = None
        else:
            try:
                reward = float(text)
            except ValueError:
                self.on_message(f"A reward is a number, like 1 or -0.5 (not {text!r}).", True)
                return
            if not -100 <= reward <= 100:
                self.on_message("Rewards go from -100 to 100.", True)
                return

        def edit(level):
            if reward is None:
                level.rewards.pop(event_name, None)
            else:
                old = level.rewards.get(event_name)
                taken = event_name not in ("key", "chest")  # what is taken when reached ends the episode by default
                level.rewards[event_name] = RewardRule(reward, old.ends_episode if old else taken)
        self._edit(f"{event_name} reward", edit, merge_key=f"reward:{event_name}")

    @staticmethod
    def _set_ends(level, event_name: str, ends: bool) -> None:
        rule = level.rewards.get(event_name, RewardRule(0.0, False))
        level.rewards[event_name] = RewardRule(rule.reward, ends)

    def _edit(self, label: str, edit, merge_key: str | None = None) -> None:
        self.document.apply(f"change {label}", edit, merge_key)
