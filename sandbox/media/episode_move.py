"""Build the test episode an export shows: the level's default placement with one entity moved."""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from sandbox.world import Episode, Level

Cell = tuple[int, int]


class MoveError(ValueError):
    """A `--move` the level cannot take; the message says which part is wrong."""


def parse_move(text: str, level: Level) -> tuple[str, Cell]:
    """'coin=2,5' -> ('coin', (2, 5)), checked against the level's entities and free cells."""
    entity_id, _, where = text.partition("=")
    ids = [entity.id for entity in level.entities]
    if entity_id not in ids:
        raise MoveError(f"--move {text}: no entity '{entity_id}' in '{level.name}' (entities: {', '.join(ids)})")
    try:
        row, col = (int(part) for part in where.split(","))
    except ValueError:
        raise MoveError(f"--move {text}: expected ENTITY=ROW,COL, e.g. coin=2,5") from None
    height, width = level.shape
    if not (0 <= row < height and 0 <= col < width) or level.walls[row, col]:
        raise MoveError(f"--move {text}: ({row}, {col}) is not a free cell of the {height}x{width} level")
    return entity_id, (row, col)


def moved_episode(level: Level, entity_id: str, cell: Cell) -> Episode:
    """The default episode with `entity_id` (an object or the agent's start) put on `cell`."""
    episode = level.default_episode()
    entity = level.entity(entity_id)
    if entity.kind == "agent":
        if episode.objects[cell]:
            raise MoveError(f"--move {entity_id}: ({cell[0]}, {cell[1]}) already holds an object")
        return replace(episode, agent=cell)
    if tuple(cell) == tuple(episode.agent) or (episode.objects[cell] and tuple(cell) != tuple(entity.at)):
        raise MoveError(f"--move {entity_id}: ({cell[0]}, {cell[1]}) is already taken")
    objects = episode.objects.copy()
    objects[entity.at] = 0
    objects[cell] = np.uint8(entity.code)
    return replace(episode, objects=objects)


def describe_moves(level: Level, episode: Episode) -> str:
    """'coin moved to (2, 5)' for each entity not where the level puts it; 'as in training' if none."""
    default = level.default_episode()
    moves = []
    if tuple(episode.agent) != tuple(default.agent):
        moves.append(f"start moved to {tuple(int(v) for v in episode.agent)}")
    for entity in level.entities:
        if entity.kind != "agent" and episode.objects[entity.at] != entity.code:
            cells = [cell for cell in episode.cells_of(entity.code) if default.objects[cell] != entity.code]
            moves.append(f"{entity.id} moved to {cells[0]}" if cells else f"{entity.id} removed")
    return ", ".join(moves) or "as in training"
