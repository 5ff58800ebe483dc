"""`sweep --ray`: the same runs as Ray tasks give the same CSV rows as the local pool, and a run that
fails on every try is reported by name, never dropped."""
from __future__ import annotations

import csv

import pytest
import ray

from sandbox.analysis.ray_sweep import RETRIES, SweepRunsFailed, ray_runner
from sandbox.analysis.sweep import SweepRun, run_sweep
from sandbox.commands import main
from sandbox.resources import levels_dir
from sandbox.world import level_to_dict, load_level

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def local_ray():
    """One local cluster of 2 CPUs for the module; the runner joins it instead of starting its own."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


def rows(path) -> list[dict]:
    with path.open() as file:
        return sorted(({k: v for k, v in row.items() if k != "train_seconds"} for row in csv.DictReader(file)),
                      key=lambda row: row["value"])


def test_a_ray_sweep_writes_the_same_rows_as_the_local_pool(tmp_path, capsys, local_ray):
    argv = ["sweep", str(levels_dir() / "coinrun.json"), "--random-percent", "0,25", "--seeds", "1",
            "--steps", "8192", "--episodes", "30", "--workers", "2"]
    assert main([*argv, "--out", str(tmp_path / "pool")]) == 0
    assert main([*argv, "--out", str(tmp_path / "ray"), "--ray"]) == 0
    assert "2 run(s) trained" in capsys.readouterr().out
    pool, on_ray = rows(tmp_path / "pool" / "coinrun_sweep.csv"), rows(tmp_path / "ray" / "coinrun_sweep.csv")
    assert len(pool) == 2 and on_ray == pool  # seeds make a run's row independent of where it ran
    assert (tmp_path / "ray" / "coinrun_sweep.png").read_bytes().startswith(b"\x89PNG")


def test_a_run_that_fails_every_try_is_reported_after_the_others_are_kept(tmp_path, local_ray):
    level = level_to_dict(load_level(levels_dir() / "coinrun.json"))
    good = SweepRun(level, "randomized", 0.0, 0, 4096, 20)
    bad = SweepRun(level, "no_such_knob", 1.0, 0, 4096, 20)  # the task raises inside the worker
    csv_path = tmp_path / "sweep.csv"
    with pytest.raises(SweepRunsFailed) as failed:
        run_sweep([good, bad], csv_path, ray_runner())
    assert str(failed.value).startswith(f"1 run(s) failed after {RETRIES + 1} tries each: no_such_knob=1 seed 0: ")
    assert "no_such_knob" in str(failed.value).split(": ", 2)[2]
    with csv_path.open() as file:
        assert [row["knob"] for row in csv.DictReader(file)] == ["randomized"]  # the good run's row is kept
