"""PostgreSQL storage (CODESIGN_DATABASE_URL): the same content and append-only event log as store.py, for several
app processes, on one machine or many.

Same semantics as SQLite: events are never updated and leave only with their workshop (a trigger refuses anything
else), op ids and event keys are unique per workshop (a retry is applied once; a stale writer gets `Conflict`), and
the schema version is checked at start. Appends to one workshop are serialised by an advisory lock, so within a
workshop sequence numbers grow in commit order and a reader that has seen seq N never misses an event below it.
Each append notifies `codesign_events` with the workshop id only (never a vote) for the other processes' wake-ups.
"""
from __future__ import annotations

import json
import threading
import time
from typing import Any, Iterator

import psycopg
from psycopg import errors

from workshop.store import SCHEMA_VERSION, Conflict, Event, Store, StoreError, natural_key

CHANNEL = 'codesign_events'

_SCHEMA = f'''
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS workshops (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    join_code TEXT NOT NULL UNIQUE,
    facilitator_hash TEXT NOT NULL,
    lead_hash TEXT NOT NULL,
    content TEXT NOT NULL,
    created_at DOUBLE PRECISION NOT NULL,
    updated_at DOUBLE PRECISION NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    seq BIGSERIAL PRIMARY KEY,
    workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    actor TEXT NOT NULL DEFAULT '',
    payload TEXT NOT NULL,
    at DOUBLE PRECISION NOT NULL,
    op_id TEXT,
    key TEXT,
    UNIQUE (workshop_id, op_id),
    UNIQUE (workshop_id, key)
);
CREATE INDEX IF NOT EXISTS events_by_workshop ON events (workshop_id, seq);
CREATE TABLE IF NOT EXISTS browser_bindings (
    session TEXT NOT NULL,
    workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    value TEXT NOT NULL,
    expires_at DOUBLE PRECISION,
    PRIMARY KEY (session, workshop_id, role)
);
CREATE TABLE IF NOT EXISTS contacts (
    workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    person TEXT NOT NULL,
    address TEXT NOT NULL,
    purpose TEXT NOT NULL,
    created_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (workshop_id, person)
);
CREATE OR REPLACE FUNCTION codesign_events_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('codesign.deleting', true) = OLD.workshop_id THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'events are append-only: they leave only with their workshop';
END $$;
CREATE OR REPLACE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION codesign_events_kept();
CREATE OR REPLACE TRIGGER events_not_truncated BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION codesign_events_kept();
CREATE OR REPLACE FUNCTION codesign_append(w TEXT, t TEXT, a TEXT, p TEXT, stamp DOUBLE PRECISION, op TEXT, k TEXT)
RETURNS TABLE (out_seq BIGINT, out_type TEXT, out_actor TEXT, out_payload TEXT, out_at DOUBLE PRECISION,
               out_created BOOLEAN) LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext(w));
    IF op IS NOT NULL THEN
        RETURN QUERY SELECT e.seq, e.type, e.actor, e.payload, e.at, false FROM events e
            WHERE e.workshop_id = w AND e.op_id = op;
        IF FOUND THEN RETURN; END IF;
    END IF;
    RETURN QUERY INSERT INTO events AS e (workshop_id, type, actor, payload, at, op_id, key)
        VALUES (w, t, a, p, stamp, op, k) RETURNING e.seq, e.type, e.actor, e.payload, e.at, true;
    PERFORM pg_notify('{CHANNEL}', w);
END $$;
'''


class PgStore(Store):
    """The Store on PostgreSQL: one connection per process (guarded by a lock), one more for LISTEN. Queries that
    read the same in both dialects are Store's own (its `?` placeholders become `%s`); what differs is here."""

    def __init__(self, url: str, *, synchronous: str = 'NORMAL') -> None:
        self.url = url
        self.data_dir = _safe(url)  # where messages say the data is (without a password)
        self._lock = threading.RLock()
        self._listen_lock = threading.Lock()
        self._listener: psycopg.Connection | None = None
        self._closed = False
        try:
            self._db = psycopg.connect(url, autocommit=True)
        except psycopg.Error as e:
            raise StoreError(f'cannot connect to the database {self.data_dir}: {_first_line(e)}') from None
        try:
            # as SQLite's NORMAL: a commit survives the app's crash, not the server's; FULL waits for the server's disk
            self._db.execute(f'SET synchronous_commit TO {"on" if synchronous.upper() == "FULL" else "off"}')
            self._migrate()
        except BaseException:
            self._db.close()
            raise

    def close(self) -> None:
        self._closed = True
        with self._lock:
            self._db.close()
        with self._listen_lock:
            if self._listener is not None:
                self._listener.close()

    # --- workshops ---------------------------------------------------------------------------------------------

    def delete_workshop(self, workshop_id: str) -> None:
        """Delete a workshop and everything in it (its events go with it, the only way events ever leave)."""
        with self._transaction() as db:
            db.execute("SELECT set_config('codesign.deleting', %s, true)", (workshop_id,))
            db.execute('DELETE FROM events WHERE workshop_id = %s', (workshop_id,))
            if db.execute('DELETE FROM workshops WHERE id = %s', (workshop_id,)).rowcount == 0:
                raise self._missing(workshop_id)

    def last_activity(self, workshop_id: str) -> float:
        rows = self._query('SELECT GREATEST(COALESCE((SELECT MAX(at) FROM events WHERE workshop_id = w.id), 0), '
                           'w.updated_at) FROM workshops w WHERE w.id = %s', (workshop_id,))
        if not rows:
            raise self._missing(workshop_id)
        return rows[0][0]

    # --- events ------------------------------------------------------------------------------------------------

    def append(self, workshop_id: str, type_: str, payload: dict[str, Any], *,
               actor: str = '', op_id: str | None = None, key: str | None = None) -> tuple[Event, bool]:
        """One round trip: lock the workshop's log, apply a retry once, insert, notify, commit."""
        key = key or natural_key(type_, payload)
        try:
            with self._lock:
                row = self._db.execute('SELECT * FROM codesign_append(%s, %s, %s, %s, %s, %s, %s)',
                                       (workshop_id, type_, actor, json.dumps(payload), time.time(), op_id,
                                        key)).fetchone()
        except errors.UniqueViolation:
            raise Conflict(f'someone else wrote {key} to workshop {workshop_id} at the same moment') from None
        except errors.ForeignKeyViolation:
            raise self._missing(workshop_id) from None
        return Event(seq=row[0], workshop_id=workshop_id, type=row[1], actor=row[2], payload=json.loads(row[3]),
                     at=row[4], op_id=op_id), row[5]

    def append_many(self, workshop_id: str, events: list[tuple[str, dict[str, Any], str]]) -> int:
        """Append (type, payload, actor) events in ONE transaction: an import lands whole or not at all."""
        now = time.time()
        rows = [(workshop_id, type_, actor, json.dumps(payload), now, natural_key(type_, payload))
                for type_, payload, actor in events]
        try:
            with self._transaction() as db:
                db.execute('SELECT pg_advisory_xact_lock(hashtext(%s))', (workshop_id,))
                db.executemany('INSERT INTO events (workshop_id, type, actor, payload, at, key) '
                               'VALUES (%s, %s, %s, %s, %s, %s)', rows)
                db.execute('SELECT pg_notify(%s, %s)', (CHANNEL, workshop_id))
        except errors.UniqueViolation:
            raise Conflict(f'workshop {workshop_id} changed while this was being written (a round with the same '
                           'number was created meanwhile)') from None
        except errors.ForeignKeyViolation:
            raise self._missing(workshop_id) from None
        return len(events)

    def wait_for_news(self, timeout: float) -> set[str] | None:
        """Block until a notification arrives or `timeout` passes: the ids of workshops with news (empty: none).
        None when the listening connection had to be (re)made: anything may have been missed, check everything."""
        with self._listen_lock:
            if self._closed:
                time.sleep(timeout)
                return set()
            if self._listener is None or self._listener.closed:
                try:
                    self._listener = psycopg.connect(self.url, autocommit=True)
                    self._listener.execute(f'LISTEN {CHANNEL}')
                except psycopg.Error:
                    self._listener = None
                    time.sleep(timeout)
                return None
            try:
                return {n.payload for n in self._listener.notifies(timeout=timeout, stop_after=1)}
            except psycopg.Error:
                self._listener.close()
                return None

    def backup(self, destination: Any) -> None:
        raise StoreError(f'the data is in PostgreSQL ({self.data_dir}): back it up with pg_dump, which is safe while '
                         'the app runs, e.g. pg_dump --format=custom --file=workshop.dump DATABASE_URL')

    def restore(self, source: Any) -> None:
        raise StoreError(f'the data is in PostgreSQL ({self.data_dir}): stop the app, then restore a pg_dump file '
                         'with pg_restore --clean --dbname=DATABASE_URL workshop.dump')

    # --- copying in from SQLite (`workshop migrate`) ------------------------------------------------------------

    def copy_in(self, workshops: list[tuple], events: Iterator[tuple]) -> dict[str, int]:
        """Raw workshop rows and (workshop_id, type, actor, payload, at, op_id, key) events, in log order, in one
        transaction; the counts are checked before it commits. Returns events per workshop."""
        expected: dict[str, int] = {}
        with self._transaction() as db:
            ids = [w[0] for w in workshops]
            taken = db.execute('SELECT id FROM workshops WHERE id = ANY(%s) OR join_code = ANY(%s)',
                               (ids, [w[2] for w in workshops])).fetchall()
            if taken:
                raise StoreError(f'{self.data_dir} already holds workshop(s) {", ".join(r[0] for r in taken)} or '
                                 'their join codes; nothing was copied')
            db.executemany('INSERT INTO workshops VALUES (%s, %s, %s, %s, %s, %s, %s, %s)', workshops)
            batch: list[tuple] = []
            for event in events:
                expected[event[0]] = expected.get(event[0], 0) + 1
                batch.append(event)
                if len(batch) >= 5000:
                    db.executemany(_COPY_EVENT, batch)
                    batch = []
            db.executemany(_COPY_EVENT, batch)
            found = dict(db.execute('SELECT workshop_id, COUNT(*) FROM events WHERE workshop_id = ANY(%s) '
                                    'GROUP BY workshop_id', (ids,)).fetchall())
            if found != expected or len(db.execute('SELECT 1 FROM workshops WHERE id = ANY(%s)',
                                                   (ids,)).fetchall()) != len(ids):
                raise StoreError(f'the copy in {self.data_dir} does not match its source ({found} events, expected '
                                 f'{expected}); nothing was copied')
        return {workshop_id: expected.get(workshop_id, 0) for workshop_id in ids}

    # --- internals ---------------------------------------------------------------------------------------------

    def _migrate(self) -> None:
        with self._transaction() as db:
            db.execute('SELECT pg_advisory_xact_lock(7263001)')  # processes starting together make the schema once
            exists = db.execute("SELECT to_regclass('meta')").fetchone()[0]
            row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() if exists else None
            if row is not None and int(row[0]) != SCHEMA_VERSION:
                raise StoreError(f'{self.data_dir} was written by a version of Codesign Workshop with database '
                                 f'schema {row[0]}; this version reads schema {SCHEMA_VERSION}. Use a matching '
                                 'version, or export the workshops to json with it and import them here.')
            db.execute(_SCHEMA)
            if row is None:
                db.execute("INSERT INTO meta VALUES ('schema_version', %s)", (str(SCHEMA_VERSION),))

    def _missing(self, workshop_id: str) -> StoreError:
        return StoreError(f"there is no workshop '{workshop_id}' in {self.data_dir}")

    def _transaction(self) -> _Transaction:  # type: ignore[override]
        return _Transaction(self)

    def _query(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock:
            return _Db(self._db).execute(sql, params).fetchall()

_COPY_EVENT = 'INSERT INTO events (workshop_id, type, actor, payload, at, op_id, key) VALUES (%s, %s, %s, %s, %s, %s, %s)'


class _Transaction:
    """A transaction under the store's lock; rolls back on any error."""

    def __init__(self, store: PgStore) -> None:
        self.store = store
        self._tx: Any = None

    def __enter__(self) -> _Db:
        self.store._lock.acquire()
        try:
            self._tx = self.store._db.transaction()
            self._tx.__enter__()
        except BaseException:
            self.store._lock.release()
            raise
        return _Db(self.store._db)

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            self._tx.__exit__(exc_type, exc, tb)
        finally:
            self.store._lock.release()


class _Db:
    """The connection as Store's SQL expects it: `?` placeholders (none of the SQL has a literal `?` or `%`)."""

    def __init__(self, connection: psycopg.Connection) -> None:
        self.connection = connection

    def execute(self, sql: str, params: tuple | list = ()) -> psycopg.Cursor:
        return self.connection.execute(sql.replace('?', '%s'), params or None)

    def executemany(self, sql: str, rows: list[tuple]) -> None:
        with self.connection.cursor() as cursor:
            cursor.executemany(sql.replace('?', '%s'), rows)


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    from urllib.parse import urlsplit, urlunsplit
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f':{parts.password}@', ':…@')
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
