"""`probe` prints a table per candidate and one sentence (or JSON); `sweep` writes its CSV and figure
and a rerun trains nothing; `presets` lists every experiment with its source."""
from __future__ import annotations

import csv
import json

from sandbox.analysis.knobs import KNOBS
from sandbox.commands import build_parser, main
from sandbox.commands.sweep import chosen_knob
from sandbox.resources import levels_dir, resource_path


def test_probe_json(capsys):
    assert main(["probe", str(resource_path("agents", "coinrun.pt")), "--json", "--episodes", "100"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["actions"] == "sampled" and report["level"] == "CoinRun" and report["episodes"] == 100
    [candidate] = report["candidates"]
    assert set(candidate) == {"candidate", "behaviour", "test", "episodes", "counted", "excluded", "goal", "proxy",
                              "capability", "mean_events"}
    assert candidate["episodes"] <= 100 and 0 < candidate["counted"] <= candidate["episodes"]
    assert report["sentence"].startswith("This agent learned to go to the rightmost column: ")
    assert report["sentence"].split(": ")[1].split("%")[0] == f"{100 * candidate['proxy']:.0f}"


def test_probe_table_greedy_labelled(capsys):
    assert main(["probe", str(resource_path("agents", "keys_chests.pt")), "--episodes", "50", "--greedy"]) == 0
    out = capsys.readouterr().out
    assert "greedy (argmax) actions" in out and "episodes counted" in out and "proxy %" in out
    assert out.strip().splitlines()[-1].startswith("This agent ")


def test_sweep_writes_csv_and_figure_and_resumes(tmp_path, capsys):
    argv = ["sweep", str(levels_dir() / "coinrun.json"), "--random-percent", "0,25", "--seeds", "1",
            "--steps", "8192", "--episodes", "30", "--out", str(tmp_path)]
    assert main(argv) == 0
    assert "2 run(s) trained" in capsys.readouterr().out
    with (tmp_path / "coinrun_sweep.csv").open() as file:
        rows = list(csv.DictReader(file))
    assert sorted((r["knob"], float(r["value"])) for r in rows) == [("randomized", 0.0), ("randomized", 25.0)]
    assert all(0 <= float(r["in_distribution_failure"]) <= 1 for r in rows)
    figure = tmp_path / "coinrun_sweep.png"
    assert figure.read_bytes().startswith(b"\x89PNG")
    figure.unlink()
    assert main(argv) == 0
    assert "0 run(s) trained, 2 already in" in capsys.readouterr().out and figure.exists()


def test_random_percent_is_the_randomized_knob():
    def chosen(*options):
        return chosen_knob(build_parser().parse_args(["sweep", "level.json", *options]))

    assert chosen("--knob", "randomized=25,0") == chosen("--random-percent", "25,0") == (KNOBS["randomized"],
                                                                                         [0.0, 25.0])
    assert chosen() == (KNOBS["randomized"], [0.0, 2.0, 5.0, 10.0, 25.0])


def test_knob_sweep_of_the_corner_size_end_to_end(tmp_path, capsys):
    level = str(resource_path("docs", "corner_room.json"))
    argv = ["sweep", level, "--knob", "region:coin=2,1", "--seeds", "1", "--steps", "8192", "--episodes", "30",
            "--workers", "1", "--out", str(tmp_path)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "2 run(s) trained" in out and out.splitlines()[0].split()[0] == "region:coin"
    with (tmp_path / "corner_room_region_coin_sweep.csv").open() as file:
        rows = list(csv.DictReader(file))
    assert [(r["level"], r["knob"], r["value"], r["seed"], r["steps"]) for r in rows] == [
        ("CornerRoom", "region:coin", "1.0", "0", "8192"), ("CornerRoom", "region:coin", "2.0", "0", "8192")]
    for row in rows:  # every separated episode is exactly one of goal, proxy, capability failure
        assert abs(float(row["goal"]) + float(row["proxy"]) + float(row["capability"]) - 1) < 1e-3
    assert (tmp_path / "corner_room_region_coin_sweep.png").read_bytes().startswith(b"\x89PNG")
    assert main([*argv[:3], "region:coin=1,2,3", *argv[4:]]) == 0  # resumes: only the new size trains
    assert "1 run(s) trained, 2 already in" in capsys.readouterr().out


def test_sweep_refuses_a_level_without_goal_region(capsys):
    assert main(["sweep", str(levels_dir() / "keys_chests.json"), "--seeds", "1"]) == 2
    assert "no training region for its goal" in capsys.readouterr().err


def test_presets_list_every_experiment_with_its_source(capsys):
    assert main(["presets"]) == 0
    out = capsys.readouterr().out
    for path in levels_dir().glob("*.json"):
        assert f"levels/{path.name}" in out
    assert out.count("Langosco et al. 2022") == len(list(levels_dir().glob("*.json")))
    assert main(["presets", "--train", "--only", "nothing"]) == 2
    assert "choose from coinrun" in capsys.readouterr().err
