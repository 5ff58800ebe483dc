"""The gymnasium views: env checker, vector = N singles, seeding, options, rendering, SB3."""
from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

import sandbox.env  # noqa: F401  (registers the ids)
from sandbox.env import REGISTERED_IDS, GoalpostEnv, GoalpostVectorEnv
from sandbox.world import load_level, tiles
from sandbox.resources import levels_dir
from tests.conftest import SHIPPED


def test_every_shipped_level_is_registered():
    assert {"Goalpost-CoinRun-v0", "Goalpost-Maze-v0", "Goalpost-ColourCue-v0"} <= set(REGISTERED_IDS)
    assert len(REGISTERED_IDS) == len(SHIPPED)


@pytest.mark.parametrize("env_id", REGISTERED_IDS)
def test_check_env_passes(env_id):
    env = gym.make(env_id, render_mode="rgb_array")
    check_env(env.unwrapped, skip_render_check=False)
    vector = gym.make_vec(env_id, num_envs=3, vectorization_mode="vector_entry_point")
    assert isinstance(vector, GoalpostVectorEnv)
    obs, _ = vector.reset(seed=0)
    assert obs.shape == (3, *env.observation_space.shape) and vector.observation_space.contains(obs)


@pytest.mark.parametrize("env_id", REGISTERED_IDS)
def test_vector_env_equals_n_single_envs_for_the_same_seeds_and_actions(env_id):
    count, seed = 4, 100
    vector = gym.make_vec(env_id, num_envs=count, vectorization_mode="vector_entry_point")
    singles = [gym.make(env_id) for _ in range(count)]
    vector_obs, _ = vector.reset(seed=seed)
    single_obs = [env.reset(seed=seed + i)[0] for i, env in enumerate(singles)]
    assert np.array_equal(vector_obs, np.stack(single_obs))
    rng = np.random.default_rng(0)
    finished = 0
    needs_reset = [False] * count
    for _ in range(400):
        actions = rng.integers(0, 4, count)
        vector_obs, vector_reward, vector_term, vector_trunc, _ = vector.step(actions)
        for i, env in enumerate(singles):
            if needs_reset[i]:  # next-step autoreset: the vector env resets now, ignoring the action
                obs, reward, term, trunc = env.reset()[0], 0.0, False, False
            else:
                obs, reward, term, trunc, _ = env.step(actions[i])
            needs_reset[i] = term or trunc
            finished += needs_reset[i]
            assert np.array_equal(vector_obs[i], obs)
            assert (vector_reward[i], vector_term[i], vector_trunc[i]) == (reward, term, trunc)
    assert finished >= 8  # episodes really ended and restarted along the way


def test_same_seed_same_episodes_and_reset_without_seed_continues():
    env = GoalpostEnv(levels_dir() / "coinrun.json")
    first = [env.reset(seed=3)[0]] + [env.reset()[0] for _ in range(5)]
    again = [env.reset(seed=3)[0]] + [env.reset()[0] for _ in range(5)]
    assert all(np.array_equal(a, b) for a, b in zip(first, again))
    assert len({o.tobytes() for o in first}) == 6


def test_reset_options_set_a_level_or_a_concrete_episode(tmp_path):
    level = load_level(levels_dir() / "coinrun.json")
    env = GoalpostEnv(level)
    episode = level.default_episode()
    episode.objects[:] = 0
    episode.objects[2, 3] = tiles.COIN
    obs, info = env.reset(seed=0, options={"episode": episode})
    assert obs[2, 2, 3] == 1 and obs[2].sum() == 1 and info["agent"] == (4, 1)
    assert np.array_equal(env.reset()[0], obs)  # a fixed episode is replayed on every reset
    assert env.reset(options={"episode": None})[0][2, :, 7].sum() == 1  # back to the distribution
    obs, _ = env.reset(options={"level": str(levels_dir() / "colour_cue.json")})
    assert obs[5:11].sum() == 4 and env.level.name == "ColourCue"  # planes 5-10: marker colours (3 green, 1 red)
    with pytest.raises(ValueError, match="11x11"):
        env.reset(options={"level": str(levels_dir() / "maze.json")})


def test_rgb_render_shows_the_agent_moving():
    env = GoalpostEnv(levels_dir() / "coinrun.json", render_mode="rgb_array", tile_size=16)
    env.reset(seed=0, options={"episode": load_level(levels_dir() / "coinrun.json").default_episode()})
    before = env.render()
    env.step(3)
    after = env.render()
    assert before.shape == (144, 144, 3) and before.dtype == np.uint8
    changed = np.argwhere((before != after).any(axis=2))
    assert {tuple(cell) for cell in changed // 16} == {(4, 1), (4, 2)}


def test_human_render_opens_a_window_headlessly():
    env = GoalpostEnv(levels_dir() / "coinrun.json", render_mode="human", tile_size=8)
    env.metadata = {**env.metadata, "render_fps": 1000}
    env.reset(seed=0)
    env.step(0)
    import pygame

    assert pygame.display.get_surface().get_size() == (72, 72)
    env.close()
    assert not pygame.display.get_init()


def test_stable_baselines3_ppo_learns_on_the_env_unmodified():
    from stable_baselines3 import PPO
    from stable_baselines3.common.env_checker import check_env as sb3_check_env

    env = gym.make("Goalpost-CoinRun-v0")
    sb3_check_env(env.unwrapped)
    model = PPO("MlpPolicy", env, n_steps=512, batch_size=128, seed=0, device="cpu", verbose=0)
    model.learn(2048)
    assert model.num_timesteps == 2048
    action, _ = model.predict(env.reset(seed=1)[0])
    assert env.action_space.contains(int(action))
