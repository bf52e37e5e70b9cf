"""The string catalogue as it will be once a translator's work is in, for tests of what te reo readers get."""
from __future__ import annotations

import dataclasses

from workshop import i18n


def with_reo_thanks(monkeypatch) -> None:
    """The catalogue as it is once a translator's reviewed "Thank you" is in (now it awaits review: fuzzy)."""
    entries = i18n.catalogue()
    reviewed = dataclasses.replace(entries['thank_you'], mi='Ngā mihi', source='a translator (test)')
    monkeypatch.setattr(i18n, 'catalogue', lambda: {**entries, 'thank_you': reviewed})
