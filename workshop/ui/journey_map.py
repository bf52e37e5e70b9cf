"""The interactive journey map: stages × stakeholder streams, built from real elements (keyboard and screen reader).

Wide screens get a horizontally scrollable grid; phones a vertical list of stages with their themes. The stage the
facilitator focuses is highlighted in place for everyone, without rebuilding the map.
"""
from __future__ import annotations

from typing import Callable

from nicegui import ui

from journey_maps.model import stage_order
from workshop.live import LiveWorkshop
from workshop.model import Category, Theme

CATEGORY_STYLE = {  # colour is never the only carrier: each category also has a symbol and a word
    Category.PRACTICAL: ('⚙', 'Practical', '#dbeafe', '#1e3a8a'),
    Category.EMOTIONAL: ('♥', 'Emotional', '#fce7f3', '#831843'),
    Category.CULTURAL: ('✦', 'Cultural', '#dcfce7', '#14532d'),
}
FOCUS_CLASS = 'cw-stage-focused'


def journey_map(live: LiveWorkshop, *, on_theme: Callable[[Theme], None] | None = None) -> None:
    """Build the map for one view and keep its focus highlight current."""
    workshop = live.workshop
    order = stage_order(workshop)
    stage_boxes: dict[str, list[ui.element]] = {stage_id: [] for stage_id in order}
    on_theme = on_theme or (lambda theme: theme_dialog(live, theme))

    _legend()
    # Quasar's .hidden is !important and would beat sm:block; its gt-xs / xs classes switch at 600 px instead.
    with ui.element('div').classes('w-full overflow-x-auto gt-xs').props(
            'role=region aria-label="Journey map, scroll sideways for later stages" tabindex=0'):
        columns = f'10rem repeat({len(order)}, minmax(13rem, 1fr))'
        with ui.element('div').classes('grid gap-2').style(f'grid-template-columns: {columns}'):
            ui.label('')
            for number, stage_id in enumerate(order, start=1):
                stage = workshop.stage(stage_id)
                with ui.column().classes('bg-slate-100 rounded p-2 gap-1') as box:
                    ui.label(f'{number}. {stage.title}').classes('font-semibold').props('role=heading aria-level=2')
                    if stage.typical_duration:
                        ui.label(stage.typical_duration).classes('text-sm text-slate-700')
                stage_boxes[stage_id].append(box)
            for stream in workshop.streams:
                ui.label(stream.label).classes('font-semibold self-start pt-2').props('role=heading aria-level=3')
                for stage_id in order:
                    with ui.column().classes('gap-1 p-1 min-h-12') as cell:
                        for theme in workshop.themes_at(stage_id, stream.id):
                            _theme_button(theme, on_theme)
                    stage_boxes[stage_id].append(cell)

    with ui.column().classes('w-full gap-3 xs'):
        for number, stage_id in enumerate(order, start=1):
            stage = workshop.stage(stage_id)
            with ui.card().classes('w-full').props('flat bordered') as card:
                ui.label(f'{number}. {stage.title}').classes('text-lg font-semibold').props(
                    'role=heading aria-level=2')
                if stage.description:
                    ui.label(stage.description)
                for theme in workshop.themes_at(stage_id):
                    _theme_button(theme, on_theme)
            stage_boxes[stage_id].append(card)

    def show_focus() -> None:
        for stage_id, boxes in stage_boxes.items():
            for box in boxes:
                box.classes(add=FOCUS_CLASS) if stage_id == live.state.focus else box.classes(remove=FOCUS_CLASS)

    show_focus()
    live.changed.subscribe(lambda what: show_focus() if what == 'focus' else None)


def theme_dialog(live: LiveWorkshop, theme: Theme) -> None:
    symbol, word, _, _ = CATEGORY_STYLE[theme.category]
    with ui.dialog() as dialog, ui.card().classes('max-w-xl'):
        ui.label(theme.title).classes('text-xl font-semibold').props('role=heading aria-level=2')
        ui.label(f'{symbol} {word}' + (f' · {theme.global_theme}' if theme.global_theme else '')).classes('text-sm')
        if theme.content_note:
            ui.label(f'Content note: {theme.content_note}').classes('italic')
        ui.label(theme.description)
        if theme.plain:
            with ui.expansion('What does this mean?').classes('w-full'):
                ui.label(theme.plain)
        for quote in theme.quotes:
            if quote.consent != 'never':
                ui.label(f'“{quote.text}”' + (' (paraphrased)' if quote.paraphrase else '')).classes('italic')
        for comment in live.state.visible_comments('theme', theme.id):
            ui.label(f'{comment.kind.value}: {comment.text}').classes('text-sm')
        ui.button('Close', on_click=dialog.close)
    dialog.open()


def _theme_button(theme: Theme, on_theme: Callable[[Theme], None]) -> None:
    symbol, word, background, colour = CATEGORY_STYLE[theme.category]
    button = ui.button(on_click=lambda t=theme: on_theme(t)).props('flat no-caps align=left').classes(
        'w-full text-left rounded').style(f'background: {background}; color: {colour}')
    with button:
        ui.label(f'{symbol} {theme.title}').classes('text-sm font-medium')
    button.props(f'aria-label="{word} theme: {_attr(theme.title)}"')


def _legend() -> None:
    with ui.row().classes('gap-4 text-sm').props('aria-label="Theme categories"'):
        for symbol, word, background, colour in CATEGORY_STYLE.values():
            ui.label(f'{symbol} {word}').classes('px-2 rounded').style(f'background: {background}; color: {colour}')


def _attr(text: str) -> str:
    return text.replace('"', "'")
