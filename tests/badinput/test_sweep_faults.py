"""Sweeps: a damaged CSV row is reported by file and line, the good rows kept and the damaged run
trained again; a CSV from before knobs is read and rewritten; a bad knob is refused naming the option;
a `kill -9` of `sweep` leaves no worker behind and a rerun completes."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sandbox.analysis.sweep import SweepRun, local_runner, run_sweep
from sandbox.analysis.sweep_csv import FIELDS, OLD_FIELDS, parse_row, read_sweep_csv
from sandbox.resources import resource_path
from tests.badinput.cli_run import ROOT, assert_clean_error, run_cli

LEVEL = str(resource_path("levels", "coinrun.json"))
HEADER = ",".join(FIELDS) + "\n"
GOOD = "CoinRun,randomized,0.0,0,2048,1.5,0.2,0.5,0.4,0.1,120\n"
SWEEP = ["sweep", LEVEL, "--random-percent", "0,25", "--seeds", "1", "--steps", "2048", "--episodes", "20",
         "--workers", "1"]


@pytest.mark.parametrize("line, reason", [
    ("CoinRun,randomized,25.0,0,2048,1.5,0.2", "7 values instead of 11"),
    ("CoinRun,randomized,25.0,0,2048,1.5,0.2,0.5,0.4,0.1,12", "no end"),
    ("CoinRun,randomized,25.0,zero,2048,1.5,0.2,0.5,0.4,0.1,120\n", "seed is 'zero'"),
    ("CoinRun,randomized,nan,0,2048,1.5,0.2,0.5,0.4,0.1,120\n", "value is 'nan'"),
    ("CoinRun,randomized,25.0,0,2048,inf,0.2,0.5,0.4,0.1,120\n", "train_seconds"),
    ("CoinRun,randomized,250.0,0,2048,1.5,0.2,0.5,0.4,0.1,120\n", "randomized: '250.0' is out of range"),
    ("CoinRun,walls,0.9,0,2048,1.5,0.2,0.5,0.4,0.1,120\n", "walls: '0.9' is out of range"),
    ("CoinRun,colour,1,0,2048,1.5,0.2,0.5,0.4,0.1,120\n", "unknown knob 'colour'"),
    ("CoinRun,randomized,25.0,0,2048,1.5,0.2,0.5,0.4,0.1,120,extra\n", "12 values"),
    ('CoinRun,"25.0\n', "values instead of"),
])
def test_damaged_rows_are_named(line, reason):
    with pytest.raises(ValueError, match=reason):
        parse_row(line)


def test_nan_rates_are_good_rows():
    assert parse_row("CoinRun,randomized,0.0,0,2048,1.5,0.2,nan,nan,nan,0\n")["separated"] == 0


def test_knob_rows_keep_name_and_value():
    assert parse_row("Room,region:coin,3,1,2048,1.5,0.25,0.5,0.375,0.125,8\n") == {
        "level": "Room", "knob": "region:coin", "value": 3.0, "seed": 1, "steps": 2048, "train_seconds": 1.5,
        "in_distribution_failure": 0.25, "goal": 0.5, "proxy": 0.375, "capability": 0.125, "separated": 8}


def test_csv_from_before_knobs_is_read_as_randomized_and_rewritten(tmp_path):
    csv_path = tmp_path / "coinrun_sweep.csv"
    csv_path.write_text(",".join(OLD_FIELDS) + "\nCoinRun,25.0,0,2048,1.5,0.2,0.5,0.4,0.1,120\n")
    rows, damaged = read_sweep_csv(csv_path)
    assert damaged == [] and [(r["knob"], r["value"], r["proxy"]) for r in rows] == [("randomized", 25.0, 0.4)]
    run = SweepRun({"name": "CoinRun"}, "randomized", 25.0, 0, 2048, 20)
    assert run_sweep([run], csv_path, local_runner()) == []  # already recorded: nothing trains
    assert csv_path.read_text() == HEADER + "CoinRun,randomized,25.0,0,2048,1.5,0.2,0.5,0.4,0.1,120\n"
    assert not (tmp_path / "coinrun_sweep.damaged.csv").exists()


@pytest.mark.parametrize("knob, words", [
    ("colour=1,2", ["argument --knob", "unknown knob 'colour'", "allowed: randomized, walls, distractors, "
                                                                 "max_steps, region:<thing id>"]),
    ("walls=0,0.9", ["argument --knob", "walls: '0.9' is out of range (allowed: 0 to 0.6)"]),
    ("region:coin", ["argument --knob", "write NAME=V,V,..."]),
])
def test_bad_knob_is_refused_by_the_parser(knob, words):
    assert_clean_error(run_cli("sweep", LEVEL, "--knob", knob), *words)


@pytest.mark.parametrize("knob, words", [
    ("region:cheese=1", ["region:cheese=1: level 'CoinRun' has no thing 'cheese' (its things: start, coin)"]),
    ("region:coin=1,8", ["region:coin=8: region size 8 does not fit: the interior of 'CoinRun' is 7x7 cells"]),
    ("region:coin=7", ["region:coin=7: level 'CoinRun' has no training region for its goal smaller than the room"]),
])
def test_knob_the_level_cannot_take_is_refused_before_training(knob, words, tmp_path):
    result = run_cli("sweep", LEVEL, "--knob", knob, "--out", str(tmp_path))
    assert_clean_error(result, *words)
    assert list(tmp_path.iterdir()) == []  # nothing trained, nothing written


def test_knob_and_random_percent_together_are_refused():
    assert_clean_error(run_cli("sweep", LEVEL, "--knob", "walls=0", "--random-percent", "5"),
                       "argument --random-percent: not allowed with argument --knob")


def test_damaged_csv_keeps_good_rows_and_reruns_the_damaged_one(tmp_path):
    csv_path = tmp_path / "coinrun_sweep.csv"
    csv_path.write_text(HEADER + GOOD + "CoinRun,randomized,25.0,0,20\n"
                        + "CoinRun,randomized,50.0,0,2048,x,y,z,0.4,0.1,120\n")
    result = run_cli(*SWEEP, "--out", str(tmp_path), timeout=300)
    assert result.code == 0 and "Traceback" not in result.err, result.err
    assert f"{csv_path}:3: 5 values instead of 11" in result.err and f"{csv_path}:4: train_seconds is 'x'" in result.err
    assert "1 run(s) trained, 1 already in" in result.out
    rows, damaged = read_sweep_csv(csv_path)
    assert damaged == [] and sorted(r["value"] for r in rows) == [0.0, 25.0]
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
