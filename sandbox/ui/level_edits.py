"""The edits a person can make to a level, each keeping it a loadable `Level` or refusing.

A refused edit raises `EditRefused` with a one-line hint for the status bar; the level is left
untouched. Nothing here draws, so the rules can be tested without a window.
"""
from __future__ import annotations

import numpy as np

from sandbox.world import Cells, Entity, Level, Near, Procedural, Rect, RewardRule
from sandbox.world.level import static_region_mask
from sandbox.world.reachability import distance_map

Cell = tuple[int, int]


class EditRefused(Exception):
    """An edit that would make the level impossible; the message says what to do instead."""


def describe(entity: Entity) -> str:
    if entity.kind == "marker":
        return f"the {entity.colour} {entity.shape} ({entity.id})"
    name = "the agent start" if entity.kind == "agent" else f"the {entity.kind}"
    return name + ("" if entity.id == entity.kind else f" ({entity.id})")


def new_level(height: int = 9, width: int = 9) -> Level:
    """An empty walled room with the agent on the left and a coin on the right."""
    walls = np.ones((height, width), dtype=bool)
    walls[1:-1, 1:-1] = False
    middle = height // 2
    entities = [Entity("start", "agent", (middle, 1), (Cells(((middle, 1),)),)),
                Entity("coin", "coin", (middle, width - 2), (Cells(((middle, width - 2),)),))]
    return Level("Untitled", walls, entities, Procedural(), {"coin": RewardRule(1.0, True)}, 64)


def entity_at(level: Level, cell: Cell) -> Entity | None:
    return next((e for e in level.entities if tuple(e.at) == tuple(cell)), None)


def _on_border(level: Level, cell: Cell) -> bool:
    height, width = level.shape
    return cell[0] in (0, height - 1) or cell[1] in (0, width - 1)


def paint_wall(level: Level, cell: Cell) -> bool:
    """Make `cell` a wall. Returns whether anything changed."""
    if level.walls[cell]:
        return False
    occupant = entity_at(level, cell)
    if occupant is not None:
        raise EditRefused(f"A wall cannot go on {describe(occupant)}: move it first, or erase it.")
    level.walls[cell] = True
    for entity in level.entities:
        if any(isinstance(p, Rect) and level.walls[p.top:p.bottom + 1, p.left:p.right + 1].all() for p in entity.region):
            level.walls[cell] = False
            raise EditRefused(f"That wall would leave {describe(entity)} a training region with no free cell.")
    for entity in level.entities:
        entity.region = tuple(Cells(tuple(c for c in p.cells if c != tuple(cell))) if isinstance(p, Cells) else p
                              for p in entity.region)
        entity.region = tuple(p for p in entity.region if not (isinstance(p, Cells) and not p.cells))
    return True


def erase(level: Level, cell: Cell) -> bool:
    """Remove the entity on `cell`, or else its wall. Returns whether anything changed."""
    occupant = entity_at(level, cell)
    if occupant is not None:
        remove_entity(level, occupant)
        return True
    if not level.walls[cell]:
        return False
    if _on_border(level, cell):
        raise EditRefused("The outer ring of a level is always wall.")
    level.walls[cell] = False
    return True


def remove_entity(level: Level, entity: Entity) -> None:
    if entity.kind == "agent":
        raise EditRefused("A level needs its agent start: move it with the agent tool instead.")
    users = [e for e in level.entities
             if any(isinstance(p, Near) and p.entity_id == entity.id for p in e.placement_parts())]
    if users:
        raise EditRefused(f"{describe(users[0]).capitalize()} is placed relative to {entity.id}; "
                          f"change its placement first.")
    level.entities.remove(entity)


def _unique_id(level: Level, base: str) -> str:
    taken = {e.id for e in level.entities}
    if base not in taken:
        return base
    number = 2
    while f"{base}_{number}" in taken:
        number += 1
    return f"{base}_{number}"


def place_entity(level: Level, kind: str, cell: Cell, colour: str | None = None, shape: str | None = None) -> Entity:
    """Put a new entity on `cell` (the agent start moves instead); an entity already there is returned."""
    cell = (int(cell[0]), int(cell[1]))
    if kind == "agent":
        move_entity(level, level.agent, cell)
        return level.agent
    occupant = entity_at(level, cell)
    if occupant is not None:
        return occupant
    if level.walls[cell]:
        raise EditRefused("Things cannot stand on walls: erase the wall first.")
    base = f"{colour}_{shape}" if kind == "marker" else kind
    entity = Entity(_unique_id(level, base), kind, cell, (Cells((cell,)),),
                    colour if kind == "marker" else None, shape if kind == "marker" else None)
    level.entities.append(entity)
    return entity


def move_entity(level: Level, entity: Entity, cell: Cell) -> bool:
    """Move an entity's default place; a one-cell region follows it, a wider one grows to include it."""
    cell = (int(cell[0]), int(cell[1]))
    if tuple(entity.at) == cell:
        return False
    if level.walls[cell]:
        raise EditRefused(f"{describe(entity).capitalize()} cannot stand on a wall.")
    occupant = entity_at(level, cell)
    if occupant is not None:
        raise EditRefused(f"That cell already holds {describe(occupant)}.")
    if entity.region == (Cells((tuple(entity.at),)),):
        entity.region = (Cells((cell,)),)
    elif not static_region_mask(entity.region, level.shape)[cell]:
        entity.region = entity.region + (Cells((cell,)),)
        _set_region_mask(level, entity, region_mask(level, entity))
    entity.at = cell
    return True


def region_mask(level: Level, entity: Entity) -> np.ndarray:
    """bool[H, W] free cells the entity's fixed region parts allow (its `near` parts are not cells)."""
    return static_region_mask(entity.region, level.shape) & ~level.walls


def _set_region_mask(level: Level, entity: Entity, mask: np.ndarray) -> None:
    """Write `mask` back as the simplest region: its own cell, a rectangle, or a cell list."""
    near = tuple(p for p in entity.region if isinstance(p, Near))
    rows, cols = np.nonzero(mask)
    box = np.zeros_like(mask)
    box[rows.min():rows.max() + 1, cols.min():cols.max() + 1] = True
    if mask.sum() > 1 and np.array_equal(box & ~level.walls, mask):
        part = Rect(int(rows.min()), int(cols.min()), int(rows.max()), int(cols.max()))
    else:
        part = Cells(tuple((int(r), int(c)) for r, c in zip(rows, cols)))
    entity.region = (part,) + near


def set_region_cell(level: Level, entity: Entity, cell: Cell, include: bool) -> bool:
    """Add `cell` to (or take it out of) where `entity` may appear during training."""
    cell = (int(cell[0]), int(cell[1]))
    mask = region_mask(level, entity)
    if mask[cell] == include:
        return False
    if include and level.walls[cell]:
        raise EditRefused("A training region holds free cells only: this one is a wall.")
    if not include and cell == tuple(entity.at):
        raise EditRefused(f"{describe(entity).capitalize()}'s region must keep a free cell: its own. Move it first.")
    mask[cell] = include
    _set_region_mask(level, entity, mask)
    return True


Rule = tuple[str, int]  # (entity id, steps)


def placement_rules(entity: Entity) -> tuple[Rule | None, Rule | None]:
    """The rules the Placement dialog edits: (within k steps of X, never within k steps of Y)."""
    near = next(((p.entity_id, p.within) for p in entity.region if isinstance(p, Near)), None)
    away = next(((p.entity_id, p.within) for p in entity.excluded if isinstance(p, Near)), None)
    return near, away


def set_placement(level: Level, entity: Entity, near: Rule | None, away: Rule | None) -> bool:
    """Place `entity` within k steps of another entity instead of its painted cells (`near` None: its
    painted cells), and never within k steps of another (`away` None: no such rule). Refused when
    its default cell breaks the new rules, so the level stays loadable."""
    steps_from = {}
    for rule in (near, away):
        if rule is not None:
            target = level.entity(rule[0])
            steps_from[rule] = int(distance_map(level.walls, target.at)[entity.at])
    if near is not None and not 0 < steps_from[near] <= near[1]:
        raise EditRefused(f"{describe(entity).capitalize()} stands {_steps_words(steps_from[near])} from {near[0]}: "
                          f"move it within {near[1]} first, or allow more steps.")
    if away is not None and 0 <= steps_from[away] <= away[1]:
        raise EditRefused(f"{describe(entity).capitalize()} stands {_steps_words(steps_from[away])} from {away[0]}: "
                          f"move it further away first, or keep it fewer steps away.")
    painted = tuple(p for p in entity.region if not isinstance(p, Near)) or (Cells((tuple(entity.at),)),)
    region = (Near(*near),) if near is not None else painted
    excluded = tuple(p for p in entity.excluded if not isinstance(p, Near)) + ((Near(*away),) if away else ())
    changed = (region, excluded) != (entity.region, entity.excluded)
    entity.region, entity.excluded = region, excluded
    return changed


def _steps_words(steps: int) -> str:
    return "out of reach" if steps < 0 else "one step" if steps == 1 else f"{steps} steps"
