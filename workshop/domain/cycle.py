"""The co-design cycle (engage → plan → explore → develop → decide → change) and where a project stands in it.

Pure: no I/O, no UI. Every label is a catalogue key: the lead view shows it in the reader's language, and `label`,
`detail`, `title` and `status_label` give the English for exports. Progress is computed from the workshop's content
and its state folded from events, never stored, so it cannot drift from what actually happened. Engage is not a
phase that ends: relationships are kept up throughout, so `Progress.engage` is shown beside every later element.
Source: Boyd, McKernon, Mullin & Old 2012 and the Health Service Co-design toolkit (see the shared domain notes).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workshop import i18n
from workshop.domain.model import CycleElement, Decision, Improvement, ImprovementStatus, Outcome, Workshop


def _en(key: str, **params: object) -> str:
    return i18n.text(key, 'en', **params).text


@dataclass(kw_only=True, slots=True, frozen=True)
class Element:
    id: CycleElement
    outputs: tuple[str, ...]  # what the tool holds for it

    @property
    def key(self) -> str:  # catalogue: cycle_<id> is the title, cycle_<id>_summary what happens in this element
        return f'cycle_{self.id.value}'

    @property
    def title(self) -> str:
        return _en(self.key)

    @property
    def summary(self) -> str:
        return _en(f'{self.key}_summary')


ELEMENTS: tuple[Element, ...] = (
    Element(id=CycleElement.ENGAGE, outputs=('Participant register with stakeholder groups', 'Consent',
                                             'Engagement log')),
    Element(id=CycleElement.PLAN, outputs=('Workshop purpose', 'Service promise ("we will …")')),
    Element(id=CycleElement.EXPLORE, outputs=('Journey map: stages × stakeholder streams', 'Themes with quotes',
                                              'Comments on the map')),
    Element(id=CycleElement.DEVELOP, outputs=('Improvements linked to stages and themes', 'Success criteria',
                                              'Ideas proposed by participants')),
    Element(id=CycleElement.DECIDE, outputs=('Voting rounds and ranked lists',
                                             'A decision per improvement, with rationale and minority view')),
    Element(id=CycleElement.CHANGE, outputs=('Actions with owner, due date and status', '"You said, we did" report')),
)

STATUS_ORDER = tuple(ImprovementStatus)
STATUS_LABELS = {s: _en(f'improvement_status_{s.value}') for s in ImprovementStatus}
OUTCOME_LABELS = {o: _en(f'lead_outcome_{o.value}') for o in Outcome}


@dataclass(kw_only=True, slots=True)
class Check:
    key: str  # catalogue key of what is checked
    done: bool
    detail_key: str = ''  # catalogue key (and params) of the figures behind it, e.g. "3 of 4"
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return _en(self.key)

    @property
    def detail(self) -> str:
        return _en(self.detail_key, **self.params) if self.detail_key else ''


@dataclass(kw_only=True, slots=True)
class ElementProgress:
    element: Element
    checks: list[Check]
    current: bool = False  # the element the workshop says it is in

    @property
    def done(self) -> bool:
        return all(c.done for c in self.checks)

    @property
    def share(self) -> float:
        return sum(c.done for c in self.checks) / len(self.checks) if self.checks else 1.0


@dataclass(kw_only=True, slots=True)
class ImprovementProgress:
    improvement: str
    title: str
    status: ImprovementStatus
    decision: Decision | None = None
    actions: list[Any] = field(default_factory=list)  # model.Action
    next_step_key: str = ''

    @property
    def status_key(self) -> str:
        if self.decision is not None and self.status == ImprovementStatus.DECIDED:
            return f'improvement_decided_{self.decision.outcome.value}'
        return f'improvement_status_{self.status.value}'

    @property
    def status_label(self) -> str:
        return _en(self.status_key)

    @property
    def next_step(self) -> str:
        return _en(self.next_step_key) if self.next_step_key else ''


@dataclass(kw_only=True, slots=True)
class Progress:
    elements: list[ElementProgress]
    current: CycleElement
    improvements: list[ImprovementProgress]

    @property
    def engage(self) -> ElementProgress:
        """Engage runs throughout: shown beside whichever element is current."""
        return self.elements[0]

    def element(self, element: CycleElement) -> ElementProgress:
        return next(e for e in self.elements if e.element.id == element)


def progress(state: Any) -> Progress:
    """Where the project stands, from a workshop.domain.state.WorkshopState."""
    workshop: Workshop = state.workshop
    improvements = improvement_progress(state)
    checks = {
        CycleElement.ENGAGE: _engage(state),
        CycleElement.PLAN: [Check(key='check_purpose', done=bool(workshop.purpose.strip())),
                            Check(key='check_promise', done=bool(workshop.service_promise.strip()))],
        CycleElement.EXPLORE: _explore(state),
        CycleElement.DEVELOP: _develop(state),
        CycleElement.DECIDE: _decide(state, improvements),
        CycleElement.CHANGE: _change(improvements),
    }
    return Progress(elements=[ElementProgress(element=e, checks=checks[e.id], current=e.id == workshop.cycle_element)
                              for e in ELEMENTS],
                    current=workshop.cycle_element, improvements=improvements)


def improvement_progress(state: Any) -> list[ImprovementProgress]:
    """Each improvement's status, in listing order, derived from its content, decision and actions."""
    result = []
    for improvement in state.workshop.improvements:
        decision = state.decisions.get(improvement.id)
        actions = [a for a in state.actions.values() if a.improvement == improvement.id]
        status = improvement_status(improvement, decision, actions)
        result.append(ImprovementProgress(improvement=improvement.id, title=improvement.title, status=status,
                                          decision=decision, actions=actions,
                                          next_step_key=_next_step(status, decision, actions)))
    return result


def improvement_status(improvement: Improvement, decision: Decision | None, actions: list[Any]) -> ImprovementStatus:
    """proposed → developed (has success criteria) → decided → in change (adopted, with actions) → done.

    Deferred and rejected improvements stay "decided": their outcome says the rest. The content's own status can
    only move an improvement to "developed"; later steps need the decision and action events behind them.
    """
    if decision is None:
        developed = bool(improvement.success_criteria.strip()) or \
            STATUS_ORDER.index(improvement.status) >= STATUS_ORDER.index(ImprovementStatus.DEVELOPED)
        return ImprovementStatus.DEVELOPED if developed else ImprovementStatus.PROPOSED
    if decision.outcome != Outcome.ADOPT or not actions:
        return ImprovementStatus.DECIDED
    return ImprovementStatus.DONE if all(a.status == 'done' for a in actions) else ImprovementStatus.IN_CHANGE


# --- checks per element ------------------------------------------------------------------------------------------

def _engage(state: Any) -> list[Check]:
    active = state.active_participants()
    consented = [p for p in active if p.consent is not None]
    streams = state.workshop.streams
    present = {p.group for p in active}
    groups = [s for s in streams if s.id in present]
    return [
        Check(key='check_registered', done=bool(active), **_count(len(active), 'participants')),
        Check(key='check_consent', done=bool(active) and len(consented) == len(active),
              **_of(len(consented), len(active))),
        Check(key='check_groups', done=bool(streams) and len(groups) == len(streams),
              **_of(len(groups), len(streams), 'count_of_groups')),
    ]


def _explore(state: Any) -> list[Check]:
    workshop = state.workshop
    mapped = [t for t in workshop.themes if t.stages]
    comments = state.visible_comments()
    return [
        Check(key='check_map', done=bool(workshop.stages), **_count(len(workshop.stages), 'stages')),
        Check(key='check_themes', done=bool(mapped), **_count(len(mapped), 'themes')),
        Check(key='check_comments', done=bool(comments), **_count(len(comments), 'comments')),
    ]


def _develop(state: Any) -> list[Check]:
    improvements = state.workshop.improvements
    linked = [i for i in improvements if i.stages or i.themes]
    criteria = [i for i in improvements if i.success_criteria.strip()]
    waiting = [p for p in state.proposals.values() if not p.approved_as]
    return [
        Check(key='check_linked', done=bool(improvements) and len(linked) == len(improvements),
              **_of(len(linked), len(improvements))),
        Check(key='check_criteria', done=bool(improvements) and len(criteria) == len(improvements),
              **_of(len(criteria), len(improvements))),
        Check(key='check_ideas', done=not waiting, detail_key='count_waiting' if waiting else 'count_none_waiting',
              params={'n': len(waiting)}),
    ]


def _decide(state: Any, improvements: list[ImprovementProgress]) -> list[Check]:
    voted = [n for n in sorted(state.rounds) if any(not b.abstain_all for b in state.ballots(n))]
    ranked = set(state.round_improvements(state.rounds[voted[-1]])) if voted else set()
    decided = [i for i in improvements if i.improvement in ranked and i.decision is not None]
    return [
        Check(key='check_round', done=bool(voted), **_count(len(voted), 'rounds')),
        Check(key='check_decisions', done=bool(ranked) and len(decided) == len(ranked),
              **_of(len(decided), len(ranked))),
    ]


def _change(improvements: list[ImprovementProgress]) -> list[Check]:
    adopted = [i for i in improvements if i.decision is not None and i.decision.outcome == Outcome.ADOPT]
    with_actions = [i for i in adopted if i.actions and all(a.owner and a.due for a in i.actions)]
    done = [i for i in adopted if i.status == ImprovementStatus.DONE]
    return [
        Check(key='check_actions', done=bool(adopted) and len(with_actions) == len(adopted),
              **_of(len(with_actions), len(adopted))),
        Check(key='check_done', done=bool(adopted) and len(done) == len(adopted), **_of(len(done), len(adopted))),
    ]


def _next_step(status: ImprovementStatus, decision: Decision | None, actions: list[Any]) -> str:
    """The catalogue key of the next step ('' when there is none)."""
    if status == ImprovementStatus.PROPOSED:
        return 'next_step_criteria'
    if status == ImprovementStatus.DEVELOPED:
        return 'next_step_decide'
    if status == ImprovementStatus.DECIDED:
        return 'next_step_action' if decision and decision.outcome == Outcome.ADOPT else ''
    if status == ImprovementStatus.IN_CHANGE:
        return 'next_step_finish'
    return ''


def _count(n: int, what: str) -> dict[str, Any]:
    return {'detail_key': f'count_{what}', 'params': {'n': n}}


def _of(done: int, total: int, key: str = 'count_of') -> dict[str, Any]:
    return {'detail_key': key, 'params': {'done': done, 'total': total}}
