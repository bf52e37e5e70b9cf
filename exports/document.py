"""A tiny document model for the reports, rendered to Markdown or to HTML that prints on A4.

Pure: no I/O, no UI. Reports are built once as a list of blocks, so the Markdown and HTML versions always say the
same thing. All text in blocks is plain text from the data (often typed by people): the renderers escape it; no
block takes markup. Pictures are SVG carried inside the file as data: URIs, so nothing is fetched from elsewhere.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Callable

from exports.charts import data_uri


@dataclass(kw_only=True, slots=True)
class Heading:
    text: str
    level: int = 2


@dataclass(kw_only=True, slots=True)
class Para:
    text: str
    lang: str = ''  # 'mi' for te reo Māori (language of parts)
    css: str = ''  # 'lead' or 'small'


@dataclass(kw_only=True, slots=True)
class Note:
    """A callout, e.g. why a group's figures are not shown."""
    text: str


@dataclass(kw_only=True, slots=True)
class Bullets:
    items: list[str]


@dataclass(kw_only=True, slots=True)
class Table:
    header: list[str]
    rows: list[list[str]]
    caption: str = ''
    numeric: set[int] = field(default_factory=set)  # columns aligned right
    nowrap: set[int] = field(default_factory=set)  # columns kept on one line (dates, ranges)


@dataclass(kw_only=True, slots=True)
class Figure:
    svg: str
    alt: str
    caption: str = ''
    png: Callable[[], bytes] | None = None  # the same picture as PNG, drawn only for formats that need it (Word)


@dataclass(kw_only=True, slots=True)
class PageBreak:
    """Start a new page (HTML print and Word); Markdown has no pages."""


@dataclass(kw_only=True, slots=True)
class Landscape:
    """Blocks printed on landscape pages of their own, e.g. a wide journey map."""
    blocks: list  # list[Block]


Block = Heading | Para | Note | Bullets | Table | Figure | PageBreak | Landscape


def to_markdown(title: str, blocks: list[Block]) -> str:
    lines = [f'# {md(title)}', '']
    for block in flat(blocks):
        if isinstance(block, Heading):
            lines += [f'{"#" * block.level} {md(block.text)}', '']
        elif isinstance(block, Para):
            lines += [md(block.text), '']
        elif isinstance(block, Note):
            lines += [f'> **Note:** {md(block.text)}', '']
        elif isinstance(block, Bullets):
            lines += [*(f'- {md(item)}' for item in block.items), '']
        elif isinstance(block, Table):
            if block.caption:
                lines += [f'*{md(block.caption)}*', '']
            lines.append('| ' + ' | '.join(md(h) for h in block.header) + ' |')
            lines.append('| ' + ' | '.join('---:' if n in block.numeric else '---'
                                           for n in range(len(block.header))) + ' |')
            lines += ['| ' + ' | '.join(md(cell) for cell in row) + ' |' for row in block.rows]
            lines.append('')
        elif isinstance(block, Figure):
            lines += [f'![{md(block.alt)}]({data_uri(block.svg)})', '']
            if block.caption:
                lines += [f'*{md(block.caption)}*', '']
    return '\n'.join(lines).rstrip('\n') + '\n'


def to_html(title: str, blocks: list[Block], *, lang: str = 'en', running_header: str = '', css: str = '') -> str:
    """`running_header` prints at the top of every page, with "Page n of m" at the foot; `css` adds to the styles."""
    body = [f'<h1>{esc(title)}</h1>', *_html_blocks(blocks)]
    style = CSS + (_page_boxes(running_header) if running_header else '') + css
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{esc(title)}</title>\n'
            f'<style>{style}</style>\n</head>\n<body>\n<main>\n' + '\n'.join(body) + '\n</main>\n</body>\n</html>\n')


def flat(blocks: list[Block]) -> list[Block]:
    """The blocks in reading order, landscape groups opened up (for formats without pages)."""
    return [inner for b in blocks for inner in (flat(b.blocks) if isinstance(b, Landscape) else [b])]


def _html_blocks(blocks: list[Block]) -> list[str]:
    body: list[str] = []
    keep = new_page = False  # a heading and the block after it stay on one page: none stranded at a page's foot
    for block in blocks:
        if isinstance(block, PageBreak):
            new_page = True
            continue
        html_block = _html_block(block)
        if keep:
            body[-1] = f'<div class="keep">{body[-1]}{html_block}</div>'
        else:
            body.append(html_block)
        if new_page and not isinstance(block, Heading):
            body[-1] = f'<div class="new-page">{body[-1]}</div>'
        new_page = new_page and isinstance(block, Heading)
        keep = isinstance(block, Heading)
    return body


def _html_block(block: Block) -> str:
    if isinstance(block, Heading):
        return f'<h{block.level}>{esc(block.text)}</h{block.level}>'
    if isinstance(block, Landscape):
        return '<section class="landscape">' + '\n'.join(_html_blocks(block.blocks)) + '</section>'
    if isinstance(block, Para):
        attrs = (f' lang="{block.lang}"' if block.lang else '') + (f' class="{block.css}"' if block.css else '')
        return f'<p{attrs}>{esc(block.text)}</p>'
    if isinstance(block, Note):
        return f'<p class="note"><strong>Note:</strong> {esc(block.text)}</p>'
    if isinstance(block, Bullets):
        return '<ul>' + ''.join(f'<li>{esc(item)}</li>' for item in block.items) + '</ul>'
    if isinstance(block, Table):
        return _html_table(block)
    caption = f'<figcaption>{esc(block.caption)}</figcaption>' if block.caption else ''
    return f'<figure><img src="{data_uri(block.svg)}" alt="{esc(block.alt)}">{caption}</figure>'


def _page_boxes(header: str) -> str:
    """Running header and page numbers in the page margins (CSS paged media, as Chromium prints them)."""
    text = ' '.join(header.split()).replace('\\', '\\\\').replace('"', '\\"')
    boxes = (f'@top-left {{ content: "{text}"; font-size: 8.5pt; color: #4b5563; }} '
             '@bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8.5pt; '
             'color: #4b5563; }')
    return f'@page {{ {boxes} }}\n@page wide {{ {boxes} }}\n'


def md(text: str) -> str:
    """Plain text safe in Markdown: no markup, links, raw HTML or table breaks can come from people's words."""
    text = ' '.join(str(text).split())
    text = _MD_SPECIAL.sub(r'\\\g<0>', text)
    text = _MD_NUMBERED.sub(r'\1\\\2', text)  # '1. ' would start a list: '1\. '
    return _MD_LINE_START.sub(r'\\\g<0>', text)


def esc(text: str) -> str:
    return html.escape(str(text), quote=True)


def _html_table(table: Table) -> str:
    caption = f'<caption>{esc(table.caption)}</caption>' if table.caption else ''
    head = ''.join(f'<th scope="col"{_num(n, table)}>{esc(h)}</th>' for n, h in enumerate(table.header))
    rows = ''.join('<tr>' + ''.join(f'<td{_num(n, table)}>{_breakable(c)}</td>' for n, c in enumerate(row)) + '</tr>'
                   for row in table.rows)
    return f'<table>{caption}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _breakable(text: str) -> str:
    """Escaped cell text in which a very long word (a link, a code) may break: cells wrap between words only, so a
    column is as wide as its longest word and no title is split mid-word, and no word can push a table off the page."""
    parts = _LONG_WORD.split(str(text))  # odd items are the long words
    return ''.join('<wbr>'.join(esc(part[i:i + LONG_WORD // 2]) for i in range(0, len(part), LONG_WORD // 2)) if n % 2
                   else esc(part) for n, part in enumerate(parts))


def _num(column: int, table: Table) -> str:
    classes = ' '.join(c for c, on in (('num', column in table.numeric), ('nowrap', column in table.nowrap)) if on)
    return f' class="{classes}"' if classes else ''


LONG_WORD = 30  # characters
_LONG_WORD = re.compile(rf'(\S{{{LONG_WORD + 1},}})')
_MD_SPECIAL = re.compile(r'[\\`*_\[\]<>|&~]')
_MD_LINE_START = re.compile(r'^[#+\-=]')
_MD_NUMBERED = re.compile(r'^(\d+)([.)])')

# Self-contained print styles: system fonts, A4 pages with margins, no table row or figure split across pages.
CSS = '''
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
:root { color-scheme: light; }
body { font-family: "Helvetica Neue", Helvetica, Arial, sans-serif; color: #1f2937; background: #ffffff;
       font-size: 10.5pt; line-height: 1.4; margin: 0; }
main { max-width: 178mm; margin: 0 auto; padding: 12mm 0; }
h1 { font-size: 18pt; line-height: 1.2; color: #134e4a; margin: 0 0 3mm; }
h2 { font-size: 13.5pt; color: #134e4a; border-bottom: 1.5pt solid #99c7c1; padding-bottom: 1mm; margin: 5mm 0 2mm; }
p { margin: 0 0 2.5mm; } ul { margin: 0 0 2.5mm; padding-left: 6mm; }
h3 { font-size: 12pt; margin: 5mm 0 2mm; }
h2, h3 { break-after: avoid; page-break-after: avoid; }
div.keep { break-inside: avoid; page-break-inside: avoid; }
div.new-page { break-before: page; page-break-before: always; }
@page wide { size: A4 landscape; margin: 14mm 10mm 14mm 10mm; }
section.landscape { page: wide; break-before: page; break-after: page; }
section.landscape figure { margin: 0; }
section.landscape figure img { max-height: 178mm; width: auto; max-width: 100%; display: block; margin: 0 auto; }
p, li { orphans: 3; widows: 3; }
p.lead { font-size: 12pt; }
p.small { font-size: 9.5pt; color: #4b5563; }
p.note { background: #fef3c7; border-left: 3pt solid #b45309; padding: 2mm 3mm; }
table { border-collapse: collapse; width: 100%; margin: 1.5mm 0 3mm; font-size: 9pt; }
caption { text-align: left; font-style: italic; padding-bottom: 1mm; }
th, td { border: 0.5pt solid #cbd5e1; padding: 0.9mm 1.6mm; text-align: left; vertical-align: top; }
th { background: #e6f2f0; }
td { overflow-wrap: break-word; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.nowrap, th.nowrap { white-space: nowrap; overflow-wrap: normal; }
thead { display: table-header-group; }
tr, figure, p.note { break-inside: avoid; page-break-inside: avoid; }
figure { margin: 3mm 0 5mm; }
figure img { max-width: 100%; height: auto; }
figcaption { font-size: 9.5pt; color: #4b5563; }
@media screen { body { background: #f3f4f6; } main { background: #ffffff; padding: 12mm 14mm; } }
@media print { main { max-width: none; padding: 0; } }
'''
