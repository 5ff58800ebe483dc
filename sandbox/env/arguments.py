"""Checks on what callers pass to the gymnasium views, so a wrong action or count raises a
`ValueError` that says what is allowed (as gymnasium's own envs do) instead of an `IndexError`
deep in the core, or a silently wrapped index such as action -1.

The batched core itself does not check: training steps it millions of times with actions it
sampled itself, and these checks would cost a few percent there.
"""
from __future__ import annotations

import numbers

import numpy as np

MAX_NUM_ENVS = 65_536
"""More parallel episodes than training ever uses (64 by default) and still a few hundred MB for
the largest 32x32 level; beyond it an allocation of many GB would fail or swap instead."""


def check_num_envs(num_envs: object) -> int:
    """`num_envs` as an int in 1..MAX_NUM_ENVS, or a ValueError saying so."""
    if isinstance(num_envs, bool) or not isinstance(num_envs, numbers.Integral):
        raise ValueError(f"num_envs must be a whole number from 1 to {MAX_NUM_ENVS}, got {num_envs!r}")
    if not 1 <= num_envs <= MAX_NUM_ENVS:
        raise ValueError(f"num_envs must be from 1 to {MAX_NUM_ENVS}, got {num_envs}")
    return int(num_envs)


def check_render_mode(render_mode: object, allowed: list[str]) -> str | None:
    if render_mode is not None and render_mode not in allowed:
        raise ValueError(f"render_mode must be None or one of {allowed}, got {render_mode!r}")
    return render_mode


def check_action(action: object, num_actions: int) -> int:
    """One action as an int in 0..num_actions-1 (an int, numpy integer or 0-d integer array)."""
    value = np.asarray(action) if isinstance(action, np.ndarray) else action
    if isinstance(value, np.ndarray):
        if value.shape != () or not np.issubdtype(value.dtype, np.integer):
            raise ValueError(f"action must be one integer in 0..{num_actions - 1}, got an array of shape "
                             f"{value.shape} and dtype {value.dtype}")
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"action must be an integer in 0..{num_actions - 1}, got {action!r} ({type(action).__name__})")
    if not 0 <= value < num_actions:
        raise ValueError(f"action {value} is not allowed: the actions are 0..{num_actions - 1}")
    return int(value)


def check_actions(actions: object, num_envs: int, num_actions: int) -> np.ndarray:
    """int64[num_envs] from a sequence or array of integer actions, each in 0..num_actions-1."""
    try:
        array = np.asarray(actions)
    except (ValueError, TypeError) as error:
        raise ValueError(f"actions must be {num_envs} integers in 0..{num_actions - 1}: {error}") from None
    if array.shape != (num_envs,):
        raise ValueError(f"actions must have shape ({num_envs},), one per env, got shape {array.shape}")
    if not np.issubdtype(array.dtype, np.integer):
        raise ValueError(f"actions must be integers in 0..{num_actions - 1}, got dtype {array.dtype}")
    bad = np.nonzero((array < 0) | (array >= num_actions))[0]
    if len(bad):
        raise ValueError(f"action {array[bad[0]]} of env {bad[0]} is not allowed: the actions are 0..{num_actions - 1}")
    return array.astype(np.int64, copy=False)


MAX_SEED = 2**63 - 1


def check_seed(seed: object) -> int | None:
    """None, or a seed as an int in 0..2**63-1 (episode keys are 64-bit; numpy refuses larger)."""
    if seed is None:
        return None
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise ValueError(f"seed must be None or a whole number from 0 to {MAX_SEED}, got {seed!r}")
    if not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed must be from 0 to {MAX_SEED}, got {seed}")
    return int(seed)
