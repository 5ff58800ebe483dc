"""The sweep's CSV: one row per finished run, appended as each finishes.

A row cut short by a kill or a full disk, or edited by hand into something that is not a number,
must not cost the other rows: reading keeps every good row and reports each damaged line by file and
line number; `repair` moves damaged lines to a side file so the sweep reruns just those runs.
"""
from __future__ import annotations

import csv
import io
import math
import os
from dataclasses import dataclass
from pathlib import Path

from sandbox.analysis.knobs import knob_named
from sandbox.atomic_file import replace_atomically

FIELDS = ("level", "knob", "value", "seed", "steps", "train_seconds", "in_distribution_failure", "goal", "proxy",
          "capability", "separated")
OLD_FIELDS = ("level", "random_percent", *FIELDS[3:])
"""The header before sweeps took any knob: its rows are read as knob 'randomized', and the file is
rewritten with the new header before a sweep appends to it."""
TEXTS = ("level", "knob")
INTEGERS = ("seed", "steps", "separated")
RATES = ("in_distribution_failure", "goal", "proxy", "capability")  # NaN allowed: nothing to count


class SweepFileError(ValueError):
    """A file that is not a sweep CSV at all (its header is wrong): refused rather than rewritten."""


@dataclass(frozen=True)
class DamagedLine:
    """A line of the CSV that is not a complete row of numbers."""

    path: Path
    line: int
    text: str
    reason: str

    def __str__(self) -> str:
        return (f"{self.path}:{self.line}: {self.reason}; the line is kept aside in "
                f"{self.path.stem}.damaged.csv and its run trained again")


def read_sweep_csv(path: Path) -> tuple[list[dict], list[DamagedLine]]:
    """(good rows with numbers parsed, damaged lines); both empty if the file does not exist."""
    if not path.exists():
        return [], []
    with path.open(newline="", errors="replace") as file:
        lines = file.read().splitlines(keepends=True)
    if not lines or not "".join(lines).strip():
        return [], []
    header = tuple(next(csv.reader([lines[0]]), []))
    if header not in (FIELDS, OLD_FIELDS):
        raise SweepFileError(f"{path}:1: not a sweep CSV (expected the header {','.join(FIELDS)}); "
                             "move it away or choose another --out")
    rows, damaged = [], []
    for number, text in enumerate(lines[1:], start=2):
        if not text.strip():
            continue
        try:
            rows.append(parse_row(text) if header == FIELDS else parse_old_row(text))
        except ValueError as error:
            damaged.append(DamagedLine(path, number, text, str(error)))
    return rows, damaged


def is_old_format(path: Path) -> bool:
    """Whether `path` is a sweep CSV with the header from before knobs (to be rewritten)."""
    if not path.exists():
        return False
    with path.open(newline="", errors="replace") as file:
        return tuple(next(csv.reader([file.readline()]), [])) == OLD_FIELDS


def parse_old_row(text: str) -> dict:
    """A line of an old sweep CSV: its random_percent column becomes knob 'randomized' and its value."""
    cells = next(csv.reader([text]), [])
    return parse_row(text, [cells[0], "randomized", *cells[1:]] if cells else cells)


def parse_row(text: str, cells: list[str] | None = None) -> dict:
    """One CSV line (or its `cells`, already split) -> a row dict; ValueError saying what is wrong with it."""
    if cells is None:
        cells = next(csv.reader([text]), [])
    if len(cells) != len(FIELDS):
        raise ValueError(f"{len(cells)} values instead of {len(FIELDS)} (cut short?)")
    row: dict = dict(zip(TEXTS, cells))
    for name, cell in zip(FIELDS[len(TEXTS):], cells[len(TEXTS):]):
        try:
            value = int(cell) if name in INTEGERS else float(cell)
        except ValueError:
            raise ValueError(f"{name} is {cell[:30]!r}, not a number") from None
        if name not in RATES and not math.isfinite(value):
            raise ValueError(f"{name} is {cell!r}")
        row[name] = value
    knob_named(row["knob"]).parse(cells[2])  # an unknown knob or a value out of its range
    if row["seed"] < 0 or row["steps"] < 1:
        raise ValueError("seed or steps is out of range")
    if not text.endswith(("\n", "\r")):
        raise ValueError("the line has no end (cut short?)")
    return row


def repair(path: Path, rows: list[dict], damaged: list[DamagedLine]) -> Path:
    """Rewrite `path` with the good rows only and append the damaged lines, as they were, to
    `<name>.damaged.csv` next to it (nothing typed by hand is ever thrown away). Returns that file."""
    side = path.with_name(f"{path.stem}.damaged.csv")
    if damaged:
        with side.open("a", newline="") as file:
            file.writelines(line.text if line.text.endswith("\n") else line.text + "\n" for line in damaged)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    replace_atomically(path, lambda temporary: temporary.write_text(buffer.getvalue()))
    return side


def append_row(path: Path, row: dict) -> None:
    """Append one finished run, writing the header first if the file is new."""
    new = not path.exists() or path.stat().st_size == 0
    with path.open("a", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=FIELDS, lineterminator="\n")
        if new:
            writer.writeheader()
        writer.writerow(row)
        file.flush()
        os.fsync(file.fileno())
