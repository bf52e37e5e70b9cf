"""A round open over two (simulated) days: it opens and closes by itself, people vote in their own time by the join
link with nobody running a session, and the lead reads live and own-time voters together or apart."""
import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from nicegui.testing import User

from tests.support.ideas import tap
from tests.support.steps import console, join
from workshop import service
from workshop.cli import main

AUCKLAND = ZoneInfo('Pacific/Auckland')
IDEAS = ['health_navigator', 'cell_tracker', 'travel_assistance']


class SimClock:
    """Wall-clock time that moves only when the test says so."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start.timestamp()

    def __call__(self) -> float:
        return self.now

    def set(self, moment: dt.datetime) -> None:
        self.now = moment.timestamp()


def nz(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=AUCKLAND)


@pytest.fixture
def clock() -> SimClock:
    return SimClock(nz(1, 8))


async def schedule_a_round(host: User, opens: str, ends: str) -> None:
    host.find(marker='round-ideas').elements.pop().value = IDEAS
    host.find(marker='round-schedule').elements.pop().value = True
    host.find(marker='round-opens').elements.pop().value = opens
    host.find(marker='round-ends').elements.pop().value = ends
    host.find('Create the round').click()


async def test_a_schedule_that_cannot_work_is_refused_on_the_form_in_the_pages_words(user: User, workshop):
    created, live = workshop
    await console(user, created)
    await schedule_a_round(user, '2026-12-02T09:00', '2026-12-01T09:00')
    await user.should_see('This schedule cannot be used: the end must be after the start.')
    await schedule_a_round(user, 'next Tuesday', '2026-12-02T09:00')
    await user.should_see('is not a date and time like 2026-12-01 09:00.')
    assert live.state.rounds == {}


async def test_a_round_over_two_days_with_live_and_own_time_voters(create_user, workshop, clock, app_ctx):
    created, live = workshop
    host, aroha, ben, carol, lead = create_user(), create_user(), create_user(), create_user(), create_user()

    # Monday 08:00: the facilitator schedules a round from 09:00 today to 21:00 tomorrow (Auckland time)
    await console(host, created)
    await schedule_a_round(host, '2026-12-01T09:00', '2026-12-02T21:00')
    await host.should_see('Round 1 is scheduled.')
    await host.should_see('Opens by itself on Tue 1 Dec 2026, 09:00 NZDT and closes by itself on Wed 2 Dec 2026, '
                          '21:00 NZDT.')
    await join(aroha, created.join_code, 'Patients')
    await aroha.should_see('The next vote opens on Tue 1 Dec 2026, 09:00 NZDT and stays open until Wed 2 Dec 2026, '
                           '21:00 NZDT.')
    tap(aroha, 'more', 'cell_tracker', marker='all-ideas')  # nothing to vote on yet: the tap changes nothing
    assert live.state.ballots(1) == []

    # 09:00: the round opens by itself (the app's regular check), on the open page too
    clock.set(nz(1, 9, 0))
    assert app_ctx.registry.keep_schedules() == 1
    await aroha.should_see('You can vote in your own time until Wed 2 Dec 2026, 21:00 NZDT.')
    await aroha.should_see('Now: voting in your own time. Nobody needs to be on a call.')
    tap(aroha, 'more', 'cell_tracker')
    await aroha.should_see('Your dots: 1')
    await aroha.open(f'/w/{created.id}/p')  # she comes back later with the same link: her vote is there
    await aroha.should_see('Your dots: 1')
    await aroha.should_see('Dots left: 4 of 5')

    # Monday evening: the live session on the call; Ben votes during it
    clock.set(nz(1, 18))
    await join(ben, created.join_code, 'Clinicians')
    await console(host, created)
    host.find(marker='live-session').click()
    await host.should_see('The live session has started.')
    await ben.should_see('Now: welcome. The workshop will start soon.')  # the call's agenda, as in any live session
    tap(ben, 'more', 'health_navigator')
    tap(ben, 'more', 'health_navigator')
    await ben.should_see('Your dots: 2')
    host.find(marker='live-session').click()
    await host.should_see('The live session has ended.')

    # Tuesday: Carol, who could not come to the call, votes in her own time; Aroha changes her ballot (still own time)
    clock.set(nz(2, 14))
    await join(carol, created.join_code, 'Patients')
    await carol.should_see('You can vote in your own time until Wed 2 Dec 2026, 21:00 NZDT.')
    tap(carol, 'more', 'travel_assistance')
    await carol.should_see('Your dots: 1')
    await aroha.open(f'/w/{created.id}/p')
    tap(aroha, 'more', 'health_navigator')
    await aroha.should_see('Dots left: 3 of 5')

    # Tuesday 21:00: it closes by itself; a late tap is refused and changes nothing
    clock.set(nz(2, 21, 0))
    await carol.open(f'/w/{created.id}/p')  # arriving after the end: the page closes the round first
    await carol.should_see('Voting is not open right now.')
    assert live.state.rounds[1].status == 'closed'
    assert [e.payload.get('by') for e in app_ctx.store.events(created.id) if e.type.startswith('round_')
            and e.type != 'round_created' and e.type != 'round_scheduled'] == ['schedule', 'schedule']

    # the lead: turnout by group, live and own time, and the ranking of either kind of voter
    await lead.open(f'/w/{created.id}/lead?token={created.lead_token}')
    await lead.should_see('Patients: 0 live, 2 in their own time, of 2 joined')
    await lead.should_see('Clinicians: 1 live, 0 in their own time, of 1 joined')
    ranking = lambda: {r['idea']: r['score'] for r in lead.find('lead-ranking').elements.pop().rows}  # noqa: E731
    assert ranking()['Health navigator'] == '3 dots'
    lead.find('lead-voters').elements.pop().value = 'live'
    assert ranking()['Health navigator'] == '2 dots' and ranking()['Cell tracker'] == '0 dots'
    lead.find('lead-voters').elements.pop().value = 'own_time'
    assert ranking()['Health navigator'] == '1 dot' and ranking()['Cell tracker'] == '1 dot'
    lead.find('export-voters').elements.pop().value = 'live'  # the download of live voters only
    lead.find('export-csv').click()
    response = await lead.download.next(timeout=10)
    assert _csv(response.content) == {'Health navigator': '2', 'Cell tracker': '0', 'Stronger National Travel '
                                      'Assistance': '0'}


async def test_the_export_counts_live_or_own_time_voters_and_says_which(workshop, clock, app_ctx, cfg, tmp_path):
    created, live = workshop
    from workshop.live import FACILITATOR, PARTICIPANT, Actor
    host = Actor(role=FACILITATOR)
    number = live.create_round(host, 'dots', improvements=IDEAS, budget=3, cap=2)
    live.schedule_round(host, number, nz(1, 9).timestamp(), nz(3, 9).timestamp())
    clock.set(nz(1, 10))
    live.keep_schedule()
    for person, group, idea, during in (('p1', 'patients', 'cell_tracker', False),
                                        ('p2', 'clinicians', 'health_navigator', True)):
        live.join(person, group=group)
        live.set_live_session(host, during)
        live.set_dots(Actor(role=PARTICIPANT, participant=person), idea, 2)
    whole = _csv(service.export(app_ctx.store, created.id, 'csv'))
    only_live = _csv(service.export(app_ctx.store, created.id, 'csv', voters='live'))
    assert (whole['Cell tracker'], whole['Health navigator']) == ('2', '2')
    assert (only_live['Cell tracker'], only_live['Health navigator']) == ('0', '2')
    out = tmp_path / 'own-time.md'  # the command line, as a lead on the server would
    assert main(['export', created.id, '--format', 'md', '--voters', 'own-time', '--out', str(out),
                 '--data', str(cfg.data_dir)]) == 0
    assert '| Votes counted | voters in their own time only' in out.read_text()
    with pytest.raises(service.UserError, match="voters must be live or own_time, not 'everyone'"):
        service.export(app_ctx.store, created.id, 'csv', voters='everyone')


def _csv(data: bytes) -> dict[str, str]:
    return {row['title']: row['score'] for row in csv.DictReader(io.StringIO(data.decode('utf-8-sig')))}
