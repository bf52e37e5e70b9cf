"""On the participant page of a workshop with rounds over days: give (or remove) an address to be reminded while
voting is open. Kept apart from votes and deleted with the workshop (workshop/reminders.py)."""
from __future__ import annotations

from typing import Callable

from nicegui import ui

from workshop.live import Actor, LiveWorkshop, Refused
from workshop.ui.shared import widgets
from workshop.ui.shared.widgets import dialog_card
from workshop.ui.shared.lang import label, mark, refusal, t


def reminder_button(live: LiveWorkshop, actor: Actor, say: Callable[[str], None]) -> None:
    """Offered only where people take part over days (a round has a schedule)."""
    button = ui.button(t('remind_button'), on_click=lambda: reminder_dialog(live, actor, say)).props(
        'no-caps outline').mark('remind')
    mark(button, 'remind_button')
    scheduled = lambda: any(r.opens_at is not None for r in live.state.rounds.values())  # noqa: E731
    button.set_visibility(scheduled())
    live.round_changed.subscribe(lambda: not button.is_deleted and button.set_visibility(scheduled()))


def reminder_dialog(live: LiveWorkshop, actor: Actor, say: Callable[[str], None]) -> None:
    with dialog_card(t('remind_heading')) as (dialog, _):
        widgets.heading(t('remind_heading'))
        label('remind_explain')
        address = ui.input(t('remind_address'), value=live.reminder_address(actor.participant)).props(
            'outlined type=email autocomplete=email').classes('w-full').mark('remind-address')
        note = ui.label('').props('role=status aria-live=polite').classes('font-medium')

        def save(value: str | None) -> None:
            try:
                live.set_reminder_address(actor, value)
            except Refused as e:
                note.set_text(refusal(e))  # nothing saved: the dialog stays with what was typed
                return
            say(t('remind_saved') if value is not None else t('remind_removed'))
            dialog.close()
        with ui.row():
            ui.button(t('save'), on_click=lambda: save(address.value or '')).props('no-caps unelevated').mark(
                'remind-save')
            if address.value:  # only an address given before can be removed
                ui.button(t('remind_remove'), on_click=lambda: save(None)).props('no-caps outline').mark(
                    'remind-remove')
