"""The permission matrix: every action of LiveWorkshop against every role, checked on the server. Breakout actions
come twice: on the breakout the host hosts (breakout 1, with its own round 3) and on another one (breakout 2, round 4).

Roles: the facilitator and the lead (holding their tokens), a named co-facilitator and a breakout host (each with
their own link), a co-host whose link was revoked, someone claiming to be a co-host who was never added, a participant
who joined, and a stranger (a participant id that never joined, or someone who withdrew). `-s` prints the matrix.
"""
from __future__ import annotations

import copy

import pytest

from workshop.domain.model import RoundStatus
from workshop.live import FACILITATOR, HOST, LEAD, PARTICIPANT, Actor, LiveWorkshop, Refused

ROLES = {
    'facilitator': Actor(role=FACILITATOR),
    'lead': Actor(role=LEAD),
    'co-facilitator': Actor(role=FACILITATOR, cohost='c-rewi'),
    'breakout host': Actor(role=HOST, cohost='c-mere'),
    'revoked co-host': Actor(role=FACILITATOR, cohost='c-gone'),
    'made-up co-host': Actor(role=FACILITATOR, cohost='c-nobody'),
    'host posing as co-facilitator': Actor(role=FACILITATOR, cohost='c-mere'),
    'participant': Actor(role=PARTICIPANT, participant='p-member'),
    'stranger': Actor(role=PARTICIPANT, participant='p-stranger'),
}


def _actions(live: LiveWorkshop) -> dict:
    """Each action as a callable of an actor, set up so that only permission can stop it."""
    return {
        'focus a stage': lambda a: live.focus(a, 'consent'),
        'move the agenda': lambda a: live.set_agenda(a, 'themes'),
        'create a round': lambda a: live.create_round(a, 'dots'),
        'open a round': lambda a: live.open_round(a, 2),
        'extend a round': lambda a: live.extend_round(a, 1, 2),
        'close a round': lambda a: live.close_round(a, 1),
        'reveal results': lambda a: live.reveal(a, 1),
        'hide a comment': lambda a: live.hide_comment(a, live.comment_id, True, 'off topic'),
        'approve an idea': lambda a: live.approve_proposal(a, live.proposal_id),
        'edit the content': lambda a: live.save_content(a, copy.deepcopy(live.workshop), 'test'),
        'lock the workshop': lambda a: live.lock(a, False),
        'record a decision': lambda a: live.decide(a, 'health_navigator', 'adopt', 'strong support'),
        'record an action': lambda a: live.record_action(a, improvement='health_navigator', title='Recruit'),
        'vote': lambda a: live.set_dots(a, 'cell_tracker', 1),
        'pass': lambda a: live.set_abstain(a, 'cell_tracker', True),
        'comment': lambda a: live.comment(a, 'stage', 'consent', 'agree', 'Yes'),
        'propose an idea': lambda a: live.propose(a, 'Parking'),
        'pair oneself by the code on a patient\'s phone': lambda a: live.pair_by_code(a, live.pair_code('p-quiet')),
        'withdraw': lambda a: live.withdraw(a),
        'withdraw someone else': lambda a: live.withdraw_for(a, 'p-other', 'asked by email'),
        'add to the team': lambda a: live.add_cohost(a, f'New {len(live.state.team.cohosts)}', 'host'),
        'revoke a team member': lambda a: live.revoke_cohost(a, live.add_cohost(ROLES['facilitator'], 'Spare',
                                                                                'host')[0]),
        'split into breakouts': lambda a: live.split_breakouts(a, 2, reshuffle=True),
        'move someone to another breakout': lambda a: live.move_to_breakout(a, 'p-other', 'b1'),
        'pair a support person': lambda a: live.pair_support(a, 'p-other', 'p-member'),
        'give a breakout its host': lambda a: live.assign_host(a, 'b2', 'c-rewi'),
        'set the room of the breakout one hosts': lambda a: live.set_breakout_room(a, 'b1', 'Zoom room 1'),
        'set the room of another breakout': lambda a: live.set_breakout_room(a, 'b2', 'Zoom room 2'),
        'focus the breakout one hosts': lambda a: live.set_breakout_focus(a, 'b1', 'consent'),
        'focus another breakout': lambda a: live.set_breakout_focus(a, 'b2', 'consent'),
        'create a round in the breakout one hosts': lambda a: live.create_round(a, 'dots', breakout='b1'),
        'create a round in another breakout': lambda a: live.create_round(a, 'dots', breakout='b2'),
        'open the round of the breakout one hosts': _breakout_round(live, 3, live.open_round),
        'open the round of another breakout': _breakout_round(live, 4, live.open_round),
        'close the round of the breakout one hosts': _breakout_round(live, 3, live.close_round, opened=True),
        'close the round of another breakout': _breakout_round(live, 4, live.close_round, opened=True),
        'reveal the round of the breakout one hosts': lambda a: live.reveal(a, 3),
        'reveal the round of another breakout': lambda a: live.reveal(a, 4),
        'end breakouts': lambda a: (live.end_breakouts(a), live.split_breakouts(ROLES['facilitator'], 2),
                                    live.assign_host(ROLES['facilitator'], 'b1', 'c-mere')),
    }


def _breakout_round(live: LiveWorkshop, number: int, act, *, opened: bool = False):
    """An action on a breakout's own round, with the round for everyone closed meanwhile (one round at a time for
    each person), then everything as it was."""
    facilitator = ROLES['facilitator']

    def run(actor: Actor) -> None:
        live.close_round(facilitator, 1)
        try:
            if opened:
                live.open_round(facilitator, number)
            act(actor, number)
        finally:
            if live.state.rounds[number].status == RoundStatus.OPEN:
                live.close_round(facilitator, number)
            live.open_round(facilitator, 1)
    return run


BREAKOUT_ONE = {'focus the breakout one hosts', 'create a round in the breakout one hosts',
                'open the round of the breakout one hosts', 'close the round of the breakout one hosts',
                'reveal the round of the breakout one hosts'}
BREAKOUT_OTHER = {name.replace('the breakout one hosts', 'another breakout') for name in BREAKOUT_ONE}


EXPECTED = {  # role → actions it may take; everything else must be refused
    'facilitator': {'focus a stage', 'move the agenda', 'create a round', 'open a round', 'extend a round',
                    'close a round', 'reveal results', 'hide a comment', 'approve an idea', 'edit the content',
                    'lock the workshop', 'record a decision', 'record an action', 'add to the team',
                    'revoke a team member', 'move someone to another breakout', 'pair a support person', 'give a breakout its host',
                    'set the room of the breakout one hosts', 'set the room of another breakout', 'end breakouts',
                    'split into breakouts'} | BREAKOUT_ONE | BREAKOUT_OTHER,
    'co-facilitator': {'focus a stage', 'move the agenda', 'create a round', 'open a round', 'extend a round',
                       'close a round', 'reveal results', 'hide a comment', 'approve an idea', 'edit the content',
                       'lock the workshop', 'record a decision', 'record an action',
                       'move someone to another breakout', 'pair a support person', 'give a breakout its host',
                       'set the room of the breakout one hosts', 'set the room of another breakout', 'end breakouts',
                       'split into breakouts'} | BREAKOUT_ONE | BREAKOUT_OTHER,
    'breakout host': {'hide a comment', 'set the room of the breakout one hosts'} | BREAKOUT_ONE,
    'revoked co-host': set(),
    'made-up co-host': set(),
    'host posing as co-facilitator': set(),
    'lead': {'record a decision', 'record an action', 'withdraw someone else'},
    'participant': {'vote', 'pass', 'comment', 'propose an idea', 'withdraw',
                    "pair oneself by the code on a patient's phone"},
    'stranger': set(),
}


@pytest.fixture
def live(store, car_t) -> LiveWorkshop:
    live = LiveWorkshop(store, store.create_workshop(car_t).id)
    facilitator = ROLES['facilitator']
    live.join('p-member', group='patients')
    live.join('p-other', group='clinicians')
    live.create_round(facilitator, 'dots')
    live.open_round(facilitator, 1)
    live.create_round(facilitator, 'dots')  # round 2 stays a draft for the open/close actions
    other = Actor(role=PARTICIPANT, participant='p-other')
    live.comment_id = live.comment(other, 'stage', 'consent', 'clarify', 'What happens here?')
    live.proposal_id = live.propose(other, 'Free parking')
    _on_the_team(live, 'c-rewi', 'Rewi', 'facilitator')
    _on_the_team(live, 'c-mere', 'Mere', 'host')
    _on_the_team(live, 'c-gone', 'Hemi', 'facilitator')
    live.revoke_cohost(facilitator, 'c-gone')
    live.split_breakouts(facilitator, 2)
    live.assign_host(facilitator, 'b1', 'c-mere')  # Mere hosts breakout 1
    live.create_round(facilitator, 'dots', breakout='b1')  # round 3: breakout 1's own, a draft
    live.create_round(facilitator, 'dots', breakout='b2')  # round 4: breakout 2's own
    live.join('p-quiet', group='prefer_not_to_say')  # shown a pairing code, for a support person to type
    return live


def _on_the_team(live: LiveWorkshop, cohost_id: str, name: str, role: str) -> None:
    """A co-host with a known id (add_cohost makes random ones): appended as the console's action would."""
    live.store.append(live.id, 'cohost_added', {'cohost': cohost_id, 'name': name, 'role': role, 'token_hash': 'x'},
                      actor=FACILITATOR)
    live.catch_up()


@pytest.mark.parametrize('role', ROLES)
def test_each_role_can_do_exactly_what_it_should(live, role, capsys):
    allowed, refused = set(), set()
    facilitator = ROLES['facilitator']
    for name, action in _actions(live).items():
        if name == 'open a round':
            live.close_round(facilitator, 1)  # only one round may be open at a time
        try:
            action(ROLES[role])
        except Refused:
            refused.add(name)
        else:
            allowed.add(name)
        if name in ('open a round', 'close a round'):  # back to round 1 open, round 2 a draft
            live.close_round(facilitator, 2)
            live.open_round(facilitator, 1)
    with capsys.disabled():
        print(f'\n{role:<12} allowed: {", ".join(sorted(allowed)) or "nothing"}')
    assert allowed == EXPECTED[role]
    assert len(allowed) + len(refused) == len(_actions(live)) == 39


def test_one_round_at_a_time_for_each_person_but_breakouts_run_their_own_side_by_side(live):
    facilitator, mere = ROLES['facilitator'], ROLES['breakout host']
    with pytest.raises(Refused, match='Round 1 is still open'):
        live.open_round(mere, 3)  # breakout 1's own round waits for the round for everyone to close
    live.close_round(facilitator, 1)
    live.open_round(mere, 3)
    live.open_round(facilitator, 4)  # breakout 2's own round runs beside it
    with pytest.raises(Refused, match='Round 3 is still open'):
        live.open_round(facilitator, 2)
    assert {r.number for r in live.state.open_rounds()} == {3, 4}
    for person in ('p-member', 'p-other'):  # each person votes in their own breakout's round
        live.set_dots(Actor(role=PARTICIPANT, participant=person), 'cell_tracker', 1)
        mine = 3 if live.breakout_of(person) == 'b1' else 4
        assert live.state.boxes[mine].entries[person].dots == {'cell_tracker': 1}
        assert person not in live.state.boxes[7 - mine].entries


def test_the_log_names_who_did_each_facilitator_action(live):
    live.focus(ROLES['co-facilitator'], 'consent')
    live.hide_comment(ROLES['breakout host'], live.comment_id, True, 'off topic')
    live.lock(ROLES['facilitator'])
    trail = [(who, what) for _, who, what in live.facilitation_log()][-3:]
    assert trail == [('Rewi (co-facilitator)', 'stage_focused'), ('Mere (breakout host)', 'comment_hidden'),
                     ('facilitator', 'workshop_locked')]
