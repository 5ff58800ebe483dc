"""The Goalpost window and its loop: Edit, Train and Test modes.

Each frame: every event goes to the widget manager first, then to open dialogs and overlays, then
to the active mode's panel and view; then everything updates and draws once. Views hold display
state only; the level lives in the `Document`, the training process and test agent in the
`TrainingRun`, and slow work (torch) happens in the `Background` worker.
"""
from __future__ import annotations

import os
import signal
from pathlib import Path

import pygame
import pygame_gui

from sandbox.resources import resource_path
from sandbox.ui import presenter_layout, theme
from sandbox.ui.background import Background
from sandbox.ui.canvas import CanvasPanel
from sandbox.ui.compare_layout import CAPTION_SIZE
from sandbox.ui.dialogs import Dialogs
from sandbox.ui.document import Document
from sandbox.ui.editor_view import EditorView
from sandbox.ui.file_actions import FileActions
from sandbox.ui.help_overlay import HelpOverlay
from sandbox.ui.layers import PopupLayer
from sandbox.ui.mode_bar import HEIGHT as MODE_BAR_HEIGHT, ModeBar
from sandbox.ui.samples_view import SamplesView
from sandbox.ui.stage import Stage
from sandbox.ui.side_panel import WIDTH as SIDE_WIDTH, SidePanel
from sandbox.ui.status_bar import HEIGHT as STATUS_HEIGHT, StatusBar
from sandbox.ui.test_panel import TestPanel
from sandbox.ui.test_session import TestSession
from sandbox.ui.test_view import TestView
from sandbox.ui.tools import TOOL_BY_KEY, TOOL_BY_NAME, ToolState
from sandbox.ui.train_panel import TrainPanel
from sandbox.ui.training_run import TrainingRun
from sandbox.ui.window_exports import WindowExports
from sandbox.world import load_level

FPS, IDLE_FPS = 60, 15
"""Frames per second while something moves or was just touched, and while nothing does. Drawn 60
times a second, an untouched editor kept 47% of a core busy on a real display, 14% at 15
(`bench/README.md`): on a laptop that is battery and fan for nothing."""
QUIET_SECONDS = 1.0
"""Seconds without input after which a window with nothing moving drops to IDLE_FPS (a tool tip
still opens, a tenth of a second later at most)."""
TERMINATING_SIGNALS = (signal.SIGINT, signal.SIGTERM)
"""Signals that close the window without asking: nobody is there to answer a save prompt."""
DEFAULT_SIZE = (1280, 800)
MIN_SIZE = (1024, 640)
RESERVED_HEIGHT = 80  # a title bar and a task bar: pygame cannot ask the desktop for its usable area
MODE_KEYS = {pygame.K_F2: "edit", pygame.K_F3: "train", pygame.K_F4: "test"}
TRAIN_HINT = "Train runs in the background; switch to Test at any time to try the newest snapshot."
TEST_HINT = "Drag the goal, any object or the agent's start to a free cell; the agent plays it at once."


def initial_size(desktop: tuple[int, int], wanted: tuple[int, int] = DEFAULT_SIZE) -> tuple[int, int]:
    """The window's first size: `wanted`, shrunk to the desktop less a title and a task bar (a
    1366x768 laptop gets 1280x688, so the status bar is on screen)."""
    return min(wanted[0], desktop[0]), min(wanted[1], desktop[1] - RESERVED_HEIGHT)


class App:
    def __init__(self, level_path: Path, size: tuple[int, int] | None = None, fullscreen: bool = False):
        os.environ.setdefault("SDL_VIDEO_CENTERED", "1")
        pygame.display.init()  # not pygame.init(): the editor makes no sound, so it never opens audio
        pygame.font.init()
        pygame.key.set_repeat(400, 40)
        self.display_flags = pygame.FULLSCREEN if fullscreen else pygame.RESIZABLE
        desktop = pygame.display.get_desktop_sizes()[0]
        if fullscreen:
            size = desktop
        elif size is None:
            size = initial_size(desktop)
        self.min_size = (min(MIN_SIZE[0], size[0]), min(MIN_SIZE[1], size[1]))
        self.screen = pygame.display.set_mode(size, self.display_flags)
        self.manager = pygame_gui.UIManager(size, str(theme.THEME_PATH))
        self.manager.preload_fonts([{"name": "noto_sans", "point_size": 14, "style": "bold", "antialiased": "1"}])
        self.document = Document(load_level(level_path, check=False), Path(level_path))
        self.state = ToolState()
        self.status = StatusBar(pygame.Rect(0, 0, 0, 0))
        self.dialogs = Dialogs(self.manager)
        self.files = FileActions(self.document, self.dialogs, self.status.show)
        self.files.on_preset = self.offer_shipped_agent
        self.canvas = CanvasPanel(pygame.Rect(0, 0, 0, 0))
        self.editor = EditorView(self.document, self.state, self.canvas, self.status.show)
        self.samples = SamplesView(pygame.Rect(0, 0, 0, 0))
        self.help = HelpOverlay()
        self.background = Background()
        self.training = TrainingRun(self.background, self.status.show)
        self.session = TestSession(self.background, self.status.show)
        self.test_view = TestView(self.canvas, self.session)
        self.presenter = None  # the workshop demo's script (sandbox.ui.demo), offered events first
        self.stage = Stage(self.canvas, self.test_view, self.training, lambda: self.document.level, lambda: self.mode)
        self.presenting = False  # presenter mode: the level and curve fill the screen (F11)
        self._windowed_size: tuple[int, int] | None = None  # the window's size before presenting
        self.exports = WindowExports(self.canvas, self.stage.recording_frame, self.status.show)
        self.mode = "edit"
        self.popups: PopupLayer | None = None
        self.mode_bar: ModeBar | None = None
        self.side: SidePanel | None = None
        self.train_panel: TrainPanel | None = None
        self.test_panel: TestPanel | None = None
        self.clock = pygame.time.Clock()
        self.running = True
        self.terminating = False  # a SIGTERM or Ctrl+C came: close at once, unsaved work in the autosave
        self.frames = 0
        self.quiet = 0.0  # seconds of frames since the last event
        self.layout(size)
        self.files.offer_autosave()

    def layout(self, size: tuple[int, int]) -> None:
        """Place everything for a window of `size`; widgets are rebuilt, the level keeps its state."""
        width, height = max(size[0], self.min_size[0]), max(size[1], self.min_size[1])
        if (width, height) != tuple(size):
            self.screen = pygame.display.set_mode((width, height), self.display_flags)
        self.manager.set_window_resolution((width, height))
        for part in (self.mode_bar, self.side, self.train_panel, self.test_panel, self.popups):
            if part is not None:
                part.kill()
        self.popups = PopupLayer(self.manager, (width, height))
        self.mode_bar = ModeBar(self.manager, width, self.popups, height - STATUS_HEIGHT)
        body = pygame.Rect(0, MODE_BAR_HEIGHT, width, height - MODE_BAR_HEIGHT - STATUS_HEIGHT)
        side_rect = pygame.Rect(width - SIDE_WIDTH, body.y, SIDE_WIDTH, body.height)
        self.side = SidePanel(self.manager, side_rect, self.document, self.state, self.dialogs, self.status.show)
        self.train_panel = TrainPanel(self.manager, side_rect, self.document, self.training, self.dialogs, self.status.show)
        self.test_panel = TestPanel(self.manager, side_rect, self.test_view, self.training, self.dialogs)
        self.set_mode(self.mode)
        self.canvas_area = pygame.Rect(0, body.y, width - SIDE_WIDTH, body.height)
        self.status.rect = pygame.Rect(0, height - STATUS_HEIGHT, width, STATUS_HEIGHT)
        if self.presenting:
            self.mode_bar.hide()
            self.canvas_area = self.stage.presentation.arrange((width, height)).level
        self.canvas.rect = self.canvas_area.copy()
        self.samples.rect = self.canvas_area.copy()

    def toggle_presenting(self) -> None:
        """Presenter mode: the editor's widgets hidden, the level and the curve fill the screen (the
        window goes full screen, and back to its size after)."""
        self.presenting = not self.presenting
        if self.presenting and not self.display_flags & pygame.FULLSCREEN:
            self._windowed_size = self.screen.get_size()
            self.screen = pygame.display.set_mode(pygame.display.get_desktop_sizes()[0], pygame.FULLSCREEN)
        elif not self.presenting and self._windowed_size is not None:
            self.screen = pygame.display.set_mode(self._windowed_size, self.display_flags)
            self._windowed_size = None
        self.layout(self.screen.get_size())

    # -- events -------------------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.request_quit()
            return
        if event.type == pygame.VIDEORESIZE:
            self.layout((event.w, event.h))
            return
        if self.presenter is not None and self.presenter.handle_event(event):
            return
        if self.help.handle_event(event) or self.manager.process_events(event) or self.dialogs.handle_event(event):
            return
        if self.dialogs.is_open:
            if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
                self.dialogs.close_top()
            return
        leaving = self.presenting and event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE
        if leaving or event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
            self.toggle_presenting()
            return
        if event.type == pygame.MOUSEBUTTONUP:
            self.document.history.break_merge()
        action = self.mode_bar.action_for(event)
        if action is not None:
            self.run_action(action)
            return
        if event.type == pygame.KEYDOWN and self.exports.handle_key(event):
            return
        if event.type == pygame.KEYDOWN and event.key in MODE_KEYS:
            self.set_mode(MODE_KEYS[event.key])
        elif self.mode != "edit":
            consumed = (self.train_panel.handle_event(event) if self.mode == "train"
                        else self.test_panel.handle_event(event) or self.test_view.handle_event(event))
            if not consumed and event.type == pygame.KEYDOWN:
                self._handle_key(event)
        elif not (self._handle_widget_event(event) or self.samples.handle_event(event, self.document.level)):
            if not (event.type == pygame.KEYDOWN and self._handle_key(event)):
                self.editor.handle_event(event)

    def _handle_widget_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.side.distribution.samples_button:
            self.toggle_samples()
            return True
        return self.side.handle_event(event)

    def run_action(self, action: str) -> None:
        if action.startswith("preset:"):
            self.files.open_preset(action.split(":", 1)[1])
            return
        if action.startswith("mode:"):
            self.set_mode(action.split(":", 1)[1])
            return
        {"new": self.files.new, "open": self.files.open, "save": self.files.save, "save_as": self.files.save_as,
         "help": self.help.toggle, "undo": self.undo, "redo": self.redo, "samples": self.toggle_samples,
         "screenshot": self.exports.screenshot, "record": self.exports.toggle_recording,
         "present": self.toggle_presenting}[action]()

    def _handle_key(self, event: pygame.event.Event) -> bool:
        ctrl, shift = event.mod & pygame.KMOD_CTRL, event.mod & pygame.KMOD_SHIFT
        action = None
        if ctrl:
            action = {pygame.K_z: "redo" if shift else "undo", pygame.K_y: "redo", pygame.K_n: "new",
                      pygame.K_o: "open", pygame.K_s: "save_as" if shift else "save"}.get(event.key)
        elif event.key == pygame.K_F1 or event.unicode == "?":
            action = "help"
        elif self.mode != "edit":
            return False  # the rest choose tools and show samples, which only Edit mode has
        elif event.key == pygame.K_t:
            action = "samples"
        elif event.unicode in TOOL_BY_KEY:
            self.side.tools.select_tool(TOOL_BY_KEY[event.unicode].name)
            return True
        if action is None:
            return False
        self.run_action(action)
        return True

    def set_mode(self, mode: str) -> None:
        """Show one mode's panel; entering Test while training tests the newest snapshot."""
        self.mode = mode
        self.mode_bar.select_mode(mode)
        for name, panel in (("edit", self.side.panel), ("train", self.train_panel.panel), ("test", self.test_panel.panel)):
            panel.show() if name == mode and not self.presenting else panel.hide()
        self.samples.visible = False
        if mode != "edit":
            self.training.warm_up()
        if mode == "test" and self.training.active:
            self.training.test_latest_snapshot()
        if mode == "test":
            self.sync_session()

    def sync_session(self) -> None:
        """Tell the Test session when the open level or the test agent is no longer the one it
        holds (a level opened or edited, an agent loaded): it starts over from the level's placement."""
        if self.session.level_version != self.document.version:
            self.session.open_level(self.document.level, self.document.version)
        if self.session.agent is not self.training.agent:
            self.session.load_agent(self.training.agent)

    def offer_shipped_agent(self, preset: str) -> None:
        """After a preset opens: one click loads the agent shipped for it and opens Test on its story."""
        path = resource_path("agents", f"{preset}.pt")
        if self.presenter is not None or self.training.active or not path.exists():
            return
        self.dialogs.confirm("Test its trained agent?", f"Goalpost ships {path.name}, an agent trained on "
                             f"{self.document.level.name}. Load it and open Test on a move that shows what it "
                             "learned?", "Load and test", lambda: self.test_story(path))

    def test_story(self, agent_path: Path) -> None:
        """Load an agent, then open Test on the move that pulls the level's goal and proxy apart, with
        one play of it and the outcome shares of 200."""
        def show() -> None:
            self.set_mode("test")
            if self.session.show_story() is not None:
                self.test_view.play_many()  # one sampled play may go either way; the shares show the habit
        self.training.load(agent_path, then=show)

    def undo(self) -> None:
        label = self.document.undo()
        self.status.show(f"Undid {label}." if label else "Nothing to undo.")

    def redo(self) -> None:
        label = self.document.redo()
        self.status.show(f"Redid {label}." if label else "Nothing to redo.")

    def toggle_samples(self) -> None:
        if self.samples.visible:
            self.samples.visible = False
        else:
            self.samples.show(self.document.level)

    def request_quit(self) -> None:
        """Quit, saying first that a training run will stop (and asking about unsaved changes)."""
        if not self.training.active:
            self.files.quit(self.stop)
            return
        run = self.training
        self.dialogs.confirm("Training is running", f"Quitting stops training at {run.step:,} of "
                             f"{run.total_steps:,} steps; the agent trained so far is saved.", "Stop training and quit",
                             lambda: self.files.quit(self.stop))

    def stop(self) -> None:
        self.running = False

    def _terminate(self, number: int, frame) -> None:
        """The system (logging out, `kill`) or the terminal (Ctrl+C) asked the window to close: no
        dialog would be answered, so the next frame closes it and keeps unsaved work in the autosave."""
        self.terminating = True

    def close(self) -> None:
        """End the training process and the background worker: nothing outlives the window."""
        self.exports.close()
        self.training.close()
        self.background.close()

    # -- frame --------------------------------------------------------------------------------

    def step(self, dt: float) -> None:
        """One frame: events, update, draw, flip."""
        if self.terminating:
            self.files.quit_keeping_unsaved_work(self.stop)
            return
        events = pygame.event.get()
        self.quiet = 0.0 if events else self.quiet + dt
        for event in events:
            self.handle_event(event)
            if not self.running:
                return
        self.manager.update(dt)
        self.background.poll()
        self.training.poll()
        if self.mode != "test":
            self.editor.update(dt)
        if self.mode == "edit":
            self.side.sync(self.document)
        elif self.mode == "train":
            self.train_panel.sync()
        else:
            self.sync_session()
            self.test_panel.sync()
            self.test_view.update(dt)
        if self.presenter is not None:
            self.presenter.update(dt)
        self.status.update(dt)
        self.files.tick(dt)
        self._update_status()
        self.mode_bar.set_recording(self.exports.recorder.recording)
        self.draw()
        self.exports.after_draw(self.screen, dt)
        pygame.display.flip()
        self.frames += 1

    def _update_status(self) -> None:
        self.status.hint = {"train": TRAIN_HINT, "test": TEST_HINT}.get(self.mode, TOOL_BY_NAME[self.state.tool].hint)
        level = self.document.level
        cell = f"   row {self.canvas.hover[0]}, column {self.canvas.hover[1]}" if self.canvas.hover else ""
        dirty = " *" if self.document.dirty else ""
        self.status.right_text = f"{self.document.title}{dirty}   {level.shape[0]}x{level.shape[1]}{cell}"
        caption = f"Goalpost - {self.document.title}{dirty}"
        if caption != pygame.display.get_caption()[0]:
            pygame.display.set_caption(caption)

    def draw(self) -> None:
        """The canvas and the panels' own drawings first, then the widgets over them (menus, tool
        tips and dialogs on top), then the help page."""
        self.screen.fill(theme.BACKGROUND)
        self.screen.fill(theme.CANVAS_BACKGROUND, self.canvas_area)
        self.canvas.plain = self.test_view.second_canvas.plain = self.presenting or self.exports.recorder.recording
        legend_shown = False
        if self.mode == "test":
            presenter_type = self.stage.presentation.layout.sizes.label if self.presenting else None
            self.test_view.place(self.canvas_area, presenter_type or CAPTION_SIZE)
            self.test_view.draw(self.screen)
            legend_shown = self.stage.draw_legend(self.screen)
        else:
            self.canvas.rect = self.canvas_area.copy()
            self.editor.draw(self.screen)
            self.samples.draw(self.screen)
        if self.presenting:
            self.stage.present(self.stage.presentation, self.screen, presenter_layout.HINT,
                               (False, False) if legend_shown else self.stage.heat())
        else:
            self.status.draw(self.screen)
            if self.mode == "train":
                self.train_panel.draw()
            elif self.mode == "test":
                self.test_panel.draw()
        self.manager.draw_ui(self.screen)
        self.help.draw(self.screen)

    def frame_rate(self) -> int:
        """FPS while a play animates, the demo runs, the window records, background work is pending
        or input came in the last QUIET_SECONDS; IDLE_FPS otherwise."""
        moving = (self.presenter is not None or self.exports.recorder.recording or self.background.busy
                  or self.mode == "test" and self.test_view.animating)
        return FPS if moving or self.quiet < QUIET_SECONDS else IDLE_FPS

    def run(self, exit_after_frames: int | None = None) -> int:
        previous = {number: signal.signal(number, self._terminate) for number in TERMINATING_SIGNALS}
        try:
            while self.running:
                self.step(self.clock.tick(self.frame_rate()) / 1000)
                if exit_after_frames is not None and self.frames >= exit_after_frames:
                    break
        finally:
            for number, handler in previous.items():  # None: SDL's own handler, which Python cannot put back
                signal.signal(number, signal.SIG_DFL if handler is None else handler)
            self.close()
            pygame.quit()
        return 0


def run_editor(level_path: Path, exit_after_frames: int | None = None) -> int:
    """Open the editor window on a level file; returns the exit code."""
    return App(level_path).run(exit_after_frames)
