"""Replace a file atomically: every file Goalpost writes (levels, agents, pictures, clips) goes
through here, so a crash or full disk never leaves a half-written file under the final name.

Temporaries are hidden files named `.<stem>.partial-<pid>-XXXXXXXX<suffix>` next to the target. One
left by a killed process is removed by the next write to the same folder: its process is gone (or,
for a folder shared with another machine whose processes we cannot see, it is a day old).
"""
from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path
from typing import Callable

_UMASK = os.umask(0)
os.umask(_UMASK)  # read once at import: toggling it later would race with the window's threads

TEMP_MARK = ".partial-"
TEMP_PATTERN = re.compile(r"^\..*" + re.escape(TEMP_MARK) + r"(\d+)-[a-z0-9_]{8}(\.[A-Za-z0-9]+)?$")
STALE_SECONDS = 24 * 3600
PROBE_BYTES = 64 << 10  # about one small agent file: a full disk shows up before the real write


class NotWritableError(ValueError):
    """A target that cannot be written; the message names it and the reason in one line."""


def replace_atomically(path: str | os.PathLike, write: Callable[[Path], None]) -> None:
    """Run `write(temporary)` on a fresh file next to `path` (same suffix, so encoders that go by
    the name still work), flush it to disk, give it a new file's usual permissions (mkstemp's are
    private) and rename it to `path`. The temporary is removed if anything fails; errors propagate."""
    path = Path(path)
    remove_stale_temporaries(path.parent)
    temporary = _new_temporary(path)
    try:
        write(temporary)
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        os.chmod(temporary, 0o666 & ~_UMASK)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def check_writable(path: str | os.PathLike, make_folders: bool = True) -> None:
    """Refuse a target that a later `replace_atomically` could not write: a folder, a name too long,
    a folder that cannot be made or written, or a disk too full for a small file. Creates missing
    parent folders (as the real write would) if `make_folders`, else refuses them."""
    path = Path(path)
    try:
        if not make_folders and not path.parent.is_dir():
            raise NotWritableError(f"cannot write {_short(path)}: folder {_short(path.parent)} does not exist")
        path.parent.mkdir(parents=True, exist_ok=True)
        limit = os.pathconf(path.parent, "PC_NAME_MAX") if hasattr(os, "pathconf") else 255
        if len(os.fsencode(path.name)) > limit:
            raise NotWritableError(f"cannot write {_short(path)}: the file name is longer than {limit} bytes")
        if path.is_dir():
            raise NotWritableError(f"cannot write {path}: it is a folder; give a file name, e.g. {path / 'agent.pt'}")
        remove_stale_temporaries(path.parent)
        temporary = _new_temporary(path)
        try:
            with open(temporary, "wb") as probe:
                probe.write(bytes(PROBE_BYTES))
                probe.flush()
                os.fsync(probe.fileno())
        finally:
            temporary.unlink(missing_ok=True)
    except OSError as error:
        raise NotWritableError(f"cannot write {_short(path)}: {describe_os_error(error)}") from None


def remove_stale_temporaries(folder: str | os.PathLike) -> list[Path]:
    """Delete our own temporaries in `folder` whose process has ended; returns what was removed.
    Never fails: a folder that cannot be listed is the real write's problem to report."""
    removed = []
    cutoff = time.time() - STALE_SECONDS
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                match = TEMP_PATTERN.match(entry.name)
                if match and entry.is_file(follow_symlinks=False) and (
                        not _running(int(match.group(1))) or entry.stat(follow_symlinks=False).st_mtime < cutoff):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    except OSError:
        pass
    return removed


def describe_os_error(error: OSError) -> str:
    """'no space left on device' rather than '[Errno 28] No space left on device: ...'."""
    return (error.strerror or type(error).__name__).lower()


def _short(path: Path) -> str:
    """A path for a one-line message: a 300-character name is cut in the middle."""
    text = str(path)
    return text if len(text) <= 120 else f"{text[:60]}...{text[-50:]}"


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process, or a number we cannot check: leave its file alone
    return True


def _new_temporary(path: Path) -> Path:
    """A fresh empty file next to `path`; the stem is shortened so the name stays within limits."""
    handle, name = tempfile.mkstemp(prefix=f".{path.stem[:100]}{TEMP_MARK}{os.getpid()}-", suffix=path.suffix[:16],
                                    dir=path.parent)
    os.close(handle)
    return Path(name)
