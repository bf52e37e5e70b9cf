"""Rounds over days and live or own-time voters, worked out from the log alone (no page, no clock but the one given)."""
import datetime as dt

import pytest

from workshop.domain import own_time
from workshop.live import FACILITATOR, PARTICIPANT, Actor, LiveWorkshop, Refused

HOST = Actor(role=FACILITATOR)
IDEAS = ['health_navigator', 'cell_tracker', 'travel_assistance']
DAY = 24 * 3600
START = dt.datetime(2026, 12, 1, 9, tzinfo=dt.timezone.utc).timestamp()


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock(START - 3600)


@pytest.fixture
def live(store, car_t, clock):
    created = store.create_workshop(car_t)
    return LiveWorkshop(store, created.id, clock)


def person(live: LiveWorkshop, pid: str, group: str = 'patients') -> Actor:
    live.join(pid, group=group)
    return Actor(role=PARTICIPANT, participant=pid)


def test_a_scheduled_round_opens_and_closes_by_itself_once(live, clock):
    number = live.create_round(HOST, 'dots', improvements=IDEAS, budget=2)
    live.schedule_round(HOST, number, START, START + 2 * DAY)
    assert live.keep_schedule() == 0 and live.state.rounds[number].status == 'draft'
    clock.now = START + 60
    assert live.keep_schedule() == 1 and live.keep_schedule() == 0
    assert live.state.rounds[number].closes_at == START + 2 * DAY
    again = LiveWorkshop(live.store, live.id, clock)  # another process at the same moment: nothing doubled
    assert again.keep_schedule() == 0
    clock.now = START + 2 * DAY
    with pytest.raises(Refused, match='Time is up'):  # past the end, before anything closed it: refused anyway
        live.set_dots(person(live, 'p1'), 'cell_tracker', 1)
    assert live.keep_schedule() == 1 and live.state.rounds[number].status == 'closed'
    assert [e.type for e in live.store.events(live.id) if e.actor == 'schedule'] == ['round_opened', 'round_closed']


def test_a_round_closed_by_hand_stays_closed_and_an_opened_round_keeps_its_times(live, clock):
    number = live.create_round(HOST, 'dots', improvements=IDEAS, budget=2)
    live.schedule_round(HOST, number, START, START + DAY)
    clock.now = START + 1
    live.keep_schedule()
    live.close_round(HOST, number)
    assert live.keep_schedule() == 0 and live.state.rounds[number].status == 'closed'
    with pytest.raises(Refused, match='Round 1 has been opened already'):
        live.schedule_round(HOST, number, START + DAY, START + 2 * DAY)


def test_a_schedule_that_cannot_work_is_refused_with_the_reason(live, clock):
    number = live.create_round(HOST, 'dots', improvements=IDEAS, budget=2)
    with pytest.raises(Refused, match='the end must be after the start'):
        live.schedule_round(HOST, number, START + DAY, START)
    with pytest.raises(Refused, match='the end is already past'):
        live.schedule_round(HOST, number, START - 2 * DAY, START - DAY)
    with pytest.raises(Refused, match='facilitator'):
        live.schedule_round(Actor(role='lead'), number, START, START + DAY)
    assert live.state.rounds[number].opens_at is None


def test_times_are_read_and_shown_in_the_workshops_time_zone():
    moment = own_time.parse_local('2026-12-01T09:00', 'Pacific/Auckland', 'Opens')
    assert moment == dt.datetime(2026, 11, 30, 20, tzinfo=dt.timezone.utc).timestamp()
    assert own_time.when_text(moment, 'Pacific/Auckland') == 'Tue 1 Dec 2026, 09:00 NZDT'
    assert own_time.local_input(moment, 'Pacific/Auckland') == '2026-12-01T09:00'
    with pytest.raises(Refused, match='Opens: "next Tuesday" is not a date and time'):
        own_time.parse_local('next Tuesday', 'Pacific/Auckland', 'Opens')


def test_live_is_where_a_voter_first_voted_in_that_round(live, clock):
    number = live.create_round(HOST, 'dots', improvements=IDEAS, budget=3, cap=3)
    live.schedule_round(HOST, number, START, START + DAY)
    clock.now = START
    live.keep_schedule()
    early, late, both = person(live, 'early'), person(live, 'late', 'clinicians'), person(live, 'both')
    live.set_dots(early, 'cell_tracker', 1)
    live.set_dots(both, 'cell_tracker', 1)
    live.set_live_session(HOST, True)
    live.set_dots(late, 'health_navigator', 3)
    live.set_dots(both, 'health_navigator', 1)  # a change during the session: still an own-time voter
    live.set_live_session(HOST, False)
    assert {b.participant for b in own_time.ballots(live.state, number, 'live')} == {'late'}
    assert {b.participant for b in own_time.ballots(live.state, number, 'own_time')} == {'early', 'both'}
    assert live.turnout_by_mode(number) == {'patients': {'live': 0, 'own_time': 2, 'joined': 2},
                                            'clinicians': {'live': 1, 'own_time': 0, 'joined': 1}}
    pooled = {i.improvement: i.score for i in live.results(number, bootstrap=0, voters='live').pooled}
    assert pooled == {'health_navigator': 3, 'cell_tracker': 0, 'travel_assistance': 0}
    assert own_time.split_matters(live.state)
    folded = LiveWorkshop(live.store, live.id, clock).state  # the same from the log after a restart
    assert folded.vote_modes == live.state.vote_modes


def test_an_export_state_keeps_only_the_chosen_voters(live, clock):
    number = live.create_round(HOST, 'dots', improvements=IDEAS, budget=3)
    live.open_round(HOST, number)
    live.set_dots(person(live, 'a'), 'cell_tracker', 1)
    live.set_live_session(HOST, True)
    live.set_dots(person(live, 'b'), 'cell_tracker', 1)
    own_time.keep_only(live.state, 'live')
    assert [b.participant for b in live.state.ballots(number)] == ['b']
    with pytest.raises(Refused, match="voters must be live or own_time, not 'all'"):
        own_time.keep_only(live.state, 'all')


def test_a_workshop_run_only_live_without_a_session_offers_no_split(live):
    number = live.create_round(HOST, 'dots', improvements=IDEAS, budget=3)
    live.open_round(HOST, number)
    live.set_dots(person(live, 'a'), 'cell_tracker', 1)
    assert not own_time.split_matters(live.state)
