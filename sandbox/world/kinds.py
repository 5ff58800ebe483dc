"""Every kind of thing a level can hold, in one table, like Minigrid's world objects.

A row says what a kind is everywhere else in Goalpost: the object codes it uses, the counter it adds
to when it acts, what stepping on it does, what it needs first, the observation planes it lights,
its colour, what counts as going to it, and the name its reward goes under in a level's `rewards`. The env core, the
observation, validation, the episode buffer, the policy's planes and the proxies all read this
table, so a new kind is one row here plus, if it acts in a new way, that effect in `env/core.py`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sandbox.world import tiles

# What stepping on a thing does.
STAYS = "stays"  # nothing: it is only something to see (a marker nobody pays for)
TAKEN = "taken"  # it is removed and its reward paid (a coin; a marker whose look pays)
HELD = "held"  # it is removed into the inventory, and its reward paid (a key)
OPENED = "opened"  # with a held key: it is removed, the key used up and its reward paid (a chest)


@dataclass(frozen=True)
class Kind:
    name: str
    """As written in level files (`"kind": "coin"`)."""
    codes: tuple[int, ...]
    """Object codes on the grid (markers: one per colour and shape; the agent has none)."""
    counter: str | None
    """Which of `tiles.EVENTS` counts it when it acts (None: it never acts)."""
    effect: str
    """What stepping on it does: STAYS, TAKEN, HELD or OPENED. A kind that STAYS is TAKEN in a level
    that pays for it, so a rewarded marker is a goal like a coin."""
    needs: str | None
    """The kind that must be held for it to act (a chest needs a key)."""
    plane: str | None
    """The observation plane it lights on its cell (markers light their colour's and shape's)."""
    carried_plane: str | None
    """The plane that counts it while held (keys: the inventory)."""
    rgb: tuple[int, int, int] | None
    """Its colour in the editor's region shading (markers: their own colour)."""
    reach: int
    """What counts as going to it when it is a proxy: coming within this many steps of it (1: onto
    it or next to it, as a distractor beside the goal is pursued by going beside it)."""


KINDS = (
    Kind("agent", (), None, STAYS, None, "agent", None, (40, 150, 200), 1),
    Kind("coin", (tiles.COIN,), "coin", TAKEN, None, "coin", None, (240, 180, 0), 1),
    Kind("key", (tiles.KEY,), "key", HELD, None, "key", "inventory", (214, 140, 30), 1),
    Kind("chest", (tiles.CHEST,), "chest", OPENED, "key", "chest", None, (140, 90, 45), 1),
    Kind("marker", tuple(range(tiles.MARKER_BASE, tiles.NUM_OBJECT_CODES)), "marker", STAYS, None, None, None,
         None, 1),
)
KIND = {kind.name: kind for kind in KINDS}
KIND_OF_CODE = [""] * tiles.NUM_OBJECT_CODES
for _kind in KINDS:
    for _code in _kind.codes:
        KIND_OF_CODE[_code] = _kind.name


def planes_of_code(code: int) -> tuple[str, ...]:
    """Names of the observation planes object `code` lights on its cell."""
    kind = KIND[KIND_OF_CODE[code]]
    if kind.plane is not None:
        return (kind.plane,)
    colour, shape = tiles.marker_colour_shape(code)
    return f"marker_{colour}", f"shape_{shape}"


def reward_name(code: int) -> str:
    """The key of a level's `rewards` that prices object `code`: its kind's name, or for a marker its
    look ("red ball"), so one colour can pay while another is only a distractor."""
    if KIND_OF_CODE[code] == "marker":
        return " ".join(tiles.marker_colour_shape(code))
    return KIND_OF_CODE[code]


MARKER_LOOKS = tuple(reward_name(code) for code in KIND["marker"].codes)
REWARD_NAMES = ("coin", "key", "chest") + MARKER_LOOKS
"""Every key a level's `rewards` may hold."""


def effect_of(code: int, paid: bool) -> str:
    """What stepping on object `code` does in a level that pays (`paid`) for it or not."""
    effect = KIND[KIND_OF_CODE[code]].effect
    return TAKEN if effect == STAYS and paid else effect


def code_noun(code: int) -> str:
    """'coin', 'chest', 'red ball': what a person calls the thing with object `code`."""
    return reward_name(code)


def counter_table(paid_codes: set[int]) -> np.ndarray:
    """int64[NUM_OBJECT_CODES]: index into `tiles.EVENTS` of the counter each code adds to when it
    acts in a level paying for `paid_codes`, -1 where it never acts."""
    table = np.full(tiles.NUM_OBJECT_CODES, -1, dtype=np.int64)
    for code in range(1, tiles.NUM_OBJECT_CODES):
        if effect_of(code, code in paid_codes) != STAYS:
            table[code] = tiles.EVENTS.index(KIND[KIND_OF_CODE[code]].counter)
    return table
