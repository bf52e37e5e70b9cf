"""Home: the workshops in this data folder, for the facilitator on the machine that runs the app."""
from __future__ import annotations

from nicegui import ui

from workshop import links
from workshop.store import normalise_join_code
from workshop.ui.context import AppContext
from workshop.ui.frame import frame
from workshop.ui.lang import label, t


def register(ctx: AppContext) -> None:
    @ui.page('/')
    def home() -> None:
        with frame(t('app_name')):
            label('home_intro')
            _join_box()
            if ctx.exposed:
                return  # on a public address, the list would hand out every join code
            rows = ctx.store.workshops()
            ui.label(t('home_workshops')).classes('text-xl font-semibold mt-4').props('role=heading aria-level=2')
            if not rows:
                label('home_none')
            for row in rows:
                with ui.card().classes('w-full').props('flat bordered'):
                    ui.label(row.title).classes('text-lg font-semibold').props('role=heading aria-level=3')
                    ui.label(t('join_code_is', code=links.spaced(row.join_code)))
                    with ui.row():
                        ui.link(t('home_map_link'), f'/w/{row.id}/map')
                        ui.link(t('home_participant_link'), f'/join/{row.join_code}')


def _join_box() -> None:
    with ui.row().classes('items-end gap-2'):
        code = ui.input(t('join_code'), placeholder=t('join_code_example')).props('outlined autocomplete=off')
        ui.button(t('join'), on_click=lambda: ui.navigate.to(f'/join/{normalise_join_code(code.value or "")}')).props(
            'no-caps unelevated')
