"""The co-design cycle (engage → plan → explore → develop → decide → change) and where a project stands in it.

Pure: no I/O, no UI. Progress is computed from the workshop's content and its state folded from events, never
stored, so it cannot drift from what actually happened. Engage is not a phase that ends: relationships are kept up
throughout, so `Progress.engage` is shown beside every later element. Source: Boyd, McKernon, Mullin & Old 2012 and
the Health Service Co-design toolkit (see the shared domain notes).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workshop.model import CycleElement, Decision, Improvement, ImprovementStatus, Outcome, Workshop


@dataclass(kw_only=True, slots=True, frozen=True)
class Element:
    id: CycleElement
    title: str
    summary: str  # what happens in this element
    outputs: tuple[str, ...]  # what the tool holds for it


ELEMENTS: tuple[Element, ...] = (
    Element(id=CycleElement.ENGAGE, title='Engage',
            summary='Build relationships with patients, whānau and staff, and keep them up throughout.',
            outputs=('Participant register with stakeholder groups', 'Consent', 'Engagement log')),
    Element(id=CycleElement.PLAN, title='Plan',
            summary='Agree the goals of the improvement work and how to reach them.',
            outputs=('Workshop purpose', 'Service promise ("we will …")')),
    Element(id=CycleElement.EXPLORE, title='Explore',
            summary='Understand experiences: interviews, patient stories and the patient journey map.',
            outputs=('Journey map: stages × stakeholder streams', 'Themes with quotes', 'Comments on the map')),
    Element(id=CycleElement.DEVELOP, title='Develop',
            summary='Turn ideas into specific improvements people can picture.',
            outputs=('Improvements linked to stages and themes', 'Success criteria', 'Ideas proposed by participants')),
    Element(id=CycleElement.DECIDE, title='Decide',
            summary='Choose which improvements to make, with every group heard.',
            outputs=('Voting rounds and ranked lists', 'A decision per improvement, with rationale and minority view')),
    Element(id=CycleElement.CHANGE, title='Change',
            summary='Turn decisions into action, test small, embed and report back.',
            outputs=('Actions with owner, due date and status', '"You said, we did" report')),
)

STATUS_ORDER = tuple(ImprovementStatus)
STATUS_LABELS = {ImprovementStatus.PROPOSED: 'Proposed', ImprovementStatus.DEVELOPED: 'Developed',
                 ImprovementStatus.DECIDED: 'Decided', ImprovementStatus.IN_CHANGE: 'In change',
                 ImprovementStatus.DONE: 'Done'}
OUTCOME_LABELS = {Outcome.ADOPT: 'Adopt', Outcome.DEFER: 'Defer', Outcome.REJECT: 'Reject'}


@dataclass(kw_only=True, slots=True)
class Check:
    label: str
    done: bool
    detail: str = ''


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
    next_step: str = ''

    @property
    def status_label(self) -> str:
        if self.decision is not None and self.status == ImprovementStatus.DECIDED:
            return f'Decided: {OUTCOME_LABELS[self.decision.outcome].lower()}'
        return STATUS_LABELS[self.status]


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
    """Where the project stands, from a workshop.state.WorkshopState."""
    workshop: Workshop = state.workshop
    improvements = improvement_progress(state)
    checks = {
        CycleElement.ENGAGE: _engage(state),
        CycleElement.PLAN: [Check(label='Purpose written', done=bool(workshop.purpose.strip())),
                            Check(label='Service promise written', done=bool(workshop.service_promise.strip()))],
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
                                          next_step=_next_step(status, decision, actions)))
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
        Check(label='Participants registered', done=bool(active), detail=_count(len(active), 'participant')),
        Check(label='Consent recorded for everyone', done=bool(active) and len(consented) == len(active),
              detail=f'{len(consented)} of {len(active)}'),
        Check(label='Every stakeholder group taking part', done=bool(streams) and len(groups) == len(streams),
              detail=f'{len(groups)} of {len(streams)} groups'),
    ]


def _explore(state: Any) -> list[Check]:
    workshop = state.workshop
    mapped = [t for t in workshop.themes if t.stages]
    comments = state.visible_comments()
    return [
        Check(label='Journey map with stages', done=bool(workshop.stages),
              detail=_count(len(workshop.stages), 'stage')),
        Check(label='Themes placed on the map', done=bool(mapped), detail=_count(len(mapped), 'theme')),
        Check(label='Participants commented on the map', done=bool(comments), detail=_count(len(comments), 'comment')),
    ]


def _develop(state: Any) -> list[Check]:
    improvements = state.workshop.improvements
    linked = [i for i in improvements if i.stages or i.themes]
    criteria = [i for i in improvements if i.success_criteria.strip()]
    waiting = [p for p in state.proposals.values() if not p.approved_as]
    return [
        Check(label='Improvements linked to stages or themes',
              done=bool(improvements) and len(linked) == len(improvements),
              detail=f'{len(linked)} of {len(improvements)}'),
        Check(label='Success criteria written', done=bool(improvements) and len(criteria) == len(improvements),
              detail=f'{len(criteria)} of {len(improvements)}'),
        Check(label="Participants' ideas considered", done=not waiting,
              detail=f'{len(waiting)} waiting for the facilitator' if waiting else 'none waiting'),
    ]


def _decide(state: Any, improvements: list[ImprovementProgress]) -> list[Check]:
    voted = [n for n in sorted(state.rounds) if any(not b.abstain_all for b in state.ballots(n))]
    ranked = set(state.round_improvements(state.rounds[voted[-1]])) if voted else set()
    decided = [i for i in improvements if i.improvement in ranked and i.decision is not None]
    return [
        Check(label='A voting round with votes', done=bool(voted), detail=_count(len(voted), 'round')),
        Check(label='A decision on every ranked improvement', done=bool(ranked) and len(decided) == len(ranked),
              detail=f'{len(decided)} of {len(ranked)}'),
    ]


def _change(improvements: list[ImprovementProgress]) -> list[Check]:
    adopted = [i for i in improvements if i.decision is not None and i.decision.outcome == Outcome.ADOPT]
    with_actions = [i for i in adopted if i.actions and all(a.owner and a.due for a in i.actions)]
    done = [i for i in adopted if i.status == ImprovementStatus.DONE]
    return [
        Check(label='Actions with an owner and due date for every adopted improvement',
              done=bool(adopted) and len(with_actions) == len(adopted),
              detail=f'{len(with_actions)} of {len(adopted)}'),
        Check(label='Adopted improvements done', done=bool(adopted) and len(done) == len(adopted),
              detail=f'{len(done)} of {len(adopted)}'),
    ]


def _next_step(status: ImprovementStatus, decision: Decision | None, actions: list[Any]) -> str:
    if status == ImprovementStatus.PROPOSED:
        return 'Write success criteria'
    if status == ImprovementStatus.DEVELOPED:
        return 'Record a decision'
    if status == ImprovementStatus.DECIDED:
        return 'Add an action with an owner and due date' if decision and decision.outcome == Outcome.ADOPT else ''
    if status == ImprovementStatus.IN_CHANGE:
        return 'Finish the open actions'
    return ''


def _count(n: int, noun: str) -> str:
    return f'{n} {noun}' if n == 1 else f'{n} {noun}s'
