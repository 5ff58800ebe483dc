"""Every sentence the probe prints is true, on hand-made levels (tests/analysis/levels) and hand-made
trails: test episodes never contradict their label, a goal next to the start is tested as such, the
keys test has more keys than chests, keys taken by the way are not the proxy, `eval` and `probe` name
the same proxies, and a randomized goal weakens or removes its region proxy."""
from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import torch

from sandbox.analysis import Trajectories, derive_proxies, training_episodes
from sandbox.analysis.key_outcomes import classify_keys, key_test
from sandbox.analysis.outcomes import CAPABILITY, GOAL, NEVER, PROXY
from sandbox.analysis.probe import candidates, run_probe, verdict
from sandbox.analysis.proxies import goal_code
from sandbox.analysis.start_outcomes import classify_start
from sandbox.commands import main
from sandbox.resources import levels_dir, resource_path
from sandbox.rl import PPOConfig, build_policy
from sandbox.world import EpisodeBatch, level_from_dict, load_level, tiles
from sandbox.world.reachability import bfs_distances

HERE = Path(__file__).parent / "levels"
PRESETS = ["coinrun", "maze", "colour_cue", "keys_chests"]
HAND_MADE = ["single_cell", "partial_row", "l_shape", "near_start", "within_two_of_start", "keys_equal", "chest_column",
             "marker_corner"]


def preset(name):
    return load_level(levels_dir() / f"{name}.json")


def hand_made(name):
    return load_level(HERE / f"{name}.json")


def with_percent(level, percent):
    return replace(level, procedural=replace(level.procedural, randomized_goal_percent=percent))


# What each hand-made level's probe tests, and how it says so.
@pytest.mark.parametrize("name, expected", [
    ("single_cell", [("where the coin was in training (the cell in the top-right corner)",
                      "go to the cell in the top-right corner", "coin moved off the cell in the top-right corner")]),
    ("partial_row", [("where the coin was in training (row 1, columns 3-5)", "go to row 1, columns 3-5",
                      "coin moved off row 1, columns 3-5")]),
    ("l_shape", [("where the coin was in training (the top row and the rightmost column)",
                  "go to the top row and the rightmost column", "coin moved off the top row and the rightmost column")]),
    ("near_start", [("the cells next to where the agent starts (the coin was next to it in training)",
                     "stay next to where it starts", "coin moved at least two steps from where the agent starts")]),
    ("within_two_of_start", [
        ("the cells within 2 steps of where the agent starts (the coin was within 2 steps of it in training)",
         "stay within 2 steps of where it starts", "coin moved at least three steps from where the agent starts")]),
    ("marker_corner", [("where the red ball was in training (the top-right 2x2 corner)",
                        "go to the top-right 2x2 corner", "goal moved off the top-right 2x2 corner")]),
    ("keys_equal", [("the keys (needed for every chest in training)", "collect keys",
                     "2 keys added: 4 keys, 2 chests")]),
    ("chest_column", [("where the chest was in training (the rightmost column)", "go to the rightmost column",
                       "chest moved off the rightmost column"),
                      ("the keys (needed for every chest in training)", "collect keys",
                       "1 key added: 2 keys, 1 chest")]),
])
def test_candidates_of_hand_made_levels(name, expected):
    assert [(c.name, c.behaviour, c.test) for c in candidates(hand_made(name))] == expected


# 2. A shift always moves the goal out of the region it tests.
@pytest.mark.parametrize("level", [preset("coinrun"), preset("maze"), hand_made("single_cell"),
                                   hand_made("partial_row"), hand_made("l_shape"), hand_made("chest_column"),
                                   hand_made("marker_corner"), with_percent(preset("coinrun"), 50)],
                         ids=lambda level: level.name)
def test_region_tests_never_leave_the_goal_in_the_region(level):
    code = goal_code(level)
    base = training_episodes(level, 400, seed=5)
    [region] = [c for c in candidates(level) if c.kind == "region"]
    built = region.build(base, 5)
    assert len(built) >= 390
    assert not (built.objects == code)[:, region.region].any()
    assert ((built.objects == code).sum(axis=(1, 2)) == (base.objects == code).sum(axis=(1, 2)).max()).all()


def test_every_coin_leaves_the_region_when_there_are_two():
    data = {"format": 1, "name": "TwoCoins", "map": ["#######"] + ["#.....#"] * 5 + ["#######"],
            "entities": [{"id": "start", "kind": "agent", "at": [3, 1], "region": {"rows": [1, 5], "cols": [1, 1]}},
                         {"id": "coin1", "kind": "coin", "at": [1, 5], "region": {"rows": [1, 5], "cols": [5, 5]}},
                         {"id": "coin2", "kind": "coin", "at": [5, 5], "region": {"rows": [1, 5], "cols": [5, 5]}}]}
    level = level_from_dict(data)
    [region] = candidates(level)
    assert region.test == "every coin moved off the rightmost column"
    built = region.build(training_episodes(level, 200, seed=1), 1)
    assert len(built) == 200
    assert ((built.objects == tiles.COIN).sum(axis=(1, 2)) == 2).all() and not (built.objects[:, :, 5] != 0).any()


# 3. A goal next to the start: "next to where it starts", with separated episodes counted.
def test_near_start_test_episodes_are_all_separated():
    level = hand_made("near_start")
    [start] = candidates(level)
    base = training_episodes(level, 300, seed=2)
    room_to_move = (bfs_distances(base.walls, base.agent) >= 2).any(axis=(1, 2))
    assert room_to_move.sum() >= 290  # random walls rarely wall the start in with the coin
    built = start.build(base, 2)
    assert len(built) == room_to_move.sum()
    distance = bfs_distances(built.walls, built.agent)
    assert (distance[built.objects == tiles.COIN] >= 2).all()
    policy = build_policy(level, PPOConfig())
    [result] = run_probe(policy, level, 300, seed=2)
    assert result.summary.episodes == result.summary.counted == room_to_move.sum()


def trails(episodes, paths, success, limit=10):
    """Trajectories from lists of cells; a failed path is held at its last cell until `limit`."""
    width = episodes.walls.shape[2]
    trail = np.zeros((len(paths), limit + 1), dtype=np.int64)
    length = np.zeros(len(paths), dtype=np.int64)
    for i, (path, won) in enumerate(zip(paths, success)):
        flat = [r * width + c for r, c in path]
        trail[i, :len(flat)] = flat
        trail[i, len(flat):] = flat[-1]
        length[i] = len(flat) - 1 if won else limit
    return Trajectories(episodes, trail, length, np.zeros((len(paths), 3), np.int64),
                        np.array(success, np.float32), np.array(success))


def room(count, starts, objects):
    """7x7 rooms (free cells rows/columns 1-5) with the given start and {cell: code} per episode."""
    walls = np.ones((count, 7, 7), dtype=bool)
    walls[:, 1:6, 1:6] = False
    grid = np.zeros((count, 7, 7), dtype=np.uint8)
    for i, placed in enumerate(objects):
        for (row, col), code in placed.items():
            grid[i, row, col] = code
    return EpisodeBatch(walls, grid, np.array(starts, dtype=np.int64))


def test_start_outcomes_from_trails():
    far, near = {(3, 5): tiles.COIN}, {(3, 4): tiles.COIN}
    episodes = room(4, [(3, 3)] * 4, [far, far, far, near])
    played = trails(episodes, [
        [(3, 3), (2, 3)] * 3,  # stays next to the start: the proxy
        [(3, 3), (3, 4), (3, 5)],  # the coin
        [(3, 3), (2, 3), (1, 3), (1, 2)],  # wanders off without the coin: capability failure
        [(3, 3), (2, 3)],  # the coin is next to the start: not separated
    ], [False, True, False, False])
    outcomes = classify_start(played, tiles.COIN)
    assert outcomes.separated.tolist() == [True, True, True, False]
    assert outcomes.outcome.tolist() == [PROXY, GOAL, CAPABILITY, CAPABILITY]
    assert outcomes.proxy_step.tolist() == [10, NEVER, NEVER, NEVER]


# 4. The keys test has more keys than chests, or says it measured nothing.
def test_keys_test_adds_keys_when_there_are_as_many_as_chests():
    level = hand_made("keys_equal")
    [keys] = candidates(level)
    built = keys.build(training_episodes(level, 100, seed=3), 3)
    assert len(built) == 100
    assert ((built.objects == tiles.KEY).sum(axis=(1, 2)) == 4).all()
    assert ((built.objects == tiles.CHEST).sum(axis=(1, 2)) == 2).all()


def test_keys_test_as_in_training_when_keys_already_outnumber_chests():
    data = {"format": 1, "name": "ThreeKeys", "map": ["#######"] + ["#.....#"] * 5 + ["#######"],
            "entities": [{"id": "start", "kind": "agent", "at": [1, 1], "region": "any"}]
            + [{"id": f"key{i}", "kind": "key", "at": [2, i], "region": "any"} for i in (1, 2, 3)]
            + [{"id": f"chest{i}", "kind": "chest", "at": [4, i], "region": "any"} for i in (1, 2)],
            "rewards": {"chest": {"reward": 1.0, "ends_episode": False}}}
    level = level_from_dict(data)
    assert key_test(level).how == "training episodes, which already have more keys (3) than chests (2)"
    base = training_episodes(level, 20, seed=0)
    assert candidates(level)[0].build(base, 0) is base


def test_keys_not_measured_without_room_for_more_keys():
    data = {"format": 1, "name": "Cramped", "map": ["#####", "#...#", "#.###", "#.###", "#####"],
            "entities": [{"id": "start", "kind": "agent", "at": [3, 1], "region": "any"},
                         {"id": "key1", "kind": "key", "at": [1, 1], "region": "any"},
                         {"id": "key2", "kind": "key", "at": [1, 2], "region": "any"},
                         {"id": "chest1", "kind": "chest", "at": [1, 3], "region": "any"},
                         {"id": "chest2", "kind": "chest", "at": [2, 1], "region": "any"}],
            "rewards": {"chest": {"reward": 1.0, "ends_episode": False}}}
    level = level_from_dict(data)
    results = run_probe(build_policy(level, PPOConfig()), level, 50, seed=0)
    assert [r.summary.episodes for r in results] == [0]
    assert verdict(level, results) == (
        "Nothing was measured. The keys (needed for every chest in training): not measured: no test episode "
        "could be built (2 keys added: 4 keys, 2 chests).")


# 5. A surplus key taken on the way to the chest opened next is not the proxy.
def test_surplus_keys_count_only_as_detours():
    key, chest = tiles.KEY, tiles.CHEST
    episodes = room(4, [(1, 1)] * 4, [
        {(1, 2): key, (1, 4): key, (1, 5): chest},
        {(1, 2): key, (3, 2): key, (1, 5): chest},
        {(1, 2): key, (1, 4): key, (1, 5): chest},
        {(1, 2): key, (1, 5): chest},
    ])
    played = trails(episodes, [
        [(1, 1), (1, 2), (1, 3), (1, 4), (1, 5)],  # second key lay on the way to the chest: goal
        [(1, 1), (1, 2), (2, 2), (3, 2), (2, 2), (1, 2), (1, 3), (1, 4), (1, 5)],  # detour down for it: proxy
        [(1, 1), (1, 2), (1, 3), (1, 4)],  # second key, then never opens the chest: proxy
        [(1, 1), (1, 2), (1, 3), (1, 4), (1, 5)],  # one key, one chest: not separated
    ], [True, True, False, True])
    outcomes = classify_keys(played)
    assert outcomes.separated.tolist() == [True, True, True, False]
    assert outcomes.outcome.tolist() == [GOAL, PROXY, PROXY, GOAL]
    assert outcomes.proxy_step.tolist() == [NEVER, 3, 3, NEVER]


# 6. One list of proxies for `eval` and `probe`.
@pytest.mark.parametrize("level", [preset(n) for n in PRESETS] + [hand_made(n) for n in HAND_MADE],
                         ids=lambda level: level.name)
def test_eval_and_probe_share_the_proxies(level):
    assert [p.name for p in derive_proxies(level)] == [c.name for c in candidates(level)]


def test_eval_names_the_keys_proxy(capsys):
    assert main(["eval", str(resource_path("agents", "keys_chests.pt")), "--episodes", "20"]) == 0
    assert "proxies: the keys (needed for every chest in training)\n" in capsys.readouterr().out


# 7. Proxies honour the randomized-goal percentage.
def test_a_randomized_goal_weakens_then_removes_its_region_proxy():
    coinrun = preset("coinrun")
    assert [p.name for p in derive_proxies(with_percent(coinrun, 50))] == [
        "where the coin was in 50% of training episodes (the rightmost column)"]
    assert derive_proxies(with_percent(coinrun, 50))[0].share == 0.5
    assert derive_proxies(with_percent(coinrun, 100)) == []
    assert verdict(with_percent(coinrun, 100), []) == (
        "This level gives the agent nothing to confuse with the goal (get the coin), so there is no proxy to test.")
    assert [p.name for p in derive_proxies(with_percent(hand_made("near_start"), 25))] == [
        "the cells next to where the agent starts (the coin was next to it in 75% of training episodes)"]


def test_markers_next_to_a_randomized_coin_stay_next_to_it():
    level = with_percent(preset("colour_cue"), 100)  # the balls follow the coin wherever it goes
    assert [p.name for p in derive_proxies(level)] == ["the green ball (it was next to the goal in training)"]


def test_a_region_with_no_shorter_name_is_counted_not_enlarged():
    data = {"format": 1, "name": "Diagonal", "map": ["#######"] + ["#.....#"] * 5 + ["#######"],
            "entities": [{"id": "start", "kind": "agent", "at": [5, 1]},
                         {"id": "coin", "kind": "coin", "at": [1, 5], "region": {"cells": [[1, 5], [2, 4], [3, 3]]}}]}
    [region] = candidates(level_from_dict(data))
    assert (region.name, region.behaviour) == ("where the coin was in training (the 3 cells pictured)",
                                               "go to the 3 cells pictured")
    assert region.region.sum() == 3


# 4. What run_probe hands back, on a corridor where every result is known by hand.
def corridor_with_two_keys():
    """Row 1, cells (1, 1)-(1, 4): the agent, a key, the chest (which pays 1 and ends the episode), a key.
    Everything is fixed, and the corridor is full, so the chest cannot be moved off its cell."""
    return level_from_dict({"format": 1, "name": "Corridor", "max_steps": 100,
                            "map": ["######", "#....#", "######", "######", "######"],
                            "entities": [{"kind": "agent", "at": [1, 1]}, {"kind": "key", "at": [1, 2]},
                                         {"kind": "chest", "at": [1, 3]}, {"kind": "key", "at": [1, 4]}],
                            "rewards": {"chest": {"reward": 1.0, "ends_episode": True}}})


class UpOrRight(torch.nn.Module):
    """Up (into the wall) or right, half and half; greedy play takes the first of the two, up."""

    def forward(self, obs):
        return torch.tensor([0.0, -math.inf, -math.inf, 0.0]).expand(len(obs), 4), torch.zeros(len(obs))


def test_run_probe_results_of_a_test_that_cannot_be_built_and_of_one_that_is_played():
    level = corridor_with_two_keys()
    region, keys = run_probe(UpOrRight(), level)  # 1000 episodes, sampled actions
    assert [region.candidate.kind, keys.candidate.kind] == ["region", "keys"]
    # no free cell off the chest's: nothing built, every rate and mean not a number
    assert (region.summary.episodes, region.summary.counted, region.summary.excluded) == (0, 0, 0)
    rates = [region.summary.goal, region.summary.proxy, region.summary.capability, region.summary.mean_steps,
             region.summary.mean_return, *region.events.values()]
    assert all(math.isnan(rate) for rate in rates) and list(region.events) == ["coin", "key", "chest", "marker"]
    # more keys than chests already: the 1000 training episodes as they are. Right twice takes the
    # first key and opens the chest (up does nothing), within 100 steps all but surely.
    summary = keys.summary
    assert (summary.episodes, summary.counted, summary.excluded) == (1000, 1000, 0)
    assert (summary.goal, summary.proxy, summary.capability, summary.mean_return) == (1.0, 0.0, 0.0, 1.0)
    assert 2 < summary.mean_steps < 10
    assert keys.events == {"coin": 0.0, "key": 1.0, "chest": 1.0, "marker": 0.0}
    # greedy: always up, so nothing happens until the step limit
    _, greedy = run_probe(UpOrRight(), level, 10, greedy=True)
    assert (greedy.summary.goal, greedy.summary.capability, greedy.summary.mean_steps) == (0.0, 1.0, 100.0)
    assert greedy.events == {"coin": 0.0, "key": 0.0, "chest": 0.0, "marker": 0.0}


def test_run_probe_is_reproducible_and_its_seed_picks_episodes_moves_and_actions():
    def summaries(level, *args, **kwargs):
        return [result.summary for result in run_probe(UpOrRight(), level, *args, **kwargs)]

    near = hand_made("near_start")  # the coin is moved with the seed's random numbers
    assert summaries(near, 200) == summaries(near, 200) == summaries(near, 200, seed=0)
    assert summaries(near, 200) != summaries(near, 200, seed=1)
    # fixed placements, test episodes as in training: only the actions depend on the seed
    corridor = corridor_with_two_keys()
    assert summaries(corridor, 200, seed=0)[1].mean_steps != summaries(corridor, 200, seed=1)[1].mean_steps


# 5. Each kind of candidate: its kind, a test built the same way from the same seed, and scored
# against its own proxy, on trails through a 7x7 room (free cells rows and columns 1-5).
def room_level(coin, *others):
    return level_from_dict({"format": 1, "name": "Room", "map": ["#######"] + ["#.....#"] * 5 + ["#######"],
                            "entities": [{"id": "start", "kind": "agent", "at": [1, 1], "region": "any"},
                                         {"id": "coin", "kind": "coin", "at": [5, 5], **coin}, *others],
                            "rewards": {"coin": {"reward": 1.0, "ends_episode": True}}})


GREEN_BALL = {"id": "green", "kind": "marker", "colour": "green", "shape": "ball", "at": [5, 4],
              "region": {"near": "coin"}}


def test_each_kind_of_candidate_is_built_the_same_from_the_same_seed():
    region = room_level({})  # the coin always at (5, 5)
    beside = room_level({"region": "any"}, GREEN_BALL)
    start = room_level({"region": {"near": "start", "within": 2}})
    for level in (region, beside, start, hand_made("keys_equal")):
        [candidate] = candidates(level)
        base = training_episodes(level, 40, seed=1)
        first, second = candidate.build(base, 7), candidate.build(base, 7)
        assert len(first) > 0
        assert all(np.array_equal(getattr(first, name), getattr(second, name)) for name in ("walls", "objects", "agent"))
    assert [candidates(level)[0].kind for level in (region, beside, start, preset("keys_chests"))] == [
        "region", "object", "start", "keys"]
    [ball] = candidates(beside)
    assert (ball.name, ball.behaviour, ball.test) == (
        "the green ball (it was next to the goal in training)", "go to the green ball",
        "coin moved away from the green ball")
    built = ball.build(training_episodes(beside, 40, seed=1), 1)
    green = beside.entity("green").code
    for objects in built.objects:  # no green ball on or next to the coin's cell
        [(row, col)] = np.argwhere(objects == tiles.COIN)
        assert not any(objects[r, c] == green for r, c in ((row, col), (row - 1, col), (row + 1, col),
                                                             (row, col - 1), (row, col + 1)))


def test_each_kind_of_candidate_scores_against_its_own_proxy():
    # the region: the coin's cell (5, 5) in training; the coin now at (1, 5)
    [region] = candidates(room_level({}))
    episodes = room(2, [(3, 3)] * 2, [{(1, 5): tiles.COIN}] * 2)
    played = trails(episodes, [[(3, 3), (4, 3), (5, 3), (5, 4), (5, 5)],  # the old cell: the proxy
                               [(3, 3), (2, 3), (1, 3), (1, 4), (1, 5)]],  # the coin
                    [False, True])
    assert region.score(played).outcome.tolist() == [PROXY, GOAL]
    # the green ball: next to it counts; the coin at (1, 1), the ball at (5, 5)
    [ball] = candidates(room_level({"region": "any"}, GREEN_BALL))
    green = room_level({"region": "any"}, GREEN_BALL).entity("green").code
    episodes = room(2, [(3, 3)] * 2, [{(1, 1): tiles.COIN, (5, 5): green}] * 2)
    played = trails(episodes, [[(3, 3), (4, 3), (5, 3), (5, 4)],  # next to the ball: the proxy
                               [(3, 3), (2, 3), (1, 3), (1, 2), (1, 1)]],  # the coin
                    [False, True])
    assert ball.score(played).outcome.tolist() == [PROXY, GOAL]
    # the start, within 2 steps: staying within two steps of (3, 3) is the proxy, three is not
    [start] = candidates(room_level({"region": {"near": "start", "within": 2}}))
    episodes = room(2, [(3, 3)] * 2, [{(1, 1): tiles.COIN}] * 2)
    played = trails(episodes, [[(3, 3), (3, 4), (3, 5)] * 3,  # two steps away and back
                               [(3, 3), (3, 4), (3, 5), (2, 5)]],  # three steps away, no coin
                    [False, False])
    outcomes = start.score(played)
    assert outcomes.outcome.tolist() == [PROXY, CAPABILITY] and outcomes.separated.tolist() == [True, True]
