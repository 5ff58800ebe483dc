"""Several agents measured on the same kinds of test sets, so agents trained on different
distributions (a sweep's 0%, 2%, 25% randomized goals) can be compared in one table.

Each agent plays its own training distribution ("in-distribution" means that agent's), and each
shift moves the entity in that agent's own training episodes, as the sweep measures its runs. The
episodes are drawn with the same seed, so agents whose levels differ only in their randomized-goal
percentage play the same walls, starts and moved goals.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sandbox.analysis.evaluation import evaluate
from sandbox.analysis.outcomes import Summary
from sandbox.analysis.rollout import training_episodes
from sandbox.analysis.shifts import apply_shift, parse_shift
from sandbox.analysis.single_play import repeated
from sandbox.rl.agent_file import Agent, check_fits
from sandbox.world import Episode, Level
from sandbox.world.level import training_label

__all__ = ["AgentMismatchError", "ComparisonRow", "NamedAgent", "check_same_grid", "compare_agents", "name_agents",
           "training_label"]


class AgentMismatchError(ValueError):
    """Agents that cannot share one table; the message names both files."""


@dataclass(frozen=True)
class NamedAgent:
    """An agent and the name its rows carry (the file's stem, or its path when two stems clash)."""

    name: str
    path: Path
    agent: Agent


@dataclass(frozen=True)
class ComparisonRow:
    """One agent's result on one test set (`test`: 'in-distribution', 'shift coin=left-half', ...)."""

    test: str
    agent: str
    trained_with: str
    summary: Summary


def name_agents(paths: list[Path], agents: list[Agent]) -> list[NamedAgent]:
    """Name each agent by its file stem; agents whose stems clash are named by their path as given."""
    stems = [path.stem for path in paths]
    return [NamedAgent(stem if stems.count(stem) == 1 else str(path), path, agent)
            for stem, path, agent in zip(stems, paths, agents)]


def check_same_grid(agents: list[NamedAgent]) -> None:
    """Refuse agents whose grids differ: a shift or an episode file means a cell of one grid size."""
    first = agents[0]
    for other in agents[1:]:
        if other.agent.level.shape != first.agent.level.shape:
            raise AgentMismatchError(
                f"{other.path} was trained on a {_size(other.agent.level)} grid ('{other.agent.level.name}') and "
                f"{first.path} on a {_size(first.agent.level)} grid ('{first.agent.level.name}'): agents compared "
                "with each other must share the grid size")


def compare_agents(agents: list[NamedAgent], shifts: list[str], episode_files: list[tuple[Path, Episode]],
                   count: int, seed: int, greedy: bool = False) -> list[ComparisonRow]:
    """Rows grouped by test set (in-distribution, each shift, each episode file), one per agent in
    the order given. Raises AgentMismatchError for different grid sizes, ValueError for a shift an
    agent's level cannot take, AgentFileError for an episode file that does not fit."""
    check_same_grid(agents)
    several_levels = len({named.agent.level.name for named in agents}) > 1
    tests = ["in-distribution"] + [f"shift {text}" for text in shifts] + [f"episode {p.name}" for p, _ in episode_files]
    for named in agents:  # refuse what some agent cannot play before playing anything
        for text in shifts:
            parse_shift(text, named.agent.level)
        for path, episode in episode_files:
            check_fits(named.agent.level, episode.walls.shape, str(named.path), str(path))
    rows: dict[str, list[ComparisonRow]] = {test: [] for test in tests}
    for named in agents:
        level = named.agent.level
        label = training_label(level, several_levels)
        base = training_episodes(level, count, seed)
        batches = [(tests[0], base, True)]
        batches += [(f"shift {text}", apply_shift(parse_shift(text, level), level, base, seed), False)
                    for text in shifts]
        batches += [(f"episode {path.name}", repeated(episode, count), False) for path, episode in episode_files]
        for test, batch, in_distribution in batches:
            summary = evaluate(named.agent.policy, level, batch, greedy, seed, in_distribution).summary
            rows[test].append(ComparisonRow(test, named.name, label, summary))
    return [row for test in tests for row in rows[test]]


def _size(level: Level) -> str:
    return f"{level.shape[0]}x{level.shape[1]}"
