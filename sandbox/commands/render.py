"""`render`: a picture of a level with its training regions shaded, or of sampled training episodes."""
from __future__ import annotations

import argparse
import math
from pathlib import Path

import numpy as np

from sandbox.commands.option_types import RENDER_TILE, SAMPLES, SEED, with_range
from sandbox.env.rendering import render_episode, render_level, tile_pictures
from sandbox.world import load_level, sample_episodes


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("render", help="write a PNG of a level (and sampled training episodes)",
                                   description="Write a PNG of a level with its training regions shaded.")
    parser.add_argument("level", type=Path, help="level file (JSON)")
    parser.add_argument("--out", type=Path, default=Path("level.png"), help="PNG to write (default: level.png)")
    parser.add_argument("--sample", type=SAMPLES, default=0, metavar="K",
                        help=with_range("also show K episodes sampled from the training distribution", SAMPLES))
    parser.add_argument("--seed", type=SEED, default=0, help=with_range("seed of the sampled episodes (default 0)", SEED))
    parser.add_argument("--tile", type=RENDER_TILE, default=32, help=with_range("pixels per cell (default 32)", RENDER_TILE))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    render_to_file(args.level, args.out, args.sample, args.seed, args.tile)
    extra = f" and {args.sample} sampled episodes (seed {args.seed})" if args.sample else ""
    print(f"wrote {args.out} ({load_level(args.level).name}{extra})")
    return 0


def level_sheet(level_path: Path, samples: int = 0, seed: int = 0, tile: int = 32) -> np.ndarray:
    """uint8[H, W, 3]: the level with regions shaded, then `samples` training episodes, in a grid."""
    level = load_level(level_path)
    pictures = [render_level(level, tile)]
    if samples:
        batch = sample_episodes(level, seed, samples)
        pictures += [render_episode(batch.episode(i), tile) for i in range(samples)]
    columns = min(len(pictures), max(1, math.ceil(math.sqrt(len(pictures)))))
    return tile_pictures(pictures, columns)


def render_to_file(level_path: Path, out: Path, samples: int = 0, seed: int = 0, tile: int = 32) -> None:
    import imageio.v3 as iio

    from sandbox.world.level_file import write_bytes_atomic

    sheet = level_sheet(Path(level_path), samples, seed, tile)
    write_bytes_atomic(out, iio.imwrite("<bytes>", sheet, extension=".png"))
