"""Who is on this page: a facilitator or lead (checked token), or a participant (pseudonymous id bound to the browser).

A token arrives once in the link (`?token=…`), is checked against its hash in the store, and is then kept in this
browser's server-side user storage, so the page works after a reload. Every action is checked again in
LiveWorkshop against the Actor built here; nothing relies on a button being hidden.
"""
from __future__ import annotations

import secrets

from nicegui import app, context

from workshop.live import FACILITATOR, LEAD, PARTICIPANT, Actor, LiveWorkshop
from workshop.ui.context import AppContext


def role_actor(ctx: AppContext, workshop_id: str, role: str, token: str | None) -> Actor | None:
    """The facilitator or lead Actor when the token (from the link, or remembered) is right; else None."""
    assert role in (FACILITATOR, LEAD)
    key = f'token:{workshop_id}:{role}'
    address = client_address()
    if ctx.limiter.blocked(address):
        return None  # guessing tokens: refused without even checking, until the window passes
    candidates = [t for t in (token, app.storage.user.get(key)) if t]
    for candidate in candidates:
        if ctx.store.check_token(workshop_id, role, candidate):
            app.storage.user[key] = candidate
            return Actor(role=role)
        ctx.limiter.failed(address)
    app.storage.user.pop(key, None)
    return None


def join_by_code(ctx: AppContext, code: str) -> LiveWorkshop | None:
    """The workshop a join code opens, or None; wrong codes count towards the address's attempt limit."""
    address = client_address()
    if ctx.limiter.blocked(address):
        return None
    live = ctx.registry.by_join_code(code)
    if live is None:
        ctx.limiter.failed(address)
    return live


def client_address() -> str:
    """The browser's address (behind a local reverse proxy, uvicorn takes it from X-Forwarded-For)."""
    request = context.client.request
    return request.client.host if request is not None and request.client else 'unknown'


def participant_id(workshop_id: str) -> str:
    """This browser's pseudonymous id in this workshop, made on first visit and kept across reloads."""
    key = f'participant:{workshop_id}'
    if key not in app.storage.user:
        app.storage.user[key] = 'p-' + secrets.token_hex(5)
    return app.storage.user[key]


def participant_actor(live: LiveWorkshop) -> Actor:
    return Actor(role=PARTICIPANT, participant=participant_id(live.id))
