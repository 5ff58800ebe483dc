"""The sampler on small hand-made levels whose right answer is worked out by hand: the order entities
are placed in, the batch it hands back, which entity a failed try blames, and what a randomized goal
leaves alone."""
from __future__ import annotations

import numpy as np
import pytest

from sandbox.world import EpisodeSampler, level_from_dict, sample_episodes, tiles
from sandbox.world.sampler import entity_order
from tests.conftest import open_room

AGENT = {"id": "start", "kind": "agent", "at": [1, 1]}


def marker(entity_id: str, at: list[int], colour: str = "red", **rules) -> dict:
    return {"id": entity_id, "kind": "marker", "colour": colour, "shape": "ball", "at": at, **rules}


def room(*entities: dict, **overrides):
    return level_from_dict(open_room(7, entities=[AGENT, *entities], **overrides))


def test_an_entity_waits_for_every_target_it_names_its_except_part_included():
    """"a" is near "b" and kept off the cells near "c", and "c" is itself near "b": depths are
    start 0, b 0, c 1, a 2, so "a" (index 1) goes last although it comes second in the file."""
    level = room(marker("a", [1, 5], region={"near": "b"}, **{"except": {"near": "c"}}),
                 {"id": "b", "kind": "coin", "at": [5, 5]},
                 marker("c", [4, 5], colour="green", region={"near": "b"}))
    assert entity_order(level) == [0, 2, 3, 1]


def test_entities_are_placed_in_waves_each_in_file_order():
    """x near y near coin, z near coin: wave 0 is start and coin, wave 1 is y and z, wave 2 is x."""
    level = room(marker("x", [1, 3], region={"near": "y", "within": 2}),
                 marker("y", [3, 5], colour="green", region={"near": "coin", "within": 2}),
                 {"id": "coin", "kind": "coin", "at": [5, 5]},
                 marker("z", [5, 4], colour="blue", region={"near": "coin"}))
    assert entity_order(level) == [0, 3, 2, 4, 1]


def test_a_target_shared_by_several_entities_is_visited_once_and_keeps_its_depth():
    """r (kept off p's neighbours) leads to p, p to the coin; q then finds the coin already has its depth:
    depths start 0, r 2, coin 0, p 1, q 1."""
    level = room(marker("r", [3, 3], colour="blue", region="any", **{"except": {"near": "p"}}),
                 {"id": "coin", "kind": "coin", "at": [5, 5]},
                 marker("p", [5, 4], region={"near": "coin"}),
                 marker("q", [4, 5], colour="green", region={"near": "coin"}))
    assert entity_order(level) == [0, 2, 3, 4, 1]


@pytest.mark.parametrize("entities", [
    [marker("a", [1, 5], region={"near": "b"}), marker("b", [2, 5], region={"near": "a"})],
    [marker("a", [1, 5], region={"near": "a"})],
    # closed only by an except part: a is kept off c's neighbours, c is near b, b is near a
    [marker("a", [1, 5], region="any", **{"except": {"near": "c"}}), marker("b", [2, 5], region={"near": "a"}),
     marker("c", [3, 5], region={"near": "b"})],
], ids=["two", "itself", "through-except"])
def test_references_in_a_circle_are_a_value_error(entities):
    with pytest.raises(ValueError) as refused:
        entity_order(room(*entities))
    assert str(refused.value) == "region references form a cycle"


def test_a_batch_holds_bools_small_codes_and_whole_cells():
    batch = sample_episodes(room({"id": "coin", "kind": "coin", "at": [5, 5], "region": "any"}), 3, 6)
    assert batch.walls.dtype == np.bool_ and batch.objects.dtype == np.uint8 and batch.agent.dtype == np.int64
    assert batch.walls.shape == batch.objects.shape == (6, 7, 7) and batch.agent.shape == (6, 2)
    episode = batch.episode(0)
    assert episode.objects.dtype == np.uint8 and episode.walls.dtype == np.bool_


POCKET_MAP = ["#######",
              "#...#.#",
              "#...###",
              "#.....#",
              "#######"]  # (1, 5) is a pocket no path reaches


def test_blame_is_decided_in_each_episode_of_the_batch_on_its_own():
    """The key goes to the pocket (1, 5) or to (3, 5); the coin's only cell is the pocket. With the
    key in the pocket the coin has no cell: the coin is blamed although the key, placed before it,
    cannot be reached. With the key at (3, 5) the coin sits in the pocket, unreachable: blamed too."""
    level = level_from_dict({"format": 1, "name": "Pocket", "map": POCKET_MAP, "entities": [
        {"kind": "agent", "at": [3, 1]},
        {"id": "lost", "kind": "key", "at": [1, 5], "region": {"cells": [[1, 5], [3, 5]]}},
        {"id": "crowded", "kind": "coin", "at": [3, 3], "region": {"cells": [[1, 5]]}}]})
    tried = EpisodeSampler(level).try_once(np.arange(32, dtype=np.uint64))
    key_in_pocket = tried.objects[:, 1, 5] == tiles.KEY
    assert key_in_pocket.any() and not key_in_pocket.all()  # both kinds of episode are in the batch
    assert tried.failed_entity.tolist() == [2] * 32 and not tried.valid.any()
    assert (tried.objects[~key_in_pocket, 1, 5] == tiles.COIN).all()


def test_a_randomized_goal_moves_only_the_goal():
    """At 100% the coin may go anywhere; the key and the marker keep their one cell, the start its."""
    level = room({"id": "coin", "kind": "coin", "at": [5, 5]},
                 {"id": "key", "kind": "key", "at": [3, 3]},
                 marker("ball", [1, 5]),
                 procedural={"randomized_goal_percent": 100})
    batch = sample_episodes(level, 2, 400)
    assert (batch.objects[:, 3, 3] == tiles.KEY).all()
    assert (batch.objects[:, 1, 5] == tiles.marker_code("red", "ball")).all()
    assert (batch.agent == [1, 1]).all()
    assert (batch.objects[:, 5, 5] != tiles.COIN).any()  # the coin does move
