"""Agent files round-trip, and anything that is not a plain agent file is refused clearly."""
from __future__ import annotations

import os
import pickle

import pytest
import torch

from sandbox.rl import AgentFileError, PPOConfig, Trainer, agent_from_trainer, load_agent, save_agent
from sandbox.world import level_from_dict
from tests.conftest import open_room


@pytest.fixture
def trained(tmp_path):
    level = level_from_dict(open_room(7))
    trainer = Trainer(level, PPOConfig(total_steps=2048, num_envs=16, num_steps=64, num_minibatches=4), seed=5)
    while not trainer.finished:
        trainer.train_iteration()
    path = tmp_path / "room.pt"
    save_agent(agent_from_trainer(trainer), path)
    return trainer, path


def test_round_trip(trained):
    trainer, path = trained
    agent = load_agent(path, level=trainer.level)
    assert agent.level == trainer.level and agent.config == trainer.config
    assert agent.seed == 5 and agent.steps == trainer.global_step and agent.curve == trainer.curve
    for name, tensor in trainer.policy.state_dict().items():
        assert torch.equal(agent.policy.state_dict()[name], tensor)
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


class _Payload:
    def __reduce__(self):
        return (os.mkdir, (self.marker,))


def test_pickled_code_is_refused_without_running_it(trained, tmp_path):
    _, path = trained
    data = torch.load(path, weights_only=True)
    payload = _Payload()
    payload.marker = str(tmp_path / "payload-ran")
    data["config"] = payload
    evil = tmp_path / "evil.pt"
    torch.save(data, evil)
    with pytest.raises(AgentFileError, match="refused: the file asks to load .*posix.mkdir.*nothing in it was run"):
        load_agent(evil)
    assert not (tmp_path / "payload-ran").exists()


def test_plain_pickle_is_refused(tmp_path):
    evil = tmp_path / "plain.pt"
    payload = _Payload()
    payload.marker = str(tmp_path / "payload-ran")
    evil.write_bytes(pickle.dumps(payload))
    with pytest.raises(AgentFileError):
        load_agent(evil)
    assert not (tmp_path / "payload-ran").exists()


def _rewrite(path, tmp_path, **changes):
    data = torch.load(path, weights_only=True)
    data.update(changes)
    out = tmp_path / "changed.pt"
    torch.save(data, out)
    return out


def test_wrong_format_version_is_refused(trained, tmp_path):
    _, path = trained
    with pytest.raises(AgentFileError, match="format 99 is not supported"):
        load_agent(_rewrite(path, tmp_path, format=99))


def test_observation_spec_not_matching_the_level_is_refused(trained, tmp_path):
    _, path = trained
    spec = dict(torch.load(path, weights_only=True)["observation_spec"], height=12)
    with pytest.raises(AgentFileError, match="observation spec does not match"):
        load_agent(_rewrite(path, tmp_path, observation_spec=spec))


def test_agent_for_another_level_is_refused(trained):
    _, path = trained
    with pytest.raises(AgentFileError, match=r"trained on 'Room' \(7x7\) and cannot play 'Room' \(9x9\)"):
        load_agent(path, level=level_from_dict(open_room(9)))


def test_missing_garbage_and_damaged_files(trained, tmp_path):
    _, path = trained
    with pytest.raises(AgentFileError, match="no such agent file"):
        load_agent(tmp_path / "nope.pt")
    garbage = tmp_path / "garbage.pt"
    garbage.write_bytes(b"not a zip and not a pickle")
    with pytest.raises(AgentFileError, match="not a Goalpost agent file"):
        load_agent(garbage)
    with pytest.raises(AgentFileError, match="field 'curve'"):
        load_agent(_rewrite(path, tmp_path, curve="flat"))
    weights = dict(torch.load(path, weights_only=True)["state_dict"])
    weights.pop("actor.weight")
    with pytest.raises(AgentFileError, match="weights do not fit"):
        load_agent(_rewrite(path, tmp_path, state_dict=weights))
