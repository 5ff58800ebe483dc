"""Training metrics: CleanRL's names, kept per iteration in the agent file and the checkpoint,
written to TensorBoard's event files, and shown by `eval --verbose`."""
from __future__ import annotations

import math
import sys

import numpy as np
import pytest
import torch

from sandbox.commands import main
from sandbox.rl import PPOConfig, Trainer, agent_from_trainer, load_agent, save_agent
from sandbox.rl.agent_file import AgentFileError
from sandbox.rl.checkpoint import load_checkpoint, save_checkpoint
from sandbox.rl.metrics import LOSS_NAMES, METRIC_NAMES, MetricHistory, MetricsError
from sandbox.world import level_from_dict
from tests.conftest import open_room

CLEANRL = ["charts/episodic_return", "charts/episodic_length", "charts/SPS", "charts/learning_rate",
           "losses/value_loss", "losses/policy_loss", "losses/entropy", "losses/old_approx_kl", "losses/approx_kl",
           "losses/clipfrac", "losses/explained_variance"]


def test_the_table_has_cleanrl_s_names_plus_success():
    assert set(CLEANRL) | {"charts/success_rate", "charts/rolling_success_rate"} == set(METRIC_NAMES)
    assert len(METRIC_NAMES) == 13


def test_a_table_round_trips_and_maps_columns_by_name():
    history = MetricHistory()
    history.add(8192, {"losses/entropy": 1.25, "charts/SPS": 900.0})
    history.add(16384, {"losses/entropy": 1.0})
    again = MetricHistory.from_dict(history.to_dict())
    assert again.steps == [8192, 16384] and again.column("losses/entropy") == [1.25, 1.0]
    assert again.column("charts/SPS")[0] == 900.0 and math.isnan(again.column("charts/SPS")[1])
    # a file whose columns are in another order, with a name this version does not know
    other = MetricHistory.from_dict({"names": ["future/metric", "losses/entropy"], "steps": [5], "rows": [[7.0, 0.5]]})
    assert other.latest()["losses/entropy"] == 0.5 and "future/metric" not in other.latest()
    assert math.isnan(other.latest()["losses/value_loss"])


@pytest.mark.parametrize("data, message", [
    ([1, 2], "not a table of names, steps and rows"),
    ({"names": ["a"], "steps": [1, 2], "rows": [[1.0]]}, "hold 2 steps for 1 rows"),
    ({"names": [3], "steps": [1], "rows": [[1.0]]}, "names are not all text"),
    ({"names": ["a", "b"], "steps": [1], "rows": [[1.0]]}, "row at step 1 is not 2 numbers"),
    ({"names": ["a"], "steps": [1], "rows": [["x"]]}, "row at step 1 is not 1 numbers"),
    ({"names": ["a"], "steps": [True], "rows": [[1.0]]}, "row at step True is not 1 numbers"),
])
def test_a_damaged_table_is_refused_with_what_is_wrong(data, message):
    with pytest.raises(MetricsError, match=message):
        MetricHistory.from_dict(data)


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """Checkpoints of `train` go to a folder of the test's own."""
    monkeypatch.setenv("GOALPOST_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture(scope="module")
def trainer():
    level = level_from_dict(open_room(7))
    run = Trainer(level, PPOConfig(total_steps=4096, num_envs=16, num_steps=64, num_minibatches=4), seed=2)
    while not run.finished:
        run.train_iteration()
    return run


def test_a_trained_agent_carries_its_losses_per_iteration(trainer, tmp_path):
    save_agent(agent_from_trainer(trainer), tmp_path / "a.pt")
    metrics = load_agent(tmp_path / "a.pt").metrics
    assert metrics.steps == [1024 * i for i in range(1, 5)]  # 4096 steps in updates of 16 x 64
    for name in LOSS_NAMES:
        values = metrics.column(name)
        assert all(math.isfinite(v) for v in values), name
        if name != "losses/clipfrac":  # the first update of a fresh policy clips nothing; later ones may
            assert len(set(values)) > 1, f"{name} never changed"
    # an open room, not a maze: the default 2e-3, annealed linearly over the 4 iterations
    assert metrics.column("charts/learning_rate") == pytest.approx([2e-3 * (1 - i / 4) for i in range(4)])
    assert all(v > 0 for v in metrics.column("charts/SPS"))


def test_a_checkpoint_keeps_the_history_so_a_resumed_run_continues_it(trainer, tmp_path):
    save_checkpoint(trainer, tmp_path / "c.pt", tmp_path / "a.pt")
    resumed, _, _ = load_checkpoint(tmp_path / "c.pt")
    assert resumed.metrics.steps == trainer.metrics.steps
    np.testing.assert_array_equal(resumed.metrics.rows, trainer.metrics.rows)  # NaNs equal where both are NaN


def test_an_agent_file_from_before_metrics_loads_with_none_and_a_damaged_table_is_refused(trainer, tmp_path):
    save_agent(agent_from_trainer(trainer), tmp_path / "a.pt")
    data = torch.load(tmp_path / "a.pt", weights_only=True)
    del data["metrics"]
    torch.save(data, tmp_path / "old.pt")
    assert load_agent(tmp_path / "old.pt").metrics.rows == []
    data["metrics"] = {"names": ["losses/entropy"], "steps": [1], "rows": [["high"]]}
    torch.save(data, tmp_path / "bad.pt")
    with pytest.raises(AgentFileError, match=r"bad.pt: damaged agent file: the training metrics' row at step 1"):
        load_agent(tmp_path / "bad.pt")


def train_tiny(tmp_path, *extra: str) -> int:
    return main(["train", "levels/coinrun.json", "--steps", "2048", "--envs", "16", "--num-steps", "64",
                 "--num-minibatches", "4", "--seed", "4", "--threads", "1", "--out", str(tmp_path / "a.pt"), *extra])


def test_train_writes_tensorboard_events_that_tensorboard_reads_back(tmp_path, data_dir):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    assert train_tiny(tmp_path, "--tensorboard", str(tmp_path / "tb")) == 0
    events = EventAccumulator(str(tmp_path / "tb"))
    events.Reload()
    stored = load_agent(tmp_path / "a.pt").metrics
    assert set(CLEANRL) <= set(events.Tags()["scalars"])
    for name in LOSS_NAMES:
        scalars = events.Scalars(name)
        assert [s.step for s in scalars] == [1024, 2048]  # two updates of 16 x 64
        assert [s.value for s in scalars] == pytest.approx(stored.column(name), rel=1e-6)
    assert "hyperparameters/text_summary" in events.Tags()["tensors"]


def test_train_without_tensorboard_installed_says_what_to_install(tmp_path, data_dir, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "torch.utils.tensorboard", None)  # import fails as if not installed
    assert train_tiny(tmp_path, "--tensorboard", str(tmp_path / "tb")) == 2
    err = capsys.readouterr().err
    assert "goalpost: error: writing TensorBoard files needs the TensorBoard package" in err
    assert "Traceback" not in err and not (tmp_path / "a.pt").exists()


def test_eval_verbose_prints_the_settings_seed_ending_and_last_metrics(tmp_path, data_dir, capsys):
    assert train_tiny(tmp_path) == 0
    capsys.readouterr()
    assert main(["eval", str(tmp_path / "a.pt"), "--episodes", "4", "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "  seed 4; 2,048 steps; the run ran to its step cap" in out
    assert "    num_steps = 64" in out and "    num_minibatches = 4" in out and "    gamma = 0.99" in out
    assert "  metrics after the last of 2 iterations:" in out and "    losses/entropy = " in out


def test_sweep_writes_each_run_s_events_in_a_folder_of_its_own(tmp_path, capsys):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    assert main(["sweep", "levels/coinrun.json", "--random-percent", "0,25", "--seeds", "1", "--steps", "2048",
                 "--episodes", "10", "--workers", "1", "--out", str(tmp_path / "out"),
                 "--tensorboard", str(tmp_path / "tb")]) == 0
    assert sorted(p.name for p in (tmp_path / "tb").iterdir()) == ["randomized=0-seed0", "randomized=25-seed0"]
    events = EventAccumulator(str(tmp_path / "tb" / "randomized=25-seed0"))
    events.Reload()
    assert [s.step for s in events.Scalars("losses/value_loss")] == [8192]  # one update of the default 64 x 128
