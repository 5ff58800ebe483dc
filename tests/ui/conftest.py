"""Drive the real editor window headlessly: post the events a person would cause, step frames."""
from __future__ import annotations

import os
import shutil
import time

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import pygame  # noqa: E402
import pygame_gui  # noqa: E402
import pytest  # noqa: E402

from sandbox.resources import levels_dir  # noqa: E402
from sandbox.ui import scripted_input  # noqa: E402
from sandbox.ui.app import App  # noqa: E402


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    monkeypatch.setenv("GOALPOST_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def level_copy(tmp_path):
    """A writable copy of the CoinRun preset (9x9; agent at (4, 1), coin at (4, 7))."""
    path = tmp_path / "coinrun.json"
    shutil.copy(levels_dir() / "coinrun.json", path)
    return path


@pytest.fixture
def app(data_dir, level_copy):
    window = App(level_copy)
    frames(window)
    yield window
    window.close()
    pygame.display.quit()


def frames(app: App, count: int = 2, dt: float = 1 / 60) -> None:
    for _ in range(count):
        app.step(dt)


def centre(app: App, cell: tuple[int, int]) -> tuple[int, int]:
    return app.canvas.cell_rect(cell).center


def drag(app: App, cells: list[tuple[int, int]], button: int = 1) -> None:
    """Press on the first cell, move through the others, release on the last; one frame per move."""
    scripted_input.press(centre(app, cells[0]), button)
    frames(app, 1)
    for cell in cells[1:]:
        scripted_input.move(centre(app, cell), button)
        frames(app, 1)
    scripted_input.release(centre(app, cells[-1]), button)
    frames(app, 1)


def press_key(app: App, key: int, unicode: str = "", mod: int = 0) -> None:
    scripted_input.key(key, unicode, mod)
    frames(app, 1)


def click_widget(app: App, element) -> None:
    """Click a pygame_gui element in the middle, as a mouse would (the widget reports the press one
    frame later, and whatever reacts to it posts its own answer a frame after that)."""
    pos = element.get_abs_rect().center
    scripted_input.press(pos)
    frames(app, 1)
    scripted_input.release(pos)
    frames(app, 3)


def pick_in_file_dialog(app: App, path) -> None:
    """Type a path into the open file dialog and press its OK button."""
    dialog = app.dialogs.top
    line = dialog.file_path_text_line
    line.set_text(str(path))
    pygame.event.post(pygame.event.Event(pygame_gui.UI_TEXT_ENTRY_CHANGED, text=str(path), ui_element=line))
    frames(app, 1)
    click_widget(app, dialog.ok_button)


def pixel(app: App, cell: tuple[int, int]) -> tuple[int, int, int]:
    """Colour a quarter of the way into a cell (clear of the object drawn in its middle)."""
    rect = app.canvas.cell_rect(cell)
    return tuple(app.screen.get_at((rect.x + rect.width // 4, rect.y + rect.height // 4)))[:3]


def wait_until(app: App, condition, timeout: float = 60.0) -> None:
    """Step frames (about 60 a second, as the real loop would) until `condition()` holds."""
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out waiting for the window"
        frames(app, 1)
        time.sleep(1 / 60)


def tiny_config(total_steps: int):
    """PPO settings small enough that a test sees progress within a second or two."""
    from sandbox.rl import PPOConfig

    return PPOConfig(total_steps=total_steps, num_envs=8, num_steps=32, num_minibatches=4)


@pytest.fixture(scope="package")
def tiny_agent(tmp_path_factory):
    """An agent file trained for a few seconds on CoinRun: competent enough to move, never perfect."""
    import torch

    from sandbox.rl import Trainer, agent_from_trainer, save_agent
    from sandbox.world import load_level

    torch.set_num_threads(1)  # two threads on a busy two-core machine stall each other badly
    trainer = Trainer(load_level(levels_dir() / "coinrun.json"), tiny_config(6144), seed=0)
    while not trainer.finished:
        trainer.train_iteration()
    path = tmp_path_factory.mktemp("agents") / "tiny.pt"
    save_agent(agent_from_trainer(trainer), path)
    return path
