"""Training stops when it is done: the rolling-success rule, the step cap per level size, and `train`'s
summary and agent file saying which of the two ended the run."""
from __future__ import annotations

from dataclasses import replace

import pytest
import torch

from sandbox.commands import build_parser, main
from sandbox.commands.presets import RECIPES
from sandbox.resources import resource_path
from sandbox.rl import PPOConfig, Trainer, load_agent
from sandbox.rl.config import step_cap
from sandbox.rl.trainer import SuccessWindow
from sandbox.world import level_from_dict, load_level
from tests.conftest import open_room

COINRUN = resource_path("levels", "coinrun.json")


def first_stop(window: SuccessWindow, iterations: list[tuple[int, int]]) -> int | None:
    """Index of the iteration after which the rule stops the run (None: it never does)."""
    for index, (episodes, successes) in enumerate(iterations):
        window.add(episodes, successes)
        if window.reached:
            return index
    return None


def test_does_not_stop_before_the_window_is_full():
    # every episode a success, but the first two iterations hold only 80 of the 100 episodes judged
    assert first_stop(SuccessWindow(95, 100), [(40, 40), (40, 40), (40, 40)]) == 2


def test_stops_at_the_first_iteration_where_the_rolling_rate_reaches_the_target():
    # windows (smallest suffix of iterations with >= 100 episodes), worked out by hand:
    # it 1: 40+50 = 90 episodes, not full; it 2: 140 episodes, 75 successes (54%);
    # it 3: drop it 0 -> 100 episodes, 45+48 = 93 (93%); it 4: 100 episodes, 48+47 = 95 (95%): stop
    iterations = [(40, 0), (50, 30), (50, 45), (50, 48), (50, 47), (50, 50)]
    window = SuccessWindow(95, 100)
    assert first_stop(window, iterations) == 4
    assert (window.episodes, window.successes) == (100, 95)


def test_the_target_is_compared_exactly():
    assert not first_stop(SuccessWindow(95, 1000), [(1000, 949)])
    assert first_stop(SuccessWindow(95, 1000), [(1000, 950)]) == 0
    assert first_stop(SuccessWindow(33.3, 1000), [(1000, 333)]) == 0


def test_old_iterations_leave_the_window():
    window = SuccessWindow(90, 100)
    for _ in range(20):
        window.add(60, 0)  # a long failing start...
    window.add(60, 60)
    assert not window.reached  # ...still judged: 120 episodes, half successes
    window.add(60, 60)
    assert window.reached and window.episodes == 120 and window.rate == 1.0


def test_never_stops_when_off():
    assert first_stop(SuccessWindow(0, 100), [(1000, 1000)] * 50) is None


def test_iterations_without_episodes_change_nothing():
    window = SuccessWindow(50, 10)
    assert first_stop(window, [(0, 0), (5, 5), (0, 0), (5, 5)]) == 3
    assert SuccessWindow(50, 10).rate != SuccessWindow(50, 10).rate  # NaN before any episode ended


@pytest.mark.parametrize("size, maze, walls, expected", [
    (9, False, 0, 2_000_000),     # the 9x9 presets: 49 free cells x 40k = 1.96M, rounded up
    (9, False, 6, 1_800_000),     # a wall of 6 cells: 43 free x 40k = 1.72M, rounded up
    (5, False, 0, 500_000),       # 9 cells x 40k = 360k, raised to the floor
    (15, False, 0, 6_800_000),    # 169 cells x 40k = 6.76M
    (11, True, 0, 9_800_000),     # the maze preset: 81 cells x 40k x 3 = 9.72M
    (32, True, 0, 20_000_000),    # 900 cells x 120k = 108M, lowered to the ceiling
])
def test_step_cap_per_level_size(size, maze, walls, expected):
    data = open_room(size)
    if walls:
        data["map"][3] = "#" + "#" * walls + "." * (size - 2 - walls) + "#"
    level = level_from_dict(data)
    level = replace(level, procedural=replace(level.procedural, maze=maze))
    assert step_cap(level) == expected


def test_learning_rate_is_the_level_s_unless_given():
    maze = load_level(resource_path("levels", "maze.json"))
    assert PPOConfig().for_level(load_level(COINRUN)).learning_rate == 0.002
    assert PPOConfig().for_level(maze).learning_rate == 0.001  # mazes learned more slowly at 2e-3
    assert PPOConfig(learning_rate=0.0005).for_level(maze).learning_rate == 0.0005
    assert PPOConfig(learning_rate=0.0005).for_level(load_level(COINRUN)).learning_rate == 0.0005


def test_shipped_levels_step_caps():
    assert step_cap(load_level(COINRUN)) == 2_000_000
    assert step_cap(load_level(resource_path("levels", "maze.json"))) == 9_800_000


def test_trainer_fills_in_the_cap_and_leaves_the_callers_config_alone():
    config = PPOConfig(num_envs=8, num_steps=32, num_minibatches=4)
    trainer = Trainer(level_from_dict(open_room(7)), config, seed=0)  # 25 free cells x 40k
    assert trainer.config.total_steps == 1_000_000 and trainer.config.num_iterations == 1_000_000 // 256
    assert trainer.config.learning_rate == 0.002 and trainer.optimizer.param_groups[0]["lr"] == 0.002
    assert config.total_steps is None and config.learning_rate is None and config.stop_reason == ""
    assert trainer.config.stop_reason == "interrupted"  # what a file saved now would have to say


def run_to_end(config: PPOConfig, seed: int) -> Trainer:
    trainer = Trainer(level_from_dict(open_room(5)), config, seed)
    while not trainer.finished:
        trainer.train_iteration()
    return trainer


def test_a_seed_reproduces_where_the_run_stops():
    torch.set_num_threads(1)
    config = PPOConfig(total_steps=40 * 256, num_envs=8, num_steps=32, num_minibatches=4, until_percent=60,
                       success_window=40)
    first, second = run_to_end(config, 3), run_to_end(config, 3)
    assert first.config.stop_reason == second.config.stop_reason == "target"
    assert first.global_step == second.global_step < config.total_steps
    assert first.curve == second.curve


def test_off_trains_to_the_step_cap():
    torch.set_num_threads(1)
    config = PPOConfig(total_steps=4 * 256, num_envs=8, num_steps=32, num_minibatches=4, until_percent=0,
                       success_window=1)
    trainer = run_to_end(config, 0)
    assert trainer.global_step == 4 * 256 and trainer.config.stop_reason == "step_cap"


def test_until_option():
    parse = build_parser().parse_args
    assert parse(["train", str(COINRUN)]).until == 95
    assert parse(["train", str(COINRUN), "--until", "off"]).until == 0
    assert parse(["train", str(COINRUN), "--until", "0"]).until == 0
    assert parse(["train", str(COINRUN), "--until", "30"]).until == 30
    assert parse(["train", str(COINRUN)]).steps is None


@pytest.mark.parametrize("value", ["101", "-1", "nan", "of"])
def test_bad_until_is_refused_by_the_parser(value, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["train", str(COINRUN), "--until", value])
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert stopped.value.code == 2 and "--until" in last and "allowed: 0 to 100, or off" in last


def test_agent_files_from_before_the_rule_read_as_trained_to_their_steps():
    old = {key: value for key, value in PPOConfig(total_steps=1000).to_dict().items()
           if key not in ("until_percent", "success_window", "stop_reason")}
    config = PPOConfig.from_dict(old)
    assert config.until_percent == 0 and config.stop_reason == "" and config.total_steps == 1000
    assert load_agent(resource_path("agents", "coinrun.pt")).config.until_percent == 0


def test_shipped_agents_are_regenerated_to_their_step_counts():
    for recipe in RECIPES:
        argv = recipe.argv()
        assert argv[argv.index("--until") + 1] == "off" and argv[argv.index("--steps") + 1] == str(recipe.steps)
        assert argv[argv.index("--lr") + 1] == "0.001"  # the rate they were made with, not today's default
        assert argv[argv.index("--envs") + 1] == "64" and argv[argv.index("--num-steps") + 1] == "128"  # likewise


@pytest.mark.slow
def test_train_with_a_low_target_ends_early_and_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GOALPOST_DATA_DIR", str(tmp_path / "data"))
    out = tmp_path / "coinrun30.pt"
    assert main(["train", str(COINRUN), "--until", "30", "--threads", "1", "--out", str(out)]) == 0
    line = capsys.readouterr().out.strip().splitlines()[-1]
    assert line.startswith("reached 30% success at ") and "over the last" in line and str(out) in line
    agent = load_agent(out)
    assert agent.config.stop_reason == "target" and agent.config.until_percent == 30
    assert agent.config.success_window == 1000 and agent.config.total_steps == 2_000_000
    assert agent.steps < 200_000  # random play already succeeds about 20% of the time on this level
