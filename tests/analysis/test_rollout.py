"""Rollouts record consistent trajectories; shifts move the right entity to the right area."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from sandbox.analysis import apply_shift, parse_shift, rollout, training_episodes
from sandbox.resources import levels_dir
from sandbox.rl import PPOConfig, build_policy
from sandbox.world import load_level, tiles


def test_rollout_trails_start_at_the_agent_and_success_means_the_coin():
    level = load_level(levels_dir() / "coinrun.json")
    torch.manual_seed(0)
    episodes = training_episodes(level, 64, seed=0)
    trajs = rollout(build_policy(level, PPOConfig()), level, episodes, seed=1)
    width = level.shape[1]
    assert (trajs.trail[:, 0] == episodes.agent[:, 0] * width + episodes.agent[:, 1]).all()
    assert (trajs.length <= level.max_steps).all()
    assert (trajs.success == (trajs.events[:, 0] == 1)).all()
    assert (trajs.returns == trajs.success).all()
    end = trajs.trail[np.arange(64), trajs.length][trajs.success]
    assert (episodes.objects.reshape(64, -1)[np.nonzero(trajs.success)[0], end] == tiles.COIN).all()
    torch.manual_seed(0)
    same = rollout(build_policy(level, PPOConfig()), level, episodes, seed=1)
    assert np.array_equal(trajs.trail, same.trail)


def test_shift_moves_the_coin_into_the_named_area():
    level = load_level(levels_dir() / "coinrun.json")
    episodes = training_episodes(level, 200, seed=3)
    shifted = apply_shift(parse_shift("coin=left-half", level), level, episodes, seed=3)
    assert 150 <= len(shifted) <= 200
    coins = np.argwhere(shifted.objects == tiles.COIN)
    assert len(coins) == len(shifted) and (coins[:, 2] < level.shape[1] // 2).all()


def test_a_shift_of_one_of_several_look_alike_markers_is_refused():
    from sandbox.resources import levels_dir
    from sandbox.world import load_level

    level = load_level(levels_dir() / "colour_cue.json")
    with pytest.raises(ValueError, match="green, green2, green3 look the same"):
        parse_shift("green2=left-half", level)
    assert parse_shift("red=left-half", level).entity_id == "red"
