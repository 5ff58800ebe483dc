"""Agent files: one `.pt` holding everything needed to run and explain a trained policy.

The file is a plain dict of tensors and primitives, read back with `torch.load(weights_only=True)`,
so an agent file shared at a workshop can never run code: anything that is not data is refused.
"""
from __future__ import annotations

import json
import os
import pickle
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import torch

from sandbox.atomic_file import replace_atomically
from sandbox.env.observation import observation_spec
from sandbox.rl.config import PPOConfig
from sandbox.rl.policy import Policy
from sandbox.rl.trainer import CurvePoint, Trainer, build_policy
from sandbox.world import Level, LevelError, level_from_dict, level_to_json

FORMAT_VERSION = 1
KIND = "goalpost-agent"
REQUIRED = {"format": int, "kind": str, "config": dict, "level": str, "observation_spec": dict,
            "state_dict": dict, "curve": list, "seed": int, "steps": int, "torch_version": str}


class AgentFileError(ValueError):
    """An agent file that cannot be used, with a message naming the file and what to do."""


@dataclass
class Agent:
    """A trained policy with the level, settings and history it came from."""

    policy: Policy
    level: Level
    config: PPOConfig
    seed: int
    steps: int
    curve: list[CurvePoint]


def agent_from_trainer(trainer: Trainer) -> Agent:
    return Agent(trainer.policy, trainer.level, trainer.config, trainer.seed, trainer.global_step,
                 list(trainer.curve))


def save_agent(agent: Agent, path: str | os.PathLike) -> None:
    """Write atomically (temp file + rename), so an interrupted save never leaves half a file."""
    path = Path(path)
    data = {
        "format": FORMAT_VERSION, "kind": KIND, "config": agent.config.to_dict(),
        "level": level_to_json(agent.level), "observation_spec": observation_spec(agent.level.shape),
        "state_dict": {name: tensor.detach().clone() for name, tensor in agent.policy.state_dict().items()},
        "curve": [[p.step, p.episodic_return, p.success_rate] for p in agent.curve],
        "seed": int(agent.seed), "steps": int(agent.steps), "torch_version": str(torch.__version__),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_atomically(path, lambda temporary: torch.save(data, temporary))


def load_agent(path: str | os.PathLike, level: Level | None = None) -> Agent:
    """Read and check an agent file; with `level`, also check the agent can play it.

    Raises `AgentFileError` for anything wrong: not an agent file, code inside, another format
    version, an observation spec or weights that do not fit the recorded level.
    """
    name = str(path)
    data = _read(path, name)
    _check_fields(data, name)
    try:
        recorded = level_from_dict(_json(data["level"], name), f"{name} (its level)")
        config = PPOConfig.from_dict(data["config"])
    except (LevelError, ValueError, TypeError) as error:
        raise AgentFileError(f"{name}: the recorded level or settings are invalid: {error}") from None
    if data["observation_spec"] != observation_spec(recorded.shape):
        raise AgentFileError(f"{name}: its observation spec does not match its level "
                             f"({recorded.shape[0]}x{recorded.shape[1]}, {len(observation_spec(recorded.shape)['planes'])} planes); "
                             "it was made by an incompatible version of Goalpost")
    policy = build_policy(recorded, config)
    try:
        policy.load_state_dict(data["state_dict"])
    except (RuntimeError, KeyError, TypeError) as error:
        raise AgentFileError(f"{name}: the weights do not fit the network for its level: "
                             f"{str(error).splitlines()[0]}") from None
    policy.eval()
    if level is not None:
        check_fits(recorded, level.shape, name, f"'{level.name}'")
    try:
        curve = [CurvePoint(int(s), float(r), float(p)) for s, r, p in data["curve"]]
    except (TypeError, ValueError):
        raise AgentFileError(f"{name}: damaged agent file: the training curve is not (step, return, success) rows") from None
    return Agent(policy, recorded, config, data["seed"], data["steps"], curve)


def check_fits(trained_on: Level, shape: tuple[int, int], name: str, target: str) -> None:
    """Refuse to run an agent on a grid shape it was not built for; `target` names what it would play."""
    if observation_spec(trained_on.shape) != observation_spec(shape):
        raise AgentFileError(
            f"{name} was trained on '{trained_on.name}' ({trained_on.shape[0]}x{trained_on.shape[1]}) and cannot "
            f"play {target} ({shape[0]}x{shape[1]}): train an agent on that level instead")


def _read(path: str | os.PathLike, name: str) -> dict:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # torch warns about foreign pickle protocols before refusing
            data = torch.load(path, map_location="cpu", weights_only=True)
    except FileNotFoundError:
        raise AgentFileError(f"{name}: no such agent file") from None
    except pickle.UnpicklingError as error:
        if "GLOBAL" not in str(error):
            raise AgentFileError(f"{name}: not a Goalpost agent file (unreadable)") from None
        raise AgentFileError(f"{name}: refused: the file asks to load {_unpickler_reason(error)}, which is not "
                             "plain data and could run code; nothing in it was run") from None
    except OSError as error:
        raise AgentFileError(f"{name}: cannot read: {error.strerror or error}") from None
    except Exception as error:  # noqa: BLE001 - torch's reader raises many kinds on damaged input
        raise AgentFileError(f"{name}: not a Goalpost agent file ({str(error).splitlines()[0][:200]})") from None
    if not isinstance(data, dict) or data.get("kind") != KIND:
        raise AgentFileError(f"{name}: not a Goalpost agent file")
    return data


def _unpickler_reason(error: Exception) -> str:
    """What torch's refusal names (`GLOBAL module.name`), without its advice on allow-listing it."""
    found = re.search(r"GLOBAL (\S+)", str(error))
    return f"'{found.group(1)}'" if found else "a Python object"


def _check_fields(data: dict, name: str) -> None:
    if data.get("format") != FORMAT_VERSION:
        raise AgentFileError(f"{name}: agent file format {data.get('format')!r} is not supported "
                             f"(this Goalpost reads format {FORMAT_VERSION}); retrain the agent or update Goalpost")
    for field, kind in REQUIRED.items():
        if not isinstance(data.get(field), kind):
            raise AgentFileError(f"{name}: damaged agent file: field '{field}' is missing or not a {kind.__name__}")


def _json(text: str, name: str) -> dict:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise AgentFileError(f"{name}: the recorded level is not valid JSON ({error})") from None
