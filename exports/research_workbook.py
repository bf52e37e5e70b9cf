"""The research workbook (format `research-xlsx`): the record behind the figures, for analysis rather than print.

Pure: no I/O, no UI. Each person's final ballot (Votes), the participant × idea grid (Matrix), every vote event as
it happened (Audit) and every consent given, changed or withdrawn (Consent log) are long tables, hundreds of rows
for one workshop: researchers pivot them and ethics reviews check them, nobody reads them on paper. They live here, apart from the lead's workbook (exports.workbook), so the
workbook a lead prints stays a short set of pages. Same conventions as that workbook: one table per sheet, numbers
in number columns, real dates, text never a formula, print set-up on every sheet for whoever prints them anyway.
"""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from exports import matrix, report_data
from exports.registry import ExportInput
from exports.report_data import Report
from exports.workbook import method, number, summary, table, when

SHEETS = ('Summary', 'Votes', 'Matrix', 'Audit', 'Consent log', 'Method')
AUDIT_VALUE = ('Value: for dots, the number of dots the person had on the idea after this change (0 takes them all '
               'back); for a rating, the rating given (blank: rating removed); for a ranking, the whole order given, '
               'best first; for a pass, "whole round" when the pass was on the round rather than one idea. Only the '
               'last change of each person counts: the Votes sheet shows that final ballot.')


def write_research_xlsx(data: ExportInput) -> bytes:
    built = report_data.build(data)
    book = Workbook(write_only=True)  # rows stream to the file: a thousand people's ballots fit in little memory
    summary(book.create_sheet('Summary'), built)  # where the data came from, as in every export
    ballots(book.create_sheet('Votes'), built)
    matrix_sheet(book.create_sheet('Matrix'), built)
    audit(book.create_sheet('Audit'), built)
    consent(book.create_sheet('Consent log'), built)
    method(book.create_sheet('Method'), built, AUDIT_VALUE)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ballots(sheet: Worksheet, built: Report) -> None:
    """Each person's final ballot: one row per person × idea of every round (the Audit sheet has every change)."""
    criteria = list(dict.fromkeys(c for r in built.rounds for c in r.criteria))
    breakouts = any(b.breakout for b in built.ballots)  # the column only in workshops that ran breakouts
    extra = list(dict.fromkeys(c for b in built.ballots for c in b.extra))  # other methods' own columns
    table(sheet, ['Round', 'Participant', 'Group', *(['Breakout'] if breakouts else []), 'Improvement ID',
                  'Improvement', 'Dots', 'Place in ranking', *(f'Rating: {c}' for c in criteria), *extra, 'Passed'],
          [[b.round, b.participant, b.group, *([b.breakout] if breakouts else []), b.improvement, b.title, b.dots,
            b.place, *(b.ratings.get(c) for c in criteria), *(b.extra.get(c) for c in extra), b.passed or 'no']
           for b in built.ballots])


def matrix_sheet(sheet: Worksheet, built: Report) -> None:
    _, titles, rows = matrix.matrix(built, [r.number for r in built.rounds])
    table(sheet, titles, rows)


def audit(sheet: Worksheet, built: Report) -> None:
    """Every vote event as it happened, oldest first, with the Value column explained on its header."""
    header = [f'At ({built.workshop.settings.time_zone})', 'Round', 'Participant', 'Group', 'Kind', 'Improvement ID',
              'Improvement', 'Question', 'Value']
    table(sheet, header, [[when(v.at), v.round, v.participant, v.group, v.kind, v.improvement, v.title, v.criterion,
                           number(v.value)] for v in built.votes], notes={len(header): AUDIT_VALUE})


def consent(sheet: Worksheet, built: Report) -> None:
    """Every consent event; names only when the lead chose an identified export and the person allowed it."""
    names = {p.pseudonym: p.name for p in built.people}
    header = [f'At ({built.workshop.settings.time_zone})', 'Participant', *(['Name'] if built.identified else []),
              'Event', 'Detail']
    table(sheet, header, [[when(c.at), c.participant, *([names.get(c.participant, '')] if built.identified else []),
                           c.event, c.detail] for c in built.consent_log])
