"""Where shipped data files (levels, agents, assets) live, from source or inside a frozen app."""
from __future__ import annotations

import os
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def is_frozen() -> bool:
    """True inside the packaged app, whose folder holds shipped files only and is never written to."""
    return hasattr(sys, "_MEIPASS")


def resource_path(*parts: str) -> Path:
    """Path of a shipped file: next to the sources, or in PyInstaller's unpack folder when frozen."""
    base = Path(getattr(sys, "_MEIPASS", PROJECT_ROOT))
    return base.joinpath(*parts)


def levels_dir() -> Path:
    return resource_path("levels")


def default_level_path() -> Path:
    return levels_dir() / "coinrun.json"


def data_dir() -> Path:
    """The per-user folder for Goalpost's own files: the editor's autosave, training checkpoints, and
    agents that could not be written where asked (not created here). `GOALPOST_DATA_DIR` overrides
    it (tests, or a workshop machine where the home folder is read-only)."""
    override = os.environ.get("GOALPOST_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / "Goalpost"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "Goalpost"
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "goalpost"
