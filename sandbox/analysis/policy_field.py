"""The policy field of one test episode: what the agent would do, and how much it expects to earn,
if it stood on each free cell (with everything else where the episode puts it)."""
from __future__ import annotations

import dataclasses

import numpy as np
import torch

from sandbox.env.core import GridCore
from sandbox.rl.policy import Policy
from sandbox.analysis.single_play import repeated
from sandbox.world import Episode, Level


def policy_field(policy: Policy, level: Level, episode: Episode) -> tuple[np.ndarray, np.ndarray]:
    """probs float32[H, W, A] (action probabilities) and value float32[H, W]; NaN on walls and on
    cells holding an object (the agent cannot stand there without changing the episode)."""
    height, width = episode.walls.shape
    standable = ~episode.walls & (episode.objects == 0)
    cells = np.argwhere(standable)
    count = len(cells)
    batch = dataclasses.replace(repeated(episode, count), agent=cells.astype(np.int64))
    core = GridCore(level, count)
    with torch.no_grad():
        logits, value = policy(torch.from_numpy(core.start(batch)))
    probs = np.full((height, width, logits.shape[1]), np.nan, dtype=np.float32)
    values = np.full((height, width), np.nan, dtype=np.float32)
    probs[cells[:, 0], cells[:, 1]] = torch.softmax(logits, dim=1).numpy()
    values[cells[:, 0], cells[:, 1]] = value.reshape(-1).numpy()
    return probs, values
