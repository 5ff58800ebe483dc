"""The background training process: progress, stop on command, errors with tracebacks, no orphans."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from sandbox.rl import Done, Error, PPOConfig, Progress, Snapshot, TrainingProcess, build_policy, load_agent
from sandbox.rl import load_snapshot
from sandbox.world import level_from_dict
from tests.conftest import open_room

SMALL = PPOConfig(total_steps=10**8, num_envs=16, num_steps=32, num_minibatches=4)


def wait_for(process, kinds, timeout=60.0):
    """Messages until one of `kinds` arrives (or the timeout fails the test)."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        seen += process.poll()
        if any(isinstance(m, kinds) for m in seen):
            return seen
        time.sleep(0.02)
    pytest.fail(f"no {kinds} within {timeout} s; got {seen}")


@pytest.mark.slow
def test_reports_progress_and_stops_on_command_mid_iteration(tmp_path):
    level = level_from_dict(open_room(7))
    out = tmp_path / "agent.pt"
    process = TrainingProcess(level, SMALL, seed=1, out=out, snapshot_seconds=0.0).start()
    try:
        messages = wait_for(process, Snapshot)
        progress = [m for m in messages if isinstance(m, Progress)]
        assert progress and progress[0].step == SMALL.batch_size and progress[0].total_steps >= 10**8 - SMALL.batch_size
        process.stop()
        messages = wait_for(process, (Done, Error))
        after = [m for m in messages if isinstance(m, Progress)]
        assert len(after) <= 1  # at most the iteration already finished when the stop came; none begun after
        done = messages[-1]
        assert isinstance(done, Done) and done.stopped and done.path == str(out)
        agent = load_agent(out, level=level)
        assert agent.steps == done.step
        snapshot = next(m for m in reversed(messages) if isinstance(m, Snapshot))
        policy = build_policy(level, SMALL)
        load_snapshot(policy, snapshot)
        assert all((a == b).all() for a, b in zip(policy.state_dict().values(), agent.policy.state_dict().values()))
        process.close()
        assert not process.running
    finally:
        process.close()


def test_ctrl_c_in_the_terminal_leaves_training_to_the_window(tmp_path):
    """Ctrl+C reaches every process of the terminal's group: the child keeps training, and still
    saves the agent when the window stops it."""
    level = level_from_dict(open_room(7))
    out = tmp_path / "agent.pt"
    process = TrainingProcess(level, SMALL, seed=1, out=out).start()
    try:
        wait_for(process, Progress)
        os.kill(process.pid, signal.SIGINT)
        after = wait_for(process, (Progress, Error))  # sent after the signal arrived
        assert not any(isinstance(m, (Done, Error)) for m in after) and process.running
        process.stop()
        done = wait_for(process, (Done, Error))[-1]
        assert isinstance(done, Done) and done.stopped and load_agent(out, level=level).steps == done.step
    finally:
        process.close()


def test_exception_inside_the_process_comes_back_with_its_traceback(tmp_path):
    level = level_from_dict(open_room(7))
    config = PPOConfig(total_steps=512, num_envs=16, num_steps=32, num_minibatches=4)
    process = TrainingProcess(level, config, seed=0, out=tmp_path).start()  # a directory: saving fails
    try:
        error = wait_for(process, (Done, Error))[-1]
        assert isinstance(error, Error)
        assert "Error" in error.message and "Traceback" in error.traceback and "save_agent" in error.traceback
    finally:
        process.close()


@pytest.mark.slow
def test_no_orphan_when_the_parent_is_killed(tmp_path):
    script = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {os.getcwd()!r})
        from sandbox.rl import PPOConfig, TrainingProcess
        from sandbox.world import level_from_dict
        from tests.conftest import open_room
        if __name__ == "__main__":
            process = TrainingProcess(level_from_dict(open_room(7)), PPOConfig(total_steps=10**8, num_envs=16,
                                      num_steps=32, num_minibatches=4), seed=0).start()
            print(process.pid, flush=True)
            time.sleep(600)
    """)
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    assert _alive(child)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 5.0
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(child)


def _alive(pid: int) -> bool:
    """True while `pid` runs (a zombie waiting to be reaped counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.slow
def test_pause_holds_training_between_iterations_until_resumed():
    process = TrainingProcess(level_from_dict(open_room(7)), SMALL, seed=1).start()
    try:
        wait_for(process, Progress)
        process.pause()
        time.sleep(1.0)  # an iteration under way may still finish
        process.poll()
        time.sleep(1.0)
        assert process.paused and not [m for m in process.poll() if isinstance(m, Progress)]
        process.resume()
        wait_for(process, Progress, timeout=10)
    finally:
        process.close()
