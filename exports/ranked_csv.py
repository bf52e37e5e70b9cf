"""The ranked improvement list as CSV: one row per improvement, best first, for spreadsheets and scripts.

Columns (documented in the README): rank, tied, improvement_id, title, score, voters, passes, balanced_rank,
balanced_tied, balanced_score, round, method, consensus (in, out, none; blank where not checked), stability (share of
bootstrap resamples in which the idea stays in the top `stability_top`), stability_top, then for a rating round
mean_<question>, median_<question>, agreement_<question> per question and quadrant, then score_<group> per
reporting group (blank when suppressed).
Ranks stay numbers, with `tied` saying whether the rank is shared, so the file stays machine-readable; the tie rule
itself is stated in the reports' and workbook's Method sections. UTF-8 with a byte-order mark, so Excel shows
macrons (whānau) correctly. Text that a spreadsheet would run as a formula gets a leading apostrophe.
"""
from __future__ import annotations

import csv
import io

from exports import report_data
from exports.registry import ExportInput
from exports.spreadsheet_text import csv_text as text
from workshop.domain import ranking

FIXED = ('rank', 'tied', 'improvement_id', 'title', 'score', 'voters', 'passes', 'balanced_rank', 'balanced_tied',
         'balanced_score', 'round', 'method')
ANALYSES = ('consensus', 'stability', 'stability_top')


def write_csv(data: ExportInput) -> bytes:
    report = report_data.build(data)
    ranked = report.ranked
    groups = [g.id for g in ranked.groups] if ranked else [s.id for s in data.workshop.streams]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator='\r\n')
    criteria = ranked.criteria if ranked else []
    writer.writerow([*FIXED, *ANALYSES, *(f'{what}_{c}' for c in criteria for what in ('mean', 'median', 'agreement')),
                     *(['quadrant'] if len(criteria) >= 2 else []), *(f'score_{g}' for g in groups)])
    for row in ranked.rows if ranked else []:
        score = lambda value: report_data.score_text(value, ranked.method)  # noqa: E731
        ratings = [_decimal(getattr(row.ratings[c], what)) if c in row.ratings else ''
                   for c in criteria for what in ('mean', 'median', 'agreement')]
        writer.writerow([
            row.rank, _flag(row.shared), text(row.improvement), text(row.title), score(row.score), row.voters,
            row.passes, '' if row.balanced_rank is None else row.balanced_rank,
            _flag(row.balanced_shared) if row.balanced_rank is not None else '',
            '' if row.balanced_score is None else ranking.points_text(row.balanced_score), ranked.number,
            ranked.method.value, row.consensus, _decimal(row.stability), ranked.result.top, *ratings,
            *([row.quadrant] if len(criteria) >= 2 else []),
            *('' if (cell := row.groups.get(g)) is None else score(cell.score) for g in groups)])
    return ('\ufeff' + out.getvalue()).encode('utf-8')


def _flag(shared: bool) -> str:
    return 'yes' if shared else 'no'


def _decimal(value: float | None) -> str:
    return '' if value is None else f'{value:.2f}'
