"""The three doors of a workshop as links: facilitator and lead carry their token, participants a join code."""
from __future__ import annotations

from typing import Any


def for_credentials(base_url: str, created: Any) -> dict[str, str]:
    return {
        'facilitator': role_link(base_url, created.id, 'facilitator', created.facilitator_token),
        'participant': participant_link(base_url, created.join_code),
        'lead': role_link(base_url, created.id, 'lead', created.lead_token),
    }


def role_link(base_url: str, workshop_id: str, role: str, token: str) -> str:
    page = {'facilitator': 'facilitate', 'lead': 'lead'}[role]
    return f'{base_url.rstrip("/")}/w/{workshop_id}/{page}?token={token}'


def participant_link(base_url: str, join_code: str) -> str:
    return f'{base_url.rstrip("/")}/join/{join_code}'


def normalise_join_code(code: str) -> str:
    """Codes are read out and typed: ignore case, spaces and dashes."""
    return ''.join(ch for ch in code.upper() if ch.isalnum())


def spaced(join_code: str) -> str:
    """ACD479 → ACD 479: easier to read out on a call."""
    half = len(join_code) // 2
    return f'{join_code[:half]} {join_code[half:]}'
