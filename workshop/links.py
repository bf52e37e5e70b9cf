"""The three doors of a workshop as links: facilitator and lead carry their token, participants a join code."""
from __future__ import annotations

from typing import Any


def for_credentials(base_url: str, created: Any) -> dict[str, str]:
    base = base_url.rstrip('/')
    return {
        'facilitator': f'{base}/w/{created.id}/facilitate?token={created.facilitator_token}',
        'participant': participant_link(base, created.join_code),
        'lead': f'{base}/w/{created.id}/lead?token={created.lead_token}',
    }


def participant_link(base_url: str, join_code: str) -> str:
    return f'{base_url.rstrip("/")}/join/{join_code}'


def spaced(join_code: str) -> str:
    """ACD479 → ACD 479: easier to read out on a call."""
    half = len(join_code) // 2
    return f'{join_code[:half]} {join_code[half:]}'
