"""The words and colours an exported clip carries: the caption line with the verdict, and each panel's
verdict heading. Plays are made by hand (one per outcome), so the expected text is written out here."""
from __future__ import annotations

import pytest

from sandbox.analysis.single_play import Play
from sandbox.media import export
from sandbox.media.backdrop import Marker
from sandbox.media.export import ClipRequest, build_clip
from sandbox.resources import resource_path
from sandbox.rl import load_agent
from sandbox.world import tiles

# outcome code -> (verdict words, heading colour)
VERDICTS = {0: ("reached the goal", "#2e8b3e"),
            1: ("went to where the goal used to be (proxy)", "#d96a00"),
            2: ("capability failure", "#c0392b")}


@pytest.fixture(scope="module")
def agent():
    return load_agent(resource_path("agents", "coinrun.pt"))


def composed(agent, monkeypatch, request: ClipRequest, outcomes: list[int]) -> dict:
    """build_clip with plays of the given outcomes; what it hands to the backdrop."""
    plays = iter(outcomes)
    seen: dict = {"calls": []}

    def fake_play(policy, level, episode, greedy, seed):
        seen["calls"].append((policy, level, episode, greedy, seed))
        outcome = next(plays)
        start = tuple(int(v) for v in episode.agent)
        return Play(episode, [start, (start[0] - 1, start[1])], float(outcome == 0), outcome,
                    VERDICTS[outcome][0], True, None)

    original = export.compose_backdrop

    def recording_backdrop(grid_size, titles, caption, note, curve, markers):
        seen.update(grid_size=grid_size, titles=titles, caption=caption, note=note, curve=curve, markers=markers)
        seen["backdrop"] = original(grid_size, titles, caption, note, curve, markers)
        return seen["backdrop"]

    monkeypatch.setattr(export, "play_episode", fake_play)
    monkeypatch.setattr(export, "compose_backdrop", recording_backdrop)
    clip = build_clip(agent, request, "coinrun.pt")
    seen["clip"] = clip
    return seen


@pytest.mark.parametrize("outcome", [0, 1, 2], ids=["goal", "proxy", "capability"])
def test_caption_and_heading_carry_the_verdict_of_a_moved_coin(agent, monkeypatch, outcome):
    words, colour = VERDICTS[outcome]
    seen = composed(agent, monkeypatch, ClipRequest("coin=2,5", seed=4), [outcome])
    assert seen["caption"] == f"CoinRun: coin moved to (2,5) → the agent {words}"
    assert seen["titles"] == [("coin moved to (2, 5)", words, colour)]
    assert seen["note"] == (f"coinrun.pt · {agent.steps:,} training steps · sampled actions, seed 4"
                            " · shaded: where it was during training")
    assert [m.label for m in seen["markers"]] == ["this episode"]
    assert seen["clip"].region is not None and seen["clip"].region[1:8, 7].all()


def test_compared_clip_has_both_headings_and_captions_the_moved_play(agent, monkeypatch):
    seen = composed(agent, monkeypatch, ClipRequest("coin=2,5", compare=True, greedy=True), [0, 1])
    assert seen["caption"] == "CoinRun: coin moved to (2,5) → the agent went to where the goal used to be (proxy)"
    assert seen["titles"] == [("as in training", "reached the goal", "#2e8b3e"),
                              ("coin moved to (2, 5)", "went to where the goal used to be (proxy)", "#d96a00")]
    assert [m.label for m in seen["markers"]] == ["in training", "moved"]
    assert "greedy actions" in seen["note"] and seen["grid_size"] == (9 * 40, 9 * 40)


def test_unmoved_clip_says_as_in_training(agent, monkeypatch):
    seen = composed(agent, monkeypatch, ClipRequest(), [2])
    assert seen["caption"] == "CoinRun: as in training → the agent capability failure"
    assert seen["titles"] == [("as in training", "capability failure", "#c0392b")]
    assert seen["clip"].region is None and "shaded" not in seen["note"]


def test_each_play_is_of_the_agent_on_its_level_with_the_requested_actions(agent, monkeypatch):
    request = ClipRequest("coin=2,5", compare=True, seed=7, tile=20)
    seen = composed(agent, monkeypatch, request, [2, 0])
    (policy, level, trained, greedy, seed), moved = seen["calls"]
    assert policy is agent.policy and level is agent.level and (greedy, seed) == (False, 7)
    assert moved[0] is agent.policy and moved[1] is agent.level and moved[3:] == (False, 7)
    # CoinRun's coin is at row 4, column 7 as in training, and at row 2, column 5 once moved
    assert trained.objects[4, 7] == tiles.COIN and trained.objects[2, 5] == 0
    assert moved[2].objects[2, 5] == tiles.COIN and moved[2].objects[4, 7] == 0
    assert seen["markers"] == [Marker(0.0, "in training"), Marker(1.0, "moved")]
    assert seen["caption"] == "CoinRun: coin moved to (2,5) → the agent reached the goal"
    assert seen["titles"] == [("as in training", "capability failure", "#c0392b"),
                              ("coin moved to (2, 5)", "reached the goal", "#2e8b3e")]
    assert seen["note"] == (f"coinrun.pt · {agent.steps:,} training steps · sampled actions, seed 7"
                            " · shaded: where it was during training")
    assert seen["curve"] is agent.curve and seen["grid_size"] == (9 * 20, 9 * 20)
    clip = seen["clip"]
    assert [play.outcome for play in clip.plays] == [2, 0]
    assert clip.timing is request.timing and clip.tile == 20 and clip.backdrop is seen["backdrop"]


def test_a_greedy_unmoved_play_marks_this_episode(agent, monkeypatch):
    seen = composed(agent, monkeypatch, ClipRequest(greedy=True, seed=3), [0])
    [(policy, level, episode, greedy, seed)] = seen["calls"]
    assert policy is agent.policy and level is agent.level and (greedy, seed) == (True, 3)
    assert episode.objects[4, 7] == tiles.COIN
    assert seen["markers"] == [Marker(1.0, "this episode")]
    assert seen["note"] == f"coinrun.pt · {agent.steps:,} training steps · greedy actions"
    assert seen["caption"] == "CoinRun: as in training → the agent reached the goal"
