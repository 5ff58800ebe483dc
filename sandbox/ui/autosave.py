"""Where the editor keeps its autosave, so work survives a crash or a killed window.

The folder is the platform's per-user data folder; `GOALPOST_DATA_DIR` overrides it (tests, or a
workshop machine where the home folder is read-only).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from sandbox.world import Level, LevelError, load_level, save_level

AUTOSAVE_NAME = "autosave.json"


def data_dir() -> Path:
    """The per-user folder for Goalpost's own files (not created here)."""
    override = os.environ.get("GOALPOST_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / "Goalpost"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "Goalpost"
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "goalpost"


def levels_folder() -> Path:
    """Where Save As proposes new levels: the user's data folder, never the app's own (read-only when
    installed, replaced on update), whatever folder the app was started from."""
    folder = data_dir() / "levels"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def autosave_path() -> Path:
    return data_dir() / AUTOSAVE_NAME


def write_autosave(level: Level) -> None:
    """Save a copy of unsaved work (atomically, like every save)."""
    path = autosave_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    save_level(level, path)


def read_autosave() -> Level | None:
    """The autosaved level, if one was left behind; a damaged autosave is discarded."""
    path = autosave_path()
    if not path.exists():
        return None
    try:
        return load_level(path, check=False)
    except LevelError:
        clear_autosave()
        return None


def clear_autosave() -> None:
    autosave_path().unlink(missing_ok=True)
