"""Bad arguments to the gymnasium views raise a `ValueError` that says what is allowed (as
gymnasium's own envs do), never an IndexError from deep inside, and nothing bad is accepted."""
from __future__ import annotations

import numpy as np
import pytest

from sandbox.env import GoalpostEnv, GoalpostVectorEnv


@pytest.fixture(scope="module")
def env():
    single = GoalpostEnv()
    single.reset(seed=0)
    return single


@pytest.fixture(scope="module")
def vector():
    envs = GoalpostVectorEnv(num_envs=2)
    envs.reset(seed=0)
    return envs


@pytest.mark.parametrize("action, words", [
    (7, "action 7 is not allowed: the actions are 0..3"),
    (4, "action 4 is not allowed"),
    (-1, "action -1 is not allowed"),
    (1.5, "must be an integer in 0..3, got 1.5"),
    ("up", "must be an integer in 0..3, got 'up'"),
    (None, "must be an integer in 0..3, got None"),
    (True, "must be an integer in 0..3, got True"),
    (np.array([1]), "one integer in 0..3, got an array of shape (1,)"),
    (np.float32(1.0), "must be an integer"),
])
def test_single_env_step_refuses(env, action, words):
    with pytest.raises(ValueError) as raised:
        env.step(action)
    assert words in str(raised.value)


@pytest.mark.parametrize("action", [0, 3, np.int8(2), np.array(1), np.uint64(3)])
def test_single_env_step_accepts_integer_kinds(env, action):
    env.step(action)


@pytest.mark.parametrize("actions, words", [
    ([0, 4], "action 4 of env 1 is not allowed: the actions are 0..3"),
    ([-1, 0], "action -1 of env 0 is not allowed"),
    ([0.5, 1.0], "must be integers in 0..3, got dtype float64"),
    ([1], "must have shape (2,), one per env, got shape (1,)"),
    ([[1, 2]], "got shape (1, 2)"),
    ("ab", "got shape ()"),
    ([1, None], "dtype object"),
])
def test_vector_env_step_refuses(vector, actions, words):
    with pytest.raises(ValueError) as raised:
        vector.step(actions)
    assert words in str(raised.value)


@pytest.mark.parametrize("num_envs, words", [
    (0, "num_envs must be from 1 to 65536, got 0"),
    (-3, "got -3"),
    (10**9, "got 1000000000"),
    (2.0, "whole number"),
    (True, "whole number"),
    ("4", "whole number"),
])
def test_vector_env_num_envs_refused_before_any_allocation(num_envs, words):
    with pytest.raises(ValueError) as raised:
        GoalpostVectorEnv(num_envs=num_envs)
    assert words in str(raised.value)


@pytest.mark.parametrize("seed, words", [
    (-1, "seed must be from 0 to"),
    (2**70, "seed must be from 0 to"),
    ("7", "whole number"),
    (1.5, "whole number"),
])
def test_seeds_refused_with_the_range(env, vector, seed, words):
    for target in (env, vector):
        with pytest.raises(ValueError) as raised:
            target.reset(seed=seed)
        assert words in str(raised.value)


def test_vector_env_seed_list_is_checked_and_used(vector):
    with pytest.raises(ValueError, match="seed must be from 0"):
        vector.reset(seed=[1, -1])
    obs, _ = vector.reset(seed=[5, 6])
    assert obs.shape[0] == 2


@pytest.mark.parametrize("make", [lambda: GoalpostEnv(render_mode="video"), lambda: GoalpostVectorEnv(render_mode="human")])
def test_unknown_render_mode_names_the_allowed_ones(make):
    with pytest.raises(ValueError, match=r"render_mode must be None or one of \["):
        make()
