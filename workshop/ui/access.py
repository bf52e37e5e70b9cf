"""Who is on this page: a facilitator or lead (checked token), or a participant (pseudonymous id bound to the browser).

A token arrives once in the link (`?token=…`), is checked against its hash in the store, and is then kept in this
browser's server-side user storage, so the page works after a reload. Every action is checked again in
LiveWorkshop against the Actor built here; nothing relies on a button being hidden.
"""
from __future__ import annotations

import secrets

from nicegui import app

from workshop.live import FACILITATOR, LEAD, PARTICIPANT, Actor, LiveWorkshop
from workshop.ui.context import AppContext


def role_actor(ctx: AppContext, workshop_id: str, role: str, token: str | None) -> Actor | None:
    """The facilitator or lead Actor when the token (from the link, or remembered) is right; else None."""
    assert role in (FACILITATOR, LEAD)
    key = f'token:{workshop_id}:{role}'
    candidates = [t for t in (token, app.storage.user.get(key)) if t]
    for candidate in candidates:
        if ctx.store.check_token(workshop_id, role, candidate):
            app.storage.user[key] = candidate
            return Actor(role=role)
    app.storage.user.pop(key, None)
    return None


def participant_id(workshop_id: str) -> str:
    """This browser's pseudonymous id in this workshop, made on first visit and kept across reloads."""
    key = f'participant:{workshop_id}'
    if key not in app.storage.user:
        app.storage.user[key] = 'p-' + secrets.token_hex(5)
    return app.storage.user[key]


def participant_actor(live: LiveWorkshop) -> Actor:
    return Actor(role=PARTICIPANT, participant=participant_id(live.id))
