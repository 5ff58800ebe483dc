"""`eval A.pt B.pt`: one table with a row per agent on each test set; different grids are one line."""
from __future__ import annotations

from sandbox.commands import main
from sandbox.resources import resource_path

COINRUN, RANDOM25, MAZE = (str(resource_path("agents", name)) for name in ("coinrun.pt", "coinrun_random25.pt",
                                                                           "maze.pt"))


def test_two_agents_share_one_table_and_the_randomized_one_misgeneralizes_less(capsys):
    assert main(["eval", COINRUN, RANDOM25, "--episodes", "60", "--shift", "coin=left-half"]) == 0
    out = capsys.readouterr().out
    assert out.count("goal %") == 1  # one table
    rows = {}
    for line in out.splitlines():
        if line.startswith(("in-distribution", "shift coin=left-half")):
            words = line.replace("shift coin=left-half", "shift").split()
            rows[words[0], words[1]] = words
    assert set(rows) == {(test, agent) for test in ("in-distribution", "shift") for agent in
                         ("coinrun", "coinrun_random25")}
    assert "0% randomized coins" in out and "25% randomized coins" in out
    proxy = {agent: float(rows["shift", agent][-5]) for agent in ("coinrun", "coinrun_random25")}
    assert proxy["coinrun"] > proxy["coinrun_random25"] + 40


def test_different_grid_sizes_are_one_line_naming_both_files(capsys):
    assert main(["eval", COINRUN, MAZE, "--episodes", "5"]) == 2
    captured = capsys.readouterr()
    assert len(captured.err.splitlines()) == 1 and "Traceback" not in captured.err
    assert "coinrun.pt" in captured.err and "maze.pt" in captured.err and captured.out == ""
