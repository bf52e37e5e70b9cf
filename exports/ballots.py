"""Ballots collected outside the live session (paper, a survey tool) read from CSV or XLSX.

Columns `participant, group, improvement, value`: improvement by id or exact title; value is dots, a rank position
(1 = best) or a rating, by the round's method. Every bad row is reported by its number and nothing is imported
if any row is bad. The result is a list of events for the store, appended in one transaction by the caller.
"""
from __future__ import annotations

import copy
import csv
import io
import math
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from workshop import voting
from workshop.content import ContentError
from workshop.model import PREFER_NOT_TO_SAY, Method, Round, RoundStatus, Workshop, to_dict
from workshop.state import WorkshopState

COLUMNS = ('participant', 'group', 'improvement', 'value')
RATING_SCALES = (5, 7, 9, 10)


@dataclass(kw_only=True, slots=True)
class BallotRow:
    line: int  # as the person sees it in their spreadsheet: the header is row 1
    participant: str
    group: str
    improvement: str
    value: float


@dataclass(kw_only=True, slots=True)
class BallotImport:
    round: Round
    new_round: bool
    rows: list[BallotRow] = field(default_factory=list)
    participants: dict[str, str] = field(default_factory=dict)  # participant id → group

    def events(self, consent_version: str) -> list[tuple[str, dict[str, Any], str]]:
        """(type, payload, actor) events: participants with consent first, then the round, then their votes."""
        events: list[tuple[str, dict[str, Any], str]] = []
        for participant, group in self.participants.items():
            events.append(('participant_joined', {'participant': participant, 'group': group, 'display_name': '',
                                                  'supported': False, 'source': 'import'}, 'import'))
            events.append(('consent_given', {'participant': participant, 'version': consent_version,
                                             'take_part': True, 'research_use': False, 'quotes': 'never',
                                             'source': 'import'}, 'import'))
        if self.new_round:
            events.append(('round_created', {'round': to_dict(self.round)}, 'import'))
        number = self.round.number
        if self.round.method == Method.RANK:
            orders: dict[str, list[tuple[float, str]]] = defaultdict(list)
            for row in self.rows:
                orders[row.participant].append((row.value, row.improvement))
            for participant, ranked in orders.items():
                events.append(('ranking_cast', {'round': number, 'participant': participant,
                                                'order': [i for _, i in sorted(ranked)]}, 'import'))
        else:
            criterion = self.round.criteria[0] if self.round.method == Method.RATING else None
            for row in self.rows:
                value = int(row.value) if row.value == int(row.value) else row.value
                events.append(('vote_cast', {'round': number, 'participant': row.participant,
                                             'improvement': row.improvement, 'value': value,
                                             'criterion': criterion}, 'import'))
        if self.new_round:  # ballots from paper arrive complete: the round they form is closed at once
            events.append(('round_closed', {'round': number}, 'import'))
        return events


def read_ballots(raw: bytes, source: str, state: WorkshopState, *, round_number: int | None = None,
                 method: str | None = None) -> BallotImport:
    """Check every row against the workshop and round; raise ContentError listing every bad row."""
    workshop, rounds = state.workshop, state.rounds
    table = _table(raw, source)
    problems: list[str] = []
    rows = _rows(table, workshop, problems)
    if problems:
        raise ContentError(source, problems)
    if not rows:
        raise ContentError(source, ['there are no ballots in the file (only a header row)'])
    if round_number is not None:
        if round_number not in rounds:
            raise ContentError(source, [f'there is no round {round_number} in this workshop'])
        round_, new_round = rounds[round_number], False
    else:
        chosen = Method(method) if method else _infer_method(rows, source)
        round_, new_round = _new_round(chosen, rows, max(rounds, default=0) + 1), True
    existing = state.boxes.get(round_.number) if not new_round else None
    _check_ballots(round_, rows, workshop, source, existing)
    result = BallotImport(round=round_, new_round=new_round, rows=rows)
    for row in rows:
        result.participants.setdefault(row.participant, row.group)
    return result


def _table(raw: bytes, source: str) -> list[list[Any]]:
    if Path(source).suffix.lower() == '.xlsx':
        from openpyxl import load_workbook
        try:
            sheet = load_workbook(io.BytesIO(raw), read_only=True, data_only=True).worksheets[0]
        except Exception as e:  # openpyxl raises many types for a damaged file
            raise ContentError(source, [f'this is not a readable .xlsx workbook ({e.__class__.__name__})']) from None
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    try:
        text = raw.decode('utf-8-sig')
    except UnicodeDecodeError as e:
        raise ContentError(source, [f'the file is not UTF-8 text (bad byte at position {e.start})']) from None
    return [row for row in csv.reader(io.StringIO(text))]


def _rows(table: list[list[Any]], workshop: Workshop, problems: list[str]) -> list[BallotRow]:
    if not table:
        problems.append('the file is empty; expected a header row: ' + ', '.join(COLUMNS))
        return []
    header = [str(cell or '').strip().lower() for cell in table[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        problems.append(f'row 1: missing column(s) {", ".join(missing)}; expected {", ".join(COLUMNS)}')
        return []
    index = {c: header.index(c) for c in COLUMNS}
    by_title = {i.title.strip().lower(): i.id for i in workshop.improvements}
    groups = {s.id: s.id for s in workshop.streams} | {s.label.strip().lower(): s.id for s in workshop.streams}
    rows = []
    for line, cells in enumerate(table[1:], start=2):
        if not any(str(c or '').strip() for c in cells):
            continue  # blank lines in spreadsheets are common and harmless
        participant, group, improvement, value = (
            str(cells[index[c]] if index[c] < len(cells) and cells[index[c]] is not None else '').strip()
            for c in ('participant', 'group', 'improvement', 'value'))
        where, before = f'row {line}', len(problems)
        if not participant:
            problems.append(f'{where}, column participant: empty')
        group_id = PREFER_NOT_TO_SAY if group.lower() in ('', PREFER_NOT_TO_SAY, 'prefer not to say') else \
            groups.get(group) or groups.get(group.lower())
        if group_id is None:
            problems.append(f"{where}, column group: unknown group '{group}' (expected one of "
                            f"{', '.join(s.id for s in workshop.streams)} or prefer not to say)")
        improvement_id = improvement if workshop.improvement(improvement) else by_title.get(improvement.lower())
        if improvement_id is None:
            problems.append(f"{where}, column improvement: no improvement has the id or title '{improvement}'")
        number = _number(value)
        if number is None:
            problems.append(f"{where}, column value: expected a number, found '{value}'")
        if len(problems) == before:
            rows.append(BallotRow(line=line, participant=f'import-{participant}', group=group_id or '',
                                  improvement=improvement_id or '', value=number or 0.0))
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row.participant, row.improvement)
        if key in seen:
            problems.append(f'row {row.line}: participant {row.participant[7:]} has a second row for the same '
                            f'improvement (first at row {seen[key]})')
        seen.setdefault(key, row.line)
    return rows


def _infer_method(rows: list[BallotRow], source: str) -> Method:
    if any(row.value != int(row.value) for row in rows):
        return Method.RATING
    by_participant: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        by_participant[row.participant].append(int(row.value))
    if all(sorted(values) == list(range(1, len(values) + 1)) for values in by_participant.values()):
        return Method.RANK
    raise ContentError(source, ['cannot tell from the values whether they are dots or ratings: '
                                'add --method dots or --method rating'])


def _new_round(method: Method, rows: list[BallotRow], number: int) -> Round:
    """A closed round wide enough for the ballots as they were cast on paper."""
    totals: dict[str, float] = defaultdict(float)
    for row in rows:
        totals[row.participant] += row.value
    top = max(row.value for row in rows)
    round_ = Round(number=number, method=method)  # every improvement stays in: a paper ballot may leave some out
    if method == Method.DOTS:
        round_.budget, round_.cap = int(max(totals.values())) or 1, 0
    elif method == Method.RANK:
        round_.top_k = int(top)
    else:
        round_.scale = next((s for s in RATING_SCALES if top <= s), int(math.ceil(top)))
    return round_


def _check_ballots(round_: Round, rows: list[BallotRow], workshop: Workshop, source: str,
                   existing: voting.BallotBox | None) -> None:
    """Run every ballot through the same checks as a live vote, on a copy of the round's ballots so far."""
    box = voting.BallotBox.for_round(replace(round_, status=RoundStatus.OPEN), [i.id for i in workshop.improvements])
    if existing is not None:
        box.entries.update(copy.deepcopy(existing.entries))
    problems = []
    if round_.method == Method.RANK:
        orders: dict[str, list[BallotRow]] = defaultdict(list)
        for row in rows:
            orders[row.participant].append(row)
        for participant, ranked in orders.items():
            ranked.sort(key=lambda r: r.value)
            positions = [int(r.value) for r in ranked]
            if positions != list(range(1, len(positions) + 1)):
                problems.append(f'rows {", ".join(str(r.line) for r in ranked)}: participant {participant[7:]} must '
                                f'rank 1, 2, 3 … without gaps or repeats, found {positions}')
                continue
            _try(problems, f'rows {ranked[0].line}–{ranked[-1].line}', box.set_ranking, participant,
                 [r.improvement for r in ranked])
    for row in rows if round_.method != Method.RANK else []:
        if round_.method == Method.DOTS:
            if row.value != int(row.value) or row.value < 0:
                problems.append(f'row {row.line}, column value: dots are whole numbers from 0 up')
                continue
            _try(problems, f'row {row.line}', box.set_dots, row.participant, row.improvement, int(row.value))
        else:
            _try(problems, f'row {row.line}', box.set_rating, row.participant, row.improvement,
                 round_.criteria[0], int(row.value) if row.value == int(row.value) else row.value)
    if problems:
        raise ContentError(source, problems)


def _try(problems: list[str], where: str, change, *args) -> None:
    try:
        change(*args)
    except voting.VoteRefused as e:
        problems.append(f'{where}: {e.message}')


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None
