"""`eval`: play an agent on in-distribution and shifted episodes and print how often it reached the
goal, a proxy (goal misgeneralization) or neither (capability failure). Several agents give one
table with a row per agent on each test set."""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from sandbox.analysis import Summary, apply_shift, derive_proxies, evaluate, parse_shift, training_episodes
from sandbox.analysis.agent_comparison import ComparisonRow, compare_agents, name_agents, training_label
from sandbox.analysis.single_play import repeated
from sandbox.commands.play_options import add_play_options, load_for_play
from sandbox.rl import Agent, load_agent
from sandbox.rl.agent_file import check_fits
from sandbox.world import EpisodeBatch, load_episode

COLUMNS = ("episodes", "goal %", "proxy %", "capability %", "mean steps", "mean return", "excluded")


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("eval", help="measure goal / proxy / capability outcomes of an agent",
                                   description="Play an agent on episodes from its training distribution and on "
                                               "shifted ones, and tabulate goal, proxy and capability outcomes. "
                                               "Shifted rows count only episodes where goal and proxy lead to "
                                               "different places; the rest are shown as excluded.")
    add_play_options(parser, "episodes per row")
    parser.add_argument("more_agents", nargs="*", type=Path, metavar="AGENT",
                        help="more agent files (same grid size) to compare in the same table, a row per agent")
    parser.add_argument("--episode", type=Path, action="append", default=[], metavar="FILE",
                        help="a concrete test episode (JSON) to play --episodes times; repeatable")
    parser.add_argument("--shift", action="append", default=[], metavar="ENTITY=AREA",
                        help="move an entity in fresh training episodes, e.g. coin=left-half or coin=outside; "
                             "repeatable")
    parser.add_argument("--verbose", action="store_true",
                        help="also print each agent's training settings, seed, how its run ended and its last "
                             "training metrics")
    parser.set_defaults(run=run)


def training_record(agent: Agent) -> str:
    """Every recorded PPO setting, the seed, why the run ended and the last iteration's metrics."""
    config = agent.config
    ended = {"target": f"reached {config.until_percent:g}% success", "step_cap": "ran to its step cap",
             "interrupted": "stopped early"}.get(config.stop_reason, "not recorded")
    lines = [f"  seed {agent.seed}; {agent.steps:,} steps; the run {ended}", "  settings:"]
    lines += [f"    {name} = {value}" for name, value in config.to_dict().items() if name != "stop_reason"]
    latest = agent.metrics.latest()
    if latest:
        lines.append(f"  metrics after the last of {len(agent.metrics.rows)} iterations:")
        lines += [f"    {name} = {value:.6g}" for name, value in latest.items()]
    else:
        lines.append("  metrics: not recorded (an agent file from before they were kept)")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    if args.more_agents:
        return run_comparison(args)
    agent = load_for_play(args)
    level = agent.level
    base = training_episodes(level, args.episodes, args.seed)
    rows: list[tuple[str, EpisodeBatch, bool]] = [("in-distribution", base, True)]
    for text in args.shift:
        rows.append((f"shift {text}", apply_shift(parse_shift(text, level), level, base, args.seed), False))
    for path in args.episode:
        episode = load_episode(path)
        check_fits(level, episode.walls.shape, str(args.agent), str(path))
        rows.append((f"episode {path.name}", repeated(episode, args.episodes), False))
    actions = "greedy (argmax) actions" if args.greedy else "actions sampled from the policy"
    proxies = "; ".join(p.name for p in derive_proxies(level)) or "none (nothing to confuse with the goal)"
    print(f"{args.agent}: '{level.name}', {agent.steps:,} training steps, seed {agent.seed}; {actions}")
    print(f"proxies: {proxies}")
    if args.verbose:
        print(training_record(agent))
    print(format_table([(name, evaluate(agent.policy, level, batch, args.greedy, args.seed, in_dist).summary)
                        for name, batch, in_dist in rows]))
    return 0


def run_comparison(args: argparse.Namespace) -> int:
    """Several agents: load them all (refusing different grid sizes) before playing any."""
    paths = [args.agent, *args.more_agents]
    load_for_play(args)  # one torch thread
    agents = name_agents(paths, [load_agent(path) for path in paths])
    episodes = [(path, load_episode(path)) for path in args.episode]
    rows = compare_agents(agents, args.shift, episodes, args.episodes, args.seed, args.greedy)
    for named in agents:
        agent = named.agent
        print(f"{named.name}: {named.path}, '{agent.level.name}', {training_label(agent.level)}, "
              f"{agent.steps:,} training steps, seed {agent.seed}")
        proxies = "; ".join(p.name for p in derive_proxies(agent.level)) or "none (nothing to confuse with the goal)"
        print(f"  proxies: {proxies}")
        if args.verbose:
            print(training_record(agent))
    print("greedy (argmax) actions" if args.greedy else "actions sampled from the policy")
    print(format_comparison(rows))
    return 0


def format_comparison(rows: list[ComparisonRow]) -> str:
    """The table of `format_table` with the agent and its training beside each test set."""
    return format_table([((row.test, row.agent, row.trained_with), row.summary) for row in rows],
                        ("", "agent", "trained with"))


def format_table(rows: list[tuple[str | tuple[str, ...], Summary]], labels: tuple[str, ...] = ("",)) -> str:
    """A plain-text table, one row per test set (or per agent and test set, with `labels` naming the
    left-aligned columns); rates over counted episodes, '-' if none counted."""
    def pct(value: float) -> str:
        return "-" if np.isnan(value) else f"{100 * value:.1f}"

    cells = [(*labels, *COLUMNS)] + [
        ((name,) if isinstance(name, str) else name) + (
            str(s.episodes), pct(s.goal), pct(s.proxy), pct(s.capability), f"{s.mean_steps:.1f}",
            f"{s.mean_return:.2f}", str(s.excluded)) for name, s in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    return "\n".join("  ".join(cell.ljust(w) if i < len(labels) else cell.rjust(w)
                               for i, (cell, w) in enumerate(zip(row, widths))) for row in cells)

