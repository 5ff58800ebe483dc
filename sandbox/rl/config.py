"""PPO settings. Defaults are the measured ones that learn every shipped level without tuning."""
from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sandbox.world import Level

STEPS_PER_FREE_CELL = 40_000
"""Step cap per free cell of the layout. A 9x9 preset has 49: 2.0M, five times the ~0.4M the
CoinRun-like level needs for 95% and the budget of the slowest 9x9 preset's shipped agent (Keys
and Chests, 2M); the randomized-goal CoinRun (1.5M) and the colour cue (0.6M) fit under it too.
Per cell because a larger layout has longer episodes and more placements to learn."""
MAZE_FACTOR = 3
"""A maze carved afresh every episode needs about 2.5x what its area alone predicts (the 11x11 maze:
81 cells, 3.2M by area, measured 8M for 95% and 71% at 2M), so mazes get 3x: 9.8M for 11x11."""
MIN_STEP_CAP, MAX_STEP_CAP = 500_000, 20_000_000
"""A tiny room still gets enough steps to learn; the largest levels stop at 20M (ten minutes or more
at this machine's 30-40k training steps/s) unless `--steps` asks for more."""


LEARNING_RATE, MAZE_LEARNING_RATE = 2e-3, 1e-3
"""Adam's starting step size when a run does not set one, by level kind. Measured with
`bench/train_speed.py --all --seeds 2` (medians, steps to 95% rolling success): 2e-3 against 1e-3
takes the CoinRun-like level from 528k steps to 287k, the randomized-goal one from 631k to 369k,
Keys and Chests from 446k to 319k and the colour cue from 98k to 90k, with proxy rates within 8
points; on the 11x11 maze carved afresh every episode it learned more slowly (84% against 87%
rolling success at 2M steps with seed 0, 69% against 78% at 1.6M with seed 1), so mazes keep 1e-3."""


def learning_rate(level: Level) -> float:
    """Default `learning_rate` for `level`: MAZE_LEARNING_RATE for a procedural maze, else LEARNING_RATE."""
    return MAZE_LEARNING_RATE if level.procedural.maze else LEARNING_RATE


def step_cap(level: Level) -> int:
    """Default `total_steps` for `level`: free cells x 40k (x3 for a maze), rounded up to 100k and
    kept within 0.5M-20M. A cap, not a target: `until_percent` normally ends the run well before."""
    free_cells = int((~level.walls).sum())
    steps = free_cells * STEPS_PER_FREE_CELL * (MAZE_FACTOR if level.procedural.maze else 1)
    return min(MAX_STEP_CAP, max(MIN_STEP_CAP, math.ceil(steps / 100_000) * 100_000))


@dataclass
class PPOConfig:
    """Everything a training run depends on besides the level and the seed (recorded in the agent file)."""

    total_steps: int | None = None
    """Step cap: environment steps at most (summed over all parallel envs). None: the level's
    `step_cap` (2.0M on a 9x9 preset, 9.8M on the 11x11 maze), filled in by `for_level`."""
    until_percent: float = 95.0
    """Stop as soon as the rolling success rate reaches this percentage; 0 turns the rule off (train to
    the step cap). Success is judged over whole PPO iterations: the most recent ones that together
    ended at least `success_window` episodes, checked after every iteration."""
    success_window: int = 1000
    """Fewest recent episodes the rule judges. Chosen so luck does not stop a run: a policy whose true
    success is 92% shows >= 95% over 1,000 episodes with probability 1.3e-4 (binomial), so about once
    in 7,700 checks; over 200 episodes it would be 7%, once in 14 checks. At the defaults an
    iteration ends 100 (maze, early) to 800 (CoinRun, late) episodes, so the window spans 2-10
    iterations (16k-80k steps): recent enough to lag the policy only slightly."""
    stop_reason: str = ""
    """Not a setting: what ended the run, written by the trainer so the agent file records it.
    "target" (success reached `until_percent`), "step_cap" (ran `total_steps`), "interrupted"
    (stopped by the user first); "" in files from before the rule existed."""
    num_envs: int = 256
    """Episodes played in parallel; with 32-step rollouts this gives 8,192 samples per update, as
    CleanRL's 64 x 128 does. Acting calls the policy once per step for every env at once, so 256 envs
    take a quarter of the calls: acting time per update fell from 137 to 71 ms on the CoinRun-like
    level (2 threads), which reached 95% in a median 9.4 s against 14.0 s. On the 11x11 maze, carved
    afresh every episode, 32-step rollouts need 10-18% more steps, but the speed more than makes up
    for them: 171 and 192 s to 95% (seeds 0 and 1) against 186 and over 200 s. `bench/README.md`."""
    num_steps: int = 32
    """Steps per env in each rollout before an update: longer than a CoinRun-like episode; longer
    episodes are bootstrapped from the value estimate."""
    learning_rate: float | None = None
    """Adam step size at the start. None: the level's (`learning_rate`: 2e-3, or 1e-3 on a maze),
    filled in by `for_level`; 5e-4 learned markedly slower on the CoinRun-like level."""
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
    """Rollout + update cycles at most (0 until the step cap is known)."""

    def __post_init__(self) -> None:
        if self.num_envs < 1 or self.num_steps < 1 or self.num_minibatches < 1 or (self.total_steps or 1) < 1:
            raise ValueError("num_envs, num_steps, num_minibatches and total_steps must be positive")
        if not 0 <= self.until_percent <= 100 or self.success_window < 1:
            raise ValueError("until_percent must be between 0 and 100 and success_window positive")
        self.batch_size = self.num_envs * self.num_steps
        if self.batch_size % self.num_minibatches:
            raise ValueError(f"num_envs * num_steps ({self.batch_size}) must divide into {self.num_minibatches} minibatches")
        self.minibatch_size = self.batch_size // self.num_minibatches
        self.num_iterations = 0 if self.total_steps is None else max(1, self.total_steps // self.batch_size)

    def for_level(self, level: Level) -> PPOConfig:
        """A copy with the step cap and learning rate filled in (None -> `step_cap(level)`,
        `learning_rate(level)`), so the record shows them."""
        return replace(self, total_steps=step_cap(level) if self.total_steps is None else self.total_steps,
                       learning_rate=learning_rate(level) if self.learning_rate is None else self.learning_rate)

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
        if "until_percent" not in data:  # a run from before the stop rule trained to its step count
            data = {**data, "until_percent": 0.0}
        return cls(**data)
