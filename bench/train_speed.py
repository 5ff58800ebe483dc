"""Time to 95% in-distribution success on the CoinRun-like level: Goalpost's trainer against
Stable-Baselines3 PPO (its defaults, MlpPolicy, on Goalpost's gymnasium env), in the same run.

Success is measured on the training episodes as they end: for Goalpost by its stop rule (whole
PPO iterations holding at least 1,000 episodes), for SB3 over its last 100 episodes (Monitor's `r` > 0). Goalpost's agent
at that moment is then checked on 1,000 fresh in-distribution episodes.

    python bench/train_speed.py [--threads 2] [--seed 0] [--sb3-seconds 300]
    python bench/train_speed.py --all [--budget 180] [--seeds 3] [--only maze keys] [--set update_epochs=2]

`--all` trains every preset from scratch with the defaults (the stop rule: rolling success over at
least 1,000 episodes reaches 95%) and prints a table: steps and wall time to the target against the
issue's targets, and the probe's proxy rate of the new agent beside the shipped agent's (the same
experiment, not just a faster one). `--seeds` repeats each preset over several seeds and adds their
median, `--only` picks presets by a word of their name, and `--set` measures a changed PPO setting.
"""
from __future__ import annotations

import argparse
import collections
import time
from dataclasses import fields

import numpy as np
import torch

from sandbox.analysis import evaluate, training_episodes
from sandbox.resources import default_level_path
from sandbox.rl import PPOConfig, Trainer
from sandbox.world import load_level

TARGET = 0.95


def goalpost(level, seed: int, threads: int, budget: float) -> dict:
    """Train until the stop rule's rolling success reaches TARGET (or `budget` seconds pass)."""
    torch.set_num_threads(threads)
    trainer = Trainer(level, PPOConfig(until_percent=100 * TARGET), seed)
    started = time.perf_counter()
    while not trainer.finished and time.perf_counter() - started < budget:
        trainer.train_iteration()
    seconds = time.perf_counter() - started
    check = evaluate(trainer.policy, level, training_episodes(level, 1000, seed + 1), in_distribution=True).summary
    return {"reached": trainer.window.reached, "seconds": seconds, "steps": trainer.global_step,
            "sps": trainer.global_step / seconds, "success": trainer.window.rate, "held_out": check.goal}


def goalpost_sps(level, seed: int, threads: int, iterations: int = 12) -> float:
    """Training steps/s of a fixed number of iterations (for comparing thread counts)."""
    torch.set_num_threads(threads)
    trainer = Trainer(level, PPOConfig(), seed)
    started = time.perf_counter()
    for _ in range(iterations):
        trainer.train_iteration()
    return trainer.global_step / (time.perf_counter() - started)


def stable_baselines(level, seed: int, threads: int, budget: float) -> dict:
    """SB3 PPO with its defaults until its last 100 episodes reach TARGET success or `budget` runs out."""
    from stable_baselines3 import PPO
    from stable_baselines3.common.callbacks import BaseCallback

    from sandbox.env.gym_env import GoalpostEnv

    class UntilTarget(BaseCallback):
        def __init__(self):
            super().__init__()
            self.recent = collections.deque(maxlen=100)
            self.started = time.perf_counter()

        def _on_step(self) -> bool:
            for info in self.locals["infos"]:
                if "episode" in info:
                    self.recent.append(info["episode"]["r"] > 0)
            full = len(self.recent) == self.recent.maxlen
            return not (full and self.success >= TARGET) and time.perf_counter() - self.started < budget

        @property
        def success(self) -> float:
            return sum(self.recent) / max(1, len(self.recent))

    torch.set_num_threads(threads)
    model = PPO("MlpPolicy", GoalpostEnv(level), seed=seed, device="cpu", verbose=0)
    callback = UntilTarget()
    model.learn(total_timesteps=10**9, callback=callback)
    seconds = time.perf_counter() - callback.started
    steps = model.num_timesteps
    return {"reached": len(callback.recent) == 100 and callback.success >= TARGET, "seconds": seconds,
            "steps": steps, "sps": steps / seconds, "success": callback.success}


PRESETS = (  # name, level file, randomized-goal override, shipped agent, target seconds
    ("CoinRun-like, 0%", "coinrun.json", None, "coinrun.pt", 10),
    ("CoinRun-like, 25% randomized", "coinrun.json", 25.0, "coinrun_random25.pt", 45),
    ("Maze 11x11", "maze.json", None, "maze.pt", 60),
    ("Keys and Chests", "keys_chests.json", None, "keys_chests.pt", 45),
    ("Colour cue", "colour_cue.json", None, "colour_cue.pt", 20),
)


def proxy_rate(policy, level, episodes: int = 1000) -> float:
    """The strongest candidate proxy's share of separated episodes, as `probe` reports it."""
    from sandbox.analysis.probe import run_probe

    counted = [r.summary for r in run_probe(policy, level, episodes) if r.summary.counted]
    return max((s.proxy for s in counted), default=float("nan"))


def all_presets(seeds: list[int], threads: int, budget: float, only: list[str], overrides: dict) -> None:
    """One row per preset and seed; with several seeds, a median row after each preset's rows."""
    from sandbox.analysis.knobs import with_random_percent
    from sandbox.resources import resource_path
    from sandbox.rl import load_agent

    torch.set_num_threads(threads)
    config = PPOConfig(**overrides)
    print(f"settings changed from the defaults: {overrides or 'none'}; {threads} torch thread(s); seeds {seeds}")
    print(f"{'preset':<30}{'seed':>5}{'steps':>12}{'wall s':>9}{'steps/s':>9}{'target s':>9}{'met':>5}"
          f"{'proxy % new':>13}{'shipped':>9}")
    for name, file, percent, shipped, target in PRESETS:
        if only and not any(word.lower() in name.lower() for word in only):
            continue
        level = with_random_percent(load_level(resource_path("levels", file)), percent)
        old = proxy_rate(load_agent(resource_path("agents", shipped)).policy, level)
        rows = []
        for seed in seeds:
            trainer = Trainer(level, config, seed)
            started = time.perf_counter()
            while not trainer.finished and time.perf_counter() - started < budget:
                trainer.train_iteration()
            seconds = time.perf_counter() - started
            reached = trainer.window.reached
            rows.append((trainer.global_step if reached else float("inf"), seconds if reached else float("inf"),
                         proxy_rate(trainer.policy.eval(), level)))
            wall = f"{seconds:.1f}" if reached else f">{seconds:.0f}"
            print(f"{name:<30}{seed:>5}{trainer.global_step:>12,}{wall:>9}{trainer.global_step / seconds:>9,.0f}"
                  f"{target:>9}{'yes' if reached and seconds <= target else 'no':>5}{100 * rows[-1][2]:>13.1f}"
                  f"{100 * old:>9.1f}"
                  + ("" if reached else f"   (rolling success {trainer.window.rate:.0%} when the budget ran out)"),
                  flush=True)
        if len(seeds) > 1:
            steps, seconds, proxy = (float(np.median(column)) for column in zip(*rows))
            print(f"{name + ' (median)':<35}{steps:>12,.0f}{seconds:>9.1f}{'':>9}{target:>9}"
                  f"{'yes' if seconds <= target else 'no':>5}{100 * proxy:>13.1f}{100 * old:>9.1f}", flush=True)


def parse_overrides(pairs: list[str]) -> dict:
    """{"update_epochs": 2, ...} from ["update_epochs=2", ...], each value of its field's type."""
    kinds = {field.name: str(field.type).split(" |")[0] for field in fields(PPOConfig) if field.init}
    overrides = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        if name not in kinds or not value:
            raise SystemExit(f"--set needs NAME=VALUE with a PPOConfig field as NAME, not {pair!r}")
        parse = {"bool": lambda text: text.lower() == "true", "int": int, "float": float}.get(kinds[name], str)
        overrides[name] = parse(value)
    return overrides


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2, help="torch threads for both trainers (default 2)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--goalpost-seconds", type=float, default=120.0, help="Goalpost's time cap (default 120)")
    parser.add_argument("--sb3-seconds", type=float, default=300.0, help="SB3's time cap (default 300)")
    parser.add_argument("--all", action="store_true", help="every preset to 95%%, as a table (no SB3)")
    parser.add_argument("--budget", type=float, default=180.0, help="--all: seconds per preset at most (default 180)")
    parser.add_argument("--seeds", type=int, default=1, help="--all: seeds --seed, --seed+1, ... per preset (default 1)")
    parser.add_argument("--only", nargs="*", default=[], help="--all: presets whose name holds one of these words")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="--all: a PPOConfig setting changed from its default (repeatable)")
    args = parser.parse_args()
    if args.all:
        all_presets(list(range(args.seed, args.seed + args.seeds)), args.threads, args.budget, args.only,
                    parse_overrides(args.set))
        return
    level = load_level(default_level_path())
    print(f"level: {level.name} {level.shape[0]}x{level.shape[1]}, target {TARGET:.0%} in-distribution success, "
          f"{args.threads} torch threads, seed {args.seed}")
    ours = goalpost(level, args.seed, args.threads, args.goalpost_seconds)
    one_thread = goalpost_sps(level, args.seed, 1)
    theirs = stable_baselines(level, args.seed, args.threads, args.sb3_seconds)
    print(f"\n{'trainer':<22}{'time to 95%':>30}{'steps to 95%':>16}{'steps/s':>10}")
    for name, result in (("Goalpost PPO", ours), ("SB3 PPO (defaults)", theirs)):
        when = (f"{result['seconds']:.1f} s" if result["reached"]
                else f"not in {result['seconds']:.0f} s (success {result['success']:.0%})")
        steps = f"{result['steps']:,}" if result["reached"] else f">{result['steps']:,}"
        print(f"{name:<22}{when:>30}{steps:>16}{result['sps']:>10,.0f}")
    print(f"\nGoalpost at that point: {ours['held_out']:.1%} success on 1,000 fresh in-distribution episodes")
    print(f"Goalpost training steps/s: {ours['sps']:,.0f} with {args.threads} threads, {one_thread:,.0f} with 1 thread "
          "(the background trainer's setting)")
    if ours["reached"]:
        bound = "" if theirs["reached"] else "at least "
        print(f"speed-up to 95%: {bound}{theirs['seconds'] / ours['seconds']:.1f}x in wall time, "
              f"{bound}{theirs['steps'] / ours['steps']:.1f}x in steps")


if __name__ == "__main__":
    main()
