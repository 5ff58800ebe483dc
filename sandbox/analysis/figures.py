"""Matplotlib figures for the command line (Agg backend: no display needed)."""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from sandbox.analysis.sweep import mean_by_value  # noqa: E402

SERIES = (("proxy", "misgeneralization (proxy reached first, separated episodes)", "tab:red"),
          ("in_distribution_failure", "in-distribution failure", "tab:blue"))


def plot_sweep(rows: list[dict], out: Path, title: str, knob_label: str) -> None:
    """Draw `sweep_figure` into the PNG `out`."""
    figure = sweep_figure(rows, title, knob_label)
    out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out)
    plt.close(figure)


def sweep_figure(rows: list[dict], title: str, knob_label: str) -> plt.Figure:
    """Rates against the knob's values: mean over seeds as a line, every seed as a dot, and the
    min-max band, Langosco et al.'s Figure 2 in miniature. Values are spaced evenly (percentages are
    usually 0, 2, 5, 10, 25: the interesting turn is at the small ones)."""
    values = sorted({row["value"] for row in rows})
    position = {v: i for i, v in enumerate(values)}
    figure, axes = plt.subplots(figsize=(6.4, 4.0), dpi=120)
    for field, label, colour in SERIES:
        stats = mean_by_value(rows, field)
        xs = [position[p] for p in stats]
        axes.plot(xs, [100 * m for m, _, _ in stats.values()], "-o", color=colour, label=label)
        axes.fill_between(xs, [100 * lo for _, lo, _ in stats.values()], [100 * hi for _, _, hi in stats.values()],
                          color=colour, alpha=0.15, linewidth=0)
        axes.scatter([position[r["value"]] for r in rows], [100 * r[field] for r in rows],
                     color=colour, s=12, alpha=0.6)
    axes.set_xticks(range(len(values)), [f"{v:g}" for v in values])
    axes.set_xlabel(knob_label)
    axes.set_ylabel("% of test episodes")
    axes.set_ylim(-3, 103)
    axes.set_title(title, fontsize=10)
    axes.grid(alpha=0.3)
    axes.legend(fontsize=8)
    figure.tight_layout()
    return figure
