"""Where the editor keeps its autosave, so work survives a crash or a killed window.

The folder is the platform's per-user data folder; `GOALPOST_DATA_DIR` overrides it (tests, or a
workshop machine where the home folder is read-only).
"""
from __future__ import annotations

import time
from pathlib import Path

from sandbox.resources import data_dir
from sandbox.world import Level, LevelError, load_level, save_level

AUTOSAVE_NAME = "autosave.json"


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


def read_autosave() -> tuple[Level | None, str | None]:
    """(the autosaved level if one was left behind, a notice for the user if there is news).

    An autosave that cannot be used (damaged, unreadable, written by a newer Goalpost) is never
    deleted: it is renamed aside so a later Goalpost or a person can still recover it, and the
    notice says where. A folder in the autosave's place is left alone and reported.
    """
    path = autosave_path()
    if path.is_dir():
        return None, (f"{path} is a folder, so unsaved work cannot be autosaved. Move or rename that folder "
                      "to turn the autosave back on.")
    if not path.exists():
        return None, None
    try:
        return load_level(path, check=False), None
    except LevelError as error:
        return None, _keep_aside(path, error.problem)


def _keep_aside(path: Path, problem: str) -> str:
    """Rename an autosave that cannot be opened, and say what happened to it."""
    kept = path.with_name(f"{path.stem}-unopened-{time.strftime('%Y%m%d-%H%M%S')}{path.suffix}")
    try:
        path.rename(kept)
    except OSError as error:
        return (f"The autosave {path} cannot be opened ({problem}) and could not be renamed aside "
                f"({error.strerror or error}); it is left as it is and will be overwritten by the next autosave.")
    return f"The autosave of unsaved work cannot be opened ({problem}). It was kept as {kept}."


def clear_autosave() -> None:
    """Remove the autosave file; a folder in its place, or a folder that refuses, is left alone."""
    path = autosave_path()
    try:
        if not path.is_dir():
            path.unlink(missing_ok=True)
    except OSError:
        pass  # nothing is lost: the autosave only ever holds a copy
