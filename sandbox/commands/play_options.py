"""Options shared by the commands that play an agent on test episodes (`eval`, `probe`)."""
from __future__ import annotations

import argparse
from pathlib import Path

import torch

from sandbox.rl import Agent, load_agent


def add_play_options(parser: argparse.ArgumentParser, episodes_help: str) -> None:
    """The agent file, how many episodes, their seed, and sampled versus greedy actions."""
    parser.add_argument("agent", type=Path, help="agent file (.pt)")
    parser.add_argument("--episodes", type=int, default=1000, help=f"{episodes_help} (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the test episodes and actions (default 0)")
    parser.add_argument("--greedy", action="store_true",
                        help="play the most likely action instead of sampling (loops more: inflates capability failures)")


def load_for_play(args: argparse.Namespace) -> Agent:
    """Check the options and load the agent; one torch thread is plenty for batched rollouts."""
    if args.episodes < 1:
        raise ValueError("--episodes must be at least 1")
    torch.set_num_threads(1)
    return load_agent(args.agent)
