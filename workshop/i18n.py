"""The string catalogue: every user-visible string, in English and te reo Māori.

Strings live in `locales/strings.yaml`, one key each:

    vote: {en: Vote, mi: Pōti, source: Te Taura Whiri parliamentary words}
    join: {en: Join}                # no te reo yet: shown in English, listed as awaiting review

A te reo string is used only with a source a fluent speaker can check; without one it stays English and
`awaiting_review()` lists it. No machine translation. `{name}` placeholders are filled with str.format.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

LANGUAGES = {'en': 'English', 'mi': 'Te reo Māori'}
DEFAULT = 'en'
CATALOGUE_PATH = Path(__file__).resolve().parent / 'locales' / 'strings.yaml'


@dataclass(kw_only=True, slots=True, frozen=True)
class Entry:
    key: str
    en: str
    mi: str = ''
    source: str = ''


@dataclass(kw_only=True, slots=True, frozen=True)
class Text:
    """A string as shown: its text and the language it is really in (for lang="mi" on te reo)."""
    text: str
    lang: str


class MissingString(KeyError):
    pass


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Entry]:
    data = yaml.safe_load(CATALOGUE_PATH.read_text(encoding='utf-8')) or {}
    return {key: Entry(key=key, en=value['en'], mi=value.get('mi') or '', source=value.get('source') or '')
            for key, value in data.items()}


def text(key: str, lang: str = DEFAULT, **params: object) -> Text:
    entry = catalogue().get(key)
    if entry is None:
        raise MissingString(f'{key!r} is not in {CATALOGUE_PATH.name}')
    if lang == 'mi' and entry.mi:
        return Text(text=entry.mi.format(**params) if params else entry.mi, lang='mi')
    return Text(text=entry.en.format(**params) if params else entry.en, lang='en')


def awaiting_review() -> list[str]:
    """Keys shown in English to te reo speakers because no checked translation exists yet."""
    return sorted(key for key, entry in catalogue().items() if not entry.mi)


def all_english() -> set[str]:
    return {entry.en for entry in catalogue().values()}
