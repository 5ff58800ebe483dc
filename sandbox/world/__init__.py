"""Tiles, levels (layout + training distribution), level files, sampling and reachability."""
from sandbox.world.errors import LevelError
from sandbox.world.level import AnyFree, Cells, Entity, Episode, Level, Near, Procedural, Rect, RewardRule
from sandbox.world.level_file import level_from_dict, level_to_dict, level_to_json, load_episode, load_level, save_level
from sandbox.world.sampler import EpisodeBatch, EpisodeSampler, sample_episodes

__all__ = ["AnyFree", "Cells", "Entity", "Episode", "EpisodeBatch", "EpisodeSampler", "Level", "LevelError",
           "Near", "Procedural", "Rect", "RewardRule", "level_from_dict", "level_to_dict", "level_to_json",
           "load_episode", "load_level", "sample_episodes", "save_level"]
