"""The breakout note on a participant's page: which breakout and its video room, as the page shows them, with a room
typed by a facilitator treated as untrusted text (only a plain http(s) address becomes a link)."""
from nicegui import ui
from nicegui.testing import User

from tests.support.steps import join
from workshop.live import FACILITATOR, Actor

LEAD = Actor(role=FACILITATOR)


def now_html(user: User) -> str:
    """The page's one "now" element, where the breakout note is drawn."""
    return next(e.content for e in user.find(kind=ui.html).elements
                if 'Your group' in e.content)


async def test_a_participant_sees_their_breakout_and_a_room_link_that_opens_in_a_new_tab(user: User, workshop):
    created, live = workshop
    await join(user, created.join_code, 'Patients')
    me = next(iter(live.state.participants))
    await user.should_not_see('You are in breakout')
    live.set_breakouts(LEAD, [[me]])
    await user.should_see('You are in breakout 1.')
    live.set_breakout_room(LEAD, 'b1', 'https://video.example.org/room-1?pwd=a&b="c"')
    await user.should_see('Video room:')
    html = now_html(user)
    assert ('<a href="https://video.example.org/room-1?pwd=a&amp;b=&quot;c&quot;" target="_blank" '
            'rel="noopener noreferrer"') in html
    live.end_breakouts(LEAD)
    await user.should_not_see('You are in breakout')
    assert 'video.example.org' not in now_html(user)


async def test_a_hostile_room_is_shown_as_words_never_as_markup_or_a_link(user: User, workshop):
    created, live = workshop
    await join(user, created.join_code, 'Patients')
    me = next(iter(live.state.participants))
    live.set_breakouts(LEAD, [[me]])
    for room in ('<img src=x onerror=alert(1)>', 'javascript:alert(1)', 'https://x.org/" onclick="alert(1)'):
        live.set_breakout_room(LEAD, 'b1', room)
        await user.should_see('Video room:')
        html = now_html(user)
        assert '<img' not in html and 'href="javascript' not in html and '<a ' not in html, html
        assert 'onclick="' not in html and 'onerror=alert(1)>' not in html
