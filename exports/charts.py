"""Small SVG charts for the reports: deterministic (the same data gives the same bytes) and self-contained.

Pure: no I/O, no UI. Every text is XML-escaped, colours are 6-digit hex, fonts are the reader's own sans-serif.
Each chart has a <title> and <desc> for screen readers; the reports put a table with the same figures beside it.
"""
from __future__ import annotations

import base64
import textwrap
from dataclasses import dataclass
from xml.sax.saxutils import escape

WIDTH = 660
ROW = 26
BAR = 18
LINE = 16  # a line of label text above its bar
GAP = 8
LABEL_CHARS = 88  # characters on one line of a label at 13 px across the chart's width
TOP = 34
BAR_COLOUR = '#0f766e'
SHARED_COLOUR = '#5eaaa2'  # a shared rank: lighter, and marked '=' in the label, never by colour alone
TEXT = '#1f2937'
MAX_LABEL = 48  # characters before a long title is shortened
_SHADES = ('#f1f5f4', '#cce5e1', '#8fc5bd', '#3f9a8f', '#0f766e')  # none → many themes


@dataclass(kw_only=True, slots=True, frozen=True)
class Bar:
    label: str  # e.g. '1. Health navigator'
    value: float | None
    value_text: str  # as printed at the end of the bar
    shared: bool = False


def bar_chart(title: str, bars: list[Bar], *, description: str = '') -> str:
    """A horizontal bar chart, best first from the top; bars scale to the largest value.

    Each label is written whole above its bar, wrapped over as many lines as it needs, so a long idea title is
    never cut off nor pushed past the left edge of the page.
    """
    labels = [textwrap.wrap(' '.join(b.label.split()), LABEL_CHARS) or [''] for b in bars]
    height = TOP + sum(LINE * len(lines) + BAR + GAP for lines in labels) + 8 if bars else TOP + ROW + 8
    largest = max((b.value or 0 for b in bars), default=0) or 1
    room = WIDTH - 56
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
             f'viewBox="0 0 {WIDTH} {height}" role="img" font-family="Helvetica, Arial, sans-serif">',
             f'<title>{escape(title)}</title>',
             f'<desc>{escape(description or title)}</desc>',
             f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
             f'<text x="0" y="18" font-size="15" font-weight="bold" fill="{TEXT}">{escape(title)}</text>']
    y = TOP
    for bar, lines in zip(bars, labels):
        for line in lines:
            parts.append(f'<text x="0" y="{y + 12}" font-size="13" fill="{TEXT}">{escape(line)}</text>')
            y += LINE
        length = round(room * (bar.value or 0) / largest, 1)
        colour = SHARED_COLOUR if bar.shared else BAR_COLOUR
        parts += [f'<rect x="0" y="{y}" width="{length}" height="{BAR}" fill="{colour}"/>',
                  f'<text x="{length + 6}" y="{y + 13}" font-size="13" fill="{TEXT}">{escape(bar.value_text)}</text>']
        y += BAR + GAP
    if not bars:
        parts.append(f'<text x="0" y="{TOP + 13}" font-size="13" fill="{TEXT}">No votes yet.</text>')
    parts.append('</svg>')
    return '\n'.join(parts) + '\n'


@dataclass(kw_only=True, slots=True, frozen=True)
class Point:
    label: str
    x: float
    y: float


def quadrant_chart(title: str, points: list[Point], axes: list[str], scale: int) -> str:
    """Ideas by their mean on two rating questions (x: the first, y: the second), with the scale's middle drawn, so
    the four quadrants (quick win top right for importance against feasibility) can be seen. Labels are numbered
    in the order given and listed beside the plot, so long titles never overlap."""
    size, left, top = 300, 48, 34
    width, height = WIDTH, top + size + 48
    at = lambda v: (v - 1) / max(scale - 1, 1) * size  # noqa: E731
    middle = at((1 + scale) / 2)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" font-family="Helvetica, Arial, sans-serif">',
             f'<title>{escape(title)}</title>',
             f'<desc>{escape("; ".join(f"{p.label}: {p.x:.2f}, {p.y:.2f}" for p in points) or title)}</desc>',
             f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
             f'<text x="0" y="18" font-size="15" font-weight="bold" fill="{TEXT}">{escape(title)}</text>',
             f'<rect x="{left}" y="{top}" width="{size}" height="{size}" fill="none" stroke="#6b7280"/>',
             f'<line x1="{left + middle:.1f}" y1="{top}" x2="{left + middle:.1f}" y2="{top + size}" stroke="#6b7280" '
             'stroke-dasharray="4 3"/>',
             f'<line x1="{left}" y1="{top + size - middle:.1f}" x2="{left + size}" y2="{top + size - middle:.1f}" '
             'stroke="#6b7280" stroke-dasharray="4 3"/>',
             f'<text x="{left + size / 2}" y="{top + size + 32}" font-size="13" text-anchor="middle" fill="{TEXT}">'
             f'{escape(axes[0])} (1–{scale})</text>',
             f'<text x="14" y="{top + size / 2}" font-size="13" text-anchor="middle" fill="{TEXT}" '
             f'transform="rotate(-90 14 {top + size / 2})">{escape(axes[1])} (1–{scale})</text>']
    for n, point in enumerate(points, start=1):
        x, y = left + at(point.x), top + size - at(point.y)
        parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="{BAR_COLOUR}"/>',
                  f'<text x="{x:.1f}" y="{y + 4:.1f}" font-size="11" text-anchor="middle" fill="#ffffff">{n}</text>',
                  f'<text x="{left + size + 24}" y="{top + 12 + (n - 1) * 20}" font-size="13" fill="{TEXT}">'
                  f'{n}. {escape(shorten(point.label, 36))}</text>']
    parts.append('</svg>')
    return '\n'.join(parts) + '\n'


def data_uri(svg: str) -> str:
    """An SVG as a data: URI, so a Markdown or HTML file carries its pictures inside it."""
    return 'data:image/svg+xml;base64,' + base64.b64encode(svg.encode('utf-8')).decode('ascii')


def shorten(text: str, limit: int = MAX_LABEL) -> str:
    text = ' '.join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + '…'
