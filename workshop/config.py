"""Settings, read from a mapping (the environment by default) and overridden by command-line flags.

Every setting is one row of SETTINGS; the README's settings table is checked against it by a test.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Mapping


@dataclass(kw_only=True, slots=True, frozen=True)
class Setting:
    env: str
    default: str
    help: str


SETTINGS: dict[str, Setting] = {s.env: s for s in [
    Setting(env='CODESIGN_DATA', default='~/.local/share/codesign-workshop',
            help='Folder holding the SQLite database (`--data`).'),
    Setting(env='CODESIGN_HOST', default='127.0.0.1', help='Address the app listens on (`--host`).'),
    Setting(env='CODESIGN_PORT', default='8080', help='Port the app listens on (`--port`).'),
    Setting(env='CODESIGN_BASE_URL', default='',
            help='Public address used in printed links and QR codes, e.g. `https://hui.example.org` behind a proxy; '
                 'empty means `http://HOST:PORT`.'),
    Setting(env='CODESIGN_STORAGE_SECRET', default='',
            help='Secret that signs participants\' browser sessions. Required when listening on a non-loopback '
                 'address; on localhost a random one is kept in the data folder.'),
    Setting(env='CODESIGN_TRUSTED_PROXIES', default='127.0.0.1',
            help='Addresses (comma-separated, networks allowed) of reverse proxies whose `X-Forwarded-For` and '
                 '`X-Forwarded-Proto` are believed; from anyone else they are ignored.'),
    Setting(env='CODESIGN_ROLE_SESSION_HOURS', default='24',
            help='How long a facilitator or lead link, once opened, keeps that browser signed in; rotating the '
                 'token ends it at once.'),
    Setting(env='CODESIGN_DOT', default='',
            help='Graphviz `dot` executable for journey-map pictures; empty uses the bundled `graphviz-pure`, '
                 'then `dot` on the PATH.'),
    Setting(env='CODESIGN_DATABASE_URL', default='',
            help='PostgreSQL instead of SQLite, e.g. `postgresql://workshop@db.internal/workshop`, for several app '
                 'processes on one log (needs `codesign-workshop[postgres]`); empty keeps SQLite in `CODESIGN_DATA`.'),
    Setting(env='CODESIGN_SYNC', default='normal',
            help='Durability: `normal` survives a crash of the app; `full` also survives power loss (SQLite) or a '
                 'crash of the database server (PostgreSQL: synchronous commit), at some cost per vote.'),
    Setting(env='CODESIGN_SMTP_HOST', default='',
            help='The organisation\'s mail server for invitations and reminders, e.g. `smtp.example.org`; empty: '
                 'nothing is ever sent, and the facilitator gets a list and a message to send by hand.'),
    Setting(env='CODESIGN_SMTP_PORT', default='587', help='Port of that mail server.'),
    Setting(env='CODESIGN_SMTP_SECURITY', default='starttls',
            help='`starttls`, `ssl` (TLS from the start, usually port 465) or `none` (only for a server on the same '
                 'machine or network).'),
    Setting(env='CODESIGN_SMTP_USER', default='', help='User name for the mail server; empty: no login.'),
    Setting(env='CODESIGN_SMTP_PASSWORD', default='', help='Password for the mail server.'),
    Setting(env='CODESIGN_SMTP_FROM', default='',
            help='The sender of invitations and reminders, e.g. `Co-design team <codesign@example.org>`; needed '
                 'when a mail server is set.'),
]}


@dataclass(kw_only=True, slots=True, frozen=True)
class Config:
    data_dir: Path
    host: str
    port: int
    base_url: str
    storage_secret: str
    trusted_proxies: str = '127.0.0.1'
    role_session_hours: float = 24.0
    dot: str
    sync: str
    database_url: str = ''
    smtp_host: str = ''  # empty: no mail is ever sent (workshop/reminders.py)
    smtp_port: int = 587
    smtp_security: str = 'starttls'
    smtp_user: str = ''
    smtp_password: str = ''
    smtp_from: str = ''

    @property
    def public_url(self) -> str:
        if self.base_url:
            return self.base_url.rstrip('/')
        host = 'localhost' if self.host in ('127.0.0.1', '0.0.0.0', '::', '') else self.host
        return f'http://{host}:{self.port}'

    def with_flags(self, **flags: object) -> Config:
        """Command-line flags win over the environment; None means "not given"."""
        given: dict[str, Any] = {k: v for k, v in flags.items() if v is not None}
        if 'data_dir' in given:
            given['data_dir'] = Path(str(given['data_dir'])).expanduser()
        return replace(self, **given)


class ConfigError(ValueError):
    pass


def load(environ: Mapping[str, str] | None = None) -> Config:
    env = os.environ if environ is None else environ

    def get(name: str) -> str:
        return env.get(name, SETTINGS[name].default)

    port = get('CODESIGN_PORT')
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise ConfigError(f'CODESIGN_PORT must be a port number from 1 to 65535, not {port!r}')
    sync = get('CODESIGN_SYNC').lower()
    if sync not in ('normal', 'full'):
        raise ConfigError(f'CODESIGN_SYNC must be normal or full, not {sync!r}')
    hours = get('CODESIGN_ROLE_SESSION_HOURS')
    try:
        if not 0 < float(hours) <= 24 * 90:
            raise ValueError
    except ValueError:
        raise ConfigError(f'CODESIGN_ROLE_SESSION_HOURS must be a number of hours above 0 and at most 2160, '
                          f'not {hours!r}') from None
    database_url = get('CODESIGN_DATABASE_URL').strip()
    if database_url and not database_url.startswith(('postgresql://', 'postgres://')):
        raise ConfigError('CODESIGN_DATABASE_URL must be a PostgreSQL URL starting with postgresql://, not '
                          f'{database_url.split("://")[0]!r}')
    smtp_port, security = get('CODESIGN_SMTP_PORT'), get('CODESIGN_SMTP_SECURITY').lower()
    if not smtp_port.isdigit() or not 0 < int(smtp_port) < 65536:
        raise ConfigError(f'CODESIGN_SMTP_PORT must be a port number from 1 to 65535, not {smtp_port!r}')
    if security not in ('starttls', 'ssl', 'none'):
        raise ConfigError(f'CODESIGN_SMTP_SECURITY must be starttls, ssl or none, not {security!r}')
    if get('CODESIGN_SMTP_HOST') and '@' not in get('CODESIGN_SMTP_FROM'):
        raise ConfigError('CODESIGN_SMTP_FROM must be the sender\'s address (e.g. codesign@example.org) when '
                          'CODESIGN_SMTP_HOST is set')
    return Config(data_dir=Path(get('CODESIGN_DATA')).expanduser(), host=get('CODESIGN_HOST'), port=int(port),
                  base_url=get('CODESIGN_BASE_URL'), storage_secret=get('CODESIGN_STORAGE_SECRET'),
                  trusted_proxies=get('CODESIGN_TRUSTED_PROXIES'), role_session_hours=float(hours),
                  dot=get('CODESIGN_DOT'), sync=sync, database_url=database_url,
                  smtp_host=get('CODESIGN_SMTP_HOST').strip(), smtp_port=int(smtp_port), smtp_security=security,
                  smtp_user=get('CODESIGN_SMTP_USER'), smtp_password=get('CODESIGN_SMTP_PASSWORD'),
                  smtp_from=get('CODESIGN_SMTP_FROM').strip())
