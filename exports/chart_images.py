"""Bar charts as PNG pictures, for documents that cannot carry SVG (the Word board paper), drawn with matplotlib.

Pure: no I/O, no UI. The same bars as exports.charts.bar_chart: best first from the top, every label whole (wrapped
above its bar), the value printed at the end of the bar, a shared rank lighter and marked '=' in its label.
"""
from __future__ import annotations

import io
import textwrap

from exports.charts import BAR_COLOUR, SHARED_COLOUR, TEXT, Bar

LABEL_CHARS = 70
DPI = 200


def bar_png(title: str, bars: list[Bar]) -> bytes:
    import matplotlib
    matplotlib.use('Agg')  # no display: draw to memory only
    from matplotlib.figure import Figure  # the object API: no global pyplot state shared between exports

    labels = ['\n'.join(textwrap.wrap(' '.join(b.label.split()), LABEL_CHARS)) or ' ' for b in bars]
    rows = sum(label.count('\n') + 2 for label in labels) or 2
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
