"""The probe's verdict on every preset's shipped agent and on agents trained briefly on the hand-made
levels of tests/analysis/levels (one per kind of proxy), as one markdown table.

Hand-made levels are trained with the defaults (stop at 95% rolling success, step cap by level size)
and one torch thread; each agent is saved in --agents and reused by the next run.

    python bench/probe_report.py [--episodes 1000] [--seed 0] [--agents build/probe_agents]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import torch

from sandbox.analysis.probe import CandidateResult, run_probe, verdict
from sandbox.resources import resource_path
from sandbox.rl import Agent, PPOConfig, Trainer, agent_from_trainer, load_agent, save_agent
from sandbox.world import load_level

HAND_MADE = Path(__file__).resolve().parents[1] / "tests" / "analysis" / "levels"
HAND_MADE_NAMES = ("single_cell", "partial_row", "l_shape", "near_start", "within_two_of_start", "keys_equal",
                   "chest_column", "marker_corner")
HEADER = ("level", "agent", "proxy tested", "separated", "goal %", "proxy %", "capability %", "the probe's sentence")


def trained(name: str, agents: Path, seed: int) -> Agent:
    """The agent for hand-made level `name`: loaded from `agents` if an earlier run saved it."""
    path = agents / f"{name}.pt"
    if path.exists():
        return load_agent(path)
    trainer = Trainer(load_level(HAND_MADE / f"{name}.json"), PPOConfig(), seed)
    while not trainer.finished:
        trainer.train_iteration()
    agent = agent_from_trainer(trainer)
    agents.mkdir(parents=True, exist_ok=True)
    save_agent(agent, path)
    return agent


def row(label: str, agent: Agent, episodes: int, seed: int) -> list[str]:
    results = run_probe(agent.policy, agent.level, episodes, seed)
    cells = [[str(r.summary.counted) for r in results]] + [[_percent(getattr(r.summary, field)) for r in results]
                                                          for field in ("goal", "proxy", "capability")]
    stopped = f", stopped: {agent.config.stop_reason}" if agent.config.stop_reason else ""
    return [label, f"{agent.steps:,} steps{stopped}", " / ".join(_short(r) for r in results) or "none",
            *(" / ".join(c) or "-" for c in cells), verdict(agent.level, results)]


def _short(result: CandidateResult) -> str:
    return result.candidate.name.split(" (")[0]


def _percent(rate: float) -> str:
    return "-" if np.isnan(rate) else f"{100 * rate:.1f}"


def markdown(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    return "\n".join(lines + ["| " + " | ".join(cell.replace("|", "\\|") for cell in r) + " |" for r in rows])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--episodes", type=int, default=1000, help="training episodes each test is built from")
    parser.add_argument("--seed", type=int, default=0, help="seed of the test episodes and of the trainings")
    parser.add_argument("--agents", type=Path, default=Path("build/probe_agents"),
                        help="where the hand-made levels' agents are saved and reused")
    args = parser.parse_args()
    torch.set_num_threads(1)
    rows = [row(f"preset `{path.stem}`", load_agent(path), args.episodes, args.seed)
            for path in sorted(resource_path("agents").glob("*.pt"))]
    for name in HAND_MADE_NAMES:
        rows.append(row(f"hand-made `{name}`", trained(name, args.agents, args.seed), args.episodes, args.seed))
        print(f"probed: {name}", file=sys.stderr, flush=True)
    print(markdown(rows))


if __name__ == "__main__":
    main()
