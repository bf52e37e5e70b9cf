"""A round's results are computed once per change of the log, whoever asks and however often."""
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
