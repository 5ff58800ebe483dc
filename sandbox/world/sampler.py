"""Sample concrete episodes from a level's training distribution, many at once.

Episode k of seed s is a pure function of (s, k) (see `rng.py`). Each try places procedural walls,
then every entity on a random free cell of its region, then keeps the episode only if BFS reaches
every entity from the start; episodes that fail are retried with fresh randomness, and after
`MAX_TRIES` the level's default episode (checked solvable at load time) is used, so sampling never
hangs.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sandbox.world import generators, rng
from sandbox.world.level import AnyFree, Episode, Level, Near, static_region_mask
from sandbox.world.reachability import reachable, within_steps

MAX_TRIES = 64
GOAL_RANDOM_STREAM = 3
ENTITY_STREAM_BASE = 16


@dataclass
class EpisodeBatch:
    """B concrete episodes. walls: bool[B, H, W]; objects: uint8[B, H, W]; agent: int64[B, 2]."""

    walls: np.ndarray
    objects: np.ndarray
    agent: np.ndarray

    def __len__(self) -> int:
        return len(self.agent)

    def episode(self, index: int) -> Episode:
        return Episode(self.walls[index].copy(), self.objects[index].copy(), tuple(int(v) for v in self.agent[index]))


@dataclass
class _Try:
    walls: np.ndarray
    objects: np.ndarray
    agent: np.ndarray
    valid: np.ndarray
    failed_entity: np.ndarray  # int[B]: index of the first entity that could not be placed or reached, -1 if none


def entity_order(level: Level) -> list[int]:
    """Entity indices so that every `near` target is placed before the entities that refer to it.

    Entities are placed in waves: first those with no `near` part, then those whose targets are all
    in earlier waves, and so on, each wave in file order; that is, sorted by (depth, index) where
    depth is the longest chain of `near` references below an entity. Linear in the references.
    Raises ValueError for an unknown target or a cycle.
    """
    index = {entity.id: i for i, entity in enumerate(level.entities)}
    targets = []
    for entity in level.entities:
        names = [part.entity_id for part in entity.placement_parts() if isinstance(part, Near)]
        unknown = next((name for name in names if name not in index), None)
        if unknown is not None:
            raise ValueError(f"{entity.id}'s region is near unknown entity {unknown!r}")
        targets.append([index[name] for name in names])
    depth = [-1] * len(targets)  # -1 not visited, -2 on the current path
    for root in range(len(targets)):
        stack = [(root, 0)]
        while stack:
            node, next_target = stack.pop()
            if next_target == 0:
                if depth[node] >= 0:
                    continue
                depth[node] = -2
            if next_target < len(targets[node]):
                target = targets[node][next_target]
                stack.append((node, next_target + 1))
                if depth[target] == -2:
                    raise ValueError("region references form a cycle")
                if depth[target] == -1:
                    stack.append((target, 0))
                continue
            depth[node] = 1 + max((depth[t] for t in targets[node]), default=-1)
    return sorted(range(len(targets)), key=lambda i: (depth[i], i))


class EpisodeSampler:
    """Samples `EpisodeBatch`es from one level. Build it once per level (it precomputes masks)."""

    def __init__(self, level: Level):
        self.level = level
        self.order = entity_order(level)
        free = ~level.walls
        self.static_masks = [static_region_mask(e.region, level.shape) & free for e in level.entities]
        self.static_excluded = [static_region_mask(e.excluded, level.shape) for e in level.entities]
        self.goal_randomized = level.procedural.randomized_goal_percent / 100.0
        self.goal_code = level.goal_code
        self.default = level.default_episode()

    def sample(self, seeds: np.ndarray, indices: np.ndarray) -> EpisodeBatch:
        """Episodes `indices[b]` of seeds `seeds[b]`; both int arrays of length B."""
        keys = rng.episode_keys(seeds, indices)
        batch = len(keys)
        height, width = self.level.shape
        out = EpisodeBatch(np.empty((batch, height, width), bool), np.empty((batch, height, width), np.uint8),
                           np.empty((batch, 2), np.int64))
        pending = np.arange(batch)
        for attempt in range(MAX_TRIES):
            tried = self.try_once(rng.derive_keys(keys[pending], 1000 + attempt))
            done = pending[tried.valid]
            out.walls[done], out.objects[done], out.agent[done] = (
                tried.walls[tried.valid], tried.objects[tried.valid], tried.agent[tried.valid])
            pending = pending[~tried.valid]
            if not len(pending):
                return out
        out.walls[pending], out.objects[pending] = self.default.walls, self.default.objects
        out.agent[pending] = self.default.agent
        return out

    def try_once(self, keys: np.ndarray) -> _Try:
        """One placement attempt per key, with validity (every entity placed and reachable)."""
        batch = len(keys)
        height, width = self.level.shape
        walls = self._walls(keys)
        occupied = np.zeros((batch, height * width), dtype=bool)
        objects = np.zeros((batch, height * width), dtype=np.uint8)
        positions: dict[str, np.ndarray] = {}
        failed = np.full(batch, -1)
        randomize_goal = rng.uniform(keys, GOAL_RANDOM_STREAM, 1)[:, 0] < self.goal_randomized
        every = np.arange(batch)
        for index in self.order:
            entity = self.level.entities[index]
            allowed = self._allowed(index, walls, positions, randomize_goal)
            allowed &= ~occupied
            score = rng.uniform(keys, ENTITY_STREAM_BASE + index, height * width)
            score[~allowed] = -1.0
            cell = score.argmax(axis=1)
            failed = np.where((failed < 0) & ~allowed.any(axis=1), index, failed)
            occupied[every, cell] = True
            if entity.kind != "agent":
                objects[every, cell] = entity.code
            positions[entity.id] = cell
        agent_flat = positions[self.level.agent.id]
        agent = np.stack([agent_flat // width, agent_flat % width], axis=1)
        reach = reachable(walls, agent).reshape(batch, -1)
        for index in self.order:
            unreachable = ~reach[every, positions[self.level.entities[index].id]]
            failed = np.where((failed < 0) & unreachable, index, failed)
        return _Try(walls, objects.reshape(batch, height, width), agent, failed < 0, failed)

    def _walls(self, keys: np.ndarray) -> np.ndarray:
        proc = self.level.procedural
        if proc.maze:
            walls = generators.carve_mazes(self.level.walls, keys)
        else:
            walls = np.broadcast_to(self.level.walls, (len(keys), *self.level.shape)).copy()
        if proc.random_walls > 0:
            walls = generators.add_random_walls(walls, proc.random_walls, keys)
        return walls

    def _allowed(self, index: int, walls: np.ndarray, positions: dict[str, np.ndarray],
                 randomize_goal: np.ndarray) -> np.ndarray:
        """bool[B, H*W] cells entity `index` may take in each episode: its region minus its excluded
        cells, or, for the goal in a randomized episode, any free cell."""
        entity = self.level.entities[index]
        allowed = np.broadcast_to(self.static_masks[index].reshape(-1), (len(walls), walls[0].size)).copy()
        for part in entity.region:
            if isinstance(part, Near):
                allowed |= self._near(part, walls, positions)
            elif isinstance(part, AnyFree):
                allowed[:] = True
        allowed &= ~self.static_excluded[index].reshape(-1)
        for part in entity.excluded:
            if isinstance(part, Near):
                allowed &= ~self._near(part, walls, positions)
        if entity.kind != "agent" and entity.code == self.goal_code:
            allowed[randomize_goal] = True
        return allowed & ~walls.reshape(len(walls), -1)

    @staticmethod
    def _near(part: Near, walls: np.ndarray, positions: dict[str, np.ndarray]) -> np.ndarray:
        """bool[B, H*W] the cells within `part.within` steps of where its entity went in each episode."""
        target = positions[part.entity_id]
        cells = np.zeros((len(walls), walls[0].size), dtype=bool)
        every = np.arange(len(target))
        if part.within == 1:  # the common case: four offsets cost far less than a flood
            width = walls.shape[2]
            for offset in (-width, width, -1, 1):  # never off the grid: the border is wall
                cells[every, target + offset] = True
            return cells
        cells[every, target] = True
        return within_steps(walls, cells.reshape(walls.shape), part.within).reshape(len(walls), -1)


def sample_episodes(level: Level, seed: int, count: int, first_index: int = 0) -> EpisodeBatch:
    """`count` consecutive training episodes of one seed (for previews and tests)."""
    indices = np.arange(first_index, first_index + count)
    return EpisodeSampler(level).sample(np.full(count, seed), indices)
