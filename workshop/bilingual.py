"""Workshop content in English and te reo Māori: which version a reader sees, and the other one, a tap away.

Content words are the workshop team's own (model `*Reo` types); a te reo version is shown only where they gave one.
Pure: no UI. `shown` answers in the reader's language when that version exists, otherwise in English; `other` is the
second version when both exist, so a page can offer it without hiding either.
"""
from __future__ import annotations

from typing import Any

from workshop.i18n import Text

NAMES = {'en': 'English', 'mi': 'Te reo Māori'}  # each language named in itself: the label of the other version


def versions(item: Any, name: str) -> dict[str, str]:
    """{'en': …, 'mi': …} for one field, with only the versions that have words."""
    english = getattr(item, name, '') or ''
    reo = getattr(getattr(item, 'mi', None), name, '') or ''
    return {lang: words for lang, words in (('en', english), ('mi', reo)) if words.strip()}


def shown(item: Any, name: str, lang: str) -> Text:
    given = versions(item, name)
    if lang in given:
        return Text(text=given[lang], lang=lang)
    return Text(text=given.get('en', ''), lang='en')


def other(item: Any, name: str, lang: str) -> Text | None:
    given = versions(item, name)
    if len(given) < 2:
        return None
    second = 'en' if shown(item, name, lang).lang == 'mi' else 'mi'
    return Text(text=given[second], lang=second)


def has_reo(item: Any, name: str) -> bool:
    return 'mi' in versions(item, name)
