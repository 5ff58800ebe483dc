"""`train`: train an agent on a level with PPO and write one agent file (Ctrl-C keeps what it has).

No run is lost to a fault: the target is checked before training starts, a checkpoint goes to the
data folder at least every minute (`train --resume FILE` continues it), and if the final write
still fails the agent is written to the data folder instead, with its path printed.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Callable

import torch
from tqdm import tqdm

from sandbox.analysis.knobs import with_random_percent
from sandbox.atomic_file import check_writable, describe_os_error
from sandbox.commands.option_types import ENVS, LEARNING_RATE, PERCENT, SEED, STEPS, THREADS, bounded_float, with_range
from sandbox.resources import data_dir
from sandbox.rl import PPOConfig, Trainer, agent_from_trainer, save_agent
from sandbox.commands.ppo_options import add_ppo_options, option_name, ppo_settings
from sandbox.rl import config as ppo_config
from sandbox.rl.checkpoint import CHECKPOINT_SECONDS, load_checkpoint, save_checkpoint
from sandbox.rl.tensorboard_log import TensorBoardLog
from sandbox.ui.training_eta import clock, seconds_to_target
from sandbox.world import load_level

CHECKPOINT_EVERY = bounded_float(0.0, 3600.0)


def add_parser(subparsers) -> None:
    defaults = PPOConfig()
    parser = subparsers.add_parser("train", help="train an agent on a level",
                                   description="Train an agent on a level's training distribution with PPO. "
                                               "Ctrl-C stops early and still writes the agent trained so far. "
                                               "A checkpoint is kept in the data folder every minute; "
                                               "--resume continues a run from it.")
    parser.add_argument("level", type=Path, nargs="?", help="level file (JSON); not with --resume")
    parser.add_argument("--resume", type=Path, metavar="CHECKPOINT",
                        help="continue the run saved in this checkpoint (its level and settings)")
    parser.add_argument("--seed", type=SEED, default=0,
                        help=with_range("seed of the run (default 0); same seed, same curve", SEED))
    parser.add_argument("--out", type=Path, default=None, help="agent file to write (default: agents/<level>.pt)")
    parser.add_argument("--steps", "--total-steps", dest="steps", type=STEPS, default=None,
                        help=with_range("step cap: environment steps at most (default: from the level's size, "
                                        "2.0M on a 9x9 level, 9.8M on the 11x11 maze)", STEPS))
    parser.add_argument("--until", "--until-percent", dest="until", type=until_percent, default=defaults.until_percent, metavar="PERCENT",
                        help=f"stop once the success over the last {defaults.success_window:,} or more training "
                             f"episodes reaches PERCENT (default {defaults.until_percent:g}; {PERCENT.range}; off "
                             "or 0: train to the step cap)")
    parser.add_argument("--envs", "--num-envs", dest="envs", type=ENVS, default=defaults.num_envs,
                        help=with_range(f"episodes played in parallel (default {defaults.num_envs})", ENVS))
    parser.add_argument("--lr", "--learning-rate", dest="lr", type=LEARNING_RATE, default=defaults.learning_rate,
                        help=with_range(f"learning rate (default {ppo_config.LEARNING_RATE:g}, "
                                        f"{ppo_config.MAZE_LEARNING_RATE:g} on a maze level)", LEARNING_RATE))
    parser.add_argument("--random-percent", type=PERCENT, default=None, metavar="P",
                        help=with_range("override the level's randomized-goal percentage: the share of training "
                                        "episodes with the coin anywhere, like Langosco et al.'s random_percent",
                                        PERCENT))
    parser.add_argument("--threads", type=THREADS, default=None,
                        help=with_range("torch threads (default: 2 when a second core is idle, else 1; with "
                                        "--resume, the run's own)", THREADS))
    parser.add_argument("--tensorboard", type=Path, metavar="DIR", default=None,
                        help="also write TensorBoard event files (CleanRL's metric names) into DIR; needs the "
                             "TensorBoard package")
    add_ppo_options(parser)
    parser.add_argument("--checkpoint-seconds", type=CHECKPOINT_EVERY, default=CHECKPOINT_SECONDS,
                        help=argparse.SUPPRESS)
    parser.set_defaults(run=run)


def until_percent(text: str) -> float:
    """`--until`: a percentage 0-100, or "off" (the same as 0)."""
    if text.strip().lower() == "off":
        return 0.0
    try:
        return PERCENT(text)
    except argparse.ArgumentTypeError as error:
        raise argparse.ArgumentTypeError(str(error).replace(f"{PERCENT.range})", f"{PERCENT.range}, or off)")) from None


def run(args: argparse.Namespace) -> int:
    trainer, out, threads = _start(args)
    check_writable(out)  # before any training: a bad target costs nothing
    log = TensorBoardLog(args.tensorboard, trainer.config, trainer.seed) if args.tensorboard else None
    checkpoint = checkpoint_path(out)
    print(f"checkpoints: {checkpoint} (continue a stopped run with: train --resume {checkpoint})", file=sys.stderr)
    try:
        stopped = train_with_progress(trainer, lambda: keep_checkpoint(trainer, checkpoint, out, threads),
                                      args.checkpoint_seconds, log.write if log else None)
    finally:
        if log is not None:
            log.close()
    written = write_agent(trainer, out)
    if not stopped:
        checkpoint.unlink(missing_ok=True)
    print(f"{summary(trainer, stopped)}; wrote {written}")
    return 0 if written == out else 1


def summary(trainer: Trainer, interrupted: bool) -> str:
    """Which rule ended the run, with the rolling success it ended at."""
    config, window, seconds = trainer.config, trainer.window, f"{trainer.train_seconds:.1f} s"
    success = f"{window.rate:.0%} success over the last {window.episodes:,} episodes" if window.episodes \
        else "no episode ended"
    if interrupted:
        return f"stopped early at {trainer.global_step:,} steps in {seconds} with {success}"
    if config.stop_reason == "target":
        return f"reached {config.until_percent:g}% success at {short_steps(trainer.global_step)} steps in {seconds} " \
               f"({window.rate:.1%} over the last {window.episodes:,} episodes)"
    if config.until_percent == 0:
        return f"trained {trainer.global_step:,} steps in {seconds} with {success}"
    return f"stopped at the step cap {short_steps(config.total_steps)} in {seconds} with {success} " \
           f"(target {config.until_percent:g}%)"


def short_steps(steps: int) -> str:
    """412000 -> '412k', 2000000 -> '2.0M'."""
    return f"{steps / 1e6:.1f}M" if steps >= 1_000_000 else f"{steps / 1e3:.0f}k"


def _start(args: argparse.Namespace) -> tuple[Trainer, Path, int]:
    """A fresh trainer for the level, or the one saved in `--resume`; the agent file to write; and
    the torch thread count, set before anything is built (results depend on it, even the orthogonal
    initial weights), which a resumed run keeps unless told otherwise."""
    if args.resume is not None:
        if args.level is not None:
            raise ValueError("give either a level or --resume CHECKPOINT, not both (a checkpoint holds its level)")
        changed = settings_given(args)
        if changed:
            raise ValueError(f"{', '.join(changed)} cannot change a resumed run: it keeps the settings in its "
                             "checkpoint (start a new run to train with others)")
        trainer, out, threads = load_checkpoint(args.resume)
        torch.set_num_threads(args.threads or threads)
        print(f"resuming {args.resume} at {trainer.global_step:,} of {trainer.config.total_steps:,} steps",
              file=sys.stderr)
        return trainer, args.out or out, args.threads or threads
    if args.level is None:
        raise ValueError("give a level file to train on, or --resume CHECKPOINT")
    threads = args.threads or default_threads()
    torch.set_num_threads(threads)
    level = with_random_percent(load_level(args.level), args.random_percent)
    config = PPOConfig(total_steps=args.steps, num_envs=args.envs, learning_rate=args.lr, until_percent=args.until,
                       **ppo_settings(args))
    return Trainer(level, config, args.seed), args.out or Path("agents") / f"{args.level.stem}.pt", threads


def default_threads() -> int:
    """2 torch threads when a second core is idle, else 1. On an idle 2-core machine the second
    thread adds 30-60% steps/s; with the other core busy (load average 1 or more beside this run)
    torch's threads wait on each other and a run measured 30x slower (570 against 17,400 steps/s)."""
    cores = os.cpu_count() or 1
    if cores < 2:
        return 1
    return 2 if os.getloadavg()[0] < cores - 1 else 1


def settings_given(args: argparse.Namespace) -> list[str]:
    """The seed and PPO options set to something other than their defaults, as typed (`--gamma`)."""
    defaults = build_train_defaults()
    hand_written = {"seed": "--seed", "steps": "--steps", "until": "--until", "envs": "--envs", "lr": "--lr",
                    "random_percent": "--random-percent"}
    given = [option for dest, option in hand_written.items() if getattr(args, dest) != defaults[dest]]
    return given + [option_name(name) for name, value in ppo_settings(args).items() if value != defaults[name]]


def build_train_defaults() -> dict:
    """Every `train` option's default, from the parser itself (so the two cannot drift apart)."""
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers())
    return vars(parser.parse_args(["train"]))


def checkpoint_path(out: Path) -> Path:
    """One checkpoint per target agent file, named after it, in the data folder."""
    return data_dir() / "checkpoints" / f"{out.stem[:120]}.checkpoint.pt"


def keep_checkpoint(trainer: Trainer, checkpoint: Path, out: Path, threads: int) -> None:
    """Save a checkpoint; a data folder that cannot take it costs a warning, never the run."""
    try:
        save_checkpoint(trainer, checkpoint, out, threads)
    except OSError as error:
        tqdm.write(f"goalpost: warning: cannot write checkpoint {checkpoint}: {describe_os_error(error)}",
                   file=sys.stderr)


def write_agent(trainer: Trainer, out: Path) -> Path:
    """Write to `out`; if that fails (disk full meanwhile, folder removed), to the data folder."""
    agent = agent_from_trainer(trainer)
    try:
        save_agent(agent, out)
        return out
    except OSError as error:
        fallback = data_dir() / "agents" / f"{out.stem[:120]}-{time.strftime('%Y%m%d-%H%M%S')}.pt"
        save_agent(agent, fallback)
        print(f"goalpost: error: cannot write {out}: {describe_os_error(error)}; wrote the agent to {fallback} "
              "instead", file=sys.stderr)
        return fallback


def progress_fields(trainer: Trainer, metrics: dict[str, float]) -> dict[str, str]:
    """The progress bar's figures after an iteration. The bar's own time left runs to the step cap,
    which a run that stops at its success target rarely reaches, so the estimated time to the
    target comes too ("-" while the success trend does not point there before the cap)."""
    config, point = trainer.config, trainer.fresh_point
    fields = {"return": f"{point.episodic_return if point else float('nan'):.2f}",
              "success": f"{point.success_rate if point else float('nan'):.0%}",
              "steps/s": f"{metrics['charts/SPS']:,.0f}"}
    if config.until_percent > 0:
        eta = seconds_to_target(trainer.curve, trainer.global_step, config.num_iterations * config.batch_size,
                                config.until_percent, metrics["charts/SPS"])
        fields[f"{config.until_percent:g}% in"] = "-" if eta is None else f"~{clock(round(eta))}"
    return fields


def train_with_progress(trainer: Trainer, checkpoint=None, every: float = CHECKPOINT_SECONDS,
                        on_metrics: Callable[[int, dict[str, float]], None] | None = None) -> bool:
    """Run to the end with a progress bar, calling `checkpoint()` at least every `every` seconds
    (between iterations) and `on_metrics(step, metrics)` after each; True if Ctrl-C stopped it first."""
    config = trainer.config
    bar = tqdm(total=config.num_iterations * config.batch_size, initial=trainer.iteration * config.batch_size,
               unit="step", unit_scale=True, dynamic_ncols=True, desc=trainer.level.name)
    saved = time.monotonic()
    try:
        while not trainer.finished:
            metrics = trainer.train_iteration()
            bar.update(config.batch_size)
            if on_metrics is not None:
                on_metrics(trainer.global_step, metrics)
            bar.set_postfix(progress_fields(trainer, metrics), refresh=False)
            if checkpoint is not None and time.monotonic() - saved >= every and not trainer.finished:
                checkpoint()
                saved = time.monotonic()
    except KeyboardInterrupt:
        return True
    finally:
        bar.close()
    return False
