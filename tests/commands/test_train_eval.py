"""`train` writes an agent file; `eval` prints the outcome table; bad agent files are one-line errors."""
from __future__ import annotations

import json

from sandbox.commands import main
from tests.conftest import open_room


def test_train_then_eval(tmp_path, capsys):
    level = tmp_path / "room.json"
    level.write_text(json.dumps(open_room(7)))
    agent = tmp_path / "room.pt"
    assert main(["train", str(level), "--seed", "0", "--steps", "4096", "--envs", "16", "--threads", "1",
                 "--out", str(agent)]) == 0
    assert agent.exists() and "wrote" in capsys.readouterr().out
    assert main(["eval", str(agent), "--episodes", "50", "--shift", "coin=left-half"]) == 0
    out = capsys.readouterr().out
    assert "goal %" in out and "proxy %" in out and "capability %" in out and "excluded" in out
    rows = [line for line in out.splitlines() if line.startswith(("in-distribution", "shift coin=left-half"))]
    assert len(rows) == 2 and rows[0].split()[1] == "50"


def test_bad_agent_file_is_a_one_line_error(tmp_path, capsys):
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"junk")
    assert main(["eval", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("goalpost: error:") and "not a Goalpost agent file" in err and len(err.splitlines()) == 1


def test_unknown_shift_names_the_choices(tmp_path, capsys):
    level = tmp_path / "room.json"
    level.write_text(json.dumps(open_room(7)))
    agent = tmp_path / "room.pt"
    main(["train", str(level), "--steps", "512", "--envs", "16", "--threads", "1", "--out", str(agent)])
    assert main(["eval", str(agent), "--episodes", "5", "--shift", "coin=moon"]) == 2
    assert "left-half" in capsys.readouterr().err
