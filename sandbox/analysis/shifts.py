"""Shifted test episodes from a short spec such as `coin=left-half`: training episodes with one
entity moved to a random reachable free cell of a named area (the command line's `--shift`)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sandbox.world import EpisodeBatch, Level
from sandbox.world.level import static_region_mask
from sandbox.world.reachability import reachable

AREAS = ("anywhere", "outside", "left-half", "right-half", "top-half", "bottom-half")


@dataclass(frozen=True)
class Shift:
    """Move entity `entity_id` to a cell of `area` (one of AREAS; `outside` = off its training region)."""

    entity_id: str
    area: str

    @property
    def label(self) -> str:
        return f"{self.entity_id}={self.area}"


def parse_shift(text: str, level: Level) -> Shift:
    """`ENTITY=AREA` -> Shift; ValueError with the choices if either part is unknown."""
    entity_id, _, area = text.partition("=")
    ids = [e.id for e in level.entities if e.kind != "agent"]
    if entity_id not in ids:
        raise ValueError(f"--shift {text!r}: level '{level.name}' has no entity '{entity_id}' (it has {', '.join(ids)})")
    twins = [e.id for e in level.entities if e.code == level.entity(entity_id).code]
    if len(twins) > 1:  # episodes place objects, not named entities: which twin moves would be a guess
        raise ValueError(f"--shift {text!r}: {', '.join(twins)} look the same, so one of them cannot be moved "
                         f"on its own")
    if area not in AREAS:
        raise ValueError(f"--shift {text!r}: unknown area '{area}' (use one of {', '.join(AREAS)})")
    return Shift(entity_id, area)


def area_mask(shift: Shift, level: Level) -> np.ndarray:
    """bool[H, W] cells the shifted entity may be moved to (walls are removed per episode)."""
    height, width = level.shape
    mask = np.zeros(level.shape, dtype=bool)
    if shift.area == "outside":
        return ~static_region_mask(level.entity(shift.entity_id).region, level.shape)
    rows, cols = {"anywhere": (slice(None), slice(None)), "left-half": (slice(None), slice(0, width // 2)),
                  "right-half": (slice(None), slice((width + 1) // 2, None)),
                  "top-half": (slice(0, height // 2), slice(None)),
                  "bottom-half": (slice((height + 1) // 2, None), slice(None))}[shift.area]
    mask[rows, cols] = True
    return mask


def apply_shift(shift: Shift, level: Level, episodes: EpisodeBatch, seed: int) -> EpisodeBatch:
    """A copy of `episodes` with the entity moved; episodes with no free reachable target cell
    (or without the entity) are dropped, so the result may be shorter."""
    code = level.entity(shift.entity_id).code
    return relocate(episodes, code, np.broadcast_to(area_mask(shift, level), episodes.walls.shape), seed)


def relocate(episodes: EpisodeBatch, code: int, allowed: np.ndarray, seed: int) -> EpisodeBatch:
    """A copy of `episodes` with every object `code` moved to a different random cell of `allowed`
    (bool[B, H, W]) that is free, empty and reachable, and not the start. Episodes without the object
    or without enough such cells are dropped, so none of the kept ones has the object outside
    `allowed`: a test labelled "moved off X" never leaves it on X."""
    count, height, width = episodes.walls.shape
    objects = episodes.objects.reshape(count, -1).copy()
    where = objects == code
    objects[where] = 0
    reach = reachable(episodes.walls, episodes.agent).reshape(count, -1)
    open_cells = allowed.reshape(count, -1) & reach & (objects == 0)
    open_cells[np.arange(count), episodes.agent[:, 0] * width + episodes.agent[:, 1]] = False
    needed = where.sum(axis=1)
    keep = (needed > 0) & (open_cells.sum(axis=1) >= needed)
    score = np.random.default_rng(seed).random(open_cells.shape)
    score[~open_cells] = -1.0
    ranked = np.argsort(-score, axis=1, kind="stable")  # best cells first; one per object to place
    place = np.arange(objects.shape[1])[None, :] < needed[:, None]
    rows = np.repeat(np.arange(count), objects.shape[1]).reshape(count, -1)
    objects[rows[place], ranked[place]] = code
    return EpisodeBatch(episodes.walls[keep].copy(), objects.reshape(count, height, width)[keep],
                        episodes.agent[keep].copy())


def add_objects(episodes: EpisodeBatch, code: int, count: int, seed: int) -> EpisodeBatch:
    """A copy of `episodes` with `count` more objects `code` on random free, empty, reachable cells
    (not the start); episodes without room for them all are dropped."""
    batch, height, width = episodes.walls.shape
    objects = episodes.objects.reshape(batch, -1).copy()
    open_cells = reachable(episodes.walls, episodes.agent).reshape(batch, -1) & (objects == 0)
    open_cells[np.arange(batch), episodes.agent[:, 0] * width + episodes.agent[:, 1]] = False
    keep = open_cells.sum(axis=1) >= count
    score = np.random.default_rng(seed).random(open_cells.shape)
    score[~open_cells] = -1.0
    chosen = np.argsort(-score, axis=1, kind="stable")[:, :count]
    objects[np.arange(batch)[:, None], chosen] = code
    return EpisodeBatch(episodes.walls[keep].copy(), objects.reshape(batch, height, width)[keep],
                        episodes.agent[keep].copy())
