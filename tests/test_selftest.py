"""`main.py --selftest` from source: every check passes and prints its line; a failure is named."""
from __future__ import annotations

import numpy as np

from sandbox import selftest
from sandbox.commands import main


def test_selftest_passes_with_one_ok_line_per_check(capsys):
    assert main(["--selftest"]) == 0
    lines = capsys.readouterr().out.splitlines()
    for name, _ in selftest.CHECKS:
        assert any(line.startswith(f"ok  {name}  ") for line in lines), name
    assert lines[-1] == "selftest passed"


def test_a_failing_check_is_named_and_the_exit_code_is_non_zero(monkeypatch):
    def broken(_):
        raise FileNotFoundError("levels/ is missing")

    monkeypatch.setattr(selftest, "CHECKS", [("render", selftest.check_render), ("presets", broken)])
    lines: list[str] = []
    assert selftest.run_selftest(lines.append) == 1
    assert lines[0].startswith("ok  render  ")
    assert lines[1] == "FAIL  presets  FileNotFoundError: levels/ is missing"
    assert lines[-1] == "selftest failed: presets"


def test_the_moved_goal_is_the_free_cell_farthest_from_its_training_place():
    walls = np.ones((4, 5), bool)
    walls[1:3, 1:4] = False
    objects = np.zeros((4, 5), np.uint8)
    objects[1, 3] = 2
    assert selftest.moved_goal_cell(walls, objects, agent=(1, 1), goal=(1, 3)) == (2, 1)
