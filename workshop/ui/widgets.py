"""Small pieces the live pages share: the status region, buttons that send once, the countdown, group names.

The script below is ours (no user text reaches it): it makes a client-side id for each tap, so a retried message is
applied once, refuses to send while the connection is down (the status region then says "not sent"), and counts
down round timers in the browser, so a thousand phones need no message a second from the server.
"""
from __future__ import annotations

import json
import time
from typing import Any, Callable

from nicegui import ui

from workshop.live import LiveWorkshop
from workshop.model import PREFER_NOT_TO_SAY
from workshop.ui.lang import t

_SCRIPT = '''
<script>
window.cwSkew = %s - Date.now();
window.cwOp = () => (window.crypto && crypto.randomUUID) ? crypto.randomUUID()
  : Date.now().toString(36) + '-' + Math.random().toString(36).slice(2);
window.cwSend = (emit) => {  // the note is a node of its own: the server never changes it, so Vue never fights us
  const note = document.querySelector('[data-cw-offline]');
  const online = window.socket && window.socket.connected && window.did_handshake;
  if (note) {
    note.textContent = online ? '' : note.dataset.offline;
    note.parentElement.classList.toggle('cw-offline', !online);
  }
  if (online) emit(window.cwOp());
};
setInterval(() => document.querySelectorAll('[data-cw-deadline]').forEach((el) => {
  const left = Math.round((Number(el.dataset.cwDeadline) - Date.now() - window.cwSkew) / 1000);
  const m = Math.floor(Math.max(left, 0) / 60), s = String(Math.max(left, 0) %% 60).padStart(2, '0');
  const text = left > 0 ? el.dataset.cwTemplate.replace('{time}', m + ':' + s) : el.dataset.cwDone;
  if (el.textContent !== text) el.textContent = text;
}), 1000);
</script>
<style>
  .cw-offline > [data-cw-status] { display: none; }
  .cw-big .q-btn { min-height: 48px; min-width: 48px; }
  .cw-big .q-radio, .cw-big .q-checkbox, .cw-big .q-toggle { min-height: 44px; }
  .cw-big .q-btn-toggle .q-btn { min-width: 48px; }
</style>
'''
SEND = '() => window.cwSend(emit)'  # js_handler for a button whose click carries a fresh op id


def head() -> None:
    ui.add_head_html(_SCRIPT % int(time.time() * 1000))


def status_region() -> ui.label:
    """Announced politely by screen readers; focus never moves to it (WCAG 4.1.3)."""
    with ui.element('div').classes('min-h-6 font-medium text-teal-900').props('role=status aria-live=polite'):
        region = ui.label('').props('data-cw-status').mark('status')
        note = ui.label('').props('data-cw-offline')  # "not sent", written by window.cwSend while offline
        note.props['data-offline'] = t('not_sent_offline')
    return region


def send_button(text: str, handler: Callable[[str | None], Any], **props: str) -> ui.button:
    """A button whose handler gets the op id of this one tap (None in simulated tests: a fresh one is made)."""
    button = ui.button(text).props('no-caps')
    button.on('click', lambda e: handler(e.args if isinstance(e.args, str) else None), js_handler=SEND)
    for name, value in props.items():
        button.props[name.replace('_', '-')] = value  # set as data, so any text is safe
    return button


def countdown() -> ui.label:
    """A label that counts down to a round's end in the browser; set its deadline with `set_deadline`."""
    label = ui.label('').classes('font-semibold')
    label.props['data-cw-template'] = t('time_left')
    label.props['data-cw-done'] = t('time_up')
    return label


def set_deadline(label: ui.label, closes_at: float | None) -> None:
    if closes_at:
        label.props['data-cw-deadline'] = str(int(closes_at * 1000))
        label.set_visibility(True)
    else:
        label.props.pop('data-cw-deadline', None)
        label.set_visibility(False)


def group_name(live: LiveWorkshop, group: str) -> str:
    if group == PREFER_NOT_TO_SAY:
        return t('group_prefer_not_to_say')
    stream = live.workshop.stream(group)
    return stream.label if stream else group


def groups_in_order(live: LiveWorkshop) -> list[str]:
    return [*live.groups(), PREFER_NOT_TO_SAY]


def improvement_title(live: LiveWorkshop, improvement_id: str) -> str:
    improvement = live.workshop.improvement(improvement_id)
    return improvement.title if improvement else improvement_id


def heading(text: str, level: int = 2, classes: str = 'text-xl font-semibold') -> ui.label:
    return ui.label(text).classes(classes).props(f'role=heading aria-level={level}')


def pressed(button: ui.button, on: bool) -> None:
    """Show a chosen button as chosen by its look AND its aria-pressed state (colour never the only carrier)."""
    button.props(remove='outline unelevated')
    button.props(f'aria-pressed={json.dumps(on)} {"unelevated" if on else "outline"}')
