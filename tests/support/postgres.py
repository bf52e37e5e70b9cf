"""A real PostgreSQL server for the tests, started by the tests: Debian's `postgresql` binaries, `initdb` into a
temporary folder, run as an unprivileged user, on a free port, stopped at the end. Each test gets a fresh database.

Where PostgreSQL is not installed the PostgreSQL half of the tests skips with the reason; in CI (CI=true) that is a
failure, so CI always runs both stores.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from itertools import count
from pathlib import Path

from benchmarks.serverproc import free_port

START_TIMEOUT = 30  # seconds


def find_bin() -> Path | None:
    """The newest /usr/lib/postgresql/N/bin with initdb (Debian's layout), or initdb on the PATH."""
    found = sorted(glob.glob('/usr/lib/postgresql/*/bin/initdb'), key=lambda p: int(Path(p).parent.parent.name))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which('initdb')
    return Path(on_path).parent if on_path else None


def require_postgres() -> Path:
    binaries = find_bin()
    if binaries is not None:
        return binaries
    message = 'PostgreSQL is missing: install Debian\'s postgresql package (python3 tasks.py test does) to run the ' \
              'PostgreSQL half of the store tests'
    import pytest  # here, so that benchmarks/bench_processes.py runs without it
    if os.environ.get('CI') == 'true':
        pytest.fail(message)
    pytest.skip(message)


class PostgresServer:
    """initdb + pg_ctl start in a temporary folder; as root, the server runs as an unprivileged user."""

    def __init__(self, binaries: Path, *, durable: bool = False) -> None:
        self.bin = binaries
        self.durable = durable  # benchmarks: fsync and synchronous commit as in production; tests: fast
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix='codesign-pg-'))
        self.data = self.folder / 'data'
        self.user = _unprivileged_user()
        self._names = count(1)
        if self.user:
            record = pwd.getpwnam(self.user)
            os.chown(self.folder, record.pw_uid, record.pw_gid)
        self.superuser = 'codesign'

    def start(self) -> PostgresServer:
        self._run('initdb', '-D', str(self.data), '-U', self.superuser, '--auth=trust', '--encoding=UTF8',
                  '--no-instructions')
        options = f'-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=200'
        if not self.durable:
            options += ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off'
        self._run('pg_ctl', '-D', str(self.data), '-o', options, '-l', str(self.folder / 'server.log'), '-w',
                  '-t', str(START_TIMEOUT), 'start')
        return self

    def stop(self) -> None:
        try:
            self._run('pg_ctl', '-D', str(self.data), '-m', 'immediate', '-w', 'stop')
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = 'postgres') -> str:
        return f'postgresql://{self.superuser}@127.0.0.1:{self.port}/{database}'

    def new_database(self) -> str:
        """A fresh, empty database; its URL."""
        import psycopg
        name = f'test_{os.getpid()}_{next(self._names)}'
        with psycopg.connect(self.url(), autocommit=True) as db:
            db.execute(f'CREATE DATABASE {name}')
        return self.url(name)

    def _run(self, tool: str, *args: str) -> None:
        cmd = [str(self.bin / tool), *args]
        if self.user:
            cmd = ['runuser', '-u', self.user, '--', *cmd]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=START_TIMEOUT + 30, cwd=self.folder)
        if result.returncode != 0:
            log = self.folder / 'server.log'
            raise RuntimeError(f'{tool} failed: {result.stderr.strip()} {log.read_text() if log.exists() else ""}')


def _unprivileged_user() -> str | None:
    """PostgreSQL refuses to run as root: then use the postgres account, else nobody."""
    if os.geteuid() != 0:
        return None
    for name in ('postgres', 'nobody'):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError('running as root, but there is no unprivileged user to run PostgreSQL as')


