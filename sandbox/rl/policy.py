"""The policy: a small CNN over the observation planes with actor and critic heads.

The network reads only the planes that can be non-zero in its level (`level_planes`): a plane that is
always zero in training teaches nothing, and dropping it makes the first convolution up to 5x
cheaper, which matters because the PPO update, not the env, bounds training speed.
Two 3x3 convolutions keep the grid's spatial layout (an MLP over the flattened planes plateaus below
90% on the CoinRun-like level). Grids larger than `MAX_POOLED` per side are average-pooled down to it
before the dense layer, so a 32x32 level does not need a 16k-wide first dense layer.
"""
from __future__ import annotations

import numpy as np
import torch
from torch import nn

from sandbox.env import observation
from sandbox.world import Level, kinds

MAX_POOLED = 16


def _layer(layer: nn.Module, std: float = float(np.sqrt(2))) -> nn.Module:
    """Orthogonal weights and zero bias, as in CleanRL (the heads use small gains)."""
    nn.init.orthogonal_(layer.weight, std)
    nn.init.constant_(layer.bias, 0.0)
    return layer


def level_planes(level: Level) -> list[int]:
    """Indices of the observation planes that some training episode of `level` can light up."""
    codes = {entity.code for entity in level.entities if entity.kind != "agent"}
    planes = {observation.WALL, observation.AGENT}
    for code in codes:
        planes.update(np.nonzero(observation.OBJECT_PLANES[code])[0].tolist())
        carried = kinds.KIND[kinds.KIND_OF_CODE[code]].carried_plane
        if carried is not None:
            planes.add(observation.PLANE_NAMES.index(carried))
    return sorted(planes)


class Policy(nn.Module):
    """Actor-critic for full observations uint8[N, NUM_PLANES, H, W] of one grid shape."""

    def __init__(self, planes: list[int], shape: tuple[int, int], num_actions: int, channels: int = 16,
                 hidden: int = 128):
        super().__init__()
        self.register_buffer("planes", torch.tensor(planes, dtype=torch.int64))
        pooled = (min(shape[0], MAX_POOLED), min(shape[1], MAX_POOLED))
        self.body = nn.Sequential(
            _layer(nn.Conv2d(len(planes), channels, 3, padding=1)), nn.ReLU(),
            _layer(nn.Conv2d(channels, channels, 3, padding=1)), nn.ReLU(),
            nn.AdaptiveAvgPool2d(pooled) if pooled != tuple(shape) else nn.Identity(),
            nn.Flatten(),
            _layer(nn.Linear(channels * pooled[0] * pooled[1], hidden)), nn.ReLU(),
        )
        self.actor = _layer(nn.Linear(hidden, num_actions), std=0.01)
        self.critic = _layer(nn.Linear(hidden, 1), std=1.0)

    def forward(self, obs: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(logits float[N, A], value float[N]) for obs uint8 or float [N, planes, H, W]."""
        hidden = self.body(obs.index_select(1, self.planes).float())
        return self.actor(hidden), self.critic(hidden).squeeze(-1)

    def value(self, obs: torch.Tensor) -> torch.Tensor:
        """float[N] state values."""
        return self.critic(self.body(obs.index_select(1, self.planes).float())).squeeze(-1)


def sample_actions(logits: torch.Tensor, greedy: bool = False,
                   generator: torch.Generator | None = None) -> torch.Tensor:
    """int64[N] actions: sampled from softmax(logits) by default, argmax when `greedy`.

    Gumbel-max sampling: one op instead of building a `Categorical` per step.
    """
    if greedy:
        return logits.argmax(dim=-1)
    noise = torch.rand(logits.shape, generator=generator).clamp_(1e-20, 1.0)
    return (logits - torch.log(-torch.log(noise))).argmax(dim=-1)


def evaluate_actions(logits: torch.Tensor, actions: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(log_prob float[N], entropy float[N]) of `actions` int64[N] under `logits` float[N, A]."""
    log_probs = torch.log_softmax(logits, dim=-1)
    entropy = -(log_probs.exp() * log_probs).sum(-1)
    return log_probs.gather(1, actions[:, None]).squeeze(1), entropy
