"""Which proxies `classify_places` scores: the places (region, object) first reached, not the cells
next to the start, unless that is the only proxy, which is then scored as staying there. Hand-made
7x7 rooms (free rows and columns 1-5) and trails, start (5, 1), coin (1, 1)."""
from __future__ import annotations

import numpy as np

from sandbox.analysis.evaluation import classify_places
from sandbox.analysis.outcomes import CAPABILITY, GOAL, NEVER, PROXY
from sandbox.analysis.rollout import Trajectories
from sandbox.world import EpisodeBatch, level_from_dict, tiles

ROOM = ["#######"] + ["#.....#"] * 5 + ["#######"]
MAX_STEPS = 8
REGION = {"cells": [[1, 5], [2, 5], [3, 5]]}


def level(coin_region, start_region):
    return level_from_dict({"format": 1, "name": "Room", "map": ROOM,
                            "entities": [{"id": "coin", "kind": "coin", "at": [1, 5], "region": coin_region},
                                         {"id": "start", "kind": "agent", "at": [1, 4], "region": start_region}]})


def trajectories(paths, success):
    """Episodes with the coin at (1, 1); each trail held at its last cell up to the step limit."""
    count = len(paths)
    walls = np.ones((count, 7, 7), dtype=bool)
    walls[:, 1:6, 1:6] = False
    objects = np.zeros(walls.shape, dtype=np.uint8)
    objects[:, 1, 1] = tiles.COIN
    trail = np.zeros((count, MAX_STEPS + 1), dtype=np.int64)
    length = np.zeros(count, dtype=np.int64)
    for i, (path, won) in enumerate(zip(paths, success)):
        flat = [r * 7 + c for r, c in path]
        trail[i, :len(flat)], trail[i, len(flat):] = flat, flat[-1]
        length[i] = len(flat) - 1 if won else MAX_STEPS
    events = np.zeros((count, 3), dtype=np.int64)
    events[:, 0] = success
    return Trajectories(EpisodeBatch(walls, objects, np.tile([5, 1], (count, 1))), trail, length, events,
                        np.array(success, dtype=np.float32), np.array(success))


TO_REGION = [(5, 1), (5, 2), (5, 3), (5, 4), (5, 5), (4, 5), (3, 5)]
NEAR_START = [(5, 1), (4, 1), (5, 1), (5, 2)]
TO_COIN = [(5, 1), (4, 1), (3, 1), (2, 1), (1, 1)]


def test_beside_a_region_the_start_proxy_is_not_scored():
    """Staying by the start is a capability failure here: only the region counts."""
    played = trajectories([TO_REGION, NEAR_START, TO_COIN], [False, False, True])
    outcomes = classify_places(played, level(REGION, {"near": "coin"}))
    assert outcomes.outcome.tolist() == [PROXY, CAPABILITY, GOAL]
    assert outcomes.separated.tolist() == [True, True, True]
    assert outcomes.proxy_step.tolist() == [6, NEVER, NEVER]


def test_alone_the_start_proxy_is_scored_as_staying_there():
    played = trajectories([TO_REGION, NEAR_START, TO_COIN], [False, False, True])
    outcomes = classify_places(played, level("any", {"near": "coin"}))
    assert outcomes.outcome.tolist() == [CAPABILITY, PROXY, GOAL]
    assert outcomes.proxy_step.tolist() == [NEVER, MAX_STEPS, NEVER]
