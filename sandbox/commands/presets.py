"""`presets`: list the shipped experiments, or regenerate every shipped agent with the `train` command.

Each shipped agent is defined by one recipe (level, seed, steps, randomized-goal percentage, torch
threads). Training is deterministic for a given seed, machine and thread count, so the recipes are
the record of how every file in `agents/` was made.
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass

from sandbox.resources import is_frozen, resource_path
from sandbox.world import load_level


@dataclass(frozen=True)
class Recipe:
    """How one shipped agent is trained: `python main.py train <argv>`, to exactly `steps` (no
    stop at a success target), as every shipped agent was made. The learning rate and the rollout's
    shape are written out because their defaults changed (to 2e-3 off mazes; to 256 envs x 32 steps)
    after the agents were made."""

    name: str
    level: str
    seed: int
    steps: int
    random_percent: float | None = None
    threads: int = 1
    learning_rate: float = 1e-3
    num_envs: int = 64
    num_steps: int = 128

    def argv(self) -> list[str]:
        """Arguments of the `train` command that produce `agents/<name>.pt`."""
        args = [str(resource_path("levels", self.level)), "--seed", str(self.seed), "--steps", str(self.steps),
                "--until", "off", "--lr", f"{self.learning_rate:g}", "--envs", str(self.num_envs),
                "--num-steps", str(self.num_steps), "--threads", str(self.threads),
                "--out", str(resource_path("agents", f"{self.name}.pt"))]
        if self.random_percent is not None:
            args += ["--random-percent", f"{self.random_percent:g}"]
        return args


RECIPES = (
    Recipe("coinrun", "coinrun.json", seed=0, steps=1_000_000, threads=2),
    Recipe("coinrun_random25", "coinrun.json", seed=0, steps=1_500_000, random_percent=25),
    Recipe("maze", "maze.json", seed=0, steps=8_000_000),
    Recipe("colour_cue", "colour_cue.json", seed=0, steps=600_000),
    Recipe("keys_chests", "keys_chests.json", seed=0, steps=2_000_000, threads=2),
)


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("presets", help="list the preset experiments, or retrain their shipped agents",
                                   description="List the preset levels with the experiment each reproduces. With "
                                               "--train, regenerate the shipped agents in agents/ by running the "
                                               "train command with each agent's recorded seed and settings.")
    parser.add_argument("--train", action="store_true", help="retrain the shipped agents (overwrites agents/*.pt)")
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help=f"with --train, only this agent; repeatable ({', '.join(r.name for r in RECIPES)})")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    unknown = set(args.only) - {r.name for r in RECIPES}
    if unknown:
        raise ValueError(f"--only: no shipped agent named {', '.join(sorted(unknown))} "
                         f"(choose from {', '.join(r.name for r in RECIPES)})")
    if not args.train:
        return list_presets()
    if is_frozen():
        raise ValueError("presets --train rewrites the shipped agents, so it runs from a source checkout only; "
                         "use `train` to train an agent of your own")
    from sandbox.commands import main

    for recipe in RECIPES:
        if args.only and recipe.name not in args.only:
            continue
        print(f"python main.py train {' '.join(recipe.argv())}", flush=True)
        if main(["train", *recipe.argv()]) != 0:
            return 1
    return 0


def list_presets() -> int:
    """Each preset level with its description and the shipped agents trained on it."""
    for path in sorted(resource_path("levels").glob("*.json")):
        level = load_level(path)
        agents = [f"agents/{r.name}.pt" for r in RECIPES if r.level == path.name]
        print(f"levels/{path.name}: {level.name}")
        print(f"  {level.description}")
        print(f"  shipped agents: {', '.join(agents) or 'none'}\n")
    return 0
