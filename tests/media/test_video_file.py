"""MP4 and GIF writing read back: codec, pixel format, size, frame count and colours survive."""
from __future__ import annotations

import av
import imageio.v3 as iio
import numpy as np
import pytest

from sandbox.media.video_file import ExportError, mp4_writer, write_atomic, write_gif

COLOURS = [(220, 30, 30), (30, 200, 60), (40, 70, 210)]
HEIGHT, WIDTH = 37, 51  # odd on purpose: yuv420p needs even sides, so the writer pads
TOLERANCE = 6  # H.264 at CRF 20 and the RGB <-> YUV round trip move a flat colour by a few levels


def solid_frames(height: int = HEIGHT, width: int = WIDTH) -> list[np.ndarray]:
    return [np.full((height, width, 3), colour, np.uint8) for colour in COLOURS]


def write_mp4(path, frames, fps: int = 10) -> None:
    with mp4_writer(path, fps) as writer:
        for frame in frames:
            writer.append_data(frame)


def test_mp4_is_h264_yuv420p_with_every_frame_and_its_colour(tmp_path):
    path = tmp_path / "solid.mp4"
    write_mp4(path, solid_frames())
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        assert stream.codec_context.pix_fmt == "yuv420p"
        assert (stream.width, stream.height) == (WIDTH + 1, HEIGHT + 1)
        decoded = [frame.to_ndarray(format="rgb24") for frame in container.decode(stream)]
    assert len(decoded) == len(COLOURS)
    for frame, colour in zip(decoded, COLOURS):
        assert frame.shape == (HEIGHT + 1, WIDTH + 1, 3)
        assert np.abs(frame.astype(int) - colour).max() <= TOLERANCE, (frame.reshape(-1, 3).mean(axis=0), colour)


def test_mp4_of_even_frames_keeps_their_size_and_rate(tmp_path):
    path = tmp_path / "even.mp4"
    write_mp4(path, solid_frames(40, 64), fps=25)
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        assert (stream.width, stream.height, stream.average_rate) == (64, 40, 25)


def test_mp4_through_write_atomic_keeps_only_the_final_file(tmp_path):
    path = tmp_path / "clip.mp4"
    write_atomic(path, lambda temporary: write_mp4(temporary, solid_frames()))
    assert [entry.name for entry in tmp_path.iterdir()] == ["clip.mp4"]
    with av.open(str(path)) as container:
        assert container.streams.video[0].frames == len(COLOURS)


def test_encoder_refusal_is_one_export_error(tmp_path):
    def write(temporary):
        with mp4_writer(temporary, fps=10) as writer:  # wider than H.264 allows: libx264 refuses
            writer.append_data(np.zeros((2, 40_000, 3), np.uint8))

    with pytest.raises(ExportError, match="cannot write") as caught:
        write_atomic(tmp_path / "bad.mp4", write)
    assert "\n" not in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_gif_keeps_its_frames_colours_and_durations(tmp_path):
    path = tmp_path / "solid.gif"
    write_gif(path, solid_frames(), [100, 200, 300])
    frames = iio.imread(path, index=None)
    assert frames.shape[:3] == (len(COLOURS), HEIGHT, WIDTH)
    for frame, colour in zip(frames, COLOURS):
        assert np.array_equal(frame[..., :3].reshape(-1, 3)[0], colour)
    durations = [iio.immeta(path, index=index)["duration"] for index in range(len(COLOURS))]
    assert durations == [100, 200, 300]
