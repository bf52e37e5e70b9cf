"""A round's results are computed once per change of the log, whoever asks and however often; while votes arrive,
live views get them worked out by another process, off the event loop."""
import asyncio

from workshop.live import FACILITATOR, Actor, LiveWorkshop, tally_worker

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


def test_closing_revealing_and_comments_reuse_the_results_a_vote_or_a_withdrawal_changes_them(store, car_t):
    """Closing a round of a thousand ballots used to work its results out again on the event loop (a tenth of a
    second, at the moment the facilitator pressed): only what can change results makes them new."""
    created = store.create_workshop(car_t)
    live = LiveWorkshop(store, created.id)
    number = live.create_round(HOST, 'dots', improvements=['health_navigator', 'cell_tracker'], budget=2, cap=2)
    live.open_round(HOST, number)
    for person, group in (('p1', 'patients'), ('p2', 'clinicians')):
        live.join(person, group=group)
        live.set_dots(Actor(role='participant', participant=person), 'cell_tracker', 2)
    shown = live.tally(number)
    live.comment(Actor(role='participant', participant='p1'), 'improvement', 'cell_tracker', 'agree',
                 'We waited weeks.')
    live.focus(HOST, None)
    live.close_round(HOST, number)
    live.reveal(HOST, number)
    assert live.tally(number) is shown  # the same results, not worked out again
    live.withdraw(Actor(role='participant', participant='p2'))  # their votes leave the results
    assert [(i.improvement, i.score) for i in live.tally(number).pooled][0] == ('cell_tracker', 2)
    assert live.tally(number) is not shown


async def test_while_votes_arrive_live_views_get_results_worked_out_by_another_process(store, car_t):
    created = store.create_workshop(car_t)
    live = LiveWorkshop(store, created.id)
    live.worker = worker = tally_worker()  # as the server sets it up
    try:
        number = live.create_round(HOST, 'dots', improvements=['health_navigator', 'cell_tracker'], budget=2, cap=2)
        live.open_round(HOST, number)
        live.join('p1', group='patients')
        shown = live.latest_tally(number)  # what the facilitator's tally shows before the vote
        on_the_loop, compute = [], live._results._compute
        live._results._compute = lambda n: (on_the_loop.append(n), compute(n))[1]
        told = asyncio.Event()
        live.tally_changed.subscribe(lambda n: told.set())
        live.set_dots(Actor(role='participant', participant='p1'), 'cell_tracker', 2)
        assert live.latest_tally(number) is shown  # meanwhile: the newest results so far
        await asyncio.wait_for(told.wait(), 30)
        assert [(i.improvement, i.score) for i in live.latest_tally(number).pooled][0] == ('cell_tracker', 2)
        assert live.latest_tally(number) is live.tally(number)  # exact and shared: nothing newer on its way
        assert on_the_loop == []  # worked out by the other process, never on the event loop
    finally:
        worker.shutdown()
