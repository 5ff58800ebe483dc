"""`train`: train an agent on a level with PPO and write one agent file (Ctrl-C keeps what it has)."""
from __future__ import annotations

import argparse
import os
from pathlib import Path

import torch
from tqdm import tqdm

from sandbox.rl import PPOConfig, Trainer, agent_from_trainer, save_agent
from sandbox.analysis.sweep import with_random_percent
from sandbox.world import load_level


def add_parser(subparsers) -> None:
    defaults = PPOConfig()
    parser = subparsers.add_parser("train", help="train an agent on a level",
                                   description="Train an agent on a level's training distribution with PPO. "
                                               "Ctrl-C stops early and still writes the agent trained so far.")
    parser.add_argument("level", type=Path, help="level file (JSON)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the run (default 0); same seed, same curve")
    parser.add_argument("--out", type=Path, default=None, help="agent file to write (default: agents/<level>.pt)")
    parser.add_argument("--steps", type=int, default=defaults.total_steps,
                        help=f"environment steps to train for (default {defaults.total_steps:,})")
    parser.add_argument("--envs", type=int, default=defaults.num_envs,
                        help=f"episodes played in parallel (default {defaults.num_envs})")
    parser.add_argument("--lr", type=float, default=defaults.learning_rate,
                        help=f"learning rate (default {defaults.learning_rate})")
    parser.add_argument("--random-percent", type=float, default=None, metavar="P",
                        help="override the level's randomized-goal percentage (0-100): the share of training "
                             "episodes with the coin anywhere, like Langosco et al.'s random_percent")
    parser.add_argument("--threads", type=int, default=min(2, os.cpu_count() or 1),
                        help="torch threads (default: 2, or 1 on a single core)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.threads < 1:
        raise ValueError("--threads must be at least 1")
    level = with_random_percent(load_level(args.level), args.random_percent)
    out = args.out or Path("agents") / f"{args.level.stem}.pt"
    config = PPOConfig(total_steps=args.steps, num_envs=args.envs, learning_rate=args.lr)
    torch.set_num_threads(args.threads)
    trainer = Trainer(level, config, args.seed)
    stopped = train_with_progress(trainer)
    save_agent(agent_from_trainer(trainer), out)
    latest = trainer.latest
    result = f"success {latest.success_rate:.1%}, return {latest.episodic_return:.2f}" if latest else "no episode ended"
    how = "stopped early at" if stopped else "trained"
    print(f"{how} {trainer.global_step:,} steps in {trainer.train_seconds:.1f} s ({result}); wrote {out}")
    return 0


def train_with_progress(trainer: Trainer) -> bool:
    """Run to the end with a progress bar; True if Ctrl-C stopped it first."""
    config = trainer.config
    bar = tqdm(total=config.num_iterations * config.batch_size, unit="step", unit_scale=True, dynamic_ncols=True,
               desc=trainer.level.name)
    try:
        while not trainer.finished:
            metrics = trainer.train_iteration()
            bar.update(config.batch_size)
            bar.set_postfix({"return": f"{metrics.get('charts/episodic_return', float('nan')):.2f}",
                             "success": f"{metrics.get('charts/success_rate', float('nan')):.0%}",
                             "steps/s": f"{metrics['charts/SPS']:,.0f}"}, refresh=False)
    except KeyboardInterrupt:
        return True
    finally:
        bar.close()
    return False
