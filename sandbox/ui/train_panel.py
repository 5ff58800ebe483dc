"""Train mode's right-hand panel: step budget, seed, Train / Pause / Stop, the shipped agents and
an agent file to test instead, live figures (steps/s, elapsed, time left) and the reward curve."""
from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIDropDownMenu, UILabel, UIPanel, UITextEntryLine

from sandbox.resources import resource_path
from sandbox.ui import theme
from sandbox.ui import folders
from sandbox.ui.dialogs import AGENT_SUFFIXES, Dialogs
from sandbox.ui.document import Document
from sandbox.ui.layers import PanelCanvas
from sandbox.ui.loss_charts import draw_loss_charts
from sandbox.ui.reward_curve import RewardCurvePanel
from sandbox.ui.spinner import draw_spinner, spinner_frame
from sandbox.ui.training_eta import clock
from sandbox.ui.training_run import ACTIVE, FAILED, IDLE, PAUSED, RUNNING, STARTING, TrainingRun

AGENT_PROMPT = "Shipped agents..."
STATS_TOP, STATS_BOTTOM, CURVE_TOP = 124, 202, 274
TEXT_SIZE, LINE_HEIGHT = 14, 19
SAVED_HEIGHT = 56  # the saved agent's path and its "Open folder" button, under the curve


def shipped_agents() -> list[str]:
    return sorted(path.name for path in resource_path("agents").glob("*.pt"))


def _elided(text: str, font: pygame.font.Font, width: int) -> str:
    """`text` cut from the left ("...end/of/path") to fit `width` pixels: a path's end says most."""
    if font.size(text)[0] <= width:
        return text
    while text and font.size(f"...{text}")[0] > width:
        text = text[1:]
    return f"...{text}"


class TrainPanel:
    def __init__(self, manager: pygame_gui.UIManager, rect: pygame.Rect, document: Document, run: TrainingRun,
                 dialogs: Dialogs, on_message):
        self.rect, self.document, self.run, self.dialogs, self.on_message = rect, document, run, dialogs, on_message
        self.panel = UIPanel(rect, starting_height=1, manager=manager)
        self.canvas = PanelCanvas(manager, self.panel)  # first, so it lies under the widgets
        self.asked_steps: int | None = None
        UILabel(pygame.Rect(12, 8, 300, 26), "Train an agent on this level", manager, self.panel, object_id="@heading")
        UILabel(pygame.Rect(12, 42, 70, 30), "Step cap", manager, self.panel)
        self.steps_entry = UITextEntryLine(pygame.Rect(82, 42, 104, 30), manager, self.panel,
                                           placeholder_text="auto")
        self.steps_entry.set_allowed_characters("numbers")
        self.steps_entry.set_tooltip("Training stops at 95% success, or at this many steps if that comes "
                                     "first. Empty: the level's own cap (more for larger levels and mazes).")
        UILabel(pygame.Rect(196, 42, 44, 30), "Seed", manager, self.panel)
        self.seed_entry = UITextEntryLine(pygame.Rect(240, 42, 90, 30), manager, self.panel, initial_text="0")
        self.seed_entry.set_allowed_characters("numbers")
        self.train_button = UIButton(pygame.Rect(12, 84, 104, 32), "Train", manager, self.panel,
                                     tool_tip_text="Train in the background; the window stays usable")
        self.pause_button = UIButton(pygame.Rect(120, 84, 104, 32), "Pause", manager, self.panel)
        self.stop_button = UIButton(pygame.Rect(228, 84, 104, 32), "Stop", manager, self.panel,
                                    tool_tip_text="Stop and keep the agent trained so far")
        UILabel(pygame.Rect(12, STATS_BOTTOM, 300, 24), "...or test an agent that exists", manager, self.panel)
        self.agents = UIDropDownMenu([AGENT_PROMPT, *shipped_agents()], AGENT_PROMPT,
                                     pygame.Rect(12, STATS_BOTTOM + 26, 180, 30),
                                     manager, self.panel)
        self.open_button = UIButton(pygame.Rect(196, STATS_BOTTOM + 26, 136, 30), "Agent file...", manager, self.panel)
        curve_height = rect.height - CURVE_TOP - SAVED_HEIGHT - 8
        self.curve = RewardCurvePanel(pygame.Rect(rect.x + 6, rect.y + CURVE_TOP, rect.width - 12, curve_height))
        self.saved_top = CURVE_TOP + curve_height + 8
        self.showing_losses = False
        self.chart_button = UIButton(pygame.Rect(rect.width - 96, CURVE_TOP + 3, 84, 24), "Losses", manager, self.panel,
                                     tool_tip_text="Switch the chart between return and success, and PPO's losses")
        self.folder_button = UIButton(pygame.Rect(rect.width - 132, self.saved_top + 20, 120, 28), "Open folder",
                                      manager, self.panel, tool_tip_text="Show the saved agent in the file manager")
        self.sync()

    def _number(self, entry: UITextEntryLine, name: str) -> int | None:
        """The entry's whole number; None (and a message) when it is not one."""
        try:
            return int(entry.get_text())
        except ValueError:
            self.on_message(f"Type a whole number of {name}.", True)
            return None

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.train_button:
                self.train()
            elif event.ui_element is self.pause_button:
                self.run.resume() if self.run.state == PAUSED else self.run.pause()
            elif event.ui_element is self.stop_button:
                self.run.stop()
            elif event.ui_element is self.chart_button:
                self.showing_losses = not self.showing_losses
                self.chart_button.set_text("Return" if self.showing_losses else "Losses")
            elif event.ui_element is self.folder_button:
                self.open_folder()
            elif event.ui_element is self.open_button:
                self.dialogs.pick_file("Open an agent file", resource_path("agents"), self.run.load,
                                       existing_only=True, suffixes=AGENT_SUFFIXES)
            else:
                return False
            return True
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.agents:
            if event.text != AGENT_PROMPT:
                self.run.load(resource_path("agents", event.text))
            return True
        return False

    def open_folder(self) -> None:
        if self.run.saved_path is None:
            return
        try:
            folders.open_folder(self.run.saved_path.parent)
        except OSError as error:
            self.on_message(f"Cannot open the folder: {error}", True)

    def train(self) -> None:
        steps = self._number(self.steps_entry, "steps") if self.steps_entry.get_text() else 0
        seed = self._number(self.seed_entry, "seed")
        if steps is None or seed is None:
            return
        steps = steps or None  # empty: the level's step cap
        if steps is not None and steps < 1:
            self.on_message("The step budget must be at least one step.", True)
            return
        if self.document.warning is not None:
            self.on_message(f"Cannot train yet: {self.document.warning}", True)
            return
        self.asked_steps = steps
        self.run.start(self.document.level, steps, seed)

    def sync(self) -> None:
        """Enable only the buttons that can do something now."""
        active = self.run.active
        for button, enabled in ((self.train_button, not active), (self.stop_button, self.run.state in (STARTING, RUNNING, PAUSED)),
                                (self.pause_button, self.run.state in (RUNNING, PAUSED)),
                                (self.open_button, not active and not self.run.loading),
                                (self.folder_button, self.run.saved_path is not None)):
            if enabled != button.is_enabled:
                button.enable() if enabled else button.disable()
        label = "Resume" if self.run.state == PAUSED else "Pause"
        if self.pause_button.text != label:
            self.pause_button.set_text(label)

    def status_lines(self) -> list[tuple[str, tuple[int, int, int]]]:
        run = self.run
        if run.state == FAILED:
            return [(line, theme.REFUSAL_TEXT) for line in ["Training failed:", *run.error.splitlines()]]
        if run.state == IDLE:
            return [(f"Testing {run.agent.label}." if run.agent else "No agent yet.", theme.TEXT),
                    ("Training stops at 95% success, or at the step cap.", theme.MUTED_TEXT)]
        if not run.total_steps:  # the process is still starting; its step cap is not known yet
            return [(run.state, theme.TEXT)]
        lines = [(f"{run.state}   {run.step:,} / {run.total_steps:,} steps", theme.TEXT)]
        if self.asked_steps not in (None, run.total_steps) and run.batch_size:
            lines.append((f"PPO trains in whole updates of {run.batch_size:,} steps: "
                          f"{self.asked_steps:,} asked gives {run.total_steps:,}.", theme.MUTED_TEXT))
        if run.state in ACTIVE or run.state == "finished":
            lines.append((f"{run.steps_per_second:,.0f} steps/s   elapsed {clock(run.elapsed)}", theme.MUTED_TEXT))
        if run.state == "finished":
            lines.append((f"The run {run.ending}.", theme.TEXT))
        elif run.state in ACTIVE:
            lines.append((self._target_line(), theme.MUTED_TEXT))
        return lines

    def _target_line(self) -> str:
        """When the run should end: at the success target (estimated from the curve's trend) or
        at the step cap."""
        run, cap = self.run, self.run.time_left
        cap_text = f"step cap in {clock(cap)}" if cap is not None else "step cap"
        if run.until_percent <= 0:
            return cap_text.capitalize()
        eta = run.time_to_target
        if eta is None:
            return f"Stops at {run.until_percent:g}% success or the {cap_text}"
        return f"{run.until_percent:g}% success in about {clock(round(eta))} ({cap_text})"

    def draw(self, marker: float | None = None) -> None:
        """Status lines and the reward curve, into the panel's canvas (under its widgets)."""
        run = self.run
        spinning = run.state == STARTING or run.loading
        key = (tuple(self.status_lines()), spinning and spinner_frame(), len(run.curve), run.curve[-1] if run.curve else None,
               run.total_steps, run.curve_label, marker, run.saved_path, self.showing_losses)
        self.canvas.paint(key, lambda surface: self._paint(surface, spinning, marker))

    def _paint(self, surface: pygame.Surface, spinning: bool, marker: float | None) -> None:
        run = self.run
        font, y = theme.font(TEXT_SIZE), self.rect.y + STATS_TOP
        for text, colour in self.status_lines():
            for line in theme.wrap(text, font, self.rect.width - 40):
                if y + LINE_HEIGHT <= self.rect.y + STATS_BOTTOM:
                    surface.blit(font.render(line, True, colour), (self.rect.x + 12, y))
                y += LINE_HEIGHT
        if spinning:
            draw_spinner(surface, (self.rect.right - 20, self.rect.y + STATS_TOP + 8))
        if self.showing_losses:
            draw_loss_charts(surface, self.curve.rect, run.curve, "losses and diagnostics")
        else:
            self.curve.draw(surface, run.curve, run.axis_end, run.curve_label or "training curve", marker)
        saved = self.run.saved_path
        text = f"Saved as {saved.name}" if saved is not None else "Each run saves its agent in a new file."
        surface.blit(font.render(text, True, theme.TEXT if saved else theme.MUTED_TEXT),
                     (self.rect.x + 12, self.rect.y + self.saved_top))
        if saved is not None:
            folder = _elided(str(saved.parent), font, self.rect.width - 160)
            surface.blit(font.render(folder, True, theme.MUTED_TEXT), (self.rect.x + 12, self.rect.y + self.saved_top + 26))

    def kill(self) -> None:
        self.panel.kill()
