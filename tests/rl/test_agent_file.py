"""Agent files round-trip, and anything that is not a plain agent file is refused clearly."""
from __future__ import annotations

import io
import json
import os
import pickle
import struct
import sys
import zipfile

import pytest
import torch

from sandbox.resources import resource_path
from sandbox.rl import AgentFileError, PPOConfig, Trainer, agent_file, agent_from_trainer, load_agent, save_agent
from sandbox.rl.agent_file import check_fits
from sandbox.rl.metrics import MetricHistory
from sandbox.rl.trainer import CurvePoint
from sandbox.world import level_from_dict
from tests.badinput.test_agent_files import nan_weights
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


# The shipped CoinRun agent, changed one field at a time: each change is refused with these exact words.
# Its network (9x9 grid, planes wall/agent/coin, 16 channels, hidden 128) has 9*3*16*9 + 16 + 16*16*9 + 16
# + 16*81*128 + 128 + 4*128 + 4 + 128 + 1 = 169,429 weights.
SHIPPED = resource_path("agents", "coinrun.pt")
SHIPPED_WEIGHTS = 169_429


def shipped() -> dict:
    return torch.load(SHIPPED, weights_only=True)


def refusal(tmp_path, data: dict | None = None, raw: bytes | None = None) -> str:
    """The words `load_agent` refuses the file with, after the file name it starts with."""
    path = tmp_path / "agent.pt"
    if raw is None:
        torch.save(data, path)
    else:
        path.write_bytes(raw)
    with pytest.raises(AgentFileError) as error:
        load_agent(path)
    text = str(error.value)
    assert text.startswith(f"{path}: ")
    return text[len(f"{path}: "):].replace(str(path), "FILE")


def changed(**fields) -> dict:
    data = shipped()
    data.update(fields)
    return data


def with_settings(**settings) -> dict:
    data = shipped()
    data["config"] = {**data["config"], **settings}
    return data


def with_weights(*missing, as_number: str | None = None, **weights) -> dict:
    """The shipped weights without `missing`, with `weights` ("actor__bias" is 'actor.bias'); the one
    named `as_number` is keyed by that number instead of text."""
    data = shipped()
    state = {**data["state_dict"], **{key.replace("__", "."): value for key, value in weights.items()}}
    for key in missing:
        state.pop(key)
    if as_number is not None:
        state[int(as_number)] = state.pop(as_number)
    data["state_dict"] = state
    return data


def with_level(**fields) -> dict:
    data = shipped()
    data["level"] = json.dumps({**json.loads(data["level"]), **fields})
    return data


SETTINGS = "the recorded level or settings are invalid: setting"
UNFIT = "the weights do not fit the network for its level:"
REFUSED = {
    "newer format": (lambda: changed(format=2),
                     "agent file format 2 is not supported (this Goalpost reads format 1); "
                     "retrain the agent or update Goalpost"),
    "no format": (lambda: {key: value for key, value in shipped().items() if key != "format"},
                  "agent file format None is not supported (this Goalpost reads format 1); "
                  "retrain the agent or update Goalpost"),
    "config a list": (lambda: changed(config=[1, 2]), "damaged agent file: field 'config' is missing or not a dict"),
    "seed negative": (lambda: changed(seed=-1), "damaged agent file: field 'seed' is -1, outside 0 to 2**63-1"),
    "seed a bool": (lambda: changed(seed=True), "damaged agent file: field 'seed' is True, outside 0 to 2**63-1"),
    "steps 2**63": (lambda: changed(steps=2**63),
                    "damaged agent file: field 'steps' is 9223372036854775808, outside 0 to 2**63-1"),
    "not an agent": (lambda: {"kind": "goalpost-level", "format": 1}, "not a Goalpost agent file"),
    "a list": (lambda: [1, 2], "not a Goalpost agent file"),
    "hidden size text": (lambda: with_settings(hidden_size="128"),
                         f"{SETTINGS} 'hidden_size' is '128', not a finite int"),
    "hidden size a bool": (lambda: with_settings(hidden_size=True),
                           f"{SETTINGS} 'hidden_size' is 'True', not a finite int"),
    "hidden size a float": (lambda: with_settings(hidden_size=128.0),
                            f"{SETTINGS} 'hidden_size' is '128.0', not a finite int"),
    "anneal a number": (lambda: with_settings(anneal_lr=1), f"{SETTINGS} 'anneal_lr' is '1', not a finite bool"),
    "stop reason 65 long": (lambda: with_settings(stop_reason="x" * 65),
                            f"{SETTINGS} 'stop_reason' is '{'x' * 40}', not a short printable text"),
    "stop reason escape": (lambda: with_settings(stop_reason="\x1b[31m"),
                           f"{SETTINGS} 'stop_reason' is '\\x1b[31m', not a short printable text"),
    "stop reason a number": (lambda: with_settings(stop_reason=5),
                             f"{SETTINGS} 'stop_reason' is '5', not a short printable text"),
    "learning rate nan": (lambda: with_settings(learning_rate=float("nan")),
                          f"{SETTINGS} 'learning_rate' is 'nan', not a finite float or none"),
    "learning rate a list": (lambda: with_settings(learning_rate=[1e-3]),
                             f"{SETTINGS} 'learning_rate' is '[0.001]', not a finite float or none"),
    "learning rate a bool": (lambda: with_settings(learning_rate=True),
                             f"{SETTINGS} 'learning_rate' is 'True', not a finite float or none"),
    "learning rate text": (lambda: with_settings(learning_rate="fast"),
                           f"{SETTINGS} 'learning_rate' is 'fast', not a finite float or none"),
    "target kl text": (lambda: with_settings(target_kl="x"),
                       f"{SETTINGS} 'target_kl' is 'x', not a finite float or none"),
    "hidden size 0": (lambda: with_settings(hidden_size=0), f"{SETTINGS} 'hidden_size' is 0, outside 1 to 4096"),
    "hidden size 4097": (lambda: with_settings(hidden_size=4097),
                         f"{SETTINGS} 'hidden_size' is 4097, outside 1 to 4096"),
    "channels 257": (lambda: with_settings(conv_channels=257), f"{SETTINGS} 'conv_channels' is 257, outside 1 to 256"),
    # the limits themselves are allowed: the settings pass, and the shipped weights do not fit the network
    "hidden size 1": (lambda: with_settings(hidden_size=1),
                      f"{UNFIT} 'body.6.weight' is (128, 1296) torch.float32, expected (1, 1296) torch.float32"),
    "hidden size 4096": (lambda: with_settings(hidden_size=4096),
                         f"{UNFIT} 'body.6.weight' is (128, 1296) torch.float32, expected (4096, 1296) torch.float32"),
    "channels 1": (lambda: with_settings(conv_channels=1),
                   f"{UNFIT} 'body.0.weight' is (16, 3, 3, 3) torch.float32, expected (1, 3, 3, 3) torch.float32"),
    # 9*256*256 + 9*3*256 + 2*256 + 81*256*4096 + 6*4096 + 5
    "network too big": (lambda: with_settings(conv_channels=256, hidden_size=4096),
                        "refused: its network would have 85,556,485 weights, more than the 16,000,000 allowed"),
    "curve nan return": (lambda: changed(curve=[[1, float("nan"), 0.5]]),
                         "damaged agent file: the training curve holds NaN or infinite values"),
    "curve infinite success": (lambda: changed(curve=[[1, 0.5, float("inf")]]),
                               "damaged agent file: the training curve holds NaN or infinite values"),
    "curve pairs": (lambda: changed(curve=[[1, 2]]),
                    "damaged agent file: the training curve is not (step, return, success) rows"),
    "metrics text": (lambda: changed(metrics="junk"),
                     "damaged agent file: the training metrics are not a table of names, steps and rows"),
    "level not json": (lambda: changed(level="{"),
                       "the recorded level or settings are invalid: FILE: the recorded level is not valid JSON "
                       "(Expecting property name enclosed in double quotes: line 1 column 2 (char 1))"),
    "level nested": (lambda: changed(level="[" * 100_000 + "]" * 100_000),
                     "the recorded level or settings are invalid: FILE: the recorded level is nested too deeply "
                     "to be a level"),
    "level names one id twice": (lambda: with_level(entities=[{"id": "a", "kind": "agent", "at": [4, 1]},
                                                              {"id": "a", "kind": "coin", "at": [4, 7]}]),
                                 "the recorded level or settings are invalid: FILE (its level): field 'entities': "
                                 "two entities have the id 'a'"),
    "spec of another size": (lambda: changed(observation_spec={**shipped()["observation_spec"], "height": 12}),
                             "its observation spec does not match its level (9x9, 15 planes); "
                             "it was made by an incompatible version of Goalpost"),
    "level 7 rows by 9": (lambda: with_level(map=["#########"] + ["#.......#"] * 5 + ["#########"],
                                             entities=[{"id": "start", "kind": "agent", "at": [3, 1]},
                                                       {"id": "coin", "kind": "coin", "at": [3, 7]}]),
                          "its observation spec does not match its level (7x9, 15 planes); "
                          "it was made by an incompatible version of Goalpost"),
    "weight missing": (lambda: with_weights("actor.weight"), f"{UNFIT} missing weight 'actor.weight'"),
    "weight extra": (lambda: with_weights(extra__weight=torch.zeros(1)), f"{UNFIT} unexpected weight 'extra.weight'"),
    # names that are not text are sorted by their text: '5' before 'actor.weight'
    "weight named by a number": (lambda: with_weights("actor.weight", **{"5": torch.zeros(1)}, as_number="5"),
                                 f"{UNFIT} unexpected weight 5"),
    "weight shape": (lambda: with_weights(actor__weight=torch.zeros(4, 7)),
                     f"{UNFIT} 'actor.weight' is (4, 7) torch.float32, expected (4, 128) torch.float32"),
    "weight dtype": (lambda: with_weights(actor__weight=torch.zeros(4, 128, dtype=torch.float64)),
                     f"{UNFIT} 'actor.weight' is (4, 128) torch.float64, expected (4, 128) torch.float32"),
    "weight a list": (lambda: with_weights(actor__bias=[0.0] * 4),
                      f"{UNFIT} 'actor.bias' is list, expected (4,) torch.float32"),
    "weight sparse": (lambda: with_weights(actor__bias=torch.zeros(4).to_sparse()),
                      f"{UNFIT} 'actor.bias' is (4,) torch.float32, expected (4,) torch.float32"),
    "weight nan": (nan_weights, "damaged agent file: weight 'actor.weight' holds NaN or infinite values"),
    "planes of another level": (lambda: with_weights(planes=torch.tensor([0, 1, 3])),
                                "damaged agent file: its observation plane list [0, 1, 3] does not match its "
                                "level's [0, 1, 2]"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_a_damaged_agent_file_is_refused_in_words(tmp_path, case):
    make, words = REFUSED[case]
    assert refusal(tmp_path, make()) == words


def test_the_shipped_agent_loads_with_its_recorded_values():
    agent = load_agent(SHIPPED)
    assert agent.level.name == "CoinRun" and agent.level.shape == (9, 9)
    assert (agent.seed, agent.steps, agent.config.hidden_size, agent.config.conv_channels) == (0, 999_424, 128, 16)
    assert len(agent.curve) == 122 and agent.curve[0] == CurvePoint(8192, 0.1953125, 0.1953125)
    assert agent.metrics == MetricHistory()  # a file from before metrics were kept
    assert not agent.policy.training
    assert sum(t.numel() for k, t in agent.policy.state_dict().items() if k != "planes") == SHIPPED_WEIGHTS
    assert torch.equal(agent.policy.state_dict()["actor.bias"], shipped()["state_dict"]["actor.bias"])


def test_the_limits_of_the_checked_fields_are_allowed(tmp_path):
    path = tmp_path / "edge.pt"
    torch.save({**with_settings(stop_reason="x" * 64, target_kl=0.05), "seed": 2**63 - 1, "steps": 0}, path)
    agent = load_agent(path)
    assert (agent.seed, agent.steps, agent.config.stop_reason, agent.config.target_kl) == (2**63 - 1, 0, "x" * 64, 0.05)


def test_a_network_of_exactly_the_weight_limit_is_allowed(tmp_path, monkeypatch):
    path = tmp_path / "agent.pt"
    torch.save(shipped(), path)
    monkeypatch.setattr(agent_file, "MAX_PARAMETERS", SHIPPED_WEIGHTS)
    load_agent(path)
    monkeypatch.setattr(agent_file, "MAX_PARAMETERS", SHIPPED_WEIGHTS - 1)
    with pytest.raises(AgentFileError) as error:
        load_agent(path)
    assert str(error.value) == f"{path}: refused: its network would have 169,429 weights, more than the 169,428 allowed"


def test_a_curve_of_exactly_the_point_limit_is_allowed(tmp_path, monkeypatch):
    monkeypatch.setattr(agent_file, "MAX_CURVE_POINTS", 3)
    path = tmp_path / "agent.pt"
    torch.save(changed(curve=[[1, 0.0, 0.0], [2, 0.5, 0.25], [3, 1.0, 1.0]]), path)
    assert [p.step for p in load_agent(path).curve] == [1, 2, 3]
    assert refusal(tmp_path, changed(curve=[[1, 0.0, 0.0]] * 4)) == "damaged agent file: 4 curve points, more than 3"


def test_a_value_nested_too_deeply_is_refused_in_words(tmp_path):
    nested: list = []
    for _ in range(3000):
        nested = [nested]
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(20_000)  # only to write the file; reading it runs at the normal limit
    try:
        data = with_settings(hidden_size=nested)
        torch.save(data, tmp_path / "deep.pt")
    finally:
        sys.setrecursionlimit(limit)
    raw = (tmp_path / "deep.pt").read_bytes()
    assert refusal(tmp_path, raw=raw) == "damaged agent file: a value inside it is nested too deeply"


def test_files_that_are_not_agent_files_are_refused_in_words(tmp_path):
    assert refusal(tmp_path, raw=b"") == "not a Goalpost agent file (the file is empty)"
    # a pickle that is cut short, one that is not torch's, one with an opcode torch does not read
    assert refusal(tmp_path, raw=b"\x80\x02") == "not a Goalpost agent file (EOFError)"
    assert refusal(tmp_path, raw=pickle.dumps([], protocol=2)) == (
        "not a Goalpost agent file (Invalid magic number; corrupt file?)")
    assert refusal(tmp_path, raw=b"\x80\x02K\x01K\x02\x93.") == "not a Goalpost agent file (unreadable)"
    # GLOBAL with a module named by a space: no name to quote
    assert refusal(tmp_path, raw=b"c \nx\n.") == ("refused: the file asks to load a Python object, which is not plain "
                                                 "data and could run code; nothing in it was run")
    assert refusal(tmp_path, raw=b"cposix\nsystem\n.") == ("refused: the file asks to load 'posix.system', which is "
                                                          "not plain data and could run code; nothing in it was run")
    with pytest.raises(AgentFileError) as error:
        load_agent(tmp_path / "nope.pt")
    assert str(error.value) == f"{tmp_path / 'nope.pt'}: no such agent file"
    with pytest.raises(AgentFileError) as error:
        load_agent(tmp_path)
    assert str(error.value) == f"{tmp_path}: is a folder, not a file"


def test_code_is_refused_even_when_the_environment_asks_torch_to_run_it(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD", "1")
    payload = _Payload()
    payload.marker = str(tmp_path / "payload-ran")
    assert refusal(tmp_path, changed(config=payload)).startswith("refused: the file asks to load 'posix.mkdir'")
    assert not (tmp_path / "payload-ran").exists()


def central_size(raw: bytes, entry: str, size: int) -> bytes:
    """`raw` with the zip central directory claiming `size` bytes once inflated for `entry`."""
    data = bytearray(raw)
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + length] == entry.encode():
            struct.pack_into("<I", data, at + 24, size)
            return bytes(data)
        at = data.find(b"PK\x01\x02", at + 4)
    raise KeyError(entry)


def test_an_archive_claiming_more_than_the_limits_is_refused_before_inflating(tmp_path):
    raw = SHIPPED.read_bytes()
    others = 684_096 - 663_552  # the shipped archive inflates to 684,096 bytes; its largest entry is data/5
    assert refusal(tmp_path, raw=central_size(raw, "archive/data/5", 128 * 2**20 - others + 1)) == (
        "refused: its archive would inflate to 128 MB, more than the 128 MB an agent file may hold")
    assert refusal(tmp_path, raw=central_size(raw, "archive/data.pkl", 16 * 2**20 + 1)) == (
        "refused: its settings, level and curve take 16 MB, more than the 16 MB allowed")
    # exactly at the limits the archive is not refused: torch reads it and finds the sizes wrong
    for entry, size in (("archive/data/5", 128 * 2**20 - others), ("archive/data.pkl", 16 * 2**20)):
        words = refusal(tmp_path, raw=central_size(raw, entry, size))
        start = "not a Goalpost agent file (PytorchStreamReader failed reading zip archive: invalid header"
        assert words.startswith(start) and words.endswith(")")
        assert len(words) == len("not a Goalpost agent file ()") + 200  # the first line, cut to 200 characters
    # an archive without data.pkl, and one whose directory is damaged
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("archive/version", "3\n")
    assert refusal(tmp_path, raw=buffer.getvalue()).startswith(
        "not a Goalpost agent file (PytorchStreamReader failed locating file data.pkl: file not found.")
    end_record = b"PK\x05\x06" + bytes(4) + struct.pack("<HHII", 1, 1, 46, 0) + bytes(2)
    assert refusal(tmp_path, raw=end_record) == (
        "not a Goalpost agent file (damaged archive: Bad offset for central directory)")


def test_an_agent_saved_on_a_gpu_loads_on_the_cpu(tmp_path):
    """The shipped agent rewritten as if its tensors had been saved from the first GPU."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(SHIPPED) as source, zipfile.ZipFile(buffer, "w") as copy:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename.endswith("data.pkl"):
                assert data.count(b"X\x03\x00\x00\x00cpu") == 1
                data = data.replace(b"X\x03\x00\x00\x00cpu", b"X\x06\x00\x00\x00cuda:0")
            copy.writestr(entry.filename, data)
    path = tmp_path / "gpu.pt"
    path.write_bytes(buffer.getvalue())
    agent = load_agent(path)
    assert agent.policy.actor.weight.device.type == "cpu"
    assert torch.equal(agent.policy.actor.weight, shipped()["state_dict"]["actor.weight"])


def test_loading_for_a_level_of_another_size_names_both_sizes(tmp_path):
    path = tmp_path / "coinrun.pt"
    path.write_bytes(SHIPPED.read_bytes())
    with pytest.raises(AgentFileError) as error:
        load_agent(path, level=level_from_dict(open_room(7)))
    assert str(error.value) == (f"{path} was trained on 'CoinRun' (9x9) and cannot play 'Room' (7x7): "
                                "train an agent on that level instead")


def test_an_agent_does_not_play_a_grid_of_another_shape(tmp_path):
    wide = level_from_dict(open_room(7) | {"map": ["#########"] + ["#.......#"] * 5 + ["#########"], "name": "Wide"})
    assert wide.shape == (7, 9)
    check_fits(wide, (7, 9), "wide.pt", "'Wide'")
    with pytest.raises(AgentFileError) as error:
        check_fits(wide, (9, 7), "wide.pt", "'Tall'")
    assert str(error.value) == ("wide.pt was trained on 'Wide' (7x9) and cannot play 'Tall' (9x7): "
                                "train an agent on that level instead")


def test_an_agent_from_a_trainer_is_the_trainer_itself():
    trainer = Trainer(level_from_dict(open_room(7)), PPOConfig(total_steps=2048, num_envs=16, num_steps=64,
                                                              num_minibatches=4), seed=5)
    trainer.curve.append(CurvePoint(1024, 0.5, 0.25))
    trainer.metrics.add(1024, {})
    agent = agent_from_trainer(trainer)
    assert agent.policy is trainer.policy and agent.level is trainer.level and agent.config is trainer.config
    assert (agent.seed, agent.steps, agent.curve) == (5, 0, [CurvePoint(1024, 0.5, 0.25)])
    assert agent.curve is not trainer.curve and agent.metrics is trainer.metrics


def test_saving_writes_every_field_and_makes_the_folders(tmp_path):
    agent = load_agent(SHIPPED)
    agent.metrics.add(8192, {"losses/value_loss": 0.5})
    path = tmp_path / "a" / "b" / "coinrun.pt"
    save_agent(agent, path)
    save_agent(agent, path.parent / "again.pt")  # the folder exists now
    data = torch.load(path, weights_only=True)
    assert set(data) == {"format", "kind", "config", "level", "observation_spec", "state_dict", "curve", "seed",
                         "steps", "torch_version", "metrics"}
    assert (data["format"], data["kind"], data["seed"], data["steps"]) == (1, "goalpost-agent", 0, 999_424)
    assert data["torch_version"] == str(torch.__version__) and data["torch_version"].startswith("2.")
    assert data["curve"][0] == [8192, 0.1953125, 0.1953125] and len(data["curve"]) == 122
    assert data["metrics"]["steps"] == [8192] and data["observation_spec"]["height"] == 9
    again = load_agent(path.parent / "again.pt")
    assert again.metrics.steps == [8192] and again.metrics.latest()["losses/value_loss"] == 0.5
