"""From an agent and a move to a ready clip: play the episodes, write the caption, lay it out."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sandbox.analysis.single_play import Play, play_episode
from sandbox.env.rendering import region_cells
from sandbox.media.backdrop import OUTCOME_RGBS, Marker, compose_backdrop
from sandbox.media.clip import Clip, Timing
from sandbox.media.episode_move import moved_episode, parse_move
from sandbox.rl import Agent


@dataclass(frozen=True)
class ClipRequest:
    """What to show: `move` like 'coin=2,5' (None: the training placement); `compare` adds the
    training placement beside the moved one; `seed` fixes the sampled actions."""

    move: str | None = None
    compare: bool = False
    seed: int = 0
    greedy: bool = False
    tile: int = 40
    timing: Timing = field(default_factory=Timing)


def build_clip(agent: Agent, request: ClipRequest, agent_name: str) -> Clip:
    level = agent.level
    plays: list[Play] = []
    titles: list[str] = []
    region = None
    if request.move is None or request.compare:
        plays.append(play_episode(agent.policy, level, level.default_episode(), request.greedy, request.seed))
        titles.append("as in training")
    if request.move is not None:
        entity_id, cell = parse_move(request.move, level)
        episode = moved_episode(level, entity_id, cell)
        plays.append(play_episode(agent.policy, level, episode, request.greedy, request.seed))
        titles.append(f"{entity_id} moved to {cell}")
        region = _training_region(agent, entity_id)
    markers = [Marker(play.episode_return, "this episode" if len(plays) == 1 else label)
               for play, label in zip(plays, ("in training", "moved"))]
    actions = "greedy actions" if request.greedy else f"sampled actions, seed {request.seed}"
    note = (f"{agent_name} · {agent.steps:,} training steps · {actions}"
            + ("" if region is None else " · shaded: where it was during training"))
    headings = [(title, play.verdict, OUTCOME_RGBS[play.outcome]) for title, play in zip(titles, plays)]
    backdrop = compose_backdrop(_grid_size(level.shape, request.tile), headings,
                                _caption(level.name, request, plays[-1]), note, agent.curve, markers)
    return Clip(plays, backdrop, request.timing, request.tile, region)


def _grid_size(shape: tuple[int, int], tile: int) -> tuple[int, int]:
    return shape[0] * tile, shape[1] * tile


def _caption(level_name: str, request: ClipRequest, play: Play) -> str:
    what = "as in training" if request.move is None else "{} moved to ({})".format(*request.move.split("=", 1))
    return f"{level_name}: {what} → the agent {play.verdict}"


def _training_region(agent: Agent, entity_id: str) -> np.ndarray | None:
    """Where the moved entity could appear in training (None when it never varied)."""
    index = next(i for i, entity in enumerate(agent.level.entities) if entity.id == entity_id)
    mask = region_cells(agent.level, index)
    return mask if 1 < mask.sum() else None
