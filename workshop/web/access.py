"""Who is on this page: a facilitator or lead (a role session granted for a token), or a participant (a pseudonymous
id bound to the browser).

Both bindings live in the store, in the data folder, keyed by a hash of the browser's session id: a restart from any
directory, or a backup restored, keeps everyone's identity and one vote per person. A token arrives once in the link
(`?token=…`), is checked against its hash and exchanged for a role session, and the page is opened again without it,
so it leaves the address bar and the browser's history. A named co-facilitator's or breakout host's own link
(workshop/domain/team.py) opens the same console door; their session lasts until it expires or they leave the team. A role session lasts `CODESIGN_ROLE_SESSION_HOURS` and ends
at once when the token is rotated. Every action is checked again in LiveWorkshop against the Actor built here.
"""
from __future__ import annotations

import hashlib
import time
from urllib.parse import urlencode

from nicegui import app, context, ui
from starlette.responses import RedirectResponse

from workshop.live import FACILITATOR, LEAD, PARTICIPANT, Actor, LiveWorkshop
from workshop.store import Store
from workshop.web.context import AppContext

COHOST = 'cohost'  # the binding of a browser to a named co-facilitator or breakout host (their id)
WITHDRAWN = 'withdrawn'  # the binding a browser keeps after its participant withdrew: only to say so on rejoining
CHECK_INTERVAL = 1.0  # seconds: an open console notices a rotated token or an expired session this soon


def session_key() -> str:
    """A hash of this browser's session id (the signed cookie's): what the store keeps, never the id itself."""
    return hashlib.sha256(str(app.storage.browser['id']).encode()).hexdigest()


def role_door(ctx: AppContext, workshop_id: str, role: str, token: str | None) -> Actor | RedirectResponse | None:
    """The facilitator or lead Actor for a browser holding a role session; a redirect to the same page without the
    token when a right token came in the link (exchanged for a session); None otherwise.

    A browser that already holds a session is never held up by the attempt limit: only new tokens are guessed."""
    assert role in (FACILITATOR, LEAD)
    session = session_key()
    if ctx.store.has_role(session, workshop_id, role):
        return _without_token() if token else Actor(role=role)
    cohost = _cohost(ctx, workshop_id, session) if role == FACILITATOR else None
    if cohost is not None and not token:
        return cohost
    if not token:
        return None
    address = client_address()
    if ctx.limiter.blocked(address):
        return None  # guessing tokens: refused without even checking, until the window passes
    expires = time.time() + ctx.config.role_session_hours * 3600
    if ctx.store.grant_role(session, workshop_id, role, token, expires_at=expires):
        return _without_token()
    if role == FACILITATOR and ctx.store.exists(workshop_id):  # a co-facilitator's or breakout host's own link
        if (named := ctx.registry.get(workshop_id).cohost_for_token(token)) is not None:
            ctx.store.bind(session, workshop_id, COHOST, named.cohost, expires_at=expires)
            return _without_token()
    ctx.limiter.failed(address)
    return None


def _cohost(ctx: AppContext, workshop_id: str, session: str) -> Actor | None:
    """The named co-host this browser holds a session for, while they are still on the team."""
    cohost_id = ctx.store.bound(session, workshop_id, COHOST)
    return ctx.registry.get(workshop_id).cohost_actor(cohost_id) if cohost_id and ctx.store.exists(workshop_id) \
        else None


def guard(ctx: AppContext, workshop_id: str, role: str) -> None:
    """Close an open facilitator or lead page once its session ends (token rotated, expired, workshop deleted)."""
    session = session_key()
    path = context.client.page.path.replace('{workshop_id}', workshop_id)

    def check() -> None:
        if not ctx.store.has_role(session, workshop_id, role) and (role != FACILITATOR
                                                                    or _cohost(ctx, workshop_id, session) is None):
            timer.cancel()
            ui.navigate.to(path)
    timer = ui.timer(CHECK_INTERVAL, check)


def still_allowed(ctx: AppContext, workshop_id: str, actor: Actor, session: str) -> bool:
    """Checked before a facilitator or lead action: a rotated token or a revoked co-host's link stops an open console
    at once. `session` is the page's own session_key(), taken when it was built (a handler may run in a control built
    while another browser's event was being told)."""
    if actor.cohost:
        return _cohost(ctx, workshop_id, session) == actor
    return actor.role not in (FACILITATOR, LEAD) or ctx.store.has_role(session, workshop_id, actor.role)


def _without_token() -> RedirectResponse:
    request = context.client.request
    query = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != 'token'])
    return RedirectResponse(request.url.path + (f'?{query}' if query else ''), status_code=303)


def join_by_code(ctx: AppContext, code: str) -> LiveWorkshop | None | bool:
    """The workshop a join code opens, None for a wrong code (it counts towards the address's attempt limit), or
    False while this address is refused for guessing."""
    address = client_address()
    if ctx.limiter.blocked(address):  # a browser that joined already is never held up by the attempt limit
        live = ctx.registry.by_join_code(code)
        return live if live is not None and participant_id(ctx.store, live.id) else False
    live = ctx.registry.by_join_code(code)
    if live is None:
        ctx.limiter.failed(address)
    return live


def client_address() -> str:
    """The browser's address (behind a trusted reverse proxy, uvicorn takes it from X-Forwarded-For)."""
    request = context.client.request
    return request.client.host if request is not None and request.client else 'unknown'


def participant_id(store: Store, workshop_id: str) -> str | None:
    """This browser's pseudonymous id in this workshop, or None before it joined."""
    return store.bound(session_key(), workshop_id, PARTICIPANT)


def bind_participant(store: Store, workshop_id: str, participant: str) -> None:
    """This browser is this participant from now on (after consent was recorded)."""
    store.bind(session_key(), workshop_id, PARTICIPANT, participant)


def forget_participant(store: Store, workshop_id: str, participant: str) -> None:
    """After withdrawal: this browser is nobody in the workshop any more (it remembers only that it left)."""
    session = session_key()
    store.unbind(session, workshop_id, PARTICIPANT)
    store.bind(session, workshop_id, WITHDRAWN, '1')


def left_before(store: Store, workshop_id: str) -> bool:
    return store.bound(session_key(), workshop_id, WITHDRAWN) is not None


def participant_actor(live: LiveWorkshop) -> Actor:
    return Actor(role=PARTICIPANT, participant=participant_id(live.store, live.id) or '')
