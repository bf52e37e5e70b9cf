"""Home: the workshops in this data folder, for the facilitator on the machine that runs the app."""
from __future__ import annotations

from nicegui import ui

from workshop import links
from workshop.store import normalise_join_code
from workshop.ui.context import AppContext
from workshop.ui.frame import APP_NAME, frame


def register(ctx: AppContext) -> None:
    @ui.page('/')
    def home() -> None:
        with frame(APP_NAME):
            ui.label('Health-service co-design workshops: a journey map everyone can see, live voting on '
                     'improvements, and a ranked list to take to the board.')
            _join_box()
            if ctx.exposed:
                return  # on a public address, the list would hand out every join code
            rows = ctx.store.workshops()
            ui.label('Workshops on this machine').classes('text-xl font-semibold mt-4').props(
                'role=heading aria-level=2')
            if not rows:
                ui.label('No workshops yet. Create one with: workshop new --template car-t-cell-therapy')
            for row in rows:
                with ui.card().classes('w-full').props('flat bordered'):
                    ui.label(row.title).classes('text-lg font-semibold').props('role=heading aria-level=3')
                    ui.label(f'Join code {links.spaced(row.join_code)}')
                    with ui.row():
                        ui.link('Journey map', f'/w/{row.id}/map')
                        ui.link('Participant link', f'/join/{row.join_code}')


def _join_box() -> None:
    with ui.row().classes('items-end gap-2'):
        code = ui.input('Join code', placeholder='e.g. ACD 479').props('outlined autocomplete=off')
        ui.button('Join', on_click=lambda: ui.navigate.to(f'/join/{normalise_join_code(code.value or "")}'))
