"""Test mode's right-hand panel: which agent is tested (and a warning when it was trained on another
level), playback controls, sampled or greedy actions, "Run 200 episodes", overlay toggles, a second
agent to compare with (and its removal), the verdict once the play has ended, the outcome bar (one
per agent when comparing) and the reward curve with this episode's return marked (both agents'
curves when comparing)."""
from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIDropDownMenu, UIHorizontalSlider, UILabel, UIPanel

from sandbox.resources import resource_path
from sandbox.ui import theme
from sandbox.ui.dialogs import AGENT_SUFFIXES, Dialogs
from sandbox.ui.layers import PanelCanvas
from sandbox.ui.legends import OUTCOME_RGB, draw_outcome_legend
from sandbox.ui.overlays import CHANGED_RGB, PATH_RGB, SECOND_PATH_RGB
from sandbox.ui.reward_curve import RewardCurvePanel
from sandbox.ui.second_agent import compared_curves, kept_snapshot, short_name
from sandbox.ui.spinner import draw_spinner, spinner_frame
from sandbox.ui.test_view import MANY_EPISODES, TestView
from sandbox.ui.train_panel import shipped_agents
from sandbox.ui.training_run import TrainingRun

OVERLAY_LABELS = (("visits", "Visits"), ("region", "Old goal region"), ("arrows", "Arrows"), ("values", "Values"))
OVERLAY_TIPS = {"visits": "Where the agent went over the last 200 plays",
                "region": "Where the goal was during training (the proxy the classifier checks)",
                "arrows": "The most likely move on every free cell, longer when surer",
                "values": "What the agent expects to earn from each cell (blue low, yellow high)",
                "changes": "Cells whose most likely move differs from the level's own placement"}
AGAIN_TIPS = {False: "A new play of this episode (actions are sampled, so each play differs)",
              True: "Play this episode again (actions are greedy: every play is the same)"}
MANY_TIPS = {False: "Outcome shares and where the agent went, over many plays",
             True: "Greedy actions make every play the same, so one play stands for all"}
COMPARE_PROMPT, AGENT_FILE, KEEP_AGENT = "Compare with...", "An agent file...", "Keep this agent"
INFO_TOP, CURVE_TOP = 308, 440
MIN_CURVE_HEIGHT = 40  # the curve's height in the smallest window (1024x560)
TEXT_SIZE, LINE_HEIGHT = 14, 19


def drag_heading(level) -> str:
    """'Drag the coin (or anything) elsewhere', naming the goal of the level being tested."""
    noun = level.goal_noun if level is not None and level.goal_noun else "goal"
    return f"Drag the {noun} (or anything) elsewhere"


class TestPanel:
    def __init__(self, manager: pygame_gui.UIManager, rect: pygame.Rect, view: TestView, run: TrainingRun,
                 dialogs: Dialogs):
        self.rect, self.view, self.run, self.dialogs, self.manager = rect, view, run, dialogs, manager
        self.panel = UIPanel(rect, starting_height=1, manager=manager)
        self.canvas = PanelCanvas(manager, self.panel)  # first, so it lies under the widgets
        self.heading = UILabel(pygame.Rect(12, 8, 320, 26), drag_heading(view.level), manager, self.panel,
                               object_id="@heading")
        self.snapshot_button = UIButton(pygame.Rect(12, 62, 320, 28), "Test the newest training snapshot", manager,
                                        self.panel, tool_tip_text="Test the agent as it is now, while training goes on")
        self.pause_button = UIButton(pygame.Rect(12, 98, 76, 30), "Pause", manager, self.panel,
                                     tool_tip_text="Pause or play the animation (Space)")
        self.step_button = UIButton(pygame.Rect(92, 98, 60, 30), "Step", manager, self.panel,
                                    tool_tip_text="One step (Right arrow)")
        self.restart_button = UIButton(pygame.Rect(156, 98, 76, 30), "Restart", manager, self.panel,
                                       tool_tip_text="Watch again from the start (Home)")
        self.again_button = UIButton(pygame.Rect(236, 98, 96, 30), "Play again", manager, self.panel,
                                     tool_tip_text=AGAIN_TIPS[view.greedy])
        UILabel(pygame.Rect(12, 134, 60, 26), "Speed", manager, self.panel)
        self.speed = UIHorizontalSlider(pygame.Rect(72, 134, 260, 26), view.speed, (1, 40), manager, self.panel)
        self.greedy_button = UIButton(pygame.Rect(12, 168, 158, 30), "Actions: sampled", manager, self.panel,
                                      tool_tip_text="Sampled from the policy (how it was trained) or its most likely")
        self.many_button = UIButton(pygame.Rect(174, 168, 158, 30), f"Run {MANY_EPISODES} episodes", manager,
                                    self.panel, tool_tip_text=MANY_TIPS[view.greedy])
        self.overlay_buttons: dict[str, UIButton] = {}
        x = 12
        for (name, label), width in zip(OVERLAY_LABELS, (64, 120, 66, 62)):
            self.overlay_buttons[name] = UIButton(pygame.Rect(x, 206, width, 28), label, manager, self.panel,
                                                  tool_tip_text=OVERLAY_TIPS[name])
            x += width + 4
        self.reset_button = UIButton(pygame.Rect(12, 240, 200, 28), "Back to the level's placement", manager,
                                     self.panel)
        self.overlay_buttons["changes"] = UIButton(pygame.Rect(216, 240, 116, 28), "What changed", manager, self.panel,
                                                   tool_tip_text=OVERLAY_TIPS["changes"])
        self.compare_menu = self._compare_menu()
        self.remove_button = UIButton(pygame.Rect(212, 274, 120, 28), "Remove second", manager, self.panel,
                                      tool_tip_text="Remove the second agent and test the first alone again")
        self.curve = RewardCurvePanel(pygame.Rect(rect.x + 6, rect.y + CURVE_TOP, rect.width - 12,
                                                  rect.height - CURVE_TOP - 8))
        self._greedy_tips = view.greedy

    def _compare_menu(self) -> UIDropDownMenu:
        """The menu of agents to compare with, showing its prompt (it is built again to clear a choice)."""
        menu = UIDropDownMenu([COMPARE_PROMPT, *shipped_agents(), AGENT_FILE, KEEP_AGENT], COMPARE_PROMPT,
                              pygame.Rect(12, 274, 196, 28), self.manager, self.panel)
        return menu

    def compare_with(self, choice: str) -> None:
        """Compare with a shipped agent, an agent file (picked in a dialog) or the agent tested now."""
        session = self.view.session
        if choice == AGENT_FILE:
            self.dialogs.pick_file("Compare with an agent file", resource_path("agents"), session.compare_with_file,
                                   True, AGENT_SUFFIXES)
        elif choice == KEEP_AGENT:
            if self.view.agent is None:
                session.on_message("Train or load an agent first (Train mode); then keep it to compare.", True)
            else:
                session.compare_with(*kept_snapshot(self.view.agent, self.run.curve))
        elif choice != COMPARE_PROMPT:
            session.compare_with_file(resource_path("agents", choice))

    def stop_comparing(self) -> None:
        self.view.session.stop_comparing()
        self.compare_menu.kill()
        self.compare_menu = self._compare_menu()

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED and event.ui_element is self.speed:
            self.view.speed = float(event.value)
            return True
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.compare_menu:
            self.compare_with(event.text)
            return True
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return False
        view, element = self.view, event.ui_element
        actions = {self.pause_button: view.toggle_pause, self.step_button: view.single_step,
                   self.restart_button: view.restart, self.again_button: view.play, self.many_button: view.play_many,
                   self.reset_button: view.reset_episode, self.snapshot_button: self.run.test_latest_snapshot,
                   self.greedy_button: lambda: view.set_greedy(not view.greedy),
                   self.remove_button: self.stop_comparing}
        for name, button in self.overlay_buttons.items():
            actions[button] = lambda name=name: view.toggle(name)
        if element not in actions:
            return False
        actions[element]()
        return True

    def sync(self) -> None:
        view = self.view
        labels = ((self.heading, drag_heading(view.level)),
                  (self.pause_button, "Play" if view.paused or view.finished else "Pause"),
                  (self.greedy_button, "Actions: greedy" if view.greedy else "Actions: sampled"))
        for button, text in labels:
            if button.text != text:
                button.set_text(text)
        if self._greedy_tips != view.greedy:
            self._greedy_tips = view.greedy
            self.again_button.set_tooltip(AGAIN_TIPS[view.greedy])
            self.many_button.set_tooltip(MANY_TIPS[view.greedy])
        for name, button in self.overlay_buttons.items():
            if view.overlays[name] != button.is_selected:
                button.select() if view.overlays[name] else button.unselect()
        can_snapshot = self.run.active and not self.run.loading
        for button, enabled in ((self.snapshot_button, can_snapshot), (self.remove_button, view.second is not None)):
            if enabled != button.is_enabled:
                button.enable() if enabled else button.disable()

    def draw(self) -> None:
        """The agent's name, the verdict, the outcome bar and the curve, into the panel's canvas
        (under its widgets, so tool tips and dialogs cover them and they never vanish); redrawn
        only when one of them changed."""
        view, run = self.view, self.run
        spinning = bool(view.waiting or run.loading)
        key = (id(view.agent), spinning and spinner_frame(), id(view.played), view.finished, id(view.episode), view.greedy,
               id(view.many), view.overlays["changes"], id(view.changes), len(run.curve),
               run.curve[-1] if run.curve else None, run.axis_end, view.session.problem, view.session.warning,
               id(view.second), view.second and id(view.second.many))
        self.canvas.paint(key, self._paint)

    def _paint(self, surface: pygame.Surface) -> None:
        view, session, x, font = self.view, self.view.session, self.rect.x + 12, theme.font(TEXT_SIZE)
        agent = view.agent.label if view.agent is not None else "none yet - train or load one in Train mode"
        agent_line = theme.wrap(f"Agent: {agent}", font, self.rect.width - 24)[0]
        surface.blit(font.render(agent_line, True, theme.MUTED_TEXT), (x, self.rect.y + 36))
        if view.waiting or self.run.loading:
            draw_spinner(surface, (self.rect.right - 20, self.rect.y + INFO_TOP + 10))
        y = self.rect.y + INFO_TOP
        below = y + 24 + 2 * LINE_HEIGHT + 4
        played = session.current_play
        if view.second is not None:
            below = self._compared_bars(surface, x, y)
            played = None  # each agent's verdict is over its own canvas, and both curves share the chart
        elif played is not None and view.finished:  # the verdict once the play has ended, not before it moves
            verdict_font = theme.font(16, bold=True)
            verdict = theme.wrap(played.verdict, verdict_font, self.rect.width - 24)[:2]
            for index, line in enumerate(verdict):
                surface.blit(verdict_font.render(line, True, OUTCOME_RGB[played.outcome]), (x, y + 21 * index))
            note = (f"return {played.episode_return:+.2f} in {len(played.cells) - 1} steps, "
                    f"{'greedy' if view.greedy else 'sampled'} actions")
            if not played.separated:
                note += "; goal and proxy are not apart here, so this says little"
            top = y + 21 * len(verdict) + 3
            note_lines = theme.wrap(note, font, self.rect.width - 24)[:2]
            for index, line in enumerate(note_lines):
                surface.blit(font.render(line, True, theme.MUTED_TEXT), (x, top + LINE_HEIGHT * index))
            below = max(below, top + len(note_lines) * LINE_HEIGHT + 4)
        elif played is not None:
            surface.blit(font.render("Playing...", True, theme.MUTED_TEXT), (x, y))
        if view.many is not None and view.second is None:
            below = self._outcome_bar(surface, pygame.Rect(x, below, self.rect.width - 24, 16), view.many)
        if view.overlays["changes"] and view.changes is not None:
            text = f"{int(view.changes.sum())} cells changed their most likely move"
            surface.blit(font.render(text, True, CHANGED_RGB), (x, below))
            below += LINE_HEIGHT
        notice = session.problem or session.warning
        if notice is not None:
            colour = theme.REFUSAL_TEXT if session.problem else theme.WARNING_TEXT
            lines = theme.wrap(f"Warning: {notice}", font, self.rect.width - 24)[:3]
            top = max(below, self.rect.y + CURVE_TOP - 60)
            for index, line in enumerate(lines):
                surface.blit(font.render(line, True, colour), (x, top + LINE_HEIGHT * index))
            below = top + LINE_HEIGHT * len(lines)
        self._fit_curve_below(below)
        marker = played.episode_return if played is not None else None
        self.curve.draw(surface, self.run.curve, self.run.axis_end, "training curves" if view.second else
                        "training curve", marker, compared_curves(view.agent, view.second))

    def _fit_curve_below(self, below: int) -> None:
        """Start the curve at CURVE_TOP, or lower when a two-line verdict, its note, the outcome
        legend and a warning reach further down, so the curve does not cover them; but never
        shorter than MIN_CURVE_HEIGHT (in the shortest window the curve keeps its place and covers
        the lowest warning line rather than vanish)."""
        lowest = self.rect.bottom - 8 - MIN_CURVE_HEIGHT
        top = max(self.rect.y + CURVE_TOP, min(below + 4, lowest))
        self.curve.rect.update(self.curve.rect.x, top, self.curve.rect.width, self.rect.bottom - 8 - top)

    def _compared_bars(self, surface: pygame.Surface, x: int, y: int) -> int:
        """Each compared agent's outcome bar under its name (in its trail's colour); returns the y below."""
        view, font = self.view, theme.font(TEXT_SIZE)
        rows = [(view.agent, view.many, PATH_RGB), (view.second.agent, view.second.many, SECOND_PATH_RGB)]
        if view.many is None and view.second.many is None:
            hint = f"Run {MANY_EPISODES} episodes to compare both agents' outcome shares."
            for index, line in enumerate(theme.wrap(hint, font, self.rect.width - 24)[:2]):
                surface.blit(font.render(line, True, theme.MUTED_TEXT), (x, y + LINE_HEIGHT * index))
            return y + 2 * LINE_HEIGHT + 4
        for agent, many, rgb in rows:
            if agent is None:
                continue
            pygame.draw.line(surface, rgb, (x, y + LINE_HEIGHT // 2), (x + 14, y + LINE_HEIGHT // 2), 5)
            title = font.render(short_name(agent), True, theme.TEXT)
            surface.blit(title, (x + 20, y))
            if many is None:
                y += LINE_HEIGHT
                continue
            left = x + 28 + title.get_width()  # the bar beside the name, its legend under both
            bar = pygame.Rect(left, y + 4, self.rect.x + self.rect.width - 12 - left, LINE_HEIGHT - 8)
            y = self._outcome_bar(surface, bar, many, legend_x=x) + 4
        return y

    def _outcome_bar(self, surface: pygame.Surface, bar: pygame.Rect, many, legend_x: int | None = None) -> int:
        """The shares of many plays as one bar, with a legend under it after the number of plays
        (from `legend_x`, if not under the bar's left end); returns the y below it."""
        left = bar.x
        for share, colour in zip(many.shares, OUTCOME_RGB):
            width = round(bar.width * share)
            surface.fill(colour, pygame.Rect(left, bar.y, width, bar.height))
            left += width
        pygame.draw.rect(surface, theme.LEVEL_FRAME, bar, 1)
        font = theme.font(TEXT_SIZE)
        x = bar.x if legend_x is None else legend_x
        width = bar.right - x
        count = font.render(f"{many.count} plays:" if many.count > 1 else "1 greedy play (all alike):", True,
                            theme.TEXT)
        surface.blit(count, (x, bar.bottom + 2))
        indent = count.get_width() + 10
        return draw_outcome_legend(surface, (x + indent, bar.bottom + 2), width - indent, many.names,
                                   many.shares, OUTCOME_RGB)

    def kill(self) -> None:
        self.panel.kill()
