"""How long `export` takes for a 10-second, 30 fps clip of the shipped CoinRun agent (target: under
10 s on two cores), MP4 and GIF, and how big the files are."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

import torch

from sandbox.media.clip import Timing
from sandbox.media.export import ClipRequest, build_clip
from sandbox.media.video_file import write_clip
from sandbox.resources import resource_path
from sandbox.rl import load_agent


def main() -> None:
    torch.set_num_threads(1)
    with tempfile.TemporaryDirectory(prefix="goalpost-bench-") as folder:
        for suffix in (".mp4", ".gif"):
            start = time.perf_counter()
            agent = load_agent(resource_path("agents", "coinrun.pt"))
            clip = build_clip(agent, ClipRequest("coin=2,5", compare=True, timing=Timing(30, 10.0)), "coinrun.pt")
            out = Path(folder) / f"clip{suffix}"
            write_clip(clip, out)
            seconds = time.perf_counter() - start
            print(f"{suffix[1:]}: {len(clip)} frames {clip.size[1]}x{clip.size[0]} in {seconds:.2f} s "
                  f"({len(clip) / seconds:.0f} frames/s), {out.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
