"""The editing tools, their number keys and what each tells the user, in one table.

The palette, the key handling, the status bar and the help overlay all read this table, so a tool
cannot appear in one and be missing from another.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tool:
    name: str
    label: str
    key: str
    tooltip: str
    hint: str


TOOLS = (
    Tool("wall", "Wall", "1", "Wall (1): paint walls", "Wall: click or drag to paint walls; right-drag erases."),
    Tool("erase", "Erase", "2", "Erase (2): remove walls and things", "Erase: click or drag to remove walls and things."),
    Tool("agent", "Agent start", "3", "Agent start (3): move where the agent starts",
         "Agent start: click or drag to move it. Select it and use Region to widen where it starts."),
    Tool("coin", "Coin", "4", "Coin (4): place a coin, the usual goal", "Coin: click to place, drag to move."),
    Tool("key", "Key", "5", "Key (5): place a key (opens a chest)", "Key: click to place, drag to move."),
    Tool("chest", "Chest", "6", "Chest (6): place a chest (needs a key)", "Chest: click to place, drag to move."),
    Tool("marker", "Marker", "7", "Marker (7): place a coloured marker (pick colour and shape below)",
         "Marker: click to place a marker in the chosen colour and shape; drag to move."),
    Tool("region", "Region", "8", "Training region (8): paint where the selected thing may appear",
         "Region: drag to add cells to the selected thing's training region; right-drag removes."),
)
TOOL_BY_NAME = {tool.name: tool for tool in TOOLS}
TOOL_BY_KEY = {tool.key: tool for tool in TOOLS}
ENTITY_TOOLS = ("agent", "coin", "key", "chest", "marker")

SHORTCUTS = (
    ("1 - 8", "choose a tool (" + ", ".join(f"{t.key} {t.label.lower()}" for t in TOOLS) + ")"),
    ("Left drag", "paint with the tool"),
    ("Right drag", "erase (with Region: remove cells from the region)"),
    ("Tab", "select the next thing (whose region the Region tool paints)"),
    ("Ctrl+Z", "undo"),
    ("Ctrl+Y / Ctrl+Shift+Z", "redo"),
    ("Ctrl+N / Ctrl+O", "new level / open a level file"),
    ("Ctrl+S", "save"),
    ("Ctrl+Shift+S", "save as"),
    ("T", "show / hide training samples"),
    ("R", "new training samples (while they are shown)"),
    ("F2 / F3 / F4", "Edit / Train / Test mode"),
    ("Test: left drag", "move the coin, any object or the agent's start; the agent plays again"),
    ("Space / Right / Home", "Test: pause or play, one step, restart the animation"),
    ("F12 / Shift+F12 / Ctrl+R", "save a window PNG / a canvas-only PNG (x4) / start or stop recording"),
    ("F11", "presenter mode: level and curve full screen in large type (F11 or Esc leaves)"),
    ("F1 or ?", "show / hide this help"),
    ("Esc", "close help, samples or a dialog"),
)


@dataclass
class ToolState:
    """What the editor is about to do: the tool, the selected thing, the marker to place."""

    tool: str = "wall"
    selected_id: str | None = None
    colour: str = "red"
    shape: str = "ball"
