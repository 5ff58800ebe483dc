"""Read a user's file with a size limit: only regular files, never more than `limit` bytes.

Every file Goalpost reads on a user's say-so (levels, agents) comes through here, so `/dev/zero`
cannot fill memory and a FIFO cannot block the reader forever: the file is opened non-blocking and
checked with `fstat` on the open handle (no window between the check and the read).
"""
from __future__ import annotations

import os
import stat


class FileRefused(ValueError):
    """The file cannot be read as asked; `problem` says why in words a user can act on."""

    def __init__(self, problem: str, missing: bool = False):
        self.problem = problem
        self.missing = missing
        super().__init__(problem)


def describe_size(size: int) -> str:
    return f"{size / 2**20:.0f} MB" if size >= 2**20 else f"{size / 2**10:.0f} KB"


def read_bounded(path: str | os.PathLike, limit: int) -> bytes:
    """The whole content of regular file `path`, at most `limit` bytes; otherwise `FileRefused`."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError as error:
        raise FileRefused(f"cannot read the file: {error.strerror}", missing=True) from None
    except IsADirectoryError:
        raise FileRefused("is a folder, not a file") from None
    except OSError as error:
        raise FileRefused(f"cannot read the file: {error.strerror or error}") from None
    try:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            raise FileRefused("is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused("is not a regular file (a device, pipe or socket); only files are read")
        if info.st_size > limit:
            raise FileRefused(f"is {describe_size(info.st_size)}, more than the {describe_size(limit)} allowed")
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(handle, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:  # the file grew while being read
            raise FileRefused(f"is more than the {describe_size(limit)} allowed")
        return b"".join(chunks)
    except OSError as error:
        raise FileRefused(f"cannot read the file: {error.strerror or error}") from None
    finally:
        os.close(handle)
