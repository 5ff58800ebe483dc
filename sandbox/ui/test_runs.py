"""What Test mode asks of the agent, as plain functions for the `Background` worker: play the
episode once (with the classifier's verdict), play it many times, read the policy field.

They import the analysis package (and so torch) when first called, off the window's thread.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sandbox.ui.training_run import TestAgent
from sandbox.world import Episode

if TYPE_CHECKING:
    from sandbox.analysis.single_play import Play



@dataclass(frozen=True)
class ManyPlayed:
    """`count` plays of one episode: outcome shares and their names (goal, proxy, capability
    failure) and in how many plays each cell was visited, visits: int64[H, W]."""

    shares: tuple[float, float, float]
    names: tuple[str, str, str]
    visits: np.ndarray
    separated: bool
    count: int


def play_once(agent: TestAgent, episode: Episode, greedy: bool, seed: int) -> Play:
    from sandbox.analysis.single_play import play_episode

    return play_episode(agent.policy, agent.level, episode, greedy, seed)


def play_many(agent: TestAgent, episode: Episode, count: int, greedy: bool, seed: int) -> ManyPlayed:
    from sandbox.analysis import OUTCOME_NAMES, evaluate
    from sandbox.analysis.single_play import repeated

    evaluation = evaluate(agent.policy, agent.level, repeated(episode, count), greedy, seed)
    trajectories = evaluation.trajectories
    visited = np.zeros((count, episode.walls.size), dtype=bool)
    valid = np.arange(trajectories.trail.shape[1])[None, :] <= trajectories.length[:, None]
    rows = np.broadcast_to(np.arange(count)[:, None], trajectories.trail.shape)
    visited[rows[valid], trajectories.trail[valid]] = True
    visits = visited.sum(axis=0)
    outcome = evaluation.outcomes.outcome
    shares = tuple(float((outcome == kind).mean()) for kind in range(3))
    return ManyPlayed(shares, OUTCOME_NAMES, visits.reshape(episode.walls.shape), bool(evaluation.outcomes.separated[0]), count)


def field_of(agent: TestAgent, episode: Episode) -> tuple[np.ndarray, np.ndarray]:
    from sandbox.analysis import policy_field

    return policy_field(agent.policy, agent.level, episode)


def changed_moves(agent: TestAgent, before: Episode, after: Episode) -> np.ndarray:
    """bool[H, W]: cells where the most likely move differs between two placements (cells the
    agent can stand on in both)."""
    old, new = field_of(agent, before)[0], field_of(agent, after)[0]
    both = ~np.isnan(old[:, :, 0]) & ~np.isnan(new[:, :, 0])
    return both & (np.nan_to_num(old).argmax(axis=2) != np.nan_to_num(new).argmax(axis=2))


def proxy_regions(agent: TestAgent) -> list[np.ndarray]:
    """bool[H, W] cells of each region proxy ("where the goal was in training"), as the classifier
    sees them. Only called with an agent loaded, so the analysis package is imported already."""
    from sandbox.analysis import derive_proxies

    return [proxy.region for proxy in derive_proxies(agent.level) if proxy.region is not None]
