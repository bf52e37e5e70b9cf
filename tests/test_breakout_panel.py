"""Breakouts driven from the console: a balanced split of a RE-TELL-sized and a JLA-sized group, a support person kept
with their patient, hosts who see and run only their own breakout, rooms participants see, someone moved by hand, a
reshuffle into new groups, a round's results per breakout and combined on the shared screen (opened from the
console's links), and a host running their own breakout's focus, comments view and rounds."""
from collections import Counter

import pytest
from nicegui.testing import User

from journey_maps.model import stage_order
from tests.support.steps import add_member, console, join, press_join
from tests.support.waiting import until
from workshop.domain import breakouts
from workshop.live import FACILITATOR, PARTICIPANT, Actor, Refused

LEAD = Actor(role=FACILITATOR)


def present(live, groups: list[str], *, supported: set[int] = frozenset()) -> list[str]:
    """People join (as the join page does it); returns their ids in order."""
    ids = [f'p{n:02d}' for n in range(len(groups))]
    for n, (person, group) in enumerate(zip(ids, groups)):
        live.join(person, group=group, supported=n in supported)
    return ids


def mixes(live) -> list[Counter]:
    group = {p.id: p.group for p in live.state.active_participants()}
    return [Counter(group[p] for p in members) for members in live.breakout_members().values()]


async def split(lead: User, k: int, button: str = 'Split into breakouts') -> None:
    lead.find(marker='breakouts-count').elements.pop().value = k
    lead.find(button).click()


async def test_a_re_tell_sized_workshop_splits_in_two_with_the_support_person_beside_their_patient(create_user,
                                                                                                 workshop):
    created, live = workshop
    lead, aroha = create_user(), create_user()
    await join(aroha, created.join_code, 'Patients', name='Aroha')
    aroha_id = next(iter(live.state.participants))
    others = present(live, ['patients', 'whanau', 'clinicians', 'clinicians', 'administrators', 'administrators'],
                     supported={1})
    await console(lead, created)
    await lead.should_see('No breakouts running: everyone is together.')
    lead.find(marker=f'supports-{others[1]}').elements.pop().value = aroha_id  # the whānau member supports Aroha
    await lead.should_see('Done.')
    await split(lead, 2)
    await lead.should_see('Everyone present is in one of 2 breakouts, balanced by group.', retries=30)
    await lead.should_see('Breakout 1: 4 people')
    await lead.should_see('Breakout 2: 3 people')
    assert all(m['patients'] == 1 and m['clinicians'] == 1 and m['administrators'] == 1 for m in mixes(live))
    assert live.breakout_of(others[1]) == live.breakout_of(aroha_id)  # support person with their patient
    await aroha.should_see(f'You are in breakout {live.breakout_of(aroha_id)[1:]}.')


async def test_hosts_run_their_own_breakout_and_participants_see_its_room(create_user, workshop):
    created, live = workshop
    lead, mere, aroha = create_user(), create_user(), create_user()
    await join(aroha, created.join_code, 'Patients')
    aroha_id = next(iter(live.state.participants))
    present(live, ['clinicians', 'whanau', 'clinicians', 'patients', 'administrators'])
    await console(lead, created)
    link = await add_member(lead, 'Mere', 'host')
    await split(lead, 2)
    await lead.should_see('Breakout 2: 3 people', retries=30)
    mine = live.breakout_of(aroha_id)
    lead.find(marker=f'host-{mine}').elements.pop().value = next(iter(live.state.team.cohosts))
    await lead.should_see('Done.')
    await mere.open(link)
    await mere.should_see('Your breakout')
    await mere.should_see(f'Breakout {mine[1:]}: 3 people')
    other = 'b2' if mine == 'b1' else 'b1'
    await mere.should_not_see(f'Breakout {other[1:]}: 3 people')  # only her own breakout
    await mere.should_not_see('Split into breakouts')
    await mere.should_see(marker=f'share-{mine}')  # her breakout's shared screen, not the others' nor the plenary's
    await mere.should_not_see(marker=f'share-{other}')
    await mere.should_not_see(marker='share-plenary')
    mere.find(marker=f'room-{mine}').type('https://video.example.org/room-a')
    mere.find(marker=f'room-save-{mine}').click()
    await mere.should_see('Done.')
    await aroha.should_see('https://video.example.org/room-a')  # the room opens from the participant's page
    assert live.facilitation_log()[-1][1:] == ('Mere (breakout host)', 'breakout_updated')


async def test_a_jla_sized_workshop_in_four_breakouts_then_new_groups_and_the_plenary(create_user, workshop):
    created, live = workshop
    lead, screen = create_user(), create_user()
    groups = ['patients'] * 8 + ['whanau'] * 6 + ['clinicians'] * 8 + ['prefer_not_to_say'] * 2
    ids = present(live, groups, supported={8, 9})
    live.pair_support(LEAD, ids[8], ids[0])
    live.pair_support(LEAD, ids[9], ids[1])
    await console(lead, created)
    await split(lead, 4)
    await lead.should_see('Everyone present is in one of 4 breakouts, balanced by group.', retries=30)
    for n in range(1, 5):
        await lead.should_see(f'Breakout {n}: 6 people')
    assert [m['patients'] for m in mixes(live)] == [2, 2, 2, 2]  # a patient or carer in every breakout, and more
    assert max(m['prefer_not_to_say'] for m in mixes(live)) == 1
    assert live.breakout_of(ids[8]) == live.breakout_of(ids[0]) and live.breakout_of(ids[9]) == live.breakout_of(ids[1])
    first = list(live.breakout_members().values())

    # a round in all breakouts at once: each breakout's people give 3 dots to its first choice and 1 to its second
    ideas = [i.id for i in live.workshop.improvements][:4]
    number = live.create_round(LEAD, 'dots', improvements=ideas, budget=4, cap=3)
    live.open_round(LEAD, number)
    choices = [(0, 1), (0, 2), (1, 0), (3, 1)]
    for members, (best, next_) in zip(first, choices):
        for person in members:
            voter = Actor(role=PARTICIPANT, participant=person)
            live.set_dots(voter, ideas[best], 3)
            live.set_dots(voter, ideas[next_], 1)
    live.close_round(LEAD, number)
    live.set_agenda(LEAD, 'results')
    live.reveal(LEAD, number)
    await console(screen, created)  # the lead facilitator's second window, for the shared screen
    screen.find(marker='share-plenary').click()
    await screen.should_see('Plenary: the breakouts combined')
    # By hand, places per breakout (ties share 3.5): idea 0: 1, 1, 2, 3.5 → 7.5; idea 1: 2, 3.5, 1, 2 → 8.5;
    # idea 2: 3.5, 2, 3.5, 3.5 → 12.5; idea 3: 3.5, 3.5, 3.5, 1 → 11.5. The plenary: ideas 0, 1, 3, 2.
    title = {i.id: i.title for i in live.workshop.improvements}
    for line in (f'1. {title[ideas[0]]}: rank sum 7.5', f'2. {title[ideas[1]]}: rank sum 8.5',
                 f'3. {title[ideas[3]]}: rank sum 11.5', f'4. {title[ideas[2]]}: rank sum 12.5'):
        await screen.should_see(line)
    await console(screen, created)
    screen.find(marker='share-b3').click()  # breakout 3's own results, for its host to share
    await screen.should_see('Breakout 3')
    await screen.should_see(f'1. {title[ideas[1]]}: 18 dots')
    await screen.should_not_see('Plenary: the breakouts combined')
    await lead.should_see('Round 1 by breakout')

    await split(lead, 4, 'Reshuffle into new groups')
    await lead.should_see('New groups: 4 breakouts, with as few people together again as the numbers allow.', retries=30)
    second = list(live.breakout_members().values())
    assert breakouts.repeats(second, breakouts.pairs(first)) == 8  # the minimum (tests/test_breakouts.py says why)
    assert [m['patients'] for m in mixes(live)] == [2, 2, 2, 2]


async def test_the_lead_moves_someone_by_hand_and_their_phone_follows(create_user, workshop):
    created, live = workshop
    lead, aroha = create_user(), create_user()
    await join(aroha, created.join_code, 'Patients')
    aroha_id = next(iter(live.state.participants))
    present(live, ['clinicians', 'whanau', 'clinicians', 'patients', 'administrators'])
    await console(lead, created)
    await lead.should_not_see(marker='share-plenary')  # no breakouts yet: nothing to share
    await split(lead, 2)
    await lead.should_see('Breakout 2: 3 people', retries=30)
    mine = live.breakout_of(aroha_id)
    other = 'b2' if mine == 'b1' else 'b1'
    lead.find(marker=f'room-{other}').type('Zoom room 2')  # a room by name: people read it, nothing to open
    lead.find(marker=f'room-save-{other}').click()
    await lead.should_see('Done.')
    await aroha.should_see(f'You are in breakout {mine[1:]}.')
    await aroha.should_not_see('Video room: Zoom room 2')

    lead.find(marker=f'move-{aroha_id}').elements.pop().value = other
    await lead.should_see(f'Breakout {other[1:]}: 4 people')
    await lead.should_see(f'Breakout {mine[1:]}: 2 people')
    await aroha.should_see(f'You are in breakout {other[1:]}.')
    await aroha.should_see('Video room: Zoom room 2')
    assert live.facilitation_log()[-1][1:] == ('facilitator', 'breakout_moved')

    lead.find(marker=f'move-{aroha_id}').elements.pop().value = ''  # back with everyone, in no breakout
    await lead.should_see(f'Breakout {other[1:]}: 3 people')
    await aroha.should_not_see('You are in breakout')
    assert live.breakout_of(aroha_id) == ''
    before = len(live.store.events(live.id))
    with pytest.raises(Refused, match='There is no such breakout running now'):
        live.move_to_breakout(LEAD, aroha_id, 'b9')
    with pytest.raises(Refused):
        live.move_to_breakout(LEAD, 'p-nobody', other)
    assert len(live.store.events(live.id)) == before  # refused moves change nothing

    lead.find('End breakouts (everyone back together)').click()
    await lead.should_see('No breakouts running: everyone is together.')
    await lead.should_not_see(marker='share-plenary')


async def test_a_host_runs_their_own_breakout_its_focus_comments_and_rounds(create_user, workshop):
    created, live = workshop
    lead, mere, aroha, hemi = create_user(), create_user(), create_user(), create_user()
    await join(aroha, created.join_code, 'Patients')
    await join(hemi, created.join_code, 'Clinicians')
    aroha_id, hemi_id = list(live.state.participants)
    others = present(live, ['patients', 'whanau', 'clinicians', 'clinicians', 'administrators', 'administrators',
                            'whanau', 'patients', 'administrators', 'clinicians'])
    await console(lead, created)
    link = await add_member(lead, 'Mere', 'host')
    await split(lead, 2)
    await lead.should_see('Breakout 2: 6 people', retries=30)
    mine = live.breakout_of(aroha_id)
    other = 'b2' if mine == 'b1' else 'b1'
    if live.breakout_of(hemi_id) == mine:  # Hemi in the other breakout (a move by hand)
        live.move_to_breakout(LEAD, hemi_id, other)
        live.move_to_breakout(LEAD, next(p for p in live.breakout_members()[other] if p != hemi_id), mine)
    live.assign_host(LEAD, mine, next(iter(live.state.team.cohosts)))
    await mere.open(link)
    await mere.should_see(f'Breakout {mine[1:]}: 6 people')

    # its own focus: Aroha's phone follows it, Hemi's stays with the workshop's
    stage = live.workshop.stage('consent')
    mere.find(marker=f'focus-{mine}').elements.pop().value = 'consent'
    await mere.should_see('Done.')
    await aroha.should_see(f'In focus now: {stage_order(live.workshop).index("consent") + 1}. {stage.title}')
    await hemi.should_see('The facilitator has not chosen a stage yet. You can look around the map.')

    # its own comments view: what its people said, not the other breakout's
    live.comment(Actor(role=PARTICIPANT, participant=aroha_id), 'stage', 'consent', 'agree', 'The forms were long')
    live.comment(Actor(role=PARTICIPANT, participant=hemi_id), 'stage', 'consent', 'agree', 'We rushed consent')
    await mere.should_see(f'On {stage.title}: The forms were long')
    await mere.should_not_see(f'On {stage.title}: We rushed consent')

    # its own round: only its people see it and vote; a round for everyone is not Mere's to make
    await mere.should_not_see('Who votes')  # her one breakout: nothing to choose
    mere.find('Create the round').click()
    await mere.should_see('Open voting')
    (number,) = live.state.rounds
    assert live.state.rounds[number].breakout == mine
    mere.find('Open voting').click()
    await aroha.should_see('Voting is open.')
    await hemi.should_see('Voting is not open right now.')
    await lead.should_see(f'Breakout {mine[1:]} · Round {number}')  # the lead facilitator sees it run
    ideas = live.state.round_improvements(live.state.rounds[number])
    for person in [p for p in live.breakout_members()[mine] if p != aroha_id][:3]:  # 3 voters: fewer than 5
        live.set_dots(Actor(role=PARTICIPANT, participant=person), ideas[0], 1)
    with pytest.raises(Refused):
        live.set_dots(Actor(role=PARTICIPANT, participant=hemi_id), ideas[0], 1)  # not Hemi's round
    await mere.should_see('Close voting')
    mere.find('Close voting').click()
    await mere.should_see('Show results to this breakout')
    mere.find('Show results to this breakout').click()
    await aroha.should_see(f'Results of round {number}')
    await aroha.should_see('Not shown: fewer than 5 people in your breakout voted. Showing it could give away how '
                           'someone voted.')  # the small-cell rule
    await hemi.should_not_see(f'Results of round {number}')
    assert live.state.agenda_step == 'welcome'  # the workshop's agenda is the lead facilitator's

    # with enough of its people voting, the breakout sees its ranking, and only it
    live.open_round(LEAD, number)
    for person in [p for p in live.breakout_members()[mine] if p != aroha_id][3:]:
        live.set_dots(Actor(role=PARTICIPANT, participant=person), ideas[1], 2)
    live.close_round(LEAD, number)
    title = live.workshop.improvement(ideas[1]).title
    await aroha.should_see(f'1. {title}: 4 dots', retries=30)
    await hemi.should_not_see(f'1. {title}: 4 dots')
    assert others  # everyone present took part in the split

    # the breakout's shared screen shows its round; the plenary's and the workshop's do not
    live.set_agenda(LEAD, 'results')
    screen = create_user()
    await screen.open(f'/w/{created.id}/present?token={created.facilitator_token}&breakout={mine}')
    await screen.should_see(f'Results of round {number}')
    for view in ('&breakout=plenary', f'&breakout={other}', ''):
        await screen.open(f'/w/{created.id}/present?token={created.facilitator_token}{view}')
        await screen.should_see('The results are not shown yet.')
        await screen.should_not_see(f'Results of round {number}')
    assert live.facilitation_log()[-5][1] == 'Mere (breakout host)'


async def test_a_support_person_types_the_code_on_their_patients_phone_and_the_split_keeps_them_together(
        create_user, workshop):
    created, live = workshop
    lead, aroha, mere = create_user(), create_user(), create_user()
    await join(aroha, created.join_code, 'Patients')
    (aroha_id,) = live.state.participants
    code = live.pair_code(aroha_id)
    await aroha.should_see(f'If someone here supports you, they can type this code when they join, to stay in your '
                           f'small group: {code}')
    present(live, ['patients', 'patients', 'whanau', 'clinicians', 'clinicians', 'clinicians', 'administrators'])

    await mere.open(f'/join/{created.join_code}')
    mere.find('Next').click()
    mere.find('I agree to take part. (You need to tick this to go on.)').click()
    mere.find('Next').click()
    await mere.should_not_see('Their pairing code (4 numbers)')  # only support people are asked
    mere.find('Support persons / whānau').click()
    await mere.should_see('Their pairing code (4 numbers)')
    wrong = str(1000 + (int(code) - 999) % 9000)
    mere.find(marker='pair-code').type(wrong)
    mere.find('Next').click()
    await mere.should_see(f'Nobody here has the pairing code {wrong}. Check the code on their phone, or leave it empty.')
    mere.find(marker='pair-code').clear().type(code)
    mere.find('Next').click()
    await mere.should_see('Your name (you can leave this empty)')
    press_join(mere)
    await mere.should_see('You are paired with the person you support: you will be in the same small group.')
    mere_id = list(live.state.participants)[-1]
    assert live.state.breakouts.supports == {mere_id: aroha_id}
    assert live.facilitation_log() == []  # the pairing is the support person's own, not the team's

    await console(lead, created)
    await split(lead, 3)
    await lead.should_see('Breakout 3: 3 people', retries=30)
    assert live.breakout_of(mere_id) == live.breakout_of(aroha_id) != ''
    for reshuffles in (1, 2):  # and so does every reshuffle into new groups
        await split(lead, 3, 'Reshuffle into new groups')
        await until(lambda: len(live.state.breakouts.history) == reshuffles, 'the reshuffle')
        assert live.breakout_of(mere_id) == live.breakout_of(aroha_id) != ''
