"""The agent the window tests, and the background training run that makes one.

Nothing here touches torch on the window's thread: the first use imports it (seconds), so the
launch, agent loading and snapshot rebuilding run in the `Background` worker, and training itself
runs in the training process. Messages are told apart by class name for the same reason
(`sandbox.rl` imports torch).
"""
from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from sandbox.resources import data_dir
from sandbox.ui.background import Background
from sandbox.ui.training_eta import seconds_to_target
from sandbox.world import Level, level_from_dict, level_to_dict

if TYPE_CHECKING:
    from sandbox.rl import PPOConfig, Policy, TrainingProcess

IDLE, STARTING, RUNNING, PAUSED, STOPPING, FINISHED, FAILED = (
    "idle", "starting", "running", "paused", "stopping", "finished", "failed")
ACTIVE = (STARTING, RUNNING, PAUSED, STOPPING)
NICE_STEPS = (1, 1.5, 2, 3, 4, 5, 6, 8, 10)


def curve_axis_end(step: int, total_steps: int) -> int:
    """Where the curve's step axis ends for a run that stops at a success target: a round number
    10% or more past the newest step, so the curve fills the plot instead of hugging the left of
    an axis that runs to a step cap it will likely never reach; never past the cap."""
    wanted = max(step, 1) * 1.1
    power = 10 ** math.floor(math.log10(wanted))
    return min(total_steps, int(next(power * n for n in NICE_STEPS if power * n >= wanted)))


@dataclass(frozen=True)
class CurveSample:
    step: int
    episodic_return: float
    success_rate: float
    losses: tuple[float, ...] = ()
    """The iteration's losses in `metrics.LOSS_NAMES` order (empty for agents from before they were kept)."""


@dataclass(frozen=True)
class TestAgent:
    """A policy ready to test, with the level it was trained on (the proxies are derived from it)."""

    policy: Policy
    level: Level
    step: int
    label: str


def import_rl():
    """`sandbox.rl`, imported on first use (torch takes seconds), with torch on one thread: the
    window's thread needs the other core, and oversubscribed threads stall each other."""
    import torch

    import sandbox.rl

    torch.set_num_threads(1)
    return sandbox.rl


def agent_path(level_name: str, now: float | None = None) -> Path:
    """A file for a new agent of `level_name` that no earlier run has: level name and start time
    (with -2, -3, ... for runs started in the same second), so training never overwrites an agent."""
    name = re.sub(r"[^A-Za-z0-9_-]+", "_", level_name).strip("_") or "level"
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    folder = data_dir() / "agents"
    path, number = folder / f"{name}-{stamp}.pt", 1
    while path.exists():
        number += 1
        path = folder / f"{name}-{stamp}-{number}.pt"
    return path


def make_config(total_steps: int | None) -> PPOConfig:
    """The settings a run from the window uses: the tuned defaults (stop at 95% success) with the
    chosen step cap, or the level's own cap when none was typed."""
    return import_rl().PPOConfig(total_steps=total_steps)


def _launch(level: Level, total_steps: int | None, seed: int, out: Path) -> tuple[TrainingProcess, PPOConfig]:
    TrainingProcess = import_rl().TrainingProcess  # noqa: N806

    config = make_config(total_steps).for_level(level)
    return TrainingProcess(level, config, seed, out).start(), config


def read_agent(path: Path) -> tuple[TestAgent, list[CurveSample]]:
    """The agent in `path`, ready to test, and its stored training curve (call off the window's thread)."""
    agent = import_rl().load_agent(path)
    from sandbox.rl.metrics import LOSS_NAMES

    columns = [agent.metrics.column(name) for name in LOSS_NAMES]
    losses = {step: tuple(column[i] for column in columns) for i, step in enumerate(agent.metrics.steps)}
    curve = [CurveSample(p.step, p.episodic_return, p.success_rate, losses.get(p.step, ())) for p in agent.curve]
    return TestAgent(agent.policy, agent.level, agent.steps, f"{Path(path).name}, {agent.steps:,} steps"), curve


def _from_snapshot(level: Level, config: PPOConfig, snapshot: Any) -> TestAgent:
    rl = import_rl()
    policy = rl.build_policy(level, config)
    rl.load_snapshot(policy, snapshot)
    policy.eval()
    return TestAgent(policy, level, snapshot.step, f"snapshot at {snapshot.step:,} steps")


class TrainingRun:
    """Owns the training process (at most one) and the current test agent; `poll()` once a frame."""

    def __init__(self, background: Background, on_message: Callable[[str, bool], None]):
        self.background, self.on_message = background, on_message
        self.state = IDLE
        self.curve: list[CurveSample] = []
        self.curve_label = ""
        self.step = self.total_steps = 0
        self.steps_per_second = 0.0
        self.until_percent = 0.0  # the running config's success target (0: trains to its step cap)
        self.stop_reason = ""  # how the last run ended: "target", "step_cap" or "interrupted"
        self.error = ""
        self.agent: TestAgent | None = None
        self.loading = False
        self.saved_path: Path | None = None  # where the last run's agent was saved
        self._process: TrainingProcess | None = None
        self._config: PPOConfig | None = None
        self._level: Level | None = None
        self._snapshot = None
        self._elapsed = 0.0
        self._since: float | None = None
        self._warmed = False

    def warm_up(self) -> None:
        """Import torch in the background now (first time only). Loading its native library holds
        the interpreter lock for a few hundred ms; on entering Train or Test that hitch goes
        unnoticed, while on pressing Train or dropping the coin it would not."""
        if not self._warmed:
            self._warmed = True
            self.background.run(import_rl, lambda _: None, self._failed)

    @property
    def active(self) -> bool:
        return self.state in ACTIVE

    @property
    def batch_size(self) -> int | None:
        """Steps per PPO update of the running configuration (a run trains whole updates only)."""
        return self._config.batch_size if self._config is not None else None

    @property
    def elapsed(self) -> float:
        return self._elapsed + (time.monotonic() - self._since if self._since is not None else 0.0)

    @property
    def axis_end(self) -> int:
        """Where every curve of this run (Train and Test panels, presenter, recordings) ends its step
        axis: `curve_axis_end` for a run in the window that stops at a success target, else the
        step cap (a loaded agent's cap is its own step count)."""
        if self.until_percent > 0 and (self.state in ACTIVE or self.state == FINISHED):
            return curve_axis_end(self.step, self.total_steps)
        return self.total_steps

    @property
    def time_left(self) -> float | None:
        if self.state != RUNNING or self.steps_per_second <= 0:
            return None
        return max(0.0, (self.total_steps - self.step) / self.steps_per_second)

    @property
    def time_to_target(self) -> float | None:
        """Seconds until the success target at the current trend and speed (0: there now); None
        without a target, a rising trend or a speed, or when the step cap comes first."""
        if self.state != RUNNING:
            return None
        return seconds_to_target(self.curve, self.step, self.total_steps, self.until_percent, self.steps_per_second)

    def start(self, level: Level, total_steps: int | None, seed: int) -> None:
        """Train a copy of `level` (later edits do not reach the run) for at most `total_steps`
        steps (None: the level's step cap); the run stops earlier at the success target."""
        if self.active:
            return
        self._level = level_from_dict(level_to_dict(level), level.name)
        out = agent_path(level.name)
        self.saved_path = None
        self.state, self.error, self.curve, self.curve_label = STARTING, "", [], f"training {level.name}, seed {seed}"
        self.step, self.total_steps, self.steps_per_second, self._elapsed, self._snapshot = 0, total_steps or 0, 0.0, 0.0, None
        self.stop_reason = ""
        level_copy = self._level
        self.background.run(lambda: _launch(level_copy, total_steps, seed, out), self._launched, self._failed)

    def _launched(self, result: tuple[TrainingProcess, PPOConfig]) -> None:
        self._process, self._config = result
        self.total_steps = self._config.num_iterations * self._config.batch_size
        self.until_percent = self._config.until_percent
        if self.state == STOPPING:
            self._process.stop()
            return
        self.state, self._since = RUNNING, time.monotonic()

    def _failed(self, error: BaseException) -> None:
        self.loading = False
        self._fail(f"{type(error).__name__}: {error}")

    def _fail(self, message: str) -> None:
        self._pause_clock()
        self.state, self.error = FAILED, message
        self.on_message(f"Training failed: {message}", True)
        self._close_process()

    def pause(self) -> None:
        if self.state == RUNNING and self._process is not None:
            self._process.pause()
            self.state = PAUSED
            self._pause_clock()

    def resume(self) -> None:
        if self.state == PAUSED and self._process is not None:
            self._process.resume()
            self.state, self._since = RUNNING, time.monotonic()

    def stop(self) -> None:
        """Ask the run to end; the agent trained so far is saved and becomes the test agent."""
        if self.state in (STARTING, RUNNING, PAUSED):
            if self._process is not None:
                self._process.stop()
            self.state = STOPPING

    def _pause_clock(self) -> None:
        if self._since is not None:
            self._elapsed += time.monotonic() - self._since
            self._since = None

    def poll(self) -> None:
        """Take in whatever the training process sent since the last frame (never blocks)."""
        if self._process is None:
            return
        for message in self._process.poll():
            getattr(self, f"_on_{type(message).__name__.lower()}")(message)

    def _on_progress(self, progress: Any) -> None:
        self.step, self.total_steps, self.steps_per_second = progress.step, progress.total_steps, progress.steps_per_second
        self.until_percent = progress.until_percent
        if not math.isnan(progress.episodic_return):
            self.curve.append(CurveSample(progress.step, progress.episodic_return, progress.success_rate,
                                          progress.losses))

    def _on_snapshot(self, snapshot: Any) -> None:
        """Keep the newest; the first one becomes the test agent if there is none, so Test mode has
        something to play as soon as it can."""
        self._snapshot = snapshot
        if self.agent is None and not self.loading:
            self.test_latest_snapshot()

    def _on_done(self, done: Any) -> None:
        self._pause_clock()
        self.state, self.step, self.stop_reason = FINISHED, done.step, done.reason
        self.on_message(f"Training {self.ending} at {done.step:,} steps; the agent is saved as {done.path}.", False)
        self._close_process()
        if done.path is not None:
            self.saved_path = Path(done.path)
            self.load(Path(done.path), keep_curve=True)

    @property
    def ending(self) -> str:
        """How the last run ended, in words for the panel and the status bar."""
        if self.stop_reason == "target":
            return f"reached {self.until_percent:g}% success"
        if self.stop_reason == "step_cap":
            return "finished its step cap"
        return "stopped"

    def _on_error(self, error: Any) -> None:
        self._fail(error.message)

    def _close_process(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            self.background.run(process.close, lambda _: None, lambda _: None)

    def load(self, path: Path, keep_curve: bool = False, then: Callable[[], None] | None = None) -> None:
        """Make the agent in `path` the test agent; its stored curve replaces the one shown. `then`
        runs once it is loaded."""
        self.loading = True

        def loaded(result: tuple[TestAgent, list[CurveSample]]) -> None:
            self.loading = False
            self.agent = result[0]
            if not keep_curve:
                self.curve, self.curve_label = result[1], result[0].label
                self.step = self.total_steps = result[0].step
            self.on_message(f"Test agent: {result[0].label}.", False)
            if then is not None:
                then()

        self.background.run(lambda: read_agent(path), loaded, self._load_failed)

    def _load_failed(self, error: BaseException) -> None:
        self.loading = False
        self.on_message(f"Cannot load the agent: {error}", True)

    def test_latest_snapshot(self) -> bool:
        """While training, make its newest snapshot the test agent (in the background); False if none is newer."""
        snapshot, level, config = self._snapshot, self._level, self._config
        if snapshot is None or config is None or (self.agent is not None and self.agent.step >= snapshot.step
                                                  and self.agent.level is level):
            return False
        self.loading = True

        def built(agent: TestAgent) -> None:
            self.loading, self.agent = False, agent

        self.background.run(lambda: _from_snapshot(level, config, snapshot), built, self._load_failed)
        return True

    def close(self) -> None:
        """Stop the training process and wait for it: nothing may outlive the window."""
        if self._process is not None:
            self._process.close()
            self._process = None
