"""PPO in CleanRL's order, as small functions: collect a rollout, bootstrap GAE, update.

Each function returns a dict of metrics under CleanRL's names. Truncated episodes are treated as
ended (no value bootstrap past the step limit), as CleanRL does.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch
from torch import nn

from sandbox.env.core import GridCore
from sandbox.rl.config import PPOConfig
from sandbox.rl.policy import Policy, evaluate_actions, sample_actions


@dataclass
class Rollout:
    """Preallocated rollout storage, T = num_steps, N = num_envs.

    obs: uint8[T, N, C, H, W]; actions: int64[T, N]; logprobs, rewards, values: float32[T, N];
    dones: float32[T, N], 1 where obs[t] starts a new episode (the previous step ended one).
    """

    obs: torch.Tensor
    actions: torch.Tensor
    logprobs: torch.Tensor
    rewards: torch.Tensor
    dones: torch.Tensor
    values: torch.Tensor

    @classmethod
    def allocate(cls, num_steps: int, num_envs: int, obs_shape: tuple[int, ...]) -> Rollout:
        def floats() -> torch.Tensor:
            return torch.zeros((num_steps, num_envs))

        return cls(torch.zeros((num_steps, num_envs, *obs_shape), dtype=torch.uint8),
                   torch.zeros((num_steps, num_envs), dtype=torch.int64), floats(), floats(), floats(), floats())


@dataclass
class EpisodeLog:
    """Episodes that ended during one rollout: return, length and success (terminated, not truncated)."""

    returns: np.ndarray
    lengths: np.ndarray
    successes: np.ndarray


def collect_rollout(core: GridCore, policy: Policy, rollout: Rollout, next_done: torch.Tensor,
                    generator: torch.Generator,
                    should_stop: Callable[[], bool] | None = None) -> tuple[torch.Tensor, EpisodeLog] | None:
    """Fill `rollout` by playing `policy` in `core` (auto-resetting); returns (next_done, episodes).

    Returns None if `should_stop` turned true mid-rollout, so a stop request is honoured within a
    fraction of a second even on large levels.
    """
    returns, lengths, successes = [], [], []
    for t in range(rollout.obs.shape[0]):
        if should_stop is not None and should_stop():
            return None
        obs = rollout.obs[t]
        obs.copy_(torch.from_numpy(core.grid_obs))
        rollout.dones[t] = next_done
        with torch.no_grad():
            logits, value = policy(obs)
            action = sample_actions(logits, generator=generator)
            rollout.logprobs[t] = torch.log_softmax(logits, -1).gather(1, action[:, None]).squeeze(1)
        rollout.values[t] = value
        rollout.actions[t] = action
        result = core.step(action.numpy())
        rollout.rewards[t] = torch.from_numpy(result.reward)
        ended = result.terminated | result.truncated
        next_done = torch.from_numpy(ended.astype(np.float32))
        if len(result.final_return):
            returns.append(result.final_return)
            lengths.append(result.final_length)
            successes.append(result.terminated[ended])
    log = EpisodeLog(*(np.concatenate(parts) if parts else np.zeros(0) for parts in (returns, lengths, successes)))
    return next_done, log


def compute_gae(rollout: Rollout, next_value: torch.Tensor, next_done: torch.Tensor, gamma: float,
                gae_lambda: float) -> tuple[torch.Tensor, torch.Tensor]:
    """(advantages, returns), both float32[T, N], by generalized advantage estimation."""
    num_steps = rollout.rewards.shape[0]
    advantages = torch.zeros_like(rollout.rewards)
    last = torch.zeros_like(next_value)
    for t in reversed(range(num_steps)):
        if t == num_steps - 1:
            nonterminal, following = 1.0 - next_done, next_value
        else:
            nonterminal, following = 1.0 - rollout.dones[t + 1], rollout.values[t + 1]
        delta = rollout.rewards[t] + gamma * following * nonterminal - rollout.values[t]
        last = delta + gamma * gae_lambda * nonterminal * last
        advantages[t] = last
    return advantages, advantages + rollout.values


def update(policy: Policy, optimizer: torch.optim.Optimizer, rollout: Rollout, advantages: torch.Tensor,
           returns: torch.Tensor, config: PPOConfig, generator: torch.Generator,
           should_stop: Callable[[], bool] | None = None) -> dict[str, float] | None:
    """`update_epochs` passes of clipped-surrogate minibatch steps over the flattened rollout.

    Returns None if `should_stop` turned true between minibatches (an update on a 32x32 level takes
    seconds with one thread; a stop must not wait for it).
    """
    obs = rollout.obs.flatten(0, 1)
    actions, old_logprobs, old_values = (t.flatten() for t in (rollout.actions, rollout.logprobs, rollout.values))
    advantages, returns = advantages.flatten(), returns.flatten()
    clipfracs, approx_kl, old_approx_kl = [], torch.zeros(()), torch.zeros(())
    for _ in range(config.update_epochs):
        order = torch.randperm(config.batch_size, generator=generator)
        for start in range(0, config.batch_size, config.minibatch_size):
            if should_stop is not None and should_stop():
                return None
            index = order[start:start + config.minibatch_size]
            logits, values = policy(obs[index])
            logprob, entropy = evaluate_actions(logits, actions[index])
            log_ratio = logprob - old_logprobs[index]
            ratio = log_ratio.exp()
            with torch.no_grad():
                old_approx_kl = (-log_ratio).mean()
                approx_kl = ((ratio - 1) - log_ratio).mean()
                clipfracs.append(((ratio - 1.0).abs() > config.clip_coef).float().mean().item())
            adv = advantages[index]
            if config.norm_adv:
                adv = (adv - adv.mean()) / (adv.std() + 1e-8)
            policy_loss = torch.max(-adv * ratio,
                                    -adv * ratio.clamp(1 - config.clip_coef, 1 + config.clip_coef)).mean()
            value_loss = _value_loss(values, returns[index], old_values[index], config)
            entropy_loss = entropy.mean()
            loss = policy_loss - config.ent_coef * entropy_loss + config.vf_coef * value_loss
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(policy.parameters(), config.max_grad_norm)
            optimizer.step()
        if config.target_kl is not None and approx_kl > config.target_kl:
            break
    variance = returns.var()
    explained = float("nan") if variance == 0 else float(1 - (returns - old_values).var() / variance)
    return {"losses/value_loss": value_loss.item(), "losses/policy_loss": policy_loss.item(),
            "losses/entropy": entropy_loss.item(), "losses/old_approx_kl": old_approx_kl.item(),
            "losses/approx_kl": approx_kl.item(), "losses/clipfrac": float(np.mean(clipfracs)),
            "losses/explained_variance": explained}


def _value_loss(values: torch.Tensor, returns: torch.Tensor, old_values: torch.Tensor,
                config: PPOConfig) -> torch.Tensor:
    """Half squared error, clipped around the rollout's value estimates when `clip_vloss`."""
    unclipped = (values - returns) ** 2
    if not config.clip_vloss:
        return 0.5 * unclipped.mean()
    clipped = old_values + (values - old_values).clamp(-config.clip_coef, config.clip_coef)
    return 0.5 * torch.max(unclipped, (clipped - returns) ** 2).mean()
