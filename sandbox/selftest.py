"""`--selftest`: a headless check that this copy of Goalpost works end to end, from source or frozen.

Each check exercises a part a packaged app can lose (data files, the spawned training process, the
video encoder in PyAV's libraries, matplotlib's backend) and prints one line, so a broken build names its missing part.
Checks import what they use inside themselves, so a module missing from a bundle fails only its check.
"""
from __future__ import annotations

import tempfile
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import numpy as np

from sandbox.resources import default_level_path, levels_dir, resource_path

if TYPE_CHECKING:
    from sandbox.rl import Agent

TRAINING_TIMEOUT_SECONDS = 120.0
Check = Callable[[Path], str]


def check_presets(_: Path) -> str:
    """Every shipped level loads and validates."""
    from sandbox.world import load_level

    paths = sorted(levels_dir().glob("*.json"))
    if not paths:
        raise RuntimeError(f"no presets in {levels_dir()}")
    return f"{len(paths)} presets: " + ", ".join(load_level(path).name for path in paths)


def check_agents(_: Path) -> str:
    """Every shipped agent loads against the level it was trained on."""
    from sandbox.rl import load_agent

    paths = sorted(resource_path("agents").glob("*.pt"))
    if not paths:
        raise RuntimeError(f"no agents in {resource_path('agents')}")
    steps = [load_agent(path).steps for path in paths]
    return f"{len(paths)} agents: " + ", ".join(f"{p.stem} ({s:,} steps)" for p, s in zip(paths, steps))


def check_training(folder: Path) -> str:
    """A tiny run in the background process (spawn: the frozen executable restarts itself)."""
    from sandbox.rl import Done, Error, PPOConfig, TrainingProcess
    from sandbox.world import load_level

    config = PPOConfig(total_steps=4096, num_envs=8, num_steps=64, num_minibatches=4)
    out = folder / "selftest_agent.pt"
    start = time.monotonic()
    process = TrainingProcess(load_level(default_level_path()), config, seed=0, out=out).start()
    try:
        while time.monotonic() - start < TRAINING_TIMEOUT_SECONDS:
            for message in process.poll():
                if isinstance(message, Error):
                    raise RuntimeError(f"{message.message}\n{message.traceback}")
                if isinstance(message, Done):
                    if not out.is_file():
                        raise RuntimeError(f"training ended but wrote no agent at {out}")
                    return f"{message.step:,} steps in {time.monotonic() - start:.1f} s"
            time.sleep(0.05)
        raise RuntimeError(f"no result within {TRAINING_TIMEOUT_SECONDS:.0f} s")
    finally:
        process.close()


def moved_goal_cell(walls: np.ndarray, objects: np.ndarray, agent: tuple[int, int],
                    goal: tuple[int, int]) -> tuple[int, int]:
    """The free, empty cell farthest from where the goal is in training: a clear distribution shift."""
    free = [(int(r), int(c)) for r, c in np.argwhere(~walls.astype(bool) & (objects == 0)) if (r, c) != agent]
    return max(free, key=lambda cell: (abs(cell[0] - goal[0]) + abs(cell[1] - goal[1]), cell))


def coinrun_with_moved_coin() -> tuple[Agent, tuple[int, int]]:
    """The shipped CoinRun agent and the cell its coin is moved to."""
    from sandbox.rl import load_agent

    agent = load_agent(resource_path("agents", "coinrun.pt"))
    episode = agent.level.default_episode()
    return agent, moved_goal_cell(episode.walls, episode.objects, tuple(episode.agent), agent.level.entity("coin").at)


def check_rollout(_: Path) -> str:
    """The CoinRun agent plays one episode with its coin moved, and the play is classified."""
    from sandbox.analysis.single_play import play_episode
    from sandbox.media.episode_move import moved_episode

    agent, cell = coinrun_with_moved_coin()
    play = play_episode(agent.policy, agent.level, moved_episode(agent.level, "coin", cell), seed=0)
    return f"coin moved to {cell}: {play.verdict} in {len(play.cells) - 1} steps"


def check_render(_: Path) -> str:
    """A frame of the default preset is drawn."""
    from sandbox.env.rendering import render_episode
    from sandbox.world import load_level

    frame = render_episode(load_level(default_level_path()).default_episode())
    if frame.ndim != 3 or frame.shape[2] != 3 or not frame.any():
        raise RuntimeError(f"unexpected frame of shape {frame.shape}")
    return f"{frame.shape[1]}x{frame.shape[0]} frame"


def check_clip(folder: Path) -> str:
    """A short MP4 clip is written through PyAV's H.264 encoder, as `export` does, and read back."""
    import av

    from sandbox.media.clip import Timing
    from sandbox.media.export import ClipRequest, build_clip
    from sandbox.media.video_file import write_clip

    agent, (row, col) = coinrun_with_moved_coin()
    clip = build_clip(agent, ClipRequest(f"coin={row},{col}", tile=16, timing=Timing(fps=10, seconds=1.0)), "coinrun.pt")
    path = folder / "selftest_clip.mp4"
    write_clip(clip, path)
    with av.open(str(path)) as container:
        codec = container.streams.video[0].codec_context
        frames = sum(1 for _ in container.decode(video=0))
    if (codec.name, codec.pix_fmt, frames) != ("h264", "yuv420p", len(clip)):
        raise RuntimeError(f"read back {codec.name} {codec.pix_fmt} with {frames} frames, wrote {len(clip)}")
    return f"{path.stat().st_size:,} bytes, {frames} frames, {codec.name} {codec.pix_fmt}"


CHECKS: list[tuple[str, Check]] = [("presets", check_presets), ("agents", check_agents),
                                   ("training", check_training), ("rollout", check_rollout),
                                   ("render", check_render), ("clip", check_clip)]


def run_selftest(print_line: Callable[[str], None] = print) -> int:
    """Run every check in a temporary folder; 0 if all pass, else 1 with the failing checks named."""
    failed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="goalpost-selftest-") as folder:
        for name, check in CHECKS:
            try:
                print_line(f"ok  {name}  {check(Path(folder))}")
            except Exception as error:  # a failing check is reported, and the others still run
                failed.append(name)
                print_line(f"FAIL  {name}  {type(error).__name__}: {error}")
                print_line(traceback.format_exc().rstrip())
    print_line("selftest passed" if not failed else f"selftest failed: {', '.join(failed)}")
    return 1 if failed else 0
