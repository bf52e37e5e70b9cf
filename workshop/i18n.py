"""The string catalogue: every user-visible string, in English and te reo Māori, as gettext PO files.

`locales/messages.pot` holds each string once: its key as the message context, its English as the message, and
`#. participant` on the strings participants see (their readability is measured: benchmarks/readability.py).
`locales/mi/LC_MESSAGES/messages.po` holds the te reo Māori, in the format translators' tools (Poedit, Weblate)
read and write:

    # source: Loomio, client/locales/client.mi.yml, common.action.cancel
    #. participant
    msgctxt "cancel"
    msgid "Cancel"
    msgstr "Whakakore"

A te reo string is shown only when its translator comment names a source a fluent speaker can check and it is not
marked fuzzy (not yet reviewed); otherwise the English is shown and `awaiting_review()` lists the key (`workshop
translations` prints the list and the coverage). No machine translation, and no te reo put together from sourced
words: a phrase needs its own source. `# english on purpose: why` marks a string that stays English on purpose (the
language switch names English in English). A te reo string made for English that has since changed is not shown.

`{name}` placeholders are filled with str.format; numbers and dates in them are written by Babel for the language.
Plurals follow each catalogue's Plural-Forms (CLDR's rules: English tells one from many, Māori has one form), chosen
by the `n` parameter. Pure modules refuse with a `Refusal`: a key and its parameters, so each page can show it in the
reader's language; its `message` is the English text, for logs and the command line.
"""
from __future__ import annotations

import datetime as dt
import gettext
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

LANGUAGES = {'en': 'English', 'mi': 'Te reo Māori'}
DEFAULT = 'en'
NUMBERS_AND_DATES = {'en': 'en_NZ', 'mi': 'mi_NZ'}  # the CLDR locale each language's numbers and dates follow
LOCALES = Path(__file__).resolve().parent / 'locales'
TEMPLATE = LOCALES / 'messages.pot'
SOURCE = 'source:'  # translator comment: where a te reo string comes from
ON_PURPOSE = 'english on purpose:'  # translator comment: why a string stays English
_LABELS = (SOURCE, ON_PURPOSE)
PARTICIPANT = 'participant'  # extracted comment: participants see this string


def catalogue_path(lang: str) -> Path:
    return LOCALES / lang / 'LC_MESSAGES' / 'messages.po'


@dataclass(kw_only=True, slots=True, frozen=True)
class Entry:
    key: str
    en: str  # for a plural, the general form ("{n} dots left.")
    en_one: str = ''  # a plural's English for exactly one ("1 dot left.")
    mi: str = ''  # reviewed te reo with a source; for a plural, its general form
    mi_forms: tuple[str, ...] = ()  # a plural's te reo forms, in the order of the catalogue's Plural-Forms
    source: str = ''
    untranslated: str = ''  # why this string stays English on purpose; not awaiting a translator
    participant: bool = False  # seen by participants: held to the plain-language ceiling
    candidate: str = ''  # te reo awaiting review (fuzzy): never shown

    def strings(self) -> tuple[str, ...]:
        """Every wording a page can show for this key, in either language."""
        return tuple(s for s in (self.en, self.en_one, self.mi, *self.mi_forms) if s)


@dataclass(kw_only=True, slots=True, frozen=True)
class Text:
    """A string as shown: its text and the language it is really in (for lang="mi" on te reo)."""
    text: str
    lang: str


class MissingString(KeyError):
    pass


class Refusal(Exception):
    """Something a person may not do now, said with a catalogue key; `message` is the English text."""

    def __init__(self, key: str, **params: object) -> None:
        self.key, self.params = key, params
        self.message = text(key, 'en', **params).text
        super().__init__(self.message)


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Entry]:
    """Read once: the template's keys and English, with the te reo that is reviewed and sourced."""
    english = {m.context: m for m in read(TEMPLATE) if m.id and m.context}
    reo = {m.context: m for m in read(catalogue_path('mi')) if m.id and m.context}
    entries: dict[str, Entry] = {}
    for key, message in english.items():
        en_one, en = _forms(message.id) if isinstance(message.id, tuple | list) else ('', str(message.id))
        translated = reo.get(key)
        forms: tuple[str, ...] = ()
        comments: dict[str, str] = {}
        candidate = ''
        if translated is not None and translated.id == message.id:  # te reo made for this very English
            comments = _comments(translated.user_comments)
            forms = _forms(translated.string)
            if translated.fuzzy or not comments.get(SOURCE) or not all(forms):
                candidate, forms = forms[-1], ()
        entries[key] = Entry(key=key, en=en, en_one=en_one, mi=forms[-1] if forms else '',
                             mi_forms=forms if len(forms) > 1 else (), source=comments.get(SOURCE, ''),
                             untranslated=comments.get(ON_PURPOSE, ''), candidate=candidate,
                             participant=PARTICIPANT in message.auto_comments)
    return entries


def read(path: Path) -> Catalog:
    with path.open('rb') as file:
        return read_po(file, abort_invalid=True)


def text(key: str, lang: str = DEFAULT, **params: object) -> Text:
    entry = catalogue().get(key)
    if entry is None:
        raise MissingString(f'{key!r} is not in the catalogue ({TEMPLATE.name})')
    count = params.get('n')
    count = count if isinstance(count, int) and not isinstance(count, bool) else None
    shown = 'mi' if lang == 'mi' and entry.mi else 'en'
    if shown == 'mi':
        template = entry.mi_forms[_plural('mi')(count)] if entry.mi_forms and count is not None else entry.mi
    else:
        template = entry.en_one if count == 1 and entry.en_one else entry.en
    if not params:
        return Text(text=template, lang=shown)
    return Text(text=template.format(**{name: _written(value, shown) for name, value in params.items()}), lang=shown)


def awaiting_review() -> list[str]:
    """Keys shown in English to te reo speakers because no checked translation exists yet."""
    return sorted(key for key, entry in catalogue().items() if not entry.mi and not entry.untranslated)


@dataclass(kw_only=True, slots=True, frozen=True)
class Coverage:
    """How much of the participant's path has a sourced te reo translation."""
    sourced: list[str]
    english_on_purpose: list[str]
    awaiting: list[str]

    @property
    def total(self) -> int:
        return len(self.sourced) + len(self.english_on_purpose) + len(self.awaiting)

    @property
    def percent(self) -> int:
        return round(100 * len(self.sourced) / self.total) if self.total else 0


def participant_coverage() -> Coverage:
    return coverage(entry for entry in catalogue().values() if entry.participant)


def app_coverage() -> Coverage:
    return coverage(catalogue().values())


def coverage(entries: Iterable[Entry]) -> Coverage:
    chosen = list(entries)
    return Coverage(sourced=[e.key for e in chosen if e.mi],
                    english_on_purpose=[e.key for e in chosen if not e.mi and e.untranslated],
                    awaiting=[e.key for e in chosen if not e.mi and not e.untranslated])


def all_english() -> set[str]:
    return {s for entry in catalogue().values() for s in (entry.en, entry.en_one) if s}


def participant_texts() -> dict[str, str]:
    """The English participant-facing strings by key, placeholders filled with a number or "this" (readability)."""
    fill = lambda m: '3' if m[1] in _NUMBERS else 'this'  # noqa: E731
    return {entry.key: _PLACEHOLDER.sub(fill, entry.en) for entry in catalogue().values() if entry.participant}


def placeholders(words: str) -> set[str]:
    return set(_PLACEHOLDER.findall(words))


def _forms(value: object) -> tuple[str, ...]:
    return tuple(str(v or '') for v in value) if isinstance(value, tuple | list) else (str(value or ''),)


def _comments(lines: list[str]) -> dict[str, str]:
    """Translator comments by label ("source:", "english on purpose:"); a line without a label continues the last."""
    found: dict[str, str] = {}
    label = ''
    for line in lines:
        label = next((known for known in _LABELS if line.lower().startswith(known)), '' if ':' in line[:30] else label)
        if label:
            new = line.lower().startswith(label)
            words = line[len(label):].strip() if new else line.strip()
            found[label] = f'{found[label]}{"; " if new else " "}{words}' if label in found else words
    return found


@lru_cache(maxsize=None)
def _plural(lang: str) -> Callable[[int], int]:
    return gettext.c2py(read(catalogue_path(lang)).plural_expr)  # the catalogue's own Plural-Forms


def _written(value: object, lang: str) -> object:
    """Numbers and dates as the language writes them (Babel's CLDR data); other values as they are."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return _number(value, lang)
    if isinstance(value, dt.date):
        return format_date(value, 'long', locale=NUMBERS_AND_DATES[lang])
    return value


@lru_cache(maxsize=4096, typed=True)
def _number(value: int | float, lang: str) -> str:
    """Babel's formatting is slow beside a tap's other work, and pages say the same few numbers over and over."""
    return format_decimal(value, locale=NUMBERS_AND_DATES[lang])


_PLACEHOLDER = re.compile(r'\{(\w+)\}')
_NUMBERS = {'n', 'k', 'budget', 'cap', 'scale', 'left', 'place', 'minutes', 'threshold', 'voted', 'joined', 'total',
            'rank', 'score', 'mean'}
