"""What Test mode tests and what it found: the agent, the open level, the placement being played,
the last play of it and the last many-plays run, and the same for a second agent compared with it.

The window keeps one `TestSession` and tells it, explicitly, when the open level or the test agent
is no longer the one it holds (`open_level`, `load_agent`): both start over from the level's own
placement, so Test never shows a level other than the open one. Views only draw a session and call
its methods; the slow work (torch) is handed to the `Background` worker and its answers are kept
only if the placement has not changed since they were asked for.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from sandbox.ui.background import Background
from sandbox.ui.second_agent import SecondAgent, grid_mismatch
from sandbox.ui.story_moves import StoryMove, base_episode, story_move
from sandbox.ui.test_runs import ManyPlayed, changed_moves, field_of, play_many, play_once
from sandbox.ui.training_run import CurveSample, TestAgent, read_agent
from sandbox.world import Episode, Level, level_from_dict, level_to_dict

if TYPE_CHECKING:
    from sandbox.analysis.single_play import Play

MANY_EPISODES = 200


class TestSession:
    def __init__(self, background: Background, on_message: Callable[[str, bool], None]):
        self.background, self.on_message = background, on_message
        self.agent: TestAgent | None = None
        self.level: Level | None = None
        self.level_version: int | None = None
        self.episode: Episode | None = None
        self.version = 0  # bumped by every new placement; older background answers are dropped
        self.played: Play | None = None
        self.many: ManyPlayed | None = None
        self.field: tuple[np.ndarray, np.ndarray] | None = None
        self.changes: np.ndarray | None = None
        self.greedy = False
        self.want_field = self.want_changes = False
        self.plays = 0
        self.waiting = 0
        self.second: SecondAgent | None = None  # the agent compared with this one, if any
        self._base: Episode | None = None

    # -- what is tested ------------------------------------------------------------------------

    def open_level(self, level: Level, version: int) -> None:
        """The open level changed (opened, edited, undone): test a copy of it from its own placement."""
        self.level_version = version
        if self.level is not None and level_to_dict(level) == level_to_dict(self.level):
            return  # saved, or an edit undone: the same level, so what was found still holds
        self.level = level_from_dict(level_to_dict(level), level.name)
        self._base = None
        if self.second is not None and (problem := grid_mismatch(self.second.agent, self.level)) is not None:
            self.second = None
            self.on_message(problem, True)
        self.reset_placement()

    def load_agent(self, agent: TestAgent | None) -> None:
        """Test another agent. A newer snapshot of the same training run keeps the placement (the
        point of testing snapshots is to see the same placement improve); anything else starts over."""
        same_run = agent is not None and self.agent is not None and agent.level is self.agent.level
        self.agent = agent
        if same_run and self.episode is not None:
            self._changed()
        else:
            self.reset_placement()

    @property
    def base(self) -> Episode | None:
        """The level's own placement (a sampled maze for maze levels), computed once per level."""
        if self._base is None and self.level is not None:
            self._base = base_episode(self.level)
        return self._base

    @property
    def problem(self) -> str | None:
        """Why the agent cannot play this level at all (None if it can)."""
        if self.agent is None or self.level is None:
            return None
        if self.agent.level.shape != self.level.shape:
            (h, w), (th, tw) = self.level.shape, self.agent.level.shape
            return (f"{self.agent.label} was trained on a {th}x{tw} level and cannot play this {h}x{w} one; "
                    "train or load an agent for this level")
        return None

    @property
    def warning(self) -> str | None:
        """The agent was trained on another level than the open one (it may still play it)."""
        if self.agent is None or self.level is None or self.agent.level.name == self.level.name:
            return None
        return f"trained on '{self.agent.level.name}', not on the open level '{self.level.name}'"

    # -- the placement -------------------------------------------------------------------------

    def reset_placement(self) -> None:
        """Back to the level's own placement (the one drawn in Edit mode)."""
        self.episode = self.base
        self._changed()

    def set_episode(self, episode: Episode) -> None:
        """Play another placement (a drag in the view, a story move)."""
        self.episode = episode
        self._changed()

    def story(self) -> StoryMove | None:
        """The move that separates goal and proxy on this level (None if it suggests no proxy)."""
        return story_move(self.level, self.base) if self.level is not None else None

    def show_story(self) -> StoryMove | None:
        """Play the story move's placement; a message says why when the level has none."""
        move = self.story()
        if move is None:
            self.on_message("This level suggests no proxy: there is no move that pulls one apart from the goal.", True)
            return None
        self.set_episode(move.episode)
        return move

    def _changed(self) -> None:
        self.version += 1
        self.played, self.many, self.field, self.changes = None, None, None, None
        if self.second is not None:
            self.second.forget_plays()
        self.play()

    # -- a second agent ------------------------------------------------------------------------

    def compare_with(self, agent: TestAgent, curve: list[CurveSample]) -> bool:
        """Play every placement with `agent` too, beside the test agent; both play the current
        placement again from the same seed. False (and a message) if its grid size differs."""
        problem = grid_mismatch(agent, self.level) if self.level is not None else None
        if problem is not None:
            self.on_message(problem, True)
            return False
        self.second = SecondAgent(agent, curve)
        self._changed()
        return True

    def compare_with_file(self, path: Path) -> None:
        """Load the agent file in the background, then compare with it."""
        def loaded(result: tuple[TestAgent, list[CurveSample]]) -> None:
            self.waiting -= 1
            if self.compare_with(*result):
                self.on_message(f"Comparing with {result[0].label}.", False)

        self.waiting += 1
        self.background.run(lambda: read_agent(path), loaded, self._failed_to_load)

    def _failed_to_load(self, error: BaseException) -> None:
        self.waiting -= 1
        self.on_message(f"Cannot load the agent to compare with: {error}", True)

    def stop_comparing(self) -> None:
        self.second = None

    # -- plays ---------------------------------------------------------------------------------

    @property
    def can_play(self) -> bool:
        return self.agent is not None and self.episode is not None and self.problem is None

    def play(self) -> None:
        """Play the current placement once from the start (again, if it was played: a new sample)."""
        if not self.can_play:
            return
        self.plays += 1
        episode, greedy, seed = self.episode, self.greedy, self.plays
        for agent, target in self._players():
            self._ask(lambda agent=agent: play_once(agent, episode, greedy, seed), "played", target)
        if self.want_field:
            self.read_field()
        if self.want_changes:
            self.read_changes()

    def play_many(self) -> None:
        """Play the placement MANY_EPISODES times; greedy plays are all the same, so it plays once."""
        if not self.can_play:
            self.on_message(self.problem or "Train or load an agent first (Train mode).", True)
            return
        count = 1 if self.greedy else MANY_EPISODES
        episode, greedy, seed = self.episode, self.greedy, self.plays
        for agent, target in self._players():
            self._ask(lambda agent=agent: play_many(agent, episode, count, greedy, seed), "many", target)

    def _players(self) -> list[tuple[TestAgent, object]]:
        """Each agent playing, with where its answers go: the test agent's to the session itself."""
        players = [(self.agent, self)]
        if self.second is not None:
            players.append((self.second.agent, self.second))
        return players

    def read_field(self) -> None:
        if self.can_play:
            agent, episode = self.agent, self.episode
            self._ask(lambda: field_of(agent, episode), "field")

    def read_changes(self) -> None:
        """Which cells' most likely move differs from the level's own placement."""
        if self.can_play:
            agent, before, episode = self.agent, self.base, self.episode
            self._ask(lambda: changed_moves(agent, before, episode), "changes")

    def set_greedy(self, greedy: bool) -> None:
        self.greedy = greedy
        self.many = None
        if self.second is not None:
            self.second.many = None
        self.play()

    def _ask(self, work: Callable[[], object], name: str, target: object | None = None) -> None:
        """Run `work` in the background; its answer becomes `target.name` (the session's own by default)."""
        version, target = self.version, self if target is None else target
        self.waiting += 1
        self.background.run(work, lambda value: self._answer(version, target, name, value), self._failed)

    def _answer(self, version: int, target: object, name: str, value) -> None:
        """Keep a background answer unless the placement changed since it was asked."""
        self.waiting -= 1
        if version == self.version:
            setattr(target, name, value)

    def _failed(self, error: BaseException) -> None:
        self.waiting -= 1
        self.on_message(f"The test run failed: {type(error).__name__}: {error}", True)

    @property
    def current_play(self) -> Play | None:
        """The play of the placement shown now (None while it is being played)."""
        return self._current(self.played)

    @property
    def second_play(self) -> Play | None:
        """The second agent's play of the placement shown now (None while it is being played)."""
        return self._current(self.second.played) if self.second is not None else None

    def _current(self, played: Play | None) -> Play | None:
        return played if played is not None and played.episode is self.episode else None
