"""Two agents on the same moved-goal episode, side by side: one caption with both verdicts and
what differs between their training, and both training curves on one chart."""
from __future__ import annotations

from pathlib import Path

from sandbox.analysis.agent_comparison import NamedAgent, check_same_grid, name_agents, training_label
from sandbox.analysis.single_play import Play, play_episode
from sandbox.media.backdrop import OUTCOME_RGBS, compose_backdrop
from sandbox.media.clip import Clip
from sandbox.media.episode_move import moved_episode, parse_move
from sandbox.media.export import ClipRequest
from sandbox.rl import Agent
from sandbox.world import Level


def versus_caption(what: str, names: list[str], plays: list[Play], levels: list[Level]) -> str:
    """'coin moved to (2, 5) → coinrun went to … · coinrun_random25 reached the goal (trained with
    0% / 25% randomized coins)'."""
    verdicts = " · ".join(f"{name} {play.verdict}" for name, play in zip(names, plays))
    return f"{what} → {verdicts} (trained with {training_difference(levels)})"


def training_difference(levels: list[Level]) -> str:
    """'0% / 25% randomized coins' for one level's variants; each level's own label otherwise."""
    if len({(level.name, level.goal_noun) for level in levels}) == 1 and levels[0].goal_noun:
        percents = " / ".join(f"{level.procedural.randomized_goal_percent:g}%" for level in levels)
        return f"{percents} randomized {levels[0].goal_noun}s"
    return " / ".join(training_label(level, with_level_name=True) for level in levels)


def build_versus_clip(agents: list[Agent], paths: list[Path], request: ClipRequest) -> Clip:
    """Both agents play the same placement with the same action seed (the first agent's level places it)."""
    if request.compare:
        raise ValueError("--compare shows one agent on two placements and --versus two agents on one: use one of them")
    named: list[NamedAgent] = name_agents(paths, agents)
    check_same_grid(named)
    level = agents[0].level
    if request.move is None:
        episode, what = level.default_episode(), "as in training"
    else:
        entity_id, cell = parse_move(request.move, level)
        episode, what = moved_episode(level, entity_id, cell), f"{entity_id} moved to {cell}"
    plays = [play_episode(a.policy, a.level, episode, request.greedy, request.seed) for a in agents]
    names = [n.name for n in named]
    actions = "greedy actions" if request.greedy else f"sampled actions, seed {request.seed}"
    headings = [(f"{name}", play.verdict, OUTCOME_RGBS[play.outcome]) for name, play in zip(names, plays)]
    backdrop = compose_backdrop((level.shape[0] * request.tile, level.shape[1] * request.tile), headings,
                                f"{level.name}: " + versus_caption(what, names, plays, [a.level for a in agents]),
                                f"same placement, {actions}", agents[0].curve, [],
                                curves=[(name, a.curve) for name, a in zip(names, agents)])
    return Clip(plays, backdrop, request.timing, request.tile)
