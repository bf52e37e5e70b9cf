"""Charts as PNG pictures, for documents that cannot carry SVG (the Word board paper), drawn with matplotlib.

Pure: no I/O, no UI. The same bars as exports.charts.bar_chart: best first from the top, every label whole (wrapped
above its bar), the value printed at the end of the bar, a shared rank lighter and marked '=' in its label. The same
quadrant as exports.charts.quadrant_chart: numbered dots on two rating questions, the scale's middle dashed, and the
numbers' full titles listed beside the plot.
"""
from __future__ import annotations

import io
import textwrap

from exports.charts import BAR_COLOUR, SHARED_COLOUR, TEXT, Bar, Point

LABEL_CHARS = 70
LEGEND_CHARS = 34  # beside the quadrant: half the picture's width
DPI = 200


def bar_png(title: str, bars: list[Bar]) -> bytes:
    labels = ['\n'.join(textwrap.wrap(' '.join(b.label.split()), LABEL_CHARS)) or ' ' for b in bars]
    rows = sum(label.count('\n') + 2 for label in labels) or 2
    Figure = _figure_class()
    figure = Figure(figsize=(6.5, 0.6 + 0.22 * rows), dpi=DPI)
    axes = figure.add_axes((0.01, 0.02, 0.9, 0.98 - 0.5 / (0.6 + 0.22 * rows)))
    largest = max((b.value or 0 for b in bars), default=0) or 1
    y = 0.0
    for bar, label in zip(bars, labels):
        lines = label.count('\n') + 1
        axes.text(0, y, label, va='top', ha='left', fontsize=8.5, color=TEXT)
        y -= 0.42 * lines + 0.05
        axes.barh(y - 0.2, bar.value or 0, height=0.4, color=SHARED_COLOUR if bar.shared else BAR_COLOUR)
        axes.text((bar.value or 0) + largest * 0.01, y - 0.2, bar.value_text, va='center', fontsize=8.5, color=TEXT)
        y -= 0.65
    axes.set_xlim(0, largest * 1.08)
    axes.set_ylim(min(y, -1), 0.1)
    axes.axis('off')
    figure.suptitle(title, x=0.01, ha='left', fontsize=10.5, fontweight='bold', color=TEXT)
    out = io.BytesIO()
    figure.savefig(out, format='png', facecolor='#ffffff')
    return out.getvalue()


def quadrant_png(title: str, points: list[Point], axes: list[str], scale: int) -> bytes:
    """Ideas by their mean on two rating questions (x: the first, y: the second) on the scale 1–scale."""
    Figure = _figure_class()
    names = ['\n'.join(textwrap.wrap(f'{n}. {p.label}', LEGEND_CHARS)) for n, p in enumerate(points, start=1)]
    lines = sum(name.count('\n') + 1 for name in names)
    height = max(4.1, 0.75 + 0.19 * lines)  # inches: the 3-inch square plot, its axis labels and the title
    figure = Figure(figsize=(6.5, height), dpi=DPI)
    top = 1 - 0.4 / height
    plot = figure.add_axes((0.6 / 6.5, top - 3.0 / height, 3.0 / 6.5, 3.0 / height))
    middle = (1 + scale) / 2
    plot.set_xlim(0.8, scale + 0.2)
    plot.set_ylim(0.8, scale + 0.2)
    plot.axvline(middle, color='#6b7280', linestyle='--', linewidth=0.8)
    plot.axhline(middle, color='#6b7280', linestyle='--', linewidth=0.8)
    for n, point in enumerate(points, start=1):
        plot.scatter([point.x], [point.y], s=150, color=BAR_COLOUR, zorder=2)
        plot.text(point.x, point.y, str(n), ha='center', va='center', fontsize=7.5, color='#ffffff', zorder=3)
    plot.set_xlabel(f'{axes[0]} (1–{scale})', fontsize=8.5, color=TEXT)
    plot.set_ylabel(f'{axes[1]} (1–{scale})', fontsize=8.5, color=TEXT)
    plot.tick_params(labelsize=8, colors=TEXT)
    figure.text(0.6, top, '\n'.join(names) or 'No ratings yet.', va='top', ha='left', fontsize=8.5,
                color=TEXT, linespacing=1.5)
    figure.suptitle(title, x=0.01, ha='left', fontsize=10.5, fontweight='bold', color=TEXT)
    out = io.BytesIO()
    figure.savefig(out, format='png', facecolor='#ffffff')
    return out.getvalue()


def _figure_class():
    import matplotlib
    matplotlib.use('Agg')  # no display: draw to memory only
    from matplotlib.figure import Figure  # the object API: no global pyplot state shared between exports
    return Figure
