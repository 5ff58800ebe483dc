"""One call from a policy and a set of test episodes to per-episode outcomes and their summary."""
from __future__ import annotations

from dataclasses import dataclass

from sandbox.analysis.outcomes import Outcomes, Summary, classify, summarize
from sandbox.analysis.proxies import derive_proxies, goal_code, proxy_cells
from sandbox.analysis.rollout import Trajectories, rollout
from sandbox.rl.policy import Policy
from sandbox.world import EpisodeBatch, Level


@dataclass
class Evaluation:
    """What playing a set of episodes showed: trajectories, per-episode outcomes, summary."""

    trajectories: Trajectories
    outcomes: Outcomes
    summary: Summary


def evaluate(policy: Policy, level: Level, episodes: EpisodeBatch, greedy: bool = False, seed: int = 0,
             in_distribution: bool = False) -> Evaluation:
    """Play `episodes` and classify them against the proxies derived from `level` (the training level).

    `in_distribution` counts every episode in the rates (see `summarize`).
    """
    trajectories = rollout(policy, level, episodes, greedy, seed)
    outcomes = classify(trajectories, goal_code(level), proxy_cells(derive_proxies(level), episodes))
    return Evaluation(trajectories, outcomes, summarize(trajectories, outcomes, count_all=in_distribution))
