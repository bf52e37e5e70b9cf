"""The Excel workbook (format `xlsx`): everything a project lead takes away, sheet by sheet, opening in Excel and
LibreOffice alike.

Pure: no I/O, no UI. Every sheet is a table with a frozen, filtered header row and readable column widths; the
ranking also gets a native bar chart. Text from people is always written as text: a cell that starts like a formula
(= + - @, tab, carriage return) is stored as a string with Excel's quote prefix, never as a formula.
"""
from __future__ import annotations

import io
import re
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from exports import report, report_data
from exports.registry import ExportInput, register
from exports.report_data import Report
from exports.spreadsheet_text import runs_as_formula

HEADER_FILL = PatternFill('solid', fgColor='E6F2F0')
SUPPRESSED = 'suppressed'
WIDE = 60  # characters: the widest a column gets; longer text wraps


@register('xlsx', suffix='.xlsx', media_type='application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          label='Workbook (xlsx)')
def write_xlsx(data: ExportInput) -> bytes:
    built = report_data.build(data)
    book = Workbook()
    book.remove(book.active)
    summary(book.create_sheet('Summary'), built)
    ranked(book.create_sheet('Ranked improvements'), built)
    table(book.create_sheet('Votes'), ['At', 'Round', 'Participant', 'Group', 'Kind', 'Improvement ID', 'Improvement',
                                       'Question', 'Value'],
          [[v.at, v.round, v.participant, v.group, v.kind, v.improvement, v.title, v.criterion, _number(v.value)]
           for v in built.votes])
    table(book.create_sheet('Comments'), ['At', 'Participant', 'Group', 'On', 'Kind', 'Comment'],
          [[c.at, c.participant, c.group, c.target, c.kind, c.text] for c in built.comments])
    journey(book.create_sheet('Journey map'), built)
    table(book.create_sheet('Quotes'), ['Theme', 'Stream', 'Quote', 'Paraphrase'],
          [[q.theme, q.stream, q.text, 'yes' if q.paraphrase else 'no'] for q in built.quotes])
    decisions(book.create_sheet('Decisions & actions'), built)
    consent(book.create_sheet('Consent log'), built)
    table(book.create_sheet('Method'), ['How the figures were computed'],
          [[line] for line in [*built.method, *_suppressed(built)]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def summary(sheet: Worksheet, built: Report) -> None:
    about = report.about(built)
    rows: list[list[Any]] = [*about.rows, ['Cycle element now', built.progress.element(built.progress.current)
                                           .element.title],
                             ['Comments not shown', report.withheld_line(built.comments_withheld)
                              if built.comments_withheld else 'none']]
    end = table(sheet, ['Item', 'Value'], rows, filters=False)
    end = _subtable(sheet, end + 2, ['Group', 'Participants'],
                    [[g.label, g.participants] for g in built.groups])
    _subtable(sheet, end + 2, ['Round', 'Method', 'Voters', 'Passed on the whole round', 'Score'],
              [[r.number, r.description, r.voters, r.passed, r.score_label] for r in built.rounds])


def ranked(sheet: Worksheet, built: Report) -> None:
    """Every ranked round in one filterable table, the ranked list's round first; its scores as a bar chart."""
    rounds = sorted(built.rounds, key=lambda r: r.number != built.ranked.number) if built.ranked else []
    groups = list(dict.fromkeys((g.id, g.label) for r in rounds for g in r.groups))
    header = ['Round', 'Method', 'Rank', 'Tied', 'Improvement ID', 'Improvement', 'Score', 'Voters', 'Passes',
              'Balanced rank', 'Balanced score', *(f'{label} {what}' for _, label in groups for what in ('rank',
                                                                                                      'score'))]
    rows = []
    for r in rounds:
        for row in r.rows:
            cells = []
            for group, _ in groups:
                cell = row.groups.get(group)
                cells += [SUPPRESSED, SUPPRESSED] if cell is None else [cell.rank, _score(cell.score)]
            rows.append([r.number, r.description, row.rank, 'yes' if row.shared else 'no', row.improvement, row.title,
                         _score(row.score), row.voters, row.passes, row.balanced_rank, row.balanced_score, *cells])
    table(sheet, header, rows)
    reasons = {(g.id, what): f'Round {r.number}: {g.reason}' for r in reversed(rounds) for g in r.groups
               if g.suppressed for what in ('rank', 'score')}
    for column, title in enumerate(header, start=1):  # the reason, on the header of a suppressed group's column
        group = next((g for g, label in groups if title in (f'{label} rank', f'{label} score')), None)
        if (note := reasons.get((group, title.rsplit(' ', 1)[-1]))) is not None:
            sheet.cell(row=1, column=column).comment = Comment(note, 'Codesign Workshop')
    if built.ranked and built.ranked.rows:
        _chart(sheet, built.ranked, anchor=f'{get_column_letter(len(header) + 2)}2')


def journey(sheet: Worksheet, built: Report) -> None:
    streams = built.workshop.streams
    table(sheet, ['Stage', *(s.label for s in streams)],
          [[f'{n}. {title}', *('\n'.join(cells[s.id]) for s in streams)]
           for n, (title, cells) in enumerate(built.journey, start=1)])


def decisions(sheet: Worksheet, built: Report) -> None:
    rows = []
    for d in built.decisions:
        base = [d.improvement, d.title, d.status, d.outcome, d.rationale, d.minority_view, d.at]
        rows += [[*base, a.action, a.owner, a.due, a.status] for a in d.actions] or [[*base, '', '', '', '']]
    table(sheet, ['Improvement ID', 'Improvement', 'Status', 'Decision', 'Rationale', 'Minority view', 'Decided at',
                  'Action', 'Owner', 'Due', 'Action status'], rows)


def consent(sheet: Worksheet, built: Report) -> None:
    names = {p.pseudonym: p.name for p in built.people}
    header = ['At', 'Participant', *(['Name'] if built.identified else []), 'Event', 'Detail']
    table(sheet, header, [[c.at, c.participant, *([names.get(c.participant, '')] if built.identified else []),
                           c.event, c.detail] for c in built.consent_log])


# --- writing cells -----------------------------------------------------------------------------------------------

def table(sheet: Worksheet, header: list[str], rows: list[list[Any]], *, filters: bool = True) -> int:
    """A table from A1: bold frozen header, auto filter, widths to fit; returns the last row used."""
    _header(sheet, 1, header)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            put(sheet, r, c, value)
    sheet.freeze_panes = 'A2'
    last = len(rows) + 1
    if filters:
        sheet.auto_filter.ref = f'A1:{get_column_letter(len(header))}{last}'
    _widths(sheet)
    return last


def put(sheet: Worksheet, row: int, column: int, value: Any) -> None:
    """One cell; text is always text (never a formula), with characters Excel refuses removed."""
    cell = sheet.cell(row=row, column=column)
    if value is None or isinstance(value, (int, float)):
        cell.value = value
        return
    text = ILLEGAL_CHARACTERS_RE.sub('', str(value))
    cell.value = text
    cell.data_type = 's'
    if runs_as_formula(text):
        cell.quotePrefix = True  # Excel and LibreOffice keep it text even when someone edits the cell
    if '\n' in text or len(text) > WIDE:
        cell.alignment = Alignment(wrap_text=True, vertical='top')


def _subtable(sheet: Worksheet, start: int, header: list[str], rows: list[list[Any]]) -> int:
    _header(sheet, start, header)
    for r, row in enumerate(rows, start=start + 1):
        for c, value in enumerate(row, start=1):
            put(sheet, r, c, value)
    _widths(sheet)
    return start + len(rows)


def _header(sheet: Worksheet, row: int, header: list[str]) -> None:
    for c, title in enumerate(header, start=1):
        put(sheet, row, c, title)
        cell = sheet.cell(row=row, column=c)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical='top')


def _widths(sheet: Worksheet) -> None:
    for column in sheet.iter_cols():
        longest = max((max(len(line) for line in str(c.value).split('\n')) for c in column if c.value is not None),
                      default=0)
        sheet.column_dimensions[column[0].column_letter].width = max(8, min(WIDE, longest + 2))


def _chart(sheet: Worksheet, round_: report_data.RoundReport, *, anchor: str) -> None:
    n = len(round_.rows)
    chart = BarChart()
    chart.type = 'bar'  # horizontal bars: long titles stay readable
    chart.title = f'Round {round_.number}: {round_.score_label}'
    chart.legend = None
    chart.add_data(Reference(sheet, min_col=7, min_row=1, max_row=n + 1), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=6, min_row=2, max_row=n + 1))
    chart.x_axis.scaling.orientation = 'maxMin'  # best first, at the top
    chart.x_axis.delete = chart.y_axis.delete = False  # openpyxl hides axes by default
    chart.width, chart.height = 18, max(6, 0.7 * n + 2)
    sheet.add_chart(chart, anchor)


def _suppressed(built: Report) -> list[str]:
    return [f'Round {r.number}, {g.label}: {g.reason}' for r in built.rounds for g in r.groups if g.suppressed]


def _score(score: float | None) -> float | None:
    return None if score is None else round(score, 2)


def _number(value: str) -> Any:
    """Vote values as numbers where they are numbers, so they sum in Excel; orders and passes stay text."""
    if not _NUMBER.fullmatch(value):
        return value
    return float(value) if '.' in value else int(value)


_NUMBER = re.compile(r'\d+(\.\d+)?')
