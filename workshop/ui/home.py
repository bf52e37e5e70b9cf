"""Home: a box to type a join code; the list of workshops only for whoever runs the server.

The list hands out every join code, so it is shown only to a browser that opened `/?admin=TOKEN` with the token the
app prints when it starts (kept in memory, new at every start), whatever address the app listens on and whether or
not a proxy stands in front of it. The token leaves the address bar at once.
"""
from __future__ import annotations

import hmac

from nicegui import ui
from starlette.responses import RedirectResponse

from workshop.domain import links
from workshop.ui.shared.frame import frame
from workshop.ui.shared.lang import label, t
from workshop.web import access
from workshop.web.context import AppContext


def register(ctx: AppContext) -> None:
    @ui.page('/')
    def home(admin: str | None = None):
        if admin is not None:
            if ctx.home_token and hmac.compare_digest(admin.encode(), ctx.home_token.encode()):
                ctx.home_sessions.add(access.session_key())
            else:
                ctx.limiter.failed(access.client_address())
            return RedirectResponse('/', status_code=303)
        with frame(t('app_name')):
            label('home_intro')
            _join_box()
            if access.session_key() not in ctx.home_sessions:
                return None
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
        return None


def _join_box() -> None:
    with ui.row().classes('items-end gap-2'):
        code = ui.input(t('join_code'), placeholder=t('join_code_example')).props('outlined autocomplete=off')
        ui.button(t('join'), on_click=lambda: ui.navigate.to(f'/join/{links.normalise_join_code(code.value or "")}')).props(
            'no-caps unelevated')
