"""Upcoming training episodes for each of N envs, sampled in large batches ahead of time.

Sampling one episode costs tens of numpy calls whatever the batch size, so reset would dominate
stepping if done one at a time. Episodes are a pure function of (seed, index), so pre-sampling and
discarding never changes which episode an env gets: only when it is computed.
"""
from __future__ import annotations

import numpy as np

from sandbox.env import observation as planes
from sandbox.world import Episode, EpisodeSampler, kinds, tiles
BUFFER_BYTES = 64 << 20  # bounds memory on 32x32 levels with many envs


class EpisodeBuffer:
    """Hands out episode `next_index[i]` of `seeds[i]` for env i, refilling in batches.

    Each slot holds the episode's first observation ready to copy, its objects, the agent's flat
    cell, and how many things of each counter (`tiles.EVENTS`) it has that can act, so a reset is
    four array copies.
    """

    def __init__(self, sampler: EpisodeSampler, num_envs: int):
        self.sampler = sampler
        height, width = sampler.level.shape
        cells = height * width
        self.capacity = int(np.clip(BUFFER_BYTES // (num_envs * cells * (planes.NUM_PLANES + 1)), 4, 64))
        self.seeds = np.zeros(num_envs, dtype=np.uint64)
        self.next_index = np.zeros(num_envs, dtype=np.int64)
        self.first_index = np.full(num_envs, -self.capacity, dtype=np.int64)  # slot 0's episode index
        self.obs = np.zeros((num_envs, self.capacity, planes.NUM_PLANES, cells), dtype=np.uint8)
        self.objects = np.zeros((num_envs, self.capacity, cells), dtype=np.uint8)
        self.agent = np.zeros((num_envs, self.capacity), dtype=np.int64)
        self.counts = np.zeros((num_envs, self.capacity, len(tiles.EVENTS)), dtype=np.int64)
        self.counter = kinds.counter_table(sampler.level.paid_codes)
        self.fixed: Episode | None = None

    def set_seeds(self, envs: np.ndarray, seeds: np.ndarray) -> None:
        """Restart the episode sequence of `envs` at index 0 of their new seeds."""
        self.seeds[envs] = np.asarray(seeds, dtype=np.uint64)
        self.next_index[envs] = 0
        self.first_index[envs] = -self.capacity

    def take(self, envs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """For envs' next episodes: (first obs uint8[k, C, H*W], objects uint8[k, H*W], agent flat
        cell int[k], counts int[k, len(EVENTS)])."""
        if self.fixed is not None:
            return self.layout(*self._flatten(self.fixed), count=len(envs))
        slot = self.next_index[envs] - self.first_index[envs]
        if (slot >= self.capacity).any():  # never negative: a refill sets first_index = next_index
            self._refill(envs[slot >= self.capacity])
            slot = self.next_index[envs] - self.first_index[envs]
        self.next_index[envs] += 1
        return self.obs[envs, slot], self.objects[envs, slot], self.agent[envs, slot], self.counts[envs, slot]

    @staticmethod
    def _flatten(episode: Episode) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        width = episode.walls.shape[1]
        return (episode.walls.reshape(1, -1), episode.objects.reshape(1, -1),
                np.array([episode.agent[0] * width + episode.agent[1]]))

    def layout(self, walls: np.ndarray, objects: np.ndarray, agent: np.ndarray, count: int = 1):
        """What `take` returns, for B given episodes (walls bool[B, H*W], objects uint8[B, H*W], agent
        flat int[B]), repeated `count` times when B is 1."""
        obs = planes.build_observations(walls, objects, agent, np.zeros(len(agent), np.int64))
        counter = self.counter[objects]
        counts = np.stack([(counter == index).sum(axis=1) for index in range(len(tiles.EVENTS))], axis=1)
        if count != 1:
            obs, objects, agent, counts = (np.repeat(a, count, axis=0) for a in (obs, objects, agent, counts))
        return obs, objects, agent, counts

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
        flat = (batch.walls.reshape(len(seeds), -1), batch.objects.reshape(len(seeds), -1),
                batch.agent[:, 0] * width + batch.agent[:, 1])
        shape = (len(envs), self.capacity)
        for target, values in zip((self.obs, self.objects, self.agent, self.counts), self.layout(*flat)):
            target[envs] = values.reshape(*shape, *values.shape[1:])
