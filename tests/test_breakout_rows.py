"""Exports of a workshop that ran breakouts: the breakout beside each ballot where it cannot single anyone out, and
the combination rule in the Method text, and a breakout's own round left out when too few voted. The protection is
attacked with what the file itself shows."""
import io

import pandas as pd

from workshop import service
from workshop.live import FACILITATOR, PARTICIPANT, Actor, LiveWorkshop

LEAD = Actor(role=FACILITATOR)
GROUPS = ['patients'] * 4 + ['whanau'] * 4 + ['clinicians'] * 4 + ['administrators'] * 4 + ['prefer_not_to_say'] * 8


def round_in_breakouts(live: LiveWorkshop, ideas: list[str]) -> int:
    number = live.create_round(LEAD, 'dots', improvements=ideas, budget=2, cap=2)
    live.open_round(LEAD, number)
    for n, person in enumerate(live.state.active_participants()):
        live.set_dots(Actor(role=PARTICIPANT, participant=person.id), ideas[n % len(ideas)], 2)
    live.close_round(LEAD, number)
    return number


def test_breakouts_are_named_beside_ballots_only_where_nobody_can_be_singled_out(store, car_t):
    live = LiveWorkshop(store, store.create_workshop(car_t).id)
    for n, group in enumerate(GROUPS):  # every group under 5: no group is named beside a person
        live.join(f'p{n:02d}', group=group)
    ideas = [i.id for i in live.workshop.improvements][:3]
    live.split_breakouts(LEAD, 4)
    round_in_breakouts(live, ideas)
    live.split_breakouts(LEAD, 4, reshuffle=True)  # "in new groups"
    round_in_breakouts(live, ideas)
    book = service.export(store, live.id, 'research-xlsx')  # the ballots are in the research workbook
    votes = pd.read_excel(io.BytesIO(book), sheet_name='Votes').drop_duplicates(['Round', 'Participant'])
    first, second = (votes[votes['Round'] == n] for n in (1, 2))
    assert sorted(first['Breakout'].value_counts().to_dict().items()) == [(f'Breakout {n}', 6) for n in range(1, 5)]
    # round 2 alone would be safe too, but together with round 1 it would narrow people down to one or two
    assert set(second['Breakout']) == {'not shown (small group)'}

    # the attack: whoever knows who sat in which breakout narrows each pseudonym to the people who share its group
    # text and every breakout named beside it; at least 5 people remain for everyone
    everyone = set(votes['Participant'])
    for person in everyone:
        could_be = set(everyone)
        for _, row in votes[votes['Participant'] == person].iterrows():
            same = votes[(votes['Round'] == row['Round']) & (votes['Breakout'] == row['Breakout'])
                         & (votes['Group'] == row['Group'])]
            if row['Breakout'].startswith('Breakout'):
                could_be &= set(same['Participant'])
        assert len(could_be) >= 5, person

    method = ' '.join(pd.read_excel(io.BytesIO(book), sheet_name='Method').iloc[:, 0].astype(str))
    assert 'Plenary ranking (James Lind Alliance small groups)' in method and 'rank sum' in method
    assert 'Breakout beside a vote' in method


def test_a_breakouts_own_round_with_too_few_voters_is_in_no_export(store, car_t):
    live = LiveWorkshop(store, store.create_workshop(car_t).id)
    for n, group in enumerate(GROUPS[:12]):
        live.join(f'p{n:02d}', group=group)
    ideas = [i.id for i in live.workshop.improvements][:3]
    live.split_breakouts(LEAD, 2)
    small, big = live.breakout_members().values()
    for breakout, voters in (('b1', small[:3]), ('b2', big)):  # breakout 1: 3 of its 6 vote; breakout 2: all 6
        number = live.create_round(LEAD, 'dots', improvements=ideas, budget=2, cap=2, breakout=breakout)
        live.open_round(LEAD, number)
        for person in voters:
            live.set_dots(Actor(role=PARTICIPANT, participant=person), ideas[0], 2)
        live.close_round(LEAD, number)
    book = service.export(store, live.id, 'research-xlsx')
    votes = pd.read_excel(io.BytesIO(book), sheet_name='Votes')
    assert set(votes['Round']) == {2}  # round 1's number alone would say its 3 ballots came from breakout 1
    summary = service.export(store, live.id, 'xlsx')
    rounds = pd.read_excel(io.BytesIO(summary), sheet_name='Rounds')
    assert list(rounds['Round']) == [2] and rounds['Method'][0].startswith('Breakout 2 on its own: Dots')
    method = ' '.join(pd.read_excel(io.BytesIO(book), sheet_name='Method').iloc[:, 0].astype(str))
    assert 'Rounds a breakout ran on its own' in method
