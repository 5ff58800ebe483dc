"""The policy fits every grid size the editor allows and reads only the planes its level uses."""
from __future__ import annotations

import pytest
import torch

from sandbox.env import observation
from sandbox.resources import levels_dir
from sandbox.rl import PPOConfig, build_policy
from sandbox.rl.policy import level_planes, sample_actions
from sandbox.world import level_from_dict, load_level
from tests.conftest import open_room


@pytest.mark.parametrize("size", [5, 9, 17, 32])
def test_policy_handles_grids_from_5_to_32(size):
    policy = build_policy(level_from_dict(open_room(size)), PPOConfig())
    logits, value = policy(torch.zeros((3, observation.NUM_PLANES, size, size), dtype=torch.uint8))
    assert logits.shape == (3, 4) and value.shape == (3,)
    assert sum(p.numel() for p in policy.parameters()) < 600_000


def test_planes_follow_the_level():
    names = observation.PLANE_NAMES
    assert [names[i] for i in level_planes(load_level(levels_dir() / "coinrun.json"))] == ["wall", "agent", "coin"]
    colour = [names[i] for i in level_planes(load_level(levels_dir() / "colour_cue.json"))]
    assert colour == ["wall", "agent", "coin", "marker_red", "marker_green", "shape_ball"]


def test_sampling_follows_the_probabilities_and_greedy_takes_the_argmax():
    logits = torch.log(torch.tensor([[0.7, 0.1, 0.1, 0.1]])).repeat(20_000, 1)
    actions = sample_actions(logits, generator=torch.Generator().manual_seed(0))
    assert abs((actions == 0).float().mean().item() - 0.7) < 0.02
    assert (sample_actions(logits, greedy=True) == 0).all()
