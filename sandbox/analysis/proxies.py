"""Proxies: what else, besides the true goal, an agent could have learned to go to.

They are derived from the level alone, and this one list is what both `eval` and `probe` use:
- "region": the goal's training region ("where the coin was in training");
- "object": an object that co-occurred with the goal (an entity placed next to the coin, or the
  entity the coin was placed next to);
- "start": the cells next to where the agent starts, when the goal was placed next to the start
  (or the start next to the goal);
- "keys": the keys, when chests pay and need them.

A proxy that depends on the goal's own placement only holds in the training episodes where the goal
was not randomized: it carries that `share`, and at 100% randomized goal it does not exist.
In a test episode the region, object and start proxies are sets of cells (`proxy_cells`).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sandbox.analysis.region_names import describe_region
from sandbox.world import Entity, EpisodeBatch, Level, Near, kinds, tiles
from sandbox.world.level import static_region_mask
from sandbox.world.reachability import within_steps

PLACE_KINDS = ("region", "object", "start")
KIND_ORDER = ("region", "start", "object", "keys")


@dataclass(frozen=True)
class Proxy:
    """One proxy goal.

    kind: "region" (fixed cells `region`: bool[H, W]), "object" (the cells within the `reach` of its
    kind of object `code` in each episode), "start" (the free cells at most `steps` moves from the agent's
    start) or "keys"; name: what it is and why it is a proxy; place: the short words for it ("the
    rightmost column"); share: the fraction of training episodes in which it coincided with the goal
    by construction.
    """

    name: str
    region: np.ndarray | None = None
    code: int | None = None
    kind: str = "region"
    place: str = ""
    share: float = 1.0
    steps: int = 1


def goal_code(level: Level) -> int:
    """Object code of the true goal (see `Level.goal_code`); an error without one."""
    code = level.goal_code
    if code is None:
        raise ValueError(f"level '{level.name}' has no rewarded coin, chest or marker, so it has no goal to "
                         f"misgeneralize")
    return code


def goal_entities(level: Level) -> list[Entity]:
    """The entities that are the goal (every coin, every chest, or every marker of the rewarded look)."""
    code = goal_code(level)
    return [e for e in level.entities if e.kind != "agent" and e.code == code]


def randomized_share(level: Level) -> float:
    """Fraction (0-1) of training episodes in which the goal ignores its region."""
    return level.procedural.randomized_goal_percent / 100.0


def derive_proxies(level: Level) -> list[Proxy]:
    """Every proxy the level's training distribution suggests, regions first (may be empty: then
    nothing can be confused with the goal, e.g. a coin that may appear anywhere)."""
    goals = goal_entities(level)
    goal_ids = {e.id for e in goals}
    kept = 1.0 - randomized_share(level)  # share of episodes where the goal keeps to its region
    proxies: list[Proxy] = []
    if kept > 0:
        for goal in goals:
            proxies.extend(_goal_region_proxies(level, goal, kept))
    for entity in level.entities:
        for part in entity.region:
            if isinstance(part, Near) and part.entity_id in goal_ids:
                if entity.kind == "agent":
                    proxies.append(_start_proxy(level.goal_noun, 1.0, part.within))
                else:
                    why = f"it was {near_words(part.within)} the goal in training"
                    proxies.append(_object_proxy(level, entity.id, why, 1.0))
    needed = kinds.KIND[kinds.KIND_OF_CODE[goal_code(level)]].needs
    if needed is not None and any(e.kind == needed for e in level.entities):
        proxies.append(Proxy(f"the {needed}s (needed for every {level.goal_noun} in training)",
                             code=tiles.object_code(needed), kind="keys", place=f"{needed}s"))
    unique = {proxy.name: proxy for proxy in proxies}  # several green balls are one proxy: their cells are by code
    return sorted(unique.values(), key=lambda p: KIND_ORDER.index(p.kind))


def _goal_region_proxies(level: Level, goal: Entity, kept: float) -> list[Proxy]:
    free = ~level.walls
    found = []
    noun = kinds.code_noun(goal.code)
    region = static_region_mask(goal.region, level.shape) & free & ~static_region_mask(goal.excluded, level.shape)
    if region.any() and not region[free].all():
        place = describe_region(region, free)
        found.append(Proxy(f"where the {noun} was {_in_share(kept)}({place})", region=region, kind="region",
                           place=place, share=kept))
    for part in goal.region:
        if isinstance(part, Near):
            if level.entity(part.entity_id).kind == "agent":
                found.append(_start_proxy(noun, kept, part.within))
            else:
                why = f"the {noun} was {near_words(part.within)} it {_in_share(kept)}".rstrip()
                found.append(_object_proxy(level, part.entity_id, why, kept))
    return found


def _in_share(kept: float) -> str:
    return "in training " if kept >= 1.0 else f"in {kept:.0%} of training episodes "


def near_words(steps: int) -> str:
    """'next to' for one step, else 'within 3 steps of'."""
    return "next to" if steps == 1 else f"within {steps} steps of"


def start_place(steps: int) -> str:
    """The start proxy's short words: 'next to where it starts'."""
    return f"{near_words(steps)} where it starts"


def _start_proxy(goal_kind: str, kept: float, steps: int) -> Proxy:
    why = f"the {goal_kind} was {near_words(steps)} it {_in_share(kept)}".rstrip()
    return Proxy(f"the cells {near_words(steps)} where the agent starts ({why})", kind="start",
                 place=start_place(steps), share=kept, steps=steps)


def _object_proxy(level: Level, entity_id: str, why: str, share: float) -> Proxy:
    entity = level.entity(entity_id)
    label = f"{entity.colour} {entity.shape}" if entity.kind == "marker" else entity.kind
    return Proxy(f"the {label} ({why})", code=entity.code, kind="object", place=f"the {label}", share=share)


def start_cells(episodes: EpisodeBatch) -> np.ndarray:
    """bool[B, H, W]: each episode's start cell."""
    at = np.zeros(episodes.walls.shape, dtype=bool)
    at[np.arange(len(episodes)), episodes.agent[:, 0], episodes.agent[:, 1]] = True
    return at


def object_cells(episodes: EpisodeBatch, code: int) -> np.ndarray:
    """bool[B, H, W]: the cells that count as going to object `code` (within its kind's `reach`)."""
    reach = kinds.KIND[kinds.KIND_OF_CODE[code]].reach
    return within_steps(episodes.walls, episodes.objects == code, reach)


def near_start(episodes: EpisodeBatch, steps: int) -> np.ndarray:
    """bool[B, H, W]: the free cells at most `steps` moves from each episode's start."""
    return within_steps(episodes.walls, start_cells(episodes), steps)


def proxy_cells(proxies: list[Proxy], episodes: EpisodeBatch) -> np.ndarray:
    """bool[B, H, W]: free cells that count as reaching some proxy in each episode (keys, which are
    not a place to reach, add none)."""
    cells = np.zeros(episodes.walls.shape, dtype=bool)
    for proxy in proxies:
        if proxy.kind == "region":
            cells |= proxy.region[None]
        elif proxy.kind == "object":
            cells |= object_cells(episodes, proxy.code)
        elif proxy.kind == "start":
            cells |= near_start(episodes, proxy.steps)
    return cells & ~episodes.walls
