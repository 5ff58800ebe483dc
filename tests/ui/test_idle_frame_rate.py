"""An untouched window with nothing moving drops from 60 to 15 frames a second; input, a play being
walked through and pending background work bring back 60. Driven with posted events and frame
durations, so no clock is read."""
from __future__ import annotations

import threading

import pygame

from sandbox.ui import scripted_input
from tests.ui.conftest import centre, click_widget, drag, frames, wait_until
from tests.ui.test_demo import demo  # noqa: F401 (fixture)
from tests.ui.test_test_mode import settled, testing  # noqa: F401 (fixture)


def quiet_frames(app, count: int, dt: float = 0.25) -> list[int]:
    """The frame rate the loop would pick after each of `count` frames with no input."""
    rates = []
    for _ in range(count):
        app.step(dt)
        rates.append(app.frame_rate())
    return rates


def test_a_second_without_input_drops_the_editor_to_15_and_a_key_brings_back_60(app):
    scripted_input.move(centre(app, (4, 4)))
    frames(app, 1)
    assert app.frame_rate() == 60
    assert quiet_frames(app, 5) == [60, 60, 60, 15, 15]  # 0.25, 0.5, 0.75 s quiet, then 1.0 and 1.25
    scripted_input.key(pygame.K_2, "2")
    frames(app, 1)
    assert app.frame_rate() == 60
    scripted_input.move(centre(app, (4, 5)))
    frames(app, 1)
    assert quiet_frames(app, 2, dt=0.6) == [60, 15]


def test_pending_background_work_keeps_60_until_it_is_answered(app):
    release, answers = threading.Event(), []
    app.background.run(release.wait, answers.append, answers.append)
    try:
        assert quiet_frames(app, 6) == [60] * 6
    finally:
        release.set()  # else closing the window would wait for the job for ever
    wait_until(app, lambda: answers)
    assert answers == [True] and app.frame_rate() == 15


def test_a_play_keeps_60_while_it_walks_and_15_once_it_stops_or_pauses(testing):  # noqa: F811 (the fixture)
    app, view = testing, testing.test_view
    drag(app, [(4, 1), (3, 1), (2, 1), (1, 1)])  # the start 3 rows and 6 columns from the coin
    wait_until(app, lambda: settled(app))
    last = len(view.played.cells) - 1
    assert last >= 9  # no walk from (1, 1) to the coin at (4, 7) is shorter; a miss walks all 64
    scripted_input.key(pygame.K_HOME)  # back to the first step, in a frame 1/60 s long
    frames(app, 1, dt=1 / 60)
    rates = quiet_frames(app, last // 2 + 2)  # 2 steps of the walk per 0.25 s frame (8 steps/s)
    shown = [8 / 60 + 2 * k for k in range(1, len(rates) + 1)]
    assert rates == [60 if k < 4 or step < last else 15 for k, step in enumerate(shown, start=1)]
    assert 15 in rates[3:] and rates[3] == 60  # quiet for 1 s while still walking, then stopped
    scripted_input.key(pygame.K_HOME)
    frames(app, 1, dt=1 / 60)
    scripted_input.key(pygame.K_SPACE)  # pause at once
    frames(app, 1, dt=1 / 60)
    assert view.paused and quiet_frames(app, 4) == [60, 60, 60, 15]


def test_recording_keeps_60_and_stopping_it_lets_the_window_rest(app, data_dir):
    record = app.mode_bar.actions["record"]
    click_widget(app, record)
    assert app.exports.recorder.recording
    assert quiet_frames(app, 6) == [60] * 6
    click_widget(app, record)
    app.exports.recorder.wait()
    assert not app.exports.recorder.recording and quiet_frames(app, 4) == [60, 60, 60, 15]


def test_the_workshop_demo_keeps_60(demo):  # noqa: F811 (the fixture)
    assert quiet_frames(demo, 6) == [60] * 6
