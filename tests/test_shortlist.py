"""A survey round over the long list makes the next round's shortlist: top N (everyone together or every group equal)
or picked with the ranking in view, the reason recorded in the log and shown in the decisions exports."""
import io

import pytest
from nicegui.testing import User
from openpyxl import load_workbook

from workshop import service
from workshop.domain import shortlist
from workshop.live import FACILITATOR, PARTICIPANT, Actor, Refused

HOST = Actor(role=FACILITATOR)
REASON = 'The top four with every group weighing the same, as the patients asked; the dashboard is already funded.'


def survey(live) -> int:
    """Round 1 over all eleven ideas: six patients and one support person put dots on the patients' three favourites,
    six clinicians on theirs; the support person's group is too small to show (and the patients' hide it)."""
    number = live.create_round(HOST, 'dots', budget=4, cap=3)
    live.open_round(HOST, number)
    voters = ([(f'p{i}', 'patients', ['health_navigator', 'culturally_appropriate_care', 'cell_tracker'])
               for i in range(6)] + [('w0', 'whanau', ['infusion_ceremony'] * 3)]
              + [(f'c{i}', 'clinicians', ['dedicated_staff_hubs', 'health_navigator', 'information_dashboard'])
                 for i in range(6)])
    for pid, group, ideas in voters:
        live.join(pid, group=group)
        for idea in dict.fromkeys(ideas):
            live.set_dots(Actor(role=PARTICIPANT, participant=pid), idea, ideas.count(idea))
    for pid in ('p0', 'p1'):  # the patients' first choice is a little ahead of the clinicians'
        live.set_dots(Actor(role=PARTICIPANT, participant=pid), 'cell_tracker', 2)
    live.close_round(HOST, number)
    return number


async def open_shortlist(user: User, workshop) -> tuple:
    """The survey has closed; the facilitator opens "Make the shortlist" on its card."""
    created, live = workshop
    survey(live)
    await user.open(f'/w/{created.id}/facilitate?token={created.facilitator_token}')
    user.find(marker='shortlist-1').click()
    await user.should_see('Shortlist from round 1')
    return created, live


async def test_the_top_four_every_group_equal_makes_the_next_round_with_its_reason(user: User, workshop):
    created, live = await open_shortlist(user, workshop)
    table = user.find(marker='shortlist-ranking').elements.pop()
    shown = [c['label'] for c in table.columns]
    assert 'Clinicians' in shown and 'Patients' not in shown and 'Support persons / whānau' not in shown
    balanced = shortlist.top(live.tally(1), shortlist.BALANCED, 4)
    assert user.find(marker='shortlist-ideas').elements.pop().value == balanced
    user.find('Make the next round').click()
    await user.should_see('Please say why this shortlist: the reason is kept with the results.')
    assert list(live.state.rounds) == [1]
    user.find(marker='shortlist-reason').type(REASON)
    user.find('Make the next round').click()
    await user.should_see('Round 2 votes on the 4 ideas of the shortlist.')
    assert live.state.rounds[2].improvements == balanced and live.state.rounds[2].show_previous
    (event,) = [e for e in live.store.events(created.id) if e.type == 'shortlist_chosen']
    assert event.payload == {'from_round': 1, 'round': 2, 'improvements': balanced, 'basis': 'balanced', 'n': 4,
                             'reason': REASON, 'by': 'facilitator'}


async def test_a_pick_by_hand_is_recorded_as_a_pick(user: User, workshop):
    created, live = await open_shortlist(user, workshop)
    user.find(marker='shortlist-basis').elements.pop().value = 'pooled'
    pooled = shortlist.top(live.tally(1), shortlist.POOLED, 4)
    assert user.find(marker='shortlist-ideas').elements.pop().value == pooled
    user.find(marker='shortlist-ideas').elements.pop().value = [*pooled[:2], 'travel_assistance']
    assert user.find(marker='shortlist-basis').elements.pop().value == 'picked'
    user.find(marker='shortlist-reason').type('Travel support was raised in every interview.')
    user.find('Make the next round').click()
    await user.should_see('Round 2 votes on the 3 ideas of the shortlist.')
    assert live.state.shortlists[0].basis == 'picked' and live.state.rounds[2].improvements[2] == 'travel_assistance'


def test_the_shortlist_and_its_reason_are_in_the_decisions_exports(store, car_t):
    created = store.create_workshop(car_t)
    from workshop.live import LiveWorkshop
    live = LiveWorkshop(store, created.id)
    survey(live)
    kept = shortlist.top(live.tally(1), shortlist.BALANCED, 4)
    assert live.make_shortlist(HOST, 1, kept, basis='balanced', n=4, reason=REASON) == 2
    book = load_workbook(io.BytesIO(service.export(store, created.id, 'xlsx')))
    cells = [[c.value for c in row] for row in book['Shortlists'].iter_rows()]  # a table of its own
    assert cells[0] == ['From round', 'To round', 'How the shortlist was chosen', 'Ideas kept', 'Reason', 'Chosen at']
    assert len(cells) == 2 and all(any(c.value is not None for c in r) for r in book['Decisions & actions'].iter_rows())
    row = cells[1]
    assert row[:3] == [1, 2, 'the top 4 with every group weighing the same of round 1'] and row[4] == REASON
    assert row[3].split('; ') == [live.workshop.improvement(i).title for i in kept]
    paper = service.export(store, created.id, 'md').decode()
    assert f'| 1 | 2 | the top 4 with every group weighing the same of round 1 | {row[3]} | {REASON} |' in paper


def test_a_shortlist_needs_a_closed_round_two_ideas_of_it_and_a_reason(store, car_t):
    from workshop.live import LiveWorkshop
    live = LiveWorkshop(store, store.create_workshop(car_t).id)
    number = live.create_round(HOST, 'dots', improvements=['health_navigator', 'cell_tracker', 'travel_assistance'])
    live.open_round(HOST, number)
    with pytest.raises(Refused, match='Round 1 is not closed yet'):
        live.make_shortlist(HOST, 1, ['health_navigator', 'cell_tracker'], basis='picked', n=2, reason='x')
    live.close_round(HOST, number)
    with pytest.raises(Refused, match='at least 2 ideas'):
        live.make_shortlist(HOST, 1, ['health_navigator', 'health_navigator'], basis='picked', n=1, reason='x')
    with pytest.raises(Refused, match='not in the workshop: infusion_ceremony'):
        live.make_shortlist(HOST, 1, ['health_navigator', 'infusion_ceremony'], basis='picked', n=2, reason='x')
    with pytest.raises(Refused, match='Please say why'):
        live.make_shortlist(HOST, 1, ['health_navigator', 'cell_tracker'], basis='picked', n=2, reason='  ')
    with pytest.raises(Refused):
        live.make_shortlist(Actor(role='lead'), 1, ['health_navigator', 'cell_tracker'], basis='picked', n=2,
                            reason='x')
    assert list(live.state.rounds) == [1] and live.state.shortlists == []


def test_a_tie_at_the_cut_is_named(store, car_t):
    from workshop.live import LiveWorkshop
    live = LiveWorkshop(store, store.create_workshop(car_t).id)
    number = live.create_round(HOST, 'dots', improvements=['health_navigator', 'cell_tracker', 'travel_assistance'],
                               budget=3, cap=1)
    live.open_round(HOST, number)
    live.join('a', group='patients')
    for idea in ('health_navigator', 'cell_tracker', 'travel_assistance'):
        live.set_dots(Actor(role=PARTICIPANT, participant='a'), idea, 1)
    result = live.tally(number)
    assert shortlist.top(result, shortlist.POOLED, 2) == ['health_navigator', 'cell_tracker']
    assert shortlist.tied_at_cut(result, shortlist.POOLED, 2) == ['travel_assistance']


def test_an_idea_nobody_voted_for_is_never_carried_whatever_the_basis(store, car_t):
    from workshop.live import LiveWorkshop
    live = LiveWorkshop(store, store.create_workshop(car_t).id)
    survey(live)
    result = live.tally(1)
    given = {i.improvement for i in result.pooled if i.score}
    assert len(given) == 6  # of eleven
    for basis in (shortlist.POOLED, shortlist.BALANCED):
        assert set(shortlist.top(result, basis, 11)) == given
