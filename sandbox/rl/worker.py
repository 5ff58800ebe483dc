"""Training in a background process, driven by messages (the editor's only way to talk to it).

Modelled on gymnasium's AsyncVectorEnv worker: a `spawn` child (safe with GUI libraries and
threads in the parent), exceptions sent back with their traceback, cleanup in `finally`. The child
uses one torch thread so the window keeps a core, is a daemon (ends when the parent exits
normally) and watches its parent's pid (ends when the parent is killed), so it never outlives it.
"""
from __future__ import annotations

import json
import multiprocessing as mp
import os
import queue
import signal
import threading
import time
import traceback
from pathlib import Path

import numpy as np
import torch

from sandbox.rl.agent_file import agent_from_trainer, save_agent
from sandbox.rl.config import PPOConfig
from sandbox.rl.messages import Done, Error, Message, Progress, Snapshot
from sandbox.rl.metrics import LOSS_NAMES
from sandbox.rl.policy import Policy
from sandbox.rl.trainer import Trainer
from sandbox.world import Level, level_from_dict, level_to_json

PARENT_CHECK_SECONDS = 0.5


class TrainingProcess:
    """Train `level` in a child process; `poll()` returns its messages without blocking."""

    def __init__(self, level: Level, config: PPOConfig, seed: int, out: str | os.PathLike | None = None,
                 snapshot_seconds: float = 2.0):
        context = mp.get_context("spawn")
        self._messages = context.Queue()
        self._stop = context.Event()
        self._resume = context.Event()
        self._resume.set()
        self._finished = False
        self._process = context.Process(
            target=_child_main, name="goalpost-training", daemon=True,
            args=(level_to_json(level), config.to_dict(), seed, None if out is None else str(out),
                  snapshot_seconds, self._messages, self._stop, os.getpid(), self._resume))

    def start(self) -> TrainingProcess:
        self._process.start()
        return self

    @property
    def pid(self) -> int | None:
        return self._process.pid

    @property
    def running(self) -> bool:
        return self._process.is_alive()

    def poll(self) -> list[Message]:
        """Every message waiting now; an `Error` is synthesized if the child died without saying why."""
        messages: list[Message] = []
        while True:
            try:
                messages.append(self._messages.get_nowait())
            except queue.Empty:
                break
        if any(isinstance(m, (Done, Error)) for m in messages):
            self._finished = True
        elif not self._finished and self._process.exitcode is not None:
            time.sleep(0.05)  # the queue's feeder may still be flushing the last messages
            if self._messages.empty():
                self._finished = True
                messages.append(Error(f"the training process exited unexpectedly (exit code {self._process.exitcode})", ""))
            else:
                messages.extend(self.poll())
        return messages

    def stop(self) -> None:
        """Ask the child to stop; it saves the agent trained so far and sends `Done` within a second."""
        self._stop.set()
        self._resume.set()

    def pause(self) -> None:
        """Hold the child between PPO iterations (it keeps its state and sends nothing) until `resume`."""
        self._resume.clear()

    def resume(self) -> None:
        self._resume.set()

    @property
    def paused(self) -> bool:
        return not self._resume.is_set()

    def close(self, timeout: float = 5.0) -> None:
        """Stop and wait for the child, killing it if it does not end in `timeout` seconds. Unread
        messages are discarded meanwhile: the child cannot exit before its queue is flushed."""
        self.stop()
        end = time.monotonic() + timeout
        while self._process.is_alive() and time.monotonic() < end:
            try:
                while True:
                    self._messages.get_nowait()
            except queue.Empty:
                pass
            self._process.join(0.05)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()


def load_snapshot(policy: Policy, snapshot: Snapshot) -> None:
    """Put a snapshot's weights into a policy built for the same level and config."""
    policy.load_state_dict({name: torch.from_numpy(array) for name, array in snapshot.weights.items()})


def _weights(policy: Policy) -> dict[str, np.ndarray]:
    return {name: tensor.detach().numpy().copy() for name, tensor in policy.state_dict().items()}


def _watch_parent(parent_pid: int) -> None:
    """End this process as soon as its parent is gone (it is then re-parented, so getppid changes)."""
    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _child_main(level_json: str, config: dict, seed: int, out: str | None, snapshot_seconds: float,
                messages: mp.Queue, stop: mp.Event, parent_pid: int, resume: mp.Event) -> None:
    _watch_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole process group; the window decides
    torch.set_num_threads(1)
    try:
        trainer = Trainer(level_from_dict(json.loads(level_json), "<training level>"), PPOConfig.from_dict(config), seed)
        last_snapshot = time.monotonic()
        while not trainer.finished and not stop.is_set():
            resume.wait()
            if stop.is_set():
                break
            metrics = trainer.train_iteration(stop.is_set)
            if metrics is None:
                break
            point = trainer.fresh_point
            messages.put(Progress(trainer.global_step, trainer.config.num_iterations * trainer.config.batch_size,
                                  point.episodic_return if point else float("nan"),
                                  point.success_rate if point else float("nan"), metrics["charts/SPS"],
                                  trainer.config.until_percent, tuple(metrics[name] for name in LOSS_NAMES)))
            if time.monotonic() - last_snapshot >= snapshot_seconds:
                messages.put(Snapshot(trainer.global_step, _weights(trainer.policy)))
                last_snapshot = time.monotonic()
        if out is not None:
            save_agent(agent_from_trainer(trainer), Path(out))
        messages.put(Snapshot(trainer.global_step, _weights(trainer.policy)))
        messages.put(Done(trainer.global_step, out, stop.is_set(), trainer.config.stop_reason))
    except BaseException as error:  # noqa: BLE001 - everything goes back to the parent
        messages.put(Error(f"{type(error).__name__}: {error}", traceback.format_exc()))
    finally:
        messages.close()
        messages.join_thread()
