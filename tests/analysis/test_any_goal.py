"""The goal is whatever pays: on a chest- or marker-goal level the randomized-goal share moves the
goal, the proxies carry that share, and a briefly trained agent's probe names the goal's region
exactly. A marker pays by its look ("red ball"), so another colour stays a distractor."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np

import pytest

from sandbox.analysis import derive_proxies
from sandbox.commands import main
from sandbox.env.core import GridCore
from sandbox.world import Episode, LevelError, level_from_dict, load_level, sample_episodes, tiles

RED_BALL, GREEN_BOX = tiles.marker_code("red", "ball"), tiles.marker_code("green", "box")

LEVELS = Path(__file__).parent / "levels"


def chest_column(percent: float = 0.0):
    level = load_level(LEVELS / "chest_column.json")
    return replace(level, procedural=replace(level.procedural, randomized_goal_percent=percent))


def marker_corner(percent: float = 0.0):
    level = load_level(LEVELS / "marker_corner.json")
    return replace(level, procedural=replace(level.procedural, randomized_goal_percent=percent))


def test_the_goal_is_what_pays():
    assert (chest_column().goal_code, chest_column().goal_noun) == (tiles.CHEST, "chest")
    single = load_level(LEVELS / "single_cell.json")
    assert (single.goal_code, single.goal_noun) == (tiles.COIN, "coin")
    assert (marker_corner().goal_code, marker_corner().goal_noun) == (RED_BALL, "red ball")
    assert marker_corner().paid_codes == {RED_BALL}


def test_a_rewarded_marker_is_taken_and_pays_while_another_colour_is_walked_over():
    level = marker_corner()
    walls = level.walls.copy()
    objects = np.zeros(level.shape, np.uint8)
    objects[4, 2], objects[4, 3] = GREEN_BOX, RED_BALL
    core = GridCore(level, 1)
    core.fix_episode(Episode(walls, objects, (4, 1)))
    core.reset()
    right = np.array([3])
    first = core.step(right, autoreset=False)
    assert first.reward[0] == 0 and not first.terminated[0] and core.objects[0, 4 * 9 + 2] == GREEN_BOX
    second = core.step(right, autoreset=False)
    assert second.reward[0] == 1.0 and second.terminated[0]
    assert core.events[0].tolist() == [0, 0, 0, 1] and core.objects[0, 4 * 9 + 3] == 0


def test_randomized_share_moves_the_red_ball_and_leaves_the_green_box_alone():
    def off_corner(batch):
        cells = np.argwhere(batch.objects == RED_BALL)[:, 1:]
        return ~((cells[:, 0] <= 2) & (cells[:, 1] >= 6))
    assert not off_corner(sample_episodes(marker_corner(0), 1, 500)).any()
    batch = sample_episodes(marker_corner(50), 1, 4000)
    # half may go anywhere: 44 of the 48 cells the start leaves are off the corner, so about 46%
    assert 0.40 < off_corner(batch).mean() < 0.48
    boxes = np.argwhere(batch.objects == GREEN_BOX)[:, 1:]
    balls = np.argwhere(batch.objects == RED_BALL)[:, 1:]
    assert len(boxes) == 4000 and (np.abs(boxes - balls).sum(axis=1) >= 2).all()


def test_marker_proxies_carry_the_share():
    assert [p.name for p in derive_proxies(marker_corner(25))] == [
        "where the red ball was in 75% of training episodes (the top-right 2x2 corner)"]
    assert derive_proxies(marker_corner(100)) == []


def test_a_reward_for_an_unknown_look_is_refused_by_name():
    data = json.loads((LEVELS / "marker_corner.json").read_text())
    data["rewards"] = {"crimson ball": {"reward": 1.0}}
    with pytest.raises(LevelError) as error:
        level_from_dict(data)
    assert error.value.field == "rewards"
    assert "unknown reward 'crimson ball' (coin, key, chest, or a marker's colour and shape" in str(error.value)


def test_randomized_share_moves_chests_on_a_chest_level():
    assert (np.argwhere(sample_episodes(chest_column(0), 1, 500).objects == tiles.CHEST)[:, 2] == 7).all()
    batch = sample_episodes(chest_column(50), 1, 4000)
    off_region = (np.argwhere(batch.objects == tiles.CHEST)[:, 2] != 7).mean()
    # half may go anywhere; 6 of the 7 free columns are off the region (~43% expected)
    assert 0.39 < off_region < 0.47


def test_chest_proxies_carry_the_share():
    assert [p.name for p in derive_proxies(chest_column(50))] == [
        "where the chest was in 50% of training episodes (the rightmost column)",
        "the keys (needed for every chest in training)"]
    assert [p.kind for p in derive_proxies(chest_column(100))] == ["keys"]


def test_a_briefly_trained_agent_is_probed_on_the_goals_region(tmp_path, capsys):
    for name, region in (("single_cell", "where the coin was in training (the cell in the top-right corner)"),
                         ("chest_column", "where the chest was in training (the rightmost column)"),
                         ("marker_corner", "where the red ball was in training (the top-right 2x2 corner)")):
        agent = tmp_path / f"{name}.pt"
        assert main(["train", str(LEVELS / f"{name}.json"), "--seed", "0", "--steps", "2048", "--envs", "16",
                     "--threads", "1", "--out", str(agent)]) == 0
        capsys.readouterr()
        assert main(["probe", str(agent), "--episodes", "40"]) == 0
        out = capsys.readouterr().out
        assert f"\n{region}\n" in out and "goal %" in out
