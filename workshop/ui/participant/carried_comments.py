"""In a project's joint event, an idea's thread starts with what the earlier events said about it (carried with its
priorities, workshop/domain/project.py): the words and the event's name, never a name or a group."""
from __future__ import annotations

from nicegui import ui

from workshop.live import LiveWorkshop
from workshop.ui.shared import widgets
from workshop.ui.shared.lang import t


def carried_comments(live: LiveWorkshop, target_kind: str, target_id: str) -> None:
    items = live.state.carried.get(target_id, []) if target_kind == 'improvement' else []
    if not items:
        return
    widgets.heading(t('carried_heading'), level=3, classes='font-semibold')
    with ui.element('ul').classes('list-none p-0 m-0').mark('carried-comments'):
        for item in items:
            with ui.element('li').classes('mb-2'):
                ui.label(t('carried_line', event=item['event'], text=item['text']))
