"""A training run as an object stepped one PPO iteration at a time, so the command line (progress
bar, Ctrl-C) and the background process (stop command, snapshots) drive the same loop.

Same seed, same machine and same torch thread count give the same curve: the policy's initial weights,
the action samples and the minibatch order all come from generators seeded here, and the env's
episodes are a pure function of (seed, env index, episode index). The stop rule counts whole
episodes with integers, so the same run also stops at the same iteration.
"""
from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, replace
from typing import Callable

import numpy as np
import torch

from sandbox.env.core import GridCore
from sandbox.rl.config import PPOConfig
from sandbox.rl.metrics import MetricHistory
from sandbox.rl.policy import Policy, level_planes
from sandbox.rl.ppo import Rollout, collect_rollout, compute_gae, update
from sandbox.world import Level

ENV_SEED_STRIDE = 1_000_003  # distinct env seed ranges for neighbouring run seeds


@dataclass(frozen=True)
class CurvePoint:
    """Episodes that ended during one iteration: mean return and success rate at `step`."""

    step: int
    episodic_return: float
    success_rate: float


class SuccessWindow:
    """The stop rule: rolling success over the most recent whole iterations holding >= `size` episodes.

    Each iteration's (episodes ended, successes) is added; the oldest iterations are dropped while
    the rest still hold `size` episodes. The run has reached the target once the window is full and
    its successes are at least `percent` of its episodes; `percent` 0 never stops a run.
    """

    def __init__(self, percent: float, size: int):
        self.percent, self.size = percent, size
        self.iterations: deque[tuple[int, int]] = deque()
        self.episodes = self.successes = 0

    def add(self, episodes: int, successes: int) -> None:
        self.iterations.append((episodes, successes))
        self.episodes += episodes
        self.successes += successes
        while self.iterations and self.episodes - self.iterations[0][0] >= self.size:
            old_episodes, old_successes = self.iterations.popleft()
            self.episodes -= old_episodes
            self.successes -= old_successes

    @property
    def full(self) -> bool:
        return self.episodes >= self.size

    @property
    def rate(self) -> float:
        """Success rate over the window (NaN before any episode ended)."""
        return self.successes / self.episodes if self.episodes else float("nan")

    @property
    def reached(self) -> bool:
        # integers on the left, so 950 of 1,000 reaches 95 exactly, with no float rounding
        return self.percent > 0 and self.full and 100 * self.successes >= self.percent * self.episodes


def build_policy(level: Level, config: PPOConfig) -> Policy:
    """A fresh policy sized for `level`'s grid."""
    return Policy(level_planes(level), level.shape, 4, config.conv_channels, config.hidden_size)


class Trainer:
    """One PPO run on one level."""

    def __init__(self, level: Level, config: PPOConfig, seed: int):
        if not 0 <= seed < 2**32:
            raise ValueError(f"seed must be between 0 and {2**32 - 1}, not {seed}")
        config = replace(config.for_level(level), stop_reason="interrupted")  # the caller's stays as given
        self.level, self.config, self.seed = level, config, seed
        with torch.random.fork_rng(devices=[]):  # seed the initial weights without touching the caller's RNG
            torch.manual_seed(seed)
            self.policy = build_policy(level, config)
        self.optimizer = torch.optim.Adam(self.policy.parameters(), lr=config.learning_rate, eps=1e-5)
        self.generator = torch.Generator().manual_seed(seed)
        self.core = GridCore(level, config.num_envs)
        self.core.seed(np.uint64(seed) * np.uint64(ENV_SEED_STRIDE) + np.arange(config.num_envs, dtype=np.uint64))
        self.core.reset()
        self.rollout = Rollout.allocate(config.num_steps, config.num_envs, self.core.grid_obs.shape[1:])
        self.next_done = torch.zeros(config.num_envs)
        self.iteration = 0
        self.global_step = 0
        self.train_seconds = 0.0
        self.curve: list[CurvePoint] = []
        self.metrics = MetricHistory()
        self.window = SuccessWindow(config.until_percent, config.success_window)

    @property
    def finished(self) -> bool:
        """The step cap is spent or the rolling success reached the target."""
        return self.iteration >= self.config.num_iterations or self.window.reached

    def train_iteration(self, should_stop: Callable[[], bool] | None = None) -> dict[str, float] | None:
        """Anneal the LR, collect one rollout, update; None if `should_stop` interrupted it (the
        iteration is then not counted, though its update may have taken some minibatch steps)."""
        config = self.config
        started = time.perf_counter()
        if config.anneal_lr:
            fraction = 1.0 - self.iteration / config.num_iterations
            self.optimizer.param_groups[0]["lr"] = fraction * config.learning_rate
        collected = collect_rollout(self.core, self.policy, self.rollout, self.next_done, self.generator, should_stop)
        if collected is None:
            return None
        self.next_done, episodes = collected
        with torch.no_grad():
            next_value = self.policy.value(torch.from_numpy(self.core.grid_obs))
        advantages, returns = compute_gae(self.rollout, next_value, self.next_done, config.gamma, config.gae_lambda)
        metrics = update(self.policy, self.optimizer, self.rollout, advantages, returns, config, self.generator,
                         should_stop)
        if metrics is None:
            return None
        self.iteration += 1
        self.global_step += config.batch_size
        self.train_seconds += time.perf_counter() - started
        counted = self.counts_episodes
        if counted:
            self.window.add(len(episodes.successes), int(episodes.successes.sum()))
        if self.finished:  # recorded in the config, which the agent file keeps
            self.config.stop_reason = "target" if self.window.reached else "step_cap"
        metrics["charts/learning_rate"] = self.optimizer.param_groups[0]["lr"]
        metrics["charts/SPS"] = self.global_step / self.train_seconds
        metrics["charts/rolling_success_rate"] = self.window.rate
        if len(episodes.returns):  # the metrics keep every iteration's episodes, as CleanRL's do
            point = CurvePoint(self.global_step, float(episodes.returns.mean()), float(episodes.successes.mean()))
            if counted:
                self.curve.append(point)
            metrics["charts/episodic_return"] = point.episodic_return
            metrics["charts/episodic_length"] = float(episodes.lengths.mean())
            metrics["charts/success_rate"] = point.success_rate
        self.metrics.add(self.global_step, metrics)
        return metrics

    @property
    def counts_episodes(self) -> bool:
        """Whether the curve and the stop rule count the episodes that ended so far: only once an
        episode could have run to the level's step limit. Before that only short episodes can have
        ended, and short ones are mostly successes: with 32-step rollouts on a 64-step level, the
        first iteration's episodes were all successes, and the curve began at 100%."""
        return self.iteration * self.config.num_steps >= self.level.max_steps

    @property
    def latest(self) -> CurvePoint | None:
        return self.curve[-1] if self.curve else None

    @property
    def fresh_point(self) -> CurvePoint | None:
        """The curve point the last iteration added, if it added one (what progress reports show)."""
        latest = self.latest
        return latest if latest is not None and latest.step == self.global_step else None
