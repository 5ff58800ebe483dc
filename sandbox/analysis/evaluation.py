"""One call from a policy and a set of test episodes to per-episode outcomes and their summary."""
from __future__ import annotations

from dataclasses import dataclass

from sandbox.analysis.outcomes import Outcomes, Summary, classify, summarize
from sandbox.analysis.proxies import PLACE_KINDS, derive_proxies, goal_code, proxy_cells
from sandbox.analysis.rollout import Trajectories, rollout
from sandbox.analysis.start_outcomes import classify_start
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
    outcomes = classify_places(trajectories, level)
    return Evaluation(trajectories, outcomes, summarize(trajectories, outcomes, count_all=in_distribution))


def classify_places(trajectories: Trajectories, level: Level) -> Outcomes:
    """Outcomes against the level's proxies that are places: reached first for the region and object
    proxies; when "next to where it starts" is the only one, stayed there (see `start_outcomes`).
    The keys proxy is not a place: the probe tests it on episodes with more keys than chests."""
    proxies = derive_proxies(level)
    places = [p for p in proxies if p.kind in PLACE_KINDS and p.kind != "start"]
    start = next((p for p in proxies if p.kind == "start"), None)
    if not places and start is not None:
        return classify_start(trajectories, goal_code(level), start.steps)
    return classify(trajectories, goal_code(level), proxy_cells(places, trajectories.episodes))
