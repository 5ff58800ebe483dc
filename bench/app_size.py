"""Size and start-up time of the packaged app (dist/Goalpost/ from build.spec).

Prints the bundle size, its 15 largest packages and 15 largest files, then the time from launch to
the first editor frame (`--exit-after-frames 1`, headless): cold, after evicting the bundle's files
from the page cache, and warm, the best of a few runs right after.
Usage: python bench/app_size.py [--app dist/Goalpost] [--warm-runs 3]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

TOP = 15


def sizes(app: Path) -> dict[Path, int]:
    """Bytes of every regular file in the bundle (symlinks are counted once, at their target)."""
    return {path: path.stat().st_size for path in app.rglob("*") if path.is_file() and not path.is_symlink()}


def parts(app: Path, files: dict[Path, int]) -> dict[str, int]:
    """Bytes per top-level entry of the bundle's library folder (one per package, roughly)."""
    internal = app / "_internal" if (app / "_internal").is_dir() else app
    totals: dict[str, int] = {}
    for path, size in files.items():
        relative = path.relative_to(internal).parts if path.is_relative_to(internal) else (path.name,)
        totals[relative[0]] = totals.get(relative[0], 0) + size
    return totals


def evict(files: dict[Path, int]) -> None:
    """Drop the bundle's pages from the page cache, so the next start reads from disk."""
    for path in files:
        with open(path, "rb") as handle:
            os.posix_fadvise(handle.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)


def first_frame_seconds(executable: Path) -> float:
    """Wall time of a headless start that exits after drawing one frame."""
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    start = time.perf_counter()
    subprocess.run([str(executable), "--exit-after-frames", "1"], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def table(title: str, rows: list[tuple[str, int]]) -> None:
    print(f"\n{title}")
    for name, size in rows:
        print(f"  {size / 2**20:8.1f} MB  {name}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", type=Path, default=Path("dist/Goalpost"), help="the one-folder app")
    parser.add_argument("--warm-runs", type=int, default=3, help="warm starts to time (best is shown)")
    args = parser.parse_args()
    executable = args.app / ("Goalpost.exe" if sys.platform == "win32" else "Goalpost")
    if not executable.is_file():
        print(f"no app at {executable}: build it with `pyinstaller build.spec --noconfirm`", file=sys.stderr)
        return 1
    files = sizes(args.app)
    print(f"bundle: {args.app}  {sum(files.values()) / 2**20:.1f} MB in {len(files)} files")
    table(f"{TOP} largest parts", sorted(parts(args.app, files).items(), key=lambda kv: -kv[1])[:TOP])
    largest = sorted(files.items(), key=lambda kv: -kv[1])[:TOP]
    table(f"{TOP} largest files", [(str(path.relative_to(args.app)), size) for path, size in largest])
    if hasattr(os, "posix_fadvise"):
        evict(files)
    cold = first_frame_seconds(executable)
    warm = min(first_frame_seconds(executable) for _ in range(args.warm_runs))
    print(f"\nstart to first frame: cold {cold:.2f} s, warm {warm:.2f} s (best of {args.warm_runs})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
