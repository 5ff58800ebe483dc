"""PPO really learns, and the same seed gives the same curve."""
from __future__ import annotations

import pytest
import torch

from sandbox.rl import PPOConfig, Trainer
from sandbox.world import level_from_dict
from tests.conftest import open_room


@pytest.mark.slow
def test_learns_a_fixed_coin_to_90_percent_within_a_small_budget():
    torch.set_num_threads(1)
    level = level_from_dict(open_room(7))
    trainer = Trainer(level, PPOConfig(total_steps=65_536, num_envs=32), seed=0)
    while not trainer.finished:
        trainer.train_iteration()
    assert trainer.latest.success_rate >= 0.9
    assert trainer.curve[0].success_rate < 0.9  # it had to learn it


def test_same_seed_same_curve_and_weights():
    level = level_from_dict(open_room(7))
    config = PPOConfig(total_steps=2048, num_envs=16, num_steps=32, num_minibatches=4)

    def run(seed):
        trainer = Trainer(level, config, seed)
        while not trainer.finished:
            trainer.train_iteration()
        return trainer

    first, second, other = run(3), run(3), run(4)
    assert first.curve == second.curve and len(first.curve) > 0
    for a, b in zip(first.policy.state_dict().values(), second.policy.state_dict().values()):
        assert torch.equal(a, b)
    assert first.curve != other.curve


def test_stop_request_interrupts_a_rollout():
    level = level_from_dict(open_room(7))
    trainer = Trainer(level, PPOConfig(total_steps=4096, num_envs=8, num_steps=64, num_minibatches=4), 0)
    assert trainer.train_iteration(lambda: True) is None
    assert trainer.global_step == 0


def test_config_rejects_uneven_minibatches_and_unknown_fields():
    with pytest.raises(ValueError, match="minibatches"):
        PPOConfig(num_envs=3, num_steps=5, num_minibatches=2)
    with pytest.raises(ValueError, match="unknown"):
        PPOConfig.from_dict({"learning_rate": 1e-3, "warp_drive": True})
    config = PPOConfig(num_envs=32)
    assert PPOConfig.from_dict(config.to_dict()) == config
