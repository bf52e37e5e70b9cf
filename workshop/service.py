"""Application services shared by the command line and the app: create, list, import and export workshops.

Pure of any UI. Errors a user can fix are UserError (or ContentError for files) with a message that says what to do.
"""
from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import Any, Iterator

from exports import registry
from exports.archive import read_archive
from exports.report_data import ReportError
from workshop import __version__, i18n
from workshop.config import Config
from workshop.content import ContentError, load_yaml_file, template_names, template_path, workshop_from_data
from workshop.domain import methods, own_time
from workshop.domain.state import fold
from workshop.store import DB_NAME, Conflict, Credentials, Store, StoreError, connect

CONFLICT_RETRIES = 3
VOTERS_LABELS = {own_time.LIVE: 'live voters only (' + own_time.DEFINITION + ')',
                 own_time.OWN_TIME: 'voters in their own time only (' + own_time.DEFINITION + ')'}


class UserError(Exception):
    pass


@contextlib.contextmanager
def open_store(cfg: Config) -> Iterator[Store]:
    try:
        store = connect(cfg.data_dir, database_url=cfg.database_url, synchronous=cfg.sync)
    except StoreError as e:
        raise UserError(str(e)) from None
    try:
        yield store
    except StoreError as e:
        raise UserError(str(e)) from None
    finally:
        store.close()


@contextlib.contextmanager
def server_lock(cfg: Config, *, purpose: str = 'serve') -> Iterator[None]:
    """Held (shared) by every running app process on a data folder; `restore` needs it alone, so it never swaps the
    database under a running app."""
    import fcntl  # POSIX only, like the deployment this supports
    cfg.data_dir.mkdir(parents=True, exist_ok=True)
    with open(cfg.data_dir / 'app.lock', 'w') as handle:
        try:
            fcntl.flock(handle, (fcntl.LOCK_SH if purpose == 'serve' else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UserError(f'a restore is running on {cfg.data_dir}: start the app when it has finished' if purpose == 'serve'
                            else f'the app is running on {cfg.data_dir}: stop it before you {purpose}') from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def templates() -> list[dict[str, Any]]:
    rows = []
    for name in template_names():
        workshop = load_yaml_file(template_path(name))
        rows.append({'name': name, 'title': workshop.title, 'stages': len(workshop.stages),
                     'streams': len(workshop.streams), 'themes': len(workshop.themes),
                     'improvements': len(workshop.improvements)})
    return rows


def new_from_template(store: Store, name: str, *, title: str | None = None) -> Credentials:
    workshop = load_yaml_file(template_path(name))
    if title:
        workshop.title = title
    return store.create_workshop(workshop)


def list_workshops(store: Store) -> list[dict[str, Any]]:
    return [{'id': row.id, 'title': row.title, 'join_code': row.join_code,
             'created': _iso(row.created_at), 'participants': store.count_events(row.id, 'participant_joined')}
            for row in store.workshops()]


def import_file(store: Store, path: Path) -> Credentials:
    """A template YAML or a json archive becomes a new workshop, or nothing changes."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise UserError(f'cannot read {path}: {e.strerror or e}') from None
    if path.suffix.lower() == '.json':
        workshop, events = read_archive(raw, str(path))
        return store.create_workshop(workshop, events)
    if path.suffix.lower() in ('.yaml', '.yml'):
        from workshop.content import workshop_from_yaml
        return store.create_workshop(workshop_from_yaml(raw, str(path)))
    raise ContentError(str(path), ['expected a template (.yaml) or a json archive (.json) written by '
                                   '`workshop export --format json`'])


def import_votes(store: Store, workshop_id: str, path: Path, *, round_number: int | None = None,
                 method: str | None = None, scale: int | None = None) -> dict[str, Any]:
    """Ballots from a CSV/XLSX file join the workshop's analysis, all rows or none; the same file twice adds
    nothing the second time."""
    from exports.ballots import fingerprints_of, read_ballots
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise UserError(f'cannot read {path}: {e.strerror or e}') from None
    for _ in range(CONFLICT_RETRIES):  # the app may create a round meanwhile: read the log again, number anew
        workshop = load_workshop(store, workshop_id)
        events = store.events(workshop_id)
        state = fold(workshop, events)
        ballots = read_ballots(raw, str(path), state, round_number=round_number, method=method, scale=scale,
                               fingerprints=fingerprints_of(events))
        try:
            if not ballots.unchanged:
                store.append_many(workshop_id, ballots.events(workshop.settings.consent_version))
        except Conflict:
            continue
        return {'round': ballots.round.number, 'method': ballots.round.method.value, 'new_round': ballots.new_round,
                'participants': len(ballots.participants), 'rows': len(ballots.rows), 'unchanged': ballots.unchanged,
                'scale': ballots.round.scale if 'scale' in methods.get(ballots.round.method).settings else None}
    raise UserError(f'workshop {workshop_id} kept changing while {path} was being imported; nothing was imported, '
                    'please run the command again')


def migrate(cfg: Config, url: str) -> dict[str, int]:
    """Copy the SQLite data folder into PostgreSQL in one transaction, counts checked before it commits. The SQLite
    file is left as it was. Returns events per workshop copied."""
    if not url.startswith(('postgresql://', 'postgres://')):
        raise UserError(f'--to must be a PostgreSQL URL starting with postgresql://, not {url.split("://")[0]!r}')
    if not (cfg.data_dir / DB_NAME).is_file():
        raise UserError(f'there is no workshop database in {cfg.data_dir} to copy (see --data)')
    with open_store(cfg.with_flags(database_url='')) as source:
        workshops = source.raw_workshops()
        try:
            target = connect(cfg.data_dir, database_url=url)
        except StoreError as e:
            raise UserError(str(e)) from None
        try:
            copied = target.copy_in(workshops, source.raw_events())
            for row in workshops:  # addresses for invitations and reminders, kept apart from the log
                for person, address, purpose in source.contacts(row[0]):
                    target.set_contact(row[0], person, address, purpose)
            return copied
        except StoreError as e:
            raise UserError(str(e)) from None
        finally:
            target.close()


def withdraw(store: Store, workshop_id: str, pseudonym: str, reason: str) -> str:
    """The lead withdraws a participant by pseudonym (as the exports name them), as if they had withdrawn
    themselves: their votes and comments leave every result and export; the consent log keeps who and why."""
    from exports.report_records import participant_by_pseudonym
    workshop = load_workshop(store, workshop_id)
    state = fold(workshop, store.events(workshop_id))
    participant = participant_by_pseudonym(list(state.participants), pseudonym)
    if participant is None:
        raise UserError(f"there is no participant {pseudonym} in workshop {workshop_id} (participants are P01 to "
                        f"P{len(state.participants):02d}, as in the exports)")
    if state.participants[participant].withdrawn:
        raise UserError(f'{pseudonym} has withdrawn already; nothing changed')
    store.append(workshop_id, 'consent_withdrawn', {'participant': participant, 'by': 'lead',
                                                    'reason': ' '.join(reason.split())[:2000]}, actor='lead')
    store.forget_contact(workshop_id, participant)  # an address given for reminders leaves with its owner
    return participant


def expired_workshops(store: Store, now: float) -> list[dict[str, Any]]:
    """Workshops whose retention period (settings.retention_days) has passed since their last activity."""
    expired = []
    for row in store.workshops():
        days = store.load_content(row.id).get('settings', {}).get('retention_days')
        if days is not None and store.last_activity(row.id) + days * 86400 < now:
            expired.append({'id': row.id, 'title': row.title, 'retention_days': days})
    return expired


def purge_expired(store: Store, now: float, *, dry_run: bool = False) -> list[dict[str, Any]]:
    expired = expired_workshops(store, now)
    if not dry_run:
        for workshop in expired:
            store.delete_workshop(workshop['id'])
        store.purge_bindings(now)  # facilitator and lead sessions past their time
    return expired


def load_workshop(store: Store, workshop_id: str):
    return workshop_from_data(store.load_content(workshop_id), f'workshop {workshop_id}')


def export_formats() -> list[str]:
    return list(registry.ORDER)  # the names alone: the writers load on the first export


def export_input(store: Store, workshop_id: str, *, identified: bool = False,
                 round_number: int | None = None, voters: str | None = None) -> registry.ExportInput:
    """What every writer gets; `round_number` picks the round to rank (default: the latest with votes); `voters`
    'live' or 'own_time' keeps only those voters' ballots (workshop/domain/own_time.py), and every file says so."""
    workshop = load_workshop(store, workshop_id)
    workshop.id = workshop_id
    events = store.events(workshop_id)
    state = fold(workshop, events)
    about = provenance(workshop)
    if voters:
        try:
            own_time.keep_only(state, voters)
        except i18n.Refusal as e:
            raise UserError(e.message) from None
        about['voters'] = VOTERS_LABELS[voters]
    return registry.ExportInput(workshop=workshop, events=events, state=state,
                                participants=state.participant_records(identified=identified),
                                provenance=about, identified=identified, round=round_number)


def export(store: Store, workshop_id: str, fmt: str, *, identified: bool = False,
           round_number: int | None = None, voters: str | None = None) -> bytes:
    if fmt not in registry.formats():
        raise UserError(f"unknown format '{fmt}' (known: {', '.join(registry.formats())})")
    try:
        return registry.write(fmt, export_input(store, workshop_id, identified=identified, round_number=round_number,
                                                voters=voters))
    except ReportError as e:
        raise UserError(str(e)) from None


def provenance(workshop) -> dict[str, Any]:
    return {'workshop': workshop.title, 'purpose': workshop.purpose,
            'exported_at': _iso(dt.datetime.now().timestamp(), workshop.settings.time_zone),
            'software': f'Codesign Workshop {__version__}'}


def _iso(timestamp: float, zone: str = 'UTC') -> str:
    from zoneinfo import ZoneInfo
    return dt.datetime.fromtimestamp(timestamp, ZoneInfo(zone or 'UTC')).isoformat(timespec='seconds')
