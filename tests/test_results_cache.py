"""A round's results are computed once per change of the log, whoever asks and however often; while votes arrive,
live views get them worked out off the event loop."""
import asyncio
import threading

from workshop.domain import ranking
from workshop.live import FACILITATOR, Actor, LiveWorkshop

HOST = Actor(role=FACILITATOR)


def test_results_are_computed_once_per_log_position_and_again_after_a_vote(store, car_t):
    created = store.create_workshop(car_t)
    live = LiveWorkshop(store, created.id)
    number = live.create_round(HOST, 'dots', improvements=['health_navigator', 'cell_tracker'], budget=2, cap=2)
    live.open_round(HOST, number)
    live.join('p1', group='patients')
    before = live._results.computed
    first = [live.tally(number) for _ in range(50)]  # fifty pages asking after one change
    assert live._results.computed == before + 1 and all(r is first[0] for r in first)
    live.set_dots(Actor(role='participant', participant='p1'), 'cell_tracker', 2)
    after = live.tally(number)
    assert live._results.computed == before + 2
    assert [(i.improvement, i.score) for i in after.pooled][0] == ('cell_tracker', 2)
    assert live.tally(number) is after


async def test_while_votes_arrive_live_views_get_results_worked_out_off_the_event_loop(store, car_t, monkeypatch):
    created = store.create_workshop(car_t)
    live = LiveWorkshop(store, created.id)
    number = live.create_round(HOST, 'dots', improvements=['health_navigator', 'cell_tracker'], budget=2, cap=2)
    live.open_round(HOST, number)
    live.join('p1', group='patients')
    shown = live.latest_tally(number)  # what the facilitator's tally shows before the vote
    worked_in, analyse = [], ranking.analyse
    monkeypatch.setattr(ranking, 'analyse', lambda *a, **k: (worked_in.append(threading.get_ident()), analyse(*a, **k))[1])
    told = asyncio.Event()
    live.tally_changed.subscribe(lambda n: told.set())
    live.set_dots(Actor(role='participant', participant='p1'), 'cell_tracker', 2)
    assert live.latest_tally(number) is shown  # meanwhile: the newest results so far, nothing worked out on the loop
    assert worked_in == []
    await asyncio.wait_for(told.wait(), 5)
    assert worked_in and threading.get_ident() not in worked_in  # in another thread
    assert [(i.improvement, i.score) for i in live.latest_tally(number).pooled][0] == ('cell_tracker', 2)
    assert live.latest_tally(number) is live.tally(number)  # the exact results, shared: nothing newer on its way
    assert len(worked_in) == 1
