"""Typed reading of parsed JSON for the level format: every surprise becomes a `LevelError` that
names the source and the field. Numbers longer than `MAX_DIGITS` are held as `LongNumber` until a
field reads them, so the message names that field instead of Python's 4300-digit limit naming none.
"""
from __future__ import annotations

import json
import math
import unicodedata
from typing import Any

from sandbox.world.errors import LevelError

MAX_DIGITS = 30
"""Longer numbers are refused by field, not by Python's own 4300-digit limit without a field."""
MAX_TEXT = {"name": 100, "id": 64, "description": 10_000}
"""Longest name, entity id and description; longer ones are refused with their field."""
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class LongNumber:
    """Stands in for an integer of more than `MAX_DIGITS` digits until a field reads it."""

    def __init__(self, text: str):
        self.digits = len(text.lstrip("-"))

    def __repr__(self) -> str:
        return f"a {self.digits}-digit number"


def parse_int(text: str) -> int | LongNumber:
    return int(text) if len(text) <= MAX_DIGITS else LongNumber(text)


class Reader:
    """Typed access to a JSON value that turns every surprise into a `LevelError`."""

    def __init__(self, source: str):
        self.source = source
        self.cells_read = 0

    def fail(self, field: str, problem: str, **where: int) -> LevelError:
        return LevelError(self.source, field, problem, **where)

    def object(self, value: Any, field: str, allowed: set[str]) -> dict:
        if not isinstance(value, dict):
            raise self.fail(field, f"expected an object {{...}}, got {kind_of(value)}")
        unknown = sorted(set(value) - allowed)
        if unknown:
            raise self.fail(field, f"unknown key '{unknown[0]}' (allowed: {', '.join(sorted(allowed))})")
        return value

    def list(self, value: Any, field: str) -> list:
        if not isinstance(value, list):
            raise self.fail(field, f"expected a list [...], got {kind_of(value)}")
        return value

    def string(self, value: Any, field: str) -> str:
        if not isinstance(value, str):
            raise self.fail(field, f"expected a string, got {kind_of(value)}")
        return value

    def text(self, value: Any, field: str, kind: str) -> str:
        """A name, id or description: bounded length and no control characters, which would reach a
        terminal raw (a description may keep line breaks and tabs)."""
        value = self.string(value, field)
        if len(value) > MAX_TEXT[kind]:
            raise self.fail(field, f"is {len(value)} characters long; at most {MAX_TEXT[kind]}")
        allowed = "\n\t" if kind == "description" else ""
        bad = next((ch for ch in value if ch not in allowed and (unicodedata.category(ch) == "Cc"
                                                                 or ch in _BIDI_CONTROLS)), None)
        if bad is not None:
            raise self.fail(field, f"contains the control character {ascii(bad)}; use printable text")
        return value

    def boolean(self, value: Any, field: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(field, f"expected true or false, got {kind_of(value)}")
        return value

    def integer(self, value: Any, field: str, low: int, high: int) -> int:
        if isinstance(value, LongNumber):
            raise self.fail(field, f"{value!r} is out of range ({low} to {high})")
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(field, f"expected a whole number, got {kind_of(value)}")
        if not low <= value <= high:
            raise self.fail(field, f"{value} is out of range ({low} to {high})")
        return value

    def number(self, value: Any, field: str, low: float, high: float) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(field, f"expected a number, got {kind_of(value)}")
        if not (math.isfinite(value) and low <= value <= high):
            raise self.fail(field, f"{value} is out of range ({low:g} to {high:g})")
        return float(value)

    def cell(self, value: Any, field: str, shape: tuple[int, int]) -> tuple[int, int]:
        pair = self.list(value, field)
        if len(pair) != 2:
            raise self.fail(field, f"a cell is [row, column]; got {len(pair)} numbers")
        row = self.integer(pair[0], f"{field}[0]", 0, shape[0] - 1)
        col = self.integer(pair[1], f"{field}[1]", 0, shape[1] - 1)
        return row, col


def printable(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cc" and ch not in _BIDI_CONTROLS) or "Untitled"


def kind_of(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null"}
    if isinstance(value, LongNumber):
        return repr(value)
    for cls, name in names.items():
        if isinstance(value, cls):
            return f"{name} ({json.dumps(value)[:40]})" if cls is str else name
    return f"the number {value!r}"[:60]
