"""The co-design cycle: six elements, where a project stands, and each improvement's status."""
from types import SimpleNamespace

from tests.support import export_scenario as scenario

from workshop.domain import cycle
from workshop.domain.model import Action, CycleElement, Decision, Improvement, ImprovementStatus, Outcome
from workshop.domain.state import fold


def test_the_cycle_has_six_elements_in_order_each_with_outputs():
    assert [e.id for e in cycle.ELEMENTS] == list(CycleElement)
    assert [e.title for e in cycle.ELEMENTS] == ['Engage', 'Plan', 'Explore', 'Develop', 'Decide', 'Change']
    assert all(e.outputs and e.summary for e in cycle.ELEMENTS)
    assert 'throughout' in cycle.ELEMENTS[0].summary


def test_a_new_car_t_workshop_is_planned_and_mapped_but_nobody_is_engaged_yet(car_t):
    progress = cycle.progress(fold(car_t, []))
    assert progress.current == CycleElement.EXPLORE and progress.element(CycleElement.EXPLORE).current
    assert progress.element(CycleElement.PLAN).done
    assert not progress.engage.done and progress.engage.checks[0].detail == '0 participants'
    explore = progress.element(CycleElement.EXPLORE)
    assert [c.done for c in explore.checks] == [True, True, False]
    assert not progress.element(CycleElement.DECIDE).share and not progress.element(CycleElement.CHANGE).share


def test_the_scenario_is_engaged_decided_and_changing():
    progress = cycle.progress(scenario.state())
    assert progress.engage.done and progress.engage.checks[0].detail == '14 participants'
    develop = progress.element(CycleElement.DEVELOP)
    assert not develop.done and develop.checks[-1].detail == '1 waiting for the facilitator'
    decide = progress.element(CycleElement.DECIDE)
    assert decide.done and decide.current and decide.checks[1].detail == '4 of 4'
    change = progress.element(CycleElement.CHANGE)
    assert [c.detail for c in change.checks] == ['3 of 3', '1 of 3'] and change.share == 0.5


def test_each_improvement_carries_its_status_and_next_step():
    items = {i.improvement: i for i in cycle.progress(scenario.state()).improvements}
    assert items['health_navigator'].status == ImprovementStatus.IN_CHANGE
    assert items['health_navigator'].next_step == 'Finish the open actions'
    assert items['information_dashboard'].status == ImprovementStatus.DONE
    assert items['outpatient_monitoring'].status_label == 'Decided: defer'
    assert items['cell_tracker'].status == ImprovementStatus.DEVELOPED
    assert items['cell_tracker'].next_step == 'Record a decision'


def test_status_moves_from_proposed_to_done():
    idea = Improvement(id='i', title='Idea')
    adopt = Decision(improvement='i', outcome=Outcome.ADOPT, rationale='Everyone wants it')
    todo = Action(id='a', improvement='i', title='Start', owner='Ana', due='2026-05-01')
    assert cycle.improvement_status(idea, None, []) == ImprovementStatus.PROPOSED
    idea.success_criteria = 'Fewer phone calls'
    assert cycle.improvement_status(idea, None, []) == ImprovementStatus.DEVELOPED
    assert cycle.improvement_status(idea, adopt, []) == ImprovementStatus.DECIDED
    assert cycle.improvement_status(idea, adopt, [todo]) == ImprovementStatus.IN_CHANGE
    done = Action(id='a', improvement='i', title='Start', status='done')
    assert cycle.improvement_status(idea, adopt, [done]) == ImprovementStatus.DONE


def test_deferred_and_rejected_ideas_stay_decided_even_with_actions():
    idea = Improvement(id='i', title='Idea')
    action = [Action(id='a', improvement='i', title='Revisit in July', status='done')]
    for outcome in (Outcome.DEFER, Outcome.REJECT):
        decision = Decision(improvement='i', outcome=outcome, rationale='Later')
        assert cycle.improvement_status(idea, decision, action) == ImprovementStatus.DECIDED


def test_the_content_status_alone_never_claims_a_decision():
    idea = Improvement(id='i', title='Idea', status=ImprovementStatus.DONE)
    assert cycle.improvement_status(idea, None, []) == ImprovementStatus.DEVELOPED


def test_a_withdrawn_participant_no_longer_counts_as_engaged(car_t):
    events = [SimpleNamespace(type='participant_joined', at=1.0, payload={'participant': 'p', 'group': 'patients'}),
              SimpleNamespace(type='consent_given', at=2.0, payload={'participant': 'p', 'version': '1'}),
              SimpleNamespace(type='consent_withdrawn', at=3.0, payload={'participant': 'p'})]
    assert cycle.progress(fold(car_t, events)).engage.checks[0].detail == '0 participants'
