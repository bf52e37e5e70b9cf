"""Templates load; a broken one fails with the file, the place inside it and what was expected."""
import pytest

from workshop.content import ContentError, load_yaml_file, template_names, template_path, workshop_from_yaml

TEMPLATES = ('blank', 'car-t-cell-therapy', 'outpatient-clinic')


@pytest.mark.parametrize('name', TEMPLATES)
def test_every_shipped_template_loads(name):
    workshop = load_yaml_file(template_path(name))
    assert workshop.title and workshop.stages and workshop.streams


def test_template_names_are_the_yaml_files():
    assert template_names() == sorted(TEMPLATES)


def test_car_t_template_follows_the_study(car_t):
    assert len(car_t.stages) == 11
    assert [s.id for s in car_t.streams] == ['patients', 'whanau', 'clinicians', 'administrators']
    titles = {i.title.lower() for i in car_t.improvements}
    assert len(car_t.improvements) == 11
    assert any('navigator' in t for t in titles) and any('dashboard' in t for t in titles)
    assert {t.global_theme for t in car_t.themes} and all(t.category for t in car_t.themes)
    assert all(q.paraphrase for t in car_t.themes for q in t.quotes), 'study quotes are shown as paraphrases'


BROKEN = {
    'missing field': (b'stages: [{id: a, title: A}]\n', 'title: missing (required)'),
    'unknown stage id': (b'title: T\nstreams: [{id: p, label: P}]\nstages: [{id: a, title: A}]\n'
                         b'themes:\n  - {id: t0, title: T0, stages: [a]}\n'
                         b'  - {id: t1, title: T1, stages: [a, nowhere]}\n',
                         "themes[1].stages[1]: theme 't1' points at unknown stage 'nowhere'"),
    'cycle among stages': (b'title: T\nstages:\n  - {id: a, title: A, next: [b]}\n  - {id: b, title: B, next: [a]}\n',
                           'the stages go round in a circle: a → b → a'),
    'wrong type': (b'title: T\nstages: [{id: a, title: A}]\nsettings: {suppression_threshold: lots}\n',
                   "settings.suppression_threshold: expected a whole number, found text ('lots')"),
    'bad category': (b'title: T\nstages: [{id: a, title: A}]\nthemes: [{id: t, title: T, category: spicy}]\n',
                     "themes[0].category: expected one of practical, emotional, cultural, found 'spicy'"),
    'non-UTF-8 bytes': (b'title: Wh\xe2nau\nstages: [{id: a, title: A}]\n', 'the file is not UTF-8 text'),
    'empty file': (b'  \n', 'the file is empty'),
    'not yaml': (b'title: [unclosed\n', 'line 2, column 1: this is not valid YAML'),
    'a list, not a mapping': (b'- a\n- b\n', 'expected a mapping with keys such as title and stages'),
    'unknown field': (b'title: T\ntitel: typo\nstages: [{id: a, title: A}]\n', 'titel: unknown field'),
}


@pytest.mark.parametrize('case', BROKEN)
def test_a_broken_template_fails_with_a_clear_message(case):
    raw, expected = BROKEN[case]
    with pytest.raises(ContentError) as caught:
        workshop_from_yaml(raw, 'broken.yaml')
    message = str(caught.value)
    assert message.startswith('broken.yaml: ')
    assert expected in message


def test_unknown_template_names_the_known_ones():
    with pytest.raises(ContentError, match="no template called 'nope' \\(known: blank, car-t-cell-therapy"):
        template_path('nope')


# --- hostile input: never a crash, always a clear message --------------------------------------------------------

import copy  # noqa: E402

import yaml  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

FUZZ_EXAMPLES = 200
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30))
values = st.recursive(scalars, lambda children: st.one_of(st.lists(children, max_size=4),
                                                         st.dictionaries(st.text(max_size=10), children, max_size=4)),
                      max_leaves=12)


def loads_or_explains(raw: bytes) -> None:
    try:
        workshop_from_yaml(raw, 'fuzz.yaml')
    except ContentError as e:
        assert str(e).startswith('fuzz.yaml: ') and e.problems


@settings(max_examples=FUZZ_EXAMPLES, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_load_or_fail_with_a_message(raw):
    loads_or_explains(raw)


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=4), value=values)
def test_a_template_with_any_part_replaced_loads_or_fails_with_a_message(car_t_data, path, value):
    data = copy.deepcopy(car_t_data)
    node = data
    for step in path[:-1]:  # walk into the template, choosing keys/items by number
        children = list(node) if isinstance(node, dict) else node if isinstance(node, list) else None
        if not children:
            break
        key = children[step % len(children)] if isinstance(node, dict) else step % len(children)
        if not isinstance(node[key], (dict, list)):
            break
        node = node[key]
    if isinstance(node, dict) and node:
        node[list(node)[path[-1] % len(node)]] = value
    elif isinstance(node, list) and node:
        node[path[-1] % len(node)] = value
    loads_or_explains(yaml.safe_dump(data, allow_unicode=True).encode())


@pytest.fixture(scope='module')
def car_t_data():
    return yaml.safe_load(template_path('car-t-cell-therapy').read_text(encoding='utf-8'))


def test_settings_name_a_real_time_zone_and_combine_streams_the_workshop_has(car_t):
    from workshop.content import workshop_from_data, workshop_to_data
    data = workshop_to_data(car_t)
    data['settings']['time_zone'] = 'Middle/Earth'
    data['settings']['reporting_groups'] = [{'id': 'lived', 'label': 'Lived experience', 'streams': ['patients', 'x']},
                                            {'id': 'staff', 'label': 'Staff', 'streams': ['patients']}]
    with pytest.raises(ContentError) as caught:
        workshop_from_data(data, 'w.yaml')
    assert caught.value.problems == [
        "settings.time_zone: unknown time zone 'Middle/Earth' (expected a name such as Pacific/Auckland or UTC)",
        "settings.reporting_groups[0].streams[1]: no stream 'x' (streams: administrators, clinicians, patients, "
        "whanau)",
        "settings.reporting_groups[1].streams[0]: 'patients' is in lived already; a stream is reported once"]
    assert car_t.settings.time_zone == 'Pacific/Auckland'  # the CAR T template's default
