"""Range-checked numbers for command-line options, shared by every command.

Each numeric option is parsed by one of these `type=` callables, so a bad value is refused by
argparse itself: one line naming the option and the allowed range, exit code 2, before any work
starts. The ranges are the limits of what runs in reasonable time and memory on a laptop (an eval
of 10,000 episodes per row takes about 25 s and 0.5 GB), stated once here and shown in `--help`.
"""
from __future__ import annotations

import argparse
import math


class BoundedNumber:
    """A `type=` for argparse: parse with `kind`, refuse values outside [lo, hi] or not finite."""

    def __init__(self, kind: type, lo: float, hi: float):
        self.kind, self.lo, self.hi = kind, lo, hi
        self.__name__ = kind.__name__  # argparse names the type in "invalid int value" messages

    @property
    def range(self) -> str:
        """'0-4294967295' or '1e-08-1': what `--help` and the error message show."""
        return f"{self.lo:g} to {self.hi:g}" if self.kind is float else f"{self.lo} to {self.hi}"

    def __call__(self, text: str) -> int | float:
        try:
            value = self.kind(text)
        except (ValueError, OverflowError):
            kind = "a whole number" if self.kind is int else "a number"
            raise argparse.ArgumentTypeError(f"{_shown(text)} is not {kind} (allowed: {self.range})") from None
        if not (math.isfinite(value) and self.lo <= value <= self.hi):
            raise argparse.ArgumentTypeError(f"{_shown(text)} is out of range (allowed: {self.range})")
        return value


def bounded_int(lo: int, hi: int) -> BoundedNumber:
    return BoundedNumber(int, lo, hi)


def bounded_float(lo: float, hi: float) -> BoundedNumber:
    """Finite floats in [lo, hi]; NaN and infinities are always refused."""
    return BoundedNumber(float, lo, hi)


def _shown(text: str) -> str:
    """The value as typed, shortened so a 5000-digit number does not flood the terminal."""
    return repr(text if len(text) <= 40 else text[:37] + "...")


def with_range(help_text: str, number: BoundedNumber) -> str:
    """'seed of the run (default 0)' -> 'seed of the run (default 0; 0 to 4294967295)'."""
    if help_text.endswith(")"):
        return f"{help_text[:-1]}; {number.range})"
    return f"{help_text} ({number.range})"


SEED = bounded_int(0, 2**32 - 1)
"""Seeds of runs and test episodes: what numpy and the trainer accept."""
EPISODES = bounded_int(1, 10_000)
"""Test episodes per measurement: 10,000 take about 25 s and 0.5 GB on a shipped level."""
STEPS = bounded_int(1, 10**10)
"""Environment steps of a training run."""
ENVS = bounded_int(1, 1024)
"""Parallel training episodes: the rollout holds 128 observations of each (1.3 GB at 1024 on 32x32)."""
LEARNING_RATE = bounded_float(1e-8, 1.0)
PERCENT = bounded_float(0.0, 100.0)
THREADS = bounded_int(1, 256)
WORKERS = bounded_int(1, 64)
SWEEP_SEEDS = bounded_int(1, 1000)
FPS = bounded_int(1, 60)
SECONDS = bounded_float(0.1, 120.0)
SPEED = bounded_float(0.1, 100.0)
"""Agent moves a second in a clip: faster than the frame rate only skips moves."""
EXPORT_TILE = bounded_int(8, 96)
RENDER_TILE = bounded_int(4, 128)
SAMPLES = bounded_int(0, 100)
"""Sampled episodes drawn beside a level: 100 pictures of a 32x32 level at 32 px are 300 MB."""
FRAMES = bounded_int(0, 10**9)
