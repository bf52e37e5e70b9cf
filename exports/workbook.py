"""The Excel workbook (format `xlsx`): what a project lead takes away and prints, sheet by sheet, opening in Excel
and LibreOffice alike.

Pure: no I/O, no UI. Every sheet is one table with a frozen, filtered header row and readable column widths, set up
to print (landscape A4, one page wide, header row repeated) at a size people can read: long text wraps in narrower
columns, and a wide table's print area covers the columns a board reads, its other columns following on screen.
A lead's printed workbook is the results, not the raw record: each person's ballot, the participant × idea grid,
every vote event and the consent log run to hundreds of rows that nobody reads on paper, so they are in the research
workbook (exports.research_workbook) and this one prints on a dozen pages. The ranked round gets a native bar chart
beside its own small table. Text from people is always written as text: a cell that starts like a formula (= + - @,
tab, carriage return) is stored as a string with Excel's quote prefix, never as a formula.
"""
from __future__ import annotations

import datetime as dt
import io
import math
import re
import textwrap
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from exports import report, report_data, shortlists
from exports.registry import ExportInput
from exports.report_data import Report
from exports.spreadsheet_text import runs_as_formula

HEADER_FILL = PatternFill('solid', fgColor='E6F2F0')
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical='top')
TOP = Alignment(vertical='top')
SUPPRESSED = 'suppressed'
WIDE = 60  # characters: the widest a column gets; longer text wraps
HEADER_LINES = 3
LINE_HEIGHT = 15  # points: one line of 11-point text
PAGE_WIDE = 110  # characters across a landscape A4 page at 11 points (column widths count characters); LibreOffice
# shrinks a sheet to the page's width only between columns, so no column may be wider than this on its own
PRINT_WIDE = 160  # characters: the most a printed page holds, shrunk to its width, with text still 7.5 points or more
NARROWEST = 20  # characters: long-text columns wrap down to this width, no narrower, to fit PRINT_WIDE


def write_xlsx(data: ExportInput) -> bytes:
    built = report_data.build(data)
    book = Workbook(write_only=True)  # rows stream to the file: a thousand people's ballots fit in little memory
    summary(book.create_sheet('Summary'), built)
    table(book.create_sheet('Participants'), ['Group', 'Participants'], [[g.label, g.participants]
                                                                         for g in built.groups])
    rounds(book.create_sheet('Rounds'), built)
    ranked(book.create_sheet('Ranked improvements'), built)
    ranking_chart(book.create_sheet('Ranking chart'), built)
    table(book.create_sheet('Comments'), [f'At ({built.workshop.settings.time_zone})', 'Participant', 'Group', 'On',
                                          'Kind', 'Comment'],
          [[when(c.at), c.participant, c.group, c.target, c.kind, c.text] for c in built.comments])
    journey(book.create_sheet('Journey map'), built)
    table(book.create_sheet('Quotes'), ['Theme', 'Stream', 'Quote', 'Paraphrase'],
          [[q.theme, q.stream, q.text, 'yes' if q.paraphrase else 'no'] for q in built.quotes])
    decisions(book.create_sheet('Decisions & actions'), built)
    if built.shortlists:  # one table per sheet: a workshop without shortlists prints no empty page for them
        shortlist_sheet(book.create_sheet('Shortlists'), built)
    method(book.create_sheet('Method'), built)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def summary(sheet: Worksheet, built: Report) -> None:
    about = report.about(built)
    rows: list[list[Any]] = [*about.rows, ['Cycle element now', built.progress.element(built.progress.current)
                                           .element.title],
                             ['Comments not shown', report.withheld_line(built.comments_withheld)
                              if built.comments_withheld else 'none']]
    table(sheet, ['Item', 'Value'], rows, filters=False)


def rounds(sheet: Worksheet, built: Report) -> None:
    """One table per sheet, so each filters and pivots on its own."""
    table(sheet, ['Round', 'Method', 'Voters', 'Passed on the whole round', 'Score', "Agreement (Kendall's W)",
                  *(f"Kendall's W: {g.label}" for g in built.groups)],
          [[r.number, r.description, r.voters, r.passed, r.score_label, _score(r.kendall_w),
            *(_score(r.kendall_w_groups[g.id]) if g.id in r.kendall_w_groups else None for g in built.groups)]
           for r in built.rounds])


def ranked(sheet: Worksheet, built: Report) -> None:
    """Every ranked round in one filterable table, the ranked list's round first; its scores as a bar chart."""
    rounds = sorted(built.rounds, key=lambda r: r.number != built.ranked.number) if built.ranked else []
    groups = list(dict.fromkeys((g.id, g.label) for r in rounds for g in r.groups))
    criteria = list(dict.fromkeys(c for r in rounds for c in r.criteria))
    header = [*RANKED_PRINTED, 'Method', 'Improvement ID',
              *(f'{c} {what}' for c in criteria for what in ('mean', 'median', 'agreement')), 'Quadrant',
              *(f'{label} {what}' for _, label in groups for what in ('rank', 'score', SUPPRESSED))]
    rows = []
    for r in rounds:
        for row in r.rows:
            cells = []
            for group, _ in groups:  # a suppressed figure is an empty cell, flagged in a column of its own
                cell = row.groups.get(group)
                cells += [None, None, 'yes'] if cell is None else [cell.rank, _score(cell.score), 'no']
            ratings = [_score(getattr(row.ratings[c], what)) if c in row.ratings else None
                       for c in criteria for what in ('mean', 'median', 'agreement')]
            rows.append([r.number, row.rank, 'yes' if row.shared else 'no', row.title, _score(row.score),
                         row.balanced_rank, row.balanced_score, report.VERDICTS[row.consensus], _score(row.stability),
                         r.result.top, row.voters, row.passes, r.description, row.improvement, *ratings,
                         row.quadrant or None, *cells])
    reasons = {g.id: f'Round {r.number}: {g.reason}' for r in reversed(rounds) for g in r.groups if g.suppressed}
    notes = {}
    for column, title in enumerate(header, start=1):  # the reason, on the header of a suppressed group's flag column
        group = next((g for g, label in groups if title == f'{label} {SUPPRESSED}'), None)
        if group in reasons:
            notes[column] = reasons[group]
    table(sheet, header, rows, notes=notes, printed=len(RANKED_PRINTED))


# What a board reads on paper, first: the method, idea IDs, rating questions and per-group columns follow them on
# screen, outside the print area, so the printed page keeps a readable size
RANKED_PRINTED = ['Round', 'Rank', 'Tied', 'Improvement', 'Score', 'Balanced rank', 'Balanced score', 'Consensus',
                  'Stability', 'Stability: top', 'Voters', 'Passes']


def ranking_chart(sheet: Worksheet, built: Report) -> None:
    """The ranked round as a bar chart beside the few columns it draws: the wide table above has a column per view
    and group, so a chart there would sit off-screen and shrink the printed page."""
    ranked_ = built.ranked
    rows = [[r.rank, 'yes' if r.shared else 'no', r.title, _score(r.score)] for r in ranked_.rows] if ranked_ else []
    table(sheet, ['Rank', 'Tied', 'Improvement', ranked_.score_label if ranked_ else 'Score'], rows)
    if ranked_ and ranked_.rows:
        _chart(sheet, ranked_, anchor='F2')


def journey(sheet: Worksheet, built: Report) -> None:
    streams = built.workshop.streams
    table(sheet, ['Stage', *(s.label for s in streams)],
          [[f'{n}. {title}', *('\n'.join(cells[s.id]) for s in streams)]
           for n, (title, cells) in enumerate(built.journey, start=1)])


def decisions(sheet: Worksheet, built: Report) -> None:
    """What was decided and who does what by when, printed; when it was decided and the idea's ID follow on screen."""
    rows = []
    for d in built.decisions:
        base = [d.title, d.status, d.outcome, d.rationale, d.minority_view]
        rows += [[*base, a.action, a.owner, _day(a.due), a.status, when(d.at), d.improvement] for a in d.actions] \
            or [[*base, '', '', '', '', when(d.at), d.improvement]]
    table(sheet, ['Improvement', 'Status', 'Decision', 'Rationale', 'Minority view', 'Action', 'Owner', 'Due',
                  'Action status', 'Decided at', 'Improvement ID'], rows, printed=9)


def shortlist_sheet(sheet: Worksheet, built: Report) -> None:
    table(sheet, shortlists.HEADER, [shortlists.cells(s) for s in built.shortlists])


# --- writing cells -----------------------------------------------------------------------------------------------

def table(sheet: Worksheet, header: list[str], rows: list[list[Any]], *, filters: bool = True,
          notes: dict[int, str] | None = None, printed: int | None = None, paper: bool = True) -> int:
    """One table from A1: bold frozen header, auto filter, widths to fit, rows tall enough for their wrapped text,
    set up to print; `notes` are comments on header cells (by column, from 1); `printed` is how many leading columns
    the print area covers (all when None), the rest are for the screen; a sheet made to edit rather than print
    (`paper` false) keeps its long-text columns wide instead of narrowing them to the page. Returns the last row used.

    Rows are appended in order, so the same code writes a normal sheet and a write-only one (the big export): every
    column width and row height is worked out from the values before the row is written."""
    printed = printed or len(header)
    widths: dict[int, int] = {}
    for r, row in enumerate((header, *rows)):
        for c, value in enumerate(row, start=1):
            if value is not None:
                widths[c] = max(widths.get(c, 0), _header_width(value) if r == 0 else _width(value))
    widths = _fit(widths, printed if paper else 0)
    for c, width in widths.items():  # before any row: a write-only sheet writes its columns first
        sheet.column_dimensions[get_column_letter(c)].width = width
    sheet.freeze_panes = 'A2'
    if filters:
        sheet.auto_filter.ref = f'A1:{get_column_letter(len(header))}{len(rows) + 1}'
    print_setup(sheet)
    if printed < len(header):
        sheet.print_area = f'A1:{get_column_letter(printed)}{len(rows) + 1}'
    for r, row in enumerate((header, *rows)):
        if (lines := _header_lines(row, widths) if r == 0 else _lines(row, widths)) > 1:
            sheet.row_dimensions[r + 1].height = LINE_HEIGHT * lines
        sheet.append([_header_cell(sheet, title, (notes or {}).get(c)) for c, title in enumerate(row, start=1)]
                     if r == 0 else [put(sheet, v, widths.get(c, WIDE), top=lines > 1)
                                     for c, v in enumerate(row, start=1)])
    return len(rows) + 1


def print_setup(sheet: Worksheet) -> None:
    """Landscape A4, as wide as the page, the header row repeated on every page, the sheet's name and page numbers
    in the margins: what Excel's and LibreOffice's Print gives without anyone touching Page Setup."""
    sheet.page_setup.orientation = 'landscape'
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0  # one page wide, as many pages long as needed
    sheet.print_title_rows = '1:1'
    sheet.print_options.gridLines = True
    margins = sheet.page_margins  # inches: narrow, so a table of some thirty rows prints on one page
    margins.left = margins.right = 0.4
    margins.top = margins.bottom = 0.6
    margins.header = margins.footer = 0.25
    sheet.oddHeader.left.text = '&A'
    sheet.oddFooter.right.text = 'Page &P of &N'


def put(sheet: Worksheet, value: Any, width: int = WIDE, *, top: bool = False) -> Any:
    """One cell's value; text is always text (never a formula), with characters Excel refuses removed, wrapped when
    longer than its column's `width`; moments are real dates (in the workshop's time zone, which the header names).
    In a tall row (`top`) every cell starts at the top, beside the first line of its neighbours' wrapped text."""
    if value is None or (isinstance(value, (int, float)) and not top):
        return value
    cell = WriteOnlyCell(sheet)
    if isinstance(value, (int, float)):
        cell.value, cell.alignment = value, TOP
        return cell
    if top:
        cell.alignment = TOP
    if isinstance(value, Moment):
        cell.value, cell.number_format = value.at, 'yyyy-mm-dd hh:mm'
        return cell
    if isinstance(value, dt.date):
        cell.value, cell.number_format = value, 'yyyy-mm-dd'
        return cell
    text = ILLEGAL_CHARACTERS_RE.sub('', str(value))
    if not runs_as_formula(text) and '\n' not in text and len(text) <= min(WIDE, width - 2) and not top:
        return text  # plain text needs no cell of its own (and openpyxl keeps it a string)
    cell.value = text
    cell.data_type = 's'
    if runs_as_formula(text):
        cell.quotePrefix = True  # Excel and LibreOffice keep it text even when someone edits the cell
    if '\n' in text or len(text) > min(WIDE, width - 2):
        cell.alignment = WRAP
    return cell


def _header_cell(sheet: Worksheet, title: str, note: str | None) -> Any:
    cell = put(sheet, title)
    if not isinstance(cell, Cell):
        cell = WriteOnlyCell(sheet, value=cell)
    cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, WRAP
    if note:
        cell.comment = Comment(note, 'Codesign Workshop')
    return cell


def _fit(longest: dict[int, int], printed: int) -> dict[int, int]:
    """Columns as wide as their longest line, at most WIDE; room left on a landscape page goes to the columns of
    long text, so they wrap over fewer lines and print on fewer pages. When the `printed` columns together are wider
    than PRINT_WIDE, their long-text columns narrow (and wrap) in proportion, so the page is not shrunk to an
    unreadable size."""
    widths = {c: max(8, min(WIDE, n + 2)) for c, n in longest.items()}
    wrapped = [c for c, n in longest.items() if n + 2 > WIDE]
    spare = PAGE_WIDE - sum(widths.values())
    for c in wrapped:
        widths[c] = min(longest[c] + 2, WIDE + max(0, spare) // len(wrapped))
    on_paper = [c for c in widths if c <= printed]
    for _ in range(3):  # a column that stops at NARROWEST leaves the rest to the others
        excess = sum(widths[c] for c in on_paper) - PRINT_WIDE
        long = [c for c in on_paper if widths[c] > NARROWEST]
        if excess <= 0 or not long:
            break
        room = sum(widths[c] - NARROWEST for c in long)
        for c in long:
            widths[c] -= math.ceil(excess * (widths[c] - NARROWEST) / room) if room >= excess else widths[c] - NARROWEST
    return widths


def _width(value: Any) -> int:
    if isinstance(value, Moment):
        return 16
    return max(len(line) for line in str(value).split('\n'))


def _header_width(title: str) -> int:
    """Headers wrap (in at most three lines), so a long header over a column of small numbers keeps it narrow."""
    return max(max(map(len, title.split()), default=0), math.ceil(len(title) / HEADER_LINES))


def _header_lines(row: list[str], widths: dict[int, int]) -> int:
    return max((len(textwrap.wrap(title, max(1, widths.get(c, 8) - 2))) for c, title in enumerate(row, start=1)),
               default=1)


def _lines(row: list[Any], widths: dict[int, int]) -> int:
    """How many lines the row's tallest wrapped cell takes: Excel does not grow a row for text a program wrote."""
    return max((sum(len(textwrap.wrap(line, _per_line(widths.get(c, 8)))) or 1 for line in v.split('\n'))
                for c, v in enumerate(row, start=1)
                if isinstance(v, str) and ('\n' in v or len(v) > _per_line(widths.get(c, 8)))), default=1)


def _per_line(width: int) -> int:
    """Characters of text on one line of a column `width` wide: a width counts the widest digits, and words in
    11-point Carlito or Calibri average narrower: a line holds a quarter more (a third, measured on the printout)."""
    return max(1, int((width - 1) * 1.25))


def _chart(sheet: Worksheet, round_: report_data.RoundReport, *, anchor: str) -> None:
    n = len(round_.rows)
    chart = BarChart()
    chart.type = 'bar'  # horizontal bars: long titles stay readable
    chart.title = f'Round {round_.number}: {round_.score_label}'
    chart.legend = None
    chart.add_data(Reference(sheet, min_col=4, min_row=1, max_row=n + 1), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=3, min_row=2, max_row=n + 1))
    chart.x_axis.scaling.orientation = 'maxMin'  # best first, at the top
    chart.x_axis.delete = chart.y_axis.delete = False  # openpyxl hides axes by default
    chart.width, chart.height = 16, max(6, 0.7 * n + 2)  # centimetres: beside the table on one landscape page
    sheet.add_chart(chart, anchor)


def method(sheet: Worksheet, built: Report, *more: str) -> None:
    table(sheet, ['How the figures were computed'], [[line] for line in [*built.method, *more, *_suppressed(built)]])


def _suppressed(built: Report) -> list[str]:
    return [f'Round {r.number}, {g.label}: {g.reason}' for r in built.rounds for g in r.groups if g.suppressed]


def _score(score: float | None) -> float | None:
    return None if score is None else round(score, 2)


def number(value: str) -> Any:
    """Vote values as numbers where they are numbers, so they sum in Excel; orders and passes stay text."""
    if not _NUMBER.fullmatch(value):
        return value
    return float(value) if '.' in value else int(value)


_NUMBER = re.compile(r'\d+(\.\d+)?')


class Moment:
    """A date and time from the report (text like '2026-03-11 10:00 NZDT') written as a real Excel date."""
    __slots__ = ('at',)

    def __init__(self, text: str) -> None:
        self.at = dt.datetime.strptime(text[:16], '%Y-%m-%d %H:%M')


def _day(text: str) -> Any:
    """A due date as a real date when it is one ('2026-04-30'); anything else a lead typed stays as text."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return text


def when(text: str) -> Any:
    return Moment(text) if text else None
