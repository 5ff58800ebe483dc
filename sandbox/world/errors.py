"""The one exception the world layer raises for bad levels and episodes."""
from __future__ import annotations


class LevelError(ValueError):
    """A level or episode is malformed or cannot be used.

    The message always names the source (file or "<level>"), the field (a dotted JSON path such as
    `entities[2].region`) and, for the map, the row and column, so a person editing the file by hand
    can find the mistake without a traceback.
    """

    def __init__(self, source: str, field: str, problem: str, *, row: int | None = None,
                 col: int | None = None, line: int | None = None):
        self.source = source
        self.field = field
        self.problem = problem
        self.row = row
        self.col = col
        self.line = line
        where = [source]
        if line is not None:
            where.append(f"line {line}")
        if field:
            where.append(f"field '{field}'")
        if row is not None:
            where.append(f"row {row}" + (f", column {col}" if col is not None else ""))
        super().__init__(f"{': '.join(where)}: {problem}")
