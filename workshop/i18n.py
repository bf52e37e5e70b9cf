"""The string catalogue: every user-visible string, in English and te reo Māori.

Strings live in `locales/strings.yaml`, one key each:

    vote: {en: Vote, mi: Pōti, source: Te Taura Whiri parliamentary words, participant: true}
    join: {en: Join}                # no te reo yet: shown in English, listed as awaiting review

A te reo string is used only with a source a fluent speaker can check; without one it stays English and
`awaiting_review()` lists it (`workshop translations` prints the list and the coverage). No machine translation, and no
te reo put together from sourced words: a phrase needs its own source. `untranslated: why` marks a string that stays
English on purpose (the language switch names English in English).

`{name}` placeholders are filled with str.format; when `n` is 1 and a `<key>_one` entry exists, that one is used
("1 dot left" beside "{n} dots left"). `participant: true` marks the strings participants see: their readability is
measured (benchmarks/readability.py) and tested.

Pure modules refuse with a `Refusal`: a key and its parameters, so each page can show it in the reader's language;
its `message` is the English text, for logs and the command line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from workshop import yaml_load

LANGUAGES = {'en': 'English', 'mi': 'Te reo Māori'}
DEFAULT = 'en'
CATALOGUE_PATH = Path(__file__).resolve().parent / 'locales' / 'strings.yaml'


@dataclass(kw_only=True, slots=True, frozen=True)
class Entry:
    key: str
    en: str
    mi: str = ''
    source: str = ''
    untranslated: str = ''  # why this string stays English on purpose; not awaiting a translator
    participant: bool = False  # seen by participants: held to the plain-language ceiling


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
    data = yaml_load.safe_load(CATALOGUE_PATH.read_text(encoding='utf-8')) or {}
    return {key: Entry(key=key, en=value['en'], mi=value.get('mi') or '', source=value.get('source') or '',
                       untranslated=value.get('untranslated') or '', participant=bool(value.get('participant')))
            for key, value in data.items()}


def text(key: str, lang: str = DEFAULT, **params: object) -> Text:
    entries = catalogue()
    entry = entries.get(key)
    if entry is None:
        raise MissingString(f'{key!r} is not in {CATALOGUE_PATH.name}')
    if params.get('n') == 1 and f'{key}_one' in entries:
        entry = entries[f'{key}_one']
    if lang == 'mi' and entry.mi:
        return Text(text=entry.mi.format(**params) if params else entry.mi, lang='mi')
    return Text(text=entry.en.format(**params) if params else entry.en, lang='en')


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
    entries = [entry for entry in catalogue().values() if entry.participant]
    return Coverage(sourced=[e.key for e in entries if e.mi], english_on_purpose=[e.key for e in entries
                                                                                   if not e.mi and e.untranslated],
                    awaiting=[e.key for e in entries if not e.mi and not e.untranslated])


def all_english() -> set[str]:
    return {entry.en for entry in catalogue().values()}


def participant_texts() -> dict[str, str]:
    """The English participant-facing strings by key, placeholders filled with a number or "this" (readability)."""
    fill = lambda m: '3' if m[1] in _NUMBERS else 'this'  # noqa: E731
    return {entry.key: _PLACEHOLDER.sub(fill, entry.en) for entry in catalogue().values() if entry.participant}


_PLACEHOLDER = re.compile(r'\{(\w+)\}')
_NUMBERS = {'n', 'k', 'budget', 'cap', 'scale', 'left', 'place', 'minutes', 'threshold', 'voted', 'joined', 'total',
            'rank', 'score', 'mean'}
