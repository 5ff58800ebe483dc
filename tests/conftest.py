"""Shared fixtures: the shipped levels and small hand-made ones."""
from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pytest  # noqa: E402

from sandbox.resources import levels_dir  # noqa: E402
from sandbox.world import level_from_dict, load_level  # noqa: E402

SHIPPED = sorted(levels_dir().glob("*.json"))


@pytest.fixture(params=SHIPPED, ids=[p.stem for p in SHIPPED])
def shipped_level(request):
    return load_level(request.param)


def open_room(size: int = 7, **overrides) -> dict:
    """A level dict: an empty room, agent top-left, coin bottom-right (fixed places)."""
    data = {
        "format": 1,
        "name": "Room",
        "map": ["#" * size] + ["#" + "." * (size - 2) + "#" for _ in range(size - 2)] + ["#" * size],
        "entities": [{"kind": "agent", "at": [1, 1]}, {"kind": "coin", "at": [size - 2, size - 2]}],
        "max_steps": 32,
    }
    data.update(overrides)
    return data


@pytest.fixture
def room_level():
    return level_from_dict(open_room())
