"""`train`'s progress bar: besides the bar's own time to the step cap, the estimated time to the
success target, from a hand-made success curve whose failure rate halves every 10k steps."""
from __future__ import annotations

from types import SimpleNamespace

from sandbox.commands.train import progress_fields
from sandbox.rl import PPOConfig
from sandbox.rl.trainer import CurvePoint

METRICS = {"charts/episodic_return": 0.5, "charts/success_rate": 0.5, "charts/SPS": 5_000.0}  # the curve's, not these


def trainer_at(successes: list[tuple[int, float]], until: float = 95.0, cap: int = 2_000_000):
    config = PPOConfig(total_steps=cap, until_percent=until)
    curve = [CurvePoint(step, rate, rate) for step, rate in successes]
    return SimpleNamespace(config=config, global_step=successes[-1][0], curve=curve, fresh_point=curve[-1])


def test_the_bar_shows_the_time_to_95_percent_from_the_success_trend():
    # failures 0.8, 0.4, 0.2, 0.1 at 40k-70k: 0.05 at 80k, 10k steps away; at 5,000 steps/s, 2 s
    trainer = trainer_at([(40_000, 0.2), (50_000, 0.6), (60_000, 0.8), (70_000, 0.9)])
    assert progress_fields(trainer, METRICS) == {"return": "0.90", "success": "90%", "steps/s": "5,000",
                                                 "95% in": "~0:02"}
    slower = {**METRICS, "charts/SPS": 64.0}  # 10,000 / 64 = 156.25 s
    assert progress_fields(trainer, slower)["95% in"] == "~2:36"


def test_a_dash_when_the_trend_does_not_get_there_before_the_cap_and_nothing_without_a_target():
    flat = trainer_at([(40_000, 0.5), (50_000, 0.5), (60_000, 0.5), (70_000, 0.5)])
    assert progress_fields(flat, METRICS)["95% in"] == "-"
    # the cap is whole iterations of 256 x 32 = 8,192 steps: 80,000 asked gives 9 of them, 73,728
    near_cap = trainer_at([(40_000, 0.2), (50_000, 0.6), (60_000, 0.8), (70_000, 0.9)], cap=80_000)
    assert progress_fields(near_cap, METRICS)["95% in"] == "-"  # the target is at 80k, after the cap
    past_cap = trainer_at([(40_000, 0.2), (50_000, 0.6), (60_000, 0.8), (70_000, 0.9)], cap=81_920)
    assert progress_fields(past_cap, METRICS)["95% in"] == "~0:02"  # 10 iterations: 81,920
    no_target = trainer_at([(40_000, 0.2), (50_000, 0.6), (60_000, 0.8), (70_000, 0.9)], until=0.0)
    assert set(progress_fields(no_target, METRICS)) == {"return", "success", "steps/s"}
    ninety = trainer_at([(40_000, 0.2), (50_000, 0.6), (60_000, 0.8), (70_000, 0.9)], until=90.0)
    assert progress_fields(ninety, METRICS)["90% in"] == "~0:00"  # there now
