"""Workshop demo: a scripted, looping walk-through of one preset and its shipped agent, told by
the real window. Each step puts the window in a state through its public methods (and a drag
posted like a mouse would make it), with a big caption; Space pauses, Left/Right step.

Every preset tells its own story through its `StoryMove` (sandbox.ui.story_moves): the coin moved
off its column, the cheese away from the top-right of a sampled maze, the coin away from the green
markers, or keys and chests swapped. Single plays use the agent's most likely moves (greedy), so
what the room sees is what the agent does, not a lucky sample; the 200 plays sample, as in training.

The verdict appears once the agent's play has ended, never before it moves; the 200-play result is
shown as big numbers. A preset with a second shipped agent (CoinRun's, trained with 25% randomized
coins) ends with both agents on the same moved goal and the 200-play numbers of each. `fast` advances as soon as a step's play (or plays) are in, and `once` stops
after the last step: that is how a test walks every preset to its end.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pygame

from sandbox.resources import resource_path
from sandbox.ui import scripted_input
from sandbox.ui.app import App
from sandbox.ui.presenter_layout import Presentation
from sandbox.ui.story_moves import StoryMove

Cell = tuple[int, int]
STEP_SECONDS = 8.0
FAST_STEP_SECONDS = 0.2
LONGEST_WAIT_SECONDS = 40.0  # a step waiting for its play moves on after this, whatever happens
DRAG_SECONDS_PER_CELL = 0.25
RESULT_SECONDS = 4.0  # how long a verdict or the 200-play result stays before the next step
PLAY_SPEED = 16.0  # cells a second: a 100-step play in about six seconds


@dataclass(frozen=True)
class DemoStep:
    """A caption, how to set the window up, what to do once the agent's play is in (if anything),
    and what the step shows when it is done: "play" (a verdict), "many" (the 200 plays), "compare" (two
    agents' 200 plays each) or ""."""

    caption: str
    enter: Callable[[], None]
    then: Callable[[], None] | None = None
    shows: str = ""
    waiting: str = ""  # the caption until the step has shown its result (so no caption tells it first)


@dataclass(frozen=True)
class Shown:
    """A verdict or a 200-play result the demo put on screen, for the record (and the tests)."""

    step: int
    outcome: int | None
    text: str


MANY_CAPTION = "200 plays of the moved placement, sampled as in training:"
COMPARE_CAPTION = ("Two agents, the same moved {entity} and the same action noise: one trained with the {entity} "
                   "always in its column, one with it anywhere in a quarter of episodes. 200 plays each:")
COMPARED_AGENTS = {"coinrun": "coinrun_random25.pt"}  # presets whose story ends with a second agent


def story_captions(level_name: str, move: StoryMove) -> tuple[str, str, str, str]:
    """What training looked like, what the move is, what the agent did and what the 200 plays are:
    each preset's own story. The keys story's placement has a spare key nearer than the chests (see
    `story_moves`); over every swapped placement the shipped agent takes one only about half the time,
    and the last caption says so rather than let one placement stand for all."""
    if move.entity is None:
        return (f"{level_name}: in training there are always twice as many chests as keys, so keys are scarce "
                "and grabbing every key is never wasted.",
                f"Now the opposite: {move.words.split(': ')[1]}, and a spare key nearer than any chest. "
                "Two keys open every chest...",
                "...and the agent takes a spare key it cannot use, off its way to a chest: keys still pull it.",
                "200 plays of this placement, sampled as in training (over every swapped placement, "
                "about half take a spare key):")
    if "markers" in move.words:
        return (f"{level_name}: in training the {move.entity} always sits among three green markers.",
                f"Now drag the {move.entity} away from the green markers...",
                f"...and the agent goes to the green markers: it learned the colour, not the {move.entity}.",
                MANY_CAPTION)
    maze = "a new maze every episode; " if "Maze" in level_name else ""
    return (f"{level_name}: {maze}the {move.entity} only ever appears in the shaded cells.",
            f"Now drag the {move.entity} to {move.target}, where it never was during training...",
            f"...and the agent goes where the {move.entity} used to be: it learned a place, not the {move.entity}.",
            MANY_CAPTION)


class Presenter:
    """Drives `app` through the demo steps; offered every event first, updated and drawn each frame."""

    def __init__(self, app: App, preset: str, fast: bool = False, once: bool = False):
        self.app, self.fast, self.once = app, fast, once
        self.compared = COMPARED_AGENTS.get(preset)  # the second agent's file in agents/, if the story has one
        self.step_seconds = FAST_STEP_SECONDS if fast else STEP_SECONDS
        self.result_seconds = 0.0 if fast else RESULT_SECONDS
        app.training.load(resource_path("agents", f"{preset}.pt"))
        self.move: StoryMove | None = None
        self.steps: list[DemoStep] = []
        self.index = -1
        self.paused = False
        self.elapsed = 0.0
        self.shown: list[Shown] = []
        self.finished = False
        self._drag: list[Cell] = []
        self._drag_clock = 0.0
        self._then: Callable[[], None] | None = None
        self._shown_at: float | None = None  # when this step's result appeared (seconds into the step)
        self._moved = False  # whether the step shows the moved placement (a play of the other one is stale)
        app.test_view.speed = 40.0 if fast else PLAY_SPEED

    def _prepare(self) -> bool:
        """Once the agent is in: the session on the open level and its story move; False if none."""
        app = self.app
        app.sync_session()
        self.move = app.session.story()
        if self.move is None:
            app.status.show("This preset suggests no proxy, so there is no story to show.", True)
            app.stop()
            return False
        self.steps = self._steps(app.document.level.name, self.move)
        return True

    def _steps(self, name: str, move: StoryMove) -> list[DemoStep]:
        training, moving, result, many = story_captions(name, move)
        compare = []
        if self.compared is not None:
            compare = [DemoStep(COMPARE_CAPTION.format(entity=move.entity), self._compare,
                                lambda: self.app.test_view.play_many(), "compare")]
        return [
            DemoStep(training, self._show_samples),
            DemoStep("Training: the reward curve climbs as the agent learns to collect its reward.",
                     lambda: self.app.set_mode("train")),
            DemoStep("On a placement like those in training, the trained agent does what it was rewarded for.",
                     self._play_before, shows="play"),
            DemoStep(moving, lambda: self._play_moved(animated=not self.fast), shows="play"),
            DemoStep(result, lambda: self._play_moved(animated=False), shows="play",
                     waiting="Watch where the agent goes..."),
            DemoStep(many,
                     lambda: self._play_moved(animated=False), lambda: self.app.test_view.play_many(), "many"),
            *compare,
        ]

    @property
    def ready(self) -> bool:
        return self.app.training.agent is not None and not self.app.training.loading

    def go(self, index: int) -> None:
        """Enter step `index` (wrapping around), setting the window up from scratch."""
        if self.once and index >= len(self.steps):
            self.finished = True
            self.app.stop()
            return
        self.index, self.elapsed, self._drag, self._shown_at = index % len(self.steps), 0.0, [], None
        self.app.samples.visible = False
        self.app.session.stop_comparing()  # only the comparison step shows a second agent
        self.steps[self.index].enter()
        self._then = self.steps[self.index].then

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type != pygame.KEYDOWN:
            return False
        if event.key == pygame.K_ESCAPE:
            self.app.stop()
        elif event.key == pygame.K_SPACE:
            self.paused = not self.paused
        elif event.key in (pygame.K_RIGHT, pygame.K_LEFT) and self.steps:
            self.go(self.index + (1 if event.key == pygame.K_RIGHT else -1))
        elif event.key == pygame.K_F11:
            pass  # the walk-through is told on the presenter's screen only
        else:
            return False
        return True

    def update(self, dt: float) -> None:
        if self.index < 0:
            if self.ready and self._prepare():
                self.go(0)
            return
        if self._drag:
            self._advance_drag(dt)
        session = self.app.session
        settled = session.current_play is not None and not session.waiting and not self._drag
        if self._then is not None and settled:
            self._then, then = None, self._then
            then()
        if not self.paused:
            self.elapsed += dt
            if self._may_move_on():
                self.go(self.index + 1)
                return
        self._record()

    def _may_move_on(self) -> bool:
        """The step has had its time and its result has been on screen for a while (or it waited too long)."""
        if self.elapsed >= LONGEST_WAIT_SECONDS:
            return True
        if self.elapsed < self.step_seconds or not self._done:
            return False
        if not self.steps[self.index].shows:
            return True
        return self._shown_at is not None and self.elapsed - self._shown_at >= self.result_seconds

    @property
    def _done(self) -> bool:
        """The step has shown what it is there to show (its verdict, its 200 plays)."""
        shows = self.steps[self.index].shows
        if shows == "play":
            return self._verdict() is not None
        if shows == "many":
            return self._many() is not None
        if shows == "compare":
            return self._compared_many() is not None
        return not self._drag

    def _verdict(self):
        """The finished play of the placement shown now, or None (the verdict waits for the play's end)."""
        view = self.app.test_view
        play = self.app.session.current_play
        if play is None or not view.finished or self._drag or (play.episode == self.move.episode) != self._moved:
            return None
        return play

    def _many(self):
        session = self.app.session
        return session.many if self._then is None and not session.waiting else None

    def _compared_many(self):
        """Both agents' many plays, once both are in (None before)."""
        many, second = self._many(), self.app.session.second
        return (many, second.many) if many is not None and second is not None and second.many is not None else None

    def _record(self) -> None:
        if self._shown_at is not None:
            return
        shows = self.steps[self.index].shows
        if shows == "play" and (play := self._verdict()) is not None:
            self.shown.append(Shown(self.index, play.outcome, play.verdict))
        elif shows == "many" and (many := self._many()) is not None:
            self.shown.append(Shown(self.index, max(range(3), key=lambda k: many.shares[k]), _shares_text(many)))
        elif shows == "compare" and (both := self._compared_many()) is not None:
            self.shown.append(Shown(self.index, None, " | ".join(_shares_text(many) for many in both)))
        else:
            return
        self._shown_at = self.elapsed

    # -- the steps ----------------------------------------------------------------------------

    def _show_samples(self) -> None:
        self.app.set_mode("edit")
        self.app.samples.show(self.app.document.level)

    def _play_before(self) -> None:
        app = self.app
        app.set_mode("test")
        app.session.greedy = True
        app.session.set_episode(self.move.before)
        self._moved = False

    def _play_moved(self, animated: bool) -> None:
        """Show the move: a drag from the goal's cell to the target as a person would make it (cell by
        cell, or all at once), or, for keys and chests, the swapped placement."""
        move, app = self.move, self.app
        self._play_before()
        self._moved = True
        if move.entity is None:
            app.session.greedy = self.steps[self.index].shows not in ("many", "compare")
            app.session.set_episode(move.episode)
            return
        app.session.greedy = self.steps[self.index].shows not in ("many", "compare")
        (r0, c0), (r1, c1) = move.start, move.target
        cells = [(r0 + round((r1 - r0) * t / 8), c0 + round((c1 - c0) * t / 8)) for t in range(9)]
        path = [cell for i, cell in enumerate(cells) if i == 0 or cell != cells[i - 1]]
        scripted_input.press(app.canvas.cell_rect(path[0]).center)
        if animated:
            self._drag, self._drag_clock = path[1:], 0.0
            return
        for cell in path[1:]:
            scripted_input.move(app.canvas.cell_rect(cell).center)
        scripted_input.release(app.canvas.cell_rect(path[-1]).center)

    def _compare(self) -> None:
        """The moved placement for both agents: the shipped agent and the one trained on more diverse
        goals (loaded in the background; both then play it with the same seed)."""
        self._play_moved(animated=False)
        self.app.session.compare_with_file(resource_path("agents", self.compared))

    def _advance_drag(self, dt: float) -> None:
        self._drag_clock += dt
        if self._drag_clock < DRAG_SECONDS_PER_CELL:
            return
        self._drag_clock = 0.0
        cell = self._drag.pop(0)
        scripted_input.move(self.app.canvas.cell_rect(cell).center)
        if not self._drag:
            scripted_input.release(self.app.canvas.cell_rect(cell).center)

    # -- what the presenter's screen shows (sandbox.ui.stage draws it) ------------------------

    def caption(self) -> str:
        if self.index < 0:
            return "Loading the trained agent..."
        step = self.steps[self.index]
        return step.waiting if step.waiting and not self._done else step.caption

    def verdict(self):
        """The play whose verdict the screen shows now, once it has ended (None before)."""
        return self._verdict() if self.index >= 0 and self.steps[self.index].shows == "play" else None

    def hint(self) -> str:
        where = f"step {self.index + 1} of {len(self.steps)}" if self.steps else "starting"
        return (f"{where}   ·   Space: {'resume' if self.paused else 'pause'}"
                "   ·   Left / Right: step   ·   Esc: quit")


def _shares_text(many) -> str:
    return "   ".join(f"{name} {share:.0%}" for name, share in zip(many.names, many.shares))


def run_demo(preset: str, fullscreen: bool = True, exit_after_frames: int | None = None, fast: bool = False,
             once: bool = False) -> int:
    """Open the window on `preset` with its shipped agent and run the walk-through until Esc (or, with
    `once`, to the end of its last step)."""
    level_path = Path(resource_path("levels", f"{preset}.json"))
    app = App(level_path, fullscreen=fullscreen)
    app.presenter = Presenter(app, preset, fast=fast, once=once)
    app.stage.story = app.presenter
    app.stage.presentation = Presentation(caption_lines=3)
    app.presenting = True
    app.layout(app.screen.get_size())
    return app.run(exit_after_frames)
