"""A level: a layout plus the training distribution over where its things appear.

A `Level` is what the editor edits and the sampler samples from; an `Episode` is one concrete
placement (what the agent actually plays, and what a test moves the coin in).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sandbox.world import kinds, tiles

Cell = tuple[int, int]  # (row, column)


@dataclass(frozen=True)
class Rect:
    """All cells with top <= row <= bottom and left <= column <= right."""

    top: int
    left: int
    bottom: int
    right: int


@dataclass(frozen=True)
class Cells:
    """An explicit list of cells (what the editor's region brush produces)."""

    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Near:
    """The free cells at most `within` steps from wherever entity `entity_id` was placed, counting
    moves through that episode's free cells (1 = its 4 neighbours; a wall between is walked around)."""

    entity_id: str
    within: int = 1


@dataclass(frozen=True)
class AnyFree:
    """Any free cell of the episode."""


RegionPart = Rect | Cells | Near | AnyFree


def static_region_mask(region: tuple[RegionPart, ...], shape: tuple[int, int]) -> np.ndarray:
    """bool[H, W] of the cells a region allows before any episode is sampled.

    `Near` parts depend on another entity's sampled cell and contribute nothing here; `AnyFree`
    allows every cell (walls are removed by the sampler).
    """
    mask = np.zeros(shape, dtype=bool)
    for part in region:
        if isinstance(part, Rect):
            mask[part.top:part.bottom + 1, part.left:part.right + 1] = True
        elif isinstance(part, Cells):
            for row, col in part.cells:
                mask[row, col] = True
        elif isinstance(part, AnyFree):
            mask[:] = True
    return mask


@dataclass
class Entity:
    """One thing in the level: the agent's start, a coin, key, chest or coloured marker.

    `at` is its place in the level's default episode (what the editor shows); `region` is where
    it may appear during training, minus the cells of `excluded` (the file's "except"), so a
    distractor can be kept away from the goal rather than land next to it by chance.
    """

    id: str
    kind: str
    at: Cell
    region: tuple[RegionPart, ...]
    colour: str | None = None
    shape: str | None = None
    excluded: tuple[RegionPart, ...] = ()

    def placement_parts(self) -> tuple[RegionPart, ...]:
        """Every region part that decides where it goes, the excluded ones included."""
        return self.region + self.excluded

    @property
    def code(self) -> int:
        """Object code on the grid (the agent has none)."""
        return tiles.object_code(self.kind, self.colour, self.shape) if self.kind != "agent" else 0


@dataclass
class Procedural:
    """Per-episode variation on top of the layout."""

    random_walls: float = 0.0
    """Probability that each free interior cell becomes a wall (re-sampled until solvable)."""
    maze: bool = False
    """Carve a fresh random maze into the layout's interior every episode."""
    randomized_goal_percent: float = 0.0
    """Share (0-100) of episodes where every goal (see `Level.goal_code`) may appear on any free cell
    instead of its region."""


@dataclass
class RewardRule:
    """What one event is worth and whether it ends the episode."""

    reward: float
    ends_episode: bool


@dataclass
class Level:
    """Layout + per-entity training regions + procedural options + reward table + step limit."""

    name: str
    walls: np.ndarray  # bool[H, W]
    entities: list[Entity]
    procedural: Procedural = field(default_factory=Procedural)
    rewards: dict[str, RewardRule] = field(default_factory=lambda: {"coin": RewardRule(1.0, True)})
    max_steps: int = 64
    description: str = ""
    source: str = "<level>"

    @property
    def shape(self) -> tuple[int, int]:
        return self.walls.shape

    @property
    def agent(self) -> Entity:
        return next(e for e in self.entities if e.kind == "agent")

    def reward_rule(self, code: int) -> RewardRule | None:
        """What reaching object `code` is worth here (see `kinds.reward_name`)."""
        return self.rewards.get(kinds.reward_name(code))

    @property
    def paid_codes(self) -> set[int]:
        """Object codes of this level's things that pay a positive reward."""
        return {e.code for e in self.entities
                if e.kind != "agent" and (rule := self.reward_rule(e.code)) is not None and rule.reward > 0}

    @property
    def goal_code(self) -> int | None:
        """The thing the level pays for, and so its goal: coins if a coin pays, else chests if a chest
        pays, else the first rewarded marker look in file order (None if nothing does). The
        randomized-goal share, the shifts, the proxies and the probe apply to it."""
        paid = self.paid_codes
        for code in (tiles.COIN, tiles.CHEST):
            if code in paid:
                return code
        return next((e.code for e in self.entities if e.kind == "marker" and e.code in paid), None)

    @property
    def goal_noun(self) -> str | None:
        """'coin', 'chest', 'red ball': what the goal is called (None without one)."""
        code = self.goal_code
        return None if code is None else kinds.code_noun(code)

    def entity(self, entity_id: str) -> Entity:
        return next(e for e in self.entities if e.id == entity_id)

    def default_episode(self) -> Episode:
        """The concrete placement given by every entity's `at` cell, with no procedural walls."""
        objects = np.zeros(self.shape, dtype=np.uint8)
        for entity in self.entities:
            if entity.kind != "agent":
                objects[entity.at] = entity.code
        return Episode(self.walls.copy(), objects, self.agent.at)

    def __eq__(self, other: object) -> bool:
        from sandbox.world.level_file import level_to_dict

        return isinstance(other, Level) and level_to_dict(self) == level_to_dict(other)


@dataclass
class Episode:
    """One concrete placement: walls, objects and where the agent starts."""

    walls: np.ndarray  # bool[H, W]
    objects: np.ndarray  # uint8[H, W] object codes
    agent: Cell

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Episode) and tuple(self.agent) == tuple(other.agent)
                and np.array_equal(self.walls, other.walls)
                and np.array_equal(self.objects, other.objects))

    def cells_of(self, code: int) -> list[Cell]:
        """Cells holding object `code`, in row-major order."""
        return [(int(r), int(c)) for r, c in zip(*np.nonzero(self.objects == code))]


def training_label(level: Level, with_level_name: bool = False) -> str:
    """'0% randomized coins': what differs between the agents of a sweep (the level name first when
    the agents were trained on different levels)."""
    noun = level.goal_noun
    text = f"{level.procedural.randomized_goal_percent:g}% randomized {noun}s" if noun else "no goal"
    return f"{level.name}, {text}" if with_level_name else text
