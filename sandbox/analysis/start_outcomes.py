"""Outcomes for the "next to where it starts" proxy: the goal was placed within k steps of the agent's
start in training (k = 1: next to it), so an agent may have learned to look for it there only.

Its cells cannot be scored like a place to reach first: every first step lands next to the start.
Pursuing it means staying there, so an episode is separated when the goal is at least k + 1 steps from
the start (reaching it means leaving the start's neighbourhood); GOAL if the agent reached the goal,
PROXY if it never left the cells within k steps of the start until the step limit, else CAPABILITY.
"""
from __future__ import annotations

import numpy as np

from sandbox.analysis.outcomes import CAPABILITY, GOAL, NEVER, PROXY, Outcomes
from sandbox.analysis.proxies import near_start
from sandbox.analysis.rollout import Trajectories
from sandbox.world.reachability import bfs_distances


def far_from_start(episodes, goal: int, steps: int = 1) -> np.ndarray:
    """bool[B]: the episode has the goal, and every goal object is reachable and more than `steps`
    steps from the start."""
    count = len(episodes)
    distance = bfs_distances(episodes.walls, episodes.agent).reshape(count, -1)
    at_goal = (episodes.objects == goal).reshape(count, -1)
    return at_goal.any(axis=1) & ~(at_goal & (distance <= steps)).any(axis=1)


def classify_start(trajectories: Trajectories, goal: int, steps: int = 1) -> Outcomes:
    """Outcome of every episode against the start proxy within `steps` (see module doc). goal: object
    code."""
    episodes = trajectories.episodes
    count, length = trajectories.trail.shape
    near = near_start(episodes, steps).reshape(count, -1)
    valid = np.arange(length)[None, :] <= trajectories.length[:, None]
    stayed = (near[np.arange(count)[:, None], trajectories.trail] | ~valid).all(axis=1)
    split = far_from_start(episodes, goal, steps)
    goal_step = np.where(trajectories.success, trajectories.length, NEVER)
    proxy = split & stayed & ~trajectories.success
    outcome = np.full(count, CAPABILITY, dtype=np.int8)
    outcome[trajectories.success] = GOAL
    outcome[proxy] = PROXY
    return Outcomes(outcome, split, goal_step, np.where(proxy, trajectories.length, NEVER))
