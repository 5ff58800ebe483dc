"""The window fits the screen and reads at every size; presenter mode, recordings, legends, the
curve's two lines and the prompts that say what will happen."""
from __future__ import annotations

import inspect
import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pygame
import pytest

from sandbox.env.rendering import COIN_RGB
from sandbox.ui import presenter_layout, theme, train_panel
from sandbox.ui.side_panel import CONTENT_HEIGHT
from sandbox.ui.app import App, initial_size
from sandbox.ui.overlays import VISITS_RAMP, ramp_colour
from sandbox.ui.reward_curve import RETURN_RGB, SUCCESS_RGB, RewardCurvePanel
from sandbox.ui.test_runs import ManyPlayed
from sandbox.ui.training_run import RUNNING, CurveSample
from tests.ui.conftest import click_widget, frames, press_key


@pytest.fixture
def sized_app(data_dir, level_copy, request):
    window = App(level_copy, size=request.param)
    frames(window)
    yield window
    window.close()
    pygame.display.quit()


def test_the_first_window_fits_a_laptop_screen_with_its_status_bar():
    assert initial_size((1366, 768)) == (1280, 688)
    assert initial_size((1920, 1080)) == (1280, 800)
    assert initial_size((1024, 768)) == (1024, 688)


def all_widgets(app) -> list:
    panels = [app.mode_bar.panel, {"edit": app.side.panel, "train": app.train_panel.panel,
                                   "test": app.test_panel.panel}[app.mode]]
    return [e for p in panels for e in p.get_container().elements if e.visible]


@pytest.mark.parametrize("sized_app", [(1024, 640), (1280, 688), (1920, 1080)], indirect=True)
@pytest.mark.parametrize("mode", ["edit", "train", "test"])
def test_every_part_is_inside_the_window_at_each_size(sized_app, mode):
    app = sized_app
    app.set_mode(mode)
    frames(app, 2)
    window = pygame.Rect(0, 0, *app.screen.get_size())
    assert app.status.rect.bottom == window.bottom and window.contains(app.status.rect)
    for element in all_widgets(app):
        assert window.contains(element.get_abs_rect()), f"{element} sticks out of {window}"
    if mode != "edit":
        panel = app.train_panel if mode == "train" else app.test_panel
        assert panel.canvas.rect.contains(panel.curve.rect)
        assert panel.curve.rect.height >= 120, "the curve must stay readable"
        under = train_panel.SAVED_HEIGHT + 8 if mode == "train" else 0  # the saved agent's path and folder button
        assert panel.curve.rect.bottom >= panel.canvas.rect.bottom - 10 - under, "the curve should use the height"
    assert app.canvas.tile >= 20
    assert app.mode_bar.presets.get_abs_rect().width >= 140, "the preset menu must show its names"


def font_sizes_used(app, monkeypatch) -> dict[str, set[int]]:
    """Size of every font the window's own drawing asks for, by the module asking."""
    sizes: dict[str, set[int]] = {}
    real = theme.font

    def spy(size: int, bold: bool = False):
        caller = Path(inspect.stack()[1].filename).stem
        sizes.setdefault(caller, set()).add(size)
        return real(size, bold)

    monkeypatch.setattr(theme, "font", spy)
    for mode in ("edit", "train", "test"):
        app.set_mode(mode)
        frames(app, 2)
    return sizes


def test_panel_text_is_at_least_14_px_and_curve_labels_at_least_12(app, monkeypatch):
    app.session.many = ManyPlayed((0.2, 0.7, 0.1), ("goal", "proxy", "capability failure"),
                                    np.ones(app.document.level.shape), True, 200)
    app.test_view.overlays["visits"] = True
    sizes = font_sizes_used(app, monkeypatch)
    assert {"train_panel", "test_panel", "legends", "status_bar", "reward_curve"} <= set(sizes)
    for module, used in sizes.items():
        assert min(used) >= (12 if module == "reward_curve" else 14), f"{module} draws text at {min(used)} px"
    widget_sizes = [int(block["font"]["size"]) for block in json.loads(theme.THEME_PATH.read_text()).values()
                    if "font" in block]
    assert min(widget_sizes) >= 14


def test_presenter_type_is_large_enough_at_1920x1080():
    pygame.font.init()
    layout = presenter_layout.arrange((1920, 1080))
    caption = theme.font(layout.sizes.caption, bold=True).render("CoinRun: the coin moved", True, theme.TEXT)
    number = theme.font(layout.sizes.number, bold=True).render("85%", True, theme.TEXT)
    assert layout.sizes.caption >= 28 and caption.get_height() >= 28
    assert layout.sizes.number >= 40 and number.get_height() >= 40
    assert layout.level.width + layout.curve.width >= 1920 * 0.95  # level and curve fill the width
    assert layout.curve.height >= 1080 * 0.55


def test_presenter_toggle_hides_the_chrome_and_brings_it_back(app):
    app.set_mode("test")
    frames(app, 2)
    size = app.screen.get_size()
    press_key(app, pygame.K_F11)
    frames(app, 2)
    assert app.presenting and not any(e.visible for e in all_widgets(app))
    assert not app.mode_bar.presets.visible
    width = app.screen.get_width()
    assert app.canvas.rect.width + app.stage.presentation.layout.curve.width >= width * 0.95
    assert app.canvas.rect.top == 0, "no top bar in presenter mode"
    press_key(app, pygame.K_ESCAPE)
    frames(app, 2)
    assert not app.presenting and app.screen.get_size() == size
    assert app.test_panel.panel.visible and app.mode_bar.panel.visible


def test_the_present_button_toggles_presenter_mode(app):
    click_widget(app, app.mode_bar.actions["present"])
    assert app.presenting


def test_a_recording_frame_has_the_level_and_a_full_height_curve_and_no_hover(app):
    click_widget(app, app.mode_bar.actions["record"])
    cell = (4, 4)
    app.canvas.hover = cell
    frames(app, 2)
    picture = app.canvas.picture_rect
    frame = app.stage.recording_frame(app.screen)  # uint8[H, W, 3]
    look = app.stage.recording.layout
    assert frame.shape[:2] == (look.size[1], look.size[0])
    assert look.curve.left >= look.level.right - 1 and look.curve.height == picture.height
    level = frame[look.level.y + 12:look.level.y + 12 + picture.height, 12:12 + picture.width]
    on_screen = pygame.surfarray.array3d(app.screen.subsurface(picture)).transpose(1, 0, 2)
    assert np.array_equal(level, on_screen)
    edge = app.canvas.cell_rect(cell).move(-picture.x, -picture.y)
    assert not np.all(level[edge.y, edge.x + 4] == 255), "the hover outline must not be recorded"
    caption = frame[look.caption.y:, :]
    assert (caption.max(axis=2) > 200).any(), "the caption is written under level and curve"
    click_widget(app, app.mode_bar.actions["record"])
    app.exports.recorder.wait()


def test_plain_caption_says_where_things_went_in_words(app):
    level = app.document.level
    episode = level.default_episode()
    coin = next(e for e in level.entities if e.id == "coin")
    moved = episode.objects.copy()
    moved[coin.at] = 0
    moved[1, 4] = coin.code
    caption = presenter_layout.plain_caption(level, type(episode)(episode.walls, moved, episode.agent))
    assert caption.endswith("the coin moved to the top.")
    moved[1, 4], moved[7, 7] = 0, coin.code
    caption = presenter_layout.plain_caption(level, type(episode)(episode.walls, moved, episode.agent))
    assert caption.endswith("the coin moved to the bottom right.")


def test_the_curve_draws_return_and_success_in_two_colours_with_a_legend():
    pygame.font.init()
    panel = RewardCurvePanel(pygame.Rect(0, 0, 336, 240))
    curve = [CurveSample(step, 0.1 * i, 0.1 * i) for i, step in enumerate(range(0, 100_000, 10_000))]
    surface = pygame.Surface((336, 240))
    panel.draw(surface, curve, 100_000, "reward curve")
    pixels = pygame.surfarray.array3d(surface).reshape(-1, 3)
    for colour in (RETURN_RGB, SUCCESS_RGB):
        assert (np.abs(pixels.astype(int) - colour).sum(axis=1) < 20).sum() > 60
    assert np.abs(np.subtract(RETURN_RGB, SUCCESS_RGB)).sum() > 150


def test_the_visits_heatmap_lies_under_the_objects_and_has_a_legend(app):
    app.set_mode("test")
    frames(app, 2)
    app.session.many = ManyPlayed((0.2, 0.7, 0.1), ("goal", "proxy", "capability failure"),
                                    np.ones(app.document.level.shape), True, 200)
    app.test_view.overlays["visits"] = True
    frames(app, 2)
    coin = next(e for e in app.document.level.entities if e.id == "coin")
    centre = app.canvas.cell_rect(coin.at).center
    assert np.abs(np.subtract(app.screen.get_at(centre)[:3], COIN_RGB)).sum() < 20, "the coin keeps its colour"
    pixels = pygame.surfarray.array3d(app.screen.subsurface(app.canvas.rect)).reshape(-1, 3).astype(int)
    for amount in (0.1, 0.5, 0.9):  # the legend's strip, drawn opaque, holds the ramp's colours exactly
        close = np.abs(pixels - ramp_colour(VISITS_RAMP, amount)).sum(axis=1) < 8
        assert close.sum() >= 12, f"the legend should show the ramp's colour at {amount}"


def test_quitting_during_training_says_training_will_stop(app):
    app.training.state = RUNNING
    app.training.step, app.training.total_steps = 1000, 393_216
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    frames(app, 2)
    assert app.running and app.dialogs.is_open
    text = app.dialogs.top.confirmation_text.html_text
    assert "stops training" in text
    app.training.state = "idle"


def test_the_train_panel_explains_a_rounded_step_count(app):
    app.set_mode("train")
    app.train_panel.asked_steps = 400_000
    run = app.training
    run.state, run.step, run.total_steps = RUNNING, 0, 393_216
    run._config = SimpleNamespace(batch_size=8192)
    lines = " ".join(text for text, _ in app.train_panel.status_lines())
    assert "whole updates of 8,192 steps: 400,000 asked gives 393,216" in lines
    run.state, run._config = "idle", None


def test_a_recording_keeps_the_heatmap_legend_off_the_level_and_in_its_caption_band(app):
    app.set_mode("test")
    app.session.many = ManyPlayed((0.2, 0.7, 0.1), ("goal", "proxy", "capability failure"),
                                    np.ones(app.document.level.shape), True, 200)
    app.test_view.overlays["visits"] = True
    click_widget(app, app.mode_bar.actions["record"])
    frames(app, 2)
    frame = app.stage.recording_frame(app.screen).astype(int)
    look = app.stage.recording.layout
    for part, expected in ((frame[look.caption.y:], True), (frame[:look.caption.y, :look.level.right], False)):
        close = np.abs(part - ramp_colour(VISITS_RAMP, 0.5)).sum(axis=2) < 8
        assert (close.sum() >= 12) == expected
    click_widget(app, app.mode_bar.actions["record"])
    app.exports.recorder.wait()


def test_the_help_page_fits_the_smallest_window():
    from sandbox.ui.help_overlay import HelpOverlay

    pygame.font.init()
    surface = pygame.Surface((1024, 640))
    help_page = HelpOverlay()
    help_page.toggle()
    help_page.draw(surface)
    border = np.all(pygame.surfarray.array3d(surface) == (127, 196, 240), axis=2)  # [x, y]
    rows = np.nonzero(border.any(axis=0))[0]
    assert rows.min() > 0 and rows.max() < 639


def test_plain_caption_gives_new_counts_and_new_layouts_without_false_moves():
    from sandbox.world.level_file import load_level

    keys = load_level(Path("levels/keys_chests.json"))
    episode = keys.default_episode()
    objects = episode.objects.copy()
    key_code = next(e.code for e in keys.entities if e.kind == "key")
    chest_code = next(e.code for e in keys.entities if e.kind == "chest")
    chests = list(zip(*np.nonzero(objects == chest_code)))
    for cell in chests[:2]:
        objects[cell] = key_code  # 2 keys, 4 chests in the level -> 4 keys, 2 chests
    caption = presenter_layout.plain_caption(keys, type(episode)(episode.walls, objects, episode.agent))
    assert caption == "KeysChests: 4 keys and 2 chests; 2 and 4 in training."
    maze = load_level(Path("levels/maze.json"))
    episode = maze.default_episode()
    walls = episode.walls.copy()
    objects = episode.objects.copy()
    coin = next(e for e in maze.entities if e.kind == "coin")
    objects[coin.at] = 0
    height, width = walls.shape
    objects[height - 2, 1] = coin.code  # the bottom-left free cell
    walls[2, 2] = True  # any other wall makes it a new layout
    caption = presenter_layout.plain_caption(maze, type(episode)(walls, objects, episode.agent))
    assert caption == f"{maze.name}: a new layout, the coin in the bottom left."


def test_the_side_panel_fits_or_scrolls(data_dir, level_copy):
    """At 1280x688 and 1024x640 everything fits without a scroll bar; in a 1024x560 window (a 1024x640 desktop
    less its task bar) the panel scrolls, and the samples button, below the fold, is reached and works."""
    for size in ((1280, 688), (1024, 640)):
        roomy = App(level_copy, size=size)
        frames(roomy, 2)
        assert not roomy.side.scrolls and roomy.side.distribution.bottom + 4 == CONTENT_HEIGHT
        roomy.close()
    app = App(level_copy, size=(1024, 560))
    frames(app, 2)
    try:
        visible = app.side.panel.get_abs_rect()
        button = app.side.distribution.samples_button
        assert app.side.scrolls and not visible.contains(button.get_abs_rect())
        tools = [b.get_abs_rect() for b in app.side.tools.buttons.values()]
        bar = app.side.content.vert_scroll_bar
        assert all(rect.right <= bar.get_abs_rect().left for rect in tools), "the scroll bar covers a tool"
        for _ in range(12):
            click_widget(app, bar.bottom_button)
        assert visible.contains(button.get_abs_rect())
        click_widget(app, button)
        assert app.samples.visible
    finally:
        app.close()
        pygame.display.quit()
