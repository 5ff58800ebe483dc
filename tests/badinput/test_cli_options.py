"""Every numeric option of every command refuses a bad value in the parser: exit code 2, one line
naming the option and its allowed range, no traceback, nothing run."""
from __future__ import annotations

import pytest

from sandbox.commands import build_parser, main
from sandbox.resources import resource_path
from tests.badinput.cli_run import assert_clean_error, run_cli

AGENT = str(resource_path("agents", "coinrun.pt"))
LEVEL = str(resource_path("levels", "coinrun.json"))
HUGE = "9" * 5000

# (argv, the option the message must name): each bad value of each numeric option.
BAD_VALUES = [
    (["eval", AGENT, "--seed", "-1"], "--seed"),
    (["eval", AGENT, "--seed", "1e23"], "--seed"),
    (["eval", AGENT, "--seed", "4294967296"], "--seed"),
    (["eval", AGENT, "--seed", HUGE], "--seed"),
    (["eval", AGENT, "--episodes", "1000000000"], "--episodes"),
    (["eval", AGENT, "--episodes", "0"], "--episodes"),
    (["eval", AGENT, "--episodes", "ten"], "--episodes"),
    (["probe", AGENT, "--seed", "-1"], "--seed"),
    (["probe", AGENT, "--episodes", "1e9"], "--episodes"),
    (["render", LEVEL, "--seed", "1e23"], "--seed"),
    (["render", LEVEL, "--sample", "-3"], "--sample"),
    (["render", LEVEL, "--sample", "100000"], "--sample"),
    (["render", LEVEL, "--tile", "0"], "--tile"),
    (["render", LEVEL, "--tile", HUGE], "--tile"),
    (["train", LEVEL, "--envs", "100000000"], "--envs"),
    (["train", LEVEL, "--envs", "0"], "--envs"),
    (["train", LEVEL, "--lr", "inf"], "--lr"),
    (["train", LEVEL, "--lr", "nan"], "--lr"),
    (["train", LEVEL, "--lr", "-0.1"], "--lr"),
    (["train", LEVEL, "--lr", "0"], "--lr"),
    (["train", LEVEL, "--steps", "0"], "--steps"),
    (["train", LEVEL, "--steps", "1e30"], "--steps"),
    (["train", LEVEL, "--seed", "-1"], "--seed"),
    (["train", LEVEL, "--threads", "0"], "--threads"),
    (["train", LEVEL, "--threads", "100000"], "--threads"),
    (["train", LEVEL, "--random-percent", "101"], "--random-percent"),
    (["train", LEVEL, "--random-percent", "nan"], "--random-percent"),
    (["export", AGENT, "--speed", "inf"], "--speed"),
    (["export", AGENT, "--speed", "0"], "--speed"),
    (["export", AGENT, "--fps", "0"], "--fps"),
    (["export", AGENT, "--fps", "1000"], "--fps"),
    (["export", AGENT, "--seconds", "-1"], "--seconds"),
    (["export", AGENT, "--seconds", "1e308"], "--seconds"),
    (["export", AGENT, "--tile", "2"], "--tile"),
    (["export", AGENT, "--seed", "-1"], "--seed"),
    (["sweep", LEVEL, "--seeds", "0"], "--seeds"),
    (["sweep", LEVEL, "--steps", "-5"], "--steps"),
    (["sweep", LEVEL, "--episodes", "1000000000"], "--episodes"),
    (["sweep", LEVEL, "--workers", "0"], "--workers"),
    (["sweep", LEVEL, "--workers", "100000"], "--workers"),
    (["sweep", LEVEL, "--random-percent", "0,nan"], "--random-percent"),
    (["sweep", LEVEL, "--random-percent", "5,200"], "--random-percent"),
    (["sweep", LEVEL, "--random-percent", ","], "--random-percent"),
    (["sweep", LEVEL, "--random-percent", "a,b"], "--random-percent"),
    (["--exit-after-frames", "-1"], "--exit-after-frames"),
]


@pytest.mark.parametrize("argv, option", BAD_VALUES, ids=[" ".join(a[:1] + a[2:])[:60] for a, _ in BAD_VALUES])
def test_bad_value_is_refused_by_the_parser(argv, option, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    last = err.strip().splitlines()[-1]
    assert "Traceback" not in err and option in last and "allowed" in last or "percentages" in last, last
    assert len(last) < 200, "a 5000-digit value must not flood the terminal"


def test_every_numeric_option_is_range_checked():
    """No command has a bare `type=int` or `type=float` option left: each is one of option_types'."""
    from sandbox.commands.option_types import BoundedNumber

    parser = build_parser()
    parsers = [parser] + [sub for action in parser._subparsers._group_actions for sub in action.choices.values()]
    for each in parsers:
        for action in each._actions:
            assert action.type not in (int, float), f"{each.prog} {action.option_strings} is not range-checked"
            if isinstance(action.type, BoundedNumber) and action.help != "==SUPPRESS==":
                assert action.type.range in action.help, f"{each.prog} {action.option_strings}: range not in --help"


def test_range_is_shown_in_help(capsys):
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "1 to 1024" in out and "1e-08 to 1" in out and "0 to 4294967295" in out


def test_good_values_still_parse():
    args = build_parser().parse_args(["train", LEVEL, "--seed", "4294967295", "--lr", "3e-4", "--envs", "1024",
                                      "--random-percent", "12.5"])
    assert (args.seed, args.lr, args.envs, args.random_percent) == (4294967295, 3e-4, 1024, 12.5)
    assert build_parser().parse_args(["sweep", LEVEL, "--random-percent", "25,0,25"]).random_percent == [0.0, 25.0]


# The values that once hung, ate memory or trained on NaN, as a user would type them: each in its own
# process under a memory limit and a timeout.
@pytest.mark.parametrize("argv, option", [
    (["eval", AGENT, "--episodes", "1000000000"], "--episodes"),
    (["train", LEVEL, "--envs", "100000000"], "--envs"),
    (["train", LEVEL, "--lr", "inf"], "--lr"),
    (["export", AGENT, "--speed", "inf"], "--speed"),
    (["probe", AGENT, "--seed", "1e23"], "--seed"),
])
def test_once_heavy_values_fail_fast_in_a_process(argv, option):
    assert_clean_error(run_cli(*argv, timeout=60), option)


def test_train_with_neither_level_nor_resume(capsys):
    assert main(["train"]) == 2
    assert "give a level file" in capsys.readouterr().err


def test_a_resumed_run_refuses_new_settings_instead_of_ignoring_them(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("GOALPOST_DATA_DIR", str(tmp_path / "data"))
    checkpoint = tmp_path / "run.checkpoint.pt"
    assert main(["train", "--resume", str(checkpoint), "--gamma", "0.9", "--lr", "0.01", "--seed", "3"]) == 2
    assert ("goalpost: error: --seed, --lr, --gamma cannot change a resumed run: it keeps the settings in its checkpoint"
            in capsys.readouterr().err)
    assert main(["train", "--resume", str(checkpoint), "--gamma", "0.99"]) == 2  # the default: no change asked
    assert "no such checkpoint file" in capsys.readouterr().err
