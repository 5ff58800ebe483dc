"""Undo and redo as whole-level snapshots.

Levels are tiny (a 32x32 map and a handful of entities), so copying the whole level per edit is
cheaper to get right than an inverse for every kind of edit, and it can never drift out of sync.
"""
from __future__ import annotations

import copy

from sandbox.world import Level

DEFAULT_LIMIT = 200


class EditHistory:
    """Past and future snapshots around the level being edited, each with a label for the status bar."""

    def __init__(self, limit: int = DEFAULT_LIMIT):
        self.limit = limit
        self._past: list[tuple[Level, str, str | None]] = []
        self._future: list[tuple[Level, str]] = []

    def push(self, before: Level, label: str, merge_key: str | None = None) -> None:
        """Remember `before` as the state to return to. Consecutive pushes with the same non-empty
        `merge_key` (a slider being dragged) keep only the first, so one drag is one undo step."""
        self._future.clear()
        if merge_key is not None and self._past and self._past[-1][2] == merge_key:
            return
        self._past.append((copy.deepcopy(before), label, merge_key))
        del self._past[:-self.limit]

    def break_merge(self) -> None:
        """End the current run of merged edits (e.g. the slider was released)."""
        if self._past:
            level, label, _ = self._past[-1]
            self._past[-1] = (level, label, None)

    def undo(self, current: Level) -> tuple[Level, str] | None:
        if not self._past:
            return None
        level, label, _ = self._past.pop()
        self._future.append((copy.deepcopy(current), label))
        return level, label

    def redo(self, current: Level) -> tuple[Level, str] | None:
        if not self._future:
            return None
        level, label = self._future.pop()
        self._past.append((copy.deepcopy(current), label, None))
        return level, label

    def clear(self) -> None:
        self._past.clear()
        self._future.clear()

    @property
    def can_undo(self) -> bool:
        return bool(self._past)

    @property
    def can_redo(self) -> bool:
        return bool(self._future)
