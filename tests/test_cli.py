"""The `workshop` command as a project lead scripts it; on SQLite and on PostgreSQL (CODESIGN_DATABASE_URL)."""
import json
import subprocess
import sys
import time

import pytest

from workshop.cli import main


@pytest.fixture
def cfg(cfg_each_store):
    return cfg_each_store


@pytest.fixture
def run(cfg, capsys, monkeypatch):
    if cfg.database_url:
        monkeypatch.setenv('CODESIGN_DATABASE_URL', cfg.database_url)

    def run(*args: str) -> tuple[int, str, str]:
        without_data = ('templates', 'translations')
        code = main([*args, '--data', str(cfg.data_dir)] if args[0] not in without_data else list(args))
        out, err = capsys.readouterr()
        return code, out, err
    return run


def test_templates_lists_the_shipped_templates(run):
    code, out, _ = run('templates', '--json')
    rows = {row['name']: row for row in json.loads(out)}
    assert code == 0 and rows['car-t-cell-therapy']['stages'] == 11


def test_new_prints_exactly_one_json_object_with_the_links(run):
    code, out, _ = run('new', '--template', 'car-t-cell-therapy', '--json')
    created = json.loads(out)
    assert code == 0 and set(created) == {'id', 'join_code', 'links'}
    assert created['links']['participant'].endswith(f'/join/{created["join_code"]}')
    assert '?token=' in created['links']['facilitator'] and '?token=' in created['links']['lead']


def test_export_then_import_gives_identical_content(run, tmp_path):
    workshop_id = json.loads(run('new', '--template', 'car-t-cell-therapy', '--json')[1])['id']
    archive = tmp_path / 'a.json'
    assert run('export', workshop_id, '--format', 'json', '--out', str(archive))[0] == 0
    data = json.loads(archive.read_text())
    assert {'workshop', 'streams', 'stages', 'themes', 'improvements', 'participants', 'events'} <= set(data)
    assert all('id' in item for key in ('streams', 'stages', 'themes', 'improvements') for item in data[key])

    code, out, _ = run('import', str(archive), '--json')
    copy_id = json.loads(out)['id']
    assert code == 0 and copy_id != workshop_id
    copy = tmp_path / 'b.json'
    run('export', copy_id, '--format', 'json', '--out', str(copy))
    original, again = json.loads(archive.read_text()), json.loads(copy.read_text())
    for key in ('streams', 'stages', 'themes', 'improvements', 'participants', 'events'):
        assert again[key] == original[key], key
    assert {k: v for k, v in again['workshop'].items() if k != 'id'} == \
        {k: v for k, v in original['workshop'].items() if k != 'id'}


def test_list_shows_the_workshops(run):
    run('new', '--template', 'blank', '--title', 'Renal clinic')
    code, out, _ = run('list', '--json')
    assert code == 0 and [row['title'] for row in json.loads(out)] == ['Renal clinic']


def test_a_broken_import_changes_nothing_and_says_where(run, tmp_path):
    bad = tmp_path / 'bad.yaml'
    bad.write_text('title: T\nstages: [{id: a, title: A}]\nthemes: [{id: t, title: T, stages: [b]}]\n')
    code, _, err = run('import', str(bad))
    assert code == 2
    assert f'{bad}: the workshop content is not valid' in err and "themes[0].stages[0]" in err
    assert json.loads(run('list', '--json')[1]) == []


@pytest.mark.parametrize('args, message', [
    (['export', 'nope', '--format', 'json', '--out', 'x.json'], "there is no workshop 'nope'"),
    (['new', '--template', 'nope'], "no template called 'nope'"),
    (['import', 'missing.yaml'], 'cannot read missing.yaml'),
])
def test_user_mistakes_are_one_clear_line_not_a_traceback(run, args, message):
    code, _, err = run(*args)
    assert code == 2 and message in err and 'Traceback' not in err


def test_the_installed_command_reports_mistakes_without_a_traceback(tmp_path):
    result = subprocess.run([sys.executable, '-m', 'workshop', 'export', 'nope', '--format', 'json', '--out', 'x',
                             '--data', str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 2 and 'Traceback' not in result.stderr
    assert result.stderr.startswith("workshop: there is no workshop 'nope'")


def test_every_subcommand_has_help():
    for command in ('serve', 'templates', 'new', 'list', 'export', 'import', 'import-votes', 'purge-expired', 'backup', 'restore', 'delete', 'migrate'):
        result = subprocess.run([sys.executable, '-m', 'workshop', command, '--help'], capture_output=True, text=True)
        assert result.returncode == 0 and 'usage: workshop' in result.stdout


def test_backup_restore_and_delete(run, cfg, tmp_path):
    workshop_id = json.loads(run('new', '--template', 'car-t-cell-therapy', '--json')[1])['id']
    if cfg.database_url:  # PostgreSQL has its own online backup
        code, _, err = run('backup', str(tmp_path / 'backup'))
        assert code == 2 and 'back it up with pg_dump' in err and not (tmp_path / 'backup').exists()
        assert run('delete', workshop_id, '--yes')[0] == 0 and json.loads(run('list', '--json')[1]) == []
        return
    backup = tmp_path / 'backup.sqlite3'
    assert run('backup', str(backup))[0] == 0
    assert run('backup', str(backup))[2].startswith('workshop: ') and backup.exists(), 'never overwrites a backup'
    assert run('delete', workshop_id, '--yes')[0] == 0
    assert json.loads(run('list', '--json')[1]) == []
    assert run('restore', str(backup))[0] == 0
    assert [row['id'] for row in json.loads(run('list', '--json')[1])] == [workshop_id]


def test_delete_asks_for_confirmation(run):
    workshop_id = json.loads(run('new', '--template', 'blank', '--json')[1])['id']
    code, _, err = run('delete', workshop_id)
    assert code == 2 and 'add --yes to confirm' in err
    assert len(json.loads(run('list', '--json')[1])) == 1


def test_restore_refuses_while_the_app_runs(run, cfg, tmp_path):
    from workshop import service
    run('backup', str(tmp_path / 'b.sqlite3'))
    with service.server_lock(cfg):
        code, _, err = run('restore', str(tmp_path / 'b.sqlite3'))
    assert code == 2 and ('pg_restore' if cfg.database_url else 'stop it before you restore') in err


def test_workshops_past_their_retention_period_are_purged(run, cfg):
    from workshop import service
    keep = json.loads(run('new', '--template', 'blank', '--title', 'Kept', '--json')[1])['id']
    short = json.loads(run('new', '--template', 'blank', '--title', 'Short', '--json')[1])['id']
    with service.open_store(cfg) as store:
        workshop = service.load_workshop(store, short)
        workshop.id, workshop.settings.retention_days = short, 30
        store.save_content(workshop)
        assert [w['id'] for w in service.purge_expired(store, time.time() + 29 * 86400)] == []
        assert [w['id'] for w in service.purge_expired(store, time.time() + 31 * 86400, dry_run=True)] == [short]
    code, out, _ = run('purge-expired')
    assert code == 0 and 'No workshop has passed its retention period.' in out
    with service.open_store(cfg) as store:
        service.purge_expired(store, time.time() + 31 * 86400)
        assert [row.id for row in store.workshops()] == [keep]


def test_translations_reports_te_reo_coverage_and_lists_what_awaits_a_translator(run):
    code, out, _ = run('translations', '--json')
    report = json.loads(out)
    assert code == 0 and report['te_reo_sourced'] < report['participant_strings']
    assert report['awaiting_translator']['next'] == 'Next'  # shown in English until a translator checks it
    assert 'cancel' not in report['awaiting_translator']  # Whakakore has a source
    code, out, _ = run('translations')
    assert f"with a sourced te reo Māori translation: {report['te_reo_sourced']} ({report['percent']} %)" in out
    assert '  next: Next' in out


def test_migrate_copies_a_data_folder_into_postgresql_and_checks_the_counts(postgres, tmp_path, capsys, monkeypatch):
    from workshop.live import FACILITATOR, Actor, LiveWorkshop
    from workshop.store import Store
    from workshop.store_pg import PgStore
    data = tmp_path / 'data'
    assert main(['new', '--template', 'car-t-cell-therapy', '--json', '--data', str(data)]) == 0
    workshop_id = json.loads(capsys.readouterr().out)['id']
    sqlite = Store(data)
    live = LiveWorkshop(sqlite, workshop_id)
    live.join('aroha', group='patients')
    number = live.create_round(Actor(role=FACILITATOR), 'dots')
    sqlite.set_contact(workshop_id, 'aroha', 'aroha@example.org', 'reminders')
    events = [(e.type, e.payload) for e in sqlite.events(workshop_id)]
    sqlite.close()

    url = postgres.new_database()
    assert main(['migrate', '--to', url, '--data', str(data)]) == 0
    assert 'Copied 1 workshop and 3 events' in capsys.readouterr().out
    monkeypatch.setenv('CODESIGN_DATABASE_URL', url)
    assert main(['list', '--json', '--data', str(tmp_path / 'elsewhere')]) == 0
    assert [row['id'] for row in json.loads(capsys.readouterr().out)] == [workshop_id]
    store = PgStore(url)
    assert [(e.type, e.payload) for e in store.events(workshop_id)] == events
    assert store.contacts(workshop_id) == [('aroha', 'aroha@example.org', 'reminders')]  # kept apart, copied too
    with pytest.raises(Exception, match='someone else wrote round:1'):  # its keys came along: round 1 stays unique
        store.append(workshop_id, 'round_created', {'round': {'number': number}})
    store.close()

    assert main(['migrate', '--to', url, '--data', str(data)]) == 2  # twice would double: refused, nothing copied
    assert f'already holds workshop(s) {workshop_id}' in capsys.readouterr().err
    assert main(['migrate', '--to', 'mysql://db/w', '--data', str(data)]) == 2
    assert main(['migrate', '--to', url, '--data', str(tmp_path / 'empty')]) == 2
    assert 'there is no workshop database' in capsys.readouterr().err


def test_withdraw_takes_a_participant_out_of_every_export_by_pseudonym(run, tmp_path, cfg):
    from tests.support import export_scenario as scenario

    from workshop.store import connect
    store = connect(cfg.data_dir, database_url=cfg.database_url)
    workshop_id = scenario.create(store)
    store.close()
    out = tmp_path / 'before.csv'
    run('export', workshop_id, '--format', 'matrix-csv', '--out', str(out))
    assert 'P07' in out.read_text(encoding='utf-8-sig')
    code, _, err = run('withdraw', workshop_id, 'p7', '--reason', 'voted on paper, asked to be removed')
    assert code == 0 and 'Withdrew P7' in err
    run('export', workshop_id, '--format', 'matrix-csv', '--out', str(out))
    assert 'P07' not in out.read_text(encoding='utf-8-sig')
    run('export', workshop_id, '--format', 'md', '--out', str(tmp_path / 'board.md'))
    assert 'withdrawn by the project lead: voted on paper, asked to be removed' not in \
        (tmp_path / 'board.md').read_text(encoding='utf-8')  # the board report has no consent log
    code, _, err = run('withdraw', workshop_id, 'P07', '--reason', 'again')
    assert code == 2 and 'P07 has withdrawn already; nothing changed' in err
    code, _, err = run('withdraw', workshop_id, 'P99', '--reason', 'x')
    assert code == 2 and 'there is no participant P99' in err
