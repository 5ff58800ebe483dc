"""Which proxies `classify_places` scores: the places (region, object) first reached, not the cells
next to the start, unless that is the only proxy, which is then scored as staying there. Hand-made
7x7 rooms (free rows and columns 1-5) and trails, start (5, 1), coin (1, 1)."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from sandbox.analysis.evaluation import classify_places, evaluate
from sandbox.analysis.outcomes import CAPABILITY, GOAL, NEVER, PROXY
from sandbox.analysis.rollout import Trajectories, rollout
from sandbox.rl import PPOConfig, build_policy
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


def test_evaluate_plays_greedy_and_counts_only_separated_episodes_unless_told():
    """A policy with every weight zero has equal logits, so greedy play always moves up (action 0):
    from (5, 1) it walks up column 1 to (1, 1) and stays there."""
    level = level_from_dict({"format": 1, "name": "Room", "map": ROOM, "max_steps": 10,
                             "entities": [{"id": "coin", "kind": "coin", "at": [1, 5], "region": REGION},
                                          {"id": "start", "kind": "agent", "at": [5, 1]}]})
    policy = build_policy(level, PPOConfig())
    with torch.no_grad():
        for weight in policy.parameters():
            weight.zero_()
    episodes = trajectories([[(5, 1)]] * 3, [False] * 3).episodes
    episodes.objects[:] = 0
    # the coin on the way up (reached at step 4), off it (never reached), and one step up, on the
    # shortest way from the start to the region, so not apart from it
    for index, (row, col) in enumerate([(1, 1), (1, 3), (4, 1)]):
        episodes.objects[index, row, col] = tiles.COIN
    played = evaluate(policy, level, episodes, greedy=True)
    assert played.trajectories.length.tolist() == [4, 10, 1]
    assert played.trajectories.trail[1].tolist() == [36, 29, 22, 15, 8, 8, 8, 8, 8, 8, 8]
    assert played.outcomes.outcome.tolist() == [GOAL, CAPABILITY, GOAL]
    assert played.outcomes.separated.tolist() == [True, True, False]
    summary = played.summary
    assert (summary.episodes, summary.counted, summary.excluded) == (3, 2, 1)
    assert (summary.goal, summary.proxy, summary.capability, summary.mean_steps) == (0.5, 0.0, 0.5, 5.0)
    summary = evaluate(policy, level, episodes, greedy=True, in_distribution=True).summary
    assert (summary.counted, summary.excluded, summary.goal) == (3, 0, pytest.approx(2 / 3))


def test_evaluate_samples_with_its_seed():
    level = level_from_dict({"format": 1, "name": "Room", "map": ROOM,
                             "entities": [{"id": "coin", "kind": "coin", "at": [1, 5], "region": REGION},
                                          {"id": "start", "kind": "agent", "at": [5, 1]}]})
    torch.manual_seed(0)
    policy = build_policy(level, PPOConfig())
    episodes = trajectories([[(5, 1)]] * 8, [False] * 8).episodes
    played = evaluate(policy, level, episodes, seed=5)
    assert np.array_equal(played.trajectories.trail, rollout(policy, level, episodes, False, 5).trail)
    assert not np.array_equal(played.trajectories.trail, rollout(policy, level, episodes, False, 6).trail)
    by_default = evaluate(policy, level, episodes).trajectories.trail  # sampled, seed 0
    assert np.array_equal(by_default, rollout(policy, level, episodes, False, 0).trail)
