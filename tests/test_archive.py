"""The json archive: everything about a workshop, re-importable without loss; hostile archives are refused whole."""
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exports.archive import FORMAT, read_archive
from workshop import service
from workshop.content import ContentError


@pytest.fixture
def archive(store, car_t):
    workshop_id = store.create_workshop(car_t).id
    store.append(workshop_id, 'participant_joined', {'participant': 'p-1', 'group': 'patients', 'display_name': 'Aroha',
                                                     'supported': False})
    store.append(workshop_id, 'consent_given', {'participant': 'p-1', 'version': '1', 'take_part': True,
                                                'research_use': True, 'quotes': 'anonymous'})
    return json.loads(service.export(store, workshop_id, 'json'))


def test_the_archive_holds_content_participants_and_events_without_names(archive):
    assert archive['format'] == FORMAT and len(archive['stages']) == 11
    assert archive['participants'][0]['id'] == 'p-1' and 'display_name' not in archive['participants'][0]
    assert [e['type'] for e in archive['events']] == ['participant_joined', 'consent_given']


def test_an_archive_reads_back_as_the_same_content_and_events(archive):
    workshop, events = read_archive(json.dumps(archive).encode(), 'a.json')
    assert len(workshop.themes) == len(archive['themes']) and [e['type'] for e in events] == [
        'participant_joined', 'consent_given']


@pytest.mark.parametrize('mutate, message', [
    (lambda a: a.update(format='something else'), "format: expected 'codesign-workshop-archive'"),
    (lambda a: a.update(version=99), 'version: expected 1, found 99'),
    (lambda a: a['events'].append({'type': 'vote_cast', 'payload': [], 'at': 1}),
     'events[2].payload: expected a mapping'),
    (lambda a: a['stages'].append({'id': 'extra'}), 'stages[11].title: missing (required)'),
])
def test_a_damaged_archive_names_what_is_wrong(archive, mutate, message):
    mutate(archive)
    with pytest.raises(ContentError, match=re.escape(message)):
        read_archive(json.dumps(archive).encode(), 'a.json')


FUZZ_EXAMPLES = 200
json_values = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                                     st.text(max_size=20)),
                           lambda c: st.one_of(st.lists(c, max_size=4), st.dictionaries(st.text(max_size=8), c,
                                                                                          max_size=4)), max_leaves=10)


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(['workshop', 'streams', 'stages', 'themes', 'improvements', 'events', 'participants']),
       value=json_values)
def test_any_part_of_an_archive_replaced_reads_or_fails_with_a_message(archive, key, value):
    damaged = {**archive, key: value}
    try:
        read_archive(json.dumps(damaged).encode(), 'a.json')
    except ContentError as e:
        assert e.problems


@settings(max_examples=FUZZ_EXAMPLES, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_are_refused_with_a_message(raw):
    with pytest.raises(ContentError):
        read_archive(raw, 'a.json')


def test_names_leave_only_when_the_lead_asks_and_never_quotes_never_leave(store, car_t):
    car_t.themes[0].quotes[0].consent = 'never'
    kept_quote = car_t.themes[0].quotes[0].text
    workshop_id = store.create_workshop(car_t).id
    store.append(workshop_id, 'participant_joined', {'participant': 'p-2', 'group': 'whanau', 'display_name': 'Mere',
                                                     'supported': False})
    store.append(workshop_id, 'consent_given', {'participant': 'p-2', 'version': '1', 'take_part': True,
                                                'research_use': False, 'quotes': 'never'})
    store.append(workshop_id, 'comment_added', {'comment': 'c1', 'participant': 'p-2', 'target_kind': 'stage',
                                                'target_id': 'travel', 'kind': 'clarify', 'text': 'My own story'})
    plain = service.export(store, workshop_id, 'json').decode()
    named = service.export(store, workshop_id, 'json', identified=True).decode()
    assert 'Mere' not in plain and 'Mere' in named
    for text in (plain, named):
        assert 'My own story' not in text and kept_quote not in text


def test_a_withdrawn_participants_words_leave_the_archive(store, car_t):
    from workshop.live import PARTICIPANT, Actor, LiveWorkshop
    live = LiveWorkshop(store, store.create_workshop(car_t).id)
    live.join('p-3', group='patients')
    actor = Actor(role=PARTICIPANT, participant='p-3')
    live.comment(actor, 'stage', 'travel', 'clarify', 'We drove nine hours')
    live.withdraw(actor)
    archive = service.export(store, live.id, 'json').decode()
    assert 'We drove nine hours' not in archive and '"consent_withdrawn"' in archive
