"""Procedural layouts for many episodes at once: random walls and uniformly random mazes."""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from sandbox.world import rng

MAZE_STREAM = 2
WALL_STREAM = 1
STEPS_PER_BYTE = 4  # a maze walk takes 2 random bits a step, so one byte (one table look-up) is 4 steps
FIRST_CHUNK_STEPS_PER_ROOM = 8  # about the median cover time of 5x5 to 7x7 rooms, per room
BLOCK_LOOKUPS = 1 << 19  # episodes are walked in blocks of at most this many first-chunk look-ups x words


def add_random_walls(walls: np.ndarray, density: float, keys: np.ndarray) -> np.ndarray:
    """bool[B, H, W]: each free cell turns into a wall with probability `density`.

    walls: bool[B, H, W] (already broadcast per episode); keys: uint64[B].
    """
    batch, height, width = walls.shape
    noise = rng.uniform(keys, WALL_STREAM, height * width).reshape(batch, height, width)
    return walls | (noise < density)


def carve_mazes(layout: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """bool[B, H, W] perfect mazes (one path between any two rooms) inside `layout`'s border.

    Rooms are the cells with odd row and odd column; each maze is a uniformly random spanning tree
    of the rooms (see `spanning_trees`), with a passage opened between each room and its parent.
    Layout walls stay walls. layout: bool[H, W]; keys: uint64[B].
    """
    height, width = layout.shape
    batch = len(keys)
    rows, cols = (height - 1) // 2, (width - 1) // 2
    walls = np.ones((batch, height, width), dtype=bool)
    if rows == 0 or cols == 0:
        return walls | layout
    walls[:, 1:2 * rows:2, 1:2 * cols:2] = False
    parent = spanning_trees(rows, cols, keys)
    room = np.arange(rows * cols)
    child = np.broadcast_to(room, parent.shape)
    passage_r = child // cols + parent // cols + 1  # the cell between rooms (r, c) and (r', c')
    passage_c = child % cols + parent % cols + 1
    walls.reshape(batch, -1)[np.arange(batch)[:, None], passage_r * width + passage_c] = False
    # the start room is its own parent: its "passage" is the room itself, already open
    return walls | layout


def spanning_trees(rows: int, cols: int, keys: np.ndarray) -> np.ndarray:
    """int64[B, rows*cols]: for each key, a uniformly random spanning tree of the rows x cols lattice,
    as each room's parent (room index r * cols + c); the start room is its own parent.

    Aldous-Broder: a random walk from the centre room until it has visited every room; the step by
    which the walk first enters a room is that room's tree edge, and the tree is uniform over all
    spanning trees whatever the start. The walk picks one of 4 directions and stays put when that
    leaves the grid; staying never enters a room, and the moves it does make are a simple random walk,
    so uniformity holds. Speed comes from splitting the walk from the tree: the walk is table look-ups
    (one random byte moves it 4 steps, for all episodes at once), and the look-ups that enter new
    rooms are found with a cumulative OR over visited-room bit masks; only those are looked at step
    by step. Word j of a walk's random bits depends only on (key, j), so the tree depends only on the
    key, not on the batch or the chunking.
    """
    count = rows * cols
    words = (count + 63) // 64
    first_chunk = -(-FIRST_CHUNK_STEPS_PER_ROOM * count // 32)  # in 64-bit words of 32 steps
    block = max(1, BLOCK_LOOKUPS // (first_chunk * 8 * words))  # bounds memory on large mazes
    if len(keys) > block:
        return np.concatenate([spanning_trees(rows, cols, keys[at:at + block]) for at in range(0, len(keys), block)])
    batch = len(keys)
    start = (rows // 2) * cols + cols // 2
    parent = np.full((batch, count), start, dtype=np.int64)
    walk_keys = rng.derive_keys(keys, MAZE_STREAM)
    position = np.full(batch, start, dtype=np.int64)
    seen = np.repeat(_room_bits(np.array([start]), words), batch, axis=0)
    full = np.bitwise_or.reduce(_room_bits(np.arange(count), words), axis=0)
    active = np.flatnonzero((seen != full).any(axis=1))
    walked = 0  # 64-bit words of walk used so far, 32 steps each
    while len(active):
        # after a first chunk of about the median cover time, the few walks left go on in chunks
        # that double, so a long tail costs few numpy calls
        chunk = max(first_chunk, walked)
        symbols = _walk_symbols(walk_keys[active], walked, walked + chunk)
        index, position[active] = _walk(rows, cols, position[active], symbols)
        walked += chunk
        _first_entrances(rows, cols, index, seen, active, parent)
        active = active[(seen[active] != full).any(axis=1)]
    return parent


def _first_entrances(rows: int, cols: int, index: np.ndarray, seen: np.ndarray, active: np.ndarray,
                     parent: np.ndarray) -> None:
    """Record in `parent` (int64[B, rooms]) the rooms first entered during the look-ups `index`
    (int64[S, A], from `_walk`) of episodes `active`, and add them to `seen` (uint64[B, words])."""
    words = seen.shape[1]
    rooms_table, fresh_table, union_table, word_table, bit_table = _step_tables(rows, cols, words)
    before = seen[active]
    seen_by = _running_union(np.take(union_table, index, axis=0), before)
    seen[active] = seen_by[-1]
    new = np.empty(index.shape, dtype=bool)
    new[0] = (seen_by[0] != before).any(axis=-1)
    new[1:] = (seen_by[1:] != seen_by[:-1]).any(axis=-1)
    entered = np.flatnonzero(new)  # look-up * A + episode
    episode = entered % len(active)
    # step by step, only in the look-ups that enter a room: a step enters one if its room was not
    # seen before the look-up and is not one of the look-up's earlier steps
    before = np.where((entered >= len(active))[:, None], seen_by.reshape(-1, words)[entered - len(active)],
                      before[episode]).reshape(-1)
    at = index.reshape(-1)[entered]
    word = np.take(word_table, at, axis=0) + np.arange(0, len(at) * words, words)[:, None]
    was_seen = before[word] & np.take(bit_table, at, axis=0)
    entering = np.flatnonzero(np.take(fresh_table, at, axis=0) & (was_seen == 0))
    which, step = entering >> 2, entering & 3  # divmod by STEPS_PER_BYTE, without a division
    rooms = np.take(rooms_table, at, axis=0).reshape(-1)
    came_from = np.where(step > 0, rooms[entering - 1], at[which] >> 8)
    parent.reshape(-1)[active[episode[which]] * parent.shape[1] + rooms[entering]] = came_from


def _running_union(masks: np.ndarray, before: np.ndarray) -> np.ndarray:
    """uint64[S, A, words]: rooms seen by the end of each of S look-ups of A walks, given each
    look-up's rooms (`masks`, same shape) and those seen before (uint64[A, words]). A row loop:
    numpy's own accumulate is several times slower along this axis."""
    seen_by = masks
    np.bitwise_or(seen_by[0], before, out=seen_by[0])
    for row in range(1, len(seen_by)):
        np.bitwise_or(seen_by[row - 1], seen_by[row], out=seen_by[row])
    return seen_by


def _walk_symbols(walk_keys: np.ndarray, first: int, end: int) -> np.ndarray:
    """uint8[8 * (end - first), B] random bytes from words first..end-1 of each walk, one row per
    look-up. `raw_bits` word j does not depend on how many words are asked for, so a chunk is a slice
    of a longer draw. The words are read as little-endian bytes whatever the machine."""
    words = rng.raw_bits(walk_keys, 0, end)[:, first:]
    return np.ascontiguousarray(words.astype("<u8").view(np.uint8).T)


def _walk(rows: int, cols: int, position: np.ndarray, symbols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Walks from rooms `position` (int[B]) driven by `symbols` (uint8[S, B]): each look-up's table
    index room * 256 + byte (int64[S, B]) and the room where each walk ends (int64[B])."""
    next_table = _next_table(rows, cols)
    current = position * 256
    index = np.empty(symbols.shape, dtype=np.int64)
    for look_up in range(len(symbols)):
        np.add(current, symbols[look_up], out=index[look_up])
        current = next_table[index[look_up]]
    return index, current // 256


@lru_cache(maxsize=16)
def _step_rooms(rows: int, cols: int) -> np.ndarray:
    """int64[rooms * 256, 4]: for index room * 256 + byte, the rooms after each of the byte's 4 steps
    (2 bits a step: up, down, left, right; off the grid, the walk stays)."""
    room = np.arange(rows * cols)
    r, c = room // cols, room % cols
    move = np.stack([np.where(r > 0, room - cols, room), np.where(r < rows - 1, room + cols, room),
                     np.where(c > 0, room - 1, room), np.where(c < cols - 1, room + 1, room)], axis=1)
    symbol = np.arange(256)
    at = np.broadcast_to(room[:, None], (len(room), 256))
    path = []
    for step in range(STEPS_PER_BYTE):
        at = move[at, (symbol >> (2 * step)) & 3]
        path.append(at)
    rooms = np.stack(path, axis=-1).reshape(-1, STEPS_PER_BYTE)
    rooms.flags.writeable = False
    return rooms


@lru_cache(maxsize=16)
def _next_table(rows: int, cols: int) -> np.ndarray:
    """int64[rooms * 256]: the room after a look-up's 4 steps, times 256, ready to add the next byte to."""
    table = _step_rooms(rows, cols)[:, -1] * 256
    table.flags.writeable = False
    return table


@lru_cache(maxsize=16)
def _step_tables(rows: int, cols: int, words: int) -> tuple[np.ndarray, ...]:
    """For each look-up index room * 256 + byte: the rooms after its 4 steps (int64[rooms * 256, 4]);
    whether each step's room is new within the look-up, i.e. neither its start room nor an earlier
    step's (bool[rooms * 256, 4]); the union of the 4 rooms as a bit mask (uint64[rooms * 256, words]);
    and each step's room as the word (int64[rooms * 256, 4]) and bit (uint64[rooms * 256, 4]) of a mask."""
    rooms = _step_rooms(rows, cols)
    earlier = np.concatenate([(np.arange(len(rooms)) // 256)[:, None], rooms[:, :-1]], axis=1)
    fresh = np.ones(rooms.shape, dtype=bool)
    for step in range(STEPS_PER_BYTE):
        fresh[:, step] = (rooms[:, step, None] != earlier[:, :step + 1]).all(axis=1)
    union = np.bitwise_or.reduce(_room_bits(rooms, words), axis=1)
    word, bit = rooms // 64, np.uint64(1) << (rooms % 64).astype(np.uint64)  # as in _room_bits
    for table in (fresh, union, word, bit):
        table.flags.writeable = False
    return rooms, fresh, union, word, bit


def _room_bits(rooms: np.ndarray, words: int) -> np.ndarray:
    """uint64[..., words]: one-hot bit masks of `rooms` (int[...]), 64 rooms a word."""
    bits = np.zeros((*rooms.shape, words), dtype=np.uint64)
    bit = np.uint64(1) << (rooms % 64).astype(np.uint64)
    np.put_along_axis(bits, (rooms // 64)[..., None], bit[..., None], axis=-1)
    return bits
