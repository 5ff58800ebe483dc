"""Goalpost as a single-episode `gymnasium.Env`, for any gymnasium code (Stable-Baselines3 included)."""
from __future__ import annotations

from typing import Any

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from sandbox.env import observation as planes
from sandbox.env.arguments import check_action, check_render_mode, check_seed
from sandbox.env.core import GridCore
from sandbox.env.level_source import apply_reset_options, as_level
from sandbox.env.rendering import render_grid
from sandbox.resources import default_level_path
from sandbox.world import tiles


def observation_space(shape: tuple[int, int]) -> spaces.Box:
    """Box uint8[C, H, W]: indicator planes in {0, 1}, the inventory plane up to 255."""
    high = np.broadcast_to(planes.plane_high(), (planes.NUM_PLANES, *shape)).copy()
    return spaces.Box(low=np.zeros_like(high), high=high, dtype=np.uint8)


class GoalpostEnv(gym.Env):
    """## Description
    A grid level sampled from a training distribution (see `sandbox.world.Level`): walls, the
    agent, coins, keys, chests and coloured markers. Each reset plays the next episode of the seed.

    ## Actions
    0 up, 1 down, 2 left, 3 right (4 stay, with `allow_noop=True`). Moving into a wall stays put.

    ## Observation
    uint8[15, H, W] planes: wall, agent, coin, key, chest, six marker colours, three marker shapes,
    and the number of keys held broadcast over the grid.

    ## Rewards
    From the level's reward table, e.g. +1 for the coin; keys are picked up, a chest opens with a key.

    ## Termination
    Terminates when an event that ends the episode happens or no more reward can be earned (all
    coins taken, or every key used while chests remain); truncates
    at the level's step limit.

    ## Options
    `reset(options={"level": path_or_Level})` switches to another level of the same size;
    `{"episode": path_or_Episode_or_Level}` plays that concrete placement on every reset until
    `{"episode": None}`.
    """

    metadata = {"render_modes": ["rgb_array", "human"], "render_fps": 8}

    def __init__(self, level=None, render_mode: str | None = None, allow_noop: bool = False, tile_size: int = 32):
        self.level = as_level(level if level is not None else default_level_path())
        self.render_mode = check_render_mode(render_mode, self.metadata["render_modes"])
        self.tile_size = tile_size
        self.core = GridCore(self.level, 1, allow_noop)
        self.observation_space = observation_space(self.level.shape)
        self.action_space = spaces.Discrete(self.core.num_actions)
        self._seeded = False
        self._window = None

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        super().reset(seed=check_seed(seed))
        self.core = apply_reset_options(self.core, options)
        self.level = self.core.level
        if seed is not None or not self._seeded:
            first = seed if seed is not None else int(self.np_random.integers(2**63))
            self.core.seed(np.array([first], dtype=np.uint64))
            self._seeded = True
        self.core.reset()
        if self.render_mode == "human":
            self.render()
        return self.core.grid_obs[0].copy(), self._info()

    def step(self, action):
        result = self.core.step(np.array([check_action(action, self.core.num_actions)]), autoreset=False)
        if self.render_mode == "human":
            self.render()
        return (result.obs[0].copy(), float(result.reward[0]), bool(result.terminated[0]),
                bool(result.truncated[0]), self._info())

    def _info(self) -> dict:
        row, col = self.core.agent_cells()[0]
        events = dict(zip(tiles.EVENTS, (int(v) for v in self.core.events[0])))
        return {"agent": (int(row), int(col)), "events": events, "keys_held": int(self.core.inventory[0])}

    def render(self):
        frame = self.rgb_frame()
        if self.render_mode == "human":
            self._show(frame)
            return None
        return frame

    def rgb_frame(self) -> np.ndarray:
        """uint8[H*tile, W*tile, 3] picture of the current state."""
        core = self.core
        walls = core.walls[0].reshape(core.shape).astype(bool)
        objects = core.objects[0].reshape(core.shape)
        return render_grid(walls, objects, tuple(core.agent_cells()[0]), self.tile_size)

    def _show(self, frame: np.ndarray) -> None:
        import pygame

        if self._window is None:
            pygame.display.init()
            self._window = pygame.display.set_mode((frame.shape[1], frame.shape[0]))
            pygame.display.set_caption(f"Goalpost - {self.level.name}")
            self._clock = pygame.time.Clock()
        pygame.event.pump()
        self._window.blit(pygame.surfarray.make_surface(frame.swapaxes(0, 1)), (0, 0))
        pygame.display.flip()
        self._clock.tick(self.metadata["render_fps"])

    def close(self):
        if self._window is not None:
            import pygame

            pygame.display.quit()
            self._window = None
