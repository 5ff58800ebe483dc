"""Bad agent files given to `main.py eval`: each is one clear line naming the file and what is
wrong, exit code 2, no traceback, and nothing built or inflated before the file is checked (the
child runs under a 3 GB memory limit and a timeout, see `cli_run`)."""
from __future__ import annotations

import io
import json
import os
import pickle
import zipfile

import pytest
import torch

from sandbox.rl import AgentFileError, load_agent
from sandbox.resources import resource_path
from tests.badinput.cli_run import assert_one_error_line as assert_clean_error, run_main

SHIPPED = resource_path("agents", "coinrun.pt")


def shipped_data() -> dict:
    return torch.load(SHIPPED, weights_only=True)


def with_settings(**changes) -> dict:
    data = shipped_data()
    data["config"] = {**data["config"], **changes}
    return data


def with_weights(**changes) -> dict:
    data = shipped_data()
    data["state_dict"] = {**data["state_dict"], **{key.replace("__", "."): value for key, value in changes.items()}}
    return data


def with_level(change) -> dict:
    data = shipped_data()
    level = json.loads(data["level"])
    change(level)
    data["level"] = json.dumps(level)
    return data


def nan_weights() -> dict:
    data = shipped_data()
    weight = data["state_dict"]["actor.weight"].clone()
    weight[0, 0] = float("nan")
    data["state_dict"]["actor.weight"] = weight
    return data


def renamed_entity(level: dict) -> None:
    level["entities"][1]["id"] = level["entities"][0]["id"]


def escape_in_name(level: dict) -> None:
    level["name"] = "Coin\x1b[2Jrun"


# name, a function giving the dict to save, words the one-line error must contain
CASES = {
    "hidden_size_negative": (lambda: with_settings(hidden_size=-1), ["hidden_size", "outside 1 to 4096"]),
    "hidden_size_2_40": (lambda: with_settings(hidden_size=2**40), ["hidden_size", "outside 1 to 4096"]),
    "hidden_size_400000": (lambda: with_settings(hidden_size=400_000), ["hidden_size", "outside 1 to 4096"]),
    "hidden_size_text": (lambda: with_settings(hidden_size="128"), ["hidden_size", "not a finite int"]),
    "stop_reason_escape": (lambda: with_settings(stop_reason="\x1b[31mred"), ["stop_reason", "not a short printable text"]),
    "conv_channels_zero": (lambda: with_settings(conv_channels=0), ["conv_channels"]),
    "learning_rate_nan": (lambda: with_settings(learning_rate=float("nan")), ["learning_rate", "finite"]),
    "unknown_setting": (lambda: with_settings(turbo=True), ["unknown PPO settings: turbo"]),
    "planes_out_of_range": (lambda: with_weights(planes=torch.tensor([0, 1, 99])), ["plane list", "99"]),
    "planes_wrong_length": (lambda: with_weights(planes=torch.tensor([0, 1])), ["'planes'", "do not fit"]),
    "nan_weights": (nan_weights, ["actor.weight", "NaN"]),
    "inf_bias": (lambda: with_weights(critic__bias=torch.tensor([float("inf")])), ["critic.bias", "NaN or infinite"]),
    "weight_wrong_shape": (lambda: with_weights(actor__weight=torch.zeros(4, 7)), ["actor.weight", "do not fit"]),
    "weight_wrong_dtype": (lambda: with_weights(actor__weight=torch.zeros(4, 128, dtype=torch.float64)),
                           ["actor.weight", "float64"]),
    "weight_not_a_tensor": (lambda: with_weights(actor__bias=[0.0, 0.0, 0.0, 0.0]), ["actor.bias", "list"]),
    "weight_extra": (lambda: with_weights(extra__weight=torch.zeros(1)), ["unexpected weight 'extra.weight'"]),
    "level_nested_100k": (lambda: {**shipped_data(), "level": "[" * 100_000 + "]" * 100_000}, ["nested too deeply"]),
    "level_not_json": (lambda: {**shipped_data(), "level": "{"}, ["not valid JSON"]),
    "level_duplicate_ids": (lambda: with_level(renamed_entity), ["two entities have the id"]),
    "level_escape_in_name": (lambda: with_level(escape_in_name), ["field 'name'", "control character"]),
    "curve_nan": (lambda: {**shipped_data(), "curve": [[1, float("nan"), 0.5]]}, ["curve", "NaN"]),
    "curve_not_rows": (lambda: {**shipped_data(), "curve": [[1, 2]]}, ["curve"]),
    "format_newer": (lambda: {**shipped_data(), "format": 2}, ["format 2 is not supported"]),
    "config_not_a_dict": (lambda: {**shipped_data(), "config": [1, 2]}, ["field 'config'"]),
    "seed_negative": (lambda: {**shipped_data(), "seed": -1}, ["field 'seed'"]),
    "steps_huge": (lambda: {**shipped_data(), "steps": 2**80}, ["field 'steps'"]),
}


@pytest.mark.parametrize("name", CASES)
def test_bad_agent_file_is_one_clear_line(name, tmp_path):
    make, words = CASES[name]
    path = tmp_path / f"{name}.pt"
    torch.save(make(), path)
    assert_clean_error(run_main("eval", str(path), "--episodes", "1", cwd=tmp_path), str(path), *words)


def test_each_bad_agent_file_is_an_agent_file_error(tmp_path):
    """The same cases in-process: the API raises `AgentFileError` (a ValueError) and nothing else."""
    for name, (make, _) in CASES.items():
        path = tmp_path / f"{name}.pt"
        torch.save(make(), path)
        with pytest.raises(AgentFileError):
            load_agent(path)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.pt"
    path.write_bytes(b"")
    assert_clean_error(run_main("eval", str(path), cwd=tmp_path), str(path), "not a Goalpost agent file", "empty")


def test_truncated_file(tmp_path):
    path = tmp_path / "half.pt"
    path.write_bytes(SHIPPED.read_bytes()[:300_000])
    assert_clean_error(run_main("eval", str(path), cwd=tmp_path), str(path), "not a Goalpost agent file")


def test_over_the_size_cap_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.pt"
    with open(path, "wb") as file:
        file.truncate(6 << 30)  # sparse: reading it would blow the child's 3 GB limit
    assert_clean_error(run_main("eval", str(path), cwd=tmp_path), str(path), "more than the 128 MB allowed")


def test_a_deflate_bomb_is_refused_before_inflating(tmp_path):
    """The shipped agent plus one deflated entry of 400 MB of zeros (about 0.4 MB in the file)."""
    path = tmp_path / "bomb.pt"
    buffer = io.BytesIO(SHIPPED.read_bytes())
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("coinrun/data/99", "w", force_zip64=True) as entry:
            zeros = bytes(1 << 20)
            for _ in range(400):
                entry.write(zeros)
    path.write_bytes(buffer.getvalue())
    assert path.stat().st_size < 4 << 20
    assert_clean_error(run_main("eval", str(path), cwd=tmp_path), str(path), "would inflate to", "more than the 128 MB")


def test_pickled_code_is_refused_and_not_run(tmp_path):
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (os.mkdir, (str(marker),))

    path = tmp_path / "evil.pt"
    path.write_bytes(pickle.dumps(Payload()))
    assert_clean_error(run_main("eval", str(path), cwd=tmp_path), str(path))
    assert not marker.exists()


def test_the_shipped_agent_still_loads():
    agent = load_agent(SHIPPED)
    assert agent.config.hidden_size == 128
