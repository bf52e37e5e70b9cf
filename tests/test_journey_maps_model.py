"""The journey map as a graph: every kind of broken map is named, and stages come in a stable order."""
from journey_maps.model import JourneyMap, stage_order, validate
from workshop.domain.model import Improvement, Quote, Stage, Stream, Theme, Workshop


def stages(*ids: str, **next_: list[str]) -> list[Stage]:
    return [Stage(id=i, title=i.title(), next=next_.get(i)) for i in ids]


def messages(workshop: Workshop) -> list[str]:
    return [str(p) for p in validate(workshop)]


def test_the_car_t_template_is_sound_and_linear(car_t):
    assert validate(car_t) == []
    order = JourneyMap(car_t).order()
    assert len(order) == 11 and order[0] == 'pre_referral' and order[-1] == 'follow_up'


def test_a_branch_and_merge_keep_a_stable_order():
    """Treated in New Zealand or overseas, both rejoin at infusion; ties keep the declared order."""
    workshop = Workshop(title='T', stages=stages('referral', 'overseas', 'nz', 'infusion', 'home',
                                                 referral=['nz', 'overseas'], overseas=['infusion']))
    journey = JourneyMap(workshop)
    assert validate(workshop) == []
    assert journey.order() == ['referral', 'overseas', 'nz', 'infusion', 'home']
    assert journey.successors('referral') == ['nz', 'overseas']
    assert sorted(journey.predecessors('infusion')) == ['nz', 'overseas']
    assert stage_order(workshop) == journey.order()  # same answer every time


def test_a_cycle_is_named_with_its_stages():
    workshop = Workshop(title='T', stages=stages('a', 'b', 'c', c=['a']))
    assert messages(workshop) == ['stages: the stages go round in a circle: a → b → c → a']
    assert stage_order(workshop) == ['a', 'b', 'c']  # a broken map can still be shown


def test_an_unreachable_stage_is_named():
    workshop = Workshop(title='T', stages=stages('a', 'b', 'c', a=['c'], b=['c']))
    assert messages(workshop) == ["stages[1]: stage 'b' cannot be reached from the first stage 'a'"]


def test_duplicate_ids_are_named():
    workshop = Workshop(title='T', stages=stages('a', 'a'),
                        streams=[Stream(id='p', label='P'), Stream(id='p', label='Q')],
                        themes=[Theme(id='t', title='T'), Theme(id='t', title='U')],
                        improvements=[Improvement(id='i', title='I'), Improvement(id='i', title='J')])
    found = messages(workshop)
    assert "streams[1].id: stream id 'p' is used twice" in found
    assert "stages[1].id: stage id 'a' is used twice" in found
    assert "themes[1].id: theme id 't' is used twice" in found
    assert "improvements[1].id: improvement id 'i' is used twice" in found


def test_dangling_theme_references_are_named():
    workshop = Workshop(title='T', stages=stages('a'), streams=[Stream(id='p', label='P')],
                        themes=[Theme(id='t', title='T', stages=['a', 'zz'], streams=['p', 'ghost'],
                                      quotes=[Quote(text='q', stream='nobody')])])
    assert messages(workshop) == [
        "themes[0].stages[1]: theme 't' points at unknown stage 'zz'",
        "themes[0].streams[1]: theme 't' points at unknown stream 'ghost'",
        "themes[0].quotes[0].stream: quote of theme 't' names unknown stream 'nobody'",
    ]


def test_dangling_improvement_references_are_named():
    workshop = Workshop(title='T', stages=stages('a'), themes=[Theme(id='t', title='T')],
                        improvements=[Improvement(id='i', title='I', stages=['b'], themes=['t', 'u'])])
    assert messages(workshop) == ["improvements[0].stages[0]: improvement 'i' points at unknown stage 'b'",
                                  "improvements[0].themes[1]: improvement 'i' points at unknown theme 'u'"]


def test_next_pointing_at_an_unknown_stage_is_named():
    workshop = Workshop(title='T', stages=stages('a', 'b', a=['b', 'nowhere']))
    assert messages(workshop) == ["stages[0].next[1]: stage 'a' leads to unknown stage 'nowhere'"]


def test_a_map_needs_a_stage():
    assert messages(Workshop(title='T')) == ['stages: a journey map needs at least one stage']


def test_a_negative_number_invited_is_refused_with_where_it_is():
    from workshop.content import load_yaml_file, template_path
    workshop = load_yaml_file(template_path('car-t-cell-therapy'))
    workshop.streams[1].invited = -2
    assert [str(p) for p in validate(workshop)] == ["streams[1].invited: stream 'whanau': invited must be 0 or more, "
                                                    'found -2']
