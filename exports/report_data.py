"""What every export shows, computed once from an ExportInput, so the writers stay thin and never disagree.

Pure: no I/O, no UI. Respect for participants is applied here, once for all formats:
- people appear under pseudonyms (P01, P02, … in the order they joined); names only when the lead opted in
  (`identified`), and beside a comment only when that person also agreed to be quoted by name;
- per-group figures from fewer than `settings.suppression_threshold` voters are suppressed, with the reason, and
  complementary suppression hides further groups so that no hidden figure can be derived from those shown
  (ranking.suppress); beside a vote, ballot or comment, a person's group is named only when the group is shown in
  every round and has at least that many participants. Groups are the workshop's reporting groups (combined streams);
- comments of people who said "never" to quotes, and journey-map quotes marked "never", are left out (counted);
- withdrawn participants' votes and comments are left out of every figure and list (the consent log keeps the entry).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from exports import breakout_rows, shortlists
from exports import report_records as records
from exports.registry import ExportInput
from exports.report_records import (  # noqa: F401
    GROUP_NOT_SHOWN,
    VOTE_EVENTS,
    ActionRow,
    BallotLine,
    CommentRow,
    ConsentRow,
    DecisionRow,
    Person,
    QuoteRow,
    ThemeRow,
    VoteRow,
    iso,
)
from workshop.domain import analysis, cycle, methods, ranking
from workshop.domain.model import PREFER_NOT_TO_SAY, Method, Round, Workshop

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
    """One idea in one round. The analyses beside the score: consensus (checked in every shown group and the hidden
    groups as one), stability (share of bootstrap resamples keeping it in the top), per rating question the mean,
    median and agreement, and the quadrant of the first two questions."""
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
    balanced_score: float | None
    groups: dict[str, GroupCell | None]  # None: suppressed
    consensus: str = ''  # 'in', 'out', 'none'; '' where the round has no consensus check
    stability: float | None = None
    ratings: dict[str, analysis.RatingSummary] = field(default_factory=dict)
    quadrant: str = ''


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
    criteria: list[str] = field(default_factory=list)  # rating rounds' questions
    scale: int = 5  # rating rounds: 1..scale
    kendall_w: float | None = None
    kendall_w_groups: dict[str, float | None] = field(default_factory=dict)  # shown groups only




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
    votes: list[VoteRow]  # the audit: every vote event as it happened
    ballots: list[BallotLine]  # each person's final ballot, one line per idea, every round reported
    comments: list[CommentRow]
    comments_withheld: int  # comments of people who asked never to be quoted
    quotes: list[QuoteRow]
    journey: list[tuple[str, dict[str, list[str]]]]  # stage title → stream id → theme titles
    themes: list[ThemeRow]
    decisions: list[DecisionRow]
    consent_log: list[ConsentRow]
    progress: cycle.Progress
    method: list[str] = field(default_factory=list)
    shortlists: list[shortlists.ShortlistRow] = field(default_factory=list)  # how rounds' ideas came from earlier ones

    def group_label(self, group_id: str) -> str:
        return next((g.label for g in self.groups if g.id == group_id), group_id)


def build(data: ExportInput) -> Report:
    state, workshop = data.state, data.workshop
    threshold = workshop.settings.suppression_threshold
    pseudonyms = records.pseudonyms(list(state.participants))
    groups = _groups(state, threshold)
    labels = {g.id: g.label for g in groups}
    hidden_rounds = breakout_rows.hidden_rounds(state, threshold)
    every = [r for r in _rounds(state, labels) if r.number not in hidden_rounds]
    rounds = _chosen(every, data.round)
    ranked = next((r for r in rounds if r.number == data.round), rounds[-1] if rounds else None)
    hidden = {g.id for r in every for g in r.groups if g.suppressed and g.n}
    for group in groups:  # named beside one person only when hidden in no round: rounds are linked by pseudonym
        group.shown = group.shown and group.id not in hidden
    # a person's entries carry their stream: name it by its reporting group, and only where that group is shown
    units = {stream: workshop.reporting_group(stream) for stream in {p.group for p in state.participants.values()}}
    shown = {stream for stream, unit in units.items() if unit in {g.id for g in groups if g.shown}}
    streams = {s.id: s.label for s in workshop.streams}  # content (quotes, themes) is by stream, not by person
    labels = {stream: labels.get(unit, unit) for stream, unit in units.items()}
    comments, withheld = records.comments(data, pseudonyms, labels, shown)
    beside = {p.id: records.group_of(p, labels, shown) for p in state.participants.values()}
    breakouts = breakout_rows.labels(state, [r.number for r in rounds], beside, threshold)
    return Report(
        workshop=workshop, provenance=dict(data.provenance), identified=data.identified, threshold=threshold,
        held=_held(data.events, records.zone(workshop)), groups=groups, rounds=rounds, ranked=ranked,
        people=records.people(state, pseudonyms, labels, shown, data.identified),
        votes=[v for v in records.votes(data, pseudonyms, labels, shown) if v.round not in hidden_rounds],
        comments=comments,
        ballots=records.ballots(state, [r.number for r in rounds], pseudonyms, labels, shown, breakouts),
        comments_withheld=withheld,
        quotes=records.quotes(workshop, streams), journey=records.journey(workshop),
        themes=records.themes(workshop, streams), decisions=records.decisions(state),
        consent_log=records.consent_log(data.events, pseudonyms, records.zone(workshop)),
        progress=cycle.progress(state),
        method=_method(rounds, workshop, data.identified) + breakout_rows.method(state, threshold),
        shortlists=shortlists.rows(state))


def score_text(score: float | None, method: Method) -> str:
    """Scores as people read them: whole dots and points; ratings to two decimals."""
    return '' if score is None else methods.get(method).score_text(score)


# --- rankings ----------------------------------------------------------------------------------------------------

def _rounds(state: Any, labels: dict[str, str]) -> list[RoundReport]:
    voted = [n for n in sorted(state.rounds) if any(not b.abstain_all for b in state.ballots(n))]
    return [_round(state, state.rounds[n], labels) for n in voted]


def _chosen(rounds: list[RoundReport], chosen: int | None) -> list[RoundReport]:
    if chosen is None:
        return rounds
    if chosen not in (voted := [r.number for r in rounds]):
        known = ', '.join(map(str, voted)) or 'none yet'
        raise ReportError(f'round {chosen} has no votes to rank (rounds with votes: {known})')
    return [r for r in rounds if r.number == chosen]


def _round(state: Any, round_: Round, labels: dict[str, str]) -> RoundReport:
    improvements = state.round_improvements(round_)
    result = ranking.analyse(round_, improvements, state.ballots(round_.number),
                             [g for g, _ in state.workshop.reporting_groups()], state.workshop.settings)
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
                        if g in per_group else None) for g in result.by_group},
            consensus=result.consensus[item.improvement].verdict.value if result.consensus else '',
            stability=result.stability.get(item.improvement) if result.stability else None,
            ratings=item.ratings, quadrant=item.quadrant.label if item.quadrant else ''))
    figures = [GroupFigures(id=g, label=labels.get(g, g), n=r.n, suppressed=r.suppressed, reason=r.reason)
               for g, r in result.by_group.items()]
    description, score_label = methods.get(round_.method).describe(round_, state.boxes[round_.number], result.k)
    if round_.breakout:
        description = f'Breakout {round_.breakout[1:]} on its own: {description}'
    return RoundReport(number=round_.number, method=round_.method, description=description, score_label=score_label,
                       voters=result.n, passed=result.passed, rows=rows, groups=figures,
                       balanced_groups=result.balanced_groups, result=result,
                       criteria=methods.get(round_.method).criteria(round_), scale=round_.scale,
                       kendall_w=result.kendall_w, kendall_w_groups=result.kendall_w_groups)


def _groups(state: Any, threshold: int) -> list[Group]:
    """The reporting groups (streams, or streams combined in the settings) with their active participants."""
    workshop = state.workshop
    active = [workshop.reporting_group(p.group) for p in state.active_participants()]
    units = dict(workshop.reporting_groups())
    ids = list(units)
    if PREFER_NOT_TO_SAY in active:
        ids.append(PREFER_NOT_TO_SAY)
    ids += sorted(set(active) - set(ids))
    labels = units | {PREFER_NOT_TO_SAY: GROUP_LABEL_PREFER_NOT}
    counts = {g: active.count(g) for g in ids}
    # people who preferred not to say are no group to single out, so they are never named beside an entry either
    return [Group(id=g, label=labels.get(g, g), participants=counts[g],
                  shown=counts[g] >= threshold and g != PREFER_NOT_TO_SAY) for g in ids]


def _method(rounds: list[RoundReport], workshop: Workshop, identified: bool) -> list[str]:
    threshold = workshop.settings.suppression_threshold
    used = [methods.get(m).how_report for m in dict.fromkeys(r.method for r in rounds)]
    names = ('Names are included only where the project lead chose to include them; beside a comment only when the '
             'person also agreed to be quoted by name.' if identified else 'Names are not included.')
    combined = [f'{g.label} = ' + ' + '.join((s.label if (s := workshop.stream(i)) else i) for i in g.streams)
                for g in workshop.settings.reporting_groups]
    return [*used,
            'A higher score is a higher priority. Passing on an idea is not a vote against it: it is neither scored '
            'nor counted as a zero.',
            ranking.TIE_RULE, ranking.BALANCED_RULE, ranking.PREFER_NOT_TO_SAY_RULE,
            *([f'Groups reported together (set for this workshop): {"; ".join(combined)}.'] if combined else []),
            ranking.SUPPRESSION_RULE.format(t=threshold),
            *ANALYSES_TEXT,
            f'Participants appear under pseudonyms (P01, P02, … in the order they joined). {names}',
            'Comments from people who asked never to be quoted are counted but not shown, and journey-map quotes '
            'marked "never" are left out. The votes and comments of people who withdrew are left out of every '
            'figure and list; the consent log records that they withdrew.',
            'The json archive is the one file that keeps everything (every group beside every vote): it is '
            'identifying, for the project lead only, and says so inside.']


ANALYSES_TEXT = [
    'Consensus (Delphi style, with this workshop\'s thresholds): an idea is "in" when in every group shown, and in '
    'the hidden groups taken together, at least the agree share rated it in the top third of the scale (dots: gave '
    'it a dot; ranking: put it in their top k) and, for ratings, fewer than the disagree share rated it in the '
    'bottom third; "out" when in every group at most the out share did; otherwise no consensus.',
    'Stability: the participants are resampled with replacement 200 times (a bootstrap, with a fixed seed so the '
    'figure never changes for the same votes); "stays in the top 3 in 94%" means that in 94 of 100 resamples the '
    'idea still ranked in the top 3.',
    'Agreement between people (Kendall\'s W, ranking rounds): 0 means people ordered the ideas with no common '
    'pattern, 1 that everyone gave the same order; given for everyone and for each group shown.',
    'Rating questions: for each question the mean, the median (the middle rating) and the agreement (the share of '
    'ratings in the top third of the scale, e.g. 4 or 5 on 1–5, 7 to 9 on 1–9).',
    'Quadrant (two rating questions): the benefit question (importance) against the second (feasibility), split '
    'at the middle of the scale: a quick win is above the middle on both; a major project important but hard; a '
    'fill-in easy but less important; a thankless task neither.',
]


def _held(events: list[Any], where: str) -> str:
    times = [e.at for e in events if e.type in ('participant_joined', 'comment_added', *VOTE_EVENTS)]
    if not times:
        return ''
    first, last = (records.local(t, where).date().isoformat() for t in (min(times), max(times)))
    return first if first == last else f'{first} to {last}'
