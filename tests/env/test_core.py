"""The batched core: movement, events, rewards, termination, trails, and incremental observations."""
from __future__ import annotations

import numpy as np
import pytest

from sandbox.env import observation as planes
from sandbox.env.core import GridCore
from sandbox.world import Episode, level_from_dict, load_level, tiles
from tests.conftest import SHIPPED, open_room

UP, DOWN, LEFT, RIGHT = range(4)


def heist_level():
    data = open_room(7, max_steps=20, rewards={"chest": {"reward": 1.0, "ends_episode": False},
                                              "key": {"reward": 0.1, "ends_episode": False}})
    data["entities"] = [{"kind": "agent", "at": [1, 1]}, {"kind": "chest", "at": [1, 2]},
                        {"kind": "key", "at": [1, 3]}, {"kind": "chest", "at": [1, 4]},
                        {"kind": "coin", "at": [5, 5]}]
    return level_from_dict(data)


def run(core, actions, autoreset=False):
    return [core.step(np.array([a]), autoreset=autoreset) for a in actions]


def test_moves_are_blocked_by_walls_and_the_coin_ends_the_episode(room_level):
    core = GridCore(room_level, 1)
    core.fix_episode(room_level.default_episode())
    core.reset()
    results = run(core, [UP, LEFT, RIGHT, RIGHT, RIGHT, RIGHT, DOWN, DOWN, DOWN, DOWN])
    assert [r.reward[0] for r in results] == [0] * 9 + [1.0]
    assert [bool(r.terminated[0]) for r in results] == [False] * 9 + [True]
    assert tuple(core.agent_cells()[0]) == (5, 5)
    cells = [tuple(divmod(int(p), 7)) for p in core.trail[0, :core.steps[0] + 1]]
    assert cells[:4] == [(1, 1), (1, 1), (1, 1), (1, 2)] and cells[-1] == (5, 5)
    assert core.done[0] and core.events[0].tolist() == [1, 0, 0, 0]
    frozen = run(core, [UP])[0]
    assert frozen.reward[0] == 0 and not frozen.terminated[0] and tuple(core.agent_cells()[0]) == (5, 5)


def test_keys_open_chests_and_rewards_follow_the_table():
    level = heist_level()
    core = GridCore(level, 1)
    core.fix_episode(level.default_episode())
    core.reset()
    results = run(core, [RIGHT, RIGHT, LEFT])
    # chest without key: nothing; key: +0.1 and inventory 1; back onto the chest: +1 and the key is used
    assert [round(float(r.reward[0]), 3) for r in results] == [0.0, 0.1, 1.0]
    assert core.inventory[0] == 0 and core.events[0].tolist() == [0, 1, 1, 0]
    assert core.objects[0].reshape(7, 7)[1, 4] == tiles.CHEST and core.objects[0].reshape(7, 7)[1, 2] == 0
    # one chest is left but no key: nothing more can be earned, so the episode is over (a success)
    assert [bool(r.terminated[0]) for r in results] == [False, False, True]


def test_a_chest_without_key_stays_shut_and_play_goes_on_while_keys_remain():
    level = heist_level()
    episode = level.default_episode()
    episode.objects[3, 3] = tiles.KEY
    core = GridCore(level, 1)
    core.fix_episode(episode)
    core.reset()
    results = run(core, [RIGHT, RIGHT, LEFT, RIGHT, RIGHT])
    assert [round(float(r.reward[0]), 3) for r in results] == [0.0, 0.1, 1.0, 0.0, 0.0]
    assert not any(r.terminated[0] for r in results) and core.events[0].tolist() == [0, 1, 1, 0]
    assert core.objects[0].reshape(7, 7)[1, 4] == tiles.CHEST  # no key held: the second chest stays shut


def test_episode_ends_when_nothing_rewarding_is_left():
    data = open_room(7, rewards={"key": {"reward": 1.0, "ends_episode": False}})
    data["entities"] = [{"kind": "agent", "at": [1, 1]}, {"kind": "key", "at": [1, 2]}]
    level = level_from_dict(data)
    core = GridCore(level, 1)
    core.reset()
    result = run(core, [RIGHT])[0]
    assert result.terminated[0] and result.reward[0] == 1.0
    assert core.grid_obs[0, planes.INVENTORY].min() == 1


def test_truncation_at_the_step_limit(room_level):
    core = GridCore(room_level, 1)
    core.reset()
    results = run(core, [UP] * room_level.max_steps)
    assert [bool(r.truncated[0]) for r in results] == [False] * (room_level.max_steps - 1) + [True]
    assert not any(r.terminated[0] for r in results)
    assert results[-1].final_length.tolist() == [room_level.max_steps]


def test_autoreset_starts_the_next_episode_and_reports_the_finished_one(room_level):
    core = GridCore(room_level, 2)
    core.seed(np.array([5, 6]))
    core.reset()
    actions = [RIGHT] * 4 + [DOWN] * 4
    for action in actions[:-1]:
        core.step(np.array([action, UP]))
    result = core.step(np.array([actions[-1], UP]))
    assert result.terminated.tolist() == [True, False]
    assert result.final_return.tolist() == [1.0] and result.final_length.tolist() == [8]
    assert tuple(core.agent_cells()[0]) == (1, 1) and core.steps[0] == 0 and not core.done[0]


def _observations_from_scratch(core):
    walls = core.walls.astype(bool)
    return planes.build_observations(walls, core.objects, core.pos, core.inventory)


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_incremental_observations_equal_a_rebuild_after_random_play(path):
    level = load_level(path)
    core = GridCore(level, 32)
    core.seed(np.arange(32))
    core.reset()
    rng = np.random.default_rng(0)
    for _ in range(300):
        core.step(rng.integers(0, 4, 32))
        assert np.array_equal(core.obs, _observations_from_scratch(core))


def test_observation_planes_show_every_object(room_level):
    data = open_room(7)
    data["entities"] += [{"kind": "marker", "colour": "purple", "shape": "gem", "at": [3, 3]},
                         {"kind": "key", "at": [2, 2]}]
    level = level_from_dict(data)
    core = GridCore(level, 1)
    obs = core.reset()[0]
    assert obs.shape == (planes.NUM_PLANES, 7, 7) and obs.dtype == np.uint8
    name = dict(zip(planes.PLANE_NAMES, obs))
    assert name["agent"][1, 1] == 1 and name["agent"].sum() == 1
    assert name["coin"][5, 5] == 1 and name["key"][2, 2] == 1
    assert name["marker_purple"][3, 3] == 1 and name["shape_gem"][3, 3] == 1 and name["marker_green"].sum() == 0
    assert name["wall"].sum() == 24 and name["inventory"].sum() == 0


def test_fixed_episode_is_played_on_every_reset(room_level):
    episode = Episode(room_level.walls.copy(), np.zeros((7, 7), np.uint8), (3, 3))
    episode.objects[1, 5] = tiles.COIN
    core = GridCore(room_level, 3)
    core.fix_episode(episode)
    core.reset()
    assert (core.agent_cells() == [3, 3]).all()
    with pytest.raises(ValueError, match="9x9"):
        core.fix_episode(Episode(np.zeros((9, 9), bool), np.zeros((9, 9), np.uint8), (1, 1)))


def test_start_plays_the_given_episodes_one_per_env(shipped_level):
    from sandbox.world import sample_episodes

    batch = sample_episodes(shipped_level, 4, 16)
    core = GridCore(shipped_level, 16)
    obs = core.start(batch)
    assert (core.agent_cells() == batch.agent).all()
    assert np.array_equal(core.objects.reshape(batch.objects.shape), batch.objects)
    assert np.array_equal(obs[:, planes.WALL].astype(bool), batch.walls)
    assert np.array_equal(core.obs, _observations_from_scratch(core))
