"""The goal is whatever pays: on a chest-goal level the randomized-goal share moves the chest, the
proxies carry that share, and a briefly trained agent's probe names the chest's region exactly."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from sandbox.analysis import derive_proxies
from sandbox.commands import main
from sandbox.world import load_level, sample_episodes, tiles

LEVELS = Path(__file__).parent / "levels"


def chest_column(percent: float = 0.0):
    level = load_level(LEVELS / "chest_column.json")
    return replace(level, procedural=replace(level.procedural, randomized_goal_percent=percent))


def test_the_goal_kind_is_what_pays():
    assert chest_column().goal_kind == "chest"
    assert load_level(LEVELS / "single_cell.json").goal_kind == "coin"


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
                         ("chest_column", "where the chest was in training (the rightmost column)")):
        agent = tmp_path / f"{name}.pt"
        assert main(["train", str(LEVELS / f"{name}.json"), "--seed", "0", "--steps", "2048", "--envs", "16",
                     "--threads", "1", "--out", str(agent)]) == 0
        capsys.readouterr()
        assert main(["probe", str(agent), "--episodes", "40"]) == 0
        out = capsys.readouterr().out
        assert f"\n{region}\n" in out and "goal %" in out
