"""PPO settings. Defaults are the measured ones that learn every shipped level without tuning."""
from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass
class PPOConfig:
    """Everything a training run depends on besides the level and the seed (recorded in the agent file)."""

    total_steps: int = 4_000_000
    """Environment steps to train for (summed over all parallel envs). The CoinRun-like level reaches
    95% success in about 0.4M; the random 11x11 maze reaches about 92% at this default and needs 8M
    for 95% (its shipped agent's recipe in `sandbox/commands/presets.py`)."""
    num_envs: int = 64
    """Episodes played in parallel; with 128-step rollouts this gives 8,192 samples per update."""
    num_steps: int = 128
    """Steps per env in each rollout before an update."""
    learning_rate: float = 1e-3
    """Adam step size at the start; 5e-4 learned markedly slower on the CoinRun-like level."""
    anneal_lr: bool = True
    """Decay the learning rate linearly to zero over the run."""
    gamma: float = 0.99
    """Discount factor."""
    gae_lambda: float = 0.95
    """GAE's lambda: trades advantage bias against variance."""
    num_minibatches: int = 32
    """Minibatches per epoch. Many small ones (256 samples) give as many gradient steps per sample as
    4 epochs of 1k minibatches at a quarter of the compute: measured 95% success on the CoinRun-like
    level in 14 s instead of 35 s."""
    update_epochs: int = 1
    """Passes over each rollout."""
    norm_adv: bool = True
    """Normalize advantages within each minibatch."""
    clip_coef: float = 0.2
    """PPO's surrogate clipping range."""
    clip_vloss: bool = True
    """Clip the value loss around the old value estimates, as CleanRL does."""
    ent_coef: float = 0.01
    """Entropy bonus weight, keeps exploring until the coin is found reliably."""
    vf_coef: float = 0.5
    """Value loss weight."""
    max_grad_norm: float = 0.5
    """Global gradient norm clip."""
    target_kl: float | None = None
    """Stop an update's epochs early once the approximate KL exceeds this (None: never)."""
    conv_channels: int = 16
    """Channels of each of the policy's two 3x3 convolutions."""
    hidden_size: int = 128
    """Width of the fully connected layer shared by the actor and critic heads."""
    batch_size: int = field(init=False)
    """Samples per rollout (num_envs * num_steps)."""
    minibatch_size: int = field(init=False)
    """Samples per gradient step."""
    num_iterations: int = field(init=False)
    """Rollout + update cycles in the run."""

    def __post_init__(self) -> None:
        if self.num_envs < 1 or self.num_steps < 1 or self.num_minibatches < 1 or self.total_steps < 1:
            raise ValueError("num_envs, num_steps, num_minibatches and total_steps must be positive")
        self.batch_size = self.num_envs * self.num_steps
        if self.batch_size % self.num_minibatches:
            raise ValueError(f"num_envs * num_steps ({self.batch_size}) must divide into {self.num_minibatches} minibatches")
        self.minibatch_size = self.batch_size // self.num_minibatches
        self.num_iterations = max(1, self.total_steps // self.batch_size)

    def to_dict(self) -> dict:
        """The settable fields only (derived ones are recomputed), as plain Python values."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.init}

    @classmethod
    def from_dict(cls, data: dict) -> PPOConfig:
        """Inverse of `to_dict`; unknown keys are an error so a newer file is not half-read."""
        known = {f.name for f in fields(cls) if f.init}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown PPO settings: {', '.join(sorted(unknown))}")
        return cls(**data)
