"""The Train panel's chart switches to PPO's losses: one small plot per loss, drawn from the curve."""
from __future__ import annotations

import numpy as np
import pygame

from sandbox.rl.metrics import LOSS_NAMES
from sandbox.ui.loss_charts import LOSS_ORDER, SHOWN, plot_rects
from sandbox.ui.reward_curve import RETURN_RGB
from sandbox.ui.training_run import FINISHED, CurveSample
from tests.ui.conftest import click_widget, frames


def test_the_window_s_copy_of_the_loss_order_is_the_trainer_s():
    assert LOSS_ORDER == LOSS_NAMES and {name for name, _ in SHOWN} <= set(LOSS_NAMES)


def test_six_plots_fill_a_two_column_grid():
    pygame.font.init()  # the title line's height comes from the font
    cells = plot_rects(pygame.Rect(0, 0, 326, 300))
    assert len(cells) == 6 and len({c.width for c in cells}) == 1 and len({c.height for c in cells}) == 1
    assert cells[0].x == 6 and cells[1].x == 6 + cells[0].width + 6 and cells[2].y == cells[0].bottom + 6
    assert all(c.right <= 320 for c in cells) and cells[-1].bottom <= 300


def test_the_losses_button_switches_the_chart_and_back(app):
    app.set_mode("train")
    run = app.training
    # entropy falls 1.4 -> 0.8 over three iterations; every other loss stays flat
    run.curve = [CurveSample(step, 0.5, 0.5, (0.1, 0.0, entropy, 0.0, 0.01, 0.1, 0.5))
                 for step, entropy in ((8192, 1.4), (16384, 1.1), (24576, 0.8))]
    run.state, run.step, run.total_steps = FINISHED, 24576, 2_000_000
    panel = app.train_panel
    frames(app)
    curve_area = pygame.Rect(panel.curve.rect)
    before = pygame.surfarray.array3d(app.screen.subsurface(curve_area)).copy()
    click_widget(app, panel.chart_button)
    assert panel.showing_losses and panel.chart_button.text == "Return"
    frames(app)
    entropy = plot_rects(curve_area)[2]
    pixels = pygame.surfarray.array3d(app.screen.subsurface(entropy))
    line = np.argwhere(np.all(pixels == RETURN_RGB, axis=2))  # (x, y) of the entropy line's pixels
    assert len(line) > 10
    left, right = line[line[:, 0] < entropy.width // 4], line[line[:, 0] > 3 * entropy.width // 4]
    assert left[:, 1].mean() < right[:, 1].mean()  # it falls: high (small y) on the left, low on the right
    click_widget(app, panel.chart_button)
    frames(app)
    assert not panel.showing_losses and panel.chart_button.text == "Losses"
    assert np.array_equal(before, pygame.surfarray.array3d(app.screen.subsurface(curve_area)))
    run.state = "idle"


def test_an_agent_file_s_curve_comes_with_its_losses(tmp_path):
    from sandbox.rl import PPOConfig, Trainer, agent_from_trainer, save_agent
    from sandbox.ui.training_run import read_agent
    from sandbox.world import level_from_dict
    from tests.conftest import open_room

    trainer = Trainer(level_from_dict(open_room(5)), PPOConfig(total_steps=1024, num_envs=8, num_steps=64,
                                                               num_minibatches=2), seed=1)
    while not trainer.finished:
        trainer.train_iteration()
    save_agent(agent_from_trainer(trainer), tmp_path / "a.pt")
    _, curve = read_agent(tmp_path / "a.pt")
    assert curve and all(len(sample.losses) == 7 for sample in curve)
    entropy = trainer.metrics.column("losses/entropy")
    by_step = dict(zip(trainer.metrics.steps, entropy))
    assert [sample.losses[2] for sample in curve] == [by_step[sample.step] for sample in curve]
