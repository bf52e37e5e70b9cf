"""The participant × idea matrix (format `matrix-csv`, and the workbook's Matrix sheet): one row per person and round,
one column per idea (per idea and question in a rating round), like Pol.is's participants-votes export.

Pure: no I/O, no UI. Built from the report model's final ballots, so the same rules of respect apply: pseudonyms,
and a group named only where it is shown in every round. A cell holds the dots given, the place in the person's
ranking (blank: not ranked), or the rating; `pass` where the person passed on the idea or the whole round.
"""
from __future__ import annotations

import csv
import io
from typing import Any

from exports import ranked_csv, report_data
from exports.registry import ExportInput
from exports.report_data import Report
from workshop.domain import methods
from workshop.domain.model import Method

PASS = 'pass'


def matrix(built: Report, rounds: list[int]) -> tuple[list[str], list[str], list[list[Any]]]:
    """(column ids, column titles, rows): Round, Participant, Group, then one column per idea (× question)."""
    reports = {r.number: r for r in built.rounds if r.number in rounds}
    columns: dict[tuple[str, str], str] = {}
    for r in reports.values():
        titles = {row.improvement: row.title for row in r.rows}
        for improvement in r.result.improvements:  # as the round listed them, not as they ranked
            for criterion in r.criteria or ['']:
                name = titles[improvement] + (f' ({criterion})' if criterion else '')
                columns.setdefault((improvement, criterion), name)
    people: dict[tuple[int, str], dict[str, Any]] = {}
    for line in built.ballots:
        if line.round not in reports:
            continue
        cells = people.setdefault((line.round, line.participant), {'group': line.group})
        for criterion in reports[line.round].criteria or ['']:
            cells[(line.improvement, criterion)] = _cell(line, reports[line.round].method, criterion)
    ids = ['round', 'participant', 'group', *(f'{i}:{c}' if c else i for i, c in columns)]
    titles = ['Round', 'Participant', 'Group', *columns.values()]
    rows = [[number, participant, cells['group'], *(cells.get(key) for key in columns)]
            for (number, participant), cells in people.items()]
    return ids, titles, rows


def _cell(line: report_data.BallotLine, method: Method, criterion: str) -> Any:
    return PASS if line.passed else methods.get(method).matrix_cell(line, criterion)


def write_matrix_csv(data: ExportInput) -> bytes:
    """The ranked round's matrix (the round asked for, else the latest with votes), ideas by id."""
    built = report_data.build(data)
    ids, _, rows = matrix(built, [built.ranked.number] if built.ranked else [])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator='\r\n')
    writer.writerow([ranked_csv.text(i) for i in ids])
    for row in rows:
        writer.writerow(['' if v is None else ranked_csv.text(v) if isinstance(v, str) else v for v in row])
    return ('\ufeff' + out.getvalue()).encode('utf-8')
