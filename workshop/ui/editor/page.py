"""The facilitator's editor at /w/{id}/edit: stages, groups, themes and ideas, and content workbooks.

Every edit is made on a copy (journey_maps.edit), validated, and only then saved with LiveWorkshop.save_content,
which tells every open view; a refused edit shows its reason and changes nothing. Only the facilitator link opens
the page, and LiveWorkshop checks the role again on every save.
"""
from __future__ import annotations

import textwrap
from typing import Any

from nicegui import ui

from journey_maps import edit
from journey_maps.model import stage_order
from workshop.domain.model import Workshop
from workshop.live import FACILITATOR, Actor, LiveWorkshop, Refused
from workshop.ui.editor.files import import_panel
from workshop.ui.editor.forms import delete_dialog, item_form
from workshop.ui.shared import widgets
from workshop.ui.shared.frame import frame, live_or_not_found, role_door
from workshop.ui.shared.journey_map import LINK_STYLE
from workshop.ui.shared.lang import refusal, t
from workshop.web.context import AppContext

KINDS = ('stages', 'streams', 'themes', 'improvements')


def register(ctx: AppContext) -> None:
    @ui.page('/w/{workshop_id}/edit')
    def edit_page(workshop_id: str, token: str | None = None):
        actor = role_door(ctx, workshop_id, FACILITATOR, token, 'facilitator_link_needed')
        if not isinstance(actor, Actor):
            return actor
        live = live_or_not_found(ctx, workshop_id)
        if live is None:
            return None
        Editor(live, actor)
        return None


class Editor:
    def __init__(self, live: LiveWorkshop, actor: Actor) -> None:
        self.live, self.actor = live, actor
        self.lists: dict[str, ui.column] = {}
        with frame(t('edit_title'), subtitle=live.workshop.title):
            self.status = widgets.status_region()
            with ui.row().classes('gap-4'):
                ui.link(t('open_map'), f'/w/{live.id}/map').style(LINK_STYLE)
                ui.link(t('edit_to_console'), f'/w/{live.id}/facilitate').style(LINK_STYLE)
            with ui.tabs().classes('w-full').props('align=left no-caps') as tabs:
                tab = {kind: ui.tab(t(f'edit_{kind}_tab')).mark(f'tab-{kind}') for kind in KINDS}
                files_tab = ui.tab(t('edit_files_tab')).mark('tab-files')
            with ui.tab_panels(tabs, value=tab['stages']).classes('w-full'):
                for kind in KINDS:
                    with ui.tab_panel(tab[kind]).classes('gap-3 px-0'):
                        ui.button(t(f'edit_{kind}_add'), icon='add', on_click=lambda k=kind: self.add(k)).props(
                            'no-caps unelevated color=teal-9').mark(f'add-{kind}')
                        self.lists[kind] = ui.column().classes('w-full gap-1').props('role=list')
                with ui.tab_panel(files_tab).classes('gap-3 px-0'):
                    import_panel(live, actor, self.save, self.protected)
            self.dialogs = ui.element('div')  # dialogs live here: the lists they were opened from are rebuilt
        self.show()
        live.content_changed.subscribe(self.show)

    def show(self) -> None:
        """Rebuild the lists (content changes are rare; a facilitator page may rebuild)."""
        workshop = self.live.workshop
        for kind, column in self.lists.items():
            column.clear()
            items = getattr(workshop, kind)
            order = {s: n for n, s in enumerate(stage_order(workshop), start=1)} if kind == 'stages' else {}
            with column:
                if not items:
                    ui.label(t('edit_none_yet'))
                for index, item in enumerate(items):
                    self._row(kind, item, index, len(items), order.get(item.id, index + 1))

    def _row(self, kind: str, item: Any, index: int, count: int, number: int) -> None:
        name = getattr(item, 'title', None) or getattr(item, 'label', '')
        with ui.row().classes('w-full items-center gap-2 border-b py-1 no-wrap').props('role=listitem'):
            with ui.column().classes('grow gap-0 min-w-0'):
                ui.label(f'{number}. {name}' if kind == 'stages' else name).classes('font-medium break-words')
                if detail := _detail(self.live.workshop, kind, item):
                    ui.label(detail).classes('text-sm text-slate-700 break-words')
            for icon, step, key, enabled in (('arrow_upward', -1, 'edit_move_up', index > 0),
                                             ('arrow_downward', 1, 'edit_move_down', index < count - 1)):
                button = ui.button(icon=icon, on_click=lambda s=step: self.move(kind, item.id, s)).props(
                    'flat round dense color=teal-9').mark(f'{key}:{item.id}')
                button.props['aria-label'] = t(key, name=name)
                button.set_enabled(enabled)
            edit_button = ui.button(icon='edit', on_click=lambda: self.edit(kind, item.id)).props(
                'flat round dense color=teal-9')
            edit_button.props['aria-label'] = t('edit_item', name=name)
            edit_button.mark(f'edit:{item.id}')
            delete_button = ui.button(icon='delete', on_click=lambda: self.delete(kind, item.id)).props(
                'flat round dense color=negative')
            delete_button.props['aria-label'] = t('edit_delete_item', name=name)
            delete_button.mark(f'delete:{item.id}')

    # --- actions: each makes a checked copy, then saves it ------------------------------------------------------

    def add(self, kind: str) -> None:
        with self.dialogs:
            item_form(self.live.workshop, kind, None, lambda item: self.save(
                lambda w: edit.add(w, kind, item), t('edit_added', name=_name(item))))

    def edit(self, kind: str, item_id: str) -> None:
        item = next((i for i in getattr(self.live.workshop, kind) if i.id == item_id), None)
        if item is None:
            self.status.set_text(t('edit_gone'))
            return
        with self.dialogs:
            item_form(self.live.workshop, kind, item, lambda new: self.save(
                lambda w: edit.replace(w, kind, new), t('edit_saved', name=_name(new))))

    def move(self, kind: str, item_id: str, step: int) -> None:
        refused = self.save(lambda w: edit.move(w, kind, item_id, step), t('edit_moved'))
        if refused:
            self.status.set_text(refused)

    def delete(self, kind: str, item_id: str) -> None:
        workshop = self.live.workshop
        item = next((i for i in getattr(workshop, kind) if i.id == item_id), None)
        if item is None:
            self.status.set_text(t('edit_gone'))
            return
        with self.dialogs:
            delete_dialog(workshop, kind, item, self.protected(kind), lambda move_to: self.save(
                lambda w: edit.delete(w, kind, item_id, move_to=move_to, protected=self.protected(kind)),
                t('edit_deleted', name=_name(item))))

    def save(self, change: Any, done: str) -> str | None:
        """Apply `change` to the current content and save it; the reason when refused, else None."""
        try:
            edited: Workshop = change(self.live.workshop)
            self.live.save_content(self.actor, edited, done)
        except Refused as e:
            return refusal(e)
        self.status.set_text(done)
        return None

    def protected(self, kind: str) -> dict[str, Refused]:
        """Items the running workshop still needs: groups people joined as, ideas in a round or decided on."""
        state = self.live.state
        if kind == 'streams':
            joined = {p.group for p in state.participants.values()}
            return {s.id: Refused('edit_stream_joined', name=s.label) for s in self.live.workshop.streams
                    if s.id in joined}
        if kind == 'improvements':
            used = {i for r in state.rounds.values() for i in state.round_improvements(r)} | set(state.decisions)
            used |= {a.improvement for a in state.actions.values()}
            return {i.id: Refused('edit_idea_in_use', name=i.title) for i in self.live.workshop.improvements
                    if i.id in used}
        return {}


def _detail(workshop: Workshop, kind: str, item: Any) -> str:
    if kind == 'stages' and item.next is not None:
        names = [workshop.stage(s).title for s in item.next if workshop.stage(s)]
        return t('edit_leads_to', stages=', '.join(names)) if names else t('edit_journey_ends')
    if kind == 'themes':
        return f'{t(f"category_{item.category.value}")} · {t("edit_at_stages", n=len(item.stages))}'
    if kind == 'improvements':
        return t('edit_at_stages', n=len(item.stages))
    text = textwrap.shorten(getattr(item, 'description', ''), 120, placeholder=' …')
    if kind == 'streams' and item.invited is not None:
        return ' · '.join(filter(None, [text, t('edit_invited_detail', n=item.invited)]))
    return text


def _name(item: Any) -> str:
    return getattr(item, 'title', None) or getattr(item, 'label', '')
