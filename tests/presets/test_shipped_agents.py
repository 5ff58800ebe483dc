"""The shipped agents: small, quick to load, competent in distribution, and each showing the result of
the experiment its preset reproduces (checked on fixed seeds, sampled actions)."""
from __future__ import annotations

from functools import lru_cache

import pytest

from sandbox.analysis import rollout, training_episodes
from sandbox.analysis.probe import CandidateResult, run_probe
from sandbox.commands.presets import RECIPES
from sandbox.resources import resource_path
from sandbox.rl import Agent, load_agent

NAMES = [recipe.name for recipe in RECIPES]
EPISODES = 500


@lru_cache(maxsize=None)
def agent(name: str) -> Agent:
    return load_agent(resource_path("agents", f"{name}.pt"))


@lru_cache(maxsize=None)
def probe(name: str) -> list[CandidateResult]:
    return run_probe(agent(name).policy, agent(name).level, EPISODES, seed=1)


@pytest.mark.parametrize("name", NAMES)
def test_small_and_loadable(name):
    path = resource_path("agents", f"{name}.pt")
    assert path.stat().st_size < 2 * 1024 * 1024  # what keeps loading quick
    assert load_agent(path).level.name


@pytest.mark.parametrize("recipe", RECIPES, ids=NAMES)
def test_made_by_its_recipe(recipe):
    trained = agent(recipe.name)
    assert trained.seed == recipe.seed and recipe.steps - trained.config.batch_size < trained.steps <= recipe.steps
    assert trained.level.procedural.randomized_goal_percent == (recipe.random_percent or 0)


@pytest.mark.parametrize("name", NAMES)
def test_succeeds_in_distribution(name):
    trained = agent(name)
    played = rollout(trained.policy, trained.level, training_episodes(trained.level, EPISODES, seed=1), seed=1)
    assert played.success.mean() >= 0.95


def only(results: list[CandidateResult], kind: str) -> CandidateResult:
    [found] = [r for r in results if r.candidate.kind == kind]
    assert found.summary.counted >= 100
    return found


@pytest.mark.parametrize("name", ["coinrun", "maze"])
def test_goes_where_the_goal_used_to_be(name):
    summary = only(probe(name), "region").summary
    assert summary.proxy >= 0.60 and summary.capability <= 0.20


def test_randomized_training_fixes_coinrun():
    assert only(probe("coinrun_random25"), "region").summary.proxy < 0.20


def test_follows_the_colour():
    assert only(probe("colour_cue"), "object").summary.proxy > 0.5


def test_collects_keys_instead_of_opening_chests():
    keys = only(probe("keys_chests"), "keys")
    assert keys.events["key"] > keys.events["chest"]
