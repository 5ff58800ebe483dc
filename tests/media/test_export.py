"""Export a clip headlessly and read it back: frames, size, movement, caption; failures are one line."""
from __future__ import annotations

import imageio.v2 as imageio
import numpy as np
import pytest

from sandbox.commands import main
from sandbox.media import video_file
from sandbox.media.clip import Timing
from sandbox.media.export import ClipRequest, build_clip
from sandbox.resources import resource_path
from sandbox.rl import load_agent

AGENT = resource_path("agents", "coinrun.pt")


@pytest.fixture(scope="module")
def agent():
    return load_agent(AGENT)


def read_frames(path) -> list[np.ndarray]:
    with imageio.get_reader(path, format="FFMPEG") as reader:
        return [frame for frame in reader]


def test_mp4_read_back_has_every_frame_a_moving_agent_and_a_caption(tmp_path, capsys):
    out = tmp_path / "clip.mp4"
    assert main(["export", str(AGENT), "--move", "coin=2,5", "--out", str(out), "--fps", "10", "--seconds", "3"]) == 0
    frames = read_frames(out)
    assert len(frames) == 30
    height, width, _ = frames[0].shape
    assert height % 2 == 0 and width % 2 == 0
    grid = (slice(114, 114 + 9 * 40), slice(16, 16 + 9 * 40))
    assert np.abs(frames[0][grid].astype(int) - frames[5][grid].astype(int)).max() > 100  # the agent moved
    caption = frames[0][8:36, 16:400]
    assert (caption.max(axis=2) < 90).sum() > 300  # dark text on the light background
    assert "verdict:" in capsys.readouterr().out


def test_same_inputs_give_the_same_frames(agent):
    request = ClipRequest("coin=2,5", compare=True, seed=3, timing=Timing(10, 2.0))
    first, second = build_clip(agent, request, "a.pt"), build_clip(agent, request, "a.pt")
    assert all(np.array_equal(a, b) for a, b in zip(first, second))


def test_gif_of_ten_seconds_stays_small(agent, tmp_path):
    out = tmp_path / "clip.gif"
    video_file.write_clip(build_clip(agent, ClipRequest("coin=2,5", compare=True), "a.pt"), out)
    assert out.stat().st_size < 500_000
    assert imageio.mimread(out)[0].shape[:2] == build_clip(agent, ClipRequest("coin=2,5", compare=True), "a.pt").size


def test_unwritable_path_is_one_clear_line_and_leaves_no_file(tmp_path, capsys):
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("")
    out = blocker / "clip.mp4"
    assert main(["export", str(AGENT), "--out", str(out), "--seconds", "1"]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("goalpost: error: cannot write") and "\n" not in error
    assert not out.exists()


def test_encoder_failure_leaves_neither_the_file_nor_its_temporary(agent, tmp_path, monkeypatch):
    def full_disk(clip, path, progress):
        path.write_bytes(b"half a video")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(video_file, "_write_mp4", full_disk)
    out = tmp_path / "clip.mp4"
    with pytest.raises(video_file.ExportError, match="no space left on device"):
        video_file.write_clip(build_clip(agent, ClipRequest(timing=Timing(10, 1.0)), "a.pt"), out)
    assert list(tmp_path.iterdir()) == []


def test_bad_move_is_a_user_error(tmp_path, capsys):
    assert main(["export", str(AGENT), "--move", "coin=0,0", "--out", str(tmp_path / "c.png")]) == 2
    assert "not a free cell" in capsys.readouterr().err
