"""What torch offers on CPU for PPO here, measured against the trainer as it is, in one run.

Each variant trains the same level from the same seed for a few iterations after one warm-up
iteration (which absorbs torch.compile's compile time), timing the rollout (acting) and the update
(learning) separately, and prints seconds per iteration with the ratio to the baseline:

- baseline: the trainer as shipped (`torch.no_grad` while acting);
- inference_mode: `torch.inference_mode` wherever the trainer uses `torch.no_grad` (acting, the
  bootstrap value and the update's statistics);
- channels_last: the policy's weights in channels-last memory order;
- compile: the policy wrapped in `torch.compile` (inductor, which needs a C++ compiler);
- bf16_update: the update's forward passes under `torch.autocast("cpu", torch.bfloat16)` (fast
  where the CPU has bfloat16 matrix units, e.g. AMX; acting stays in float32).

    python bench/torch_options.py [--level levels/coinrun.json] [--iterations 4] [--threads 1]
"""
from __future__ import annotations

import argparse
import contextlib
import time

import torch

from sandbox.resources import default_level_path
from sandbox.rl import PPOConfig, Trainer, ppo
from sandbox.world import load_level

VARIANTS = ("baseline", "inference_mode", "channels_last", "compile", "bf16_update")


def timed_trainer(level, variant: str, seed: int) -> Trainer:
    trainer = Trainer(level, PPOConfig(), seed)
    if variant == "channels_last":
        trainer.policy.to(memory_format=torch.channels_last)
    elif variant == "compile":
        trainer.policy = torch.compile(trainer.policy)
    return trainer


@contextlib.contextmanager
def acting_under(variant: str):
    """Use inference_mode wherever torch.no_grad is called while the variant runs (the name is
    swapped on the torch module itself, so every no_grad block of the trainer is covered)."""
    if variant != "inference_mode":
        yield
        return
    original = ppo.torch.no_grad
    ppo.torch.no_grad = torch.inference_mode
    try:
        yield
    finally:
        ppo.torch.no_grad = original


def measure(level, variant: str, iterations: int, seed: int) -> tuple[float, float]:
    """(seconds acting, seconds learning) per iteration, after one warm-up iteration."""
    from sandbox.rl import trainer as trainer_module

    trainer = timed_trainer(level, variant, seed)
    seconds = {"collect_rollout": 0.0, "update": 0.0}
    originals = {name: getattr(trainer_module, name) for name in seconds}

    def timed(name: str):
        def call(*args, **kwargs):
            started = time.perf_counter()
            bf16 = variant == "bf16_update" and name == "update"
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                result = originals[name](*args, **kwargs)
            seconds[name] += time.perf_counter() - started
            return result
        return call

    with acting_under(variant):
        for name in seconds:
            setattr(trainer_module, name, timed(name))
        try:
            trainer.train_iteration()  # warm-up (compiles)
            seconds.update(collect_rollout=0.0, update=0.0)
            for _ in range(iterations):
                trainer.train_iteration()
        finally:
            for name, original in originals.items():
                setattr(trainer_module, name, original)
    return seconds["collect_rollout"] / iterations, seconds["update"] / iterations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--level", default=str(default_level_path()))
    parser.add_argument("--iterations", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    level = load_level(args.level)
    print(f"{level.name}, {PPOConfig().batch_size:,} steps per iteration, {args.threads} thread(s)")
    print("| variant | acting s/iter | learning s/iter | total | vs baseline |")
    print("|---|---|---|---|---|")
    baseline = None
    for variant in VARIANTS:
        try:
            acting, learning = measure(level, variant, args.iterations, args.seed)
        except Exception as error:  # a backend torch cannot build here is a result too
            print(f"| {variant} | failed: {type(error).__name__}: {str(error).splitlines()[0][:80]} | | | |")
            continue
        total = acting + learning
        baseline = baseline or total
        print(f"| {variant} | {acting:.2f} | {learning:.2f} | {total:.2f} | {baseline / total:.2f}x |", flush=True)


if __name__ == "__main__":
    main()
