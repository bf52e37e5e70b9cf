"""The facilitation team as the log holds it: links kept as salted hashes, revocation, names in the audit trail."""
from workshop.live import FACILITATOR, Actor, LiveWorkshop

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
