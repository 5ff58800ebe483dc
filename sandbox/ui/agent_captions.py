"""The caption over each compared agent's canvas: a swatch of its trail's colour and its name, what
it was trained with, and its verdict once its play has ended. With both trails on one canvas the
swatches are the trails' legend."""
from __future__ import annotations

import pygame

from sandbox.ui import theme
from sandbox.ui.compare_layout import CAPTION_SIZE, line_height
from sandbox.ui.legends import OUTCOME_RGB

SWATCH_WIDTH = 22


def elided(text: str, font: pygame.font.Font, width: int) -> str:
    """`text` cut at its end with "..." to fit `width` pixels."""
    if font.size(text)[0] <= width:
        return text
    while text and font.size(f"{text}...")[0] > width:
        text = text[:-1]
    return f"{text.rstrip()}..."


def draw_agent_caption(surface: pygame.Surface, rect: pygame.Rect, name: str, trained: str, trail_rgb,
                       play, finished: bool, size: int = CAPTION_SIZE) -> None:
    """`play`: the agent's play of the shown placement (None while it is asked for); its verdict
    shows once `finished` (the animation has reached its end), never before the agent moves.
    `size`: the type's size in px."""
    font, bold, line = theme.font(size), theme.font(size, bold=True), line_height(size)
    swatch = SWATCH_WIDTH * size // CAPTION_SIZE
    middle = rect.y + line // 2
    pygame.draw.line(surface, trail_rgb, (rect.x, middle), (rect.x + swatch - 6, middle), 5)
    text_x, width = rect.x + swatch, rect.width - swatch
    surface.blit(bold.render(elided(name, bold, width), True, theme.TEXT), (text_x, rect.y))
    surface.blit(font.render(elided(trained, font, width), True, theme.MUTED_TEXT), (text_x, rect.y + line))
    if play is None:
        verdict, colour = "Playing...", theme.MUTED_TEXT
    elif not finished:
        verdict, colour = "Watch where it goes...", theme.MUTED_TEXT
    else:
        verdict, colour = play.verdict, OUTCOME_RGB[play.outcome]
    verdict_font = bold if bold.size(verdict)[0] <= width else font  # the whole verdict, bold if it fits
    surface.blit(verdict_font.render(elided(verdict, verdict_font, width), True, colour),
                 (text_x, rect.y + 2 * line))
