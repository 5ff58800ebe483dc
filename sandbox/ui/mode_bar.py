"""The top bar: the three modes (Edit, Train, Test), exports, presenter mode, file actions and the
preset menu (which opens from the window's pop-up layer: the bar itself is too short to hold it)."""
from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIDropDownMenu, UIPanel

from sandbox.resources import levels_dir
from sandbox.ui.layers import PassiveImage, PopupLayer
from sandbox.ui.selectable_button import SelectableButton

HEIGHT = 44
MODE_WIDTH, ACTION_WIDTH = 68, 76  # narrow enough for the preset menu to keep 150 px at 1024 wide
RECORDING_RGB = (230, 40, 40)
DOT = 10
PRESET_PROMPT = "Presets..."
MODES = (("edit", "Edit", "Paint the level and its training distribution (F2)"),
         ("train", "Train", "Train an agent on this level, or load one (F3)"),
         ("test", "Test", "Move the goal and watch what the agent does (F4)"))
ACTIONS = (("new", "New", "New level (Ctrl+N)"), ("open", "Open...", "Open a level file (Ctrl+O)"),
           ("save", "Save", "Save (Ctrl+S)"), ("save_as", "Save as...", "Save under a new name (Ctrl+Shift+S)"),
           ("help", "?", "Every shortcut (F1 or ?)"))
EXPORTS = (("screenshot", "PNG", 48, "Save a PNG of the window (F12); Shift+F12: the level alone, 4x"),
           ("record", "Record", 146, "Record the level and training curve to MP4 and GIF (Ctrl+R)"),
           ("present", "Present", 76, "Presenter mode: the level and the curve fill the screen in large type (F11)"))
RECORD_LABELS = ("Record", "Stop recording")


def preset_names() -> list[str]:
    return sorted(path.stem for path in levels_dir().glob("*.json"))


class ModeBar:
    """Reports what was clicked as an action name ("new", "open", ..., "preset:<name>")."""

    def __init__(self, manager: pygame_gui.UIManager, width: int, popups: PopupLayer, bottom: int):
        """`bottom`: the lowest y the preset menu may open down to (the status bar's top)."""
        self.panel = UIPanel(pygame.Rect(0, 0, width, HEIGHT), starting_height=1, manager=manager)
        self.modes = {}
        x = 8
        for name, label, tip in MODES:
            self.modes[name] = SelectableButton(pygame.Rect(x, 6, MODE_WIDTH, 30), label, manager, self.panel,
                                                object_id="@mode", tool_tip_text=tip)
            x += MODE_WIDTH + 4
        self.select_mode("edit")
        self.actions: dict[str, UIButton] = {}
        for name, label, button_width, tip in EXPORTS:
            self.actions[name] = UIButton(pygame.Rect(x, 6, button_width, 30), label, manager, self.panel,
                                          tool_tip_text=tip)
            x += button_width + 4
        exports_end = x
        x = width - 8
        for name, label, tip in reversed(ACTIONS):
            button_width = 36 if name == "help" else ACTION_WIDTH
            x -= button_width
            self.actions[name] = UIButton(pygame.Rect(x, 6, button_width, 30), label, manager, self.panel,
                                          tool_tip_text=tip)
            x -= 4
        presets_width = min(150, x - exports_end - 4)
        inner = self.panel.get_container().get_rect()  # the bar's widgets are placed inside its border
        self.presets = UIDropDownMenu([PRESET_PROMPT, *preset_names()], PRESET_PROMPT,
                                      pygame.Rect(inner.x + x - presets_width, inner.y + 6, presets_width, 30),
                                      manager, popups,
                                      expansion_height_limit=bottom - 36 - 4)
        record = self.actions["record"].relative_rect
        dot = pygame.Surface((DOT, DOT), pygame.SRCALPHA)
        pygame.draw.circle(dot, RECORDING_RGB, (DOT // 2, DOT // 2), DOT // 2)
        self.recording_dot = PassiveImage(dot.get_rect(midleft=(record.x + 9, record.centery)), dot, manager,
                                          container=self.panel, starting_height=2, visible=0)

    def set_recording(self, recording: bool) -> None:
        """"Stop recording" with a red dot while recording (not "Stop", which is training's word)."""
        button = self.actions["record"]
        text = RECORD_LABELS[recording]
        if button.text != text:
            button.set_text(text)
            self.recording_dot.show() if recording else self.recording_dot.hide()

    def hide(self) -> None:
        self.panel.hide()
        self.presets.hide()

    def select_mode(self, mode: str) -> None:
        for name, button in self.modes.items():
            button.select() if name == mode else button.unselect()

    def action_for(self, event: pygame.event.Event) -> str | None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            mode = next((f"mode:{name}" for name, b in self.modes.items() if b is event.ui_element), None)
            return mode or next((name for name, b in self.actions.items() if b is event.ui_element), None)
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.presets:
            return None if event.text == PRESET_PROMPT else f"preset:{event.text}"
        return None

    def kill(self) -> None:
        self.panel.kill()
        self.presets.kill()
