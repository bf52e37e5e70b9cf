"""The store: content plus an append-only event log, committed before anything is acknowledged.

Every test runs on SQLite and on PostgreSQL, except those about one of them (files, backups).
"""
import sqlite3

import pytest

from workshop.store import JOIN_ALPHABET, Conflict, Store, StoreError, connect, normalise_join_code


@pytest.fixture
def cfg(cfg_each_store):
    return cfg_each_store


def raw(store, sql: str) -> list[tuple]:
    """SQL on a second connection of the database's own kind, as an administrator (or anyone with access) runs it."""
    if hasattr(store, 'url'):
        import psycopg
        with psycopg.connect(store.url, autocommit=True) as db:
            cursor = db.execute(sql)
            return cursor.fetchall() if cursor.description else []
    db = sqlite3.connect(store.path, isolation_level=None)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


@pytest.fixture
def sqlite_store(tmp_path):
    """For the tests about SQLite's file, backups and restores (PostgreSQL has pg_dump: see the last test)."""
    store = Store(tmp_path / 'sqlite')
    yield store
    store.close()


def test_a_new_workshop_gets_a_readable_join_code_and_secret_tokens(store, car_t):
    created = store.create_workshop(car_t)
    assert len(created.join_code) == 6 and set(created.join_code) <= set(JOIN_ALPHABET)
    assert store.find_by_join_code(created.join_code.lower()) == created.id
    assert store.check_token(created.id, 'facilitator', created.facilitator_token)
    assert not store.check_token(created.id, 'facilitator', created.lead_token)
    assert not store.check_token(created.id, 'lead', '')
    hashes = raw(store, 'SELECT facilitator_hash, lead_hash FROM workshops')[0]
    assert created.facilitator_token not in hashes and created.lead_token not in hashes, 'tokens are stored hashed'


def test_events_are_appended_in_order_and_a_retry_is_applied_once(store, car_t):
    workshop_id = store.create_workshop(car_t).id
    first, created = store.append(workshop_id, 'vote_cast', {'value': 1}, actor='p1', op_id='op-1')
    again, created_again = store.append(workshop_id, 'vote_cast', {'value': 1}, actor='p1', op_id='op-1')
    store.append(workshop_id, 'vote_cast', {'value': 2}, actor='p1', op_id='op-2')
    assert created and not created_again and again.seq == first.seq
    assert [e.payload['value'] for e in store.events(workshop_id)] == [1, 2]


def test_the_event_log_cannot_be_rewritten(store, car_t):
    workshop_id = store.create_workshop(car_t).id
    store.append(workshop_id, 'vote_cast', {'value': 1})
    with pytest.raises(Exception, match='append-only'):
        raw(store, "UPDATE events SET payload = '{}'")


def test_the_command_line_and_the_server_can_share_a_data_folder(cfg, car_t):
    server, command_line = (connect(cfg.data_dir, database_url=cfg.database_url) for _ in range(2))
    workshop_id = command_line.create_workshop(car_t).id
    server.append(workshop_id, 'stage_focused', {'stage': 'consent'})
    assert [e.type for e in command_line.events(workshop_id)] == ['stage_focused']
    assert [row.id for row in server.workshops()] == [workshop_id]
    server.close(), command_line.close()


def test_a_database_of_another_schema_version_is_refused_clearly(cfg, store):
    raw(store, "UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match='schema 99; this version reads schema 2'):
        connect(cfg.data_dir, database_url=cfg.database_url)


def test_a_file_that_is_not_a_database_is_refused_clearly(tmp_path):
    (tmp_path / 'workshop.sqlite3').write_bytes(b'not a database at all' * 100)
    with pytest.raises(StoreError, match='is not a usable workshop database'):
        Store(tmp_path)


def test_deleting_a_workshop_removes_its_events(store, car_t):
    workshop_id = store.create_workshop(car_t).id
    store.append(workshop_id, 'stage_focused', {'stage': 'consent'})
    store.delete_workshop(workshop_id)
    assert store.workshops() == [] and store.events(workshop_id) == []
    with pytest.raises(StoreError, match='no workshop'):
        store.load_content(workshop_id)


def test_backup_is_a_consistent_copy(sqlite_store, car_t, tmp_path):
    store = sqlite_store
    workshop_id = store.create_workshop(car_t).id
    store.append(workshop_id, 'stage_focused', {'stage': 'consent'})
    store.backup(tmp_path / 'copy.sqlite3')
    copy = sqlite3.connect(tmp_path / 'copy.sqlite3')
    assert copy.execute('SELECT COUNT(*) FROM events').fetchone() == (1,)


def test_join_codes_forgive_case_spaces_and_dashes():
    assert normalise_join_code(' acd-479 ') == 'ACD479'


def test_restore_brings_back_a_backup(sqlite_store, car_t, tmp_path):
    store = sqlite_store
    kept = store.create_workshop(car_t).id
    store.backup(tmp_path / 'copy.sqlite3')
    store.delete_workshop(kept)
    store.restore(tmp_path / 'copy.sqlite3')
    assert [row.id for row in store.workshops()] == [kept]


def test_restoring_something_that_is_not_a_backup_changes_nothing(sqlite_store, car_t, tmp_path):
    store = sqlite_store
    kept = store.create_workshop(car_t).id
    (tmp_path / 'junk').write_bytes(b'junk' * 1000)
    with pytest.raises(StoreError, match='is not a workshop backup'):
        store.restore(tmp_path / 'junk')
    assert [row.id for row in store.workshops()] == [kept]


def test_append_many_is_all_or_nothing(store, car_t):
    workshop_id = store.create_workshop(car_t).id
    assert store.append_many(workshop_id, [('vote_cast', {'value': 1}, 'p1'), ('vote_cast', {'value': 2}, 'p2')]) == 2
    with pytest.raises(StoreError):
        store.append_many('nope', [('vote_cast', {'value': 1}, 'p1')])
    assert store.count_events(workshop_id) == 2


def test_a_round_number_is_created_once_whoever_writes_it(store, car_t):
    workshop_id = store.create_workshop(car_t).id
    round_2 = {'round': {'number': 2, 'method': 'dots'}}
    store.append(workshop_id, 'round_created', round_2, actor='facilitator')
    with pytest.raises(Conflict):
        store.append(workshop_id, 'round_created', round_2, actor='facilitator')
    with pytest.raises(Conflict):  # an import numbering its round from an old view of the log: all or nothing
        store.append_many(workshop_id, [('participant_joined', {'participant': 'import-1'}, 'import'),
                                        ('round_created', round_2, 'import')])
    assert [e.type for e in store.events(workshop_id)] == ['round_created']


def test_a_keyed_event_is_written_once(store, car_t):
    workshop_id = store.create_workshop(car_t).id
    store.append(workshop_id, 'vote_cast', {'value': 1}, key='ballot:1:p1#0')
    with pytest.raises(Conflict, match='at the same moment'):
        store.append(workshop_id, 'vote_cast', {'value': 2}, key='ballot:1:p1#0')
    store.append(workshop_id, 'vote_cast', {'value': 2}, key='ballot:1:p1#1')
    assert [e.payload['value'] for e in store.events(workshop_id)] == [1, 2]


def test_events_leave_only_with_their_workshop(store, car_t):
    workshop_id = store.create_workshop(car_t).id
    store.append(workshop_id, 'vote_cast', {'value': 1})
    with pytest.raises(Exception, match='append-only'):
        raw(store, 'DELETE FROM events')
    assert store.count_events(workshop_id) == 1


def test_on_postgresql_backups_are_pg_dump_and_a_bad_address_is_named(postgres, tmp_path):
    from workshop.store_pg import PgStore
    store = PgStore(postgres.new_database())
    with pytest.raises(StoreError, match='back it up with pg_dump'):
        store.backup(tmp_path / 'copy')
    with pytest.raises(StoreError, match='pg_restore'):
        store.restore(tmp_path / 'copy')
    store.close()
    with pytest.raises(StoreError, match='cannot connect to the database postgresql://someone:…@127.0.0.1:1/none'):
        PgStore('postgresql://someone:secret@127.0.0.1:1/none')


def test_a_schema_1_database_is_brought_up_to_date_in_place(tmp_path, car_t):
    from workshop.store import _SCHEMA, _statements
    db = sqlite3.connect(tmp_path / 'workshop.sqlite3', isolation_level=None)
    for statement in _statements(_SCHEMA):
        db.execute(statement)
    db.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    db.close()
    store = Store(tmp_path)
    workshop_id = store.create_workshop(car_t).id
    store.append(workshop_id, 'round_created', {'round': {'number': 1}})
    with pytest.raises(Conflict):
        store.append(workshop_id, 'round_created', {'round': {'number': 1}})
    assert raw(store, "SELECT value FROM meta WHERE key = 'schema_version'") == [('2',)]
    store.close()


@pytest.mark.parametrize('sync, commit', [('normal', 'off'), ('full', 'on')])
def test_on_postgresql_full_durability_is_synchronous_commit(postgres, sync, commit):
    from workshop.store_pg import PgStore
    store = PgStore(postgres.new_database(), synchronous=sync)
    assert store._query('SHOW synchronous_commit') == [(commit,)]
    store.close()
