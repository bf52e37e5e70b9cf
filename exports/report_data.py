"""What every export shows, computed once from an ExportInput, so the writers stay thin and never disagree.

Pure: no I/O, no UI. Respect for participants is applied here, once for all formats:
- people appear under pseudonyms (P01, P02, … in the order they joined); names only when the lead opted in
  (`identified`), and beside a comment only when that person also agreed to be quoted by name;
- per-group figures from fewer than `settings.suppression_threshold` voters are suppressed, with the reason;
  beside a vote or comment, a person's group is named only when the group has at least that many participants;
- comments of people who said "never" to quotes, and journey-map quotes marked "never", are left out (counted);
- withdrawn participants' votes and comments are left out of every figure and list (the consent log keeps the entry).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from exports import report_records as records
from exports.registry import ExportInput
from exports.report_records import (GROUP_NOT_SHOWN, VOTE_EVENTS, ActionRow, CommentRow, ConsentRow,  # noqa: F401
                                    DecisionRow, Person, QuoteRow, ThemeRow, VoteRow, iso)
from workshop import cycle, ranking, voting
from workshop.model import PREFER_NOT_TO_SAY, Method, Round, Workshop

GROUP_LABEL_PREFER_NOT = 'Prefer not to say'


class ReportError(ValueError):
    """A request the data cannot answer, such as a round without votes; the message says what to do."""


@dataclass(kw_only=True, slots=True)
class Group:
    id: str
    label: str
    participants: int  # active participants in this group
    shown: bool  # big enough to be named beside one person's vote or comment


@dataclass(kw_only=True, slots=True)
class GroupCell:
    rank: int
    label: str  # '3=' for a shared rank
    score: float | None


@dataclass(kw_only=True, slots=True)
class GroupFigures:
    id: str
    label: str
    n: int
    suppressed: bool
    reason: str


@dataclass(kw_only=True, slots=True)
class RankedRow:
    improvement: str
    title: str
    rank: int
    shared: bool
    label: str
    score: float | None
    voters: int
    passes: int
    balanced_rank: int | None  # None: no stakeholder group took part in the balanced ranking
    balanced_shared: bool
    balanced_label: str
    balanced_score: int | None
    groups: dict[str, GroupCell | None]  # None: suppressed


@dataclass(kw_only=True, slots=True)
class RoundReport:
    number: int
    method: Method
    description: str  # 'Dots, 5 each, at most 2 on one idea'
    score_label: str  # what the score is: 'dots', 'Borda points', 'mean importance (1–5)'
    voters: int
    passed: int
    rows: list[RankedRow]
    groups: list[GroupFigures]
    balanced_groups: list[str]
    result: ranking.RoundResult




@dataclass(kw_only=True, slots=True)
class Report:
    workshop: Workshop
    provenance: dict[str, Any]
    identified: bool
    threshold: int
    held: str  # the date(s) the workshop ran
    groups: list[Group]
    people: list[Person]
    rounds: list[RoundReport]  # every round with votes, or the one asked for
    ranked: RoundReport | None  # the ranked list: the round asked for, else the latest with votes
    votes: list[VoteRow]
    comments: list[CommentRow]
    comments_withheld: int  # comments of people who asked never to be quoted
    quotes: list[QuoteRow]
    journey: list[tuple[str, dict[str, list[str]]]]  # stage title → stream id → theme titles
    themes: list[ThemeRow]
    decisions: list[DecisionRow]
    consent_log: list[ConsentRow]
    progress: cycle.Progress
    method: list[str] = field(default_factory=list)

    def group_label(self, group_id: str) -> str:
        return next((g.label for g in self.groups if g.id == group_id), group_id)


def build(data: ExportInput) -> Report:
    state, workshop = data.state, data.workshop
    threshold = workshop.settings.suppression_threshold
    pseudonyms = {pid: f'P{n:0{max(2, len(str(len(state.participants))))}d}'
                  for n, pid in enumerate(state.participants, start=1)}
    groups = _groups(state, threshold)
    labels = {g.id: g.label for g in groups}
    shown = {g.id for g in groups if g.shown}
    rounds = _rounds(state, labels, data.round)
    ranked = next((r for r in rounds if r.number == data.round), rounds[-1] if rounds else None)
    comments, withheld = records.comments(data, pseudonyms, labels, shown)
    return Report(
        workshop=workshop, provenance=dict(data.provenance), identified=data.identified, threshold=threshold,
        held=_held(data.events), groups=groups, rounds=rounds, ranked=ranked,
        people=records.people(state, pseudonyms, labels, shown, data.identified),
        votes=records.votes(data, pseudonyms, labels, shown), comments=comments, comments_withheld=withheld,
        quotes=records.quotes(workshop, labels), journey=records.journey(workshop),
        themes=records.themes(workshop, labels), decisions=records.decisions(state),
        consent_log=records.consent_log(data.events, pseudonyms), progress=cycle.progress(state),
        method=_method(rounds, threshold, data.identified))


def score_text(score: float | None, method: Method) -> str:
    """Scores as people read them: whole dots and points; ratings to two decimals."""
    if score is None:
        return ''
    return f'{score:.2f}' if method == Method.RATING else str(int(round(score)))


# --- rankings ----------------------------------------------------------------------------------------------------

def _rounds(state: Any, labels: dict[str, str], chosen: int | None) -> list[RoundReport]:
    voted = [n for n in sorted(state.rounds) if any(not b.abstain_all for b in state.ballots(n))]
    if chosen is not None and chosen not in voted:
        known = ', '.join(map(str, voted)) or 'none yet'
        raise ReportError(f'round {chosen} has no votes to rank (rounds with votes: {known})')
    return [_round(state, state.rounds[n], labels) for n in ([chosen] if chosen is not None else voted)]


def _round(state: Any, round_: Round, labels: dict[str, str]) -> RoundReport:
    improvements = state.round_improvements(round_)
    result = ranking.analyse(round_, improvements, state.ballots(round_.number),
                             [s.id for s in state.workshop.streams], state.workshop.settings)
    balanced = {b.improvement: b for b in result.balanced} if result.balanced_groups else {}
    per_group = {g: {i.improvement: i for i in r.items} for g, r in result.by_group.items() if not r.suppressed}
    rows = []
    for item in result.pooled:
        b = balanced.get(item.improvement)
        rows.append(RankedRow(
            improvement=item.improvement, title=records.title(state.workshop, item.improvement), rank=item.rank,
            shared=item.shared, label=item.label, score=item.score, voters=item.n, passes=item.abstentions,
            balanced_rank=b.rank if b else None, balanced_shared=b.shared if b else False,
            balanced_label=b.label if b else '', balanced_score=b.score if b else None,
            groups={g: (GroupCell(rank=(c := per_group[g][item.improvement]).rank, label=c.label, score=c.score)
                        if g in per_group else None) for g in result.by_group}))
    figures = [GroupFigures(id=g, label=labels.get(g, g), n=r.n, suppressed=r.suppressed, reason=r.reason)
               for g, r in result.by_group.items()]
    description, score_label = _describe(round_, state.boxes[round_.number], result)
    return RoundReport(number=round_.number, method=round_.method, description=description, score_label=score_label,
                       voters=result.n, passed=result.passed, rows=rows, groups=figures,
                       balanced_groups=result.balanced_groups, result=result)


def _describe(round_: Round, box: voting.BallotBox, result: ranking.RoundResult) -> tuple[str, str]:
    if round_.method == Method.DOTS:
        cap = f', at most {round_.cap} on one idea' if round_.cap else ''
        return f'Dots, {box.budget} each{cap}', 'dots'
    if round_.method == Method.RANK:
        return f'Ranking, top {result.k}', 'Borda points'
    questions = ', '.join(round_.criteria)
    return f'Rating 1–{round_.scale}: {questions}', f'mean {round_.criteria[0]} (1–{round_.scale})'


def _groups(state: Any, threshold: int) -> list[Group]:
    active = state.active_participants()
    ids = [s.id for s in state.workshop.streams]
    if any(p.group == PREFER_NOT_TO_SAY for p in active):
        ids.append(PREFER_NOT_TO_SAY)
    ids += sorted({p.group for p in active} - set(ids))
    labels = {s.id: s.label for s in state.workshop.streams} | {PREFER_NOT_TO_SAY: GROUP_LABEL_PREFER_NOT}
    counts = {g: sum(p.group == g for p in active) for g in ids}
    # people who preferred not to say are no group to single out, so they are never named beside an entry either
    return [Group(id=g, label=labels.get(g, g), participants=counts[g],
                  shown=counts[g] >= threshold and g != PREFER_NOT_TO_SAY) for g in ids]


def _method(rounds: list[RoundReport], threshold: int, identified: bool) -> list[str]:
    how = {Method.DOTS: 'Dots: each person shares out a number of dots; an idea\'s score is its total of dots.',
           Method.RANK: 'Ranking: each person ranks up to k ideas; first place earns k points, second k - 1 and so '
                        'on (truncated Borda count); an idea\'s score is its total of points.',
           Method.RATING: 'Rating: each person rates ideas on a scale; an idea\'s score is its mean rating on the '
                          'first question.'}
    used = [how[m] for m in dict.fromkeys(r.method for r in rounds)]
    names = ('Names are included only where the project lead chose to include them; beside a comment only when the '
             'person also agreed to be quoted by name.' if identified else 'Names are not included.')
    return [*used,
            'A higher score is a higher priority. Passing on an idea is not a vote against it: it is neither scored '
            'nor counted as a zero.',
            ranking.TIE_RULE, ranking.BALANCED_RULE, ranking.PREFER_NOT_TO_SAY_RULE,
            f'Small groups: figures for a stakeholder group are shown only when at least {threshold} people in that '
            'group voted in the round; otherwise they are suppressed and the reason is given. Beside a single vote '
            f'or comment, a person\'s group is named only when the group has at least {threshold} participants.',
            f'Participants appear under pseudonyms (P01, P02, … in the order they joined). {names}',
            'Comments from people who asked never to be quoted are counted but not shown, and journey-map quotes '
            'marked "never" are left out. The votes and comments of people who withdrew are left out of every '
            'figure and list; the consent log records that they withdrew.']


def _held(events: list[Any]) -> str:
    times = [e.at for e in events if e.type in ('participant_joined', 'comment_added', *VOTE_EVENTS)]
    if not times:
        return ''
    first, last = (dt.datetime.fromtimestamp(t, dt.timezone.utc).date().isoformat() for t in (min(times), max(times)))
    return first if first == last else f'{first} to {last}'
