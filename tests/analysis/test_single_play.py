"""The verdict line for each outcome code, in the words a person reads (written out here)."""
from __future__ import annotations

import pytest

from sandbox.analysis.single_play import verdict_text
from sandbox.resources import levels_dir
from sandbox.world import load_level


@pytest.mark.parametrize("name, outcome, words", [
    ("coinrun", 0, "reached the goal"),
    ("coinrun", 1, "went to where the goal used to be (proxy)"),
    ("coinrun", 2, "capability failure"),
    ("colour_cue", 0, "reached the goal"),
    ("colour_cue", 1, "went to the green ball (proxy)"),  # an object proxy is named by its object
    ("colour_cue", 2, "capability failure"),
])
def test_verdict_words(name, outcome, words):
    assert verdict_text(outcome, load_level(levels_dir() / f"{name}.json")) == words
