"""What a page shows, and whether each piece comes from the string catalogue.

`shown(client)` collects every text of a NiceGUI page: element texts, labels, placeholders, aria-labels, alt texts,
the data the browser script writes (countdown, "not sent"), options of radios/toggles/selects, table headings and
cells, the page title. `not_in_catalogue(texts, content)` returns those that are neither workshop content (titles,
descriptions, what people typed: `content`) nor built from catalogue entries (English or te reo; a `{name}`
placeholder stands for any text that is itself covered: a number, content, another entry).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterable, Iterator

from nicegui import ui
from nicegui.elements.choice_element import ChoiceElement

from workshop import i18n
from workshop.domain import links
from workshop.ui.participant.idea_list import IdeaList

PROPS = ('label', 'placeholder', 'aria-label', 'alt', 'title', 'caption', 'hint', 'data-cw-template', 'data-cw-done',
         'data-offline')
SEPARATORS = (' · ', '; ', ', ')  # pieces joined by the page, each of which must be covered
LETTER = re.compile(r'[^\W\d_]')


def shown(client: Any) -> set[str]:
    return {text.strip() for text in _texts(client) if isinstance(text, str) and text.strip()}


def content_of(live: Any) -> set[str]:
    """Workshop content and what people typed: shown as data, never from the catalogue."""
    w, state = live.workshop, live.state
    texts = {w.title, w.purpose, w.service_promise, *w.settings.participant_info.split('\n\n'),
             live.join_code, links.spaced(live.join_code), w.settings.time_zone}  # the zone the team set
    for s in w.stages:
        texts |= {s.title, s.description, s.typical_duration}
    for s in w.streams:
        texts |= {s.label, s.description}
    for t in w.themes:
        texts |= {t.title, t.description, t.plain, t.content_note, t.global_theme, *(q.text for q in t.quotes)}
    for i in w.improvements:
        texts |= {i.title, i.description, i.plain, i.success_criteria}
    texts |= {c.text for c in state.comments.values()} | {c.hidden_reason for c in state.comments.values()}
    texts |= {p.title for p in state.proposals.values()} | {p.description for p in state.proposals.values()}
    texts |= {p.display_name for p in state.participants.values()}
    texts |= {d.rationale for d in state.decisions.values()} | {d.minority_view for d in state.decisions.values()}
    texts |= {a.title for a in state.actions.values()} | {a.owner for a in state.actions.values()}
    return {' '.join(t.split()) for t in texts if t and t.strip()}


def not_in_catalogue(texts: Iterable[str], content: set[str], *extra: str) -> list[str]:
    content = content | set(extra)
    return sorted(t for t in texts if not _covered(' '.join(t.split()), frozenset(content)))


@lru_cache(maxsize=None)
def _covered(text: str, content: frozenset[str], depth: int = 0) -> bool:
    text = text.strip()
    if not LETTER.search(text) or text in content or text in _literals():
        return True
    if text.endswith('…') and any(piece.startswith(text[:-1].rstrip()) for piece in content):
        return True  # content shortened to fit
    if depth > 6:
        return False
    for pieces in _templates():
        if all(piece in text for piece in pieces) and _fits(text, pieces,
                                                            lambda part: _covered(part, content, depth + 1)):
            return True
    for separator in SEPARATORS:
        if separator in text and all(_covered(part, content, depth + 1) for part in text.split(separator)):
            return True
    # content inside a text the page composed itself ("3. Consent and tests"): take it out and look again
    for piece in sorted(content, key=len, reverse=True):
        if len(piece) > 3 and piece in text:
            return _covered(text.replace(piece, '#'), content, depth + 1)
    return False


@lru_cache(maxsize=1)
def _literals() -> frozenset[str]:
    return frozenset(s for e in i18n.catalogue().values() for s in e.strings())


@lru_cache(maxsize=1)
def _templates() -> tuple[list[str], ...]:
    """Each template as its fixed pieces around the placeholders: 'Round {n}: {method}' → ['Round ', ': ', '']."""
    sources = sorted({s for e in i18n.catalogue().values() for s in e.strings() if '{' in s}, key=len, reverse=True)
    return tuple(pieces for s in sources if any(pieces := re.split(r'\{\w+\}', s)))


def _fits(text: str, pieces: list[str], covered) -> bool:
    """Does `text` read as the template, with every stretch a placeholder took covered? (Tries every way.)"""
    if not text.startswith(pieces[0]):
        return False
    rest, pieces = text[len(pieces[0]):], pieces[1:]
    if len(pieces) == 1:  # one placeholder left, then the last fixed piece
        return rest.endswith(pieces[0]) and len(rest) > len(pieces[0]) and covered(rest[:len(rest) - len(pieces[0])])
    at = rest.find(pieces[0], 1) if pieces[0] else 1
    while 0 < at <= len(rest):
        if covered(rest[:at]) and _fits(rest[at:], pieces, covered):
            return True
        at = rest.find(pieces[0], at + 1) if pieces[0] else at + 1
    return False


def _texts(client: Any) -> Iterator[Any]:
    yield client.title
    for element in client.layout.descendants(include_self=True):
        yield element._text  # noqa: SLF001 (the text NiceGUI sends to the browser)
        if isinstance(element, IdeaList):
            yield from element.shown(aria=True)
        for name in PROPS:
            yield element.props.get(name)
        if isinstance(element, ChoiceElement):
            options = element.options
            yield from (options.values() if isinstance(options, dict) else options)
        if isinstance(element, ui.table):
            yield from (column.get('label') for column in element.columns)
            yield from (row.get(column.get('field')) for row in element.rows for column in element.columns)
