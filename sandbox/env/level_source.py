"""Accept a level or a concrete placement in any form a caller naturally has at hand."""
from __future__ import annotations

import os

from sandbox.env.core import GridCore
from sandbox.world import Episode, Level, level_from_dict, load_episode, load_level


def as_level(value: str | os.PathLike | Level | dict) -> Level:
    """A `Level` from a file path, a parsed level dict or a `Level` (returned as is)."""
    if isinstance(value, Level):
        return value
    if isinstance(value, dict):
        from sandbox.world.validation import check_level

        level = level_from_dict(value)
        check_level(level)
        return level
    return load_level(value)


def as_episode(value: str | os.PathLike | Episode | Level | dict) -> Episode:
    """An `Episode` from a file path, a level (its default placement) or an `Episode`."""
    if isinstance(value, Episode):
        return value
    if isinstance(value, Level):
        return value.default_episode()
    if isinstance(value, dict):
        return level_from_dict(value).default_episode()
    return load_episode(value)


def apply_reset_options(core: GridCore, options: dict | None) -> GridCore:
    """The core after gymnasium's `reset(options=...)`: `level` switches to a level of the same
    size (seeds kept), `episode` fixes a concrete placement (None returns to sampling)."""
    options = options or {}
    if "level" in options:
        core = core.with_level(as_level(options["level"]))
    if "episode" in options:
        core.fix_episode(None if options["episode"] is None else as_episode(options["episode"]))
    return core
