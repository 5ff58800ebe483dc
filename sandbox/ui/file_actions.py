"""New, Open, Save, Save As, presets and the autosave, with unsaved work never dropped silently.

Every action that would replace the level asks first when there are unsaved changes. Shipped
presets are treated as read-only: Save on a preset asks for a new file name instead.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from sandbox.resources import levels_dir
from sandbox.ui import autosave
from sandbox.ui.dialogs import Dialogs
from sandbox.ui.document import Document
from sandbox.ui.level_edits import new_level
from sandbox.world import LevelError

AUTOSAVE_SECONDS = 3.0


class FileActions:
    def __init__(self, document: Document, dialogs: Dialogs, on_message: Callable[[str, bool], None]):
        self.document, self.dialogs, self.on_message = document, dialogs, on_message
        self.on_preset: Callable[[str], None] | None = None  # told after a preset opened (to offer its agent)
        self._autosaved_version: int | None = None
        self._since_autosave = 0.0

    def guard(self, doing: str, action: Callable[[], None]) -> None:
        """Run `action`, after asking whether to discard unsaved changes if there are any."""
        if not self.document.dirty:
            action()
            return
        self.dialogs.confirm("Unsaved changes", f"{self.document.title} has unsaved changes. "
                             f"Discard them and {doing}?", "Discard", action)

    def new(self) -> None:
        self.guard("start a new level", lambda: self.document.replace(new_level(), None))

    def open(self) -> None:
        start = self.document.path.parent if self.document.path is not None else levels_dir()
        self.guard("open another level", lambda: self.dialogs.pick_file(
            "Open level", start, self.open_path, existing_only=True))

    def open_preset(self, name: str) -> None:
        self.guard(f"open the {name} preset", lambda: self.open_path(levels_dir() / f"{name}.json"))

    def open_path(self, path: Path) -> None:
        """Open a level file; a broken one is explained in a dialog and the current level stays."""
        try:
            self.document.open(path)
        except LevelError as error:
            self.dialogs.message("Cannot open this level", str(error))
            return
        self.on_message(f"Opened {path}", False)
        if _is_preset(path) and self.on_preset is not None:
            self.on_preset(Path(path).stem)

    def save(self) -> None:
        path = self.document.path
        if path is None or _is_preset(path):
            self.save_as()
        else:
            self.save_to(path)

    def save_as(self) -> None:
        path = self.document.path
        try:
            folder = autosave.levels_folder() if path is None or _is_preset(path) else path.parent
        except OSError as error:  # a read-only or full data folder: let the person choose another
            folder = Path.home()
            self.on_message(f"Cannot use the levels folder {autosave.data_dir() / 'levels'}: "
                            f"{error.strerror or error}. Choose another folder.", True)
        name = (path.name if path is not None else f"{self.document.level.name.lower().replace(' ', '_')}.json")
        self.dialogs.pick_file("Save level as", folder / name, lambda chosen: self.save_to(chosen, rename=True),
                               existing_only=False)

    def save_to(self, path: Path, rename: bool = False) -> None:
        """Save to `path`; `rename` (Save As) names the level after the file, so agents trained on it
        afterwards are named after it too."""
        path = path if path.suffix == ".json" else path.with_suffix(".json")
        level, old_name = self.document.level, self.document.level.name
        if rename:
            level.name = path.stem
        try:
            self.document.save(path)
        except LevelError as error:
            level.name = old_name
            self.dialogs.message("Cannot save here", str(error))
            return
        self.on_message(f"Saved {path}", False)

    def offer_autosave(self) -> None:
        """After a crash, offer the autosaved level back."""
        level, notice = autosave.read_autosave()
        if notice is not None:
            self.dialogs.message("Autosave", notice)
        if level is None:
            return
        self.dialogs.confirm("Restore unsaved work?", f"Goalpost closed with unsaved work last time (a crash, "
                             f"Ctrl+C or a logout). Restore the unsaved level '{level.name}'?", "Restore",
                             lambda: self.document.replace(level, None, saved=False))

    def tick(self, dt: float) -> None:
        """Keep the autosave in step with unsaved work (none while a dialog is asking something)."""
        self._since_autosave += dt
        if self._since_autosave < AUTOSAVE_SECONDS or self.dialogs.is_open:
            return
        self._since_autosave = 0.0
        if self._autosaved_version == self.document.version:
            return
        self._autosaved_version = self.document.version
        try:
            self._write_autosave()
        except (LevelError, OSError) as error:
            self.on_message(f"Autosave failed: {error}", True)

    def _write_autosave(self) -> None:
        """The autosave holds the unsaved level, or is gone when there is none."""
        if self.document.dirty:
            autosave.write_autosave(self.document.level)
        else:
            autosave.clear_autosave()

    def quit_keeping_unsaved_work(self, then: Callable[[], None]) -> None:
        """Close without asking: unsaved work goes to the autosave, which the next start offers back."""
        try:
            self._write_autosave()
        except (LevelError, OSError):
            pass  # the window is closing, nobody to tell: the last periodic autosave stands
        then()

    def quit(self, then: Callable[[], None]) -> None:
        def close() -> None:
            autosave.clear_autosave()
            then()
        self.guard("quit", close)


def _is_preset(path: Path) -> bool:
    return Path(path).resolve().parent == levels_dir().resolve()
