"""Goalpost as a `gymnasium.vector.VectorEnv`: N episodes stepped as arrays, with next-step autoreset.

Env i with seed s + i plays exactly the episodes a `GoalpostEnv` seeded s + i plays, because
episodes are a pure function of (seed, index).
"""
from __future__ import annotations

from typing import Any

import numpy as np
from gymnasium import spaces
from gymnasium.vector import AutoresetMode, VectorEnv
from gymnasium.vector.utils import batch_space

from sandbox.env.arguments import check_actions, check_num_envs, check_render_mode, check_seed
from sandbox.env.core import GridCore
from sandbox.env.gym_env import observation_space
from sandbox.env.level_source import apply_reset_options, as_level
from sandbox.env.rendering import render_grid
from sandbox.resources import default_level_path


class GoalpostVectorEnv(VectorEnv):
    """`num_envs` Goalpost episodes in one batched core (see `GoalpostEnv` for the rules)."""

    metadata = {"render_modes": ["rgb_array"], "render_fps": 8, "autoreset_mode": AutoresetMode.NEXT_STEP}

    def __init__(self, num_envs: int = 1, level=None, render_mode: str | None = None, allow_noop: bool = False,
                 tile_size: int = 32):
        num_envs = check_num_envs(num_envs)
        self.level = as_level(level if level is not None else default_level_path())
        self.num_envs = num_envs
        self.render_mode = check_render_mode(render_mode, self.metadata["render_modes"])
        self.tile_size = tile_size
        self.core = GridCore(self.level, num_envs, allow_noop)
        self.single_observation_space = observation_space(self.level.shape)
        self.single_action_space = spaces.Discrete(self.core.num_actions)
        self.observation_space = batch_space(self.single_observation_space, num_envs)
        self.action_space = batch_space(self.single_action_space, num_envs)
        self._pending_reset = np.zeros(num_envs, dtype=bool)
        self._seeded = False

    def reset(self, *, seed: int | list[int] | None = None, options: dict[str, Any] | None = None):
        seeds = [check_seed(s) for s in seed] if isinstance(seed, (list, tuple, np.ndarray)) else None
        super().reset(seed=seeds[0] if seeds else check_seed(seed))
        self.core = apply_reset_options(self.core, options)
        self.level = self.core.level
        if seed is not None or not self._seeded:
            self.core.seed(self._seeds(seed))
            self._seeded = True
        self._pending_reset[:] = False
        return self.core.reset().copy(), {}

    def _seeds(self, seed: int | list[int] | None) -> np.ndarray:
        if isinstance(seed, (list, tuple, np.ndarray)):
            if len(seed) != self.num_envs:
                raise ValueError(f"expected {self.num_envs} seeds, got {len(seed)}")
            return np.asarray(seed, dtype=np.uint64)
        first = seed if seed is not None else int(self.np_random.integers(2**63))
        return np.uint64(first) + np.arange(self.num_envs, dtype=np.uint64)

    def step(self, actions):
        result = self.core.step(check_actions(actions, self.num_envs, self.core.num_actions), autoreset=False)
        if self._pending_reset.any():
            self.core.reset(np.nonzero(self._pending_reset)[0])
        self._pending_reset = result.terminated | result.truncated
        return result.obs.copy(), result.reward.copy(), result.terminated, result.truncated, {}

    def render(self):
        """One picture per env: tuple of uint8[H*tile, W*tile, 3]."""
        core = self.core
        walls = core.walls.reshape(self.num_envs, *core.shape).astype(bool)
        objects = core.objects.reshape(self.num_envs, *core.shape)
        cells = core.agent_cells()
        return tuple(render_grid(walls[i], objects[i], tuple(cells[i]), self.tile_size) for i in range(self.num_envs))
