"""A run's per-iteration training metrics, under CleanRL's names, kept with the agent.

CleanRL's names let a Goalpost run sit beside a CleanRL run in TensorBoard and be read by the same
scripts. The history is a table (one row per PPO iteration, one column per name), stored in the
agent file and the checkpoint, so every agent carries its own losses and diagnostics.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

METRIC_NAMES = (
    "charts/episodic_return", "charts/episodic_length", "charts/success_rate", "charts/rolling_success_rate",
    "charts/SPS", "charts/learning_rate",
    "losses/value_loss", "losses/policy_loss", "losses/entropy", "losses/old_approx_kl", "losses/approx_kl",
    "losses/clipfrac", "losses/explained_variance",
)
"""Every column, in order. An iteration in which no episode ended has no return, length or success
(NaN), and explained variance is NaN when the returns did not vary."""
LOSS_NAMES = tuple(name for name in METRIC_NAMES if name.startswith("losses/"))
MAX_ROWS = 1_000_000


class MetricsError(ValueError):
    """A stored metrics table that does not have the expected shape."""


@dataclass
class MetricHistory:
    """steps[i] is the global step after iteration i; rows[i][j] the value of `METRIC_NAMES[j]` then."""

    steps: list[int] = field(default_factory=list)
    rows: list[list[float]] = field(default_factory=list)

    def add(self, step: int, metrics: dict[str, float]) -> None:
        self.steps.append(int(step))
        self.rows.append([float(metrics.get(name, math.nan)) for name in METRIC_NAMES])

    def column(self, name: str) -> list[float]:
        index = METRIC_NAMES.index(name)
        return [row[index] for row in self.rows]

    def latest(self) -> dict[str, float]:
        """The last iteration's metrics by name (empty before the first iteration)."""
        return dict(zip(METRIC_NAMES, self.rows[-1])) if self.rows else {}

    def to_dict(self) -> dict:
        return {"names": list(METRIC_NAMES), "steps": list(self.steps), "rows": [list(row) for row in self.rows]}

    @classmethod
    def from_dict(cls, data: object) -> MetricHistory:
        """Inverse of `to_dict`; columns stored under other names or in another order are mapped by
        name, and names this version does not know are dropped (a newer file still loads)."""
        if not isinstance(data, dict) or not all(isinstance(data.get(k), list) for k in ("names", "steps", "rows")):
            raise MetricsError("the training metrics are not a table of names, steps and rows")
        names, steps, rows = data["names"], data["steps"], data["rows"]
        if len(rows) > MAX_ROWS or len(steps) != len(rows):
            raise MetricsError(f"the training metrics hold {len(steps)} steps for {len(rows)} rows")
        if not all(isinstance(name, str) for name in names):
            raise MetricsError("the training metrics' names are not all text")
        history = cls()
        for step, row in zip(steps, rows):
            if isinstance(step, bool) or not isinstance(step, int) or not isinstance(row, list) \
                    or len(row) != len(names) or not all(_number(value) for value in row):
                raise MetricsError(f"the training metrics' row at step {str(step)[:20]} is not {len(names)} numbers")
            history.add(step, dict(zip(names, row)))
        return history


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
