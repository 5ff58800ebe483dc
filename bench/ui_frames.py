"""Editor frame times while painting continuously: the window is driven headlessly by posted mouse
events, every frame moves the brush to a new cell (so every frame changes the level and re-renders
the canvas, the worst case), alternating a wall stroke with an erasing one.

Prints median, 95th percentile and worst frame time per level; the target is 60 fps (16.7 ms)
with no frame over 50 ms. Usage: python bench/ui_frames.py [--seconds 3]

With --training the window trains CoinRun in the background (started from its Train button) and
frame times are measured, paced at 60 fps like the real loop, in Train mode (live curve) and in
Test mode (testing the newest snapshot, dragging the coin to a new cell every second, each drop
starting a play); the target is a 95th percentile under 25 ms. Usage: python bench/ui_frames.py
--training [--seconds 10]

With --idle nobody touches the window: the real loop runs, paced as `App.run` paces it, first at
the full 60 fps and then at the rate `App.frame_rate` picks, and the share of one core the process
used is printed per mode with the ratio of the two. Usage: python bench/ui_frames.py --idle
[--seconds 5]
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("GOALPOST_DATA_DIR", tempfile.mkdtemp(prefix="goalpost-bench-"))

import numpy as np  # noqa: E402
import pygame  # noqa: E402

from sandbox.resources import levels_dir  # noqa: E402
from sandbox.ui import autosave, scripted_input  # noqa: E402
from sandbox.ui.app import FPS, App  # noqa: E402
from sandbox.ui.level_edits import new_level  # noqa: E402
from sandbox.world import save_level  # noqa: E402


def brush_path(shape: tuple[int, int]) -> list[tuple[int, int]]:
    """Interior cells row by row, snaking, skipping the rows and columns the entities use."""
    height, width = shape
    cells = []
    for row in range(2, height - 2):
        columns = range(2, width - 2) if row % 2 == 0 else range(width - 3, 1, -1)
        cells.extend((row, col) for col in columns)
    return cells


def paint_for(app: App, seconds: float) -> np.ndarray:
    """Frame times (seconds) of `app.step` while strokes run along `brush_path`."""
    path = brush_path(app.document.level.shape)
    times, index, button = [], 0, 1
    scripted_input.key(pygame.K_1, "1")
    app.step(1 / 60)
    scripted_input.press(app.canvas.cell_rect(path[0]).center, button)
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        index += 1
        if index == len(path):
            scripted_input.release(app.canvas.cell_rect(path[-1]).center, button)
            index, button = 0, 4 - button  # switch between painting (1) and erasing (3)
            scripted_input.press(app.canvas.cell_rect(path[0]).center, button)
        else:
            scripted_input.move(app.canvas.cell_rect(path[index]).center, button)
        start = time.perf_counter()
        app.step(1 / 60)
        times.append(time.perf_counter() - start)
    return np.array(times)


def paced_frames(app: App, seconds: float, each_second=None) -> np.ndarray:
    """Frame times (seconds) of `app.step` at 60 fps; `each_second()` runs once a second."""
    times, end, next_call = [], time.perf_counter() + seconds, 0.0
    while time.perf_counter() < end:
        if each_second is not None and time.perf_counter() >= next_call:
            each_second()
            next_call = time.perf_counter() + 1.0
        start = time.perf_counter()
        app.step(1 / 60)
        times.append(time.perf_counter() - start)
        time.sleep(max(0.0, 1 / 60 - times[-1]))
    return np.array(times)


def drag_coin(app: App, cells: list[tuple[int, int]]) -> None:
    """Drag the coin to the next cell of `cells` (one frame of the drag happens per posted event)."""
    episode = app.test_view.episode
    coin = tuple(int(v) for v in np.argwhere(episode.objects == 1)[0])
    target = cells[(cells.index(coin) + 1) % len(cells)] if coin in cells else cells[0]
    scripted_input.press(app.canvas.cell_rect(coin).center)
    scripted_input.move(app.canvas.cell_rect(target).center)
    scripted_input.release(app.canvas.cell_rect(target).center)


def report(name: str, times: np.ndarray) -> None:
    times = times * 1000
    print(f"{name:<34}{len(times):>8}{np.median(times):>11.2f}{np.percentile(times, 95):>9.2f}{times.max():>10.2f}")


def bench_training(seconds: float) -> None:
    autosave.clear_autosave()
    app = App(levels_dir() / "coinrun.json")
    print(f"{'window state':<34}{'frames':>8}{'median ms':>11}{'p95 ms':>9}{'worst ms':>10}")
    report("edit mode, idle", paced_frames(app, seconds / 2))
    app.set_mode("train")
    report("train mode entered (torch loads)", paced_frames(app, 3.0))
    app.train_panel.steps_entry.set_text("4000000")
    app.train_panel.train()
    report("train mode, process starting", paced_frames(app, 3.0))
    while not app.training.curve:
        app.step(1 / 60)
    report("train mode, training", paced_frames(app, seconds))
    app.set_mode("test")
    while app.test_view.played is None:
        app.step(1 / 60)
        time.sleep(1 / 60)
    cells = [(1, 4), (7, 4), (4, 4), (2, 6)]
    report("test mode, training, dragging", paced_frames(app, seconds, lambda: drag_coin(app, cells)))
    print(f"training reached {app.training.step:,} steps at {app.training.steps_per_second:,.0f} steps/s")
    app.close()
    pygame.display.quit()


def idle_loop(app: App, seconds: float, frame_rate) -> tuple[int, float]:
    """(frames, share of one core used) while the loop runs untouched, paced by `frame_rate()`."""
    clock, frames = pygame.time.Clock(), 0
    cpu, end = time.process_time(), time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.step(clock.tick(frame_rate()) / 1000)
        frames += 1
    return frames, (time.process_time() - cpu) / seconds


def bench_idle(seconds: float) -> None:
    autosave.clear_autosave()
    app = App(levels_dir() / "coinrun.json")
    print(f"{'mode':<8}{'frames at 60':>14}{'core %':>8}{'frames idle':>13}{'core %':>8}{'ratio':>7}")
    for mode in ("edit", "train", "test"):
        app.set_mode(mode)
        idle_loop(app, 2.0, app.frame_rate)  # settle: torch loads on entering Train, input goes quiet
        full_frames, full = idle_loop(app, seconds, lambda: FPS)
        idle_frames, idle = idle_loop(app, seconds, app.frame_rate)
        print(f"{mode:<8}{full_frames:>14}{full:>8.1%}{idle_frames:>13}{idle:>8.1%}{idle / full:>7.2f}")
    app.close()
    pygame.display.quit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--training", action="store_true", help="measure while training runs in the background")
    parser.add_argument("--idle", action="store_true", help="CPU used by an untouched window, at 60 fps and idle")
    args = parser.parse_args()
    if args.training:
        bench_training(args.seconds)
        return
    if args.idle:
        bench_idle(args.seconds)
        return
    big = os.path.join(os.environ["GOALPOST_DATA_DIR"], "big.json")
    save_level(new_level(32, 32), big)
    print(f"{'level':<22}{'frames':>8}{'median ms':>11}{'p95 ms':>9}{'worst ms':>10}{'canvas renders':>16}")
    for name, path in (("coinrun 9x9", levels_dir() / "coinrun.json"), ("maze 11x11", levels_dir() / "maze.json"),
                       ("empty 32x32", big)):
        autosave.clear_autosave()  # the previous run's unsaved strokes would be offered back
        app = App(path)
        app.step(1 / 60)
        renders = app.canvas.renders
        times = paint_for(app, args.seconds) * 1000
        print(f"{name:<22}{len(times):>8}{np.median(times):>11.2f}{np.percentile(times, 95):>9.2f}"
              f"{times.max():>10.2f}{app.canvas.renders - renders:>16}")
        pygame.display.quit()


if __name__ == "__main__":
    main()
