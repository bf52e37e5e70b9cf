"""HTTP response headers that close doors a browser would otherwise leave open.

The policy also keeps the promise that nothing is fetched from elsewhere: scripts, styles, fonts and images come
from the app itself. NiceGUI's Vue templates need 'unsafe-eval' and its page bootstrap inline script.
"""
from __future__ import annotations

import logging
import traceback

from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = '; '.join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
])

HEADERS = {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',  # facilitator and lead links carry tokens: never leak them in a Referer
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    'cross-origin-opener-policy': 'same-origin',
}


class SecurityHeaders:
    """ASGI middleware (not BaseHTTPMiddleware, which would buffer streamed responses)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] != 'http':
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message['type'] == 'http.response.start':
                present = {name.lower() for name, _ in message.get('headers', [])}
                extra = [(k.encode(), v.encode()) for k, v in HEADERS.items() if k.encode() not in present]
                if scope.get('scheme') == 'https':  # reached over HTTPS (directly or via a trusted proxy): keep it so
                    extra.append((b'strict-transport-security', b'max-age=31536000'))
                message = {**message, 'headers': [*message.get('headers', []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class Sessions(SessionMiddleware):
    """The session cookie (HttpOnly, SameSite=Lax, as Starlette makes it) also `Secure` whenever the request came over
    HTTPS: directly, or through a proxy listed in CODESIGN_TRUSTED_PROXIES (uvicorn believes X-Forwarded-Proto only
    from those). NiceGUI installs this class in place of Starlette's own (see `install_sessions`)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] == 'http' and scope.get('scheme') == 'https':
            inner = send

            async def send(message: Message) -> None:
                if message['type'] == 'http.response.start':
                    message = {**message, 'headers': [
                        (k, v + b'; secure') if k.lower() == b'set-cookie' and b'secure' not in v.lower() else (k, v)
                        for k, v in message.get('headers', [])]}
                await inner(message)
        await super().__call__(scope, receive, send)


def install_sessions() -> None:
    """NiceGUI adds Starlette's SessionMiddleware in ui.run; this makes it add `Sessions` instead."""
    import nicegui.storage
    nicegui.storage.SessionMiddleware = Sessions


class OneLinePerRecord(logging.Filter):
    """Text from browsers (a page's own log messages, values in an error) reaches the server log with its control
    characters escaped, so nobody can forge a line; a traceback keeps its lines, its message is escaped."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = escape_line(record.getMessage()), None
        if record.exc_info and record.exc_info[1] is not None:
            kind, error, tb = record.exc_info
            record.exc_text = (''.join(traceback.format_tb(tb)).rstrip('\n') + '\n'
                               + f'{kind.__name__}: {escape_line(str(error))}')
            record.exc_info = None
        return True


def escape_line(text: str) -> str:
    return ''.join(ch if ch.isprintable() else ch.encode('unicode_escape').decode('ascii') for ch in text)


def install_log_filter() -> None:
    for name in ('nicegui', 'uvicorn', 'uvicorn.error', 'uvicorn.access'):
        logger = logging.getLogger(name)
        if not any(isinstance(f, OneLinePerRecord) for f in logger.filters):
            logger.addFilter(OneLinePerRecord())


class UploadLimit:
    """Uploads (NiceGUI's `/_nicegui/client/…/upload/…` route) larger than `limit` bytes are refused before a byte of
    them is read: the size the browser's upload widget checks is checked here again, where it counts."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] == 'http' and scope['method'] == 'POST' and '/upload/' in scope['path']:
            length = dict(scope['headers']).get(b'content-length')
            if length is None or not length.isdigit() or int(length) > self.limit:
                status = 411 if length is None else 413
                await send({'type': 'http.response.start', 'status': status,
                            'headers': [(b'content-type', b'text/plain; charset=utf-8')]})
                await send({'type': 'http.response.body',
                            'body': f'uploads are limited to {self.limit // 1_000_000} MB'.encode()})
                return
        await self.app(scope, receive, send)
