"""TensorBoard event files for a training run, written as CleanRL writes them.

TensorBoard is an optional extra (`pip install "goalpost[metrics]"`): the app never needs it, so it is
imported only when a run asks for event files, and its absence is a one-line error before training.
"""
from __future__ import annotations

import math
from pathlib import Path

from sandbox.rl.config import PPOConfig
from sandbox.rl.metrics import METRIC_NAMES, MetricHistory


class TensorBoardMissing(ValueError):
    """`--tensorboard` was asked for without the TensorBoard package installed."""


def summary_writer_class():
    """torch's SummaryWriter, or `TensorBoardMissing` when the TensorBoard package is not installed."""
    try:
        from torch.utils.tensorboard import SummaryWriter
    except ImportError:
        raise TensorBoardMissing("writing TensorBoard files needs the TensorBoard package: "
                                 "pip install 'tensorboard==2.21.0' (or install Goalpost with its "
                                 "'metrics' extra)") from None
    return SummaryWriter


class TensorBoardLog:
    """One run's event files in `folder`: its settings as a text table, then every metric per iteration."""

    def __init__(self, folder: Path, config: PPOConfig, seed: int):
        self.writer = summary_writer_class()(str(folder))
        settings = {**config.to_dict(), "seed": seed}
        table = "\n".join(f"|{name}|{value}|" for name, value in settings.items())
        self.writer.add_text("hyperparameters", f"|param|value|\n|-|-|\n{table}")

    def write(self, step: int, metrics: dict[str, float]) -> None:
        """Finite values only: a NaN (no episode ended in that iteration) is a gap, not a point."""
        for name, value in metrics.items():
            if math.isfinite(value):
                self.writer.add_scalar(name, value, step)

    def write_history(self, history: MetricHistory) -> None:
        """A finished run's stored metrics, iteration by iteration (sweeps write them at the end)."""
        for step, row in zip(history.steps, history.rows):
            self.write(step, dict(zip(METRIC_NAMES, row)))

    def close(self) -> None:
        self.writer.close()
