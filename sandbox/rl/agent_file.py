"""Agent files: one `.pt` holding everything needed to run and explain a trained policy.

The file is a plain dict of tensors and primitives, read back with `torch.load(weights_only=True)`,
so an agent file shared at a workshop can never run code: anything that is not data is refused.
It is also checked completely before anything is built from it: at most `MAX_FILE_BYTES` are read,
the zip archive torch writes may not claim to inflate to more than `MAX_INFLATED_BYTES`, the
network sizes are checked against limits and the weights' shapes against a network built for its
level on torch's "meta" device (shapes only, no memory), and every weight must be finite.
"""
from __future__ import annotations

import io
import json
import math
import os
import pickle
import re
import warnings
import zipfile
from dataclasses import dataclass, field, fields
from pathlib import Path

import torch

from sandbox.atomic_file import replace_atomically
from sandbox.bounded_read import FileRefused, describe_size, read_bounded
from sandbox.env.observation import observation_spec
from sandbox.rl.config import PPOConfig
from sandbox.rl.metrics import MetricHistory, MetricsError
from sandbox.rl.policy import Policy, level_planes
from sandbox.rl.trainer import CurvePoint, Trainer, build_policy
from sandbox.world import Level, LevelError, level_from_dict, level_to_json

FORMAT_VERSION = 1
KIND = "goalpost-agent"
REQUIRED = {"format": int, "kind": str, "config": dict, "level": str, "observation_spec": dict,
            "state_dict": dict, "curve": list, "seed": int, "steps": int, "torch_version": str}
MAX_FILE_BYTES = 128 * 2**20
"""A default agent is under 1.1 MB; this allows networks about 30x the default's before refusing."""
MAX_INFLATED_BYTES = MAX_FILE_BYTES
"""torch writes its archive uncompressed, so honest files inflate to about their own size."""
MAX_PICKLE_BYTES = 16 * 2**20
"""The dict beside the tensors (settings, level, curve): 6-33 KB for the shipped agents."""
MAX_PARAMETERS = 16_000_000
"""The default network has about 0.53M parameters (0.13M-0.27M more on a maze); 64 MB of float32."""
NETWORK_LIMITS = {"conv_channels": (1, 256), "hidden_size": (1, 4096)}
MAX_CURVE_POINTS = 1_000_000


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
    metrics: MetricHistory = field(default_factory=MetricHistory)
    """Per-iteration losses and diagnostics (empty in files from before they were kept)."""


def agent_from_trainer(trainer: Trainer) -> Agent:
    return Agent(trainer.policy, trainer.level, trainer.config, trainer.seed, trainer.global_step,
                 list(trainer.curve), trainer.metrics)


def save_agent(agent: Agent, path: str | os.PathLike) -> None:
    """Write atomically (temp file + rename), so an interrupted save never leaves half a file."""
    path = Path(path)
    data = {
        "format": FORMAT_VERSION, "kind": KIND, "config": agent.config.to_dict(),
        "level": level_to_json(agent.level), "observation_spec": observation_spec(agent.level.shape),
        "state_dict": {name: tensor.detach().clone() for name, tensor in agent.policy.state_dict().items()},
        "curve": [[p.step, p.episodic_return, p.success_rate] for p in agent.curve],
        "seed": int(agent.seed), "steps": int(agent.steps), "torch_version": str(torch.__version__),
        "metrics": agent.metrics.to_dict(),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_atomically(path, lambda temporary: torch.save(data, temporary))


def load_agent(path: str | os.PathLike, level: Level | None = None) -> Agent:
    """Read and check an agent file; with `level`, also check the agent can play it.

    Raises `AgentFileError` for anything wrong: not an agent file, code inside, another format
    version, an observation spec or weights that do not fit the recorded level.
    """
    name = str(path)
    try:
        return _load(path, name, level)
    except RecursionError:
        raise AgentFileError(f"{name}: damaged agent file: a value inside it is nested too deeply") from None


def _load(path: str | os.PathLike, name: str, level: Level | None) -> Agent:
    data = _read(path, name)
    _check_fields(data, name)
    try:
        recorded = level_from_dict(_json(data["level"], name), f"{name} (its level)")
        config = PPOConfig.from_dict(_checked_settings(data["config"]))
    except (LevelError, ValueError, TypeError) as error:
        raise AgentFileError(f"{name}: the recorded level or settings are invalid: {error}") from None
    if data["observation_spec"] != observation_spec(recorded.shape):
        raise AgentFileError(f"{name}: its observation spec does not match its level "
                             f"({recorded.shape[0]}x{recorded.shape[1]}, {len(observation_spec(recorded.shape)['planes'])} planes); "
                             "it was made by an incompatible version of Goalpost")
    curve = _curve(data["curve"], name)
    try:
        metrics = MetricHistory.from_dict(data["metrics"]) if "metrics" in data else MetricHistory()
    except MetricsError as error:
        raise AgentFileError(f"{name}: damaged agent file: {error}") from None
    policy = _policy_with_weights(recorded, config, data["state_dict"], name)
    if level is not None:
        check_fits(recorded, level.shape, name, f"'{level.name}'")
    return Agent(policy, recorded, config, data["seed"], data["steps"], curve, metrics)


def check_fits(trained_on: Level, shape: tuple[int, int], name: str, target: str) -> None:
    """Refuse to run an agent on a grid shape it was not built for; `target` names what it would play."""
    if observation_spec(trained_on.shape) != observation_spec(shape):
        raise AgentFileError(
            f"{name} was trained on '{trained_on.name}' ({trained_on.shape[0]}x{trained_on.shape[1]}) and cannot "
            f"play {target} ({shape[0]}x{shape[1]}): train an agent on that level instead")


def _read(path: str | os.PathLike, name: str) -> dict:
    try:
        raw = read_bounded(path, MAX_FILE_BYTES)
    except FileRefused as error:
        problem = "no such agent file" if error.missing else error.problem
        raise AgentFileError(f"{name}: {problem}") from None
    if not raw:
        raise AgentFileError(f"{name}: not a Goalpost agent file (the file is empty)")
    if zipfile.is_zipfile(io.BytesIO(raw)):
        _check_archive(raw, name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # torch warns about foreign pickle protocols before refusing
            data = torch.load(io.BytesIO(raw), map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as error:
        if "GLOBAL" not in str(error):
            raise AgentFileError(f"{name}: not a Goalpost agent file (unreadable)") from None
        raise AgentFileError(f"{name}: refused: the file asks to load {_unpickler_reason(error)}, which is not "
                             "plain data and could run code; nothing in it was run") from None
    except Exception as error:  # noqa: BLE001 - torch's reader raises many kinds on damaged input
        first_line = (str(error).splitlines() or [type(error).__name__])[0]
        raise AgentFileError(f"{name}: not a Goalpost agent file ({first_line[:200]})") from None
    if not isinstance(data, dict) or data.get("kind") != KIND:
        raise AgentFileError(f"{name}: not a Goalpost agent file")
    return data


def _check_archive(raw: bytes, name: str) -> None:
    """Refuse an archive whose entries claim more than the limits before torch inflates any of
    them (torch inflates each entry into a buffer of its claimed size, so the claim is a bound)."""
    try:
        entries = zipfile.ZipFile(io.BytesIO(raw)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise AgentFileError(f"{name}: not a Goalpost agent file (damaged archive: {error})") from None
    inflated = sum(entry.file_size for entry in entries)
    if inflated > MAX_INFLATED_BYTES:
        raise AgentFileError(f"{name}: refused: its archive would inflate to {describe_size(inflated)}, more than "
                             f"the {describe_size(MAX_INFLATED_BYTES)} an agent file may hold")
    pickled = max((e.file_size for e in entries if e.filename.endswith("data.pkl")), default=0)
    if pickled > MAX_PICKLE_BYTES:
        raise AgentFileError(f"{name}: refused: its settings, level and curve take {describe_size(pickled)}, more "
                             f"than the {describe_size(MAX_PICKLE_BYTES)} allowed")


def _checked_settings(settings: dict) -> dict:
    """`settings` if every known value has its field's type and is finite, and the network sizes are
    within `NETWORK_LIMITS` (a hidden size of 2**40 must fail here, not in a 6 GB allocation)."""
    for field in fields(PPOConfig):
        if not field.init or field.name not in settings:
            continue
        value, kind = settings[field.name], str(field.type)
        if kind == "bool":
            ok = isinstance(value, bool)
        elif kind == "int":
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif kind == "str":
            ok = isinstance(value, str) and len(value) <= 64 and value.isprintable()
        else:  # float, or float | None
            ok = (value is None and "None" in kind) or (
                isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value))
        if not ok:
            want = "short printable text" if kind == "str" else f"finite {kind.replace(' | None', ' or none')}"
            raise ValueError(f"setting '{field.name}' is {str(value)[:40]!r}, not a {want}")
    for key, (low, high) in NETWORK_LIMITS.items():
        value = settings.get(key)
        if isinstance(value, int) and not low <= value <= high:
            raise ValueError(f"setting '{key}' is {value}, outside {low} to {high}")
    return settings


def _curve(rows: list, name: str) -> list[CurvePoint]:
    if len(rows) > MAX_CURVE_POINTS:
        raise AgentFileError(f"{name}: damaged agent file: {len(rows)} curve points, more than {MAX_CURVE_POINTS}")
    try:
        curve = [CurvePoint(int(s), float(r), float(p)) for s, r, p in rows]
    except (TypeError, ValueError):
        raise AgentFileError(f"{name}: damaged agent file: the training curve is not (step, return, success) rows") from None
    if not all(math.isfinite(p.episodic_return) and math.isfinite(p.success_rate) for p in curve):
        raise AgentFileError(f"{name}: damaged agent file: the training curve holds NaN or infinite values")
    return curve


def _policy_with_weights(level: Level, config: PPOConfig, weights: dict, name: str) -> Policy:
    """The policy for `level` holding `weights`, after checking every tensor's name, shape, dtype and
    values against a network built on torch's meta device (shapes only, nothing allocated)."""
    with torch.device("meta"):
        expected = build_policy(level, config).state_dict()
    count = sum(tensor.numel() for key, tensor in expected.items() if key != "planes")
    if count > MAX_PARAMETERS:
        raise AgentFileError(f"{name}: refused: its network would have {count:,} weights, more than the "
                             f"{MAX_PARAMETERS:,} allowed")
    unfit = sorted(set(expected) ^ set(weights), key=str)
    if unfit:
        state = "missing" if unfit[0] in expected else "unexpected"
        raise AgentFileError(f"{name}: the weights do not fit the network for its level: {state} weight {unfit[0]!r}")
    for key, want in expected.items():
        got = weights[key]
        if not isinstance(got, torch.Tensor) or got.layout != torch.strided or got.dtype != want.dtype \
                or got.shape != want.shape:
            what = (f"{tuple(got.shape)} {got.dtype}" if isinstance(got, torch.Tensor) else type(got).__name__)
            raise AgentFileError(f"{name}: the weights do not fit the network for its level: {key!r} is {what}, "
                                 f"expected {tuple(want.shape)} {want.dtype}")
        if got.is_floating_point() and not bool(torch.isfinite(got).all()):
            raise AgentFileError(f"{name}: damaged agent file: weight {key!r} holds NaN or infinite values")
    if weights["planes"].tolist() != level_planes(level):
        raise AgentFileError(f"{name}: damaged agent file: its observation plane list {weights['planes'].tolist()[:20]} "
                             f"does not match its level's {level_planes(level)}")
    with torch.device("meta"):
        policy = build_policy(level, config)
    policy = policy.to_empty(device="cpu")  # no random initialisation: every value is loaded next
    policy.load_state_dict(weights)
    return policy.eval()


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
    for field in ("seed", "steps"):
        if isinstance(data[field], bool) or not 0 <= data[field] < 2**63:
            raise AgentFileError(f"{name}: damaged agent file: field '{field}' is {data[field]}, outside 0 to 2**63-1")


def _json(text: str, name: str) -> dict:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise AgentFileError(f"{name}: the recorded level is not valid JSON ({error})") from None
    except RecursionError:
        raise AgentFileError(f"{name}: the recorded level is nested too deeply to be a level") from None
