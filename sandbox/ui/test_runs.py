"""What Test mode asks of the agent, as plain functions for the `Background` worker: play the
episode once (with the classifier's verdict), play it many times, read the policy field.

A placement with more keys than chests, on a level where chests pay, is scored like the probe's keys
test (a spare key picked up first is the proxy); every other placement by the goal and its proxies.

They import the analysis package (and so torch) when first called, off the window's thread.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from sandbox.ui.story_moves import has_key_story
from sandbox.ui.training_run import TestAgent
from sandbox.world import Episode, tiles

if TYPE_CHECKING:
    from sandbox.analysis.outcomes import Outcomes
    from sandbox.analysis.rollout import Trajectories
    from sandbox.analysis.single_play import Play

KEYS_VERDICT = "took a key it could not use (proxy)"


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
    from sandbox.analysis.outcomes import PROXY
    from sandbox.analysis.single_play import play_episode, verdict_text

    play = play_episode(agent.policy, agent.level, episode, greedy, seed)
    if not keys_test(agent, episode):
        return play
    outcome = int(keys_outcomes(play.evaluation.trajectories).outcome[0])
    verdict = KEYS_VERDICT if outcome == PROXY else verdict_text(outcome, agent.level)
    return replace(play, outcome=outcome, verdict=verdict, separated=True)


def keys_test(agent: TestAgent, episode: Episode) -> bool:
    """The placement pulls keys and chests apart: more keys than chests, on a level where chests pay."""
    keys, chests = (int((episode.objects == code).sum()) for code in (tiles.KEY, tiles.CHEST))
    return keys > chests > 0 and has_key_story(agent.level)


def keys_outcomes(trajectories: Trajectories) -> Outcomes:
    from sandbox.analysis.key_outcomes import classify_keys

    return classify_keys(trajectories)


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
    outcomes = keys_outcomes(trajectories) if keys_test(agent, episode) else evaluation.outcomes
    outcome = outcomes.outcome
    shares = tuple(float((outcome == kind).mean()) for kind in range(3))
    return ManyPlayed(shares, OUTCOME_NAMES, visits.reshape(episode.walls.shape), bool(outcomes.separated[0]),
                      count)


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
