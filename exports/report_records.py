"""The rows of the report model: people, votes, comments, consent, journey content, decisions and actions.

Pure: no I/O, no UI. Built by exports.report_data, which applies the same rules of respect to every format: see its
docstring. Everything here takes pseudonyms, group labels and the set of groups big enough to be named.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from exports.registry import ExportInput
from journey_maps.model import stage_order
from workshop.domain import cycle, methods
from workshop.domain.model import QuoteConsent, Round, Workshop

GROUP_NOT_SHOWN = 'not shown (small group)'
VOTE_EVENTS = ('vote_cast', 'ranking_cast', 'abstained')
CONSENT_EVENTS = {'participant_joined': 'joined', 'consent_given': 'consent given',
                  'consent_withdrawn': 'withdrew', 'participant_removed': 'removed by the facilitator'}
WITHDRAWN_BY = {'lead': 'withdrawn by the project lead'}


@dataclass(kw_only=True, slots=True)
class Person:
    pseudonym: str
    group: str
    name: str  # '' unless identified
    joined: str
    consent_version: str
    research_use: bool
    quotes: str
    supported: bool
    withdrawn: bool


@dataclass(kw_only=True, slots=True)
class VoteRow:
    at: str
    round: int
    participant: str
    group: str
    kind: str  # dots, rating, ranking, pass, pass removed
    improvement: str
    title: str
    criterion: str
    value: str


@dataclass(kw_only=True, slots=True)
class BallotLine:
    """One person's final ballot on one idea in one round (the Votes sheet, the matrix)."""
    round: int
    participant: str
    group: str
    improvement: str
    title: str
    # what the round's method gives the line (workshop/domain/methods: `line`)
    dots: int | None = None  # dots rounds
    place: int | None = None  # ranking rounds: the place they gave it, None when unranked
    ratings: dict[str, float] = field(default_factory=dict)  # rating rounds: question → rating given
    extra: dict[str, Any] = field(default_factory=dict)  # other methods: column title → value
    passed: str = ''  # '', 'this idea' or 'whole round'
    breakout: str = ''  # 'Breakout 2', or not shown (exports/breakout_rows.py); '' when cast in no breakout

    @property
    def gave(self) -> bool:
        """Whether this person gave the idea something: counted among its voters."""
        return bool(self.dots or self.place or self.ratings or any(self.extra.values()))


@dataclass(kw_only=True, slots=True)
class CommentRow:
    at: str
    participant: str  # pseudonym, with the name when both the lead and the person allowed it
    group: str
    target: str
    kind: str
    text: str
    stages: list[int] = field(default_factory=list)  # positions in the journey (from 1) the comment is about
    stage: str = ''  # their titles, '; ' between
    theme: str = ''  # the theme commented on, if any
    idea: str = ''  # the improvement commented on, if any
    quotes: str = ''  # the writer's consent to quotes: named or anonymous
    pseudonym: str = ''  # P07, without any name


@dataclass(kw_only=True, slots=True)
class ConsentRow:
    at: str
    participant: str
    event: str
    detail: str


@dataclass(kw_only=True, slots=True)
class QuoteRow:
    theme: str
    stream: str
    text: str
    paraphrase: bool


@dataclass(kw_only=True, slots=True)
class ThemeRow:
    title: str
    category: str
    stages: list[int]  # positions in the journey, from 1
    streams: list[str]  # labels


@dataclass(kw_only=True, slots=True)
class ActionRow:
    improvement: str
    title: str
    action: str
    owner: str
    due: str
    status: str


@dataclass(kw_only=True, slots=True)
class DecisionRow:
    improvement: str
    title: str
    status: str
    outcome: str  # '' when not decided yet
    rationale: str
    minority_view: str
    at: str
    actions: list[ActionRow]


def pseudonyms(participant_ids: list[str]) -> dict[str, str]:
    """P01, P02, … in the order people joined (at least two digits): the same in every export, view and command."""
    width = max(2, len(str(len(participant_ids))))
    return {pid: f'P{n:0{width}d}' for n, pid in enumerate(participant_ids, start=1)}


def participant_by_pseudonym(participant_ids: list[str], pseudonym: str) -> str | None:
    """The participant behind 'P07' (also 'p7', 'P007'); None when there is none."""
    text = pseudonym.strip().upper().removeprefix('P')
    if not text.isdigit() or not 1 <= int(text) <= len(participant_ids):
        return None
    return participant_ids[int(text) - 1]


def people(state: Any, pseudonyms: dict[str, str], labels: dict[str, str], shown: set[str],
           identified: bool) -> list[Person]:
    return [Person(pseudonym=pseudonyms[p.id], group=group_of(p, labels, shown),
                   name=p.display_name if identified and not p.withdrawn else '',
                   joined=iso(p.joined_at, zone(state.workshop)),
                   consent_version=p.consent.version if p.consent else '',
                   research_use=bool(p.consent and p.consent.research_use),
                   quotes=p.consent.quotes.value if p.consent else '', supported=p.supported, withdrawn=p.withdrawn)
            for p in state.participants.values()]


def votes(data: ExportInput, pseudonyms: dict[str, str], labels: dict[str, str], shown: set[str]) -> list[VoteRow]:
    state = data.state
    rows = []
    for event in data.events:
        p = event.payload
        person = state.participants.get(p.get('participant', ''))
        if event.type not in VOTE_EVENTS or person is None or person.withdrawn or p.get('round') not in state.rounds:
            continue
        improvement = p.get('improvement') or ''
        kind, value = _vote_kind(event.type, p, state.rounds[p['round']])
        if event.type == 'ranking_cast':
            value = ' > '.join(p.get('order', []))
        rows.append(VoteRow(at=iso(event.at, zone(data.workshop)), round=p['round'], participant=pseudonyms[person.id],
                            group=group_of(person, labels, shown), kind=kind, improvement=improvement,
                            title=title(data.workshop, improvement) if improvement else '',
                            criterion=p.get('criterion') or '', value=value))
    return rows


def ballots(state: Any, rounds: list[int], pseudonyms: dict[str, str], labels: dict[str, str],
            shown: set[str], breakouts: dict[tuple[int, str], str] | None = None) -> list[BallotLine]:
    """Final ballots, one line per person × idea of each round, by round then in the order people joined.

    Withdrawn people are out of the ballots already. Everyone who voted or passed in a round has a line per idea."""
    order = {pid: n for n, pid in enumerate(state.participants)}
    lines = []
    for number in rounds:
        round_ = state.rounds[number]
        method = methods.get(round_.method)
        ideas = state.round_improvements(round_)
        for ballot in sorted(state.ballots(number), key=lambda b: order.get(b.participant, len(order))):
            person = state.participants.get(ballot.participant)
            group = group_of(person, labels, shown) if person else GROUP_NOT_SHOWN
            for improvement in ideas:
                passed = 'whole round' if ballot.abstain_all else 'this idea' if improvement in ballot.abstain else ''
                lines.append(BallotLine(
                    round=number, participant=pseudonyms.get(ballot.participant, ballot.participant), group=group,
                    improvement=improvement, title=title(state.workshop, improvement), passed=passed,
                    breakout=(breakouts or {}).get((number, ballot.participant), ''),
                    **({} if passed else method.line(ballot, improvement))))
    return lines


def _vote_kind(type_: str, p: dict[str, Any], round_: Round) -> tuple[str, str]:
    if type_ == 'ranking_cast':
        return 'ranking', ''
    if type_ == 'abstained':
        what = 'pass' if p.get('abstain', True) else 'pass removed'
        return what, '' if p.get('improvement') else 'whole round'
    return str(round_.method), str(p.get('value', ''))  # 'dots', 'rating' or another method's name


def comments(data: ExportInput, pseudonyms: dict[str, str], labels: dict[str, str],
             shown: set[str]) -> tuple[list[CommentRow], int]:
    """Comments that may be quoted, oldest first, and how many were held back at their writer's request."""
    state, workshop = data.state, data.workshop
    rows, withheld = [], 0
    for comment in sorted(state.visible_comments(), key=lambda c: c.at):
        person = state.participants[comment.participant] if comment.participant in state.participants else None
        consent = person.consent if person else None
        if consent is None or not consent.take_part or consent.quotes == QuoteConsent.NEVER:
            withheld += 1
            continue
        who = pseudonyms.get(comment.participant, '')
        if data.identified and consent.quotes == QuoteConsent.NAMED and person.display_name:
            who = f'{who} ({person.display_name})'
        rows.append(CommentRow(at=iso(comment.at, zone(workshop)), participant=who,
                               group=group_of(person, labels, shown),
                               target=_target(workshop, comment.target_kind, comment.target_id),
                               kind=comment.kind.value, text=comment.text, quotes=consent.quotes.value,
                               pseudonym=pseudonyms.get(comment.participant, ''),
                               **_place(workshop, comment.target_kind, comment.target_id)))
    return rows, withheld


def _place(workshop: Workshop, kind: str, target_id: str) -> dict[str, Any]:
    """Where in the journey a comment sits: the stage itself, a theme's stages, or the stages an idea changes."""
    theme = workshop.theme(target_id) if kind == 'theme' else None
    idea = workshop.improvement(target_id) if kind == 'improvement' else None
    stage_ids = [target_id] if kind == 'stage' else (theme.stages if theme else idea.stages if idea else [])
    position = {sid: n for n, sid in enumerate(stage_order(workshop), start=1)}
    numbers = sorted(position[s] for s in stage_ids if s in position)
    titles = {n: workshop.stage(sid).title for sid, n in position.items()}
    return {'stages': numbers, 'stage': '; '.join(titles[n] for n in numbers),
            'theme': theme.title if theme else '', 'idea': idea.title if idea else ''}


def _target(workshop: Workshop, kind: str, target_id: str) -> str:
    found = {'stage': workshop.stage, 'theme': workshop.theme, 'improvement': workshop.improvement}.get(kind)
    item = found(target_id) if found else None
    return f'{kind}: {getattr(item, "title", target_id)}' if item else f'{kind}: {target_id}'


def consent_log(events: list[Any], pseudonyms: dict[str, str], where: str = 'UTC') -> list[ConsentRow]:
    rows = []
    for event in events:
        p = event.payload
        if event.type not in CONSENT_EVENTS or p.get('participant') not in pseudonyms:
            continue
        detail = ''
        if event.type == 'consent_given':
            detail = (f'version {p.get("version", "")}; research use: {"yes" if p.get("research_use") else "no"}; '
                      f'quotes: {p.get("quotes", QuoteConsent.ANONYMOUS)}')
        elif event.type == 'participant_joined' and p.get('supported'):
            detail = 'with a support person'
        elif event.type == 'consent_withdrawn' and p.get('by') in WITHDRAWN_BY:
            detail = WITHDRAWN_BY[p['by']] + (f': {p["reason"]}' if p.get('reason') else '')
        rows.append(ConsentRow(at=iso(event.at, where), participant=pseudonyms[p['participant']],
                               event=CONSENT_EVENTS[event.type], detail=detail))
    return rows


def quotes(workshop: Workshop, labels: dict[str, str]) -> list[QuoteRow]:
    return [QuoteRow(theme=theme.title, stream=labels.get(q.stream, q.stream), text=q.text, paraphrase=q.paraphrase)
            for theme in workshop.themes for q in theme.quotes if q.consent != QuoteConsent.NEVER]


def journey(workshop: Workshop) -> list[tuple[str, dict[str, list[str]]]]:
    stages = {s.id: s for s in workshop.stages}
    return [(stages[sid].title, {s.id: [t.title for t in workshop.themes_at(sid, s.id)] for s in workshop.streams})
            for sid in stage_order(workshop)]


def themes(workshop: Workshop, labels: dict[str, str]) -> list[ThemeRow]:
    position = {sid: n for n, sid in enumerate(stage_order(workshop), start=1)}
    return [ThemeRow(title=t.title, category=t.category.value, stages=sorted(position[s] for s in t.stages),
                     streams=[labels.get(s, s) for s in t.streams]) for t in workshop.themes]


def decisions(state: Any) -> list[DecisionRow]:
    rows = []
    for item in cycle.improvement_progress(state):
        d = item.decision
        actions = [ActionRow(improvement=item.improvement, title=item.title, action=a.title, owner=a.owner, due=a.due,
                             status=a.status) for a in item.actions]
        rows.append(DecisionRow(improvement=item.improvement, title=item.title, status=item.status_label,
                                outcome=cycle.OUTCOME_LABELS[d.outcome] if d else '',
                                rationale=d.rationale if d else '', minority_view=d.minority_view if d else '',
                                at=iso(d.at, zone(state.workshop)) if d else '', actions=actions))
    return rows


def group_of(person: Any, labels: dict[str, str], shown: set[str]) -> str:
    """A person's group as shown beside their own entries: only when the group is big enough to hide in."""
    return labels.get(person.group, person.group) if person.group in shown else GROUP_NOT_SHOWN


def iso(timestamp: float, where: str = 'UTC') -> str:
    """A moment as people read it in the workshop's time zone: '2026-03-11 10:00 NZDT'."""
    return local(timestamp, where).strftime('%Y-%m-%d %H:%M %Z')


def local(timestamp: float, where: str = 'UTC') -> dt.datetime:
    return dt.datetime.fromtimestamp(timestamp, ZoneInfo(where))


def zone(workshop: Workshop) -> str:
    """The workshop's time zone (settings.time_zone, an IANA name such as Pacific/Auckland)."""
    return workshop.settings.time_zone or 'UTC'


def title(workshop: Workshop, improvement_id: str) -> str:
    """An improvement's title; its id when it is no longer in the content."""
    found = workshop.improvement(improvement_id)
    return found.title if found else improvement_id
