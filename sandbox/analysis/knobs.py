"""Knobs a sweep can turn: each names one field of a level's training distribution and sets it.

A sweep trains one agent per (knob value, seed) on the level with that value set, so each knob is a
name (as typed after `--knob` and written in the CSV), the label of the figure's x axis, the values
it accepts, and how it changes a level. The level itself is never edited; `apply` returns a copy.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Callable

import numpy as np

from sandbox.world import AnyFree, Entity, Level, Rect, tiles
from sandbox.world.level_file import MAX_RANDOM_WALLS, MAX_SIZE, MAX_STEPS_LIMIT

MAX_DISTRACTORS = 8
"""Extra markers a sweep may add: more than a small room's few free cells can hold anyway."""
MAX_CORNER = MAX_SIZE - 2
"""The largest corner: the interior of the largest level (its outer ring is wall)."""
DISTRACTOR_PREFIX = "distractor"
REGION_PREFIX = "region:"


@dataclass(frozen=True)
class Knob:
    """One field a sweep varies: `set(level, value)` returns the level with that field changed."""

    name: str
    label: str
    lo: float
    hi: float
    whole: bool
    set: Callable[[Level, float], Level]

    def parse(self, text: str) -> float:
        """One typed value, checked against this knob's range; ValueError saying what is allowed."""
        allowed = f"{self.lo:g} to {self.hi:g}{', whole numbers' if self.whole else ''}"
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"{self.name}: {text[:30]!r} is not a number (allowed: {allowed})") from None
        if not math.isfinite(value) or not self.lo <= value <= self.hi or (self.whole and value != int(value)):
            raise ValueError(f"{self.name}: {text[:30]!r} is out of range (allowed: {allowed})")
        return value

    @property
    def slug(self) -> str:
        """The name as a piece of a file name: 'region:coin' -> 'region_coin'."""
        return self.name.replace(":", "_")


def with_random_percent(level: Level, percent: float | None) -> Level:
    """`level` with its randomized-goal percentage replaced (None: unchanged); an agent trained on it
    records the changed level, so evaluation knows what it was trained on."""
    if percent is None:
        return level
    if not 0 <= percent <= 100:
        raise ValueError(f"the randomized-goal percentage must be between 0 and 100, not {percent:g}")
    return replace(level, procedural=replace(level.procedural, randomized_goal_percent=percent))


def with_random_walls(level: Level, density: float) -> Level:
    return replace(level, procedural=replace(level.procedural, random_walls=density))


def with_max_steps(level: Level, steps: float) -> Level:
    return replace(level, max_steps=int(steps))


def with_distractors(level: Level, count: float) -> Level:
    """`level` with `count` markers that may appear on any free cell and pay nothing (earlier ones
    removed first, so setting the knob twice does not add up). Each has its own colour and shape."""
    kept = [e for e in level.entities if not e.id.startswith(DISTRACTOR_PREFIX)]
    taken = {e.at for e in kept}
    free = [(int(r), int(c)) for r, c in zip(*np.nonzero(~level.walls)) if (int(r), int(c)) not in taken]
    if int(count) > len(free):
        raise ValueError(f"level '{level.name}' has {len(free)} free cells left, too few for {int(count)} distractors")
    looks = [(colour, shape) for shape in tiles.SHAPES for colour in tiles.COLOURS]
    added = [Entity(f"{DISTRACTOR_PREFIX}{i + 1}", "marker", free[i], (AnyFree(),), *looks[i])
             for i in range(int(count))]
    return replace(level, entities=kept + added)


def corner(level: Level, size: int) -> Rect:
    """The top-right `size` x `size` corner of the level's interior (the box around its free cells)."""
    rows, cols = np.nonzero(~level.walls)
    top, right = int(rows.min()), int(cols.max())
    height, width = int(rows.max()) - top + 1, right - int(cols.min()) + 1
    if size > min(height, width):
        raise ValueError(f"region size {size} does not fit: the interior of '{level.name}' is {height}x{width} cells")
    return Rect(top, right - size + 1, top + size - 1, right)


def region_knob(entity_id: str) -> Knob:
    """The cheese-in-the-corner knob (Langosco et al.): `entity_id` may appear during training only in
    the top-right k x k corner; its default cell moves into the corner if it is not there already."""

    def set_corner(level: Level, size: float) -> Level:
        ids = [e.id for e in level.entities]
        if entity_id not in ids:
            raise ValueError(f"level '{level.name}' has no thing '{entity_id}' (its things: {', '.join(ids)})")
        rect = corner(level, int(size))
        taken = {e.at for e in level.entities if e.id != entity_id}
        inside = [(r, c) for r in range(rect.top, rect.bottom + 1) for c in range(rect.right, rect.left - 1, -1)
                  if not level.walls[r, c] and (r, c) not in taken]
        if not inside:
            raise ValueError(f"region size {int(size)}: the top-right corner of '{level.name}' has no free cell "
                             f"for {entity_id}")
        entity = level.entity(entity_id)
        at = entity.at if entity.at in inside else inside[0]
        moved = replace(entity, at=at, region=(rect,))
        return replace(level, entities=[moved if e.id == entity_id else e for e in level.entities])

    return Knob(f"{REGION_PREFIX}{entity_id}", f"size k of {entity_id}'s training region (top-right k x k corner)",
                1, MAX_CORNER, True, set_corner)


KNOBS = {
    "randomized": Knob("randomized", "randomized-goal percentage in training", 0, 100, False, with_random_percent),
    "walls": Knob("walls", "random-wall density in training", 0, MAX_RANDOM_WALLS, False, with_random_walls),
    "distractors": Knob("distractors", "distractor markers placed anywhere", 0, MAX_DISTRACTORS, True,
                        with_distractors),
    "max_steps": Knob("max_steps", "step limit per episode", 1, MAX_STEPS_LIMIT, True, with_max_steps),
}
ALLOWED = ", ".join([*KNOBS, f"{REGION_PREFIX}<thing id>"])


def knob_named(name: str) -> Knob:
    """The knob called `name` ('walls', 'region:coin', ...); ValueError listing the allowed ones."""
    if name.startswith(REGION_PREFIX) and name[len(REGION_PREFIX):].strip():
        return region_knob(name[len(REGION_PREFIX):].strip())
    if name in KNOBS:
        return KNOBS[name]
    raise ValueError(f"unknown knob {name[:30]!r} (allowed: {ALLOWED})")


def parse_knob(text: str) -> tuple[Knob, list[float]]:
    """'region:coin=1,2,4' -> (the knob, [1.0, 2.0, 4.0]), values sorted and each range-checked."""
    name, sign, values = text.partition("=")
    if not sign:
        raise ValueError(f"{text[:30]!r}: write NAME=V,V,... e.g. region:coin=1,2,4 (knobs: {ALLOWED})")
    knob = knob_named(name.strip())
    parts = [part.strip() for part in values.split(",") if part.strip()]
    if not parts:
        raise ValueError(f"{knob.name}: give values after '=', separated by commas")
    return knob, sorted({knob.parse(part) for part in parts})
