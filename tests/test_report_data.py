"""The report model every export shares: rankings, suppression, de-identification and consent, computed once."""
from tests.support import export_scenario as scenario
import pytest

from exports import report_data
from exports.report_data import GROUP_NOT_SHOWN, ReportError
from workshop.domain import ranking


@pytest.fixture
def workshop_id(store):
    return scenario.create(store)


@pytest.fixture
def report(store, workshop_id):
    return report_data.build(scenario.export_input(store, workshop_id))


def test_every_round_with_votes_is_ranked_and_the_latest_is_the_ranked_list(report):
    assert [r.number for r in report.rounds] == [1, 2] and report.ranked.number == 2
    assert report.ranked.description == 'Ranking, top 3' and report.ranked.score_label == 'Borda points'
    assert [(r.label, r.title, r.score) for r in report.ranked.rows][:2] == [
        ('1', 'Health navigator', 21), ('2', 'Centralised information dashboard', 18)]


def test_a_chosen_round_is_the_only_one_ranked(store, workshop_id):
    report = report_data.build(scenario.export_input(store, workshop_id, round_number=1))
    assert [r.number for r in report.rounds] == [1]
    assert report.ranked.description == 'Dots, 5 each, at most 2 on one idea'
    assert [r.label for r in report.ranked.rows] == ['1', '2', '3=', '3=', '5', '6']


def test_a_round_without_votes_cannot_be_chosen(store, workshop_id):
    with pytest.raises(ReportError, match=r'round 7 has no votes to rank \(rounds with votes: 1, 2\)'):
        report_data.build(scenario.export_input(store, workshop_id, round_number=7))


def test_small_groups_are_suppressed_with_the_reason(report):
    groups = {g.id: g for g in report.ranked.groups}
    assert not groups['clinicians'].suppressed and groups['clinicians'].n == 5
    assert groups['whanau'].suppressed and 'Fewer than 5 people' in groups['whanau'].reason
    # one whānau voter: pooled minus patients minus clinicians would be that ballot, so patients are hidden too
    assert groups['patients'].suppressed and groups['patients'].reason == ranking.COMPLEMENT_REASON
    first = report.ranked.rows[0]
    assert first.groups['clinicians'].rank == 3 and first.groups['whanau'] is None and first.groups['patients'] is None


def test_a_withdrawn_participant_leaves_no_vote_or_comment_behind(report):
    withdrawn = next(p for p in report.people if p.withdrawn)
    assert withdrawn.pseudonym == 'P15'
    assert all(v.participant != 'P15' for v in report.votes)
    assert 'It felt like nothing happened.' not in [c.text for c in report.comments]
    assert report.rounds[0].voters == 14  # pa6 voted in round 1 before withdrawing
    assert ('P15', 'withdrew') in [(c.participant, c.event) for c in report.consent_log]


def test_people_are_pseudonyms_and_names_appear_only_when_the_lead_opts_in(store, workshop_id, report):
    assert [p.pseudonym for p in report.people][:3] == ['P01', 'P02', 'P03'] and not any(p.name for p in report.people)
    assert report.comments[0].participant == 'P01'
    named = report_data.build(scenario.export_input(store, workshop_id, identified=True))
    assert named.people[0].name == 'Aroha' and named.comments[0].participant == 'P01 (Aroha)'
    assert named.people[5].name == 'Dr Lee'  # on the register, but never beside an anonymous comment
    assert 'Dr Lee' not in [c.participant for c in named.comments]


def test_comments_respect_consent_and_moderation(report):
    texts = [c.text for c in report.comments]
    assert 'We slept in the car for two nights.' not in texts and report.comments_withheld == 1  # quotes: never
    assert 'An off-topic rant the facilitator hid.' not in texts
    assert len(texts) == 4


def test_a_group_is_named_beside_one_persons_entry_only_when_it_is_big_enough(report):
    groups = {c.text: c.group for c in report.comments}
    assert groups['Add the expected waiting time for each step.'] == 'Clinicians'
    assert groups['Whānau also need somewhere to stay near the hospital.'] == GROUP_NOT_SHOWN
    assert groups['I had to push for everything myself.'] == GROUP_NOT_SHOWN  # patients are hidden in round 2
    assert {v.group for v in report.votes} == {'Clinicians', GROUP_NOT_SHOWN}


def test_interview_quotes_marked_never_stay_out(report):
    never = scenario.workshop().themes[0].quotes[0].text
    assert never not in [q.text for q in report.quotes] and len(report.quotes) > 10


def test_one_row_per_vote_event(report):
    kinds = [v.kind for v in report.votes]
    assert kinds.count('ranking') == 11 and kinds.count('pass') == 2
    ranking = next(v for v in report.votes if v.kind == 'ranking')
    assert ranking.value == 'health_navigator > culturally_appropriate_care > information_dashboard'


def test_decisions_list_every_improvement_with_its_actions(report):
    navigator = report.decisions[0]
    assert (navigator.outcome, navigator.status) == ('Adopt', 'In change') and len(navigator.actions) == 2
    assert navigator.minority_view.startswith('Some clinicians')
    assert len(report.decisions) == 11 and not report.decisions[-1].outcome


def test_the_method_states_the_tie_rule_the_threshold_and_de_identification(report):
    method = ' '.join(report.method)
    assert 'share a rank, shown like "3="' in method and 'at least 5 people' in method
    assert 'pseudonyms' in method and 'Names are not included.' in method


def test_a_workshop_without_votes_has_nothing_to_rank(store, car_t):
    workshop_id = store.create_workshop(car_t).id
    report = report_data.build(scenario.export_input(store, workshop_id))
    assert report.rounds == [] and report.ranked is None and report.held == ''


def test_scores_read_as_people_expect():
    assert report_data.score_text(21.0, 'rank') == '21' and report_data.score_text(3.456, 'rating') == '3.46'
    assert report_data.score_text(None, 'dots') == ''
