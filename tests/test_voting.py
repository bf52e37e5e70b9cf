import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop.domain import model
from workshop.domain.model import Method, RoundStatus
from workshop.domain.voting import BallotBox, VoteRefused, check_round

IDEAS = ['transport', 'whanau_room', 'one_contact', 'plain_consent', 'travel_grant']


def box_for(method: Method = Method.DOTS, status: RoundStatus = RoundStatus.OPEN, **round_fields) -> BallotBox:
    round_ = model.Round(number=1, method=method, status=status, **round_fields)
    return BallotBox.for_round(round_, IDEAS)


def refused(call, *args) -> str:
    with pytest.raises(VoteRefused) as info:
        call(*args)
    return info.value.message


def test_dots_count_down_and_stop_at_the_budget():
    box = box_for(budget=5, cap=2)
    assert box.set_dots('aroha', 'transport', 2).message == 'Vote recorded, 3 dots left.'
    assert box.set_dots('aroha', 'whanau_room', 2).message == 'Vote recorded, 1 dot left.'
    assert box.set_dots('aroha', 'one_contact', 1).dots_left == 0
    assert refused(box.set_dots, 'aroha', 'plain_consent', 1) == \
        'You have used all 5 dots. Take a dot off another idea first.'
    assert box.ballot('aroha').dots == {'transport': 2, 'whanau_room': 2, 'one_contact': 1}  # the refusal changed none


def test_a_request_for_more_dots_than_are_left_says_how_many_are_left():
    box = box_for(budget=5, cap=3)
    box.set_dots('aroha', 'transport', 3)
    box.set_dots('aroha', 'whanau_room', 1)
    assert refused(box.set_dots, 'aroha', 'one_contact', 2) == \
        'You have only 1 dot left. Take a dot off another idea first.'


def test_at_most_cap_dots_on_one_idea():
    box = box_for(budget=5, cap=2)
    assert refused(box.set_dots, 'aroha', 'transport', 3) == 'At most 2 dots on one idea.'
    assert box.dots_left('aroha') == 5


def test_dots_are_whole_numbers_of_zero_or_more():
    box = box_for(budget=5)
    for bad in (-1, 1.5, True, '2'):
        assert refused(box.set_dots, 'aroha', 'transport', bad) == 'Dots must be a whole number, 0 or more.'


def test_taking_dots_off_gives_them_back():
    box = box_for(budget=3)
    box.set_dots('aroha', 'transport', 2)
    assert box.set_dots('aroha', 'transport', 0).message == 'Vote recorded, 3 dots left.'
    assert box.ballot('aroha').dots == {}
    assert box.voters() == []  # nothing on the ballot: not counted as having voted


def test_taking_dots_off_works_even_after_the_budget_was_lowered():
    box = box_for(budget=5, cap=3)
    box.set_dots('aroha', 'transport', 3)
    box.set_dots('aroha', 'whanau_room', 2)
    box.round.budget = 3
    assert box.set_dots('aroha', 'transport', 2).message == 'Vote recorded, 0 dots left.'  # 4 used of 3
    assert refused(box.set_dots, 'aroha', 'one_contact', 1).startswith('You have used all 3 dots.')


def test_two_tabs_of_one_participant_share_one_budget():
    box = box_for(budget=4, cap=2)
    tab_1, tab_2 = box.set_dots, box.set_dots  # both tabs act for the same pseudonymous participant
    tab_1('aroha', 'transport', 2)
    tab_2('aroha', 'whanau_room', 2)  # this tab still shows 4 dots left, the server knows better
    assert refused(tab_1, 'aroha', 'one_contact', 1) == 'You have used all 4 dots. Take a dot off another idea first.'
    assert sum(box.ballot('aroha').dots.values()) == 4


def test_a_repeated_change_is_recorded_once():
    box = box_for(budget=5)
    assert box.set_dots('aroha', 'transport', 2).changed
    again = box.set_dots('aroha', 'transport', 2)  # e.g. an event replayed, or a double tap
    assert not again.changed and again.dots_left == 3


def test_no_votes_before_a_round_opens_or_after_it_closes():
    assert refused(box_for(status=RoundStatus.DRAFT).set_dots, 'aroha', 'transport', 1) == \
        'This vote has not opened yet.'
    closed = box_for(status=RoundStatus.CLOSED)
    assert refused(closed.set_dots, 'aroha', 'transport', 1) == 'This vote is closed.'
    assert refused(closed.set_abstain, 'aroha', None, True) == 'This vote is closed.'
    assert closed.voters() == []


def test_only_ideas_in_the_round_take_votes():
    round_ = model.Round(number=2, method=Method.DOTS, improvements=['transport', 'one_contact'],
                         status=RoundStatus.OPEN)
    box = BallotBox.for_round(round_, IDEAS)
    assert box.improvements == ['transport', 'one_contact']
    assert refused(box.set_dots, 'aroha', 'whanau_room', 1) == 'That idea is not part of this vote.'
    assert refused(box.set_abstain, 'aroha', 'whanau_room', True) == 'That idea is not part of this vote.'


def test_a_round_without_a_budget_gives_about_half_the_ideas_in_dots():
    assert box_for().budget == 3  # 5 ideas: (5 + 1) // 2


def test_each_method_refuses_the_other_methods_votes():
    assert refused(box_for(Method.RATING).set_dots, 'aroha', 'transport', 1) == \
        'This vote asks you to give each idea a number.'
    assert refused(box_for(Method.DOTS).set_ranking, 'aroha', ['transport']) == 'This vote uses dots.'


def test_ranking_replaces_the_whole_order():
    box = box_for(Method.RANK, top_k=3)
    assert box.set_ranking('aroha', ['one_contact', 'transport']).message == 'Ranking recorded.'
    box.set_ranking('aroha', ['transport', 'whanau_room', 'one_contact'])
    assert box.ballot('aroha').ranks == {'transport': 1, 'whanau_room': 2, 'one_contact': 3}
    assert refused(box.set_ranking, 'aroha', IDEAS[:4]) == 'Pick at most 3 ideas.'
    assert refused(box.set_ranking, 'aroha', ['transport', 'transport']) == \
        'Each idea can be in your list only once.'
    assert refused(box.set_ranking, 'aroha', ['hospital_parking']) == 'That idea is not part of this vote.'
    assert box.ballot('aroha').ranks == {'transport': 1, 'whanau_room': 2, 'one_contact': 3}


def test_ratings_stay_on_the_scale_and_on_the_round_questions():
    box = box_for(Method.RATING, scale=5, criteria=['importance', 'feasibility'])
    assert box.set_rating('aroha', 'transport', 'importance', 5).message == 'Rating recorded.'
    box.set_rating('aroha', 'transport', 'feasibility', 2)
    for bad in (0, 6, 2.5):
        assert refused(box.set_rating, 'aroha', 'transport', 'importance', bad) == 'Ratings go from 1 to 5.'
    assert refused(box.set_rating, 'aroha', 'transport', 'cost', 3) == 'That question is not part of this vote.'
    assert box.set_rating('aroha', 'transport', 'feasibility', None).message == 'Rating removed.'
    assert box.ballot('aroha').ratings == {'importance': {'transport': 5}}


def test_passing_on_an_idea_takes_the_vote_off_it_and_voting_again_lifts_the_pass():
    box = box_for(budget=3)
    box.set_dots('aroha', 'transport', 2)
    result = box.set_abstain('aroha', 'transport', True)
    assert (result.message, result.dots_left) == ('You skipped this idea.', 3)
    assert box.ballot('aroha').abstain == {'transport'} and box.ballot('aroha').dots == {}
    assert box.voters() == ['aroha']  # a pass is an answer
    box.set_dots('aroha', 'transport', 1)
    assert box.ballot('aroha').abstain == set()


def test_passing_on_the_whole_round_clears_the_ballot_until_the_next_vote():
    box = box_for(Method.RATING)
    box.set_rating('aroha', 'transport', 'importance', 4)
    assert box.set_abstain('aroha', None, True).message == 'You skipped this vote.'
    ballot = box.ballot('aroha')
    assert ballot.abstain_all and ballot.ratings == {}
    box.set_rating('aroha', 'one_contact', 'importance', 5)
    assert not box.ballot('aroha').abstain_all
    assert box.set_abstain('aroha', 'one_contact', False).message == 'Skip taken back.'


def test_a_check_tells_in_advance_and_changes_nothing():
    box = box_for(budget=2, cap=2)
    box.check_dots('aroha', 'transport', 2)
    assert box.voters() == []
    box.set_dots('aroha', 'transport', 2)
    with pytest.raises(VoteRefused, match='used all 2 dots'):
        box.check_dots('aroha', 'one_contact', 1)
    box.check_abstain('aroha', None, True)
    assert box.ballot('aroha').dots == {'transport': 2}


def test_replay_applies_stored_votes_even_after_the_round_closed():
    box = box_for(budget=3)
    box.set_dots('aroha', 'transport', 2)
    box.round.status = RoundStatus.CLOSED
    box.apply_dots('aroha', 'one_contact', 1)
    box.apply_abstain('ben', None, True)
    assert box.ballot('aroha').dots == {'transport': 2, 'one_contact': 1}
    assert box.voters() == ['aroha', 'ben']


def test_ballots_carry_groups_and_a_withdrawn_participant_leaves_no_ballot():
    box = box_for(budget=3)
    box.set_dots('aroha', 'transport', 1)
    box.set_dots('ben', 'one_contact', 1)
    box.set_dots('carla', 'one_contact', 1)
    box.remove_participant('carla')
    ballots = box.ballots({'aroha': 'patients'})
    assert [(b.participant, b.group) for b in ballots] == [('aroha', 'patients'), ('ben', model.PREFER_NOT_TO_SAY)]


def test_a_round_set_up_so_nobody_could_vote_is_refused():
    def check(method: Method, n_items: int = 5, **fields) -> str:
        return refused(check_round, model.Round(number=1, method=method, **fields), n_items)
    assert check(Method.DOTS, 0) == 'A round needs at least one idea.'
    assert check(Method.DOTS, cap=-1) == 'The most dots on one idea cannot be below 0 (0 means no limit).'
    assert check(Method.RANK, top_k=6) == 'People can rank at most 5 ideas in this round (0 means all of them).'
    assert check(Method.RATING, scale=1).startswith('Rating scales go from 1 up to between 2 and 10')
    assert check(Method.RATING, criteria=['importance', 'importance']) == \
        'A rating round needs one or more different questions.'
    check_round(model.Round(number=1, method=Method.RATING, scale=9, criteria=['impact', 'effort']), 5)



# --- properties -----------------------------------------------------------------------------------------------------

operations = st.lists(st.tuples(st.sampled_from(['aroha', 'ben']), st.sampled_from(IDEAS + [None]),
                                st.integers(min_value=-1, max_value=4), st.booleans()), max_size=30)


@settings(max_examples=60, deadline=None)
@given(operations)
def test_no_sequence_of_taps_breaks_the_budget_or_cap_and_a_replay_gives_the_same_ballots(ops):
    box, log = box_for(budget=4, cap=2), []
    for participant, idea, n, pass_ in ops:
        before = box.ballot(participant)
        try:
            if idea is None or pass_ and n < 0:
                box.set_abstain(participant, idea, n >= 0)
                log.append(('abstain', participant, idea, n >= 0))
            else:
                box.set_dots(participant, idea, n)
                log.append(('dots', participant, idea, n))
        except VoteRefused:
            assert box.ballot(participant) == before  # a refused change changes nothing
        for p in ('aroha', 'ben'):
            assert sum(box.ballot(p).dots.values()) <= 4 and all(0 < d <= 2 for d in box.ballot(p).dots.values())
    replayed = box_for(budget=4, cap=2)
    for _ in range(2):  # replaying the log, even twice, gives the same ballots
        for kind, participant, idea, value in log:
            if kind == 'dots':
                replayed.apply_dots(participant, idea, value)
            else:
                replayed.apply_abstain(participant, idea, value)
        assert replayed.ballots({}) == box.ballots({})
