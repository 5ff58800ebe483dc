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


def test_episodes_count_once_one_could_have_reached_the_step_limit():
    """Before any episode could time out, only quick ones (mostly successes) can have ended: the
    curve and the stop rule leave those iterations out."""
    level = level_from_dict(open_room(5, max_steps=32, entities=[{"kind": "agent", "at": [1, 1]},
                                                               {"kind": "coin", "at": [1, 2]}]))  # a step away
    trainer = Trainer(level, PPOConfig(total_steps=10**6, num_envs=64, num_steps=8, num_minibatches=4), seed=0)
    ended = 0
    for _ in range(3):  # 8, 16 and 24 steps per env: no episode can have reached 32 yet
        metrics = trainer.train_iteration()
        ended += "charts/episodic_length" in metrics
        assert trainer.curve == [] and trainer.window.episodes == 0
    assert ended >= 1  # some episodes did end, and were left out
    trainer.train_iteration()  # 32 steps per env: the first timeouts end now
    assert trainer.curve[0].step == 4 * 64 * 8 and trainer.window.episodes > 0 and trainer.curve[0].success_rate < 1
    whole = Trainer(level, PPOConfig(total_steps=10**6, num_envs=64, num_steps=32, num_minibatches=4), seed=0)
    whole.train_iteration()  # rollouts as long as the step limit count from the first
    assert whole.curve[0].step == 64 * 32


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
