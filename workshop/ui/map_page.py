"""The journey map of a workshop, read-only: stages in order, themes per stakeholder stream."""
from __future__ import annotations

from nicegui import ui

from workshop.store import StoreError
from workshop.ui.context import AppContext
from workshop.ui.frame import frame
from workshop.ui.journey_map import journey_map


def register(ctx: AppContext) -> None:
    @ui.page('/w/{workshop_id}/map')
    def map_page(workshop_id: str) -> None:
        try:
            live = ctx.registry.get(workshop_id)
        except StoreError:
            with frame('Workshop not found'):
                ui.label('There is no workshop at this address. Check the link you were given.')
            return
        with frame(live.workshop.title, subtitle='Journey map'):
            if live.workshop.purpose:
                ui.label(live.workshop.purpose)
            journey_map(live)
