"""Counter-based random numbers: every value is a pure function of (seed, episode index, stream, i).

Because episode k of a seed does not depend on how many episodes were sampled before it or in
which batch, a vector env of N seeds produces exactly the episodes of N single envs with those
seeds, a training run is reproducible from its seed alone, and episodes can be pre-sampled in
large batches and thrown away without changing anything. The mixer is SplitMix64's finalizer.
"""
from __future__ import annotations

import numpy as np

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MUL1 = np.uint64(0xBF58476D1CE4E5B9)
_MUL2 = np.uint64(0x94D049BB133111EB)
_STREAM = np.uint64(0xD1B54A32D192ED03)


def mix64(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finalizer over a uint64 array (wrapping arithmetic is intended)."""
    x = np.asarray(x, dtype=np.uint64)
    x = (x ^ (x >> np.uint64(30))) * _MUL1
    x = (x ^ (x >> np.uint64(27))) * _MUL2
    return x ^ (x >> np.uint64(31))


def episode_keys(seeds: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """uint64[B] key of episode `indices[b]` of seed `seeds[b]`."""
    seeds = np.asarray(seeds, dtype=np.uint64)
    indices = np.asarray(indices, dtype=np.uint64)
    return mix64(mix64(seeds) + indices * _GOLDEN)


def derive_keys(keys: np.ndarray, salt: int) -> np.ndarray:
    """uint64[B] independent keys for a sub-purpose (a retry, a generator) of each key."""
    offset = np.uint64((salt * int(_STREAM)) % (1 << 64))
    return mix64(np.asarray(keys, dtype=np.uint64) + offset)


def raw_bits(keys: np.ndarray, stream: int, size: int) -> np.ndarray:
    """uint64[B, size] random bits of stream `stream` for each key."""
    base = derive_keys(keys, stream)[:, None]
    return mix64(base + np.arange(1, size + 1, dtype=np.uint64)[None, :] * _GOLDEN)


def uniform(keys: np.ndarray, stream: int, size: int) -> np.ndarray:
    """float64[B, size] uniform in [0, 1) for each key."""
    return (raw_bits(keys, stream, size) >> np.uint64(11)).astype(np.float64) * (1.0 / (1 << 53))
