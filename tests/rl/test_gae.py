"""GAE against numbers worked out by hand, over a rollout that crosses an episode end and a truncation."""
from __future__ import annotations

import torch

from sandbox.rl.ppo import Rollout, compute_gae

GAMMA, LAMBDA = 0.5, 0.5  # gamma * lambda = 0.25: every number below is exact in float32


def rollout(rewards, values, dones) -> Rollout:
    """T = 4 steps of N = 2 envs, given as lists of rows [t][env]."""
    storage = Rollout.allocate(4, 2, (1, 2, 2))
    storage.rewards[:] = torch.tensor(rewards)
    storage.values[:] = torch.tensor(values)
    storage.dones[:] = torch.tensor(dones)
    return storage


def test_allocate_gives_zeroed_tensors_of_the_rollout_shape():
    storage = Rollout.allocate(3, 2, (4, 5, 6))
    assert storage.obs.shape == (3, 2, 4, 5, 6) and storage.obs.dtype == torch.uint8
    assert storage.actions.shape == (3, 2) and storage.actions.dtype == torch.int64
    for name in ("logprobs", "rewards", "dones", "values"):
        tensor = getattr(storage, name)
        assert tensor.shape == (3, 2) and tensor.dtype == torch.float32 and not tensor.any()


def test_gae_stops_at_an_episode_end_and_at_a_truncation():
    # env 0: an episode ends after step 1 (obs[2] starts a new one) and the last step is truncated
    #        (next_done = 1), so neither step 1 nor step 3 looks at the value that follows it.
    #   t=3: delta = 2 - 8                    = -6      A3 = -6
    #   t=2: delta = 0 + 0.5 * 8 - 4          =  0      A2 = 0 + 0.25 * -6 = -1.5
    #   t=1: delta = 1 - 2 (episode ended)    = -1      A1 = -1 (nothing carried back over the end)
    #   t=0: delta = 0 + 0.5 * 2 - 1          =  0      A0 = 0 + 0.25 * -1 = -0.25
    # env 1: no episode ends; the last step bootstraps from next_value = 4.
    #   t=3: delta = 1 + 0.5 * 4 - 2 = 1                A3 = 1
    #   t=2: delta = 0 + 0.5 * 2 - 2 = -1               A2 = -1 + 0.25 * 1 = -0.75
    #   t=1: delta = 0 + 0.5 * 2 - 2 = -1               A1 = -1 + 0.25 * -0.75 = -1.1875
    #   t=0: delta = 1 + 0.5 * 2 - 2 = 0                A0 = 0.25 * -1.1875 = -0.296875
    storage = rollout(rewards=[[0, 1], [1, 0], [0, 0], [2, 1]],
                      values=[[1, 2], [2, 2], [4, 2], [8, 2]],
                      dones=[[0, 0], [0, 0], [1, 0], [0, 0]])
    advantages, returns = compute_gae(storage, next_value=torch.tensor([16.0, 4.0]),
                                      next_done=torch.tensor([1.0, 0.0]), gamma=GAMMA, gae_lambda=LAMBDA)
    expected = torch.tensor([[-0.25, -0.296875], [-1.0, -1.1875], [-1.5, -0.75], [-6.0, 1.0]])
    assert torch.equal(advantages, expected)
    assert torch.equal(returns, torch.tensor([[0.75, 1.703125], [1.0, 0.8125], [2.5, 1.25], [2.0, 3.0]]))


def test_gae_with_lambda_one_is_the_discounted_return_minus_the_value():
    # One env, no episode end, gamma = 0.5, lambda = 1: A_t = sum_k 0.5^k r_{t+k} + 0.5^(T-t) * 8 - V_t.
    storage = Rollout.allocate(3, 1, (1, 1, 1))
    storage.rewards[:, 0] = torch.tensor([4.0, 0.0, 2.0])
    storage.values[:, 0] = torch.tensor([1.0, 1.0, 1.0])
    advantages, _ = compute_gae(storage, torch.tensor([8.0]), torch.tensor([0.0]), gamma=0.5, gae_lambda=1.0)
    # returns to go: t=2: 2 + 4 = 6; t=1: 0 + 3 = 3; t=0: 4 + 1.5 = 5.5
    assert torch.equal(advantages[:, 0], torch.tensor([4.5, 2.0, 5.0]))
