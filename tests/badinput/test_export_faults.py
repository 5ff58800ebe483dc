"""Exports: GIFs of one or identical frames, a full or read-only disk (one clean line, the earlier file
intact, the clip kept in the data folder), and temporaries left by a killed export cleaned up."""
from __future__ import annotations

import errno
import os
import time

import imageio.v3 as iio
import numpy as np
import pytest

from sandbox.atomic_file import STALE_SECONDS, TEMP_PATTERN, replace_atomically
from sandbox.media.video_file import ExportError, check_mp4_complete, gif_bytes, write_atomic, write_gif
from sandbox.resources import resource_path
from tests.badinput.cli_run import assert_clean_error, run_cli
from tests.badinput.small_disk import fill, make_read_only, small_tmpfs

AGENT = str(resource_path("agents", "coinrun.pt"))
SHORT = ["--seconds", "1", "--tile", "8", "--fps", "10"]


def frame(value: int) -> np.ndarray:
    return np.full((8, 10, 3), value, np.uint8)


@pytest.mark.parametrize("frames", [[frame(0)], [frame(5)] * 4, [frame(5), frame(5), frame(9)]],
                         ids=["one frame", "identical frames", "two equal then one"])
def test_gif_of_one_or_identical_frames(tmp_path, frames):
    path = tmp_path / "clip.gif"
    write_gif(path, frames, [100] * len(frames))
    assert iio.imread(path, index=None).shape[1:] == (8, 10, 3)


def test_gif_durations_must_match_frames():
    with pytest.raises(ExportError, match="one duration per frame"):
        gif_bytes([frame(0)], [])


def test_window_recorder_of_a_still_scene(tmp_path):
    """The window's recorder goes through the same GIF code: a recording of a still window works."""
    from sandbox.ui.recorder import Recorder

    recorder = Recorder()
    recorder.start(tmp_path / "still.mp4")
    for _ in range(5):
        recorder.offer(1 / 30, lambda: np.zeros((40, 60, 3), np.uint8))
    recorder.stop()
    recorder.wait()
    message, failed = recorder.poll()
    assert not failed, message
    assert iio.imread(tmp_path / "still.gif", index=None).shape[1:] == (40, 60, 3)


def test_export_gif_of_a_one_step_episode(tmp_path):
    """An export whose clip is one distinct frame (the shortest possible) writes its GIF."""
    result = run_cli("export", AGENT, "--out", str(tmp_path / "c.gif"), "--seconds", "0.1", "--tile", "8",
                     "--fps", "1")
    assert result.code == 0 and "Traceback" not in result.err, result.err
    assert (tmp_path / "c.gif").exists()


def test_full_disk_is_refused_before_rendering(tmp_path):
    with small_tmpfs(64) as disk:
        old = disk / "c.gif"
        old.write_bytes(b"the earlier clip")
        fill(disk)
        result = run_cli("export", AGENT, "--out", str(old), *SHORT)
        assert_clean_error(result, str(old), "no space left on device")
        assert "Exception ignored" not in result.err and old.read_bytes() == b"the earlier clip"


def test_read_only_folder_is_refused_before_rendering(tmp_path):
    with small_tmpfs(64) as disk:
        old = disk / "c.png"
        old.write_bytes(b"the earlier picture")
        make_read_only(disk)
        assert_clean_error(run_cli("export", AGENT, "--out", str(old), *SHORT), str(old), "read-only file system")
        assert old.read_bytes() == b"the earlier picture"


FILL_DURING_GIF = """
import sys, numpy as np
from sandbox.media.video_file import ExportError, write_atomic, write_gif
frames = [np.random.default_rng(i).integers(0, 255, (200, 200, 3), np.uint8) for i in range(20)]
try:
    write_atomic(sys.argv[1], lambda temporary: write_gif(temporary, frames, [100] * 20))
except ExportError as error:
    print(error)
"""


def test_disk_filling_during_a_gif_write_is_one_error_without_exception_ignored(tmp_path):
    """The disk has room for the check but not for the GIF: one ExportError, no second traceback
    from an encoder object collected later, the earlier file intact."""
    import subprocess
    import sys

    from tests.badinput.cli_run import ROOT

    with small_tmpfs(128) as disk:
        old = disk / "c.gif"
        old.write_bytes(b"the earlier clip")
        done = subprocess.run([sys.executable, "-c", FILL_DURING_GIF, str(old)], capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
        assert done.stdout.strip() == f"cannot write {old}: no space left on device", done.stdout + done.stderr
        assert done.stderr == "" and old.read_bytes() == b"the earlier clip" and os.listdir(disk) == ["c.gif"]


def test_full_disk_during_mp4_encoding_never_leaves_a_cut_file(tmp_path, monkeypatch, capsys):
    """The encoder either reports the full disk or (as a separate ffmpeg program did) only logs it, and
    the cut file is caught; either way the clip is kept in the data folder. (The check before
    rendering is skipped: the disk fills up while encoding.)"""
    import sandbox.commands.export as export
    from sandbox.commands import main

    monkeypatch.setenv("GOALPOST_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(export, "check_writable", lambda *_, **__: None)
    with small_tmpfs(16) as disk:
        old = disk / "c.mp4"
        old.write_bytes(b"the earlier clip")
        assert main(["export", AGENT, "--out", str(old), "--seconds", "4", "--tile", "32"]) == 1
        err = capsys.readouterr().err
        assert old.read_bytes() == b"the earlier clip" and list(disk.iterdir()) == [old]
        [kept] = (tmp_path / "exports").glob("c-*.mp4")
        reasons = ("no space left on device", "the video was cut short (is the disk full?)")
        assert any(f"cannot write {old}: {reason}; wrote it to {kept} instead" in err for reason in reasons), err
        check_mp4_complete(kept)


def test_write_failing_after_the_check_goes_to_the_data_folder(tmp_path, monkeypatch, capsys):
    import sandbox.commands.export as export
    from sandbox.commands import main

    monkeypatch.setenv("GOALPOST_DATA_DIR", str(tmp_path / "data"))
    old = tmp_path / "c.gif"
    old.write_bytes(b"the earlier clip")
    real = export.write_clip

    def write(clip, path, progress=False):
        if path == old:
            raise ExportError(f"cannot write {path}: no space left on device")
        real(clip, path, progress)

    monkeypatch.setattr(export, "write_clip", write)
    assert main(["export", AGENT, "--out", str(old), *SHORT]) == 1
    [kept] = (tmp_path / "data" / "exports").glob("c-*.gif")
    assert f"cannot write {old}: no space left on device; wrote it to {kept} instead" in capsys.readouterr().err
    assert old.read_bytes() == b"the earlier clip"


def test_patched_full_disk_is_one_export_error(tmp_path, monkeypatch):
    """Where no tmpfs can be mounted: a writer that raises ENOSPC gives one ExportError naming the file."""
    old = tmp_path / "c.gif"
    old.write_bytes(b"the earlier clip")

    def full(*_):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.raises(ExportError, match=f"cannot write {old}: no space left on device"):
        write_atomic(old, full)
    assert old.read_bytes() == b"the earlier clip" and os.listdir(tmp_path) == ["c.gif"]


def test_cut_mp4_is_refused(tmp_path):
    cut = tmp_path / "cut.mp4"
    cut.write_bytes((24).to_bytes(4, "big") + b"ftypisom" + bytes(12) + (5000).to_bytes(4, "big") + b"mdat")
    with pytest.raises(RuntimeError, match="cut short"):
        check_mp4_complete(cut)


def test_missing_folder_and_unknown_format(tmp_path):
    assert_clean_error(run_cli("export", AGENT, "--out", str(tmp_path / "c.webm"), *SHORT), "c.webm", "unknown format")
    missing = tmp_path / "no" / "c.gif"
    assert_clean_error(run_cli("export", AGENT, "--out", str(missing), *SHORT), str(missing), "does not exist")
    assert_clean_error(run_cli("export", AGENT, "--out", str(tmp_path), *SHORT), str(tmp_path), "folder")


def test_temporaries_of_a_killed_writer_are_removed_on_the_next_write(tmp_path):
    dead = tmp_path / ".clip.partial-999999999-abcdefgh.gif"  # no such process
    dead.write_bytes(b"left by kill -9")
    live = tmp_path / f".clip.partial-{os.getpid()}-abcdefgh.gif"  # a write still in progress here
    live.write_bytes(b"in progress")
    foreign = tmp_path / ".notes-abcdefgh.gif"  # not ours
    foreign.write_bytes(b"user file")
    replace_atomically(tmp_path / "other.png", lambda temporary: temporary.write_bytes(b"png"))
    assert not dead.exists() and live.exists() and foreign.exists()
    old = time.time() - STALE_SECONDS - 10
    os.utime(live, (old, old))  # a day old: removed even if its process number is alive again
    live.rename(tmp_path / ".clip.partial-1-abcdefgh.gif")
    replace_atomically(tmp_path / "other.png", lambda temporary: temporary.write_bytes(b"png"))
    assert sorted(p.name for p in tmp_path.iterdir()) == [".notes-abcdefgh.gif", "other.png"]


def test_kill_during_export_leaves_a_temporary_that_the_next_export_removes(tmp_path):
    import signal
    import subprocess
    import sys

    from tests.badinput.cli_run import ROOT

    out = tmp_path / "c.mp4"
    child = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "export", AGENT, "--out", str(out),
                              "--seconds", "60", "--tile", "32"], env={**os.environ, "PYTHONPATH": str(ROOT)},
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not [p for p in tmp_path.iterdir() if TEMP_PATTERN.match(p.name)] and time.monotonic() < deadline:
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait(30)
    assert [p for p in tmp_path.iterdir() if TEMP_PATTERN.match(p.name)], "killed before its temporary appeared"
    assert run_cli("export", AGENT, "--out", str(tmp_path / "d.png"), *SHORT).code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.png"]
