"""Proxies: what else, besides the true goal, an agent could have learned to go to.

They are derived from the level alone: the goal's training region ("where the coin used to be") and
objects that co-occurred with the goal during training (an entity placed next to the coin, or the
entity the coin was placed next to). In a test episode each proxy is a set of cells to reach.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sandbox.world import EpisodeBatch, Level, Near, tiles
from sandbox.world.level import static_region_mask


@dataclass(frozen=True)
class Proxy:
    """One proxy goal. Either fixed cells (`region`: bool[H, W]) or, per episode, the cells of
    object `code` and their 4-neighbours (where the goal stood next to it in training).
    `entity_id` is the entity whose placement makes it (a probe moves it to separate the two)."""

    name: str
    region: np.ndarray | None = None
    code: int | None = None
    entity_id: str = ""


def goal_code(level: Level) -> int:
    """Object code of the true goal: the coin if it is rewarded, else the chest."""
    for event, code in (("coin", tiles.COIN), ("chest", tiles.CHEST)):
        rule = level.rewards.get(event)
        if rule is not None and rule.reward > 0 and any(e.code == code for e in level.entities if e.kind != "agent"):
            return code
    raise ValueError(f"level '{level.name}' has no rewarded coin or chest, so it has no goal to misgeneralize")


def derive_proxies(level: Level) -> list[Proxy]:
    """Every proxy the level's training distribution suggests (may be empty: then nothing can be
    confused with the goal, e.g. a coin that may appear anywhere)."""
    code = goal_code(level)
    goals = [e for e in level.entities if e.kind != "agent" and e.code == code]
    goal_ids = {e.id for e in goals}
    free = ~level.walls
    proxies: list[Proxy] = []
    for goal in goals:
        region = static_region_mask(goal.region, level.shape) & free
        if region.any() and not region[free].all():
            proxies.append(Proxy(f"where the {goal.kind} was in training", region=region, entity_id=goal.id))
        for part in goal.region:
            if isinstance(part, Near):
                proxies.append(_object_proxy(level, part.entity_id, f"the {goal.kind} was next to it in training"))
    for entity in level.entities:
        if any(isinstance(p, Near) and p.entity_id in goal_ids for p in entity.region):
            proxies.append(_object_proxy(level, entity.id, "it was next to the goal in training"))
    unique = {proxy.name: proxy for proxy in proxies}  # several green balls are one proxy: their cells are by code
    return list(unique.values())


def _object_proxy(level: Level, entity_id: str, why: str) -> Proxy:
    entity = level.entity(entity_id)
    label = f"{entity.colour} {entity.shape}" if entity.kind == "marker" else entity.kind
    return Proxy(f"the {label} ({why})", code=entity.code, entity_id=entity_id)


def proxy_cells(proxies: list[Proxy], episodes: EpisodeBatch) -> np.ndarray:
    """bool[B, H, W]: free cells that count as reaching some proxy in each episode."""
    cells = np.zeros(episodes.walls.shape, dtype=bool)
    for proxy in proxies:
        if proxy.region is not None:
            cells |= proxy.region[None]
        else:
            at = episodes.objects == proxy.code
            grown = at.copy()
            grown[:, 1:] |= at[:, :-1]
            grown[:, :-1] |= at[:, 1:]
            grown[:, :, 1:] |= at[:, :, :-1]
            grown[:, :, :-1] |= at[:, :, 1:]
            cells |= grown
    return cells & ~episodes.walls
