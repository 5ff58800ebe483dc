"""Sweeps: a damaged CSV row is reported by file and line, the good rows kept and the damaged run
trained again; a `kill -9` of `sweep` leaves no worker behind and a rerun completes."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sandbox.analysis.sweep_csv import FIELDS, parse_row, read_sweep_csv
from sandbox.resources import resource_path
from tests.badinput.cli_run import ROOT, assert_clean_error, run_cli

LEVEL = str(resource_path("levels", "coinrun.json"))
HEADER = ",".join(FIELDS) + "\n"
GOOD = "CoinRun,0.0,0,2048,1.5,0.2,0.5,0.4,0.1,120\n"
SWEEP = ["sweep", LEVEL, "--random-percent", "0,25", "--seeds", "1", "--steps", "2048", "--episodes", "20",
         "--workers", "1"]


@pytest.mark.parametrize("line, reason", [
    ("CoinRun,25.0,0,2048,1.5,0.2", "6 values instead of 10"),
    ("CoinRun,25.0,0,2048,1.5,0.2,0.5,0.4,0.1,12", "no end"),
    ("CoinRun,25.0,zero,2048,1.5,0.2,0.5,0.4,0.1,120\n", "seed is 'zero'"),
    ("CoinRun,nan,0,2048,1.5,0.2,0.5,0.4,0.1,120\n", "random_percent"),
    ("CoinRun,25.0,0,2048,inf,0.2,0.5,0.4,0.1,120\n", "train_seconds"),
    ("CoinRun,250.0,0,2048,1.5,0.2,0.5,0.4,0.1,120\n", "out of range"),
    ("CoinRun,25.0,0,2048,1.5,0.2,0.5,0.4,0.1,120,extra\n", "11 values"),
    ('CoinRun,"25.0\n', "values instead of"),
])
def test_damaged_rows_are_named(line, reason):
    with pytest.raises(ValueError, match=reason):
        parse_row(line)


def test_nan_rates_are_good_rows():
    assert parse_row("CoinRun,0.0,0,2048,1.5,0.2,nan,nan,nan,0\n")["separated"] == 0


def test_damaged_csv_keeps_good_rows_and_reruns_the_damaged_one(tmp_path):
    csv_path = tmp_path / "coinrun_sweep.csv"
    csv_path.write_text(HEADER + GOOD + "CoinRun,25.0,0,20\n" + "CoinRun,50.0,0,2048,x,y,z,0.4,0.1,120\n")
    result = run_cli(*SWEEP, "--out", str(tmp_path), timeout=300)
    assert result.code == 0 and "Traceback" not in result.err, result.err
    assert f"{csv_path}:3: 4 values instead of 10" in result.err and f"{csv_path}:4: train_seconds is 'x'" in result.err
    assert "1 run(s) trained, 1 already in" in result.out
    rows, damaged = read_sweep_csv(csv_path)
    assert damaged == [] and sorted(r["random_percent"] for r in rows) == [0.0, 25.0]
    assert GOOD.strip() in csv_path.read_text()
    assert (tmp_path / "coinrun_sweep.damaged.csv").read_text().count("\n") == 2  # nothing thrown away


def test_foreign_csv_is_refused_and_left_alone(tmp_path):
    csv_path = tmp_path / "coinrun_sweep.csv"
    csv_path.write_text("name,score\nalice,3\n")
    assert_clean_error(run_cli(*SWEEP, "--out", str(tmp_path)), str(csv_path), "not a sweep CSV")
    assert csv_path.read_text() == "name,score\nalice,3\n"


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the workers through /proc")
def test_kill_9_leaves_no_worker_and_the_rerun_completes(tmp_path):
    argv = [*SWEEP[:-1], "2", "--steps", "16384", "--out", str(tmp_path)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    sweep = subprocess.Popen([sys.executable, str(ROOT / "main.py"), *argv], env=env, cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    workers: list[int] = []
    while len(workers) < 2 and time.monotonic() < deadline:  # two pool workers (plus any helper)
        time.sleep(0.2)
        workers = _children(sweep.pid)
    time.sleep(3)  # let them get into their run
    workers = _children(sweep.pid)
    assert len(workers) >= 2, "the sweep never started its workers"
    sweep.send_signal(signal.SIGKILL)
    sweep.wait(30)
    deadline = time.monotonic() + 20
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in workers if _alive(pid)], "workers outlived the killed sweep"
    rerun = run_cli(*argv, timeout=400)
    assert rerun.code == 0 and "Traceback" not in rerun.err, rerun.err
    assert "2 run(s) trained" in rerun.out
