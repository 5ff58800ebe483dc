"""`train` options for every PPO setting, generated from `PPOConfig`'s fields and their docstrings.

A field added to `PPOConfig` appears in `train --help` with its docstring and default, and is
parsed with its range, without touching a parser. Ranges for the known fields are stated here (the
limits of what trains in reasonable time and memory); a new field gets a wide finite range of its
type until it is given one.
"""
from __future__ import annotations

import argparse
import ast
import inspect
import textwrap
from dataclasses import MISSING, fields

from sandbox.commands.option_types import ENVS, LEARNING_RATE, STEPS, BoundedNumber, bounded_float, bounded_int
from sandbox.rl.agent_file import NETWORK_LIMITS
from sandbox.rl.config import PPOConfig

HAND_WRITTEN = {"total_steps": "--steps", "until_percent": "--until", "num_envs": "--envs", "learning_rate": "--lr"}
"""Settings `train` had options for before the rest were generated; their short names stay, and
each field's own name is accepted as an alias (`--num-envs` is `--envs`)."""
NOT_SETTINGS = {"stop_reason"}
"""Recorded by the trainer, never set."""
RANGES: dict[str, BoundedNumber] = {
    "total_steps": STEPS, "num_envs": ENVS, "learning_rate": LEARNING_RATE,
    "num_steps": bounded_int(1, 4096), "num_minibatches": bounded_int(1, 65_536), "update_epochs": bounded_int(1, 100),
    "success_window": bounded_int(1, 1_000_000), "gamma": bounded_float(0.0, 1.0), "gae_lambda": bounded_float(0.0, 1.0),
    "clip_coef": bounded_float(0.0, 10.0), "ent_coef": bounded_float(0.0, 10.0), "vf_coef": bounded_float(0.0, 100.0),
    "max_grad_norm": bounded_float(0.0, 1e6), "target_kl": bounded_float(0.0, 10.0),
    **{name: bounded_int(low, high) for name, (low, high) in NETWORK_LIMITS.items()},
}
WIDE = {"int": bounded_int(0, 2**62), "float": bounded_float(-1e12, 1e12)}


def option_name(name: str) -> str:
    return "--" + name.replace("_", "-")


def generated_fields() -> list:
    """The settable fields without a hand-written option, in declaration order."""
    return [f for f in fields(PPOConfig) if f.init and f.name not in HAND_WRITTEN and f.name not in NOT_SETTINGS]


def field_help() -> dict[str, str]:
    """Each field's docstring (the string under it in the class body), first sentence; empty where
    the source cannot be read (a packaged app keeps only bytecode)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(PPOConfig)))
    except (OSError, TypeError):
        return {}
    body, found = tree.body[0].body, {}
    for statement, following in zip(body, body[1:]):
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name) \
                and isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant):
            text = " ".join(str(following.value.value).split())
            found[statement.target.id] = text.split(". ")[0].rstrip(".")
    return found


def add_ppo_options(parser: argparse.ArgumentParser) -> None:
    """An option per generated field, in a group of its own in `--help`."""
    group = parser.add_argument_group("PPO settings", "every other setting of the run (recorded in the agent file)")
    helps, defaults = field_help(), PPOConfig()
    for field in generated_fields():
        default = getattr(defaults, field.name) if field.default is not MISSING or field.default_factory is not MISSING \
            else None
        kind = str(field.type)
        text = f"{helps.get(field.name, field.name.replace('_', ' '))} (default {default}"
        if kind == "bool":
            group.add_argument(option_name(field.name), dest=field.name, action=argparse.BooleanOptionalAction,
                               default=default, help=f"{text})")
            continue
        number = RANGES.get(field.name) or WIDE.get(kind.split(" |")[0])
        parse = _or_none(number) if "None" in kind else (number or str)
        allowed = f"; {number.range}" if number else ""
        allowed += ", or none" if "None" in kind else ""
        group.add_argument(option_name(field.name), dest=field.name, type=parse, default=default,
                           metavar=field.name.upper(), help=f"{text}{allowed})")


def _or_none(number: BoundedNumber):
    """A `type=` that reads "none" as None (for settings such as target_kl where None means off)."""
    def parse(text: str):
        return None if text.strip().lower() == "none" else number(text)

    parse.__name__ = number.__name__
    return parse


def ppo_settings(args: argparse.Namespace) -> dict:
    """The generated fields' values from parsed `args`, ready for `PPOConfig(**...)`."""
    return {field.name: getattr(args, field.name) for field in generated_fields()}
