"""Pictures of the journey map: Graphviz DOT built with the `graphviz` package, drawn to SVG or PNG.

Stages run left to right, one column each in the stable display order; stakeholder streams are swimlanes across all
columns; theme cards sit in the lane of each stream they belong to, coloured by category and marked with the
category's symbol (explained in the legend), so colour is never the only carrier. Every column is given the same row
heights so the lanes line up. All text is escaped for HTML-like labels, wrapped and truncated; colours are 6-digit hex.

Drawing needs a Graphviz executable: CODESIGN_DOT when set, else `graphviz-pure` from this Python's scripts folder
(installed by pip with the project), else `dot` on the PATH.
"""
from __future__ import annotations

import html
import os
import shutil
import subprocess
import sysconfig
import textwrap
from pathlib import Path
from typing import Mapping

import graphviz

from journey_maps.model import build_graph, stage_order
from journey_maps.style import (
    CATEGORY_STYLE,
    FOCUS_COLOUR,
    HEAT_HIGH,
    HEAT_LOW,
    INK,
    MUTED,
    PNG_SYMBOL,
    STAGE_BACKGROUND,
    blend,
)
from workshop.domain.model import Theme, Workshop

FORMATS = ('svg', 'png')
FONT = 'Helvetica'
COLUMN_WIDTH = 180  # points
CARD_CHARS, CARD_LINES, CARD_SIZE = 28, 4, 10
STAGE_CHARS, STAGE_LINES, STAGE_SIZE = 22, 3, 12
LANE_CHARS, LANE_LINES = 18, 4
LEADING = 1.2  # Graphviz sets lines 1.2 × the font size apart
LANE_COLOURS = ('#f8fafc', '#eef2f7')
TIMEOUT = 300  # seconds
PNG_DPI = 144  # sharp enough to print a CAR T-sized map on A3
PNG_MAX_PIXELS = 40_000_000  # bigger maps are drawn at a lower resolution (SVG stays sharp at any size)


class RenderError(RuntimeError):
    """The picture could not be drawn; the message says what to install or set."""


def render(workshop: Workshop, fmt: str = 'svg', *, counts: Mapping[str, float] | None = None,
           counts_label: str = 'comments', counts_legend: str = '', focus: str | None = None,
           executable: str | None = None, first_number: int = 1) -> bytes:
    """The map as SVG or PNG bytes. `counts` (stage id → number) adds a heat overlay, labelled `counts_label` under
    each stage and explained by `counts_legend`; `focus` outlines a stage. `first_number` numbers the first stage,
    for a part of a longer map."""
    if fmt not in FORMATS:
        raise ValueError(f'format {fmt!r}: expected one of {", ".join(FORMATS)}')
    source = dot_source(workshop, counts=counts, counts_label=counts_label, counts_legend=counts_legend, focus=focus,
                        png=fmt == 'png', first_number=first_number)
    return run_dot(source, fmt, executable=executable)


def dot_source(workshop: Workshop, *, counts: Mapping[str, float] | None = None, counts_label: str = 'comments',
               counts_legend: str = '', focus: str | None = None, png: bool = False, first_number: int = 1) -> str:
    order = stage_order(workshop)
    names = {stage_id: f'stage{i}' for i, stage_id in enumerate(order)}
    cards = {(stage_id, stream.id): _cards(workshop.themes_at(stage_id, stream.id), png)
             for stage_id in order for stream in workshop.streams}
    lane_heights = [max([_lane_height(cards[(s, stream.id)]) + 8 for s in order]
                        + [_text_height(stream.label, LANE_CHARS, LANE_LINES, 12)]) for stream in workshop.streams]
    has_counts = counts is not None and any(counts.values())
    legend = _legend(workshop, png, (counts_legend or counts_label) if has_counts else '')
    header_height = _header_height(workshop, order, has_counts, focus)
    peak = max([float(v) for v in (counts or {}).values()] + [0.0])

    dot = graphviz.Digraph('journey_map')
    dot.attr('graph', rankdir='LR', nodesep='0.4', ranksep='0.5', bgcolor='#ffffff', fontname=FONT, pad='0.3',
             labelloc='t', labeljust='l', label=legend)
    if png:
        width = 130 + len(order) * (COLUMN_WIDTH + 40)
        height = 90 + header_height + sum(lane_heights)
        dot.attr('graph', dpi=_png_dpi(width, height))
    dot.attr('node', shape='plain', fontname=FONT)
    dot.attr('edge', color='#334155', penwidth='1.6', arrowsize='0.8')
    dot.node('lanes', label=_lanes_label(workshop, header_height, lane_heights))
    for number, stage_id in enumerate(order, start=first_number):
        value = float((counts or {}).get(stage_id, 0))
        header = _stage_header(number, _title(workshop, stage_id), value if has_counts else None, counts_label, peak,
                               focus == stage_id, header_height)
        lanes = ''.join(_lane_cell(cards[(stage_id, stream.id)], height, LANE_COLOURS[i % 2])
                        for i, (stream, height) in enumerate(zip(workshop.streams, lane_heights)))
        dot.node(names[stage_id], label=f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">'
                                         f'{header}{lanes}</TABLE>>')
    if order:
        dot.edge('lanes:h:e', f'{names[order[0]]}:h:w', style='invis')
    # One column per stage in display order, even on a branch: neighbours are tied by a heavy edge (drawn when it is
    # a real step, invisible otherwise) so the columns stay in one straight line. A step that skips columns (into or
    # out of a branch) weighs nothing and arcs over the stage headers instead of pushing columns out of line.
    graph = build_graph(workshop)
    position = {stage_id: i for i, stage_id in enumerate(order)}
    for before, after in zip(order, order[1:]):
        style = {} if graph.has_edge(before, after) else {'style': 'invis'}
        dot.edge(f'{names[before]}:h:e', f'{names[after]}:h:w', weight='100', **style)
    for stage_id in order:
        for target in graph.successors(stage_id):
            if position[target] != position[stage_id] + 1:
                dot.edge(f'{names[stage_id]}:h:n', f'{names[target]}:h:n', weight='0')
    return dot.source


def render_svg(workshop: Workshop, **options) -> str:
    """The SVG as text, for documents that embed it."""
    return render(workshop, 'svg', **options).decode('utf-8')


def run_dot(source: str, fmt: str, *, executable: str | None = None) -> bytes:
    exe = dot_executable(executable)
    try:
        result = subprocess.run([exe, f'-T{fmt}'], input=source.encode('utf-8'), capture_output=True,
                                timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise RenderError(f'could not run {exe} to draw the map: {e}') from None
    if result.returncode != 0 or not result.stdout:
        detail = result.stderr.decode('utf-8', 'replace').strip().splitlines()[-1:] or ['no output']
        raise RenderError(f'{exe} failed to draw the map ({result.returncode}): {detail[0]}')
    return result.stdout


def dot_executable(configured: str | None = None) -> str:
    """CODESIGN_DOT (or `configured`) if set; else the pip-installed graphviz-pure; else `dot` on the PATH."""
    configured = os.environ.get('CODESIGN_DOT', '') if configured is None else configured
    if configured:
        found = shutil.which(configured)
        if not found:
            raise RenderError(f"the Graphviz executable '{configured}' (CODESIGN_DOT) was not found or cannot be run")
        return found
    bundled = Path(sysconfig.get_path('scripts')) / 'graphviz-pure'
    if bundled.is_file() and os.access(bundled, os.X_OK):
        return str(bundled)
    for name in ('graphviz-pure', 'dot'):
        if found := shutil.which(name):
            return found
    raise RenderError('no Graphviz executable found: install the project with pip (it brings graphviz-pure), '
                      'install Graphviz, or set CODESIGN_DOT to a `dot` executable')


# --- labels: every piece of text goes through _lines (escaped, wrapped, truncated) --------------------------------

def _cards(themes: list[Theme], png: bool) -> list[tuple[str, int]]:
    """(HTML-like cell, height in points) for each theme card."""
    cards = []
    for theme in themes:
        style = CATEGORY_STYLE[theme.category]
        symbol = PNG_SYMBOL[theme.category] if png else style.symbol
        lines = _lines(f'{symbol} {theme.title}', CARD_CHARS, CARD_LINES)
        height = _height(len(lines), CARD_SIZE) + 10
        cell = (f'<TR><TD BGCOLOR="{style.background}" COLOR="{style.colour}" BORDER="1" HEIGHT="{height}" '
                f'WIDTH="{COLUMN_WIDTH - 16}" ALIGN="LEFT" BALIGN="LEFT" CELLPADDING="4">'
                f'<FONT COLOR="{style.colour}" POINT-SIZE="{CARD_SIZE}">{"<BR/>".join(lines)}</FONT></TD></TR>')
        cards.append((cell, height))
    return cards


def _lane_cell(cards: list[tuple[str, int]], height: int, background: str) -> str:
    if not cards:
        return f'<TR><TD HEIGHT="{height}" WIDTH="{COLUMN_WIDTH}" BGCOLOR="{background}"></TD></TR>'
    # A filler row takes up the rest of the lane: otherwise Graphviz stretches or centres the cards
    filler = height - _lane_height(cards) - 4
    inner = ''.join(cell for cell, _ in cards) + (f'<TR><TD HEIGHT="{filler}"></TD></TR>' if filler > 0 else '')
    return (f'<TR><TD HEIGHT="{height}" WIDTH="{COLUMN_WIDTH}" BGCOLOR="{background}">'
            f'<TABLE BORDER="0" CELLSPACING="4" CELLPADDING="0">{inner}</TABLE></TD></TR>')


def _lane_height(cards: list[tuple[str, int]]) -> int:
    return sum(height + 2 + 4 for _, height in cards) + 4  # each card's border adds 2, the spacing 4


def _stage_header(number: int, title: str, value: float | None, counts_label: str, peak: float, focused: bool,
                  height: int) -> str:
    lines = [f'<B>{line}</B>' for line in _lines(f'{number}. {title}', STAGE_CHARS, STAGE_LINES)]
    lines = [f'<FONT POINT-SIZE="{STAGE_SIZE}" COLOR="{INK}">{line}</FONT>' for line in lines]
    background = STAGE_BACKGROUND
    if value is not None:
        label = _singular(counts_label) if value == 1 else counts_label  # 1 comment, 1 person
        shown = f'{value:g} {_escape(label)}'
        lines.append(f'<FONT POINT-SIZE="10" COLOR="{INK}">{shown}</FONT>')
        background = blend(HEAT_LOW, HEAT_HIGH, value / peak) if peak else HEAT_LOW
    if focused:
        lines.append(f'<FONT POINT-SIZE="10" COLOR="{INK}"><B>● In focus now</B></FONT>')
    border = f'BORDER="3" COLOR="{FOCUS_COLOUR if focused else background}"'  # same size whether focused or not
    return (f'<TR><TD PORT="h" HEIGHT="{height}" WIDTH="{COLUMN_WIDTH}" BGCOLOR="{background}" {border} '
            f'ALIGN="LEFT" BALIGN="LEFT" CELLPADDING="6">{"<BR/>".join(lines)}</TD></TR>')


def _title(workshop: Workshop, stage_id: str) -> str:
    stage = workshop.stage(stage_id)
    assert stage is not None, stage_id  # the order holds only the workshop's own stages
    return stage.title


def _header_height(workshop: Workshop, order: list[str], has_counts: bool, focus: str | None) -> int:
    most = max(len(_lines(f'{n}. {_title(workshop, s)}', STAGE_CHARS, STAGE_LINES))
               for n, s in enumerate(order, start=1))
    extra = (has_counts + (focus in order)) * _height(1, 10)
    return _height(most, STAGE_SIZE) + extra + 16


def _lanes_label(workshop: Workshop, header_height: int, heights: list[int]) -> str:
    rows = [f'<TR><TD PORT="h" HEIGHT="{header_height}" WIDTH="130" ALIGN="LEFT" BALIGN="LEFT" CELLPADDING="6">'
            f'<FONT POINT-SIZE="10" COLOR="{MUTED}">Stages →<BR/>Groups ↓</FONT></TD></TR>']
    for i, (stream, height) in enumerate(zip(workshop.streams, heights)):
        text = '<BR/>'.join(f'<B>{line}</B>' for line in _lines(stream.label, LANE_CHARS, LANE_LINES))
        rows.append(f'<TR><TD HEIGHT="{height}" WIDTH="130" BGCOLOR="{LANE_COLOURS[i % 2]}" VALIGN="TOP" '
                    f'ALIGN="LEFT" BALIGN="LEFT" CELLPADDING="6"><FONT POINT-SIZE="12" COLOR="{INK}">{text}</FONT>'
                    f'</TD></TR>')
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">{"".join(rows)}</TABLE>>'


def _legend(workshop: Workshop, png: bool, counts_label: str) -> str:
    title = '<BR/>'.join(_lines(workshop.title, 90, 2))
    keys = ''.join(f'<TD BGCOLOR="{s.background}" COLOR="{s.colour}" BORDER="1" CELLPADDING="4">'
                   f'<FONT COLOR="{s.colour}" POINT-SIZE="11">{PNG_SYMBOL[c] if png else s.symbol} {s.word}</FONT>'
                   f'</TD>' for c, s in CATEGORY_STYLE.items())
    note = 'Themes by category:'
    heat = (f'<TD CELLPADDING="4"><FONT POINT-SIZE="11" COLOR="{INK}">Number under a stage: '
            f'{_escape(counts_label)} (deeper amber = more)</FONT></TD>') if counts_label else ''
    return (f'<<TABLE BORDER="0" CELLSPACING="6" CELLPADDING="0"><TR><TD ALIGN="LEFT" COLSPAN="5">'
            f'<FONT POINT-SIZE="18" COLOR="{INK}"><B>{title}</B></FONT></TD></TR>'
            f'<TR><TD><FONT POINT-SIZE="11" COLOR="{INK}">{note}</FONT></TD>{keys}{heat}</TR></TABLE>>')


def _png_dpi(width: float, height: float) -> str:
    """The resolution (dots per inch) that keeps a picture of width × height points under PNG_MAX_PIXELS."""
    dpi = min(PNG_DPI, int(72 * (PNG_MAX_PIXELS / (width * height)) ** 0.5))
    return str(max(dpi, 10))


def _lines(text: str, width: int, most: int) -> list[str]:
    """Escaped lines for an HTML-like label: control characters dropped, wrapped, cut with … after `most` lines."""
    clean = ' '.join(''.join(ch if ch.isprintable() else ' ' for ch in str(text)).split())
    wrapped = textwrap.wrap(clean, width, max_lines=most, placeholder=' …', break_long_words=True) or ['']
    return [_escape(line) for line in wrapped]


def _singular(noun: str) -> str:
    return 'person' if noun == 'people' else noun.removesuffix('s')


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _text_height(text: str, width: int, most: int, size: int) -> int:
    return _height(len(_lines(text, width, most)), size) + 16


def _height(lines: int, size: int) -> int:
    return int(lines * size * LEADING + 0.999)
