"""Document blocks (exports.document) as an editable Word document, with python-docx.

Pure: no I/O, no UI. Real headings (Word's Heading styles, which keep with the next paragraph, so none is stranded
at the foot of a page), real tables with a header row repeated on every page, pictures as PNG with their alt text,
landscape sections for wide pictures, and a running header and "Page n of m" footer on every page. People's text is
only ever set as text, never read as fields or markup.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.image import Image
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from exports.document import Block, Bullets, Figure, Heading, Landscape, Note, PageBreak, Para, Table

A4 = (Mm(210), Mm(297))
MARGIN = Mm(18)
CHAR = Mm(1.9)  # the width of one character of 9-point table text, on average
MUTED = RGBColor(0x4B, 0x55, 0x63)
FIXED_TIME = dt.datetime(2020, 1, 1)  # files carry no clock time: the report says when it was exported


def to_docx(title: str, blocks: list[Block], *, running_header: str = '') -> bytes:
    doc = Document()
    styles = doc.styles
    styles['Normal'].font.name = 'Arial'
    styles['Normal'].font.size = Pt(10.5)
    section = doc.sections[0]
    _page(section, landscape=False)
    _header_footer(section, running_header)
    doc.core_properties.title = title
    doc.add_heading(title, level=0)
    _blocks(doc, blocks)
    doc.core_properties.created = doc.core_properties.modified = FIXED_TIME
    out = io.BytesIO()
    doc.save(out)
    return _fixed_dates(out.getvalue())


def _fixed_dates(docx: bytes) -> bytes:
    """The same document as the same bytes: zip entries dated alike (python-docx dates them with the clock)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(zipfile.ZipInfo(item.filename, date_time=FIXED_TIME.timetuple()[:6]),
                            source.read(item.filename), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _blocks(doc, blocks: list[Block]) -> None:
    for block, after in zip(blocks, [*blocks[1:], None]):
        if isinstance(block, Heading):
            doc.add_heading(_text(block.text), level=max(1, block.level - 1))
        elif isinstance(block, Para):
            paragraph = doc.add_paragraph(_text(block.text))
            if block.css:
                paragraph.runs[0].font.size = Pt(9) if block.css == 'small' else Pt(11.5)
        elif isinstance(block, Note):
            paragraph = doc.add_paragraph()
            paragraph.add_run('Note: ').bold = True
            paragraph.add_run(_text(block.text))
        elif isinstance(block, Bullets):
            for item in block.items:
                doc.add_paragraph(_text(item), style='List Bullet')
        elif isinstance(block, Table):
            _table(doc, block)
        elif isinstance(block, Figure):
            _figure(doc, block)
        elif isinstance(block, PageBreak):
            doc.add_page_break()
        elif isinstance(block, Landscape):  # one landscape section for landscape pages in a row, a page each
            if doc.sections[-1].orientation == WD_ORIENT.LANDSCAPE:
                doc.add_page_break()
            else:
                _page(doc.add_section(WD_SECTION.NEW_PAGE), landscape=True)
            _blocks(doc, block.blocks)
            if not isinstance(after, Landscape):
                _page(doc.add_section(WD_SECTION.NEW_PAGE), landscape=False)


def _table(doc, block: Table) -> None:
    if block.caption:
        caption = doc.add_paragraph()
        caption.add_run(_text(block.caption)).italic = True
        caption.paragraph_format.keep_with_next = True
    table = doc.add_table(rows=1, cols=len(block.header), style='Table Grid')
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False  # the widths below, not equal columns
    header = table.rows[0]
    _repeat_header(header)
    for n, text in enumerate(block.header):
        run = header.cells[n].paragraphs[0].add_run(_text(text))
        run.bold = True
        _align(header.cells[n].paragraphs[0], n, block)
    for row in block.rows:
        cells = table.add_row().cells
        for n, text in enumerate(row):
            cells[n].text = _text(text)
            _align(cells[n].paragraphs[0], n, block)
    widths = _widths(doc, block)
    for column, width in zip(table.columns, widths):  # the table's grid: LibreOffice lays columns out by it
        column.width = width
    for row in table.rows:
        _keep_whole(row)
        for cell, width in zip(row.cells, widths):
            cell.width = width
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    doc.add_paragraph()


def _widths(doc, block: Table) -> list[int]:
    """Column widths: each column at least as wide as its longest word (so no word, a header's included, breaks in
    the middle), and the room left shared by how much each column holds, so text columns get it."""
    section = doc.sections[-1]
    room = section.page_width - section.left_margin - section.right_margin
    columns = [[str(r[n]) for r in [block.header, *block.rows]] for n in range(len(block.header))]
    least = [max(len(word) for text in texts for word in text.split() or ['']) + 3 for texts in columns]
    wants = [max(min(40, max(len(text) for text in texts)) + 4, floor) for texts, floor in zip(columns, least)]
    chars = room / CHAR
    if sum(least) >= chars:  # too many columns for the page: shrink them alike
        return [int(room * n / sum(least)) for n in least]
    spare, extra = chars - sum(least), [w - n for w, n in zip(wants, least)]
    return [int(CHAR * (n + (spare * e / sum(extra) if sum(extra) else spare / len(least))))
            for n, e in zip(least, extra)]


def _figure(doc, block: Figure) -> None:
    if block.png is None:
        return
    picture = block.png()
    image = Image.from_blob(picture)
    section = doc.sections[-1]
    room_w = section.page_width - section.left_margin - section.right_margin
    room_h = section.page_height - section.top_margin - section.bottom_margin - Mm(20)
    ratio = image.px_height / image.px_width
    width = min(room_w, int(room_h / ratio))
    doc.add_picture(io.BytesIO(picture), width=width)
    shape = doc.inline_shapes[-1]
    shape._inline.docPr.set('descr', _text(block.alt))  # alt text, read out by screen readers
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if block.caption:
        caption = doc.add_paragraph()
        run = caption.add_run(_text(block.caption))
        run.italic, run.font.size, run.font.color.rgb = True, Pt(9), MUTED


def _page(section, *, landscape: bool) -> None:
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    margin = Mm(12) if landscape else MARGIN
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = margin


def _header_footer(section, running_header: str) -> None:
    if running_header:
        run = section.header.paragraphs[0].add_run(_text(running_header))
        run.font.size, run.font.color.rgb = Pt(8.5), MUTED
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run('Page ').font.size = Pt(8.5)
    _field(footer, 'PAGE')
    footer.add_run(' of ').font.size = Pt(8.5)
    _field(footer, 'NUMPAGES')


def _field(paragraph, instruction: str) -> None:
    """A Word field (page number, page count) that Word and LibreOffice fill in when they lay out the pages."""
    field = OxmlElement('w:fldSimple')
    field.set(qn('w:instr'), instruction)
    run = OxmlElement('w:r')
    placeholder = OxmlElement('w:t')
    placeholder.text = '1'
    run.append(placeholder)
    field.append(run)
    paragraph._p.append(field)


def _repeat_header(row) -> None:
    """The header row repeats at the top of every page the table runs onto."""
    properties = row._tr.get_or_add_trPr()
    repeat = OxmlElement('w:tblHeader')
    repeat.set(qn('w:val'), 'true')
    properties.append(repeat)


def _keep_whole(row) -> None:
    """A row never splits across two pages (as in the printed HTML)."""
    keep = OxmlElement('w:cantSplit')
    keep.set(qn('w:val'), 'true')
    row._tr.get_or_add_trPr().append(keep)


def _align(paragraph, column: int, block: Table) -> None:
    if column in block.numeric:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _text(text: str) -> str:
    """Text Word accepts: XML 1.0 forbids most control characters, which people's text may carry."""
    return ''.join(ch for ch in str(text) if ch in '\t\n' or ord(ch) >= 32)
