"""Language on a page: the participant's choice (kept per browser) applied to catalogue strings.

Pages never write user-visible literals; they call `t('key')` for text or `label('key')` for a label that carries
lang="mi" when the text shown is te reo Māori (WCAG 3.1.2, language of parts). Workshop content (titles, plain words,
participant information) comes in the reader's language where the team gave it (`content_text`, `content_html`), with
the other version a tap away (a native <details>, one element, keyboard-ready).
"""
from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from nicegui import app, context, ui
from starlette.responses import RedirectResponse

from workshop import bilingual, i18n


def current() -> str:
    # Kept on the page's client when it is built: a live update runs in another person's request context,
    # where app.storage.user would be theirs (or missing), but it always runs in this page's client context.
    page = app.storage.client
    if 'lang' not in page:
        lang = app.storage.browser.get('lang', i18n.DEFAULT)  # the signed session cookie: nothing on the server
        page['lang'] = lang if lang in i18n.LANGUAGES else i18n.DEFAULT
    return page['lang']


def t(key: str, **params: object) -> str:
    return i18n.text(key, current(), **params).text


def text(key: str, **params: object) -> dict[str, str | None]:
    """A catalogue text as data for a component or escaped HTML: {'t': the words, 'l': 'mi' when they are te reo}."""
    shown = i18n.text(key, current(), **params)
    return {'t': shown.text, 'l': 'mi' if shown.lang == 'mi' else None}


def label(key: str, **params: object) -> ui.label:
    shown = i18n.text(key, current(), **params)
    element = ui.label(shown.text)
    if shown.lang == 'mi':
        element.props('lang=mi')
    return element


def both(key: str) -> ui.element:
    """English first, then te reo beside it (marked lang="mi"): for words everyone reads, whatever their choice."""
    english, reo = i18n.text(key, 'en'), i18n.text(key, 'mi')
    with ui.element('div').classes('flex flex-wrap gap-x-3 items-baseline') as box:
        ui.label(english.text)
        if reo.lang == 'mi':
            ui.label('/').props('aria-hidden=true')
            ui.label(reo.text).props('lang=mi')
    return box


class Toggle(ui.toggle):
    """A toggle of catalogue words (value → key) whose te reo options carry lang="mi" (Quasar's per-option attrs)."""

    def __init__(self, keys: dict[str, str], **kwargs: Any) -> None:
        self._reo = [i18n.text(key, current()).lang == 'mi' for key in keys.values()]
        super().__init__({value: t(key) for value, key in keys.items()}, **kwargs)

    def _update_options(self) -> None:
        super()._update_options()
        for option, reo in zip(self._props['options'], self._reo):
            if reo:
                option['attrs'] = {'lang': 'mi'}


def labelled(field: ui.input, key: str) -> ui.input:
    """A field whose label is a catalogue word, marked lang="mi" when it is te reo (what is typed is the person's)."""
    if i18n.text(key, current()).lang == 'mi':
        with field.add_slot('label'):
            ui.label(t(key)).props('lang=mi')
    return field


def refusal(error: i18n.Refusal) -> str:
    """A refusal from LiveWorkshop or the voting rules, in this page's language."""
    return t(error.key, **error.params)


def mark(element: ui.element, key: str) -> ui.element:
    """Put lang="mi" on an element whose text came from `t(key)` when that text is te reo."""
    if i18n.text(key, current()).lang == 'mi':
        element.props('lang=mi')
    return element


def switch() -> None:
    """English / te reo Māori, switchable at any moment (the page is rebuilt in the new language)."""
    def choose(code: str) -> None:
        request = context.client.request
        here = request.url.path + (f'?{request.url.query}' if request.url.query else '')
        ui.navigate.to(f'/lang/{code}?{urlencode({"back": here})}')  # sets the cookie, then back to this page

    with ui.row().classes('gap-1').props(f'role=group aria-label="{t("language")}"'):
        for code in i18n.LANGUAGES:
            chosen = code == current()
            button = ui.button(t(f'language_{code}'), on_click=lambda c=code: choose(c)).props(
                f'no-caps {"unelevated" if chosen else "outline"} aria-pressed={str(chosen).lower()}')
            if code == 'mi':
                button.props('lang=mi')
    if current() == 'mi':
        reo_notice()


def reo_notice() -> None:
    """Tell a te reo reader that some text is still English, and why: in both languages (English first, te reo
    once a sourced translation of the notice exists), so it reads right whatever the reader's fluency."""
    with ui.element('section').classes('w-full rounded border border-slate-300 bg-slate-50 p-3').props(
            f'aria-label="{i18n.text("reo_notice_heading", "en").text}"').mark('reo-notice'):
        for key, classes in (('reo_notice_heading', 'font-semibold'), ('reo_notice', '')):
            english, reo = i18n.text(key, 'en'), i18n.text(key, 'mi')
            ui.label(english.text).classes(classes)
            if reo.lang == 'mi':
                ui.label(reo.text).classes(classes).props('lang=mi')


# --- workshop content in the reader's language --------------------------------------------------------------------

def content_text(item: Any, name: str) -> dict[str, str | None]:
    """A content field as {'t': words, 'l': 'mi' when they are te reo}, in this page's language where given."""
    shown = bilingual.shown(item, name, current())
    return {'t': shown.text, 'l': 'mi' if shown.lang == 'mi' else None}


def content_html(item: Any, name: str, classes: str = '', *, tag: str = 'div', attrs: str = '') -> str:
    """A content field as escaped HTML in this page's language, then the other version (if given) a tap away."""
    shown = bilingual.shown(item, name, current())
    html = f'<{tag} class="{classes}"{_lang_attr(shown.lang)}{attrs}>{escape(shown.text)}</{tag}>'
    return html + other_html(item, name, classes)


def other_html(item: Any, name: str, classes: str = '') -> str:
    second = bilingual.other(item, name, current())
    if second is None:
        return ''
    return (f'<details class="text-base"><summary{_lang_attr(second.lang)} class="cw-fold">'
            f'{escape(bilingual.NAMES[second.lang])}</summary>'
            f'<div class="{classes}"{_lang_attr(second.lang)}>{escape(second.text)}</div></details>')


def content(item: Any, name: str, classes: str = '') -> ui.html:
    return ui.html(content_html(item, name, classes), sanitize=False)


def sentence_html(key: str, classes: str = '', **params: dict[str, str | None]) -> str:
    """A catalogue sentence with content words in it (each {'t', 'l'}), every part marked with its own language."""
    template = i18n.text(key, current())
    parts = {name: f'<span{_lang_attr(value["l"] or "en")}>{escape(value["t"])}</span>'
             if (value['l'] or 'en') != template.lang else escape(value['t']) for name, value in params.items()}
    return f'<div class="{classes}"{_lang_attr(template.lang)}>{escape(template.text).format(**parts)}</div>'


def _lang_attr(lang: str) -> str:
    return ' lang="mi"' if lang == 'mi' else (' lang="en"' if current() == 'mi' else '')


def register() -> None:
    """`/lang/{code}?back=/path`: keep the choice in the browser's own session cookie and go back."""
    @app.get('/lang/{code}', include_in_schema=False)
    def choose_language(request: Request, code: str, back: str = '/') -> RedirectResponse:
        if code in i18n.LANGUAGES:
            request.session['lang'] = code
        if not back.startswith('/') or back.startswith('//') or '\\' in back:
            back = '/'  # only back to a page of this app
        return RedirectResponse(back, status_code=303)
