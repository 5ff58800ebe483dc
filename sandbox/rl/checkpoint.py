"""Training checkpoints: everything a `Trainer` needs to continue a run exactly where it stopped.

Saved between iterations, so a checkpoint holds the policy and Adam state, the action/minibatch
generator, the live episodes of every env (grids, positions, counters, trails) and where each env's
episode sequence stands. Episodes are a pure function of (seed, index), so the pre-sampled buffer
is not stored: it is sampled again from the same indices. Resuming therefore gives the same weights,
bit for bit, as the uninterrupted run on the same machine and thread count.

Like agent files, a checkpoint is a plain dict read with `weights_only=True`: it can never run code.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import torch

from sandbox.atomic_file import replace_atomically
from sandbox.rl.config import PPOConfig
from sandbox.rl.metrics import MetricHistory
from sandbox.rl.trainer import CurvePoint, Trainer
from sandbox.world import LevelError, level_from_dict, level_to_json

KIND = "goalpost-checkpoint"
FORMAT_VERSION = 2
"""2: the core counts rewarded markers as a fourth event, so its `left` and `events` arrays grew."""
CHECKPOINT_SECONDS = 60.0
CORE_ARRAYS = ("obs", "objects", "pos", "inventory", "left", "steps", "done", "episode_return", "events", "trail")
"""The live state of `GridCore`'s episodes; everything else in it is derived from the level."""


class CheckpointError(ValueError):
    """A checkpoint that cannot be resumed, with a message naming the file."""


def save_checkpoint(trainer: Trainer, path: str | os.PathLike, out: str | os.PathLike, threads: int = 1) -> None:
    """Write atomically; `out` is the agent file the run will write when it finishes, `threads` the
    torch thread count it runs with (the same count is needed for the same numbers)."""
    core = trainer.core
    data = {
        "kind": KIND, "format": FORMAT_VERSION, "level": level_to_json(trainer.level),
        "config": trainer.config.to_dict(), "seed": int(trainer.seed), "out": str(out), "threads": int(threads),
        "iteration": trainer.iteration, "global_step": trainer.global_step, "train_seconds": trainer.train_seconds,
        "curve": [[p.step, p.episodic_return, p.success_rate] for p in trainer.curve],
        "metrics": trainer.metrics.to_dict(),
        "success_window": [list(pair) for pair in trainer.window.iterations],  # so the stop rule resumes too
        "policy": {name: tensor.detach().clone() for name, tensor in trainer.policy.state_dict().items()},
        "optimizer": trainer.optimizer.state_dict(), "generator": trainer.generator.get_state(),
        "next_done": trainer.next_done.clone(),
        "core": {name: torch.from_numpy(getattr(core, name).copy()) for name in CORE_ARRAYS},
        "episode_seeds": torch.from_numpy(core.buffer.seeds.view(np.int64).copy()),
        "episode_index": torch.from_numpy(core.buffer.next_index.copy()),
    }
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    replace_atomically(path, lambda temporary: torch.save(data, temporary))


def load_checkpoint(path: str | os.PathLike) -> tuple[Trainer, Path, int]:
    """(the trainer as it was when saved, the agent file it was going to write, its thread count)."""
    name = str(path)
    data = _read(path, name)
    try:
        level = level_from_dict(json.loads(data["level"]), f"{name} (its level)")
        trainer = Trainer(level, PPOConfig.from_dict(data["config"]), data["seed"])
        _restore(trainer, data)
    except (LevelError, ValueError, TypeError, KeyError, RuntimeError, AttributeError) as error:
        raise CheckpointError(f"{name}: damaged checkpoint: {str(error).splitlines()[0]}") from None
    return trainer, Path(data["out"]), max(1, int(data.get("threads", 1)))


def _read(path: str | os.PathLike, name: str) -> dict:
    if not Path(path).is_file():
        raise CheckpointError(f"{name}: no such checkpoint file")
    try:
        data = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as error:  # torch raises many types for a foreign or damaged file
        raise CheckpointError(f"{name}: not a Goalpost checkpoint (it cannot be read as one)") from None
    if not isinstance(data, dict) or data.get("kind") != KIND:
        raise CheckpointError(f"{name}: not a Goalpost checkpoint")
    if data.get("format") != FORMAT_VERSION:
        raise CheckpointError(f"{name}: checkpoint format {data.get('format')} is not {FORMAT_VERSION}; "
                              "it was written by another version of Goalpost")
    return data


def _restore(trainer: Trainer, data: dict) -> None:
    """Overwrite a fresh trainer's state in place (the core's hot path keeps views of its arrays)."""
    trainer.policy.load_state_dict(data["policy"])
    trainer.optimizer.load_state_dict(data["optimizer"])
    trainer.generator.set_state(data["generator"])
    trainer.next_done = data["next_done"].clone()
    trainer.iteration, trainer.global_step = int(data["iteration"]), int(data["global_step"])
    trainer.train_seconds = float(data["train_seconds"])
    trainer.curve = [CurvePoint(int(s), float(r), float(p)) for s, r, p in data["curve"]]
    trainer.metrics = MetricHistory.from_dict(data["metrics"]) if "metrics" in data else MetricHistory()
    for episodes, successes in data["success_window"]:
        trainer.window.add(int(episodes), int(successes))
    core, buffer = trainer.core, trainer.core.buffer
    for name in CORE_ARRAYS:
        getattr(core, name)[...] = data["core"][name].numpy()
    buffer.seeds[:] = data["episode_seeds"].numpy().view(np.uint64)
    buffer.next_index[:] = data["episode_index"].numpy()
    buffer.first_index[:] = buffer.next_index - buffer.capacity  # every env refills on its next reset
