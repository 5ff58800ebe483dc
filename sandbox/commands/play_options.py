"""Options shared by the commands that play an agent on test episodes (`eval`, `probe`)."""
from __future__ import annotations

import argparse
from pathlib import Path

import torch

from sandbox.commands.option_types import EPISODES, SEED, with_range
from sandbox.rl import Agent, load_agent


def add_play_options(parser: argparse.ArgumentParser, episodes_help: str) -> None:
    """The agent file, how many episodes, their seed, and sampled versus greedy actions."""
    parser.add_argument("agent", type=Path, help="agent file (.pt)")
    parser.add_argument("--episodes", type=EPISODES, default=1000, help=with_range(f"{episodes_help} (default 1000)",
                                                                                   EPISODES))
    parser.add_argument("--seed", type=SEED, default=0,
                        help=with_range("seed of the test episodes and actions (default 0)", SEED))
    parser.add_argument("--greedy", action="store_true",
                        help="play the most likely action instead of sampling (loops more: inflates capability failures)")


def load_for_play(args: argparse.Namespace) -> Agent:
    """Load the agent (the parser checked the numbers); one torch thread is plenty for batched rollouts."""
    torch.set_num_threads(1)
    return load_agent(args.agent)
