"""The facilitation team as the log holds it: links kept as salted hashes, revocation, names in the audit trail, and
what each facilitator action did in catalogue words."""
import re
from pathlib import Path

from workshop import i18n
from workshop.domain import team
from workshop.live import FACILITATOR, HOST, Actor, LiveWorkshop

ROOT = Path(__file__).resolve().parents[1]

LEAD_FACILITATOR = Actor(role=FACILITATOR)


def test_a_link_opens_only_its_own_workshop_and_only_until_revoked(store, car_t):
    live = LiveWorkshop(store, store.create_workshop(car_t).id)
    cohost_id, token = live.add_cohost(LEAD_FACILITATOR, 'Rewi', 'facilitator')
    assert live.cohost_for_token(token) == Actor(role=FACILITATOR, cohost=cohost_id)
    assert live.cohost_for_token(token[:-1] + 'x') is None
    # the same log imported as a new workshop (an archive restored elsewhere) does not take the old link
    events = [{'type': e.type, 'actor': e.actor, 'payload': e.payload, 'at': e.at} for e in store.events(live.id)]
    copy = LiveWorkshop(store, store.create_workshop(car_t, events).id)
    assert copy.state.team.get_active(cohost_id) is not None and copy.cohost_for_token(token) is None
    live.revoke_cohost(LEAD_FACILITATOR, cohost_id)
    assert live.cohost_for_token(token) is None
    assert [who for _, who, _ in live.facilitation_log()] == ['facilitator', 'facilitator']


def test_the_audit_trail_says_in_words_who_did_what(store, car_t):
    live = LiveWorkshop(store, store.create_workshop(car_t).id)
    rewi_id, _ = live.add_cohost(LEAD_FACILITATOR, 'Rewi', 'facilitator')
    mere_id, _ = live.add_cohost(LEAD_FACILITATOR, 'Mere', 'host')
    rewi, mere = Actor(role=FACILITATOR, cohost=rewi_id), Actor(role=HOST, cohost=mere_id)
    for n, group in enumerate(['patients', 'clinicians', 'whanau', 'clinicians']):
        live.join(f'p{n}', group=group)
    live.split_breakouts(rewi, 2)
    live.assign_host(LEAD_FACILITATOR, 'b1', mere_id)
    live.set_breakout_room(mere, 'b1', 'Zoom room 1')
    number = live.create_round(mere, 'dots', breakout='b1')
    live.open_round(mere, number)
    live.close_round(mere, number)
    live.reveal(mere, number)
    live.move_to_breakout(rewi, 'p0', '')
    live.lock(LEAD_FACILITATOR)
    said = [(live.state.team.name_of(line.actor), i18n.text(line.key, 'en', **line.params).text)
            for line in live.audit_trail()]
    assert said == [('facilitator', 'Rewi added to the team'), ('facilitator', 'Mere added to the team'),
                    ('Rewi (co-facilitator)', 'people split into 2 breakouts'),
                    ('facilitator', 'breakout 1: host set'), ('Mere (breakout host)', 'breakout 1: video room set'),
                    ('Mere (breakout host)', 'round 1 created'), ('Mere (breakout host)', 'round 1 opened'),
                    ('Mere (breakout host)', 'round 1 closed'), ('Mere (breakout host)', 'results of round 1 shown'),
                    ('Rewi (co-facilitator)', 'someone moved back with everyone'), ('facilitator', 'workshop locked')]
    assert 'p0' not in str(said)  # who was moved is not the trail's to say


def test_every_facilitator_action_the_code_records_has_its_own_words():
    recorded = set()
    for path in (ROOT / 'workshop').glob('live*.py'):
        for match in re.finditer(r"_record\('(\w+)',(?:[^()]|\([^()]*\))*?actor=(actor\.log_name|LEAD)\b",
                                 path.read_text(encoding='utf-8')):
            recorded.add(match.group(1))
    assert {'round_opened', 'breakout_updated', 'cohost_added'} <= recorded  # the search finds them
    for type_ in recorded | {'session_started', 'session_ended'}:
        for payload in ({}, {'round': 2, 'breakout': 'b2', 'revealed': False, 'locked': False, 'hidden': False},
                        {'breakout': 'b1', 'focus': 'consent'}, {'breakout': 'b1', 'host': 'c1'}):
            key, params = team.audit_action(type_, payload)
            assert key != 'audit_other', type_
            assert i18n.text(key, 'en', **params).text, (type_, key)
    assert team.audit_action('shortlist_made_twice', {}) == ('audit_other', {'what': 'shortlist made twice'})
