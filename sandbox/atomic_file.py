"""Replace a file atomically: every file Goalpost writes (levels, agents, pictures, clips) goes
through here, so a crash or full disk never leaves a half-written file under the final name."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

_UMASK = os.umask(0)
os.umask(_UMASK)  # read once at import: toggling it later would race with the window's threads


def replace_atomically(path: str | os.PathLike, write: Callable[[Path], None]) -> None:
    """Run `write(temporary)` on a fresh file next to `path` (same suffix, so encoders that go by
    the name still work), flush it to disk, give it a new file's usual permissions (mkstemp's are
    private) and rename it to `path`. The temporary is removed if anything fails; errors propagate."""
    path = Path(path)
    handle, name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        os.chmod(temporary, 0o666 & ~_UMASK)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
