"""`train` loses no work to a fault: a bad target is refused before training, a failed final write
goes to the data folder, and a run killed with SIGKILL continues from its checkpoint to the same
weights, bit for bit, as a run never interrupted."""
from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch

from sandbox.commands import main
from sandbox.rl import PPOConfig, Trainer
from sandbox.rl.checkpoint import load_checkpoint, save_checkpoint
from sandbox.resources import resource_path
from tests.badinput.cli_run import ROOT, assert_clean_error, run_cli
from tests.badinput.small_disk import fill, make_read_only, small_tmpfs
from tests.conftest import open_room

TINY = ["--steps", "4096", "--envs", "16", "--threads", "1"]


@pytest.fixture
def level(tmp_path) -> Path:
    path = tmp_path / "room.json"
    path.write_text(json.dumps(open_room(7)))
    return path


@pytest.fixture(autouse=True)
def data_folder(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("GOALPOST_DATA_DIR", str(folder))
    return folder


def weights(path: Path) -> dict:
    return torch.load(path, weights_only=True)["state_dict"]


def test_resume_gives_the_same_weights_as_an_uninterrupted_run(tmp_path):
    torch.set_num_threads(1)
    level_ = _keys_level()
    straight = Trainer(level_, PPOConfig(total_steps=5 * 2048, num_envs=16), seed=7)
    while not straight.finished:
        straight.train_iteration()
    first = Trainer(level_, PPOConfig(total_steps=5 * 2048, num_envs=16), seed=7)
    for _ in range(2):
        first.train_iteration()
    save_checkpoint(first, tmp_path / "run.checkpoint.pt", tmp_path / "agent.pt")
    resumed, out, _ = load_checkpoint(tmp_path / "run.checkpoint.pt")
    while not resumed.finished:
        resumed.train_iteration()
    assert out == tmp_path / "agent.pt" and resumed.global_step == straight.global_step
    for name, tensor in straight.policy.state_dict().items():
        assert torch.equal(tensor, resumed.policy.state_dict()[name]), name
    assert resumed.curve == straight.curve


def _keys_level():
    from sandbox.world import load_level

    return load_level(resource_path("levels", "keys_chests.json"))


def test_sigkill_mid_run_then_resume(tmp_path, level, data_folder):
    """A real `main.py train` killed with SIGKILL after a checkpoint; `--resume` finishes the run with
    the weights of an uninterrupted one."""
    steps = ["--steps", str(12 * 2048), "--envs", "16", "--threads", "1"]
    straight = tmp_path / "straight.pt"
    assert run_cli("train", str(level), *steps, "--out", str(straight), timeout=240).code == 0
    killed = tmp_path / "killed.pt"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GOALPOST_DATA_DIR": str(data_folder)}
    child = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "train", str(level), *steps, "--out", str(killed),
                              "--checkpoint-seconds", "0"], env=env, cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    checkpoint = data_folder / "checkpoints" / "killed.checkpoint.pt"
    deadline = time.monotonic() + 120
    while not checkpoint.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait(30)
    assert checkpoint.exists() and not killed.exists(), "killed before its first checkpoint"
    resumed = run_cli("train", "--resume", str(checkpoint), timeout=240, env={"GOALPOST_DATA_DIR": str(data_folder)})
    assert resumed.code == 0 and "Traceback" not in resumed.err, resumed.err
    assert "resuming" in resumed.err and str(killed) in resumed.out
    for name, tensor in weights(straight).items():
        assert torch.equal(tensor, weights(killed)[name]), name
    assert not checkpoint.exists(), "a finished run removes its checkpoint"


def test_checkpoint_names_the_resume_command(level, tmp_path, capsys, data_folder):
    assert main(["train", str(level), *TINY, "--out", str(tmp_path / "a.pt")]) == 0
    err = capsys.readouterr().err
    assert f"train --resume {data_folder / 'checkpoints' / 'a.checkpoint.pt'}" in err


def test_out_is_a_folder(level, tmp_path):
    assert_clean_error(run_cli("train", str(level), *TINY, "--out", str(tmp_path)), str(tmp_path), "folder")


def test_out_name_too_long(level, tmp_path):
    result = run_cli("train", str(level), *TINY, "--out", str(tmp_path / ("a" * 300 + ".pt")))
    assert_clean_error(result, "longer than")
    assert "trained" not in result.out


def test_out_on_a_full_disk_is_refused_before_training_and_the_old_agent_survives(level):
    with small_tmpfs(256) as disk:
        old = disk / "agent.pt"
        old.write_bytes(b"the earlier agent")
        fill(disk)
        result = run_cli("train", str(level), *TINY, "--out", str(old))
        assert_clean_error(result, str(old), "no space left")
        assert "trained" not in result.out and old.read_bytes() == b"the earlier agent"


def test_out_on_a_read_only_disk_is_refused_before_training(level):
    with small_tmpfs(256) as disk:
        old = disk / "agent.pt"
        old.write_bytes(b"the earlier agent")
        make_read_only(disk)
        result = run_cli("train", str(level), *TINY, "--out", str(old))
        assert_clean_error(result, str(old), "read-only")
        assert old.read_bytes() == b"the earlier agent"


def test_final_write_failing_goes_to_the_data_folder(level, tmp_path, monkeypatch, capsys, data_folder):
    """The disk fills up during training: the agent is written to the data folder and the user told."""
    import sandbox.commands.train as train

    out = tmp_path / "agent.pt"
    out.write_bytes(b"the earlier agent")
    real_save = train.save_agent

    def save(agent, path):
        if Path(path) == out:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_save(agent, path)

    monkeypatch.setattr(train, "save_agent", save)
    assert main(["train", str(level), *TINY, "--out", str(out)]) == 1
    err = capsys.readouterr().err
    [fallback] = (data_folder / "agents").glob("agent-*.pt")
    assert f"cannot write {out}: no space left on device; wrote the agent to {fallback}" in err
    assert out.read_bytes() == b"the earlier agent" and "Traceback" not in err
    assert main(["eval", str(fallback), "--episodes", "5"]) == 0


def test_failed_checkpoint_is_a_warning_not_a_lost_run(level, tmp_path, monkeypatch, capsys):
    import sandbox.commands.train as train

    def refuse(*_):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(train, "save_checkpoint", refuse)
    assert main(["train", str(level), *TINY, "--out", str(tmp_path / "a.pt"), "--checkpoint-seconds", "0"]) == 0
    assert "warning: cannot write checkpoint" in capsys.readouterr().err and (tmp_path / "a.pt").exists()


@pytest.mark.parametrize("content", [b"", b"junk", b"PK\x03\x04" + bytes(100)])
def test_damaged_checkpoint(tmp_path, content):
    bad = tmp_path / "bad.checkpoint.pt"
    bad.write_bytes(content)
    assert_clean_error(run_cli("train", "--resume", str(bad)), str(bad), "checkpoint")


def test_agent_file_is_not_a_checkpoint(tmp_path):
    agent = str(resource_path("agents", "coinrun.pt"))
    assert_clean_error(run_cli("train", "--resume", agent), agent, "not a Goalpost checkpoint")


def test_missing_checkpoint(tmp_path):
    assert_clean_error(run_cli("train", "--resume", str(tmp_path / "none.pt")), "none.pt", "no such")


def test_resume_keeps_the_stop_rule_where_it_was(tmp_path):
    """A resumed run stops at the same iteration as one never interrupted: the rolling success
    window is saved with the checkpoint (a small window and a low target make it stop early)."""
    torch.set_num_threads(1)
    level_ = _keys_level()
    config = dict(total_steps=40 * 2048, num_envs=16, until_percent=20, success_window=40)
    straight = Trainer(level_, PPOConfig(**config), seed=3)
    while not straight.finished:
        straight.train_iteration()
    assert straight.config.stop_reason == "target" and straight.iteration < 40  # it stopped early
    first = Trainer(level_, PPOConfig(**config), seed=3)
    first.train_iteration()
    save_checkpoint(first, tmp_path / "run.checkpoint.pt", tmp_path / "agent.pt")
    resumed, _, _ = load_checkpoint(tmp_path / "run.checkpoint.pt")
    assert list(resumed.window.iterations) == list(first.window.iterations)
    while not resumed.finished:
        resumed.train_iteration()
    assert resumed.iteration == straight.iteration and resumed.config.stop_reason == "target"
