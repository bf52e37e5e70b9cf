"""The json archive: a workshop's full content, participants and event log, re-importable without loss.

Like every export it respects the people in it: names only when the lead asks for them (`identified`), and
quotes whose consent says "never" — template quotes, and the comment text of participants who chose "never" —
do not leave the database (the event stays, its text is withheld). For a complete copy of the data, use
`workshop backup`. The reader sits beside the writer: `read_archive` checks every part and raises ContentError
naming the place.
"""
from __future__ import annotations

import copy
import json
from types import SimpleNamespace
from typing import Any

from exports.registry import ExportInput
from workshop.content import MAX_DEPTH, ContentError, workshop_from_data
from workshop.domain.model import Workshop, to_dict

FORMAT = 'codesign-workshop-archive'
VERSION = 1
CONTENT_KEYS = ('streams', 'stages', 'themes', 'improvements')
EVENT_KEYS = ('seq', 'type', 'actor', 'payload', 'at', 'op_id')


RESTRICTED = ('Identifying and restricted: this archive keeps every stakeholder group beside every vote, small groups '
              'included, so it can show how one person voted. For the project lead only; share the reports, workbook '
              'and csv files, which hide small groups, instead.')
WITHHELD = '[withheld: this person asked not to be quoted, or withdrew]'
NAMED_EVENTS = ('participant_joined', 'participant_updated')


def archive_data(workshop: Workshop, events: list[Any], participants: list[dict[str, Any]],
                 provenance: dict[str, Any] | None = None, *, identified: bool = False) -> dict[str, Any]:
    """`events` are store Events (or anything with their attributes); `participants` are pseudonymous records."""
    content = to_dict(workshop)
    for theme in content['themes']:
        theme['quotes'] = [q for q in theme['quotes'] if q['consent'] != 'never']
    # people who asked never to be quoted, or who withdrew: their words stay in the database only
    never = {p['id'] for p in participants if (p.get('consent') or {}).get('quotes') == 'never' or p.get('withdrawn')}
    gone = {p['id'] for p in participants if p.get('withdrawn')}
    return {
        'format': FORMAT,
        'version': VERSION,
        'restricted': RESTRICTED,
        'provenance': provenance or {},
        'workshop': {k: v for k, v in content.items() if k not in CONTENT_KEYS},
        **{key: content[key] for key in CONTENT_KEYS},
        'participants': participants,
        'events': [_event(event, identified, never, gone) for event in events],
    }


def _event(event: Any, identified: bool, never: set[str], gone: set[str]) -> dict[str, Any]:
    """One event as archived; `gone`: people who withdrew, whose name and idea titles leave with their words."""
    record = {key: getattr(event, key) for key in EVENT_KEYS}
    payload = record['payload']
    if (not identified or payload.get('participant') in gone) and event.type in NAMED_EVENTS \
            and payload.get('display_name'):
        record['payload'] = {**payload, 'display_name': ''}
    if event.type in ('comment_added', 'improvement_proposed') and payload.get('participant') in never:
        words = ('text', 'description', 'title') if payload.get('participant') in gone else ('text', 'description')
        record['payload'] = {**payload, **{k: WITHHELD for k in words if payload.get(k)}}
    return record


def write_json(data: ExportInput) -> bytes:
    return write_archive(archive_data(data.workshop, data.events, data.participants, data.provenance,
                                      identified=data.identified))


def write_archive(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False).encode('utf-8')


def read_archive(raw: bytes, source: str) -> tuple[Workshop, list[dict[str, Any]]]:
    """Archive bytes → (content, events to store). Fails whole, with the place named, on anything unexpected."""
    try:
        data = json.loads(raw.decode('utf-8'))
        _check_depth(data, source)
    except RecursionError:
        raise ContentError(source, [f'the file is nested too deeply (more than {MAX_DEPTH} levels)']) from None
    except UnicodeDecodeError as e:
        raise ContentError(source, [f'the file is not UTF-8 text (bad byte at position {e.start})']) from None
    except json.JSONDecodeError as e:
        raise ContentError(source, [f'line {e.lineno}, column {e.colno}: this is not valid JSON ({e.msg})']) from None
    if not isinstance(data, dict) or data.get('format') != FORMAT:
        raise ContentError(source, [f"format: expected '{FORMAT}' (a json archive written by `workshop export`)"])
    if data.get('version') != VERSION:
        raise ContentError(source, [f'version: expected {VERSION}, found {data.get("version")!r}'])
    header = data.get('workshop')
    if not isinstance(header, dict):
        raise ContentError(source, ['workshop: expected a mapping with the title and settings'])
    workshop = workshop_from_data({**header, **{key: data.get(key, []) for key in CONTENT_KEYS}}, source)
    events = _events(data.get('events', []), source)
    _check_folds(workshop, events, source)
    return workshop, events


def _check_depth(data: Any, source: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before anything walks the data recursively."""
    level, current = 0, [data]
    while current:
        level += 1
        if level > MAX_DEPTH:
            raise RecursionError
        current = [v for item in current if isinstance(item, (dict, list))
                   for v in (item.values() if isinstance(item, dict) else item) if isinstance(v, (dict, list))]


def _check_folds(workshop: Workshop, events: list[dict[str, Any]], source: str) -> None:
    """Fold the events as the app will, before anything is stored: an event the app could not read (a round that
    does not exist, a field missing) is refused here, naming it, instead of breaking the workshop later."""
    from workshop.domain.state import WorkshopState
    state = WorkshopState(workshop=copy.deepcopy(workshop))
    for i, event in enumerate(events):
        try:
            state.apply(SimpleNamespace(seq=i + 1, **event))
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as e:
            what = f"the field {e.args[0]!r} is missing or unknown" if isinstance(e, KeyError) else str(e)
            raise ContentError(source, [f'events[{i}] ({event["type"]}): the app cannot use this event: {what}'
                                        ]) from None


def _events(events: Any, source: str) -> list[dict[str, Any]]:
    if not isinstance(events, list):
        raise ContentError(source, ['events: expected a list'])
    problems = []
    for i, event in enumerate(events):
        if not isinstance(event, dict):
            problems.append(f'events[{i}]: expected a mapping')
            continue
        if not isinstance(event.get('type'), str) or not event['type']:
            problems.append(f'events[{i}].type: expected the event type as text')
        if not isinstance(event.get('payload'), dict):
            problems.append(f'events[{i}].payload: expected a mapping')
        if not isinstance(event.get('at'), (int, float)) or isinstance(event.get('at'), bool):
            problems.append(f'events[{i}].at: expected a time in seconds')
        if not isinstance(event.get('actor', ''), str):
            problems.append(f'events[{i}].actor: expected text')
        if event.get('op_id') is not None and not isinstance(event['op_id'], str):
            problems.append(f'events[{i}].op_id: expected text or nothing')
    if problems:
        raise ContentError(source, problems)
    return [{'type': e['type'], 'actor': e.get('actor', ''), 'payload': e['payload'], 'at': float(e['at']),
             'op_id': e.get('op_id')} for e in events]
