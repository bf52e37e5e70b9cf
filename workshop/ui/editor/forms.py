"""The editor's dialogs: a form for each kind of item, and the confirmation before a delete.

A form builds the edited item and hands it to `save`, which returns None when the edit went through or the reason it
was refused; the dialog then stays open with the reason shown, so nothing typed is lost. Stages, themes and ideas have
a te reo Māori field after the English for each words field that can have one (written by the team's translator).
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable

from nicegui import ui

from journey_maps import edit
from journey_maps.model import stage_order
from workshop.domain.model import Category, ImprovementReo, StageReo, ThemeReo, Workshop, field_names
from workshop.i18n import Refusal
from workshop.ui.shared import widgets
from workshop.ui.shared.lang import refusal, t

Save = Callable[[Any], str | None]
TEXT, AREA, CATEGORY, COUNT = 'text', 'area', 'category', 'count'
FIELDS: dict[str, list[tuple[str, str]]] = {  # kind → (field, widget); list widgets name the kind they pick from
    'stages': [('title', TEXT), ('description', AREA), ('typical_duration', TEXT), ('next', 'stages')],
    'streams': [('label', TEXT), ('description', AREA), ('invited', COUNT)],  # invited: turnout in the board paper
    'themes': [('title', TEXT), ('description', AREA), ('plain', AREA), ('category', CATEGORY),
               ('global_theme', TEXT), ('stages', 'stages'), ('streams', 'streams'), ('content_note', TEXT)],
    'improvements': [('title', TEXT), ('description', AREA), ('plain', AREA), ('stages', 'stages'),
                     ('themes', 'themes'), ('success_criteria', AREA)],
}
MAX_LENGTH = {TEXT: 300, AREA: 4000}
_NOT_A_COUNT = object()  # an invited number that is not a whole number of people: refused with a message
REO = {'stages': StageReo, 'themes': ThemeReo, 'improvements': ImprovementReo}  # kind → its te reo fields


def item_form(workshop: Workshop, kind: str, item: Any | None, save: Save) -> None:
    """Add (item None) or edit one stage, stream, theme or improvement."""
    title_field = FIELDS[kind][0][0]
    with widgets.transient_dialog() as dialog, ui.card().classes('w-full max-w-2xl gap-3'):
        heading = t(f'edit_{kind}_edit' if item else f'edit_{kind}_add')
        ui.label(heading).classes('text-xl font-semibold').props('role=heading aria-level=2')
        inputs = {name: _widget(workshop, kind, item, name, widget) for name, widget in FIELDS[kind]}
        reo = {name: _reo_widget(item, name) for name in field_names(REO[kind])} if kind in REO else {}
        problem = ui.label('').classes('text-red-800 font-medium').props('role=alert').mark('form-problem')

        def submit() -> None:
            values = {name: _value(widget, name, item) for name, widget in inputs.items()}
            if values.get('invited', 0) is _NOT_A_COUNT:
                problem.set_text(t('edit_invited_whole'))
                return
            if not str(values[title_field]).strip():
                problem.set_text(t('edit_title_needed'))
                return
            values[title_field] = values[title_field].strip()
            if reo:
                values['mi'] = REO[kind](**{name: (field.value or '').strip() for name, field in reo.items()})
            if item is None:
                new = edit.KINDS[kind](id=edit.new_id(workshop, kind, values[title_field]), **values)
            else:
                new = dataclasses.replace(item, **values)
            refused = save(new)
            if refused:
                problem.set_text(refused)
            else:
                dialog.close()

        with ui.row().classes('gap-2'):
            ui.button(t('save'), on_click=submit).props('no-caps unelevated color=teal-9').mark('form-save')
            ui.button(t('cancel'), on_click=dialog.close).props('no-caps outline color=teal-9')
    dialog.open()


def delete_dialog(workshop: Workshop, kind: str, item: Any, protected: dict[str, Refusal],
                  delete: Callable[[str | None], str | None]) -> None:
    """Confirm a delete; when other things still use the item, offer to move them to another one first."""
    name = getattr(item, 'title', None) or getattr(item, 'label', '')
    using = edit.users(workshop, kind, item.id)
    with widgets.transient_dialog() as dialog, ui.card().classes('w-full max-w-xl gap-3'):
        ui.label(t('edit_delete_heading', name=name)).classes('text-xl font-semibold').props(
            'role=heading aria-level=2')
        problem = ui.label('').classes('text-red-800 font-medium').props('role=alert').mark('form-problem')
        target = None
        if item.id in protected:
            problem.set_text(refusal(protected[item.id]))
        elif using:
            ui.label(t('edit_delete_in_use', name=name, users=', '.join(using)))
            others = {i: label for i, label in _choices(workshop, kind).items() if i != item.id}
            target = ui.select(others, label=t('edit_move_to')).props('outlined').classes('w-full').mark('move-to')
        else:
            ui.label(t('edit_delete_sure', name=name))

        def confirm() -> None:
            if target is not None and not target.value:
                problem.set_text(t('edit_move_to_needed'))
                return
            refused = delete(target.value if target is not None else None)
            if refused:
                problem.set_text(refused)
            else:
                dialog.close()

        with ui.row().classes('gap-2'):
            if item.id not in protected:
                text = t('edit_move_and_delete') if using else t('edit_delete')
                ui.button(text, on_click=confirm).props('no-caps unelevated color=negative').mark('confirm-delete')
            ui.button(t('cancel'), on_click=dialog.close).props('no-caps outline color=teal-9')
    dialog.open()


def _widget(workshop: Workshop, kind: str, item: Any | None, name: str, widget: str) -> ui.element:
    value = getattr(item, name) if item is not None else None
    label = t(f'edit_field_{name}')
    if widget in (TEXT, AREA):
        element = (ui.input(label) if widget == TEXT else ui.textarea(label).props('autogrow')).props(
            f'outlined maxlength={MAX_LENGTH[widget]}').classes('w-full')
        element.value = value or ''
    elif widget == COUNT:
        element = ui.number(label, value=value, min=0, step=1, precision=0).props('outlined').classes('w-full')
        ui.label(t('edit_invited_hint')).classes('text-sm text-slate-700')
    elif widget == CATEGORY:
        options = {c.value: t(f'category_{c.value}') for c in Category}
        element = ui.select(options, label=label, value=(value or Category.PRACTICAL).value).props(
            'outlined').classes('w-full')
    else:
        options = _choices(workshop, widget)
        if kind == widget and item is not None:
            options.pop(item.id, None)  # a stage does not lead to itself
        chosen = [v for v in (value or []) if v in options]
        element = ui.select(options, label=label, value=chosen, multiple=True).props(
            'outlined use-chips').classes('w-full')
        if name == 'next':
            ui.label(t('edit_next_hint')).classes('text-sm text-slate-700')
    return element.mark(f'field-{name}')


def _reo_widget(item: Any | None, name: str) -> ui.element:
    """A field for the te reo version: its label in the page's language, what is typed in it marked lang="mi"."""
    label = t('edit_field_reo', field=t(f'edit_field_{name}'))
    widget = TEXT if name == 'title' else AREA
    element = (ui.input(label) if widget == TEXT else ui.textarea(label).props('autogrow')).props(
        f'outlined maxlength={MAX_LENGTH[widget]} lang=mi').classes('w-full')
    element.value = getattr(item.mi, name) if item is not None else ''
    return element.mark(f'field-mi-{name}')


def _value(element: ui.element, name: str, item: Any | None) -> Any:
    value = element.value
    if name == 'next':
        if not value:  # empty: the stage below, unless it was an end of a branch and stays one
            return [] if item is not None and item.next == [] else None
        return list(value)
    if name == 'category':
        return Category(value)
    if name == 'invited':  # a number of people, or None when nobody recorded it
        if value is None or value == '':
            return None
        return int(value) if float(value).is_integer() and float(value) >= 0 else _NOT_A_COUNT
    if isinstance(value, list):
        return list(value)
    return (value or '').strip()


def _choices(workshop: Workshop, kind: str) -> dict[str, str]:
    if kind == 'stages':
        return {s: f'{n}. {workshop.stage(s).title}' for n, s in enumerate(stage_order(workshop), start=1)}
    items = getattr(workshop, kind)
    return {i.id: getattr(i, 'title', None) or getattr(i, 'label', i.id) for i in items}
