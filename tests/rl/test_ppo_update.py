"""One PPO update on a four-sample batch, against losses and a step worked out by hand.

The policy is two logits and one value, each a bare parameter, so every quantity is a few lines of
arithmetic (in the comments). Actions a = [0, 1, 0, 1]; the policy is uniform over two actions, so
log pi(a) = -ln 2 for every sample and d log pi(a) / d logits = one_hot(a) - 0.5.
"""
from __future__ import annotations

import math

import pytest
import torch
from torch import nn

from sandbox.rl.config import PPOConfig
from sandbox.rl.ppo import Rollout, _value_loss, update

LN2 = math.log(2)


class TwoLogits(nn.Module):
    def __init__(self):
        super().__init__()
        self.logits = nn.Parameter(torch.zeros(2))
        self.value = nn.Parameter(torch.tensor(1.0))

    def forward(self, obs):
        assert obs.shape[1:] == (1, 1, 1)  # one observation per sample, as the rollout stores them
        return self.logits.expand(len(obs), 2), self.value.expand(len(obs))


def batch() -> tuple[Rollout, torch.Tensor, torch.Tensor]:
    """ratio = pi / pi_old = [1, 2, 0.5, 1]; advantages [1, 1, 1, -1]; returns [2, 0, 1, 1.5]."""
    rollout = Rollout.allocate(2, 2, (1, 1, 1))
    rollout.actions[:] = torch.tensor([[0, 1], [0, 1]])
    rollout.logprobs[:] = torch.tensor([[-LN2, -2 * LN2], [0.0, -LN2]])
    rollout.values[:] = torch.tensor([[1.5, 0.5], [1.0, 1.0]])
    return rollout, torch.tensor([[1.0, 1.0], [1.0, -1.0]]), torch.tensor([[2.0, 0.0], [1.0, 1.5]])


def config(**overrides) -> PPOConfig:
    settings = dict(total_steps=4, num_envs=2, num_steps=2, num_minibatches=1, update_epochs=1, norm_adv=False,
                    clip_coef=0.2, clip_vloss=True, ent_coef=0.01, vf_coef=0.5, max_grad_norm=0.5)
    return PPOConfig(**{**settings, **overrides})


def run(data=None, **overrides):
    policy = TwoLogits()
    rollout, advantages, returns = data or batch()
    optimizer = torch.optim.SGD(policy.parameters(), lr=1.0)
    metrics = update(policy, optimizer, rollout, advantages, returns, config(**overrides), torch.Generator())
    return policy, metrics


def test_losses_and_statistics_of_one_update():
    _, metrics = run()
    # policy: max(-A r, -A clip(r, 0.8, 1.2)) = [-1, max(-2, -1.2), max(-0.5, -0.8), 1] -> mean -1.7 / 4
    assert metrics["losses/policy_loss"] == pytest.approx(-0.425)
    # value 1 against returns [2, 0, 1, 1.5]: unclipped [1, 1, 0, 0.25]; clipped around the old values
    # [1.3, 0.7, 1, 1] gives [0.49, 0.49, 0, 0.25]; half the mean of the larger: 0.5 * 2.25 / 4
    assert metrics["losses/value_loss"] == pytest.approx(0.28125)
    assert metrics["losses/entropy"] == pytest.approx(LN2)
    # log ratio [0, ln 2, -ln 2, 0]: old kl = mean(-log ratio) = 0; kl = mean(r - 1 - log r) = 0.5 / 4
    assert metrics["losses/old_approx_kl"] == pytest.approx(0.0, abs=1e-7)
    assert metrics["losses/approx_kl"] == pytest.approx(0.125)
    assert metrics["losses/clipfrac"] == 0.5  # ratios 2 and 0.5 lie outside [0.8, 1.2]
    # returns - old values = [0.5, -0.5, 0, 0.5]: variance 0.6875 / 3 against 2.1875 / 3 -> 1 - 11 / 35
    assert metrics["losses/explained_variance"] == pytest.approx(24 / 35)


def test_one_sgd_step_moves_the_parameters_by_the_hand_computed_gradient():
    policy, _ = run()
    # policy: the clipped sample (r = 2) has no gradient; -A r (one_hot(a) - 0.5) for the others:
    # [-0.5, 0.5] + [-0.25, 0.25] + [-0.5, 0.5] = [-1.25, 1.25], over 4 -> [-0.3125, 0.3125].
    # The entropy of a uniform policy has zero gradient.
    assert policy.logits.detach().tolist() == pytest.approx([0.3125, -0.3125])
    # value: d/dv of the larger squared error is 2 (v - R) = [-2, 2, 0, -1]; 0.5 * mean = -0.125;
    # times vf_coef 0.5 -> -0.0625. Gradient norm 0.446 < 0.5: no clipping.
    assert policy.value.item() == pytest.approx(1.0625)


def test_the_gradient_is_clipped_to_max_grad_norm():
    policy, _ = run(max_grad_norm=0.01)
    step = torch.cat([policy.logits.detach(), policy.value.detach().reshape(1) - 1.0])
    unclipped = torch.tensor([0.3125, -0.3125, 0.0625])  # the step above, scaled to norm 0.01
    assert step.tolist() == pytest.approx((unclipped * 0.01 / unclipped.norm()).tolist(), rel=1e-3)


def test_normalised_advantages_and_unclipped_value_loss():
    _, metrics = run(norm_adv=True, clip_vloss=False)
    # advantages [1, 1, 1, -1]: mean 0.5, std (unbiased) 1 -> [0.5, 0.5, 0.5, -1.5] (+1e-8 in the std)
    # policy: [max(-0.5, -0.5), max(-1, -0.6), max(-0.25, -0.4), max(1.5, 1.5)] -> (-0.5 - 0.6 - 0.25 + 1.5) / 4
    assert metrics["losses/policy_loss"] == pytest.approx(0.0375, abs=1e-6)
    assert metrics["losses/value_loss"] == pytest.approx(0.5 * 2.25 / 4)  # [1, 1, 0, 0.25] here too


def test_value_loss_keeps_the_larger_of_clipped_and_unclipped_error():
    values, returns, old = torch.tensor([2.0, 0.0]), torch.tensor([0.0, 0.0]), torch.tensor([1.0, 1.0])
    # unclipped [4, 0]; clipped [1.2, 0.8] -> [1.44, 0.64]; larger [4, 0.64] -> 0.5 * 4.64 / 2
    assert _value_loss(values, returns, old, config()).item() == pytest.approx(1.16)
    assert _value_loss(values, returns, old, config(clip_vloss=False)).item() == pytest.approx(1.0)
    # a value raised past the clip: unclipped (2 - 2.5)^2 = 0.25, clipped (1.2 - 2.5)^2 = 1.69
    assert _value_loss(torch.tensor([2.0]), torch.tensor([2.5]), torch.tensor([1.0]), config()).item() == (
        pytest.approx(0.845))


def test_target_kl_stops_after_the_first_epoch():
    policy, metrics = run(update_epochs=3, target_kl=0.01)
    assert policy.logits.detach().tolist() == pytest.approx([0.3125, -0.3125])  # one epoch only
    assert metrics["losses/approx_kl"] == pytest.approx(0.125)


def test_a_negative_advantage_meets_the_lower_clip():
    """ratio = [2, 1, 0.5, 1] (old log probs [-2 ln 2, -ln 2, 0, -ln 2]), advantages [1, 1, -1, 3]."""
    rollout, _, returns = batch()
    rollout.logprobs[:] = torch.tensor([[-2 * LN2, -LN2], [0.0, -LN2]])
    advantages = torch.tensor([[1.0, 1.0], [-1.0, 3.0]])
    _, metrics = run((rollout, advantages, returns))
    # policy: [max(-2, -1.2), -1, max(0.5, 0.8), -3] = [-1.2, -1, 0.8, -3] -> -4.4 / 4
    assert metrics["losses/policy_loss"] == pytest.approx(-1.1)
    assert metrics["losses/clipfrac"] == 0.5


def test_kl_estimates_on_one_raised_ratio():
    rollout, _, returns = batch()
    rollout.logprobs[:] = torch.tensor([[-2 * LN2, -LN2], [-LN2, -LN2]])  # ratio [2, 1, 1, 1]
    _, metrics = run((rollout, torch.ones(2, 2), returns))
    assert metrics["losses/old_approx_kl"] == pytest.approx(-LN2 / 4)  # mean(-log r)
    assert metrics["losses/approx_kl"] == pytest.approx((1 - LN2) / 4)  # mean(r - 1 - log r)
    assert metrics["losses/clipfrac"] == 0.25
    assert metrics["losses/policy_loss"] == pytest.approx((-1.2 - 3) / 4)


def test_advantages_are_divided_by_their_standard_deviation():
    rollout, _, returns = batch()
    rollout.logprobs[:] = -LN2  # every ratio 1: the loss is minus the mean normalised advantage times 1
    advantages = torch.tensor([[4.0, 0.0], [0.0, 0.0]])  # mean 1, std 2 -> [1.5, -0.5, -0.5, -0.5]
    _, metrics = run((rollout, advantages, returns), norm_adv=True)
    assert metrics["losses/policy_loss"] == pytest.approx(0.0, abs=1e-6)  # the normalised mean is 0
    policy, _ = run((rollout, advantages, returns), norm_adv=True)
    # gradient -mean(A (one_hot(a) - 0.5)) over actions [0, 1, 0, 1] with A = [1.5, -0.5, -0.5, -0.5]:
    # sum A (one_hot - 0.5) = [0.75, -0.75] + [0.25, -0.25] + [-0.25, 0.25] + [0.25, -0.25] = [1, -1]
    # -> gradient [-0.25, 0.25], step +[0.25, -0.25]
    assert policy.logits.detach().tolist() == pytest.approx([0.25, -0.25], rel=1e-5)


def test_the_entropy_bonus_pulls_the_policy_towards_uniform():
    """No advantage and no value error: only the entropy term moves the logits. With pi = [0.75, 0.25],
    dH/dz_j = -pi_j (log pi_j + H), H = 0.5623: dH/dz = [-0.20599, 0.20599]; the loss has -0.5 H."""
    rollout, _, _ = batch()
    policy = TwoLogits()
    with torch.no_grad():
        policy.logits[:] = torch.tensor([math.log(3.0), 0.0])
    log_pi = torch.log_softmax(torch.tensor([math.log(3.0), 0.0]), 0)
    rollout.logprobs[:] = log_pi[rollout.actions]
    optimizer = torch.optim.SGD(policy.parameters(), lr=1.0)
    update(policy, optimizer, rollout, torch.zeros(2, 2), torch.ones(2, 2), config(ent_coef=0.5),
           torch.Generator())
    step = policy.logits.detach() - torch.tensor([math.log(3.0), 0.0])
    assert step.tolist() == pytest.approx([-0.5 * 0.20599, 0.5 * 0.20599], rel=1e-3)


def test_no_explained_variance_when_the_returns_do_not_vary():
    rollout, advantages, _ = batch()
    _, metrics = run((rollout, advantages, torch.ones(2, 2)))  # old values [1.5, 0.5, 1, 1] do vary
    assert math.isnan(metrics["losses/explained_variance"])


def test_the_update_draws_no_numbers_from_the_global_generator():
    torch.manual_seed(0)
    state = torch.get_rng_state()
    run()
    assert torch.equal(torch.get_rng_state(), state)


def test_a_stop_request_between_minibatches_returns_none_and_leaves_the_policy():
    policy = TwoLogits()
    rollout, advantages, returns = batch()
    optimizer = torch.optim.SGD(policy.parameters(), lr=1.0)
    assert update(policy, optimizer, rollout, advantages, returns, config(), torch.Generator(), lambda: True) is None
    assert policy.logits.detach().tolist() == [0.0, 0.0]
