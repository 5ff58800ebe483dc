"""`export --versus`: two agents side by side on the same episode, one caption naming both."""
from __future__ import annotations

import imageio.v2 as imageio
import numpy as np

from sandbox.commands import main
from sandbox.media.clip import Timing
from sandbox.media.export import ClipRequest, build_clip
from sandbox.media.versus import build_versus_clip, versus_caption
from sandbox.resources import resource_path
from sandbox.rl import load_agent

PATHS = [resource_path("agents", "coinrun.pt"), resource_path("agents", "coinrun_random25.pt")]


def test_two_agent_clip_is_wider_and_the_caption_names_both_verdicts_and_trainings(tmp_path, capsys):
    agents = [load_agent(path) for path in PATHS]
    request = ClipRequest("coin=2,5", seed=0, timing=Timing(10, 2.0))
    pair, single = build_versus_clip(agents, PATHS, request), build_clip(agents[0], request, "coinrun.pt")
    assert pair.size[1] > single.size[1] and len(pair) == 20
    caption = versus_caption("coin moved to (2, 5)", ["coinrun", "coinrun_random25"], pair.plays,
                             [agent.level for agent in agents])
    assert all(play.verdict in caption for play in pair.plays) and pair.plays[0].verdict != pair.plays[1].verdict
    assert "0% / 25% randomized coins" in caption
    out = tmp_path / "clip.png"
    assert main(["export", str(PATHS[0]), "--versus", str(PATHS[1]), "--move", "coin=2,5", "--out", str(out),
                 "--fps", "10", "--seconds", "2"]) == 0
    image = imageio.imread(out)
    (top, left_a), (_, left_b) = pair.backdrop.slots
    size = 9 * request.tile
    halves = [image[top:top + size, left:left + size].astype(int) for left in (left_a, left_b)]
    assert np.abs(halves[0] - halves[1]).max() > 100  # the two trails differ
