"""The level being edited, where it lives on disk, its undo history and whether it is saved.

Views change the level only through `begin`/`commit` (a mouse stroke) or `apply` (one edit), so
every change is undoable, bumps `version` (the canvas re-renders only when it changes) and is
re-checked for trainability once. The check runs in its own thread on a copy of the level: it takes
10-100 ms on the shipped levels and seconds on a level with hundreds of entities, so on the window's
thread it would drop frames on every edit. `warning` shows the newest finished check.
"""
from __future__ import annotations

import copy
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for
from pathlib import Path
from typing import Callable

from sandbox.ui.edit_history import EditHistory
from sandbox.world import Level, LevelError, level_to_dict, load_level, save_level
from sandbox.world.validation import check_level

_CHECKS = ThreadPoolExecutor(max_workers=1, thread_name_prefix="goalpost-level-check")


def _problem(level: Level) -> str | None:
    """Why `level` cannot be trained on, or None (runs in the check thread)."""
    try:
        check_level(level)
    except LevelError as error:
        return error.problem
    return None


class Document:
    def __init__(self, level: Level, path: Path | None, saved: bool = True):
        self.level = level
        self.path = path
        self.history = EditHistory()
        self.version = 0
        self._warning: str | None = None
        self._check: Future | None = None
        self._saved = level_to_dict(level) if saved else None
        self._before: Level | None = None
        self._dirty: tuple[int, bool] = (-1, True)
        self._changed()

    @property
    def title(self) -> str:
        return self.path.name if self.path is not None else f"{self.level.name} (not saved)"

    @property
    def warning(self) -> str | None:
        """Why the level cannot be trained on (None: it can), as of the newest finished check."""
        check = self._check
        if check is not None and check.done():
            self._check = None
            if not check.cancelled():
                self._warning = check.result()
        return self._warning

    def wait_for_check(self, timeout: float | None = None) -> None:
        """Block until the newest check has finished (for scripts and tests, never the window)."""
        if self._check is not None:
            wait_for([self._check], timeout)

    @property
    def dirty(self) -> bool:
        if self._dirty[0] != self.version:
            self._dirty = (self.version, self._saved is None or level_to_dict(self.level) != self._saved)
        return self._dirty[1]

    def begin(self) -> None:
        """Start a stroke: remember the level so the whole stroke is one undo step."""
        self._before = copy.deepcopy(self.level)

    def touched(self) -> None:
        """Part of a stroke changed the level (redraw now, check at `commit`)."""
        self.version += 1

    def commit(self, label: str) -> None:
        before, self._before = self._before, None
        if before is not None and before != self.level:
            self.history.push(before, label)
            self._changed()

    def apply(self, label: str, edit: Callable[[Level], object], merge_key: str | None = None) -> None:
        """Run one edit; a refusal (`EditRefused`) propagates and leaves the level as it was."""
        before = copy.deepcopy(self.level)
        try:
            edit(self.level)
        except Exception:
            self.level = before
            raise
        if before != self.level:
            self.history.push(before, label, merge_key)
            self._changed()

    def undo(self) -> str | None:
        step = self.history.undo(self.level)
        return self._restore(step)

    def redo(self) -> str | None:
        step = self.history.redo(self.level)
        return self._restore(step)

    def _restore(self, step: tuple[Level, str] | None) -> str | None:
        if step is None:
            return None
        self.level, label = step
        self._changed()
        return label

    def replace(self, level: Level, path: Path | None, saved: bool = True) -> None:
        """Start editing another level (new, opened or restored); the history starts over."""
        self.level, self.path = level, path
        self._saved = level_to_dict(level) if saved else None
        self.history.clear()
        self._changed()

    def open(self, path: Path) -> None:
        """Load a level file; on `LevelError` the current level stays as it was."""
        level = load_level(path, check=False)
        self.replace(level, Path(path))

    def save(self, path: Path | None = None) -> None:
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("no file chosen yet")
        save_level(self.level, target)
        self.path = target
        self._saved = level_to_dict(self.level)
        self.version += 1

    def _changed(self) -> None:
        self.version += 1
        if self._check is not None:
            self._check.cancel()  # superseded; a check already running finishes and is ignored
        self._check = _CHECKS.submit(_problem, copy.deepcopy(self.level))
