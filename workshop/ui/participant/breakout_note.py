"""On a participant's page: which breakout they are in and its video room (a link opens in a new tab; only http(s)
links are made clickable), hidden while no breakouts run and following splits, moves and room changes; and the
pairing between a patient and their support person: the patient's pairing code (to read out or show), or the
support person's "you are paired"."""
from __future__ import annotations

from nicegui import ui

from workshop.live import LiveWorkshop
from workshop.ui.shared import widgets
from workshop.ui.shared.lang import t


class BreakoutNote:
    def __init__(self, live: LiveWorkshop, participant: str) -> None:
        self.live, self.participant = live, participant
        with ui.column().classes('gap-0').mark('breakout') as self.box:
            self.where = ui.label('').classes('text-lg font-semibold')
            self.room = ui.label('')
            self.link = ui.link('', '#', new_tab=True).classes('text-lg underline break-all')
        self.pairing = ui.label('').classes('text-lg').mark('pairing')
        self.show()
        live.breakouts_changed.subscribe(self.show)

    def show(self) -> None:
        breakout = self.live.breakout_of(self.participant)
        room = self.live.state.breakouts.breakouts[breakout].room if breakout else ''
        clickable = room.startswith(('https://', 'http://')) and ' ' not in room
        widgets.set_text(self.where, t('breakout_you_are_in', n=int(breakout[1:])) if breakout else '')
        # no room: no text at all (a hidden "Video room:" with nothing after it is still sent to the browser)
        widgets.set_text(self.room, t('breakout_room_is', room='' if clickable else room) if room else '')
        if clickable and self.link.props.get('href') != room:
            self.link.props['href'] = room
            self.link.set_text(room)
        self.box.set_visibility(bool(breakout))
        self.room.set_visibility(bool(room))
        self.link.set_visibility(clickable)
        live, me = self.live, self.participant
        pairing = (t('pair_paired') if live.supports_whom(me) else
                   t('pair_code_yours', code=live.pair_code(me)) if live.shows_pair_code(me) else '')
        widgets.set_text(self.pairing, pairing)
        self.pairing.set_visibility(bool(pairing))
