"""How long until a run reaches its success target, from the trend of its success curve.

A PPO success curve rises fast and then creeps: the failure rate falls roughly exponentially, ever
more slowly. So the trend is fitted to the log of the failure rate (1 - success) over the second
half of the run so far, and extended in a straight line to the target's failure rate. On the
CoinRun-like preset (95% at about 0.5M steps) a straight line through the last iterations'
success rates promised the target within 20k steps for most of the run; this fit came within a
factor of two from a third of the way on. The estimate is only offered while the failure rate
falls: a flat or rising one has no time to the target, and the panel says so instead of guessing.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np


class SuccessPoint(Protocol):
    """A point of a success curve: the window's `CurveSample` or the trainer's `CurvePoint`."""

    step: int
    success_rate: float


MIN_POINTS = 4
"""Fewest iterations in the fitted half before any estimate: fewer follow one iteration's luck."""
FAILURE_FLOOR = 1e-3
"""A perfect iteration (no failures) is counted as 0.1% failure, so its log is finite."""


def steps_to_target(steps: Sequence[int], success: Sequence[float], target: float) -> float | None:
    """Steps from the last point until the least-squares line through log(1 - success), over the
    points in the second half of the steps so far, reaches log(1 - `target`) (a fraction); 0 if it
    is there already; None with fewer than `MIN_POINTS` finite points there or a failure rate that
    does not fall."""
    points = [(x, y) for x, y in zip(steps, success) if np.isfinite(y)]
    if not points:
        return None
    half = points[-1][0] / 2
    points = [(x, y) for x, y in points if x >= half]
    if len(points) < MIN_POINTS:
        return None
    x, y = np.array(points, dtype=float).T
    slope, intercept = np.polyfit(x, np.log(np.maximum(1 - y, FAILURE_FLOOR)), 1)
    now, goal = slope * x[-1] + intercept, np.log(1 - target)
    if now <= goal:
        return 0.0
    if slope >= 0:
        return None
    return (goal - now) / slope


def seconds_to_target(curve: Sequence[SuccessPoint], step: int, total_steps: int, until_percent: float,
                      steps_per_second: float) -> float | None:
    """Seconds until `until_percent` success at the curve's trend (`steps_to_target`) and the current
    speed (0: there now); None without a target or a speed, without a falling trend, or when the
    step cap (`total_steps`, `step` of them done) comes first. The Train panel and `train`'s
    progress bar both show it."""
    if until_percent <= 0 or steps_per_second <= 0:
        return None
    steps = steps_to_target([p.step for p in curve], [p.success_rate for p in curve], until_percent / 100)
    if steps is None or step + steps > total_steps:
        return None
    return steps / steps_per_second


def clock(seconds: float) -> str:
    """m:ss, e.g. 0:06 or 12:40."""
    minutes, seconds = divmod(int(seconds), 60)
    return f"{minutes}:{seconds:02d}"
