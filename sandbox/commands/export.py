"""`export`: a shareable clip of an agent on a moved-goal episode (MP4, GIF or PNG), rendered
without a window: the animated trajectory beside the training curve, the verdict as a caption."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import torch

from sandbox.commands.option_types import EXPORT_TILE, FPS, SECONDS, SEED, SPEED, with_range
from sandbox.atomic_file import check_writable
from sandbox.media.clip import Timing
from sandbox.media.export import ClipRequest, build_clip
from sandbox.media.versus import build_versus_clip
from sandbox.media.video_file import FORMATS, ExportError, write_clip
from sandbox.resources import data_dir
from sandbox.rl import load_agent


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("export", help="write a captioned clip of an agent on a moved-goal episode",
                                   description="Play an agent once on its level with one thing moved and write the "
                                               "animated trajectory beside the training curve, captioned with the "
                                               "verdict. Same inputs give the same frames.")
    parser.add_argument("agent", type=Path, help="agent file (.pt)")
    parser.add_argument("--versus", type=Path, metavar="AGENT", help="a second agent file (same grid size) playing "
                        "the same episode beside the first, e.g. one trained with randomized coins")
    parser.add_argument("--move", metavar="ENTITY=ROW,COL", help="move an entity of the level, e.g. coin=2,5")
    parser.add_argument("--out", type=Path, default=Path("clip.mp4"), help="file to write: .mp4, .gif or .png "
                                                                           "(default clip.mp4)")
    parser.add_argument("--gif", action="store_true", help="also write a GIF next to --out")
    parser.add_argument("--png", action="store_true", help="also write a PNG of the last step next to --out")
    parser.add_argument("--compare", action="store_true", help="show the training placement beside the moved one")
    parser.add_argument("--seed", type=SEED, default=0, help=with_range("seed of the sampled actions (default 0)", SEED))
    parser.add_argument("--greedy", action="store_true", help="play the most likely action instead of sampling")
    parser.add_argument("--fps", type=FPS, default=30, help=with_range("frames per second (default 30)", FPS))
    parser.add_argument("--seconds", type=SECONDS, default=10.0, help=with_range("clip length (default 10)", SECONDS))
    parser.add_argument("--speed", type=SPEED, default=5.0, help=with_range("agent moves per second (default 5)", SPEED))
    parser.add_argument("--tile", type=EXPORT_TILE, default=40,
                        help=with_range("pixels per cell, even (default 40)", EXPORT_TILE))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    for path in outputs(args):  # before rendering: a bad target costs nothing
        if path.suffix.lower() not in FORMATS:
            raise ExportError(f"cannot write {path}: unknown format '{path.suffix}' (use {', '.join(FORMATS)})")
        check_writable(path, make_folders=False)
    torch.set_num_threads(1)
    agent = load_agent(args.agent)
    request = ClipRequest(args.move, args.compare, args.seed, args.greedy, args.tile + args.tile % 2,
                          Timing(args.fps, args.seconds, args.speed))
    if args.versus is not None:
        clip = build_versus_clip([agent, load_agent(args.versus)], [args.agent, args.versus], request)
    else:
        clip = build_clip(agent, request, args.agent.name)
    failed = False
    for path in outputs(args):
        written = write_or_keep(clip, path)
        failed |= written != path
        print(f"wrote {written} ({clip.size[1]}x{clip.size[0]}, {len(clip)} frames at {args.fps} fps)")
    for play in (clip.plays if args.versus is not None else clip.plays[-1:]):
        print(f"verdict: {play.verdict}")
    return 1 if failed else 0


def outputs(args: argparse.Namespace) -> list[Path]:
    """--out, then the GIF and PNG asked for next to it."""
    return [args.out] + [args.out.with_suffix(s) for s, wanted in ((".gif", args.gif), (".png", args.png))
                         if wanted and args.out.suffix.lower() != s]


def write_or_keep(clip, path: Path) -> Path:
    """Write `path`; if that still fails after the check (the disk filled up meanwhile), write the
    clip to the data folder instead and say so, so the rendering is not lost. Returns where it went."""
    try:
        write_clip(clip, path, progress=path.suffix.lower() == ".mp4")
        return path
    except ExportError as error:
        if path.suffix.lower() not in FORMATS:
            raise
        fallback = data_dir() / "exports" / f"{path.stem[:120]}-{time.strftime('%Y%m%d-%H%M%S')}{path.suffix}"
        fallback.parent.mkdir(parents=True, exist_ok=True)
        write_clip(clip, fallback)
        print(f"goalpost: error: {error}; wrote it to {fallback} instead", file=sys.stderr)
        return fallback
