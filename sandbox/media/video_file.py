"""Write a clip as MP4 (H.264, yuv420p: plays everywhere), GIF (merged repeated frames, so a 10 s
clip stays a few hundred KB) or PNG (its last frame), always through a temporary file in the
target folder renamed into place, so a failed write never leaves a half file under the final name.
"""
from __future__ import annotations

import io
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from sandbox.atomic_file import replace_atomically

FORMATS = (".mp4", ".gif", ".png")


class ExportError(ValueError):
    """A clip could not be written; the message names the file and the reason in one line."""


def write_clip(clip, path: Path, progress: bool = False) -> None:
    """Write `clip` (a `Clip`: frames, runs, timing) in the format its suffix names."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(f"cannot write {path}: unknown format '{suffix}' (use {', '.join(FORMATS)})")
    writer = {".mp4": _write_mp4, ".gif": _write_gif, ".png": _write_png}[suffix]
    write_atomic(path, lambda temporary: writer(clip, temporary, progress))


def write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Run `write(temporary)` on a fresh file next to `path`, then rename it to `path`."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"cannot write {path}: folder {folder} does not exist")

    def write_checked(temporary: Path) -> None:
        write(temporary)
        if path.suffix.lower() == ".mp4":
            check_mp4_complete(temporary)

    try:
        replace_atomically(path, write_checked)
    except (OSError, RuntimeError) as error:
        raise ExportError(f"cannot write {path}: {_reason(error)}") from None


def check_mp4_complete(path: Path) -> None:
    """An encoder may report a full disk only in its log and finish as if it had succeeded, leaving a
    file cut short: walk the top-level boxes and require that they fill the file exactly and include the
    index ('moov') a player needs."""
    size, offset, kinds = path.stat().st_size, 0, set()
    with open(path, "rb") as file:
        while offset < size:
            file.seek(offset)
            header = file.read(16)
            length = int.from_bytes(header[:4], "big") if len(header) >= 8 else 0
            if length == 1 and len(header) == 16:
                length = int.from_bytes(header[8:16], "big")
            if length < 8 or offset + length > size:
                break
            kinds.add(header[4:8])
            offset += length
    if offset != size or b"moov" not in kinds:
        raise RuntimeError("the video was cut short (is the disk full?)")


def _reason(error: Exception) -> str:
    """The first line of an encoder's complaint (ffmpeg's run to many lines)."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    first = str(error).strip().splitlines()
    return first[0] if first else type(error).__name__


def _frames(clip, progress: bool) -> Iterable[np.ndarray]:
    if not progress:
        return iter(clip)
    from tqdm import tqdm

    return tqdm(clip, total=len(clip), unit="frame", desc="encoding", leave=False)


def mp4_writer(path: Path, fps: int) -> Mp4Writer:
    """A writer taking uint8[H, W, 3] frames as H.264 in yuv420p (use it in a `with` block)."""
    return Mp4Writer(path, fps)


class Mp4Writer:
    """H.264 (libx264, CRF 20, preset veryfast) in yuv420p through PyAV, whose wheel carries the
    libav libraries, so no separate ffmpeg program ships with the app. yuv420p halves the colour
    resolution, so odd heights or widths are padded by repeating the last row or column: every
    player accepts the file. Encoder errors that are not OSErrors become RuntimeErrors, which
    `write_atomic` turns into one line."""

    def __init__(self, path: Path, fps: int):
        import av

        self._av = av
        self._container = av.open(str(path), mode="w", format="mp4")
        self._stream = None
        self._fps = int(fps)

    def append_data(self, frame: np.ndarray) -> None:
        frame = _even_sized(frame)
        with self._encoder_errors():
            if self._stream is None:
                self._stream = self._open_stream(frame.shape[1], frame.shape[0])
            picture = self._av.VideoFrame.from_ndarray(np.ascontiguousarray(frame), format="rgb24")
            self._container.mux(self._stream.encode(picture.reformat(format="yuv420p")))

    def close(self) -> None:
        """Flush the encoder and finish the file (a writer that saw no frame writes nothing)."""
        try:
            with self._encoder_errors():
                if self._stream is not None:
                    self._container.mux(self._stream.encode(None))
        finally:
            self._container.close()

    def __enter__(self) -> Mp4Writer:
        return self

    def __exit__(self, error_type, *_) -> None:
        if error_type is None:
            self.close()
        else:  # the encoder already failed: flushing it would only raise again over the first error
            self._container.close()

    def _open_stream(self, width: int, height: int):
        stream = self._container.add_stream("libx264", rate=self._fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = {"preset": "veryfast", "crf": "20"}
        return stream

    @contextmanager
    def _encoder_errors(self):
        try:
            yield
        except self._av.FFmpegError as error:
            if isinstance(error, OSError):
                raise
            raise RuntimeError(error.strerror or str(error)) from error


def _even_sized(frame: np.ndarray) -> np.ndarray:
    """uint8[H, W, 3] padded to even H and W by repeating its last row and column."""
    pad = ((0, frame.shape[0] % 2), (0, frame.shape[1] % 2), (0, 0))
    return np.pad(frame, pad, mode="edge") if any(after for _, after in pad) else frame


def write_gif(path: Path, frames: list[np.ndarray], durations_ms: list[int]) -> None:
    """A looping GIF of uint8[H, W, 3] frames, one palette per frame. Equal neighbours are merged
    into one longer frame (what keeps it small). Encoded in memory and written in one go, so a
    full disk is one OSError here rather than a second one when an encoder object is collected."""
    write_bytes(path, gif_bytes(frames, durations_ms))


def gif_bytes(frames: list[np.ndarray], durations_ms: list[int]) -> bytes:
    """The GIF file's bytes; one frame (or all equal) gives a still GIF with the summed duration."""
    from PIL import Image

    if not frames or len(frames) != len(durations_ms):
        raise ExportError(f"a GIF needs one duration per frame and at least one frame, got {len(frames)} "
                          f"frames and {len(durations_ms)} durations")
    merged: list[tuple[np.ndarray, int]] = []
    for frame, duration in zip(frames, durations_ms):
        if merged and np.array_equal(merged[-1][0], frame):
            merged[-1] = (merged[-1][0], merged[-1][1] + int(duration))
        else:
            merged.append((frame, int(duration)))
    images = [Image.fromarray(np.ascontiguousarray(frame)) for frame, _ in merged]
    durations = [duration for _, duration in merged]
    buffer = io.BytesIO()
    if len(images) == 1:  # Pillow's single-frame path takes one duration, not a list
        images[0].save(buffer, format="GIF", duration=durations[0], loop=0)
    else:
        images[0].save(buffer, format="GIF", save_all=True, append_images=images[1:], duration=durations, loop=0)
    return buffer.getvalue()


def write_bytes(path: Path, data: bytes) -> None:
    with open(path, "wb") as file:
        file.write(data)


def _write_mp4(clip, path: Path, progress: bool) -> None:
    with mp4_writer(path, clip.timing.fps) as writer:
        for frame in _frames(clip, progress):
            writer.append_data(frame)


def _write_gif(clip, path: Path, progress: bool) -> None:
    runs = clip.runs()
    write_gif(path, [frame for frame, _ in runs], [round(1000 * count / clip.timing.fps) for _, count in runs])


def _write_png(clip, path: Path, progress: bool) -> None:
    import imageio.v3 as iio

    last = max(range(len(clip)), key=lambda index: sum(clip.steps_at(index)))
    write_bytes(path, iio.imwrite("<bytes>", clip.frame(last), extension=".png"))
