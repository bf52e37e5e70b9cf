"""A project of several events (workshops) that share a journey map and improvement list, as Experience-Based
Co-Design runs a patient and whānau event, a staff event, then a joint event. Pure: the events' states come in.

- **Results per event** are each event's own (its own small-group protection).
- **Results across the project** count every event's ballots together (each event's counted round: the latest
  with votes, all of one voting method). Small groups are protected as in one workshop, and more: a group is shown
  across the project only where it was shown in every event it voted in. Otherwise the project's figure minus the
  events' shown figures would give that group's hidden figures in the one event that hid it (or, through that
  event's totals, the small group its hiding protected).
- **The joint event starts from earlier events' priorities**: each earlier event's top N (every group weighing the
  same), together, in the order of the improvement list.
- **The co-design cycle per project**: each element with the events that stand at it, and its checks done in any
  event.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from workshop.domain import cycle, ranking, shortlist
from workshop.domain.model import Ballot, CycleElement, Method, QuoteConsent, Round, Workshop

HIDDEN_IN_AN_EVENT = ('Hidden across the project because this group\'s own figures were hidden in one of the events; '
                      'showing them here would let the hidden figures be worked out by subtraction.')


@dataclass(kw_only=True, slots=True)
class Event:
    workshop_id: str
    state: Any  # workshop.domain.state.WorkshopState

    @property
    def workshop(self) -> Workshop:
        return self.state.workshop

    @property
    def name(self) -> str:
        ref = self.workshop.project
        return ref.event or self.workshop.title

    @property
    def round(self) -> int | None:
        """The round this event counts: its latest round with votes."""
        voted = [n for n in sorted(self.state.rounds) if any(not b.abstain_all for b in self.state.ballots(n))]
        return voted[-1] if voted else None

    def result(self) -> ranking.RoundResult | None:
        number = self.round
        if number is None:
            return None
        return ranking.analyse(self.state.rounds[number], self.state.boxes[number].improvements,
                               self.state.ballots(number), groups(self.workshop), self.workshop.settings,
                               bootstrap=0)


@dataclass(kw_only=True, slots=True)
class Across:
    result: ranking.RoundResult | None
    method: Method | None
    note: str = ''  # why there is no ranking across the project, if there is none
    events: list[str] = field(default_factory=list)  # the events counted


def groups(workshop: Workshop) -> list[str]:
    return [g for g, _ in workshop.reporting_groups()]


def ordered(events: list[Event]) -> list[Event]:
    return sorted(events, key=lambda e: (e.workshop.project.position, e.workshop.title))


def across(events: list[Event]) -> Across:
    """Every event's counted ballots together, with the project's protection of small groups."""
    counted = [(e, e.round) for e in ordered(events) if e.round is not None]
    if not counted:
        return Across(result=None, method=None, note='No event has votes yet.')
    methods = {e.state.rounds[n].method for e, n in counted}
    if len(methods) > 1:
        return Across(result=None, method=None, note='The events voted in different ways ('
                      + ', '.join(sorted(m.value for m in methods)) + '), so their votes cannot be counted together.')
    first = counted[0][0].workshop
    ideas = [i.id for i in first.improvements
             if any(i.id in e.state.boxes[n].improvements for e, n in counted)]
    rounds = [e.state.rounds[n] for e, n in counted]
    method = rounds[0].method
    combined = Round(number=0, method=method, improvements=ideas, top_k=max(r.top_k for r in rounds),
                     scale=rounds[0].scale, criteria=list(rounds[0].criteria))
    ballots: list[Ballot] = []
    hide: dict[str, str] = {}
    for event, number in counted:
        ballots += [replace(b, participant=f'{event.workshop_id}:{b.participant}') for b in event.state.ballots(number)]
        result = event.result()
        for group, group_result in (result.by_group.items() if result else []):
            if group_result.suppressed and group_result.n:
                hide[group] = HIDDEN_IN_AN_EVENT
    result = ranking.analyse(combined, ideas, ballots, groups(first), first.settings, bootstrap=0, hide=hide)
    return Across(result=result, method=method, events=[e.name for e, _ in counted])


def carried(events: list[Event], top: int) -> tuple[list[str], list[str]]:
    """The earlier events' priorities for the joint event: each event's top `top` with every group weighing the same
    (its pooled top when no group could be shown), together in the order of the improvement list. Returns (ideas,
    the events' names with their rounds)."""
    chosen: set[str] = set()
    sources = []
    for event in ordered(events):
        result = event.result()
        if result is None:
            raise ValueError(f'{event.name} has no votes yet, so it has no priorities to carry')
        chosen.update(shortlist.top(result, shortlist.BALANCED, top))  # the pooled top when no group is shown
        sources.append(f'{event.name} (round {event.round})')
    order = [i.id for i in events[0].workshop.improvements]
    return [i for i in order if i in chosen], sources


def comments_to_carry(events: list[Event], ideas: list[str]) -> list[dict[str, str]]:
    """The earlier events' comments on the ideas carried, for the joint event's threads: only from people who are
    still taking part and allowed quotes (anonymous or named), never hidden ones, and without names or groups (a
    group can be small): the event's name is all that goes with the words."""
    carried = []
    for event in ordered(events):
        quotable = {p.id for p in event.state.active_participants()
                    if p.consent is not None and p.consent.quotes != QuoteConsent.NEVER}
        for idea in ideas:
            carried += [{'improvement': idea, 'event': event.name, 'kind': c.kind.value, 'text': c.text}
                        for c in sorted(event.state.visible_comments('improvement', idea), key=lambda c: c.at)
                        if c.participant in quotable]
    return carried


def cycle_marks(events: list[Event]) -> list[tuple[cycle.ElementProgress, list[str]]]:
    """Each element of the cycle across the project: a check counts as done when it is done in any event; the
    events are marked at the element each one stands at."""
    progresses = [(e, cycle.progress(e.state)) for e in ordered(events)]
    marks: list[tuple[cycle.ElementProgress, list[str]]] = []
    for element in cycle.ELEMENTS:
        per_event = [p.element(element.id) for _, p in progresses]
        checks = [replace(check, done=any(pe.checks[i].done for pe in per_event))
                  for i, check in enumerate(per_event[0].checks)] if per_event else []
        here = [e.name for e, p in progresses if p.current == element.id]
        marks.append((cycle.ElementProgress(element=element, checks=checks, current=bool(here)), here))
    return marks


def current(events: list[Event]) -> CycleElement | None:
    """Where the project stands: the furthest element any event has reached."""
    order = [e.id for e in cycle.ELEMENTS]
    reached = [e.workshop.cycle_element for e in events]
    return max(reached, key=order.index) if reached else None
