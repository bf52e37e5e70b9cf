"""SQLite storage: workshop content plus an append-only event log. The only module with SQL.

Events are the source of truth for what people did (join, consent, votes, comments, decisions); content is the
facilitator's editable document. A write returns only after its transaction has committed, so whatever the caller
acknowledges survives a `kill -9`. WAL mode lets the command line and several app processes read and write the same file.

The log has many writers, so the store enforces what two of them could break: op ids are unique per workshop (a retry
is applied once), and an event may carry a `key` that is unique per workshop ('round:2', 'ballot:2:p1#5'): a second
writer deciding from stale state gets `Conflict` and nothing is written. Events are never updated, and deleted only
with their whole workshop.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from workshop.domain.links import normalise_join_code
from workshop.domain.model import Workshop, to_dict

SCHEMA_VERSION = 2  # 2: events.key (writers' invariants) and deletes only with the workshop
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
CREATE TABLE IF NOT EXISTS browser_bindings (
    session TEXT NOT NULL,
    workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    value TEXT NOT NULL,
    expires_at REAL,
    PRIMARY KEY (session, workshop_id, role)
);
CREATE TABLE IF NOT EXISTS contacts (
    workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    person TEXT NOT NULL,
    address TEXT NOT NULL,
    purpose TEXT NOT NULL,
    created_at REAL NOT NULL,
    PRIMARY KEY (workshop_id, person)
);
'''
_SCHEMA_2 = '''
ALTER TABLE events ADD COLUMN key TEXT;
CREATE UNIQUE INDEX events_unique_key ON events (workshop_id, key);
CREATE TABLE deleting (workshop_id TEXT PRIMARY KEY);
CREATE TRIGGER events_kept BEFORE DELETE ON events
WHEN NOT EXISTS (SELECT 1 FROM deleting WHERE workshop_id = OLD.workshop_id)
BEGIN SELECT RAISE(ABORT, 'events are append-only: they leave only with their workshop'); END;
'''


class StoreError(Exception):
    """A storage problem to show the user as it is (wrong schema version, unknown workshop, …)."""


class Conflict(StoreError):
    """Another writer got there first (the event's key is taken): catch up with the log, then retry or refuse."""


class NotSaved(StoreError):
    """The database could not take a write (disk full, read-only, I/O error): nothing was saved; try again later."""


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
        self.path = self.data_dir / DB_NAME
        try:
            _private(self.data_dir, self.path)
        except OSError as e:
            raise StoreError(f'cannot create the data folder {self.data_dir}: {e.strerror or e}') from None
        self._lock = threading.RLock()  # one connection shared by the event loop and worker threads
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=30)
            self._db.execute('PRAGMA journal_mode=WAL')
            self._db.execute(f'PRAGMA synchronous={"FULL" if synchronous.upper() == "FULL" else "NORMAL"}')
            self._db.execute('PRAGMA foreign_keys=ON')
            self._migrate()
            self._data_version = self._db.execute('PRAGMA data_version').fetchone()[0]
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
        return [_workshop_row(r) for r in rows]

    def workshop_row(self, workshop_id: str) -> WorkshopRow:
        rows = self._query('SELECT id, title, join_code, created_at, updated_at FROM workshops WHERE id = ?',
                           (workshop_id,))
        if not rows:
            raise StoreError(f"there is no workshop '{workshop_id}' in {self.data_dir}")
        return _workshop_row(rows[0])

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
        """Delete a workshop and everything in it (its events go with it, the only way events ever leave)."""
        with self._transaction() as db:
            db.execute('INSERT INTO deleting VALUES (?)', (workshop_id,))
            db.execute('DELETE FROM events WHERE workshop_id = ?', (workshop_id,))
            db.execute('DELETE FROM browser_bindings WHERE workshop_id = ?', (workshop_id,))
            db.execute('DELETE FROM contacts WHERE workshop_id = ?', (workshop_id,))
            if db.execute('DELETE FROM workshops WHERE id = ?', (workshop_id,)).rowcount == 0:
                raise StoreError(f"there is no workshop '{workshop_id}' in {self.data_dir}")
            db.execute('DELETE FROM deleting WHERE workshop_id = ?', (workshop_id,))

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

    # --- browsers -----------------------------------------------------------------------------------------------
    # Which browser is which participant, and which browser holds a facilitator or lead session. `session` is a
    # hash of the browser's session id, never the cookie itself; a role session keeps the hash of the token it was
    # granted under, so rotating the token ends it, and it ends by itself at `expires_at`.

    def bind(self, session: str, workshop_id: str, role: str, value: str, *, expires_at: float | None = None) -> None:
        with self._transaction() as db:
            db.execute('DELETE FROM browser_bindings WHERE session = ? AND workshop_id = ? AND role = ?',
                       (session, workshop_id, role))
            db.execute('INSERT INTO browser_bindings VALUES (?, ?, ?, ?, ?)',
                       (session, workshop_id, role, value, expires_at))

    def bound(self, session: str, workshop_id: str, role: str) -> str | None:
        rows = self._query('SELECT value FROM browser_bindings WHERE session = ? AND workshop_id = ? AND role = ? '
                           'AND (expires_at IS NULL OR expires_at > ?)', (session, workshop_id, role, time.time()))
        return rows[0][0] if rows else None

    def unbind(self, session: str, workshop_id: str, role: str) -> None:
        with self._transaction() as db:
            db.execute('DELETE FROM browser_bindings WHERE session = ? AND workshop_id = ? AND role = ?',
                       (session, workshop_id, role))

    def grant_role(self, session: str, workshop_id: str, role: str, token: str, *, expires_at: float) -> bool:
        """Check a token and, when right, give this browser a role session until `expires_at`."""
        if not self.check_token(workshop_id, role, token):
            return False
        self.bind(session, workshop_id, role, _hash(token), expires_at=expires_at)
        return True

    def has_role(self, session: str, workshop_id: str, role: str) -> bool:
        """A role session that has not expired and was granted under the workshop's current token."""
        if role not in ROLES:
            return False
        granted = self.bound(session, workshop_id, role)
        rows = self._query(f'SELECT {role}_hash FROM workshops WHERE id = ?', (workshop_id,))
        return bool(granted and rows) and hmac.compare_digest(rows[0][0], granted)

    def purge_bindings(self, now: float) -> int:
        """Retention for role sessions: expired ones are deleted."""
        with self._transaction() as db:
            return db.execute('DELETE FROM browser_bindings WHERE expires_at IS NOT NULL AND expires_at <= ?',
                              (now,)).rowcount

    # --- addresses for invitations and reminders ----------------------------------------------------------------
    # Kept apart from the event log (which is never changed) so that an address can be removed at once: by its owner,
    # on withdrawal, and with the workshop (retention). `person` is a participant's id, or 'invitee:…' for someone the
    # team was given an address for; `purpose` is 'reminders' or 'invitation' (workshop/reminders.py).

    def set_contact(self, workshop_id: str, person: str, address: str, purpose: str) -> None:
        with self._transaction() as db:
            db.execute('DELETE FROM contacts WHERE workshop_id = ? AND person = ?', (workshop_id, person))
            db.execute('INSERT INTO contacts VALUES (?, ?, ?, ?, ?)', (workshop_id, person, address, purpose,
                                                                      time.time()))

    def contacts(self, workshop_id: str) -> list[tuple[str, str, str]]:
        """(person, address, purpose), oldest first."""
        return [tuple(r) for r in self._query('SELECT person, address, purpose FROM contacts WHERE workshop_id = ? '
                                               'ORDER BY created_at, person', (workshop_id,))]

    def forget_contact(self, workshop_id: str, person: str) -> None:
        with self._transaction() as db:
            db.execute('DELETE FROM contacts WHERE workshop_id = ? AND person = ?', (workshop_id, person))

    def exists(self, workshop_id: str) -> bool:
        return bool(self._query('SELECT 1 FROM workshops WHERE id = ?', (workshop_id,)))

    # --- events ------------------------------------------------------------------------------------------------

    def append(self, workshop_id: str, type_: str, payload: dict[str, Any], *,
               actor: str = '', op_id: str | None = None, key: str | None = None) -> tuple[Event, bool]:
        """Append and commit one event. With an op_id already used, nothing is written and the first event is
        returned: a retried submission is applied once. Returns (event, created). Raises Conflict when the key
        (given, or natural_key's) is taken."""
        now = time.time()
        key = key or natural_key(type_, payload)
        with self._transaction() as db:
            if op_id is not None:
                existing = db.execute('SELECT seq, workshop_id, type, actor, payload, at, op_id FROM events '
                                      'WHERE workshop_id = ? AND op_id = ?', (workshop_id, op_id)).fetchone()
                if existing:
                    return _event(existing), False
            try:
                cursor = db.execute('INSERT INTO events (workshop_id, type, actor, payload, at, op_id, key) '
                                    'VALUES (?, ?, ?, ?, ?, ?, ?)',
                                    (workshop_id, type_, actor, json.dumps(payload), now, op_id, key))
            except sqlite3.IntegrityError as e:
                raise _integrity(e, workshop_id, key, self.data_dir) from None
        return Event(seq=cursor.lastrowid, workshop_id=workshop_id, type=type_, actor=actor, payload=payload, at=now,
                     op_id=op_id), True

    def append_many(self, workshop_id: str, events: list[tuple]) -> int:
        """Append (type, payload, actor[, at]) events in ONE short transaction: an import lands whole or not at all.
        `at` (a timestamp) is when a paper ballot was cast, if known; otherwise now."""
        now = time.time()
        rows = [(workshop_id, type_, actor, json.dumps(payload), at[0] if at else now, natural_key(type_, payload))
                for type_, payload, actor, *at in events]  # encoded before the write lock is taken
        with self._transaction() as db:
            try:
                db.executemany('INSERT INTO events (workshop_id, type, actor, payload, at, key) '
                               'VALUES (?, ?, ?, ?, ?, ?)', rows)
            except sqlite3.IntegrityError as e:
                raise _integrity(e, workshop_id, None, self.data_dir) from None
        return len(events)

    def latest_seqs(self, workshop_ids: list[str]) -> dict[str, int]:
        """The newest sequence number of each workshop (one index look-up each): who has news to catch up with."""
        if not workshop_ids:
            return {}
        marks = ', '.join('?' * len(workshop_ids))
        return dict(self._query(f'SELECT workshop_id, MAX(seq) FROM events WHERE workshop_id IN ({marks}) '
                                'GROUP BY workshop_id', tuple(workshop_ids)))

    def wait_for_news(self, timeout: float) -> set[str] | None:
        """Block up to `timeout` seconds; then None if another connection may have written (check every running
        workshop), or an empty set if nothing changed. SQLite: `PRAGMA data_version`, which changes only when
        another connection commits."""
        time.sleep(timeout)
        version = self._query('PRAGMA data_version')[0][0]
        changed, self._data_version = version != self._data_version, version
        return None if changed else set()

    def events(self, workshop_id: str, after: int = 0) -> list[Event]:
        rows = self._query('SELECT seq, workshop_id, type, actor, payload, at, op_id FROM events '
                           'WHERE workshop_id = ? AND seq > ? ORDER BY seq', (workshop_id, after))
        return [_event(r) for r in rows]

    def count_events(self, workshop_id: str, type_: str | None = None) -> int:
        if type_ is None:
            return self._query('SELECT COUNT(*) FROM events WHERE workshop_id = ?', (workshop_id,))[0][0]
        return self._query('SELECT COUNT(*) FROM events WHERE workshop_id = ? AND type = ?',
                           (workshop_id, type_))[0][0]

    def raw_workshops(self) -> list[tuple]:
        """Whole workshop rows (hashes included) and, below, whole events in log order: for `workshop migrate`."""
        return self._query('SELECT id, title, join_code, facilitator_hash, lead_hash, content, created_at, updated_at '
                           'FROM workshops ORDER BY created_at')

    def raw_events(self) -> Iterator[tuple]:
        last = 0
        while rows := self._query('SELECT seq, workshop_id, type, actor, payload, at, op_id, key FROM events '
                                  'WHERE seq > ? ORDER BY seq LIMIT 5000', (last,)):
            yield from (row[1:] for row in rows)
            last = rows[-1][0]

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
            if version is None or not 1 <= int(version[0]) <= SCHEMA_VERSION:
                raise StoreError(f'{source} has database schema {version and version[0]}; this version reads '
                                 f'schema {SCHEMA_VERSION}')
            with self._lock:
                backup.backup(self._db)
                self._migrate()  # an older backup is brought up to this schema
        finally:
            backup.close()

    # --- internals ---------------------------------------------------------------------------------------------

    def _migrate(self) -> None:
        with self._transaction() as db:
            for statement in _statements(_SCHEMA):  # not executescript: it would commit mid-transaction
                db.execute(statement)
            row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is None:
                for statement in _statements(_SCHEMA_2):
                    db.execute(statement)
                db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            elif int(row[0]) == 1:  # schema 1 → 2 in place: old events keep no key
                for statement in _statements(_SCHEMA_2):
                    db.execute(statement)
                db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
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
    """BEGIN IMMEDIATE … COMMIT under the store's lock; rolls back on any error. A write the database cannot make
    (disk full, read-only, I/O error, locked too long) becomes NotSaved, with SQLite's reason."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __enter__(self) -> sqlite3.Connection:
        self.store._lock.acquire()
        try:
            self.store._db.execute('BEGIN IMMEDIATE')
        except sqlite3.OperationalError as e:
            self.store._lock.release()
            raise NotSaved(str(e)) from None
        except BaseException:
            self.store._lock.release()
            raise
        return self.store._db

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                try:
                    self.store._db.execute('COMMIT')
                    return
                except sqlite3.OperationalError as e:
                    exc_type, exc = type(e), e
            if self.store._db.in_transaction:
                self.store._db.execute('ROLLBACK')
            if issubclass(exc_type, sqlite3.OperationalError):
                raise NotSaved(str(exc)) from None
        finally:
            self.store._lock.release()


def _private(folder: Path, database: Path) -> None:
    """The data folder and the database are readable by their owner only (SQLite gives its -wal and -shm files
    the database's permissions)."""
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True)
        folder.chmod(0o700)  # whatever the umask; a folder the operator made is left as it is
    os.close(os.open(database, os.O_CREAT | os.O_RDWR, 0o600))
    database.chmod(0o600)


def connect(data_dir: str | Path, *, database_url: str = '', synchronous: str = 'NORMAL') -> Store:
    """The configured store: PostgreSQL when a database URL is set (store_pg.PgStore, same interface), else SQLite
    in the data folder."""
    if not database_url:
        return Store(data_dir, synchronous=synchronous)
    try:
        from workshop.store_pg import PgStore
    except ImportError:
        raise StoreError('CODESIGN_DATABASE_URL is set, but PostgreSQL support is not installed: '
                         'pip install "codesign-workshop[postgres]"') from None
    return PgStore(database_url, synchronous=synchronous)  # type: ignore[return-value]


def natural_key(type_: str, payload: dict[str, Any]) -> str | None:
    """The key an event has whoever writes it: a round number is created once per workshop."""
    if type_ == 'round_created':
        return f'round:{payload["round"]["number"]}'
    return None


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


def _integrity(error: Exception, workshop_id: str, key: str | None, where: object) -> StoreError:
    text = str(error)
    if 'FOREIGN KEY' in text:
        return StoreError(f"there is no workshop '{workshop_id}' in {where}")
    if 'key' in text:
        return Conflict(f'someone else wrote {key or "the same thing"} to workshop {workshop_id} at the same moment')
    return StoreError(f'workshop {workshop_id}: {text}')


def _workshop_row(r: tuple) -> WorkshopRow:
    return WorkshopRow(id=r[0], title=r[1], join_code=r[2], created_at=r[3], updated_at=r[4])


def _event(row: tuple) -> Event:
    return Event(seq=row[0], workshop_id=row[1], type=row[2], actor=row[3], payload=json.loads(row[4]), at=row[5],
                 op_id=row[6])
