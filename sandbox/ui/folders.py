"""Show a folder in the system's file manager (where a trained agent was saved)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def open_folder(folder: Path) -> None:
    """Open `folder` in the file manager; OSError (with a message a user can act on) if none can."""
    folder = Path(folder)
    if not folder.is_dir():
        raise OSError(f"the folder {folder} does not exist (any more)")
    if sys.platform.startswith("win"):
        os.startfile(folder)  # noqa: S606 - the platform's own way to open a folder
        return
    opener = "open" if sys.platform == "darwin" else "xdg-open"
    try:
        subprocess.Popen([opener, str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except FileNotFoundError as error:
        raise OSError(f"no file manager found ({opener} is missing); the folder is {folder}") from error
