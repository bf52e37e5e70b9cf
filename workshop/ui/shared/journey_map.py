"""The interactive journey map: stages × stakeholder streams, built from real elements (keyboard and screen reader).

Wide screens get a horizontally scrollable grid; phones (under 600 px) a vertical list of stages with their themes.
In the grid the page is written stage by stage (a stage heading, then each group's themes), and CSS places the pieces
in rows and columns, so a screen reader and the Tab key go through the journey in order.

The stage the facilitator focuses is highlighted in place for everyone, without rebuilding the map; a viewer follows
it by default, can look around (which stops following) and jump back. A content change rebuilds the map. Each map
subscribes once, and drops its subscriptions when its page closes or the map is removed.
"""
from __future__ import annotations

from contextlib import nullcontext
from typing import Callable

from nicegui import ui

from journey_maps.model import stage_order
from journey_maps.style import CATEGORY_STYLE, FOCUS_COLOUR
from workshop.domain.model import QuoteConsent, Stage, Theme, Workshop
from workshop.live import Actor, LiveWorkshop, Refused
from workshop.ui.shared import widgets
from workshop.ui.shared.lang import content, content_text, label, refusal, t

FOCUS_CLASS = 'cw-stage-focused'
LOCATION = widgets.LOCATION_ICON  # an SVG path: no icon font to download for it
LINK_STYLE = 'color: #1e40af; text-decoration: underline'  # NiceGUI's default link blue fails contrast on white
SELECTED_CLASS = 'cw-stage-selected'
CSS = f'''
.cw-map-grid .cw-map-cell {{ border-radius: 6px; border-top: 1px solid #e2e8f0; }}
.cw-map-grid .cw-map-cell.{FOCUS_CLASS} {{ background: #fef3c7; box-shadow: none; }}
.cw-map-grid .cw-lane {{ position: sticky; left: 0; z-index: 2; background: #ffffff; border-top: 1px solid #e2e8f0;
  padding-right: 0.5rem; box-shadow: 6px 0 6px -6px rgba(15, 23, 42, 0.25); }}
.cw-map .cw-stage-head.{FOCUS_CLASS}, .cw-map .cw-stage-card.{FOCUS_CLASS} {{
  box-shadow: 0 0 0 4px {FOCUS_COLOUR}; }}
.cw-map .cw-stage-card.{FOCUS_CLASS} {{ background: #fffbeb; }}
.cw-map .cw-stage-head, .cw-map .cw-stage-card {{ scroll-margin-top: 72px; }}
.cw-map .cw-left .q-btn__content {{ text-align: left; }}
.cw-map .{SELECTED_CLASS} {{ outline: 3px dashed #1d4ed8; outline-offset: 2px; }}
'''
__all__ = ['CATEGORY_STYLE', 'MapView', 'journey_map', 'stage_label', 'stage_name', 'theme_dialog']


def journey_map(live: LiveWorkshop, *, on_theme: Callable[[Theme], None] | None = None, follow: bool = True,
                controls: bool = True, facilitator: Actor | None = None) -> MapView:
    """Build the map for one view. `controls`: the focus line with follow / back; `facilitator`: focus buttons."""
    return MapView(live, on_theme=on_theme, follow=follow, controls=controls, facilitator=facilitator)


class MapView:
    def __init__(self, live: LiveWorkshop, *, on_theme: Callable[[Theme], None] | None, follow: bool,
                 controls: bool, facilitator: Actor | None) -> None:
        self.live = live
        self.on_theme = on_theme or (lambda theme: theme_dialog(live, theme))
        self.following = follow
        self.facilitator = facilitator
        self.selected: str | None = None
        self.boxes: dict[str, list[ui.element]] = {}  # stage id → every element that shows the stage
        self.heads: dict[str, list[ui.element]] = {}  # stage id → its headings (aria-current goes here)
        self.badges: dict[str, list[ui.label]] = {}  # stage id → "In focus now" labels
        ui.add_css(CSS)
        with ui.column().classes('w-full gap-3 cw-map') as self.root:
            self.status = self.follow_switch = self.back = None
            if controls:
                self._controls()
            _legend()
            self.body = ui.column().classes('w-full gap-3')
        self.build()
        live.content_changed.subscribe(self.on_content)
        live.focus_changed.subscribe(self.on_focus)

    def build(self) -> None:
        self.body.clear()
        self.boxes, self.heads, self.badges = {}, {}, {}
        with self.body:
            self._grid()
            self._list()
        self.show_focus(scroll=False)

    def gone(self) -> bool:
        """The page removed the map: stop listening."""
        if self.root.is_deleted:
            self.live.content_changed.unsubscribe(self.on_content)
            self.live.focus_changed.unsubscribe(self.on_focus)
        return self.root.is_deleted

    def on_content(self) -> None:
        if not self.gone():
            self.build()

    def on_focus(self) -> None:
        if not self.gone():
            self.show_focus(scroll=self.following)

    def show_focus(self, *, scroll: bool) -> None:
        """Highlight the facilitator's stage in place (classes, aria-current, badges, the focus line)."""
        focus = self.live.state.focus if self.live.state.focus in self.boxes else None
        for stage_id, boxes in self.boxes.items():
            for box in boxes:
                box.classes(add=FOCUS_CLASS) if stage_id == focus else box.classes(remove=FOCUS_CLASS)
            for head in self.heads[stage_id]:
                if stage_id == focus:
                    head.props['aria-current'] = 'step'
                else:
                    head.props.pop('aria-current', None)
            for badge in self.badges[stage_id]:
                badge.set_visibility(stage_id == focus)
        if self.status is not None:
            stage = self.live.workshop.stage(focus) if focus else None
            self.status.set_text(t('map_focus_status', stage=self._name(stage)) if stage else t('map_no_focus'))
            self.back.set_visibility(bool(focus) and not self.following)
        if scroll and focus:
            self._scroll_to(focus)

    def look_at(self, stage_id: str) -> None:
        """The viewer looks at a stage of their own choosing; following stops unless it is the focused stage."""
        self.selected = stage_id
        for sid, boxes in self.boxes.items():
            for box in boxes[:1] + boxes[-1:]:  # the grid heading and the phone card
                box.classes(add=SELECTED_CLASS) if sid == stage_id else box.classes(remove=SELECTED_CLASS)
        self._set_following(stage_id == self.live.state.focus)
        self._scroll_to(stage_id)

    def back_to_focus(self) -> None:
        self.selected = None
        for boxes in self.boxes.values():
            for box in boxes:
                box.classes(remove=SELECTED_CLASS)
        self._set_following(True)
        self.show_focus(scroll=True)

    # --- building ------------------------------------------------------------------------------------------------

    def _controls(self) -> None:
        with ui.row().classes('w-full items-center gap-x-4 gap-y-2'):
            self.status = ui.label('').classes('text-lg font-semibold').props('role=status aria-live=polite')
            self.status.mark('map-focus-status')
            self.back = ui.button(t('map_back_to_focus'), icon=LOCATION, on_click=self.back_to_focus).props(
                'no-caps outline color=teal-9').mark('map-back')
            self.follow_switch = ui.switch(t('map_follow'), value=self.following,
                                           on_change=lambda e: self._set_following(e.value, from_switch=True))

    def _set_following(self, value: bool, *, from_switch: bool = False) -> None:
        self.following = value
        if self.follow_switch is not None and not from_switch:
            self.follow_switch.set_value(value)
        if self.back is not None:
            self.back.set_visibility(bool(self.live.state.focus) and not value)
        if value and from_switch:
            self.show_focus(scroll=True)

    def _grid(self) -> None:
        workshop = self.live.workshop
        order = stage_order(workshop)
        # Quasar's .hidden is !important and would beat sm:block; its gt-xs / xs classes switch at 600 px instead.
        with ui.element('div').classes('w-full overflow-x-auto gt-xs pb-2') as region:
            region.props['role'] = 'region'
            region.props['aria-label'] = t('map_scroll_region')
            region.props['tabindex'] = '0'
            columns = f'minmax(8rem, 10rem) repeat({len(order)}, minmax(14rem, 1fr))'
            with ui.element('div').classes('grid gap-x-3 gap-y-2 cw-map-grid').style(
                    f'grid-template-columns: {columns}; grid-auto-flow: column'):
                ui.element('div').classes('cw-lane').style('grid-column: 1; grid-row: 1; border-top: none')
                for row, stream in enumerate(workshop.streams, start=2):
                    ui.label(stream.label).classes('font-semibold text-slate-800 pt-2 cw-lane').style(
                        f'grid-column: 1; grid-row: {row}').props['aria-hidden'] = 'true'  # each cell says its group
                for column, stage_id in enumerate(order, start=2):
                    stage = workshop.stage(stage_id)
                    with ui.column().classes('bg-slate-100 rounded p-2 gap-1 cw-stage-head').style(
                            f'grid-column: {column}; grid-row: 1') as head:
                        self._stage_heading(stage, column - 1, 'text-base')
                        if stage.typical_duration:
                            ui.label(stage.typical_duration).classes('text-sm text-slate-700 line-clamp-3')
                    self._add(stage_id, head)
                    for row, stream in enumerate(workshop.streams, start=2):
                        with ui.column().classes('gap-1 p-1 min-h-12 cw-map-cell').style(
                                f'grid-column: {column}; grid-row: {row}') as cell:
                            themes = workshop.themes_at(stage_id, stream.id)
                            if themes:
                                ui.label(stream.label).classes('cw-visually-hidden').props(
                                    'role=heading aria-level=3')
                            for theme in themes:
                                self._theme_button(theme)
                        self._add(stage_id, cell)

    def _list(self) -> None:
        workshop = self.live.workshop
        groups = {s.id: s.label for s in workshop.streams}
        with ui.column().classes('w-full gap-3 xs'):
            for number, stage_id in enumerate(stage_order(workshop), start=1):
                stage = workshop.stage(stage_id)
                with ui.card().classes('w-full gap-2 cw-stage-card').props('flat bordered') as card:
                    self._stage_heading(stage, number, 'text-lg')
                    if stage.description:
                        content(stage, 'description')
                    for theme in workshop.themes_at(stage_id):
                        self._theme_button(theme, ', '.join(groups[s] for s in theme.streams if s in groups))
                self._add(stage_id, card)

    def _stage_heading(self, stage: Stage, number: int, size: str) -> None:
        badge = ui.label(t('map_in_focus')).classes('text-sm font-bold text-white rounded px-2 self-start').style(
            f'background: {FOCUS_COLOUR}').mark(f'focus-badge:{stage.id}')
        badge.set_visibility(False)
        self.badges.setdefault(stage.id, []).append(badge)
        with ui.element('h2').classes(f'm-0 w-full {size} leading-snug'):  # a heading holding a button: both roles kept
            title = content_text(stage, 'title')
            head = ui.button(f'{number}. {title["t"]}', on_click=lambda s=stage.id: self.look_at(s), color=None).props(
                'flat no-caps align=left dense').classes(f'{size} font-semibold text-slate-900 w-full cw-left')
            if title['l']:
                head.props('lang=mi')
        head.mark(f'stage:{stage.id}')
        self.heads.setdefault(stage.id, []).append(head)
        if self.facilitator is not None:
            ui.button(t('map_focus_here'), icon=LOCATION, on_click=lambda s=stage.id: self._focus(s)).props(
                'no-caps dense outline color=teal-9').classes('self-start').mark(f'focus-here:{stage.id}')

    def _theme_button(self, theme: Theme, groups: str = '') -> None:
        """Few elements per theme (a page holds many): the button's label is the symbol and title; on a phone the
        groups are a caption under it, inside the same coloured card."""
        style = CATEGORY_STYLE[theme.category]
        with ui.element('div').classes('w-full rounded').style(
                f'background: {style.background}; color: {style.colour}') if groups else nullcontext():
            title = content_text(theme, 'title')
            button = ui.button(f'{style.symbol} {title["t"]}', on_click=lambda th=theme: self._open(th),
                               color=None).props('flat no-caps align=left').classes(
                'w-full rounded text-sm font-medium cw-left').style(
                f'background: {style.background}; color: {style.colour}')
            if groups:
                ui.label(groups).classes('text-xs px-4 pb-2 -mt-1')
        # The spoken name starts with the category word and then says the visible text (WCAG 2.5.3, label in name)
        category = t(f'category_{theme.category.value}')
        button.props['aria-label'] = t('map_theme_name', category=category, title=title['t'])
        button.mark(f'theme:{theme.id}')

    def _open(self, theme: Theme) -> None:
        with self.root:  # not in the body: a content change rebuilds the body, and would take an open dialog with it
            self.on_theme(theme)

    def _add(self, stage_id: str, element: ui.element) -> None:
        self.boxes.setdefault(stage_id, []).append(element)

    def _focus(self, stage_id: str) -> None:
        try:
            self.live.focus(self.facilitator, stage_id)
        except Refused as e:
            ui.notify(refusal(e), type='warning')

    def _scroll_to(self, stage_id: str) -> None:
        ids = [box.id for box in self.boxes.get(stage_id, [])[:1] + self.boxes.get(stage_id, [])[-1:]]
        script = ';'.join(f'document.getElementById("c{i}")?.scrollIntoView({{behavior: "smooth", block: "start", '
                          f'inline: "center"}})' for i in ids)  # element ids only: no user text reaches the script
        ui.run_javascript(script)

    def _name(self, stage: Stage) -> str:
        return stage_name(self.live.workshop, stage)


def stage_name(workshop: Workshop, stage: Stage) -> str:
    """"5. Waiting while the cells are made": the stage's number on the journey and its title (te reo where given)."""
    return stage_label(workshop, stage)['t']


def stage_label(workshop: Workshop, stage: Stage) -> dict[str, str | None]:
    title = content_text(stage, 'title')
    return {**title, 't': f'{stage_order(workshop).index(stage.id) + 1}. {title["t"]}'}


def theme_dialog(live: LiveWorkshop, theme: Theme, *, thread: Callable[[], None] | None = None) -> None:
    """A theme in full: category, plain words, quotes people agreed to share, and its comments: `thread` builds them
    (a participant's thread to write in), else they are listed. Built when opened, deleted when closed. A theme with a
    content note shows only the note at first: its words appear after "Show this theme", so nobody meets a
    distressing topic unwarned."""
    with widgets.dialog_card(t('theme_dialog')) as (_, body):
        if theme.content_note:
            widgets.heading(t('content_note_heading'))
            label('content_note_intro')
            content(theme, 'content_note', 'italic')  # workshop content: escaped, in the reader's language
            ui.button(t('content_note_show'), on_click=lambda: _theme_body(live, theme, body, thread)).props(
                'no-caps unelevated').mark(f'show-theme:{theme.id}')
    if not theme.content_note:
        _theme_body(live, theme, body, thread, move_focus=False)


def _theme_body(live: LiveWorkshop, theme: Theme, body: ui.column, thread: Callable[[], None] | None, *,
                move_focus: bool = True) -> None:
    style = CATEGORY_STYLE[theme.category]
    body.clear()
    with body:
        shown = content_text(theme, 'title')
        title = widgets.heading(shown['t']).props('tabindex=-1' + (' lang=mi' if shown['l'] else ''))
        category = t('category_tag', symbol=style.symbol, category=t(f'category_{theme.category.value}'))
        ui.label(category + (f' · {theme.global_theme}' if theme.global_theme else '')).classes(
            'text-sm rounded px-2 self-start').style(f'background: {style.background}; color: {style.colour}')
        if theme.description:
            ui.label(theme.description)
        if theme.plain:
            with widgets.expansion(t('what_does_this_mean')).classes('w-full'):
                content(theme, 'plain')
        quotes = [q for q in theme.quotes if q.consent != QuoteConsent.NEVER]
        if quotes:
            widgets.heading(t('map_quotes'), 3, 'font-semibold')
            for quote in quotes:
                ui.label(t('quote_paraphrased' if quote.paraphrase else 'quote', quote=quote.text)).classes('italic')
        if thread is not None:
            thread()
        else:
            widgets.heading(t('map_comments'), 3, 'font-semibold')
            comments = live.state.visible_comments('theme', theme.id)
            for comment in comments:
                ui.label(t('comment_line', kind=t(f'kind_{comment.kind.value}'), text=comment.text)).classes('text-sm')
            if not comments:
                ui.label(t('map_no_comments')).classes('text-sm')
    if move_focus:  # the button that was pressed is gone: focus goes to the theme's title
        body.client.run_javascript(f'document.getElementById("c{title.id}")?.focus()')


def _legend() -> None:
    with ui.row().classes('gap-2 text-sm items-center') as row:
        row.props['role'] = 'group'
        row.props['aria-label'] = t('map_categories')
        ui.label(t('map_categories_label')).classes('text-slate-800')
        for category, style in CATEGORY_STYLE.items():
            ui.label(t('category_tag', symbol=style.symbol, category=t(f'category_{category.value}'))).classes(
                'px-2 rounded').style(
                f'background: {style.background}; color: {style.colour}')
