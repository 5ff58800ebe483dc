"""Pictures and clips from the window: F12, the canvas alone, and recording off the UI thread."""
from __future__ import annotations

import imageio.v2 as imageio
import pygame

from sandbox.resources import resource_path
from tests.ui.conftest import click_widget, frames, press_key, wait_until
from tests.ui.test_test_mode import load_agent_file


def exported(data_dir, pattern: str) -> list:
    return sorted((data_dir / "exports").glob(pattern))


def test_f12_saves_a_png_the_size_of_the_window(app, data_dir):
    press_key(app, pygame.K_F12)
    [path] = exported(data_dir, "goalpost-window-*.png")
    assert imageio.imread(path).shape[:2] == (app.screen.get_height(), app.screen.get_width())
    assert str(path) in app.status.text


def test_shift_f12_saves_the_canvas_alone_scaled_up_crisply(app, data_dir):
    press_key(app, pygame.K_F12, mod=pygame.KMOD_SHIFT)
    [path] = exported(data_dir, "goalpost-canvas-*.png")
    picture = imageio.imread(path)
    rect = app.canvas.picture_rect
    assert picture.shape[:2] == (rect.height * 4, rect.width * 4)
    assert (picture[::4, ::4] == picture[1::4, 1::4]).all()  # nearest neighbour: each pixel a 4x4 block


def test_the_png_button_saves_too(app, data_dir):
    click_widget(app, app.mode_bar.actions["screenshot"])
    assert len(exported(data_dir, "goalpost-window-*.png")) == 1


def test_recording_writes_mp4_and_gif_and_never_drops_a_frame(app, data_dir):
    load_agent_file(app, resource_path("agents", "coinrun.pt"))
    click_widget(app, app.mode_bar.modes["test"])
    wait_until(app, lambda: app.test_view.played is not None)
    click_widget(app, app.mode_bar.actions["record"])
    assert app.exports.recorder.recording and app.mode_bar.actions["record"].text == "Stop recording"
    assert app.mode_bar.recording_dot.visible
    recorder = app.exports.recorder
    before = recorder.frames
    frames(app, 45, dt=1 / 30)  # one recording frame due per window frame
    assert (recorder.frames - before, recorder.dropped) == (45, 0)  # encoding runs aside, nothing is lost
    press_key(app, pygame.K_r, "r", pygame.KMOD_CTRL)
    app.exports.recorder.wait()
    frames(app, 1)
    [mp4] = exported(data_dir, "goalpost-clip-*.mp4")
    assert "Recording saved" in app.status.text and mp4.with_suffix(".gif").exists()
    with imageio.get_reader(mp4, format="FFMPEG") as reader:
        first = reader.get_data(0)
        count = reader.count_frames()
    assert count == recorder.frames and first.shape[0] % 2 == 0 and first.shape[1] % 2 == 0
    assert first.shape[1] >= app.canvas.picture_rect.width + app.test_panel.curve.rect.width - 1
