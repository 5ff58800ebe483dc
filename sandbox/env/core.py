"""The batched environment core: N episodes of one level stepped together with array operations.

State lives in a few arrays with a leading batch dimension. `step` updates them in place rather
than returning new ones (a pure step would copy the (N, C, H, W) observation every call, about half
the step budget at N=256); the observation is kept up to date incrementally, so it costs a few
writes per step instead of a rebuild. Positions are flat cell indices (row * W + column) and the
map's outer ring is always wall, so a move never leaves the grid.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sandbox.world import Episode, EpisodeBatch, EpisodeSampler, Level, kinds, tiles
from sandbox.env import observation as planes
from sandbox.env.episode_buffer import EpisodeBuffer

EVENT_INDEX = {event: i for i, event in enumerate(tiles.EVENTS)}
_OBJECT_PLANE_INDICES = np.arange(planes.FIRST_OBJECT_PLANE, planes.LAST_OBJECT_PLANE + 1)


@dataclass
class StepResult:
    """What one step of all N episodes produced.

    obs: uint8[N, C, H, W] (a view of the live state: copy it to keep it); reward: float32[N];
    terminated / truncated: bool[N]; for episodes that ended this step, their return, length and
    event counts (`tiles.EVENTS`: coins, keys, chests, rewarded markers) before any automatic reset.
    """

    obs: np.ndarray
    reward: np.ndarray
    terminated: np.ndarray
    truncated: np.ndarray
    final_return: np.ndarray
    final_length: np.ndarray
    final_events: np.ndarray


class GridCore:
    """N episodes of `level`, sampled from its training distribution or fixed to one `Episode`."""

    def __init__(self, level: Level, num_envs: int, allow_noop: bool = False):
        self.level = level
        self.num_envs = num_envs
        self.num_actions = 5 if allow_noop else 4
        height, width = level.shape
        self.shape = (height, width)
        self.buffer = EpisodeBuffer(EpisodeSampler(level), num_envs)
        self._build_reward_tables(level)
        self._deltas = tiles.ACTION_DELTAS[:, 0] * width + tiles.ACTION_DELTAS[:, 1]
        self._every = np.arange(num_envs)
        self.obs = np.zeros((num_envs, planes.NUM_PLANES, height * width), dtype=np.uint8)
        self.walls = self.obs[:, planes.WALL]
        self.objects = np.zeros((num_envs, height * width), dtype=np.uint8)
        self.pos = np.zeros(num_envs, dtype=np.int64)
        self.inventory = np.zeros(num_envs, dtype=np.int64)
        self.left = np.zeros((num_envs, len(tiles.EVENTS)), dtype=np.int64)  # things left that act, per counter
        self.steps = np.zeros(num_envs, dtype=np.int64)
        self.done = np.ones(num_envs, dtype=bool)
        self.episode_return = np.zeros(num_envs, dtype=np.float32)
        self.events = np.zeros((num_envs, len(tiles.EVENTS)), dtype=np.int64)
        self.trail = np.zeros((num_envs, level.max_steps + 1), dtype=np.int64)
        # Flat offsets of each env's wall plane, agent plane, object row and trail row, so the hot
        # path indexes 1-D views (about twice as fast as two-axis fancy indexing).
        cells = height * width
        self._wall_offset = self._every * planes.NUM_PLANES * cells + planes.WALL * cells
        self._agent_offset = self._every * planes.NUM_PLANES * cells + planes.AGENT * cells
        self._cell_offset = self._every * cells
        self._trail_offset = self._every * (level.max_steps + 1)
        self._obs_flat, self._objects_flat, self._trail_flat = (a.reshape(-1) for a in (self.obs, self.objects, self.trail))

    def _build_reward_tables(self, level: Level) -> None:
        """Per-object-code lookups from the kinds table and the level's rewards, so a step handles
        every event with a few array indexes."""
        codes = range(tiles.NUM_OBJECT_CODES)
        rules = [level.reward_rule(code) if code else None for code in codes]
        self._pickup_reward = np.array([rule.reward if rule else 0.0 for rule in rules], dtype=np.float32)
        self._pickup_ends = np.array([bool(rule and rule.ends_episode) for rule in rules])
        paid = level.paid_codes
        self._counter = self.buffer.counter  # the buffer counts what is left by the same table
        self._acts = self._counter >= 0
        effects = [kinds.effect_of(code, code in paid) if code else kinds.STAYS for code in codes]
        self._holds = np.array([effect == kinds.HELD for effect in effects])
        self._opens = np.array([effect == kinds.OPENED for effect in effects])
        self._goal_events = np.zeros(len(tiles.EVENTS), dtype=np.int64)  # 1 where a counted thing pays
        for code in paid:
            self._goal_events[self._counter[code]] = 1

    @property
    def grid_obs(self) -> np.ndarray:
        """uint8[N, C, H, W] view of the live observation."""
        return self.obs.reshape(self.num_envs, planes.NUM_PLANES, *self.shape)

    def seed(self, seeds: np.ndarray, envs: np.ndarray | None = None) -> None:
        """Start `envs`' episode sequences (all envs by default) at episode 0 of `seeds`."""
        envs = self._every if envs is None else envs
        self.buffer.set_seeds(envs, seeds)

    def with_level(self, level: Level) -> GridCore:
        """A core for another level of the same size, keeping the seeds and any fixed episode (what
        `reset(options={"level": ...})` of the gymnasium views needs)."""
        if level.shape != self.shape:
            raise ValueError(f"a {level.shape[0]}x{level.shape[1]} level cannot replace a {self.shape[0]}x"
                             f"{self.shape[1]} one: the observation size would change")
        core = GridCore(level, self.num_envs, self.num_actions == 5)
        core.fix_episode(self.buffer.fixed)
        core.seed(self.buffer.seeds.copy())
        return core

    def fix_episode(self, episode: Episode | None) -> None:
        """Play `episode` on every reset from now on (None: sample from the level again)."""
        if episode is not None and episode.walls.shape != self.shape:
            raise ValueError(f"episode is {episode.walls.shape[0]}x{episode.walls.shape[1]} but the level is "
                             f"{self.shape[0]}x{self.shape[1]}")
        self.buffer.fixed = episode

    def reset(self, envs: np.ndarray | None = None) -> np.ndarray:
        """Start the next episode in `envs` (all by default); returns the live obs view."""
        envs = self._every if envs is None else np.asarray(envs)
        self.obs[envs], self.objects[envs], agent, self.left[envs] = self.buffer.take(envs)
        return self._begin(envs, agent)

    def start(self, episodes: EpisodeBatch) -> np.ndarray:
        """Start env i on `episodes[i]` (one per env): evaluation on given placements in one call."""
        if len(episodes) != self.num_envs or episodes.walls.shape[1:] != self.shape:
            raise ValueError(f"expected {self.num_envs} episodes of {self.shape}, got {episodes.walls.shape}")
        count, width = self.num_envs, self.shape[1]
        agent = episodes.agent[:, 0] * width + episodes.agent[:, 1]
        ready = self.buffer.layout(episodes.walls.reshape(count, -1), episodes.objects.reshape(count, -1), agent)
        self.obs[:], self.objects[:], _, self.left[:] = ready
        return self._begin(self._every, agent)

    def _begin(self, envs: np.ndarray, agent: np.ndarray) -> np.ndarray:
        """Zero the per-episode counters of `envs`, whose grids were just set."""
        self.pos[envs] = agent
        self.inventory[envs] = 0
        self.steps[envs] = 0
        self.done[envs] = False
        self.episode_return[envs] = 0.0
        self.events[envs] = 0
        self.trail[envs, 0] = agent
        return self.grid_obs

    def step(self, actions: np.ndarray, autoreset: bool = True) -> StepResult:
        """Move every running episode by `actions` (int[N]).

        With `autoreset`, episodes that end start the next one at once and the returned obs is its
        first observation; without it they stay frozen (done) until `reset`, so a rollout can read
        their final state and trail.
        """
        target = self.pos + self._deltas[actions]
        obs_flat = self._obs_flat
        if self.done.any():
            running = ~self.done
            target[self.done] = self.pos[self.done]
        else:
            running = None  # every episode is running: skip the masks on the hot path
        target = np.where(obs_flat[self._wall_offset + target], self.pos, target)
        obs_flat[self._agent_offset + self.pos] = 0
        obs_flat[self._agent_offset + target] = 1
        self.pos = target
        reward = np.zeros(self.num_envs, dtype=np.float32)
        terminated = np.zeros(self.num_envs, dtype=bool)
        touched = self._acts[self._objects_flat[self._cell_offset + target]]
        if running is not None:
            touched &= running
        if touched.any():
            self._interact(np.nonzero(touched)[0], reward, terminated)
        self.steps += 1 if running is None else running
        self._trail_flat[self._trail_offset + self.steps] = target  # steps never pass max_steps
        truncated = (self.steps >= self.level.max_steps) & ~terminated
        if running is not None:
            truncated &= running
        self.episode_return += reward
        ended = terminated | truncated
        final = np.nonzero(ended)[0]
        result = StepResult(self.grid_obs, reward, terminated, truncated, self.episode_return[final],
                            self.steps[final], self.events[final])
        self.done |= ended
        if autoreset and len(final):
            self.reset(final)
        return result

    def _interact(self, envs: np.ndarray, reward: np.ndarray, terminated: np.ndarray) -> None:
        """What the kinds table says stepping on a thing does: taken, held (keys) or, with a key,
        opened (chests); rewards from the level."""
        cells = self.pos[envs]
        code = self.objects[envs, cells]
        holds, opens = self._holds[code], self._opens[code]
        if holds.any() or opens.any():  # keys and chests (levels without them skip this)
            acted = ~opens | (self.inventory[envs] > 0)
            envs, cells, code, holds, opens = envs[acted], cells[acted], code[acted], holds[acted], opens[acted]
            self.inventory[envs] += holds.astype(np.int64) - opens
            self.obs[envs, planes.INVENTORY] = np.minimum(self.inventory[envs], 255)[:, None]
        event = self._counter[code]
        self.objects[envs, cells] = tiles.EMPTY
        self.obs[envs[:, None], _OBJECT_PLANE_INDICES[None, :], cells[:, None]] = 0
        self.events[envs, event] += 1
        reward[envs] = self._pickup_reward[code]
        self.left[envs, event] -= 1
        terminated[envs] = self._pickup_ends[code] | (self._achievable(envs) == 0)

    def _achievable(self, envs: np.ndarray) -> np.ndarray:
        """int[k]: rewarding events still possible; 0 ends the episode (e.g. every key used while
        chests remain), so success always means "got everything the level allowed"."""
        coins, keys, chests, markers = self.left[envs].T
        openable = np.minimum(chests, keys + self.inventory[envs])
        goal = self._goal_events
        return goal[0] * coins + goal[1] * keys + goal[2] * openable + goal[3] * markers

    def agent_cells(self) -> np.ndarray:
        """int64[N, 2] (row, column) of every agent."""
        return np.stack(np.divmod(self.pos, self.shape[1]), axis=1)
