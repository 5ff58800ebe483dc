"""Register a `Goalpost-<Name>-v0` gymnasium id (single and vector) for every shipped level."""
from __future__ import annotations

import json
import re

import gymnasium as gym

from sandbox.resources import levels_dir


def env_id(level_name: str) -> str:
    """`Goalpost-CoinRun-v0` from a level name (letters and digits kept)."""
    return f"Goalpost-{re.sub(r'[^A-Za-z0-9]', '', level_name)}-v0"


def register_shipped_levels() -> list[str]:
    """Register every level in `levels/` (once); returns the ids."""
    ids = []
    for path in sorted(levels_dir().glob("*.json")):
        try:
            name = json.loads(path.read_text(encoding="utf-8")).get("name", path.stem)
        except (OSError, ValueError, AttributeError):
            continue  # a broken preset is reported when it is opened, not at import
        ids.append(env_id(name))
        if ids[-1] not in gym.registry:
            gym.register(id=ids[-1], entry_point="sandbox.env.gym_env:GoalpostEnv",
                         vector_entry_point="sandbox.env.vector_env:GoalpostVectorEnv",
                         kwargs={"level": str(path)})
    return ids
