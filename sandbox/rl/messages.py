"""What the training process tells its parent: small frozen dataclasses, cheap to pickle."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Progress:
    """Sent after every PPO iteration. Return and success rate are over the episodes that ended in
    it (NaN before the first one ends)."""

    step: int
    total_steps: int
    episodic_return: float
    success_rate: float
    steps_per_second: float
    until_percent: float = 0.0
    """The run's stop target (PPOConfig.until_percent); 0 when it trains to its step cap."""
    losses: tuple[float, ...] = ()
    """This iteration's losses and diagnostics, in `metrics.LOSS_NAMES` order."""


@dataclass(frozen=True)
class Snapshot:
    """The policy's weights at `step`, so the parent can test the agent mid-training.

    weights: name -> float32/int64 numpy array (a `Policy.state_dict()` as arrays).
    """

    step: int
    weights: dict[str, np.ndarray]


@dataclass(frozen=True)
class Done:
    """Training ended, by finishing its steps or by a stop command; the agent is at `path` (if any).
    `reason` is the trainer's stop reason: "target", "step_cap" or "interrupted"."""

    step: int
    path: str | None
    stopped: bool
    reason: str = ""


@dataclass(frozen=True)
class Error:
    """The training process failed; `traceback` is the formatted exception from inside it."""

    message: str
    traceback: str


Message = Progress | Snapshot | Done | Error
