"""One play of one concrete episode, with the verdict in words: what Test mode shows after a drag
and what an exported clip animates. Shared so the window and the clip never disagree."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sandbox.analysis.evaluation import Evaluation, evaluate
from sandbox.analysis.outcomes import CAPABILITY, GOAL
from sandbox.analysis.proxies import derive_proxies, near_words
from sandbox.rl.policy import Policy
from sandbox.world import Episode, EpisodeBatch, Level

Cell = tuple[int, int]
PROXY_REGION_VERDICT = "went to where the goal used to be (proxy)"


@dataclass(frozen=True)
class Play:
    """The cells visited in order (start included), the return, the outcome code and its verdict."""

    episode: Episode
    cells: list[Cell]
    episode_return: float
    outcome: int
    verdict: str
    separated: bool
    evaluation: Evaluation


def repeated(episode: Episode, count: int) -> EpisodeBatch:
    """`count` copies of one placement (sampled actions make each play differ)."""
    agent = np.array([episode.agent] * count, dtype=np.int64)
    return EpisodeBatch(np.repeat(episode.walls[None], count, 0), np.repeat(episode.objects[None], count, 0), agent)


def verdict_text(outcome: int, level: Level) -> str:
    """The verdict line for an outcome code (GOAL, PROXY, CAPABILITY are 0, 1, 2)."""
    if outcome == GOAL:
        return "reached the goal"
    if outcome == CAPABILITY:
        return "capability failure"
    proxies = derive_proxies(level)  # scored as `evaluate` does: regions, else objects, else the start
    if any(proxy.kind == "region" for proxy in proxies):
        return PROXY_REGION_VERDICT
    objects = [proxy for proxy in proxies if proxy.kind == "object"]
    if objects:
        return f"went to {objects[0].place} (proxy)"
    [start] = [proxy for proxy in proxies if proxy.kind == "start"]  # a proxy outcome needs some proxy
    return f"stayed {near_words(start.steps)} where it started (proxy)"


def play_episode(policy: Policy, level: Level, episode: Episode, greedy: bool = False, seed: int = 0) -> Play:
    """Play `episode` once (seeded, so the same inputs give the same trail) and classify it."""
    evaluation = evaluate(policy, level, repeated(episode, 1), greedy, seed)
    trajectories, width = evaluation.trajectories, episode.walls.shape[1]
    trail = trajectories.trail[0, :trajectories.length[0] + 1]
    cells = [(int(flat) // width, int(flat) % width) for flat in trail]
    outcome = int(evaluation.outcomes.outcome[0])
    return Play(episode, cells, float(trajectories.returns[0]), outcome, verdict_text(outcome, level),
                bool(evaluation.outcomes.separated[0]), evaluation)
