"""Each sweep knob changes exactly its own field of a hand-made level, to hand-computed values, and
refuses values the level cannot take with a message naming the knob; the figure names the knob."""
from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from sandbox.analysis.figures import sweep_figure
from sandbox.analysis.knobs import KNOBS, knob_named, parse_knob
from sandbox.analysis.sweep import plan
from sandbox.world import level_from_dict, level_to_dict

ROOM = {  # 3x3 interior: rows 1-3, columns 1-3
    "format": 1, "name": "Room",
    "map": ["#####", "#...#", "#...#", "#...#", "#####"],
    "entities": [{"id": "start", "kind": "agent", "at": [3, 1], "region": "any"},
                 {"id": "coin", "kind": "coin", "at": [3, 3], "region": {"rows": [3, 3], "cols": [1, 3]}}],
    "procedural": {"random_walls": 0.1, "maze": False, "randomized_goal_percent": 0.0},
    "rewards": {"coin": {"reward": 1.0, "ends_episode": True}},
    "max_steps": 40,
}


def changed(knob: str, value: float, level: dict = ROOM) -> dict:
    """level_to_dict after the knob, with only the fields that differ from before."""
    before = level_to_dict(level_from_dict(level))
    after = level_to_dict(knob_named(knob).set(level_from_dict(level), value))
    return {key: after[key] for key in after if after[key] != before[key]}


def test_randomized_sets_only_the_percentage():
    assert changed("randomized", 25.0) == {
        "procedural": {"random_walls": 0.1, "maze": False, "randomized_goal_percent": 25.0}}


def test_walls_sets_only_the_density():
    assert changed("walls", 0.3) == {"procedural": {"random_walls": 0.3, "maze": False, "randomized_goal_percent": 0.0}}


def test_max_steps_sets_only_the_step_limit():
    assert changed("max_steps", 12.0) == {"max_steps": 12}


def test_distractors_add_markers_anywhere_on_the_first_free_cells():
    # free cells in row-major order: (1,1), (1,2), ...; (3,1) and (3,3) are taken by the agent and the coin
    added = [{"id": "distractor1", "kind": "marker", "at": [1, 1], "region": "any", "colour": "red", "shape": "ball"},
             {"id": "distractor2", "kind": "marker", "at": [1, 2], "region": "any", "colour": "green",
              "shape": "ball"}]
    assert changed("distractors", 2.0) == {"entities": ROOM["entities"] + added}
    twice = level_to_dict(knob_named("distractors").set(knob_named("distractors").set(level_from_dict(ROOM), 2), 1))
    assert [e["id"] for e in twice["entities"]] == ["start", "coin", "distractor1"]
    assert changed("distractors", 0.0) == {}


def test_too_many_distractors_for_the_room():
    # 9 interior cells, 2 taken: 7 left
    with pytest.raises(ValueError, match="has 7 free cells left, too few for 8 distractors"):
        knob_named("distractors").set(level_from_dict(ROOM), 8)


def test_region_moves_the_goal_into_the_top_right_corner():
    # a 2x2 corner of the 3x3 interior: rows 1-2, columns 2-3; the coin's (3,3) is outside, so it
    # moves to the corner's top-right cell (1,3)
    coin = {"id": "coin", "kind": "coin", "at": [1, 3], "region": {"rows": [1, 2], "cols": [2, 3]}}
    assert changed("region:coin", 2.0) == {"entities": [ROOM["entities"][0], coin]}
    whole = {"id": "coin", "kind": "coin", "at": [3, 3], "region": {"rows": [1, 3], "cols": [1, 3]}}
    assert changed("region:coin", 3.0) == {"entities": [ROOM["entities"][0], whole]}  # (3,3) is inside: stays


def test_region_skips_a_cell_another_thing_stands_on():
    level = {**ROOM, "entities": [{"id": "start", "kind": "agent", "at": [1, 3], "region": "any"}, ROOM["entities"][1]]}
    # the 1x1 corner is (1,3), where the agent stands: nothing left for the coin
    with pytest.raises(ValueError, match="top-right corner of 'Room' has no free cell for coin"):
        knob_named("region:coin").set(level_from_dict(level), 1)
    # the 2x2 corner read right to left, top to bottom: (1,3) taken, so (1,2)
    assert changed("region:coin", 2.0, level)["entities"][1]["at"] == [1, 2]


def test_region_larger_than_the_room_or_of_a_missing_thing():
    with pytest.raises(ValueError, match="region size 4 does not fit: the interior of 'Room' is 3x3 cells"):
        knob_named("region:coin").set(level_from_dict(ROOM), 4)
    with pytest.raises(ValueError, match=r"level 'Room' has no thing 'cheese' \(its things: "
                                         r"start, coin\)"):
        knob_named("region:cheese").set(level_from_dict(ROOM), 1)


def test_parse_knob_sorts_and_dedupes():
    knob, values = parse_knob("region:coin=4,1, 2,1")
    assert (knob.name, knob.slug, values) == ("region:coin", "region_coin", [1.0, 2.0, 4.0])
    assert parse_knob("walls=0.2,0")[1] == [0.0, 0.2]


@pytest.mark.parametrize("text, message", [
    ("colour=1", "unknown knob 'colour' (allowed: randomized, walls, distractors, max_steps, region:<thing id>)"),
    ("region:=1", "unknown knob 'region:'"),
    ("walls", "'walls': write NAME=V,V,... e.g. region:coin=1,2,4"),
    ("walls=", "walls: give values after '='"),
    ("walls=0.7", "walls: '0.7' is out of range (allowed: 0 to 0.6)"),
    ("walls=x", "walls: 'x' is not a number (allowed: 0 to 0.6)"),
    ("randomized=nan", "randomized: 'nan' is out of range (allowed: 0 to 100)"),
    ("distractors=1.5", "distractors: '1.5' is out of range (allowed: 0 to 8, whole numbers)"),
    ("max_steps=0", "max_steps: '0' is out of range (allowed: 1 to 10000, whole numbers)"),
    ("region:coin=0", "region:coin: '0' is out of range (allowed: 1 to 30, whole numbers)"),
    ("region:coin=31", "region:coin: '31' is out of range (allowed: 1 to 30, whole numbers)"),
])
def test_bad_knobs_are_named(text, message):
    with pytest.raises(ValueError) as refused:
        parse_knob(text)
    assert message in str(refused.value)


def test_sweep_figure_names_the_knob_and_plots_seed_means():
    def run(value, seed, proxy, failure):
        return {"value": value, "seed": seed, "proxy": proxy, "in_distribution_failure": failure}

    rows = [run(4.0, 0, 0.5, 0.0), run(1.0, 0, 1.0, 0.25), run(1.0, 1, 0.5, 0.75), run(4.0, 1, 0.25, 0.5)]
    figure = sweep_figure(rows, "Room", "size k of coin's training region")
    axes = figure.axes[0]
    assert axes.get_xlabel() == "size k of coin's training region"
    assert [t.get_text() for t in axes.get_xticklabels()] == ["1", "4"]  # evenly spaced at 0 and 1
    proxy_line, failure_line = axes.get_lines()
    assert list(proxy_line.get_xdata()) == [0, 1] and list(proxy_line.get_ydata()) == [75.0, 37.5]
    assert list(failure_line.get_ydata()) == [50.0, 25.0]
    plt.close(figure)


def test_plan_keeps_a_fully_randomized_goal_measured_against_its_trained_region():
    # at 100% the level implies no region proxy, but the sweep measures the region it was trained to
    runs = plan(level_from_dict(ROOM), KNOBS["randomized"], [0.0, 100.0], 2, 4096, 50)
    assert [run.key for run in runs] == [("Room", "randomized", 0.0, 0, 4096), ("Room", "randomized", 0.0, 1, 4096),
                                         ("Room", "randomized", 100.0, 0, 4096), ("Room", "randomized", 100.0, 1, 4096)]
    assert all(run.level == level_to_dict(level_from_dict(ROOM)) and run.episodes == 50 for run in runs)
