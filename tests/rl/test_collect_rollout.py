"""Collecting a rollout, step by step, in a corridor where every step's outcome is known by hand.

The corridor is row 1 of a 5x5 map, cells (1, 1) to (1, 3): the agent starts at (1, 1), a coin that
pays 10 and ends the episode is at (1, 3), and episodes are cut after 3 steps. Env 0 always moves
right, so it reaches the coin on its second step, every time. Env 1 moves up or down (half and half),
into the wall either way, so it stays put until the cut after its third step.
"""
from __future__ import annotations

import math

import numpy as np
import torch

from sandbox.env import observation as planes
from sandbox.env.core import GridCore
from sandbox.rl.ppo import Rollout, collect_rollout
from sandbox.world import level_from_dict
from tests.conftest import open_room

LN2 = math.log(2)
UP, DOWN, RIGHT = 0, 1, 3


class Scripted:
    """Env 0: certain to go right (log pi = 0); env 1: up or down, log pi = -ln 2. The value of call k
    is 10k for env 0 and 10k + 1 for env 1, so each stored value says which step produced it."""

    def __init__(self):
        self.calls = 0

    def __call__(self, obs: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        assert obs.dtype == torch.uint8 and obs.shape == (2, planes.NUM_PLANES, 5, 5)
        logits = torch.tensor([[-math.inf, -math.inf, -math.inf, 0.0], [0.0, 0.0, -math.inf, -math.inf]])
        value = torch.tensor([10.0 * self.calls, 10.0 * self.calls + 1.0])
        self.calls += 1
        return logits, value


def corridor_core() -> GridCore:
    level = level_from_dict(open_room(5, map=["#####", "#...#", "#####", "#####", "#####"],
                                      entities=[{"kind": "agent", "at": [1, 1]}, {"kind": "coin", "at": [1, 3]}],
                                      max_steps=3, rewards={"coin": {"reward": 10.0, "ends_episode": True}}))
    core = GridCore(level, 2)
    core.seed(np.arange(2, dtype=np.uint64))
    core.reset()
    return core


def test_a_rollout_stores_each_step_and_logs_the_episodes_that_ended():
    core, policy = corridor_core(), Scripted()
    rollout = Rollout.allocate(4, 2, (planes.NUM_PLANES, 5, 5))
    next_done, log = collect_rollout(core, policy, rollout, torch.tensor([1.0, 0.0]), torch.Generator().manual_seed(0))
    # t=0: both at (1, 1). t=1: env 0 at (1, 2), steps onto the coin. t=2: env 0 starts again at (1, 1);
    # env 1's third step is cut. t=3: env 0 at (1, 2), onto the coin again; env 1 starts again.
    agent = rollout.obs[:, :, planes.AGENT]
    assert agent.sum(dim=(2, 3)).tolist() == [[1, 1]] * 4
    assert agent[:, 0, 1].tolist() == [[0, 1, 0, 0, 0], [0, 0, 1, 0, 0], [0, 1, 0, 0, 0], [0, 0, 1, 0, 0]]
    assert agent[:, 1, 1].tolist() == [[0, 1, 0, 0, 0]] * 4
    walls = torch.ones((5, 5), dtype=torch.uint8)
    walls[1, 1:4] = 0
    assert all(torch.equal(rollout.obs[t, env, planes.WALL], walls) for t in range(4) for env in range(2))
    assert rollout.actions[:, 0].tolist() == [RIGHT] * 4
    assert set(rollout.actions[:, 1].tolist()) <= {UP, DOWN}
    assert torch.allclose(rollout.logprobs, torch.tensor([[0.0, -LN2]] * 4))
    assert rollout.values.tolist() == [[0.0, 1.0], [10.0, 11.0], [20.0, 21.0], [30.0, 31.0]]
    assert rollout.rewards.tolist() == [[0.0, 0.0], [10.0, 0.0], [0.0, 0.0], [10.0, 0.0]]
    # dones[t] is 1 where obs[t] starts a new episode; dones[0] is the next_done passed in
    assert rollout.dones.tolist() == [[1.0, 0.0], [0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]
    assert next_done.tolist() == [1.0, 0.0] and next_done.dtype == torch.float32
    # in the order they ended: env 0 at t=1, env 1 (cut) at t=2, env 0 at t=3
    assert log.returns.tolist() == [10.0, 0.0, 10.0]
    assert log.lengths.tolist() == [2, 3, 2]
    assert log.successes.tolist() == [True, False, True] and log.successes.dtype == bool


def test_a_rollout_in_which_no_episode_ends_logs_none():
    rollout = Rollout.allocate(1, 2, (planes.NUM_PLANES, 5, 5))
    next_done, log = collect_rollout(corridor_core(), Scripted(), rollout, torch.zeros(2), torch.Generator())
    assert next_done.tolist() == [0.0, 0.0]
    assert log.returns.shape == log.lengths.shape == log.successes.shape == (0,)


def test_a_stop_request_ends_the_rollout_before_the_next_step():
    policy = Scripted()
    asked = iter([False, False, True])
    rollout = Rollout.allocate(4, 2, (planes.NUM_PLANES, 5, 5))
    core = corridor_core()
    assert collect_rollout(core, policy, rollout, torch.zeros(2), torch.Generator(), lambda: next(asked)) is None
    # two steps played: env 0 took the coin on its second and started again, env 1 has taken two
    assert policy.calls == 2 and core.steps.tolist() == [0, 2]


def test_actions_are_drawn_from_the_given_generator_only():
    def actions(seed):
        rollout = Rollout.allocate(4, 2, (planes.NUM_PLANES, 5, 5))
        collect_rollout(corridor_core(), Scripted(), rollout, torch.zeros(2), torch.Generator().manual_seed(seed))
        return rollout.actions[:, 1].tolist()  # env 1: up or down, half and half

    before = torch.get_rng_state()
    assert actions(5) == actions(5)
    assert torch.equal(torch.get_rng_state(), before)
