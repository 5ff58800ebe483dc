"""Property-based fuzzing of the level loader: malformed input raises LevelError, nothing else."""
from __future__ import annotations

import copy
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox.world import Level, LevelError, level_from_dict, level_to_dict, load_level
from sandbox.world.level_file import parse_level_text
from sandbox.world.validation import check_level
from tests.conftest import SHIPPED

VALID = [level_to_dict(load_level(path)) for path in SHIPPED]
FUZZ = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.none() | st.booleans() | st.integers(-40, 40) | st.integers() | st.floats() | st.text(max_size=12) \
    | st.sampled_from(["any", "#", ".", "coin", "agent", "marker", "green", "rows", "cols", "near", "cells"])
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=5)
                           | st.dictionaries(st.text(max_size=8) | st.sampled_from(
                               ["kind", "at", "region", "rows", "cols", "reward", "format", "map"]), inner, max_size=5),
                           max_leaves=20)


def full_load(data, source="fuzz.json") -> Level:
    """What `load_level` does after reading the file: parse every field, then check the distribution."""
    level = level_from_dict(data, source)
    check_level(level)
    return level


def assert_only_level_errors(data) -> None:
    try:
        level = full_load(data)
    except LevelError as error:
        assert "fuzz.json" in str(error)
        assert error.problem  # a specific reason, not an empty message
    else:
        assert isinstance(level, Level)


def paths_of(value, prefix=()):
    """Every (path) inside a JSON value, so a mutation can hit any depth."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths_of(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths_of(item, prefix + (index,))


@st.composite
def mutated_levels(draw):
    """A shipped level with one to three places replaced, deleted or extended."""
    data = copy.deepcopy(draw(st.sampled_from(VALID)))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(list(paths_of(data))[1:]))
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        action = draw(st.sampled_from(["replace", "delete", "append"]))
        if action == "delete":
            del parent[path[-1]]
        elif action == "append" and isinstance(parent[path[-1]], list):
            parent[path[-1]].append(draw(json_values))
        else:
            parent[path[-1]] = draw(json_values)
    return data


@FUZZ
@given(mutated_levels())
def test_mutated_levels_raise_only_level_errors(data):
    assert_only_level_errors(data)


@FUZZ
@given(json_values)
def test_arbitrary_json_raises_only_level_errors(data):
    assert_only_level_errors(data)


@FUZZ
@given(st.text(max_size=200) | st.sampled_from([json.dumps(v) for v in VALID]).map(lambda t: t[:len(t) // 2]))
def test_arbitrary_text_raises_only_level_errors(text):
    try:
        parse_level_text(text, "fuzz.json")
    except LevelError as error:
        assert "fuzz.json" in str(error)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(VALID), st.integers(0, 8), st.integers(0, 8), st.sampled_from(["#", ".", "x", "", "##"]))
def test_map_edits_raise_level_errors_with_a_row(data, row, col, char):
    data = copy.deepcopy(data)
    rows = data["map"]
    row %= len(rows)
    rows[row] = rows[row][:col] + char + rows[row][col + 1:]
    try:
        full_load(data)
    except LevelError as error:
        if error.field == "map":
            assert error.row is not None
