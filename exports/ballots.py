"""Ballots collected outside the live session (paper, a survey tool) read from CSV or XLSX.

Columns `participant, group, improvement`, then the answer: a `value` column (dots, a rank position with 1 = best,
or a rating; with an optional `criterion` column naming the rating question), or one column per rating question
(`importance`, `feasibility`, optionally with the scale: `importance (1-9)`). `pass` in an answer cell is a pass on
that idea. An optional `at` column gives when the vote was cast (ISO date and time; without an offset, in the
workshop's time zone). The rating scale is never guessed from the values: it comes from the round, `--scale`, or
the header. Every bad row is reported by its number and nothing is imported if any row is bad; a file imported
before changes nothing (its fingerprint is kept with the round it formed, and people are never joined twice).
The result is a list of events for the store, appended in one transaction by the caller.
"""
from __future__ import annotations

import copy
import csv
import datetime as dt
import hashlib
import io
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from exports.xlsx_guard import check_workbook
from workshop.content import ContentError
from workshop.domain import methods, voting
from workshop.domain.model import PREFER_NOT_TO_SAY, Method, Round, RoundStatus, Workshop, to_dict
from workshop.domain.state import WorkshopState

COLUMNS = ('participant', 'group', 'improvement', 'value')
KEYS = ('participant', 'group', 'improvement')
OPTIONAL = ('value', 'criterion', 'at')
PASS = 'pass'
SCALED = re.compile(r'^(?P<name>.+?)\s*\(\s*1\s*[-–]\s*(?P<scale>\d+)\s*\)$')  # 'importance (1–9)'


@dataclass(kw_only=True, slots=True)
class BallotRow:
    line: int  # as the person sees it in their spreadsheet: the header is row 1
    participant: str
    group: str
    improvement: str
    value: float | None  # None: a pass
    criterion: str = ''  # rating rounds
    at: float | None = None  # when it was cast, if the file says

    @property
    def passed(self) -> bool:
        return self.value is None


@dataclass(kw_only=True, slots=True)
class BallotImport:
    round: Round
    new_round: bool
    rows: list[BallotRow] = field(default_factory=list)
    participants: dict[str, str] = field(default_factory=dict)  # participant id → group
    joined: set[str] = field(default_factory=set)  # participants already in the workshop: never joined twice
    fingerprint: str = ''
    unchanged: bool = False  # the same file was imported before: nothing to add

    def events(self, consent_version: str) -> list[tuple]:
        """(type, payload, actor[, at]) events: new participants with consent first, then the round, then votes."""
        if self.unchanged:
            return []
        events: list[tuple] = []
        for participant, group in self.participants.items():
            if participant in self.joined:
                continue
            events.append(('consent_given', {'participant': participant, 'version': consent_version,
                                             'take_part': True, 'research_use': False, 'quotes': 'never',
                                             'source': 'import'}, 'import'))
            events.append(('participant_joined', {'participant': participant, 'group': group, 'display_name': '',
                                                  'supported': False, 'source': 'import'}, 'import'))
        if self.new_round:
            events.append(('round_created', {'round': to_dict(self.round), 'source': 'import',
                                             'fingerprint': self.fingerprint}, 'import'))
        number = self.round.number
        passes = {}
        for row in self.rows:  # a pass is on the idea, however many questions say so
            if row.passed:
                passes.setdefault((row.participant, row.improvement), row)
        for row in passes.values():
            if row.passed:
                events.append(_timed(('abstained', {'round': number, 'participant': row.participant,
                                                    'improvement': row.improvement, 'abstain': True}, 'import'), row))
        method = methods.get(self.round.method)
        for payload, row in method.import_events(number, [r for r in self.rows if not r.passed]):
            events.append(_timed((method.event, payload, 'import'), row))
        if self.new_round:  # ballots from paper arrive complete: the round they form is closed at once
            events.append(('round_closed', {'round': number}, 'import'))
        return events


def _timed(event: tuple, row: BallotRow) -> tuple:
    return (*event, row.at) if row.at is not None else event


def read_ballots(raw: bytes, source: str, state: WorkshopState, *, round_number: int | None = None,
                 method: str | None = None, scale: int | None = None,
                 fingerprints: dict[int, str] | None = None) -> BallotImport:
    """Check every row against the workshop and round; raise ContentError listing every bad row.

    `fingerprints` are the rounds earlier imports formed, with the SHA-256 of their file (fingerprints_of)."""
    workshop, rounds = state.workshop, state.rounds
    fingerprint = hashlib.sha256(raw).hexdigest()
    table = _table(raw, source)
    problems: list[str] = []
    rows, criteria, header_scale = _rows(table, workshop, problems)
    if problems:
        raise ContentError(source, problems)
    if not rows:
        raise ContentError(source, ['there are no ballots in the file (only a header row)'])
    _one_group_each(rows, source)
    if round_number is not None:
        if round_number not in rounds:
            raise ContentError(source, [f'there is no round {round_number} in this workshop'])
        round_, new_round = rounds[round_number], False
        if scale is not None and 'scale' in methods.get(round_.method).settings and scale != round_.scale:
            raise ContentError(source, [f'--scale {scale} does not match round {round_number}, '
                                        f'which rates 1–{round_.scale}'])
    else:
        before = next((n for n, fp in (fingerprints or {}).items() if fp == fingerprint and n in rounds), None)
        if before is not None:
            return BallotImport(round=rounds[before], new_round=False, rows=rows, fingerprint=fingerprint,
                                unchanged=True, participants={r.participant: r.group for r in rows})
        chosen = _method(method, source) if method else Method.RATING if criteria else _infer_method(rows, source)
        round_, new_round = _new_round(chosen, rows, max(rounds, default=0) + 1, criteria,
                                       _scale(scale, header_scale, chosen, source)), True
    rows = _with_criteria(rows, round_, source)
    existing = state.boxes.get(round_.number) if not new_round else None
    _check_ballots(round_, rows, workshop, source, existing)
    result = BallotImport(round=round_, new_round=new_round, rows=rows, fingerprint=fingerprint,
                          joined={p for p in state.participants})
    for row in rows:
        result.participants.setdefault(row.participant, row.group)
    if not new_round:
        result.rows = [r for r in rows if not _already(state, round_, r)]
        result.unchanged = not result.rows
    return result


def fingerprints_of(events: list[Any]) -> dict[int, str]:
    """Round number → the fingerprint of the file that formed it, from the store's events."""
    return {e.payload['round']['number']: e.payload['fingerprint'] for e in events
            if e.type == 'round_created' and e.payload.get('fingerprint')}


def _table(raw: bytes, source: str) -> list[list[Any]]:
    if Path(source).suffix.lower() == '.xlsx':
        from openpyxl import load_workbook
        check_workbook(raw, source)
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


def _rows(table: list[list[Any]], workshop: Workshop, problems: list[str]) -> tuple[list[BallotRow], list[str],
                                                                                        int | None]:
    """The rows, the rating questions named as columns, and the scale the header gives (None: none given)."""
    if not table:
        problems.append('the file is empty; expected a header row: ' + ', '.join(COLUMNS))
        return [], [], None
    header = [str(cell or '').strip() for cell in table[0]]
    lower = [h.lower() for h in header]
    # with no value column, every other column is a rating question (other columns are notes, and left alone)
    extra = [(n, h) for n, h in enumerate(header) if h and lower[n] not in (*KEYS, *OPTIONAL)
             and 'value' not in lower]
    criteria: dict[str, int] = {}
    scales: set[int] = set()
    for n, title in extra:
        found = SCALED.match(title)
        criteria[(found.group('name') if found else title).strip().lower()] = n
        if found:
            scales.add(int(found.group('scale')))
    missing = [c for c in KEYS if c not in lower]
    if 'value' not in lower and not criteria:
        missing.append('value')
    if missing:
        problems.append(f'row 1: missing column(s) {", ".join(missing)}; expected {", ".join(COLUMNS)} (or one '
                        'column per rating question instead of value)')
        return [], [], None
    if len(scales) > 1:
        problems.append(f'row 1: the questions give different scales ({", ".join(f"1–{s}" for s in sorted(scales))})')
    index = {c: lower.index(c) for c in (*KEYS, *OPTIONAL) if c in lower}
    answers = criteria or {'': index['value']}
    by_title = {i.title.strip().lower(): i.id for i in workshop.improvements}
    groups = {s.id: s.id for s in workshop.streams} | {s.label.strip().lower(): s.id for s in workshop.streams}
    rows = []
    for line, cells in enumerate(table[1:], start=2):
        if not any(str(c or '').strip() for c in cells):
            continue  # blank lines in spreadsheets are common and harmless
        cell = lambda n: cells[n] if n < len(cells) and cells[n] is not None else ''  # noqa: E731
        get = lambda c: str(cell(index[c])).strip() if c in index else ''  # noqa: E731
        participant, group, improvement = get('participant'), get('group'), get('improvement')
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
        at = _time(cell(index['at']), workshop, where, problems) if 'at' in index else None
        found: list[tuple[str, float | None]] = []
        for criterion, column in answers.items():
            text = str(cell(column)).strip()
            if not text and criteria:
                continue  # a question left blank on a paper form: no answer, not a pass
            if text.lower() == PASS:
                found.append((criterion or get('criterion').lower(), None))
                continue
            number = _number(text)
            if number is None:
                problems.append(f"{where}, column {header[column]}: expected a number or 'pass', found '{text}'")
            found.append((criterion or get('criterion').lower(), number))
        if len(problems) == before:
            rows += [BallotRow(line=line, participant=f'import-{participant}', group=group_id or '',
                               improvement=improvement_id or '', value=value, criterion=criterion, at=at)
                     for criterion, value in found]
    seen: dict[tuple[str, str, str], int] = {}
    for row in rows:
        key = (row.participant, row.improvement, row.criterion)
        if key in seen and seen[key] != row.line:
            problems.append(f'row {row.line}: participant {row.participant[7:]} has a second row for the same '
                            f'improvement (first at row {seen[key]})')
        seen.setdefault(key, row.line)
    return rows, list(criteria), scales.pop() if len(scales) == 1 else None


def _one_group_each(rows: list[BallotRow], source: str) -> None:
    first: dict[str, BallotRow] = {}
    problems = []
    for row in rows:
        earlier = first.setdefault(row.participant, row)
        if earlier.group != row.group and not any(p.startswith(f'participant {row.participant[7:]} ') for p in problems):
            problems.append(f'participant {row.participant[7:]} is listed under two groups: {earlier.group} at row '
                            f'{earlier.line} and {row.group} at row {row.line}')
    if problems:
        raise ContentError(source, problems)


def _time(value: Any, workshop: Workshop, where: str, problems: list[str]) -> float | None:
    """A vote time from the file: a spreadsheet date, or ISO text; without an offset, in the workshop's zone."""
    if value in ('', None):
        return None
    if isinstance(value, dt.datetime):
        moment = value
    else:
        try:
            moment = dt.datetime.fromisoformat(str(value).strip())
        except ValueError:
            problems.append(f"{where}, column at: expected a date and time such as 2026-03-11 10:15, found '{value}'")
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(getattr(workshop.settings, 'time_zone', 'UTC') or 'UTC'))
    return moment.timestamp()


def _scale(given: int | None, header: int | None, method: Method, source: str) -> int | None:
    if 'scale' not in methods.get(method).settings:
        return None
    if given is not None and header is not None and given != header:
        raise ContentError(source, [f'--scale {given} and the header\'s scale 1–{header} disagree'])
    scale = given or header
    if scale is None:
        raise ContentError(source, ['the rating scale is not given: add --scale (e.g. --scale 9) or write it in the '
                                    'header, e.g. "importance (1-9)"; it is never guessed from the ratings, since a '
                                    'form where nobody used 8 or 9 is still a 1–9 form'])
    if not 2 <= scale <= 10:
        raise ContentError(source, [f'a rating scale of 1–{scale} is not supported (2 to 10)'])
    return scale


def _with_criteria(rows: list[BallotRow], round_: Round, source: str) -> list[BallotRow]:
    """Rating rows name one of the round's questions (the first when the file has a single value column)."""
    if 'criteria' not in methods.get(round_.method).settings:
        return [replace(r, criterion='') for r in rows]
    known = {c.lower(): c for c in round_.criteria}
    problems = [f"row {r.line}: round {round_.number} has no question '{r.criterion}' (it asks "
                f"{', '.join(round_.criteria)})" for r in rows if r.criterion and r.criterion not in known]
    if problems:
        raise ContentError(source, problems)
    return [replace(r, criterion=known.get(r.criterion, round_.criteria[0])) for r in rows]


def _already(state: WorkshopState, round_: Round, row: BallotRow) -> bool:
    """Whether the round already holds this answer for this person (a re-import adds nothing)."""
    ballot = next((b for b in state.ballots(round_.number) if b.participant == row.participant), None)
    if ballot is None:
        return False
    if row.passed:
        return row.improvement in ballot.abstain
    return methods.get(round_.method).already(ballot, row)


def _method(name: str, source: str) -> Method:
    if name not in methods.names():
        raise ContentError(source, [f"there is no voting method '{name}' (known: {', '.join(methods.names())})"])
    return Method(name)


def _infer_method(rows: list[BallotRow], source: str) -> Method:
    values = [row.value for row in rows if not row.passed]
    if any(v != int(v) for v in values):
        raise ContentError(source, ['values with decimals look like ratings: add --method rating and --scale'])
    by_participant: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        if not row.passed:
            by_participant[row.participant].append(int(row.value))
    if by_participant and all(sorted(v) == list(range(1, len(v) + 1)) for v in by_participant.values()):
        return Method.RANK
    raise ContentError(source, ['cannot tell from the values whether they are dots or ratings: '
                                'add --method dots or --method rating (with --scale)'])


def _new_round(method: Method, rows: list[BallotRow], number: int, criteria: list[str],
               scale: int | None) -> Round:
    """A closed round wide enough for the ballots as they were cast on paper."""
    round_ = Round(number=number, method=method)  # every improvement stays in: a paper ballot may leave some out
    methods.get(method).import_round(round_, rows, criteria, scale)
    return round_


def _check_ballots(round_: Round, rows: list[BallotRow], workshop: Workshop, source: str,
                   existing: voting.BallotBox | None) -> None:
    """Run every ballot through the same checks as a live vote, on a copy of the round's ballots so far."""
    box = voting.BallotBox.for_round(replace(round_, status=RoundStatus.OPEN), [i.id for i in workshop.improvements])
    if existing is not None:
        box.entries.update(copy.deepcopy(existing.entries))
    problems: list[str] = []
    method = methods.get(round_.method)
    if method.imports_whole_ballots:  # a ranking is checked as each person's whole order
        method.import_check(box, [row for row in rows if not row.passed], problems)
    for row in rows:
        if row.passed:
            _try(problems, f'row {row.line}', box.set_abstain, row.participant, row.improvement, True)
        elif not method.imports_whole_ballots:
            method.import_check(box, [row], problems)
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
