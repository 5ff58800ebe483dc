"""Checks that need more than one field: references, reachability, and whether the training
distribution can produce solvable episodes at all (an error at load time, never a hang later)."""
from __future__ import annotations

import numpy as np

from sandbox.world import kinds
from sandbox.world.errors import LevelError
from sandbox.world.level import Cells, Level, Near, Rect, static_region_mask
from sandbox.world.reachability import distance_map
from sandbox.world.sampler import EpisodeSampler, entity_order

TRIAL_EPISODES = 512


def check_level(level: Level) -> None:
    """Raise `LevelError` if the level cannot be trained on."""
    _check_references(level)
    _check_regions(level)
    _check_reward_source(level)
    check_default_episode(level)
    _check_distribution(level)


def _fail(level: Level, field: str, problem: str, cell: tuple[int, int] | None = None) -> LevelError:
    row, col = (cell if cell is not None else (None, None))
    return LevelError(level.source, field, problem, row=row, col=col)


def _check_references(level: Level) -> None:
    ids = {e.id for e in level.entities}
    for i, entity in enumerate(level.entities):
        for field, region in (("region", entity.region), ("except", entity.excluded)):
            for part in region:
                if isinstance(part, Near) and (part.entity_id not in ids or part.entity_id == entity.id):
                    what = "itself" if part.entity_id == entity.id else f"unknown entity {part.entity_id!r}"
                    raise _fail(level, f"entities[{i}].{field}",
                                f"'near' refers to {what} (ids: {', '.join(sorted(ids))})")
    try:
        entity_order(level)
    except ValueError:
        raise _fail(level, "entities", "'near' regions refer to each other in a circle") from None


def _check_regions(level: Level) -> None:
    free = ~level.walls
    for i, entity in enumerate(level.entities):
        field = f"entities[{i}].region"
        static = static_region_mask(entity.region, level.shape)
        relative = any(isinstance(p, Near) for p in entity.region)
        if not relative and not (static & free).any():
            raise _fail(level, field, f"{entity.id}'s training region has no free cell (all walls)")
        for part in entity.region:
            if isinstance(part, Rect) and not free[part.top:part.bottom + 1, part.left:part.right + 1].any():
                raise _fail(level, field, f"rows {part.top}-{part.bottom}, columns {part.left}-{part.right} are all walls")
            if isinstance(part, Cells):
                wall = next((c for c in part.cells if level.walls[c]), None)
                if wall is not None:
                    raise _fail(level, field, f"{entity.id}'s region lists a wall cell", wall)
        if not static[entity.at] and not _near_default(level, entity.region, entity.at):
            raise _fail(level, f"entities[{i}].at", f"{entity.id} is outside its own training region", entity.at)
        if static_region_mask(entity.excluded, level.shape)[entity.at] or _near_default(level, entity.excluded,
                                                                                         entity.at):
            raise _fail(level, f"entities[{i}].at", f"{entity.id} stands in a cell its 'except' rules out", entity.at)


def _near_default(level: Level, region: tuple, cell: tuple[int, int]) -> bool:
    """Is `cell` within a `near` part's steps of the default place of the entity it refers to?"""
    for part in region:
        if isinstance(part, Near):
            steps = distance_map(level.walls, level.entity(part.entity_id).at)[cell]
            if 0 < steps <= part.within:
                return True
    return False


def _check_reward_source(level: Level) -> None:
    paid = level.paid_codes
    if not paid:
        raise _fail(level, "rewards", "nothing in this level gives a positive reward (add a coin with rewards.coin, "
                                      "a chest and key with rewards.chest, or pay for a marker's look, such as "
                                      "rewards[\"red ball\"])")
    present = {e.kind for e in level.entities}
    for code in sorted(paid):
        needed = kinds.KIND[kinds.KIND_OF_CODE[code]].needs
        if needed is not None and needed not in present and len(paid) == 1:
            raise _fail(level, "entities", f"{kinds.code_noun(code)}s only open with a {needed}, "
                                           f"and this level has no {needed}")


def check_default_episode(level: Level) -> None:
    """Every entity's default cell must be reachable from the agent's default start."""
    dist = distance_map(level.walls, level.agent.at)
    for i, entity in enumerate(level.entities):
        if dist[entity.at] < 0:
            raise _fail(level, f"entities[{i}].at", f"{entity.id} cannot be reached from the agent start", entity.at)


def _check_distribution(level: Level) -> None:
    sampler = EpisodeSampler(level)
    keys = np.arange(TRIAL_EPISODES, dtype=np.uint64)
    tried = sampler.try_once(keys)
    if tried.valid.any():
        return
    worst = np.bincount(tried.failed_entity[tried.failed_entity >= 0]).argmax()
    entity = level.entities[worst]
    raise _fail(level, "procedural",
                f"none of {TRIAL_EPISODES} sampled training episodes was solvable; most often "
                f"{entity.id} could not be placed or reached. Lower random_walls or widen its region")
