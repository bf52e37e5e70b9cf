"""SQLite storage: workshop content plus an append-only event log. The only module with SQL.

Events are the source of truth for what people did (join, consent, votes, comments, decisions); content is the
facilitator's editable document. A write returns only after its transaction has committed, so whatever the caller
acknowledges survives a `kill -9`. WAL mode lets the command line read and write while the server runs.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from workshop.model import Workshop, to_dict

SCHEMA_VERSION = 1
DB_NAME = 'workshop.sqlite3'
JOIN_ALPHABET = 'ACDEFHJKMNPRTUVWXY3479'  # no 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B: easy to read out and type
JOIN_CODE_LENGTH = 6
ROLES = ('facilitator', 'lead')

_SCHEMA = '''
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS workshops (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    join_code TEXT NOT NULL UNIQUE,
    facilitator_hash TEXT NOT NULL,
    lead_hash TEXT NOT NULL,
    content TEXT NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    actor TEXT NOT NULL DEFAULT '',
    payload TEXT NOT NULL,
    at REAL NOT NULL,
    op_id TEXT,
    UNIQUE (workshop_id, op_id)
);
CREATE INDEX IF NOT EXISTS events_by_workshop ON events (workshop_id, seq);
CREATE TRIGGER IF NOT EXISTS events_append_only BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
'''


class StoreError(Exception):
    """A storage problem to show the user as it is (wrong schema version, unknown workshop, …)."""


@dataclass(kw_only=True, slots=True, frozen=True)
class Event:
    seq: int
    workshop_id: str
    type: str
    actor: str
    payload: dict[str, Any]
    at: float
    op_id: str | None = None


@dataclass(kw_only=True, slots=True, frozen=True)
class WorkshopRow:
    id: str
    title: str
    join_code: str
    created_at: float
    updated_at: float


@dataclass(kw_only=True, slots=True, frozen=True)
class Credentials:
    """What a new workshop's creator is told once: tokens are stored only as hashes."""
    id: str
    join_code: str
    facilitator_token: str
    lead_token: str


class Store:
    def __init__(self, data_dir: str | Path, *, synchronous: str = 'NORMAL') -> None:
        self.data_dir = Path(data_dir)
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f'cannot create the data folder {self.data_dir}: {e.strerror or e}') from None
        self.path = self.data_dir / DB_NAME
        self._lock = threading.RLock()  # one connection shared by the event loop and worker threads
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=30)
            self._db.execute('PRAGMA journal_mode=WAL')
            self._db.execute(f'PRAGMA synchronous={"FULL" if synchronous.upper() == "FULL" else "NORMAL"}')
            self._db.execute('PRAGMA foreign_keys=ON')
            self._migrate()
        except sqlite3.DatabaseError as e:
            raise StoreError(f'{self.path} is not a usable workshop database ({e})') from None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # --- workshops ---------------------------------------------------------------------------------------------

    def create_workshop(self, workshop: Workshop, events: list[dict[str, Any]] | None = None) -> Credentials:
        """Store new content (and, for an imported archive, its events) in one transaction."""
        workshop_id = secrets.token_hex(4)
        facilitator, lead = secrets.token_urlsafe(18), secrets.token_urlsafe(18)
        now = time.time()
        workshop.id = workshop_id
        with self._transaction() as db:
            join_code = self._new_join_code(db)
            db.execute('INSERT INTO workshops VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
                       (workshop_id, workshop.title, join_code, _hash(facilitator), _hash(lead),
                        _content_json(workshop), now, now))
            for event in events or []:
                db.execute('INSERT INTO events (workshop_id, type, actor, payload, at, op_id) '
                           'VALUES (?, ?, ?, ?, ?, ?)',
                           (workshop_id, event['type'], event.get('actor', ''), json.dumps(event['payload']),
                            event['at'], event.get('op_id')))
        return Credentials(id=workshop_id, join_code=join_code, facilitator_token=facilitator, lead_token=lead)

    def workshops(self) -> list[WorkshopRow]:
        rows = self._query('SELECT id, title, join_code, created_at, updated_at FROM workshops ORDER BY created_at')
        return [WorkshopRow(id=r[0], title=r[1], join_code=r[2], created_at=r[3], updated_at=r[4]) for r in rows]

    def workshop_row(self, workshop_id: str) -> WorkshopRow:
        rows = self._query('SELECT id, title, join_code, created_at, updated_at FROM workshops WHERE id = ?',
                           (workshop_id,))
        if not rows:
            raise StoreError(f"there is no workshop '{workshop_id}' in {self.data_dir}")
        r = rows[0]
        return WorkshopRow(id=r[0], title=r[1], join_code=r[2], created_at=r[3], updated_at=r[4])

    def load_content(self, workshop_id: str) -> dict[str, Any]:
        rows = self._query('SELECT content FROM workshops WHERE id = ?', (workshop_id,))
        if not rows:
            raise StoreError(f"there is no workshop '{workshop_id}' in {self.data_dir}")
        return json.loads(rows[0][0])

    def save_content(self, workshop: Workshop) -> None:
        with self._transaction() as db:
            cursor = db.execute('UPDATE workshops SET title = ?, content = ?, updated_at = ? WHERE id = ?',
                                (workshop.title, _content_json(workshop), time.time(), workshop.id))
            if cursor.rowcount == 0:
                raise StoreError(f"there is no workshop '{workshop.id}' in {self.data_dir}")

    def delete_workshop(self, workshop_id: str) -> None:
        """Delete a workshop and everything in it (its events go with it)."""
        with self._transaction() as db:
            db.execute('DELETE FROM events WHERE workshop_id = ?', (workshop_id,))
            if db.execute('DELETE FROM workshops WHERE id = ?', (workshop_id,)).rowcount == 0:
                raise StoreError(f"there is no workshop '{workshop_id}' in {self.data_dir}")

    def last_activity(self, workshop_id: str) -> float:
        """When anything last happened in a workshop: its latest event or content change."""
        row = self._query('SELECT MAX(COALESCE((SELECT MAX(at) FROM events WHERE workshop_id = w.id), 0), '
                          'w.updated_at) FROM workshops w WHERE w.id = ?', (workshop_id,))
        if not row or row[0][0] is None:
            raise StoreError(f"there is no workshop '{workshop_id}' in {self.data_dir}")
        return row[0][0]

    def find_by_join_code(self, code: str) -> str | None:
        rows = self._query('SELECT id FROM workshops WHERE join_code = ?', (normalise_join_code(code),))
        return rows[0][0] if rows else None

    def check_token(self, workshop_id: str, role: str, token: str | None) -> bool:
        if role not in ROLES or not token:
            return False
        rows = self._query(f'SELECT {role}_hash FROM workshops WHERE id = ?', (workshop_id,))
        return bool(rows) and hmac.compare_digest(rows[0][0], _hash(token))

    def rotate_token(self, workshop_id: str, role: str) -> str:
        """A new token for a role; the old link stops working."""
        assert role in ROLES
        token = secrets.token_urlsafe(18)
        with self._transaction() as db:
            if db.execute(f'UPDATE workshops SET {role}_hash = ? WHERE id = ?',
                          (_hash(token), workshop_id)).rowcount == 0:
                raise StoreError(f"there is no workshop '{workshop_id}' in {self.data_dir}")
        return token

    # --- events ------------------------------------------------------------------------------------------------

    def append(self, workshop_id: str, type_: str, payload: dict[str, Any], *,
               actor: str = '', op_id: str | None = None) -> tuple[Event, bool]:
        """Append and commit one event. With an op_id already used, nothing is written and the first event is
        returned: a retried submission is applied once. Returns (event, created)."""
        now = time.time()
        with self._transaction() as db:
            if op_id is not None:
                existing = db.execute('SELECT seq, workshop_id, type, actor, payload, at, op_id FROM events '
                                      'WHERE workshop_id = ? AND op_id = ?', (workshop_id, op_id)).fetchone()
                if existing:
                    return _event(existing), False
            cursor = db.execute('INSERT INTO events (workshop_id, type, actor, payload, at, op_id) '
                                'VALUES (?, ?, ?, ?, ?, ?)',
                                (workshop_id, type_, actor, json.dumps(payload), now, op_id))
        return Event(seq=cursor.lastrowid, workshop_id=workshop_id, type=type_, actor=actor, payload=payload, at=now,
                     op_id=op_id), True

    def append_many(self, workshop_id: str, events: list[tuple[str, dict[str, Any], str]]) -> int:
        """Append (type, payload, actor) events in ONE transaction: an import lands whole or not at all."""
        now = time.time()
        with self._transaction() as db:
            if not db.execute('SELECT 1 FROM workshops WHERE id = ?', (workshop_id,)).fetchone():
                raise StoreError(f"there is no workshop '{workshop_id}' in {self.data_dir}")
            db.executemany('INSERT INTO events (workshop_id, type, actor, payload, at) VALUES (?, ?, ?, ?, ?)',
                           [(workshop_id, type_, actor, json.dumps(payload), now) for type_, payload, actor in events])
        return len(events)

    def events(self, workshop_id: str, after: int = 0) -> list[Event]:
        rows = self._query('SELECT seq, workshop_id, type, actor, payload, at, op_id FROM events '
                           'WHERE workshop_id = ? AND seq > ? ORDER BY seq', (workshop_id, after))
        return [_event(r) for r in rows]

    def count_events(self, workshop_id: str, type_: str | None = None) -> int:
        if type_ is None:
            return self._query('SELECT COUNT(*) FROM events WHERE workshop_id = ?', (workshop_id,))[0][0]
        return self._query('SELECT COUNT(*) FROM events WHERE workshop_id = ? AND type = ?',
                           (workshop_id, type_))[0][0]

    def backup(self, destination: str | Path) -> None:
        """A consistent copy while the server keeps writing (SQLite's online backup)."""
        target = sqlite3.connect(destination)
        try:
            with self._lock:
                self._db.backup(target)
        finally:
            target.close()

    def restore(self, source: str | Path) -> None:
        """Replace this database with a backup, in one step as other connections see it (online backup API)."""
        try:
            backup = sqlite3.connect(f'file:{Path(source)}?mode=ro', uri=True)
            version = backup.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except sqlite3.DatabaseError as e:
            raise StoreError(f'{source} is not a workshop backup ({e})') from None
        try:
            if version is None or int(version[0]) != SCHEMA_VERSION:
                raise StoreError(f'{source} has database schema {version and version[0]}; this version reads '
                                 f'schema {SCHEMA_VERSION}')
            with self._lock:
                backup.backup(self._db)
        finally:
            backup.close()

    # --- internals ---------------------------------------------------------------------------------------------

    def _migrate(self) -> None:
        with self._transaction() as db:
            for statement in _statements(_SCHEMA):  # not executescript: it would commit mid-transaction
                db.execute(statement)
            row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is None:
                db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            elif int(row[0]) != SCHEMA_VERSION:
                raise StoreError(f'{self.path} was written by a version of Codesign Workshop with database schema '
                                 f'{row[0]}; this version reads schema {SCHEMA_VERSION}. Use a matching version, '
                                 'or export the workshops to json with it and import them here.')

    def _transaction(self) -> _Transaction:
        return _Transaction(self)

    def _query(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def _new_join_code(self, db: sqlite3.Connection) -> str:
        while True:
            code = ''.join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
            if not db.execute('SELECT 1 FROM workshops WHERE join_code = ?', (code,)).fetchone():
                return code


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT under the store's lock; rolls back on any error."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __enter__(self) -> sqlite3.Connection:
        self.store._lock.acquire()
        try:
            self.store._db.execute('BEGIN IMMEDIATE')
        except BaseException:
            self.store._lock.release()
            raise
        return self.store._db

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            self.store._db.execute('ROLLBACK' if exc_type else 'COMMIT')
        finally:
            self.store._lock.release()


def normalise_join_code(code: str) -> str:
    """Codes are read out and typed: ignore case, spaces and dashes."""
    return ''.join(ch for ch in code.upper() if ch.isalnum())


def _statements(script: str) -> Iterator[str]:
    buffer = ''
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ''


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _content_json(workshop: Workshop) -> str:
    return json.dumps(to_dict(workshop), ensure_ascii=False)


def _event(row: tuple) -> Event:
    return Event(seq=row[0], workshop_id=row[1], type=row[2], actor=row[3], payload=json.loads(row[4]), at=row[5],
                 op_id=row[6])
