"""The training-samples view, the help overlay and resizing."""
from __future__ import annotations

import numpy as np
import pygame

from sandbox.ui.samples_view import sample_pictures
from sandbox.ui.tools import SHORTCUTS, TOOLS
from tests.ui.conftest import click_widget, frames, press_key


def test_training_samples_show_eight_sampled_episodes(app):
    click_widget(app, app.side.distribution.samples_button)
    assert app.samples.visible
    first = pygame.surfarray.array3d(app.screen).copy()
    press_key(app, pygame.K_r)  # new samples
    assert app.samples.seed == 1
    assert not np.array_equal(first, pygame.surfarray.array3d(app.screen))
    press_key(app, pygame.K_t, "t")
    assert not app.samples.visible


def test_samples_are_eight_different_episodes(app):
    pictures = sample_pictures(app.document.level, seed=0, tile=8)
    assert len(pictures) == 8 and pictures[0].shape == (72, 72, 3)
    assert len({picture.tobytes() for picture in pictures}) > 1


def test_help_lists_every_tool_and_closes_on_any_key(app):
    press_key(app, pygame.K_F1)
    assert app.help.visible
    listed = " ".join(text for pair in SHORTCUTS for text in pair)
    assert all(f"{tool.key} {tool.label.lower()}" in listed for tool in TOOLS)
    press_key(app, pygame.K_1, "1")  # closes the help, does not choose a tool
    assert not app.help.visible and app.state.tool == "wall"
    press_key(app, pygame.K_SLASH, "?", pygame.KMOD_SHIFT)
    assert app.help.visible


def test_resizing_rescales_the_canvas(app):
    tile = app.canvas.tile
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=1024, h=640, size=(1024, 640)))
    frames(app)
    assert app.canvas.tile < tile
    assert app.canvas.rect.right <= app.side.panel.get_abs_rect().left
    level_px = app.canvas.tile * 9
    assert level_px <= app.canvas.rect.height
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=800, h=500, size=(800, 500)))
    frames(app)
    assert app.screen.get_size() == (1024, 640)  # the smallest size the layout is made for


def test_the_samples_caption_wraps_inside_a_narrow_view(app):
    """In the presenter the samples view is only as wide as the stage beside the curve: its caption
    wraps to a second line there instead of running under the curve."""
    from sandbox.ui import theme
    from sandbox.ui.samples_view import GAP, SamplesView

    view = SamplesView(pygame.Rect(20, 10, 640, 420))
    view.show(app.document.level)
    surface = pygame.Surface((900, 450))
    surface.fill((255, 0, 255))
    view.draw(surface)
    pixels = pygame.surfarray.array3d(surface)
    assert (pixels[660:, :] == (255, 0, 255)).all()  # nothing drawn right of the view
    text = (pixels[20 + GAP:660 - GAP, 10:58] == theme.TEXT).all(axis=2)
    rows = np.nonzero(text.any(axis=0))[0] + 10
    line = theme.font(15).get_linesize()
    assert rows.min() >= 10 + 4 and rows.max() < 10 + 4 + 2 * line  # two lines from 4 px down
    assert text[:, 4 + line:].any() and text[:, :4 + line].any()  # both lines hold text
    assert not (pixels[660 - GAP:660, 10:58] == theme.TEXT).all(axis=2).any()  # the right margin stays clear
