"""The observation: the full grid as channels-first uint8 planes, so the policy sees everything it
would need to find the true goal (a failure must come from generalization, not blindness)."""
from __future__ import annotations

import numpy as np

from sandbox.world import kinds, tiles

PLANE_NAMES = (("wall", "agent", "coin", "key", "chest")
               + tuple(f"marker_{c}" for c in tiles.COLOURS)
               + tuple(f"shape_{s}" for s in tiles.SHAPES)
               + ("inventory",))
NUM_PLANES = len(PLANE_NAMES)
WALL, AGENT, COIN, KEY, CHEST = range(5)
FIRST_OBJECT_PLANE, LAST_OBJECT_PLANE = COIN, NUM_PLANES - 2
INVENTORY = NUM_PLANES - 1

# uint8[NUM_OBJECT_CODES, NUM_PLANES]: which planes an object code lights up (from the kinds table).
OBJECT_PLANES = np.zeros((tiles.NUM_OBJECT_CODES, NUM_PLANES), dtype=np.uint8)
for _code in range(1, tiles.NUM_OBJECT_CODES):
    OBJECT_PLANES[_code, [PLANE_NAMES.index(name) for name in kinds.planes_of_code(_code)]] = 1


def observation_spec(shape: tuple[int, int]) -> dict:
    """What an agent file records so a policy is only ever run on observations it was built for."""
    return {"planes": list(PLANE_NAMES), "height": int(shape[0]), "width": int(shape[1]), "dtype": "uint8"}


def plane_high() -> np.ndarray:
    """uint8[NUM_PLANES, 1, 1] upper bound per plane: 1 for indicator planes, 255 for inventory."""
    high = np.ones((NUM_PLANES, 1, 1), dtype=np.uint8)
    high[INVENTORY] = 255
    return high


def build_observations(walls: np.ndarray, objects: np.ndarray, agent_flat: np.ndarray,
                       inventory: np.ndarray) -> np.ndarray:
    """uint8[B, C, H*W] observations from scratch (used at reset; steps update them in place).

    walls: bool[B, H*W]; objects: uint8[B, H*W]; agent_flat: int[B]; inventory: int[B].
    """
    batch = len(agent_flat)
    obs = OBJECT_PLANES[objects].transpose(0, 2, 1).copy()
    obs[:, WALL] = walls
    obs[np.arange(batch), AGENT, agent_flat] = 1
    obs[:, INVENTORY] = np.minimum(inventory, 255)[:, None]
    return obs
