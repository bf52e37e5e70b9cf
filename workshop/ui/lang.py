"""Language on a page: the participant's choice (kept per browser) applied to catalogue strings.

Pages never write user-visible literals; they call `t('key')` for text or `label('key')` for a label that carries
lang="mi" when the text shown is te reo Māori (WCAG 3.1.2, language of parts).
"""
from __future__ import annotations

from nicegui import app, ui

from workshop import i18n


def current() -> str:
    # Kept on the page's client when it is built: a live update runs in another person's request context,
    # where app.storage.user would be theirs (or missing), but it always runs in this page's client context.
    page = app.storage.client
    if 'lang' not in page:
        lang = app.storage.user.get('lang', i18n.DEFAULT)
        page['lang'] = lang if lang in i18n.LANGUAGES else i18n.DEFAULT
    return page['lang']


def t(key: str, **params: object) -> str:
    return i18n.text(key, current(), **params).text


def label(key: str, **params: object) -> ui.label:
    shown = i18n.text(key, current(), **params)
    element = ui.label(shown.text)
    if shown.lang == 'mi':
        element.props('lang=mi')
    return element


def mark(element: ui.element, key: str) -> ui.element:
    """Put lang="mi" on an element whose text came from `t(key)` when that text is te reo."""
    if i18n.text(key, current()).lang == 'mi':
        element.props('lang=mi')
    return element


def switch() -> None:
    """English / te reo Māori, switchable at any moment (the page is rebuilt in the new language)."""
    def choose(code: str) -> None:
        app.storage.user['lang'] = code
        ui.navigate.reload()

    with ui.row().classes('gap-1').props(f'role=group aria-label="{t("language")}"'):
        for code, name in i18n.LANGUAGES.items():
            button = ui.button(name, on_click=lambda c=code: choose(c)).props(
                f'no-caps {"unelevated" if code == current() else "outline"} aria-pressed={str(code == current()).lower()}')
            if code == 'mi':
                button.props('lang=mi')
