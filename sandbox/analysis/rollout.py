"""Play a policy on many episodes at once and record what happened (cells visited, events, return).

Episodes either come from the level's training distribution (in-distribution) or are given as a
batch of concrete placements (shifted tests). Ended episodes stay frozen until all are done, so every
trail can be read whole afterwards.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from sandbox.env.core import GridCore
from sandbox.rl.policy import Policy, sample_actions
from sandbox.world import EpisodeBatch, EpisodeSampler, Level


@dataclass
class Trajectories:
    """B finished episodes.

    episodes: the start placements (walls bool[B, H, W], objects uint8[B, H, W], agent int64[B, 2]);
    trail: int64[B, max_steps + 1] flat cell (row * W + column) after each step, valid up to `length`;
    length: int64[B]; events: int64[B, len(tiles.EVENTS)] counts (coins, keys, chests, rewarded markers);
    returns: float32[B];
    success: bool[B], the episode ended by reaching its goal rather than the step limit.
    """

    episodes: EpisodeBatch
    trail: np.ndarray
    length: np.ndarray
    events: np.ndarray
    returns: np.ndarray
    success: np.ndarray

    def __len__(self) -> int:
        return len(self.length)


def training_episodes(level: Level, count: int, seed: int) -> EpisodeBatch:
    """`count` episodes from the level's own distribution, one seed stream per episode.

    The streams are offset far from the trainer's (which uses seed * 1,000,003 + env), so evaluation
    episodes are fresh draws, not replays of training ones.
    """
    seeds = np.uint64(2**63) + np.uint64(seed) * np.uint64(1 << 20) + np.arange(count, dtype=np.uint64)
    return EpisodeSampler(level).sample(seeds, np.zeros(count, dtype=np.int64))


def rollout(policy: Policy, level: Level, episodes: EpisodeBatch, greedy: bool = False,
            seed: int = 0) -> Trajectories:
    """Play every episode of `episodes` once with `policy` (sampled actions unless `greedy`)."""
    count = len(episodes)
    core = GridCore(level, count)
    core.start(episodes)
    generator = torch.Generator().manual_seed(seed)
    success = np.zeros(count, dtype=bool)
    with torch.no_grad():
        while not core.done.all():
            logits, _ = policy(torch.from_numpy(core.grid_obs))
            success |= core.step(sample_actions(logits, greedy, generator).numpy(), autoreset=False).terminated
    return Trajectories(episodes, core.trail.copy(), core.steps.copy(), core.events.copy(),
                        core.episode_return.copy(), success)
