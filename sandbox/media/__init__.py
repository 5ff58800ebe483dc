"""Pictures and clips that people share, composed with numpy and matplotlib (no window needed)."""
