"""Small pieces the live pages share: the status region, buttons that send once, the countdown, group names.

The script below is ours (no user text reaches it): it makes a client-side id for each tap, so a retried message is
applied once, refuses to send while the connection is down (the status region then says "not sent"), and counts
down round timers in the browser, so a thousand phones need no message a second from the server.
"""
from __future__ import annotations

import asyncio
import json
import time
from contextlib import contextmanager
from html import escape
from typing import Any, Callable, Iterator

from nicegui import Client, ui

from workshop.domain import ranking
from workshop.domain.model import PREFER_NOT_TO_SAY
from workshop.live import LiveWorkshop
from workshop.ui.shared.lang import mark, t

_SCRIPT = '''
<script>
window.cwSkew = window.cwSkew || 0;  // set per page from the server's clock (`head`)
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
// What is sent alike to many pages (web/broadcast.py): `receive` gets each message of Socket.IO event `event` from
// when the page's socket exists (it is made once the whole page is mounted); returns what stops it.
window.cwListen = (event, receive) => {
  let stopped = false;
  const listen = () => {
    if (stopped) return;
    if (window.socket) window.socket.on(event, receive);
    else setTimeout(listen, 50);
  };
  listen();
  return () => {
    stopped = true;
    window.socket?.off(event, receive);
  };
};
setInterval(() => document.querySelectorAll('[data-cw-deadline]').forEach((el) => {
  const left = Math.round((Number(el.dataset.cwDeadline) - Date.now() - window.cwSkew) / 1000);
  const m = Math.floor(Math.max(left, 0) / 60), s = String(Math.max(left, 0) % 60).padStart(2, '0');
  const text = left > 0 ? el.dataset.cwTemplate.replace('{time}', m + ':' + s) : el.dataset.cwDone;
  if (el.textContent !== text) el.textContent = text;
}), 1000);
// The header and the footer stay in view: keep what gets keyboard focus clear of both (WCAG 2.4.11), however tall a
// status message makes the footer.
const cwBars = setInterval(() => {
  const bars = ['.q-header', '.q-footer'].map((s) => document.querySelector(s));
  if (!bars[0]) return;
  clearInterval(cwBars);
  const pad = () => Object.assign(document.documentElement.style, {
    scrollPaddingTop: ((bars[0] && bars[0].offsetHeight) || 0) + 8 + 'px',
    scrollPaddingBottom: ((bars[1] && bars[1].offsetHeight) || 0) + 8 + 'px'});
  const watch = new ResizeObserver(pad);
  bars.forEach((bar) => bar && watch.observe(bar));
}, 100);
</script>
<style>
  .cw-offline > [data-cw-status] { display: none; }
  .cw-big .q-btn { min-height: 48px; min-width: 48px; }
  .cw-big .q-radio, .cw-big .q-checkbox, .cw-big .q-toggle { min-height: 44px; }
  .cw-big .q-btn-toggle .q-btn { min-width: 48px; }
  .q-header a { display: inline-flex; align-items: center; min-height: 44px; }
  @media (max-width: 400px) {  /* a phone: the name and the page on one line, and the width for the words */
    .q-header a { font-size: 1rem; }
    .nicegui-content { padding-left: 0.75rem; padding-right: 0.75rem; }
  }
  body { font-family: system-ui, -apple-system, 'Segoe UI', 'Helvetica Neue', Arial, sans-serif; }
</style>
'''
SEND = '() => window.cwSend(emit)'  # js_handler for a button whose click carries a fresh op id


def shared_head() -> None:
    """Our script and styles, once for every page (not a copy per open page): the system font, so phones download
    no web font (Roboto is 55-70 KiB), the op ids, the countdowns."""
    if _SCRIPT not in Client.shared_head_html:
        ui.add_head_html(_SCRIPT, shared=True)


def head() -> None:
    """The server's clock for this page, so countdowns agree with the server on a phone whose clock is off."""
    ui.add_head_html(f'<script>window.cwSkew = {int(time.time() * 1000)} - Date.now();</script>')


# Material icons as SVG paths: with them, a phone need not download the 125 KiB icon font for an arrow
EXPAND_ICON = 'M7.41 8.59 12 13.17l4.59-4.58L18 10l-6 6-6-6 1.41-1.41z|0 0 24 24'
LOCATION_ICON = ('M12 8c-2.21 0-4 1.79-4 4s1.79 4 4 4 4-1.79 4-4-1.79-4-4-4zm8.94 3A8.994 8.994 0 0 0 13 3.06V1h-2v2.06'
                 'A8.994 8.994 0 0 0 3.06 11H1v2h2.06A8.994 8.994 0 0 0 11 20.94V23h2v-2.06A8.994 8.994 0 0 0 20.94 13'
                 'H23v-2h-2.06zM12 19c-3.87 0-7-3.13-7-7s3.13-7 7-7 7 3.13 7 7-3.13 7-7 7z|0 0 24 24')  # "my location"


def expansion(text: str, **kwargs) -> ui.expansion:
    """A fold-out section (ui.expansion) that draws its arrow without the icon font."""
    return ui.expansion(text, **kwargs).props(f'expand-icon="{EXPAND_ICON}"')


@contextmanager
def transient_dialog() -> Iterator[ui.dialog]:
    """A dialog built when it is opened and deleted, with what it holds, when it is closed. NiceGUI leaves a hidden
    'canary' element where a dialog is made and keeps the dialog alive for as long as the canary lives, so every
    dialog opened and closed stayed in the page's memory until the person left (and one still open at exit failed
    in NiceGUI's finaliser). Made inside a hidden holder that goes with it, a closed dialog leaves nothing behind; if
    the part of the page it was opened from is rebuilt, it still goes with that part, as NiceGUI intends."""
    with ui.element().classes('hidden') as holder:
        dialog = ui.dialog()

    def gone() -> None:
        for element in (dialog, holder):
            if not element.is_deleted:
                element.delete()
    # once the handler that closed it has finished: it may still say something from inside the dialog
    dialog.on_value_change(lambda e: None if e.value else asyncio.get_running_loop().call_soon(gone))
    with dialog:
        yield dialog


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
    return dict(live.workshop.reporting_groups()).get(group, group)


def hidden_reason(live: LiveWorkshop, figures: Any) -> str:
    """Why a group's own figures are hidden (ranking.suppress), in the page's language."""
    if figures.reason == ranking.COMPLEMENT_REASON:
        return t('group_hidden_complement')
    return t('group_hidden_small', threshold=live.workshop.settings.suppression_threshold)


def groups_in_order(live: LiveWorkshop) -> list[str]:
    return [*live.groups(), PREFER_NOT_TO_SAY]


def improvement_title(live: LiveWorkshop, improvement_id: str) -> str:
    improvement = live.workshop.improvement(improvement_id)
    return improvement.title if improvement else improvement_id


def heading_html(shown: dict, level: int = 2, classes: str = 'text-xl font-semibold') -> str:
    """A heading as HTML, for a ui.html that holds several lines of text as one element (one element costs the
    server less than several). `shown` is idea_list.text(...): the words are escaped, their language marked."""
    return f'<div role="heading" aria-level="{level}" class="{classes}"{_lang(shown)}>{escape(shown["t"])}</div>'


def text_html(shown: dict, classes: str = '') -> str:
    return f'<div class="{classes}"{_lang(shown)}>{escape(shown["t"])}</div>'


def _lang(shown: dict) -> str:
    return ' lang="mi"' if shown.get('l') == 'mi' else ''


def heading(text: str, level: int = 2, classes: str = 'text-xl font-semibold') -> ui.label:
    return ui.label(text).classes(classes).props(f'role=heading aria-level={level}')


def set_text(element: ui.label | ui.button, text: str) -> None:
    """Change shown text only when it differs: every change is a message to that browser."""
    if element.text != text:
        element.set_text(text)


def pressed(button: ui.button, on: bool) -> None:
    """Show a chosen button as chosen by its look AND its aria-pressed state (colour never the only carrier)."""
    button.props(remove='outline unelevated')
    button.props(f'aria-pressed={json.dumps(on)} {"unelevated" if on else "outline"}')


@contextmanager
def dialog_card(name: str, *, wide: bool = False) -> Iterator[tuple[ui.dialog, ui.column]]:
    """A dialog that is built when opened and deleted when closed, with a Close button after its body; `wide`: the
    whole screen (the journey map), with Close first, as the body is long and a phone has no Escape key."""
    with transient_dialog() as dialog, ui.card().classes('w-full cw-big gap-3' + ('' if wide else ' max-w-xl')) as card:
        if wide:
            dialog.props('maximized')
        card.props['role'] = 'dialog'
        card.props['aria-modal'] = 'true'
        card.props['aria-label'] = name  # as data: any text is safe
        if wide:
            mark(ui.button(t('close'), on_click=dialog.close).props('no-caps outline'), 'close').mark('close')
        body = ui.column().classes('w-full gap-3')
        if not wide:
            mark(ui.button(t('close'), on_click=dialog.close).props('no-caps outline'), 'close').mark('close')
    with body:
        yield dialog, body
    dialog.open()
