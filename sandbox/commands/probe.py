"""`probe`: test an agent against every proxy its level implies and say, in one sentence, which goal
it learned. Rates count only separated episodes (where goal and proxy lead to different places)."""
from __future__ import annotations

import argparse
import json

import numpy as np

from sandbox.analysis.probe import CandidateResult, run_probe, verdict
from sandbox.analysis.region_names import region_picture
from sandbox.commands.play_options import add_play_options, load_for_play

COLUMNS = ("episodes counted", "goal %", "proxy %", "capability %")


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("probe", help="which goal did an agent learn? test it against every proxy",
                                   description="Build test episodes that pull the true goal apart from each "
                                               "candidate proxy of the agent's level (the goal's training region, "
                                               "objects that stood next to it, the keys), play them and report "
                                               "goal / proxy / capability-failure rates over separated episodes.")
    add_play_options(parser, "training episodes each test is built from")
    parser.add_argument("--json", action="store_true", help="print the result as JSON for scripts")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    agent = load_for_play(args)
    results = run_probe(agent.policy, agent.level, args.episodes, args.seed, args.greedy)
    sentence = verdict(agent.level, results)
    actions = "greedy" if args.greedy else "sampled"
    if args.json:
        print(json.dumps({"agent": str(args.agent), "level": agent.level.name, "actions": actions,
                          "seed": args.seed, "episodes": args.episodes,
                          "candidates": [_as_dict(r) for r in results], "sentence": sentence}, indent=2))
        return 0
    label = "greedy (argmax) actions" if args.greedy else "actions sampled from the policy"
    print(f"{args.agent}: '{agent.level.name}', {agent.steps:,} training steps, seed {agent.seed}; {label}")
    for result in results:
        print(f"\n{result.candidate.name}\n  test: {result.candidate.test}")
        if result.candidate.region is not None and result.candidate.name.endswith("pictured)"):
            print("\n".join(f"    {line}" for line in region_picture(result.candidate.region, agent.level.walls)))
        print(_table(result))
    print(f"\n{sentence}")
    return 0


def _as_dict(result: CandidateResult) -> dict:
    s = result.summary
    return {"candidate": result.candidate.name, "behaviour": result.candidate.behaviour, "test": result.candidate.test,
            "episodes": s.episodes, "counted": s.counted, "excluded": s.excluded,
            "goal": _number(s.goal), "proxy": _number(s.proxy), "capability": _number(s.capability),
            "mean_events": result.events}


def _number(rate: float) -> float | None:
    return None if np.isnan(rate) else round(rate, 4)


def _table(result: CandidateResult) -> str:
    s = result.summary
    values = [str(s.counted)] + ["-" if np.isnan(v) else f"{100 * v:.1f}" for v in (s.goal, s.proxy, s.capability)]
    widths = [max(len(c), len(v)) for c, v in zip(COLUMNS, values)]
    header = "  ".join(c.rjust(w) for c, w in zip(COLUMNS, widths))
    return f"  {header}\n  {'  '.join(v.rjust(w) for v, w in zip(values, widths))}"
