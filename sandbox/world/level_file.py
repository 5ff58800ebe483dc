"""Level files: versioned JSON read with a message for every mistake, written atomically.

A level file is meant to be read and written by hand, so the reader checks every field and names
the file, the field and, for the map, the row and column of the first problem it finds. Semantic
checks that need sampling (is the distribution solvable?) live in `validation.py`.

Every size is capped (the file, the entity count, region parts and cells), so a file made by mistake
or on purpose is refused in well under a second instead of taking minutes or gigabytes.
"""
from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from sandbox.atomic_file import replace_atomically
from sandbox.bounded_read import FileRefused, read_bounded
from sandbox.world import kinds, tiles
from sandbox.world.errors import LevelError
from sandbox.world.json_reader import MAX_TEXT, Reader, parse_int, printable
from sandbox.world.level import (AnyFree, Cells, Entity, Episode, Level, Near, Procedural, Rect, RegionPart,
                                 RewardRule)
from sandbox.world.validation import check_default_episode, check_level

FORMAT_VERSION = 1
MIN_SIZE, MAX_SIZE = 5, 32
MAX_STEPS_LIMIT = 10_000
MAX_RANDOM_WALLS = 0.6
TOP_LEVEL_KEYS = {"format", "name", "description", "map", "entities", "procedural", "rewards", "max_steps"}
ENTITY_KEYS = {"id", "kind", "at", "region", "except", "colour", "shape"}
PROCEDURAL_KEYS = {"random_walls", "maze", "randomized_goal_percent"}
REWARD_KEYS = {"reward", "ends_episode"}
MAX_FILE_BYTES = 4 * 2**20
"""The shipped levels are 1-3 KB; a 32x32 level with every cell listed in 64 regions is about 2 MB."""
MAX_ENTITIES = 256
"""A quarter of the largest grid's cells. Loading and checking such a level takes about 4 s (the
editor checks in its own thread); the 800 that once took 105 s are refused."""
MAX_REGION_PARTS = 32
MAX_NEAR_STEPS = 2 * MAX_SIZE
"""A `near` part's `within`: more steps than any path in the largest grid has no further effect."""
MAX_LEVEL_CELLS = 65_536
"""Cells listed in all `cells` regions together: 64 regions each naming every cell of a 32x32 grid."""


def _read_map(reader: Reader, value: Any) -> np.ndarray:
    rows = reader.list(value, "map")
    if not MIN_SIZE <= len(rows) <= MAX_SIZE:
        raise reader.fail("map", f"has {len(rows)} rows; a level has {MIN_SIZE} to {MAX_SIZE}")
    width = None
    walls = []
    for r, text in enumerate(rows):
        text = reader.string(text, f"map[{r}]")
        if width is None:
            width = len(text)
            if not MIN_SIZE <= width <= MAX_SIZE:
                raise reader.fail("map", f"rows are {width} cells wide; a level has {MIN_SIZE} to {MAX_SIZE}", row=r)
        elif len(text) != width:
            raise reader.fail("map", f"row is {len(text)} cells wide but row 0 is {width}", row=r)
        for c, char in enumerate(text):
            if char not in tiles.MAP_CHARS:
                raise reader.fail("map", f"unknown character {char!r} (use '#' for wall, '.' for floor)", row=r, col=c)
        walls.append([tiles.MAP_CHARS[char] for char in text])
    grid = np.array(walls, dtype=bool)
    border_floor = np.argwhere(_border_mask(grid.shape) & ~grid)
    if len(border_floor):
        r, c = border_floor[0]
        raise reader.fail("map", "the outer ring of the map must be walls ('#')", row=int(r), col=int(c))
    return grid


def _border_mask(shape: tuple[int, int]) -> np.ndarray:
    mask = np.ones(shape, dtype=bool)
    mask[1:-1, 1:-1] = False
    return mask


def _read_region_part(reader: Reader, value: Any, field: str, shape: tuple[int, int]) -> RegionPart:
    if value == "any":
        return AnyFree()
    if isinstance(value, str):
        raise reader.fail(field, f"unknown region {value!r} (use \"any\", {{\"rows\", \"cols\"}}, {{\"cells\"}} or {{\"near\"}})")
    part = reader.object(value, field, {"rows", "cols", "cells", "near", "within"})
    if set(part) == {"rows", "cols"}:
        spans = []
        for axis, size in (("rows", shape[0]), ("cols", shape[1])):
            span = reader.list(part[axis], f"{field}.{axis}")
            if len(span) != 2:
                raise reader.fail(f"{field}.{axis}", "expected [first, last]")
            first = reader.integer(span[0], f"{field}.{axis}[0]", 0, size - 1)
            last = reader.integer(span[1], f"{field}.{axis}[1]", first, size - 1)
            spans.append((first, last))
        return Rect(spans[0][0], spans[1][0], spans[0][1], spans[1][1])
    if set(part) == {"cells"}:
        cells = reader.list(part["cells"], f"{field}.cells")
        if not cells:
            raise reader.fail(f"{field}.cells", "lists no cells")
        if len(cells) > shape[0] * shape[1]:
            raise reader.fail(f"{field}.cells", f"lists {len(cells)} cells; the {shape[0]}x{shape[1]} grid has "
                                                f"{shape[0] * shape[1]}")
        reader.cells_read += len(cells)
        if reader.cells_read > MAX_LEVEL_CELLS:
            raise reader.fail(f"{field}.cells", f"the level's regions list more than {MAX_LEVEL_CELLS} cells in all")
        return Cells(tuple(reader.cell(c, f"{field}.cells[{i}]", shape) for i, c in enumerate(cells)))
    if set(part) in ({"near"}, {"near", "within"}):
        within = reader.integer(part.get("within", 1), f"{field}.within", 1, MAX_NEAR_STEPS)
        return Near(reader.string(part["near"], f"{field}.near"), within)
    raise reader.fail(field, "a region part is {\"rows\": [a, b], \"cols\": [c, d]}, {\"cells\": [...]}, "
                             "{\"near\": \"<id>\", \"within\": k} or \"any\"")


def _read_region(reader: Reader, value: Any, field: str, shape: tuple[int, int]) -> tuple[RegionPart, ...]:
    parts = value if isinstance(value, list) else [value]
    if not parts:
        raise reader.fail(field, "is empty; omit it to keep the entity at its 'at' cell"
                          if field.endswith("region") else "is empty; omit it to exclude nothing")
    if len(parts) > MAX_REGION_PARTS:
        raise reader.fail(field, f"has {len(parts)} parts; at most {MAX_REGION_PARTS} (merge cells into one \"cells\" list)")
    return tuple(_read_region_part(reader, p, f"{field}[{i}]" if isinstance(value, list) else field, shape)
                 for i, p in enumerate(parts))


def _read_entity(reader: Reader, value: Any, field: str, shape: tuple[int, int]) -> Entity:
    data = reader.object(value, field, ENTITY_KEYS)
    if "kind" not in data:
        raise reader.fail(field, f"missing 'kind' (one of {', '.join(kinds.KIND)})")
    kind = reader.string(data["kind"], f"{field}.kind")
    if kind not in kinds.KIND:
        raise reader.fail(f"{field}.kind", f"unknown kind {kind!r} (one of {', '.join(kinds.KIND)})")
    if "at" not in data:
        raise reader.fail(field, "missing 'at' ([row, column] of its place in the default episode)")
    at = reader.cell(data["at"], f"{field}.at", shape)
    colour = shape_name = None
    if kind == "marker":
        colour = reader.string(data.get("colour"), f"{field}.colour")
        if colour not in tiles.COLOURS:
            raise reader.fail(f"{field}.colour", f"unknown colour {colour!r} (one of {', '.join(tiles.COLOURS)})")
        shape_name = reader.string(data.get("shape", "ball"), f"{field}.shape")
        if shape_name not in tiles.SHAPES:
            raise reader.fail(f"{field}.shape", f"unknown shape {shape_name!r} (one of {', '.join(tiles.SHAPES)})")
    else:
        for key in ("colour", "shape"):
            if key in data:
                raise reader.fail(f"{field}.{key}", f"only markers have a {key}")
    entity_id = reader.text(data.get("id", kind), f"{field}.id", "id")
    if not entity_id:
        raise reader.fail(f"{field}.id", "is empty")
    region = _read_region(reader, data["region"], f"{field}.region", shape) if "region" in data else (Cells((at,)),)
    excluded = _read_region(reader, data["except"], f"{field}.except", shape) if "except" in data else ()
    if any(isinstance(part, AnyFree) for part in excluded):
        raise reader.fail(f"{field}.except", "\"any\" would leave no cell; name the cells to keep it out of")
    return Entity(entity_id, kind, at, region, colour, shape_name, excluded)


def _unique_ids(entities: list[Entity], explicit: list[bool]) -> None:
    """Give entities without an id their kind plus a suffix ("coin", "coin_2", ...) that no other
    entity has, explicit ids included, so every entity can be referred to and saved ids load back."""
    taken = {entity.id for entity, given in zip(entities, explicit) if given}
    for entity, given in zip(entities, explicit):
        if given:
            continue
        base, number = entity.id, 1
        candidate = base
        while candidate in taken:
            number += 1
            candidate = f"{base}_{number}"
        taken.add(candidate)
        entity.id = candidate


def _read_entities(reader: Reader, value: Any, walls: np.ndarray) -> list[Entity]:
    items = reader.list(value, "entities")
    if len(items) > MAX_ENTITIES:
        raise reader.fail("entities", f"has {len(items)} entities; a level has at most {MAX_ENTITIES}")
    entities = [_read_entity(reader, item, f"entities[{i}]", walls.shape) for i, item in enumerate(items)]
    explicit = ["id" in item for item in items]
    duplicate = next((i for i, n in Counter(e.id for e, given in zip(entities, explicit) if given).items() if n > 1), None)
    if duplicate is not None:
        raise reader.fail("entities", f"two entities have the id {duplicate!r}")
    _unique_ids(entities, explicit)
    agents = [i for i, e in enumerate(entities) if e.kind == "agent"]
    if len(agents) != 1:
        raise reader.fail("entities", f"a level needs exactly one agent start; found {len(agents)}")
    taken: dict[tuple[int, int], int] = {}
    for i, entity in enumerate(entities):
        field = f"entities[{i}].at"
        if walls[entity.at]:
            raise reader.fail(field, f"{entity.id} stands on a wall", row=entity.at[0], col=entity.at[1])
        if entity.at in taken:
            raise reader.fail(field, f"{entity.id} shares its cell with entities[{taken[entity.at]}]",
                              row=entity.at[0], col=entity.at[1])
        taken[entity.at] = i
    return entities


def _read_procedural(reader: Reader, value: Any) -> Procedural:
    data = reader.object(value, "procedural", PROCEDURAL_KEYS)
    return Procedural(
        random_walls=reader.number(data.get("random_walls", 0.0), "procedural.random_walls", 0.0, MAX_RANDOM_WALLS),
        maze=reader.boolean(data.get("maze", False), "procedural.maze"),
        randomized_goal_percent=reader.number(data.get("randomized_goal_percent", 0.0),
                                              "procedural.randomized_goal_percent", 0.0, 100.0),
    )


def _read_rewards(reader: Reader, value: Any) -> dict[str, RewardRule]:
    unknown = sorted(set(value) - set(kinds.REWARD_NAMES)) if isinstance(value, dict) else []
    if unknown:
        raise reader.fail("rewards", f"unknown reward '{unknown[0]}' (coin, key, chest, or a marker's colour and "
                                     f"shape, such as \"red ball\")")
    data = reader.object(value, "rewards", set(kinds.REWARD_NAMES))
    rules = {}
    for event, rule in data.items():
        field = f"rewards.{event}"
        rule = reader.object(rule, field, REWARD_KEYS)
        if "reward" not in rule:
            raise reader.fail(field, "missing 'reward'")
        rules[event] = RewardRule(reader.number(rule["reward"], f"{field}.reward", -100.0, 100.0),
                                  reader.boolean(rule.get("ends_episode", False), f"{field}.ends_episode"))
    return rules


def level_from_dict(data: Any, source: str = "<level>") -> Level:
    """Build a `Level` from parsed JSON, checking every field. Raises `LevelError`."""
    reader = Reader(source)
    data = reader.object(data, "", TOP_LEVEL_KEYS)
    if "format" not in data:
        raise reader.fail("format", f"missing; this Goalpost writes \"format\": {FORMAT_VERSION}")
    version = reader.integer(data["format"], "format", 0, 2**63)
    if version != FORMAT_VERSION:
        newer = "newer than" if version > FORMAT_VERSION else "not"
        raise reader.fail("format", f"format {version} is {newer} a version this Goalpost reads ({FORMAT_VERSION})")
    for key in ("map", "entities"):
        if key not in data:
            raise reader.fail(key, "missing")
    walls = _read_map(reader, data["map"])
    fallback_name = printable(Path(source).stem)[:MAX_TEXT["name"]] if source != "<level>" else "Untitled"
    return Level(
        name=reader.text(data.get("name", fallback_name), "name", "name"),
        description=reader.text(data.get("description", ""), "description", "description"),
        walls=walls,
        entities=_read_entities(reader, data["entities"], walls),
        procedural=_read_procedural(reader, data.get("procedural", {})),
        rewards=_read_rewards(reader, data.get("rewards", {"coin": {"reward": 1.0, "ends_episode": True}})),
        max_steps=reader.integer(data.get("max_steps", 64), "max_steps", 1, MAX_STEPS_LIMIT),
        source=source,
    )


def _region_to_json(region: tuple[RegionPart, ...]) -> Any:
    parts = []
    for part in region:
        if isinstance(part, Rect):
            parts.append({"rows": [part.top, part.bottom], "cols": [part.left, part.right]})
        elif isinstance(part, Cells):
            parts.append({"cells": [list(c) for c in part.cells]})
        elif isinstance(part, Near):
            near: dict[str, Any] = {"near": part.entity_id}
            if part.within != 1:
                near["within"] = part.within
            parts.append(near)
        else:
            parts.append("any")
    return parts[0] if len(parts) == 1 else parts


def level_to_dict(level: Level) -> dict:
    """The JSON-ready form of a level, in the key order a person would read it."""
    entities = []
    for entity in level.entities:
        item: dict[str, Any] = {"id": entity.id, "kind": entity.kind}
        if entity.kind == "marker":
            item.update(colour=entity.colour, shape=entity.shape)
        item["at"] = list(entity.at)
        if entity.region != (Cells((tuple(entity.at),)),):
            item["region"] = _region_to_json(entity.region)
        if entity.excluded:
            item["except"] = _region_to_json(entity.excluded)
        entities.append(item)
    proc = level.procedural
    return {
        "format": FORMAT_VERSION,
        "name": level.name,
        "description": level.description,
        "map": ["".join(tiles.WALL_CHAR if w else tiles.FLOOR_CHAR for w in row) for row in level.walls],
        "entities": entities,
        "procedural": {"random_walls": proc.random_walls, "maze": proc.maze,
                       "randomized_goal_percent": proc.randomized_goal_percent},
        "rewards": {event: {"reward": rule.reward, "ends_episode": rule.ends_episode}
                    for event, rule in level.rewards.items()},
        "max_steps": level.max_steps,
    }


def level_to_json(level: Level) -> str:
    """Level file text: two-space indent, with each map row and each cell on one line for diffs."""
    text = json.dumps(level_to_dict(level), indent=2, ensure_ascii=False)
    return _collapse_short_lists(text) + "\n"


def _collapse_short_lists(text: str) -> str:
    """Put lists of plain numbers ([3, 7]) on one line; json.dumps spreads them over four."""
    pattern = re.compile(r"\[\n\s*(-?[\d.]+),\n\s*(-?[\d.]+)\n\s*\]")  # only json.dumps's own layout
    return pattern.sub(lambda m: f"[{m.group(1)}, {m.group(2)}]", text)


def parse_level_text(text: str, source: str = "<level>") -> Level:
    """Parse level file text (not yet checked for solvability; see `load_level`)."""
    try:
        data = json.loads(text, parse_int=parse_int)
    except json.JSONDecodeError as error:
        raise LevelError(source, "", f"not valid JSON: {error.msg} (column {error.colno})", line=error.lineno) from None
    except RecursionError:
        raise LevelError(source, "", "not valid JSON: nested too deeply") from None
    return level_from_dict(data, source)


def read_text_file(path: str | os.PathLike, limit: int = MAX_FILE_BYTES) -> str:
    """Read a regular UTF-8 file of at most `limit` bytes, turning every refusal into `LevelError`."""
    try:
        data = read_bounded(path, limit)
    except FileRefused as error:
        raise LevelError(str(path), "", error.problem) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise LevelError(str(path), "", f"not UTF-8 text (byte {error.start})") from None


def write_text_atomic(path: str | os.PathLike, text: str) -> None:
    """Write UTF-8 text atomically (see `write_bytes_atomic`)."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write `data` atomically (see `replace_atomically`). Raises `LevelError` naming the path."""
    try:
        replace_atomically(path, lambda temporary: temporary.write_bytes(data))
    except OSError as error:
        raise LevelError(str(path), "", f"could not save: {error.strerror or error}; the old file is unchanged") from None


def load_level(path: str | os.PathLike, *, check: bool = True) -> Level:
    """Read and check a level file. Raises `LevelError` naming the file, field, row and column."""
    level = parse_level_text(read_text_file(path), str(path))
    if check:
        check_level(level)
    return level


def save_level(level: Level, path: str | os.PathLike) -> None:
    """Write a level file atomically (unchecked, so unfinished work can always be saved)."""
    write_text_atomic(path, level_to_json(level))


def load_episode(path: str | os.PathLike) -> Episode:
    """A concrete test placement, written as a level file whose `at` cells are the placement."""
    level = parse_level_text(read_text_file(path), str(path))
    check_default_episode(level)
    return level.default_episode()
