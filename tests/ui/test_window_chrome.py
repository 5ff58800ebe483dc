"""Menus, tool tips and panel drawings as the screen shows them: every drop-down opens inside the
window and on top of everything around it, clicking an option selects it, tool tips cover the panel
text under them, and nothing the panels draw vanishes while a dialog is open."""
from __future__ import annotations

import numpy as np
import pygame
import pygame_gui
import pytest

from sandbox.ui import scripted_input
from sandbox.ui.mode_bar import PRESET_PROMPT
from sandbox.ui.train_panel import AGENT_PROMPT
from sandbox.ui.training_run import CurveSample
from tests.ui.conftest import click_widget, frames


def screen_pixels(app, rect: pygame.Rect) -> np.ndarray:
    return pygame.surfarray.array3d(app.screen.subsurface(rect)).copy()


def own_pixels(element) -> np.ndarray:
    """What the element itself looks like (its image, alpha dropped; it is opaque where it matters)."""
    return pygame.surfarray.array3d(element.image).copy()


def shown_share(app, element) -> float:
    """Share of the element's opaque middle band that the screen shows exactly as the element draws
    it: 1.0 when nothing covers it."""
    rect = element.get_abs_rect()
    band = pygame.Rect(4, rect.height // 4, rect.width - 8, rect.height // 2)
    alpha = pygame.surfarray.array_alpha(element.image)[band.x:band.right, band.y:band.bottom]
    mine = own_pixels(element)[band.x:band.right, band.y:band.bottom]
    drawn = screen_pixels(app, band.move(rect.topleft))
    opaque = alpha == 255
    assert opaque.mean() > 0.5, "the option should be drawn opaque"
    return float(np.all(mine == drawn, axis=2)[opaque].mean())


def option_buttons(menu) -> dict[str, pygame_gui.elements.UIButton]:
    items = menu.current_state.options_selection_list.item_list
    return {item["text"]: item["button_element"] for item in items if item["button_element"] is not None}


def open_menu(app, menu) -> dict[str, pygame_gui.elements.UIButton]:
    assert menu.current_state is menu.menu_states["closed"]
    click_widget(app, menu.current_state.selected_option_button)
    assert menu.current_state is menu.menu_states["expanded"], "the menu should open"
    return option_buttons(menu)


def assert_options_on_top(app, menu, expected: list[str]) -> dict:
    """Every option listed, inside the window (above the status bar), drawn exactly as itself."""
    options = open_menu(app, menu)
    frames(app, 2)
    assert list(options) == expected
    window = pygame.Rect(0, 0, *app.screen.get_size())
    window.height -= app.status.rect.height
    for text, button in options.items():
        rect = button.get_abs_rect()
        assert rect.height >= 18, f"option {text!r} is squeezed to {rect.height} px"
        assert window.contains(rect), f"option {text!r} at {rect} is outside {window}"
        assert shown_share(app, button) > 0.98, f"option {text!r} is covered by something drawn over it"
    return options


def test_presets_menu_opens_on_top_and_a_click_opens_the_preset(app):
    from sandbox.ui.mode_bar import preset_names

    options = assert_options_on_top(app, app.mode_bar.presets, [PRESET_PROMPT, *preset_names()])
    below_bar = options[preset_names()[-1]].get_abs_rect()
    assert below_bar.top > app.mode_bar.panel.get_abs_rect().bottom, "the list must reach below the top bar"
    click_widget(app, options["maze"])
    frames(app, 2)
    assert app.document.path.name == "maze.json"
    assert app.mode_bar.presets.current_state is app.mode_bar.presets.menu_states["closed"]


def test_shipped_agents_menu_lies_over_the_reward_curve_and_a_click_loads(app):
    from sandbox.ui.train_panel import shipped_agents

    app.set_mode("train")
    frames(app, 2)
    options = assert_options_on_top(app, app.train_panel.agents, [AGENT_PROMPT, *shipped_agents()])
    over_curve = [b for b in options.values() if b.get_abs_rect().colliderect(app.train_panel.curve.rect)]
    assert over_curve, "the list should reach over the curve for this test to mean something"
    loads = []
    app.training.load = loads.append  # the click is what is tested here, not torch loading the file
    click_widget(app, options["coinrun.pt"])
    frames(app, 2)  # button, list, menu and panel each answer a frame after the one before
    assert app.train_panel.agents.selected_option[0] == "coinrun.pt"
    assert [path.name for path in loads] == ["coinrun.pt"]


@pytest.mark.parametrize("menu_name", ["colour_menu", "shape_menu", "entity_menu"])
def test_edit_menus_open_on_top_and_select(app, menu_name):
    menu = getattr(app.side.tools, menu_name)
    options = open_menu(app, menu)
    frames(app, 2)
    choices = list(options)
    for button in options.values():
        assert shown_share(app, button) > 0.98
        assert pygame.Rect(0, 0, *app.screen.get_size()).contains(button.get_abs_rect())
    click_widget(app, options[choices[-1]])
    frames(app, 2)
    assert menu.selected_option[0] == choices[-1]


def widgets_with_tips(app) -> list:
    """Every button on screen in the current mode with a tool tip that pygame_gui would show
    (it shows none over a disabled button)."""
    panel = {"edit": app.side.panel, "train": app.train_panel.panel, "test": app.test_panel.panel}[app.mode]
    elements = [*app.mode_bar.panel.get_container().elements, *panel.get_container().elements]
    return [e for e in elements if isinstance(e, pygame_gui.elements.UIButton) and e.tool_tip_text and e.visible
            and e.can_hover()]


def hover(app, monkeypatch, element) -> None:
    """Rest the mouse on `element` long enough for its tool tip (time is stepped, not waited)."""
    pos = element.get_abs_rect().center
    monkeypatch.setattr(pygame.mouse, "get_pos", lambda: pos)
    scripted_input.move(pos, button=0)
    frames(app, 6, dt=0.5)


@pytest.mark.parametrize("mode", ["edit", "train", "test"])
def test_every_tool_tip_shows_inside_the_window_over_the_panel_text(app, monkeypatch, mode):
    app.set_mode(mode)
    frames(app, 2)
    buttons = widgets_with_tips(app)
    assert len(buttons) >= {"edit": 10, "train": 6, "test": 8}[mode]
    window = pygame.Rect(0, 0, *app.screen.get_size())
    for button in buttons:
        hover(app, monkeypatch, button)
        tip = button.tool_tip
        assert tip is not None, f"no tool tip over {button.text!r}"
        box = tip.text_block
        assert window.contains(box.get_abs_rect()), f"tool tip of {button.text!r} leaves the window"
        assert box.scroll_bar is None, f"tool tip of {button.text!r} overflows its box"
        assert shown_share(app, box) > 0.98, f"tool tip of {button.text!r} is drawn under something"
        monkeypatch.setattr(pygame.mouse, "get_pos", lambda: (1, 1))
        frames(app, 2)


def test_the_chosen_tool_and_mode_explain_themselves_and_stay_pressed_in(app, monkeypatch):
    """pygame_gui shows no tool tip over a selected button: the tool in hand and the current mode
    were the two buttons that never said what they were."""
    click_widget(app, app.side.tools.buttons["coin"])
    monkeypatch.setattr(pygame.mouse, "get_pos", lambda: (1, 1))
    frames(app, 2)
    for button, tip in [(app.side.tools.buttons["coin"], "Coin (4)"), (app.mode_bar.modes["edit"], "Paint the level")]:
        assert button.is_selected
        edge = pygame.Rect(button.get_abs_rect().topleft, (6, button.rect.height)).move(2, 0)  # beside any icon
        pressed_in = screen_pixels(app, edge)
        hover(app, monkeypatch, button)
        assert button.tool_tip is not None and button.tool_tip.text_block.html_text.startswith(tip)
        assert shown_share(app, button.tool_tip.text_block) > 0.98
        assert np.array_equal(screen_pixels(app, edge), pressed_in)  # still the chosen look under the mouse
        monkeypatch.setattr(pygame.mouse, "get_pos", lambda: (1, 1))
        frames(app, 2)


def test_greedy_tool_tip_covers_the_verdict_text(app, monkeypatch):
    """The test panel writes its verdict into its own canvas: the tool tip must lie over it."""
    app.set_mode("test")
    frames(app, 2)
    hover(app, monkeypatch, app.test_panel.greedy_button)
    box = app.test_panel.greedy_button.tool_tip.text_block.get_abs_rect()
    assert box.colliderect(app.test_panel.canvas.rect)
    assert shown_share(app, app.test_panel.greedy_button.tool_tip.text_block) > 0.98


@pytest.mark.parametrize("mode", ["edit", "train", "test"])
def test_panel_drawings_stay_while_a_dialog_is_open(app, mode):
    """Tool icons, training status, verdict and curve are drawn under the widgets, not skipped
    while a dialog is open."""
    app.set_mode(mode)
    frames(app, 2)
    part = {"edit": lambda: app.side.tools.buttons["coin"].get_abs_rect(),
            "train": lambda: app.train_panel.curve.rect, "test": lambda: app.test_panel.curve.rect}[mode]
    before = screen_pixels(app, part())
    app.dialogs.message("A question", "Something to read.")
    frames(app, 3)
    dialog = app.dialogs.top.get_abs_rect().inflate(8, 8).move(-part().x, -part().y)  # in the part's pixels
    outside = np.ones(before.shape[:2], bool)
    outside[max(0, dialog.x):max(0, dialog.right), max(0, dialog.y):max(0, dialog.bottom)] = False
    assert outside.mean() > 0.3, "the dialog should leave most of the part in view for this test"
    assert np.array_equal(screen_pixels(app, part())[outside], before[outside])


def test_tool_icons_are_drawn_over_their_buttons(app):
    button = app.side.tools.buttons["coin"]
    pixels = screen_pixels(app, button.get_abs_rect().inflate(-12, -12)).reshape(-1, 3)
    from sandbox.env.rendering import COIN_RGB

    assert (np.abs(pixels.astype(int) - COIN_RGB).sum(axis=1) < 30).mean() > 0.2


@pytest.mark.parametrize("mode", ["train", "test"])
def test_panel_canvas_is_repainted_only_when_what_it_shows_changes(app, mode):
    app.set_mode(mode)
    frames(app, 3)
    panel = app.train_panel if mode == "train" else app.test_panel
    before = panel.canvas.paints
    frames(app, 10)
    assert panel.canvas.paints == before
    app.training.curve = [*app.training.curve, CurveSample(1000, 0.5, 0.5)]
    frames(app, 1)
    assert panel.canvas.paints == before + 1
