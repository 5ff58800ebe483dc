"""Every PPO setting is a `train` option, generated from PPOConfig, and reaches the agent file."""
from __future__ import annotations

from dataclasses import fields

import pytest

from sandbox.commands import build_parser, main
from sandbox.commands.ppo_options import field_help
from sandbox.rl import PPOConfig, load_agent

CHOSEN = {  # a value other than the default for every setting, as typed on the command line
    "total_steps": ("--total-steps", "1024", 1024), "until_percent": ("--until-percent", "90", 90.0),
    "success_window": ("--success-window", "50", 50), "num_envs": ("--num-envs", "8", 8),
    "num_steps": ("--num-steps", "64", 64), "learning_rate": ("--learning-rate", "0.002", 0.002),
    "anneal_lr": ("--no-anneal-lr", None, False), "gamma": ("--gamma", "0.9", 0.9),
    "gae_lambda": ("--gae-lambda", "0.8", 0.8), "num_minibatches": ("--num-minibatches", "2", 2),
    "update_epochs": ("--update-epochs", "2", 2), "norm_adv": ("--no-norm-adv", None, False),
    "clip_coef": ("--clip-coef", "0.1", 0.1), "clip_vloss": ("--no-clip-vloss", None, False),
    "ent_coef": ("--ent-coef", "0.05", 0.05), "vf_coef": ("--vf-coef", "0.25", 0.25),
    "max_grad_norm": ("--max-grad-norm", "1.5", 1.5), "target_kl": ("--target-kl", "0.03", 0.03),
    "conv_channels": ("--conv-channels", "4", 4), "hidden_size": ("--hidden-size", "16", 16),
}


def settable() -> set[str]:
    return {f.name for f in fields(PPOConfig) if f.init} - {"stop_reason"}


def train_options() -> set[str]:
    subparsers = next(a for a in build_parser()._actions if a.dest == "command")
    return {option for action in subparsers.choices["train"]._actions for option in action.option_strings}


def test_every_setting_is_a_train_option_under_its_own_name():
    assert set(CHOSEN) == settable()  # a new setting needs a value here
    for name in settable():
        assert "--" + name.replace("_", "-") in train_options(), name
    assert {"--steps", "--until", "--envs", "--lr"} <= train_options()  # the short names stay


def test_help_shows_each_setting_s_docstring_and_range(capsys):
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--gae-lambda GAE_LAMBDA GAE's lambda: trades advantage bias against variance (default 0.95; 0 to 1)" in text
    assert "--target-kl TARGET_KL" in text and "(default None; 0 to 10, or none)" in text
    assert field_help()["update_epochs"] == "Passes over each rollout"


def test_every_setting_round_trips_into_the_agent_file(tmp_path, monkeypatch):
    monkeypatch.setenv("GOALPOST_DATA_DIR", str(tmp_path / "data"))
    argv = ["train", "levels/coinrun.json", "--out", str(tmp_path / "a.pt"), "--threads", "1"]
    for option, text, _ in CHOSEN.values():
        argv += [option] if text is None else [option, text]
    assert main(argv) == 0
    recorded = load_agent(tmp_path / "a.pt").config
    assert {name: getattr(recorded, name) for name in CHOSEN} == {name: value for name, (_, _, value) in CHOSEN.items()}


@pytest.mark.parametrize("argv, message", [
    (["--gamma", "1.5"], "argument --gamma: '1.5' is out of range (allowed: 0 to 1)"),
    (["--update-epochs", "two"], "argument --update-epochs: 'two' is not a whole number (allowed: 1 to 100)"),
    (["--target-kl", "nan"], "argument --target-kl: 'nan' is out of range (allowed: 0 to 10)"),
    (["--conv-channels", "300"], "argument --conv-channels: '300' is out of range (allowed: 1 to 256)"),
])
def test_a_bad_setting_is_refused_by_the_parser_with_its_range(argv, message, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["train", "levels/coinrun.json", *argv])
    assert stopped.value.code == 2 and message in capsys.readouterr().err


def test_settings_that_do_not_fit_together_are_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("GOALPOST_DATA_DIR", str(tmp_path / "data"))
    assert main(["train", "levels/coinrun.json", "--envs", "3", "--num-steps", "5", "--num-minibatches", "2",
                 "--out", str(tmp_path / "a.pt")]) == 2
    assert "goalpost: error: num_envs * num_steps (15) must divide into 2 minibatches" in capsys.readouterr().err


@pytest.mark.parametrize("cores, load, threads", [(2, 0.3, 2), (2, 0.99, 2), (2, 1.0, 1), (2, 3.5, 1), (1, 0.0, 1),
                                                   (8, 6.5, 2), (8, 7.0, 1)])
def test_train_takes_a_second_thread_only_when_a_core_is_idle(cores, load, threads, monkeypatch):
    from sandbox.commands import train

    monkeypatch.setattr(train.os, "cpu_count", lambda: cores)
    monkeypatch.setattr(train.os, "getloadavg", lambda: (load, 0.0, 0.0))
    assert train.default_threads() == threads
