"""How each round's shortlist came from an earlier round (a survey over the long list): the rows the workbook's
"Shortlists" sheet and the reports' decisions section show, reason included (workshop/domain/shortlist.py)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from exports import report_records as records
from workshop.domain import shortlist


@dataclass(kw_only=True, slots=True, frozen=True)
class ShortlistRow:
    from_round: int
    round: int
    how: str  # 'the top 4 with every group weighing the same of round 1'
    ideas: list[str]  # titles, in the order kept
    reason: str
    at: str  # when it was chosen, in the workshop's time zone


HEADER = ['From round', 'To round', 'How the shortlist was chosen', 'Ideas kept', 'Reason', 'Chosen at']


def rows(state: Any) -> list[ShortlistRow]:
    workshop = state.workshop
    return [ShortlistRow(from_round=s.from_round, round=s.round, how=shortlist.how(s),
                         ideas=[records.title(workshop, i) for i in s.improvements], reason=s.reason,
                         at=records.iso(s.at, records.zone(workshop))) for s in state.shortlists]


def cells(row: ShortlistRow) -> list[Any]:
    return [row.from_round or 'earlier events', row.round, row.how, '; '.join(row.ideas), row.reason, row.at]
