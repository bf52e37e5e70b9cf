"""The journey map of a workshop, read-only: the interactive map, and the whole map as a picture to download."""
from __future__ import annotations

import base64

from nicegui import run, ui
from starlette.responses import RedirectResponse

from journey_maps.render import RenderError, render
from workshop.live import FACILITATOR, LiveWorkshop
from workshop.ui.shared.frame import frame, live_or_not_found
from workshop.ui.shared.journey_map import LINK_STYLE, journey_map
from workshop.ui.shared.lang import t
from workshop.web import access
from workshop.web.context import AppContext


def register(ctx: AppContext) -> None:
    @ui.page('/w/{workshop_id}/map')
    def map_page(workshop_id: str, token: str | None = None):
        live = live_or_not_found(ctx, workshop_id)
        if live is None:
            return None
        facilitator = access.role_door(ctx, workshop_id, FACILITATOR, token)  # may move the focus from the map
        if isinstance(facilitator, RedirectResponse):
            return facilitator
        with frame(live.workshop.title, subtitle=t('map_heading')):
            if live.workshop.purpose:
                ui.label(live.workshop.purpose)
            if facilitator is not None:
                ui.link(t('map_edit_link'), f'/w/{workshop_id}/edit').style(LINK_STYLE)
            journey_map(live, facilitator=facilitator)
            picture(ctx, live)


def picture(ctx: AppContext, live: LiveWorkshop) -> None:
    """The Graphviz overview, drawn when asked for (off the event loop) and offered as SVG and PNG."""
    async def draw(fmt: str) -> bytes | None:
        try:
            return await run.io_bound(render, live.workshop, fmt, focus=live.state.focus, executable=ctx.config.dot)
        except RenderError as e:
            ui.notify(t('map_picture_failed', reason=str(e)), type='warning', multi_line=True)
            return None

    async def show() -> None:
        svg = await draw('svg')
        if svg is None:
            return
        holder.clear()
        with holder:
            image = ui.element('img').classes('max-w-none')
            image.props['src'] = 'data:image/svg+xml;base64,' + base64.b64encode(svg).decode('ascii')
            image.props['alt'] = t('map_picture_alt')

    async def download(fmt: str) -> None:
        data = await draw(fmt)
        if data is not None:
            ui.download.content(data, f'journey-map-{live.id}.{fmt}', 'image/svg+xml' if fmt == 'svg' else 'image/png')

    with ui.expansion(t('map_picture_heading')).classes('w-full').props('header-class="text-lg font-semibold"'):
        with ui.row().classes('gap-2'):
            ui.button(t('map_picture_show'), on_click=show).props('no-caps outline color=teal-9').mark('picture-show')
            ui.button(t('map_picture_svg'), on_click=lambda: download('svg')).props('no-caps outline color=teal-9')
            ui.button(t('map_picture_png'), on_click=lambda: download('png')).props('no-caps outline color=teal-9')
        holder = ui.element('div').classes('w-full overflow-x-auto')
