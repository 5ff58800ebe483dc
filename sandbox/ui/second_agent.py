"""The agent Test mode compares the test agent with: it plays every placement the test agent plays,
with the same action-noise seed, so the two differ only in what they learned.

Its plays are kept here, beside the agent and its training curve; the `TestSession` asks for them
and drops them when the placement changes, exactly as it does its own.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sandbox.ui.reward_curve import ComparedCurves
from sandbox.ui.test_runs import ManyPlayed
from sandbox.ui.training_run import CurveSample, TestAgent
from sandbox.world import Level
from sandbox.world.level import training_label

if TYPE_CHECKING:
    from sandbox.analysis.single_play import Play


@dataclass
class SecondAgent:
    """The compared agent, its training curve, and its last play and many-plays run of the placement."""

    agent: TestAgent
    curve: list[CurveSample]
    played: Play | None = None
    many: ManyPlayed | None = None

    def forget_plays(self) -> None:
        self.played = self.many = None


def grid_mismatch(agent: TestAgent, level: Level) -> str | None:
    """Why `agent` cannot play `level` beside the test agent (None if it can): only the grid size
    matters; agents trained on other distributions of the same size are what comparing is for."""
    if agent.level.shape == level.shape:
        return None
    (h, w), (th, tw) = level.shape, agent.level.shape
    return (f"Cannot compare with {agent.label}: it was trained on a {th}x{tw} grid and the open level is "
            f"{h}x{w}; both agents must play the same grid size")


def trained_with(agent: TestAgent, other: TestAgent | None = None) -> str:
    """"trained with 25% randomized coins" (naming the level when the two agents' levels differ)."""
    named = other is not None and other.level.name != agent.level.name
    return f"trained with {training_label(agent.level, with_level_name=named)}"


def short_name(agent: TestAgent) -> str:
    """"coinrun_random25" from "coinrun_random25.pt, 1,000,000 steps"; a snapshot keeps its steps."""
    name = agent.label.partition(", ")[0]
    return name[:-3] if name.endswith(".pt") else name


def kept_snapshot(agent: TestAgent, curve: list[CurveSample]) -> tuple[TestAgent, list[CurveSample]]:
    """The agent tested now, kept as the second agent while training goes on (100k steps against
    the 1M to come), with the part of the run's curve it was trained through."""
    return agent, [sample for sample in curve if sample.step <= agent.step]


def compared_curves(first: TestAgent | None, second: SecondAgent | None) -> ComparedCurves | None:
    """Both agents' curves for one chart (the test agent's is the run's own), or None if not comparing."""
    if first is None or second is None:
        return None
    return ComparedCurves(short_name(first), short_name(second.agent), tuple(second.curve))
