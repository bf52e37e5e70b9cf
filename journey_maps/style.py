"""The map's palette, shared by the app and the pictures: one colour pair, symbol and word per theme category.

Colour is never the only carrier: every category also has a symbol and a word. Colours are 6-digit hex (Debian's
Graphviz 2.43 mis-reads 3-digit ones) and each text colour on its background passes WCAG AA contrast.
"""
from __future__ import annotations

from typing import NamedTuple

from workshop.domain.model import Category


class CategoryStyle(NamedTuple):
    symbol: str
    word: str
    background: str
    colour: str


CATEGORY_STYLE: dict[Category, CategoryStyle] = {
    Category.PRACTICAL: CategoryStyle('⚙', 'Practical', '#dbeafe', '#1e3a8a'),
    Category.EMOTIONAL: CategoryStyle('♥', 'Emotional', '#fce7f3', '#831843'),
    Category.CULTURAL: CategoryStyle('✦', 'Cultural', '#dcfce7', '#14532d'),
}
# Stand-ins for the symbols in PNG pictures: graphviz-pure draws PNG text with bundled fonts that lack ⚙ and ✦.
PNG_SYMBOL = {Category.PRACTICAL: '■', Category.EMOTIONAL: '♥', Category.CULTURAL: '▲'}

FOCUS_COLOUR = '#b45309'  # amber-700: the stage the facilitator is discussing
STAGE_BACKGROUND = '#e2e8f0'
INK = '#0f172a'
MUTED = '#475569'
HEAT_LOW = '#fef3c7'
HEAT_HIGH = '#f59e0b'


def blend(low: str, high: str, share: float) -> str:
    """A 6-digit hex colour `share` (0..1) of the way from `low` to `high`."""
    share = min(1.0, max(0.0, share))
    a, b = _rgb(low), _rgb(high)
    return '#' + ''.join(f'{round(x + (y - x) * share):02x}' for x, y in zip(a, b))


def _rgb(colour: str) -> tuple[int, int, int]:
    assert len(colour) == 7 and colour.startswith('#'), colour
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)
