"""Upcoming training episodes for each of N envs, sampled in large batches ahead of time.

Sampling one episode costs tens of numpy calls whatever the batch size, so reset would dominate
stepping if done one at a time. Episodes are a pure function of (seed, index), so pre-sampling and
discarding never changes which episode an env gets: only when it is computed.
"""
from __future__ import annotations

import numpy as np

from sandbox.world import Episode, EpisodeSampler

BUFFER_CELLS = 1 << 22  # cells held per buffer, to bound memory on 32x32 levels with many envs


class EpisodeBuffer:
    """Hands out episode `next_index[i]` of `seeds[i]` for env i, refilling in batches."""

    def __init__(self, sampler: EpisodeSampler, num_envs: int):
        self.sampler = sampler
        height, width = sampler.level.shape
        self.capacity = int(np.clip(BUFFER_CELLS // (num_envs * height * width), 4, 64))
        self.seeds = np.zeros(num_envs, dtype=np.uint64)
        self.next_index = np.zeros(num_envs, dtype=np.int64)
        self.first_index = np.full(num_envs, -self.capacity, dtype=np.int64)  # slot 0's episode index
        self.walls = np.zeros((num_envs, self.capacity, height * width), dtype=bool)
        self.objects = np.zeros((num_envs, self.capacity, height * width), dtype=np.uint8)
        self.agent = np.zeros((num_envs, self.capacity), dtype=np.int64)
        self.fixed: Episode | None = None

    def set_seeds(self, envs: np.ndarray, seeds: np.ndarray) -> None:
        """Restart the episode sequence of `envs` at index 0 of their new seeds."""
        self.seeds[envs] = np.asarray(seeds, dtype=np.uint64)
        self.next_index[envs] = 0
        self.first_index[envs] = -self.capacity

    def take(self, envs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(walls bool[k, H*W], objects uint8[k, H*W], agent flat int[k]) for envs' next episodes."""
        if self.fixed is not None:
            return self._take_fixed(len(envs))
        slot = self.next_index[envs] - self.first_index[envs]
        if (slot >= self.capacity).any() or (slot < 0).any():
            self._refill(envs[(slot >= self.capacity) | (slot < 0)])
            slot = self.next_index[envs] - self.first_index[envs]
        self.next_index[envs] += 1
        return self.walls[envs, slot], self.objects[envs, slot], self.agent[envs, slot]

    def _take_fixed(self, count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        width = self.fixed.walls.shape[1]
        walls = np.broadcast_to(self.fixed.walls.reshape(-1), (count, self.fixed.walls.size))
        objects = np.broadcast_to(self.fixed.objects.reshape(-1), (count, self.fixed.objects.size))
        agent = np.full(count, self.fixed.agent[0] * width + self.fixed.agent[1])
        return walls, objects, agent

    def _refill(self, exhausted: np.ndarray) -> None:
        """Refill the exhausted envs plus every env past half its buffer, in one batch."""
        used = self.next_index - self.first_index
        envs = np.union1d(exhausted, np.nonzero(used >= self.capacity // 2)[0])
        self.first_index[envs] = self.next_index[envs]
        offsets = np.arange(self.capacity)
        seeds = np.repeat(self.seeds[envs], self.capacity)
        indices = (self.first_index[envs][:, None] + offsets[None, :]).reshape(-1)
        batch = self.sampler.sample(seeds, indices)
        width = batch.walls.shape[2]
        count = len(envs)
        self.walls[envs] = batch.walls.reshape(count, self.capacity, -1)
        self.objects[envs] = batch.objects.reshape(count, self.capacity, -1)
        self.agent[envs] = (batch.agent[:, 0] * width + batch.agent[:, 1]).reshape(count, self.capacity)
