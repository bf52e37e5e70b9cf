"""Domain types of a co-design workshop: pure data, no I/O and no UI.

Content (streams, stages, themes, improvements) is edited by the facilitator and stored as one document per
workshop. What people do (join, consent, vote, comment, decide) is recorded as events; the participant,
comment, round, decision and action types below are the state folded from those events.
"""
from __future__ import annotations

import dataclasses
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any, ClassVar


class Category(StrEnum):
    """Theme categories used in the RE-TELL coding."""
    PRACTICAL = 'practical'
    EMOTIONAL = 'emotional'
    CULTURAL = 'cultural'


class CycleElement(StrEnum):
    """The six elements of the co-design cycle, in order."""
    ENGAGE = 'engage'
    PLAN = 'plan'
    EXPLORE = 'explore'
    DEVELOP = 'develop'
    DECIDE = 'decide'
    CHANGE = 'change'


class ImprovementStatus(StrEnum):
    PROPOSED = 'proposed'
    DEVELOPED = 'developed'
    DECIDED = 'decided'
    IN_CHANGE = 'in_change'
    DONE = 'done'


class Method(str):
    """A voting method's name as events and archives store it: 'dots', 'rank', 'rating', or any other method that is
    a module of workshop/domain/methods, which owns its rules (names in the constants below are used by name)."""
    DOTS: ClassVar[Method]
    RANK: ClassVar[Method]
    RATING: ClassVar[Method]

    @property
    def value(self) -> str:
        return str.__str__(self)


Method.DOTS, Method.RANK, Method.RATING = Method('dots'), Method('rank'), Method('rating')


class QuoteConsent(StrEnum):
    """How a quote may leave the database: with a name, anonymously, or never."""
    NAMED = 'named'
    ANONYMOUS = 'anonymous'
    NEVER = 'never'


class CommentKind(StrEnum):
    AGREE = 'agree'
    DISAGREE = 'disagree'
    CLARIFY = 'clarify'
    IDEA = 'idea'


class Outcome(StrEnum):
    ADOPT = 'adopt'
    DEFER = 'defer'
    REJECT = 'reject'


class RoundStatus(StrEnum):
    DRAFT = 'draft'
    OPEN = 'open'
    CLOSED = 'closed'


PREFER_NOT_TO_SAY = 'prefer_not_to_say'
"""Stakeholder group of a participant who did not want to say which group they belong to."""


# --- te reo Māori versions of content words ------------------------------------------------------------------------
# Written by the workshop team (with their translator or kaumātua), never machine-made. Empty means "not given":
# the English is shown. Each content type has its own, so a template naming a field that cannot have te reo is
# refused with the place and the fields that can.

@dataclass(kw_only=True, slots=True)
class WorkshopReo:
    title: str = ''
    purpose: str = ''
    service_promise: str = ''


@dataclass(kw_only=True, slots=True)
class SettingsReo:
    participant_info: str = ''


@dataclass(kw_only=True, slots=True)
class StageReo:
    title: str = ''
    description: str = ''


@dataclass(kw_only=True, slots=True)
class ThemeReo:
    title: str = ''
    plain: str = ''
    content_note: str = ''


@dataclass(kw_only=True, slots=True)
class ImprovementReo:
    title: str = ''
    plain: str = ''


@dataclass(kw_only=True, slots=True)
class Stream:
    """A stakeholder stream (group): patients, support persons / whānau, clinicians, administrators."""
    id: str
    label: str
    description: str = ''
    invited: int | None = None  # people of this group invited to the workshop; None: not recorded


@dataclass(kw_only=True, slots=True)
class Stage:
    """A stage of the pathway. `next` lists the following stages; None means "the next one declared"."""
    id: str
    title: str
    description: str = ''
    typical_duration: str = ''
    next: list[str] | None = None
    mi: StageReo = field(default_factory=StageReo)


@dataclass(kw_only=True, slots=True)
class Quote:
    text: str
    stream: str = ''
    paraphrase: bool = True
    consent: QuoteConsent = QuoteConsent.ANONYMOUS


@dataclass(kw_only=True, slots=True)
class Theme:
    id: str
    title: str
    description: str = ''
    plain: str = ''  # "what does this mean?" in plain language
    category: Category = Category.PRACTICAL
    global_theme: str = ''
    domain: str = ''
    stages: list[str] = field(default_factory=list)
    streams: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    content_note: str = ''  # shown before a distressing theme
    mi: ThemeReo = field(default_factory=ThemeReo)


@dataclass(kw_only=True, slots=True)
class Improvement:
    id: str
    title: str
    description: str = ''
    plain: str = ''
    stages: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    success_criteria: str = ''
    status: ImprovementStatus = ImprovementStatus.PROPOSED
    mi: ImprovementReo = field(default_factory=ImprovementReo)


@dataclass(kw_only=True, slots=True)
class Consensus:
    """Delphi-style thresholds, as shares of each group (see ranking.consensus)."""
    agree_in: float = 0.70
    disagree_max: float = 0.15
    out_max: float = 0.50


@dataclass(kw_only=True, slots=True)
class ReportingGroup:
    """Streams reported together, e.g. "lived experience" = patients + whānau, so small workshops can show groups."""
    id: str
    label: str
    streams: list[str] = field(default_factory=list)


@dataclass(kw_only=True, slots=True)
class Settings:
    suppression_threshold: int = 5  # per-group figures from fewer participants are suppressed
    reporting_groups: list[ReportingGroup] = field(default_factory=list)  # empty: every stream on its own
    time_zone: str = 'UTC'  # IANA name; every date shown or exported uses it
    consensus: Consensus = field(default_factory=Consensus)
    consent_version: str = '1'
    participant_info: str = ''
    retention_days: int | None = None
    data_location: str = ''  # where the server keeping the data stands, e.g. 'Aotearoa New Zealand' (board paper)
    dot_budget: int | None = None  # None: about half the number of improvements
    dot_cap: int = 2
    rank_top_k: int = 5
    rating_scale: int = 5
    # limits that stop a flood without getting in anyone's way (0: no limit)
    comments_per_minute: int = 10  # per participant
    comments_max: int = 300  # per participant, in the whole workshop
    proposals_per_minute: int = 3
    proposals_max: int = 30
    joins_per_minute_per_address: int = 30  # a room on one Wi-Fi can join in a minute or two; a script cannot
    mi: SettingsReo = field(default_factory=SettingsReo)


@dataclass(kw_only=True, slots=True)
class ProjectRef:
    """The project a workshop is one event of: events share a journey map and improvement list (workshop/domain/project.py)."""
    id: str = ''  # '': not part of a project
    title: str = ''
    event: str = ''  # this event's name, e.g. 'Patient and whānau event'
    position: int = 0  # the events' order in the project, from 1


@dataclass(kw_only=True, slots=True)
class Workshop:
    """A workshop's content: what the facilitator sets up and edits."""
    id: str = ''
    title: str
    purpose: str = ''
    service_promise: str = ''
    run_by: str = ''  # who runs the workshop (team, organisation): provenance in every export
    cycle_element: CycleElement = CycleElement.EXPLORE
    mi: WorkshopReo = field(default_factory=WorkshopReo)
    project: ProjectRef = field(default_factory=ProjectRef)
    settings: Settings = field(default_factory=Settings)
    streams: list[Stream] = field(default_factory=list)
    stages: list[Stage] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    improvements: list[Improvement] = field(default_factory=list)

    def stage(self, stage_id: str) -> Stage | None:
        return next((s for s in self.stages if s.id == stage_id), None)

    def theme(self, theme_id: str) -> Theme | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    def reporting_group(self, stream_id: str) -> str:
        """The group a stream's people are reported under: its combined reporting group, else the stream itself."""
        return next((g.id for g in self.settings.reporting_groups if stream_id in g.streams), stream_id)

    def reporting_groups(self) -> list[tuple[str, str]]:
        """(id, label) of the groups results are reported by, in stream order; a combined group where its first
        stream is."""
        combined = {g.id: g for g in self.settings.reporting_groups}
        units: dict[str, str] = {}
        for stream in self.streams:
            unit = self.reporting_group(stream.id)
            units.setdefault(unit, combined[unit].label if unit in combined else stream.label)
        return list(units.items())

    def improvement(self, improvement_id: str) -> Improvement | None:
        return next((i for i in self.improvements if i.id == improvement_id), None)

    def stream(self, stream_id: str) -> Stream | None:
        return next((s for s in self.streams if s.id == stream_id), None)

    def themes_at(self, stage_id: str, stream_id: str | None = None) -> list[Theme]:
        return [t for t in self.themes
                if stage_id in t.stages and (stream_id is None or stream_id in t.streams)]


# --- state folded from events ---------------------------------------------------------------------------------------

@dataclass(kw_only=True, slots=True)
class Consent:
    version: str
    take_part: bool = True
    research_use: bool = False
    quotes: QuoteConsent = QuoteConsent.ANONYMOUS


@dataclass(kw_only=True, slots=True)
class Participant:
    id: str  # pseudonymous
    group: str = PREFER_NOT_TO_SAY
    display_name: str = ''
    consent: Consent | None = None
    supported: bool = False  # a support person votes with or for this participant
    withdrawn: bool = False
    joined_at: float = 0.0


@dataclass(kw_only=True, slots=True)
class Comment:
    id: str
    participant: str
    target_kind: str  # 'stage', 'theme' or 'improvement'
    target_id: str
    kind: CommentKind
    text: str
    at: float = 0.0
    hidden: bool = False
    hidden_reason: str = ''


@dataclass(kw_only=True, slots=True)
class Round:
    number: int
    method: Method
    improvements: list[str] = field(default_factory=list)  # empty: every improvement
    budget: int = 0  # dots
    cap: int = 0  # dots per item; 0 = no cap
    top_k: int = 0  # ranking
    scale: int = 5  # rating: 1..scale
    criteria: list[str] = field(default_factory=lambda: ['importance'])  # rating
    status: RoundStatus = RoundStatus.DRAFT
    show_previous: bool = False
    revealed: bool = False
    opened_at: float | None = None
    closes_at: float | None = None
    # rounds over days: open by themselves from opens_at to ends_at (timestamps), for people taking part in their own time
    opens_at: float | None = None
    ends_at: float | None = None
    breakout: str = ''  # '': a round for everyone (run in all breakouts at once); 'b2': breakout 2's own round


@dataclass(kw_only=True, slots=True)
class Ballot:
    """One participant's ballot in one round, as the ranking engine needs it.

    dots: improvement -> dots; ranks: improvement -> position (1 = best);
    ratings: criterion -> improvement -> rating; abstain: improvements the participant passed on
    (`abstain_all` passes on the whole round).
    """
    participant: str
    group: str
    dots: dict[str, int] = field(default_factory=dict)
    ranks: dict[str, int] = field(default_factory=dict)
    ratings: dict[str, dict[str, float]] = field(default_factory=dict)
    abstain: set[str] = field(default_factory=set)
    abstain_all: bool = False


@dataclass(kw_only=True, slots=True)
class Decision:
    improvement: str
    outcome: Outcome
    rationale: str = ''
    minority_view: str = ''
    at: float = 0.0


@dataclass(kw_only=True, slots=True)
class Action:
    id: str
    improvement: str
    title: str
    owner: str = ''
    due: str = ''  # ISO date
    status: str = 'todo'  # todo / doing / done


def to_dict(obj: Any) -> Any:
    """Plain JSON-ready data (enums become their values)."""
    return _plain(asdict(obj))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, set):
        return sorted(_plain(v) for v in value)
    if isinstance(value, StrEnum | Method):
        return value.value
    return value


def field_names(cls: type) -> list[str]:
    return [f.name for f in fields(cls)]


def reo_fields(item: Any) -> list[str]:
    """The fields of this content item that can have a te reo Māori version (empty for a type that has none)."""
    reo = getattr(item, 'mi', None)
    return field_names(type(reo)) if dataclasses.is_dataclass(reo) else []
