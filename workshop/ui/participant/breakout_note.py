"""On a participant's page: which breakout they are in and its video room (a link opens in a new tab; only http(s)
links are made clickable), nothing while no breakouts run; and the pairing between a patient and their support
person: the patient's pairing code (to read out or show), or the support person's "you are paired".

Escaped HTML for the page's one "now" element rather than elements of its own: the server holds every element of
every open page, and five more per phone were some 25 MB at a thousand phones. The page redraws it on every change of
the breakouts (splits, moves, rooms, pairing)."""
from __future__ import annotations

from html import escape

from workshop.live import LiveWorkshop
from workshop.ui.shared import widgets
from workshop.ui.shared.lang import text


def breakout_html(live: LiveWorkshop, participant: str) -> str:
    html = ''
    if breakout := live.breakout_of(participant):
        html += widgets.text_html(text('breakout_you_are_in', n=int(breakout[1:])), 'text-lg font-semibold mt-2')
        room = live.state.breakouts.breakouts[breakout].room
        clickable = room.startswith(('https://', 'http://')) and ' ' not in room
        if room:
            html += widgets.text_html(text('breakout_room_is', room='' if clickable else room))
        if clickable:
            html += (f'<a href="{escape(room, quote=True)}" target="_blank" rel="noopener noreferrer" '
                     f'class="text-lg underline break-all">{escape(room)}</a>')
    if live.supports_whom(participant):
        html += widgets.text_html(text('pair_paired'), 'text-lg')
    elif live.shows_pair_code(participant):
        html += widgets.text_html(text('pair_code_yours', code=live.pair_code(participant)), 'text-lg')
    return html
