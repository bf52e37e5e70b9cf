"""LiveWorkshop without a page: the life of a vote, roles on the server, retries and replay."""
import pytest

from workshop.domain.model import PREFER_NOT_TO_SAY, RoundStatus
from workshop.live import FACILITATOR, PARTICIPANT, Actor, LiveWorkshop, Refused

HOST = Actor(role=FACILITATOR)


@pytest.fixture
def live(store, car_t):
    return LiveWorkshop(store, store.create_workshop(car_t).id)


def join(live: LiveWorkshop, name: str, group: str = 'patients') -> Actor:
    live.join(name, group=group)
    return Actor(role=PARTICIPANT, participant=name)


def dots_round(live: LiveWorkshop, **settings) -> int:
    number = live.create_round(HOST, 'dots', improvements=['health_navigator', 'cell_tracker', 'travel_assistance'],
                               **{'budget': 3, 'cap': 2, **settings})
    live.open_round(HOST, number)
    return number


def test_consent_is_recorded_before_anything_else(live, store):
    live.join('aroha', group='whanau', display_name='Aroha', research_use=True, quotes='never', supported=True)
    types = [e.type for e in store.events(live.id)]
    assert types == ['consent_given', 'participant_joined']
    aroha = live.state.participants['aroha']
    assert (aroha.group, aroha.supported, aroha.consent.quotes, aroha.consent.version) == ('whanau', True, 'never', '1')


def test_joining_again_changes_nothing_and_unknown_groups_are_refused(live, store):
    join(live, 'aroha')
    join(live, 'aroha', group='clinicians')  # a reload: name and group are asked once
    assert live.state.participants['aroha'].group == 'patients' and store.count_events(live.id) == 2
    with pytest.raises(Refused, match='choose one of the groups'):
        live.join('ben', group='astronauts')
    join(live, 'cat', group=PREFER_NOT_TO_SAY)


def test_dots_within_budget_are_accepted_and_over_budget_refused(live):
    aroha = join(live, 'aroha')
    number = dots_round(live)
    assert live.set_dots(aroha, 'health_navigator', 2) == 1
    assert live.set_dots(aroha, 'cell_tracker', 1) == 0
    with pytest.raises(Refused, match='You have used all 3 dots'):
        live.set_dots(aroha, 'travel_assistance', 1)
    assert live.ballot('aroha', number).dots == {'health_navigator': 2, 'cell_tracker': 1}


def test_two_tabs_of_one_participant_share_one_budget(live):
    tab_1 = join(live, 'aroha')
    tab_2 = Actor(role=PARTICIPANT, participant='aroha')
    dots_round(live)
    live.set_dots(tab_1, 'health_navigator', 2)
    with pytest.raises(Refused, match='only 1 dot left'):
        live.set_dots(tab_2, 'cell_tracker', 2)


def test_an_op_id_retry_is_applied_once(live, store):
    aroha = join(live, 'aroha')
    number = dots_round(live)
    live.set_dots(aroha, 'health_navigator', 1, op_id='tap-1')
    live.set_dots(aroha, 'health_navigator', 2, op_id='tap-2')
    assert live.set_dots(aroha, 'health_navigator', 1, op_id='tap-1') == 1  # the late retry of tap 1 is ignored
    assert live.ballot('aroha', number).dots == {'health_navigator': 2}
    assert store.count_events(live.id, 'vote_cast') == 2


def test_another_participant_cannot_block_a_vote_by_reusing_its_op_id(live):
    aroha, ben = join(live, 'aroha'), join(live, 'ben')
    number = dots_round(live)
    live.set_dots(aroha, 'cell_tracker', 1, op_id='same')
    live.set_dots(ben, 'cell_tracker', 2, op_id='same')
    assert live.tally(number).pooled[0].score == 3


def test_participants_cannot_run_the_workshop(live):
    aroha = join(live, 'aroha')
    number = live.create_round(HOST, 'dots')
    for action in (lambda: live.focus(aroha, 'referral'), lambda: live.open_round(aroha, number),
                   lambda: live.reveal(aroha, number), lambda: live.lock(aroha),
                   lambda: live.set_agenda(aroha, 'close'), lambda: live.create_round(aroha, 'dots'),
                   lambda: live.approve_proposal(aroha, 'x'), lambda: live.hide_comment(aroha, 'x', True)):
        with pytest.raises(Refused, match='Only the facilitator can do that.'):
            action()
    assert live.state.rounds[number].status == 'draft' and not live.state.locked


def test_nobody_votes_without_joining_or_outside_an_open_round(live):
    aroha = join(live, 'aroha')
    with pytest.raises(Refused, match='Voting is not open right now.'):
        live.set_dots(aroha, 'health_navigator', 1)
    dots_round(live)
    with pytest.raises(Refused, match='Please join the workshop first.'):
        live.set_dots(Actor(role=PARTICIPANT, participant='stranger'), 'health_navigator', 1)
    with pytest.raises(Refused, match='not part of this vote'):
        live.set_dots(aroha, 'infusion_ceremony', 1)


def test_turnout_by_group(live):
    aroha, _, cat = join(live, 'aroha'), join(live, 'ben'), join(live, 'cat', 'whanau')
    number = dots_round(live)
    live.set_dots(aroha, 'cell_tracker', 1)
    live.set_abstain(cat, None, True)  # passing counts as taking part
    assert live.turnout(number) == {'patients': (1, 2), 'whanau': (1, 1)}


def test_ranking_and_rating_rounds(live):
    aroha = join(live, 'aroha')
    ranked = live.create_round(HOST, 'rank', improvements=['health_navigator', 'cell_tracker'], top_k=2)
    live.open_round(HOST, ranked)
    assert live.set_ranking(aroha, ['cell_tracker', 'health_navigator']) is None
    live.close_round(HOST, ranked)
    rated = live.create_round(HOST, 'rating', improvements=['cell_tracker'], scale=5,
                              criteria=['importance', 'feasibility'])
    live.open_round(HOST, rated)
    live.set_rating(aroha, 'cell_tracker', 'feasibility', 4)
    with pytest.raises(Refused, match='Ratings go from 1 to 5.'):
        live.set_rating(aroha, 'cell_tracker', 'importance', 6)
    assert live.tally(ranked).pooled[0].improvement == 'cell_tracker'
    assert live.ballot('aroha', rated).ratings == {'feasibility': {'cell_tracker': 4}}


def test_a_hidden_comment_is_gone_for_everyone_and_withdrawal_removes_votes(live):
    aroha = join(live, 'aroha')
    comment = live.comment(aroha, 'stage', 'referral', 'clarify', 'Who refers?')
    live.hide_comment(HOST, comment, True, 'Off topic')
    assert live.state.visible_comments('stage', 'referral') == []
    number = dots_round(live)
    live.set_dots(aroha, 'cell_tracker', 2)
    live.withdraw(aroha)
    assert live.tally(number).n == 0 and not live.is_member('aroha')


def test_replay_after_a_restart_gives_the_same_tallies_after_the_round_closed(live, store):
    aroha, ben = join(live, 'aroha'), join(live, 'ben', 'clinicians')
    number = dots_round(live)
    live.set_dots(aroha, 'cell_tracker', 2)
    live.set_dots(ben, 'health_navigator', 1)
    live.set_abstain(ben, 'travel_assistance', True)
    live.close_round(HOST, number)
    live.reveal(HOST, number)
    again = LiveWorkshop(store, live.id)
    assert [(i.improvement, i.score) for i in again.tally(number).pooled] == \
        [(i.improvement, i.score) for i in live.tally(number).pooled] == \
        [('cell_tracker', 2), ('health_navigator', 1), ('travel_assistance', 0)]
    assert again.state.rounds[number].revealed and again.ballot('ben', number).abstain == {'travel_assistance'}
    assert again.state.rounds[number].status == RoundStatus.CLOSED and again.state.open_round() is None
    with pytest.raises(Refused, match='Voting is not open right now.'):  # a restart never reopens a closed round
        again.set_dots(aroha, 'health_navigator', 1)


def test_an_action_due_date_must_be_a_real_date(store, car_t):
    from workshop.live import LEAD, Actor, LiveWorkshop, Refused
    live = LiveWorkshop(store, store.create_workshop(car_t).id)
    lead = Actor(role=LEAD)
    with pytest.raises(Refused, match='YYYY-MM-DD'):
        live.record_action(lead, improvement='health_navigator', title='Hire a navigator', due='next week')
    action = live.record_action(lead, improvement='health_navigator', title='Hire a navigator', due='2027-03-01')
    assert live.state.actions[action].due == '2027-03-01'


# --- several writers on one log: each LiveWorkshop below stands for another app process -------------------------

def other_process(store, live: LiveWorkshop, *, stale: bool = False) -> LiveWorkshop:
    """A second replica of the same workshop; `stale` skips its first catch-up, as if the other write landed between
    its catch-up and its own write."""
    replica = LiveWorkshop(store, live.id)
    if stale:
        real, calls = replica.catch_up, []
        replica.catch_up = lambda: real() if calls.append(1) or len(calls) > 1 else 0
    return replica


def test_another_writers_round_is_seen_before_the_next_is_numbered(live, store):
    elsewhere = other_process(store, live)
    assert live.create_round(HOST, 'dots') == 1
    assert elsewhere.create_round(HOST, 'rank') == 2
    assert live.create_round(HOST, 'dots') == 3
    numbers = [e.payload['round']['number'] for e in store.events(live.id) if e.type == 'round_created']
    assert numbers == [1, 2, 3] and sorted(elsewhere.state.rounds) == [1, 2]


def test_a_stale_process_cannot_break_a_budget(live, store):
    aroha = join(live, 'aroha')
    dots_round(live)
    elsewhere = other_process(store, live, stale=True)
    live.set_dots(aroha, 'health_navigator', 2)
    with pytest.raises(Refused, match='only 1 dot left'):  # its first try conflicts; after catching up it refuses
        elsewhere.set_dots(aroha, 'cell_tracker', 2)
    assert elsewhere.ballot('aroha', 1).dots == {'health_navigator': 2}


def test_a_decision_made_meanwhile_is_not_overwritten_unseen(live, store):
    lead = Actor(role='lead')
    elsewhere = other_process(store, live, stale=True)
    live.decide(lead, 'health_navigator', 'adopt', rationale='Top of every group')
    with pytest.raises(Refused, match='Someone else changed this at the same moment'):
        elsewhere.decide(lead, 'health_navigator', 'reject')
    assert elsewhere.state.decisions['health_navigator'].outcome == 'adopt'
    elsewhere.decide(lead, 'health_navigator', 'defer')  # having seen it, they may change it
    assert live.catch_up() == 1 and live.state.decisions['health_navigator'].outcome == 'defer'


@pytest.fixture
def cfg(cfg_each_store):
    return cfg_each_store  # every test here runs on SQLite and on PostgreSQL


def test_a_participant_reaches_the_workshops_limit_of_comments_and_is_told(store, car_t):
    car_t.settings.comments_max, car_t.settings.comments_per_minute = 2, 0
    live = LiveWorkshop(store, store.create_workshop(car_t).id)
    live.join('p-1', group='patients')
    person = Actor(role='participant', participant='p-1')
    for n in range(2):
        live.comment(person, 'stage', car_t.stages[0].id, 'agree', f'point {n}')
    with pytest.raises(Refused) as refused:
        live.comment(person, 'stage', car_t.stages[0].id, 'agree', 'one more')
    assert refused.value.message == 'You have reached the limit of 2 comments in this workshop. Thank you for them all.'


def test_each_kind_of_change_has_its_own_event_and_another_writers_event_sets_off_the_right_one(live, store):
    from workshop.fanout import SpreadEvent
    from workshop.live import _CHANGED
    assert all(isinstance(getattr(live, name), SpreadEvent) for name in set(_CHANGED.values()))
    seen = []
    live.focus_changed.subscribe(lambda: seen.append('focus'))
    live.round_changed.subscribe(lambda: seen.append('round'))
    store.append(live.id, 'stage_focused', {'stage': live.workshop.stages[0].id})  # another process's write
    live.catch_up()
    assert seen == ['focus']


def test_every_action_of_every_part_checks_rights_through_the_facade_and_only_there():
    """The parts (live_*.py) hold the actions; who may take them is decided by live.py's checks alone: a new action
    that forgets its check, or a part that looks at roles itself, fails here."""
    import ast
    from pathlib import Path
    rights = {'_require', '_require_participant', '_require_lead_facilitator', '_require_round_right',
              '_require_breakout_right', '_box_for_vote'}  # _box_for_vote: the voter's check (a member, voting open)
    presence = {'console_opened', 'console_closed'}  # who has a console open: shown, not an action on the workshop
    unchecked, own_checks, role_looks = [], [], []
    for path in sorted((Path(__file__).parents[1] / 'workshop').glob('live_*.py')):
        for cls in (n for n in ast.parse(path.read_text()).body if isinstance(n, ast.ClassDef)):
            for method in (m for m in cls.body if isinstance(m, ast.FunctionDef)):
                if method.name in rights - {'_box_for_vote'}:
                    own_checks.append((path.name, method.name))
                role_looks += [(path.name, method.name) for a in ast.walk(method) if isinstance(a, ast.Attribute)
                               and a.attr in ('role', 'cohost') and isinstance(a.value, ast.Name) and a.value.id == 'actor']
                calls = {c.func.attr for c in ast.walk(method) if isinstance(c, ast.Call)
                         and isinstance(c.func, ast.Attribute) and getattr(c.func.value, 'id', '') == 'self'}
                takes_actor = any(a.arg == 'actor' for a in method.args.args)
                if takes_actor and not method.name.startswith('_') and method.name not in presence \
                        and not calls & rights:
                    unchecked.append((path.name, method.name))
    assert (unchecked, own_checks, role_looks) == ([], [], [])
    assert {'_require', '_require_participant', '_require_lead_facilitator'} <= set(vars(LiveWorkshop))


async def test_revealed_results_wait_until_the_reveal_has_reached_every_page(live, monkeypatch):
    """Votes landing while the reveal is still on its way to a thousand phones do not start a second fan-out beside
    it: the results follow once it is done (those pages showed the newest results anyway)."""
    import asyncio

    from workshop import live_votes

    monkeypatch.setattr(live_votes, 'TALLY_INTERVAL', 0.01)
    live._results_due.interval = 0.05
    live.worker = None  # tallies on the loop: no second process in this test
    told = []
    live.results_changed.subscribe(lambda: told.append('results'))
    for n in range(100):  # pages the reveal reaches a batch at a time
        live.reveal_changed.subscribe(lambda n=n: told.append('reveal'))
    live.reveal_changed.spread, live.reveal_changed.batch = 0.5, 25  # paced, a few pages a turn
    aroha, ben = join(live, 'aroha'), join(live, 'ben')
    number = dots_round(live)
    live.set_vote(aroha, 'health_navigator', 1)
    live.reveal(HOST, number)
    live.set_vote(ben, 'cell_tracker', 1)  # while the reveal is still reaching pages
    await asyncio.sleep(0.25)
    assert live.reveal_changed.busy and 'results' not in told
    await asyncio.sleep(0.6)
    assert not live.reveal_changed.busy and told.count('reveal') == 100
    assert told.index('results') == 100  # right after the last page the reveal reached
