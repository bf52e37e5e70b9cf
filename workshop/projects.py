"""Projects on the store, for the command line (and the app): make a project's events from one template, find them,
start the joint event from the earlier events' priorities, export the project (workshop/domain/project.py does the sums).

A project is no table of its own: each event's content names its project (`project: {id, title, event, position}`),
so an event's json archive carries it and deleting the events deletes the project.
"""
from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from workshop import i18n
from workshop.content import load_yaml_file, template_path
from workshop.domain import project, shortlist, voting
from workshop.domain.model import Method, ProjectRef, Round, to_dict
from workshop.domain.state import fold
from workshop.service import UserError, load_workshop
from workshop.store import Credentials, Store, StoreError


def new_project(store: Store, template: str, title: str, events: list[str]) -> tuple[str, list[Credentials]]:
    """One workshop per event, in order, all from the same template (one journey map and improvement list)."""
    names = [' '.join(e.split()) for e in events]
    if len(names) < 2 or not all(names):
        raise UserError('a project needs at least two events, each with a name (--event "Patient and whānau event")')
    if not title.strip():
        raise UserError('a project needs a title (--title)')
    project_id = secrets.token_hex(4)
    made = []
    for position, name in enumerate(names, start=1):
        workshop = load_yaml_file(template_path(template))
        workshop.title = f'{title.strip()}: {name}'
        workshop.project = ProjectRef(id=project_id, title=title.strip(), event=name, position=position)
        made.append(store.create_workshop(workshop))
    return project_id, made


def events(store: Store, project_id: str) -> list[project.Event]:
    found = []
    for row in store.workshops():
        content = store.load_content(row.id)
        if (content.get('project') or {}).get('id') == project_id:
            workshop = load_workshop(store, row.id)
            workshop.id = row.id
            found.append(project.Event(workshop_id=row.id, state=fold(workshop, store.events(row.id))))
    if not found:
        raise UserError(f"there is no project '{project_id}' (see `workshop projects`)")
    return project.ordered(found)


def list_projects(store: Store) -> list[dict[str, Any]]:
    projects: dict[str, dict[str, Any]] = {}
    for row in store.workshops():
        ref = store.load_content(row.id).get('project') or {}
        if ref.get('id'):
            entry = projects.setdefault(ref['id'], {'id': ref['id'], 'title': ref.get('title', ''), 'events': []})
            entry['events'].append({'position': ref.get('position', 0), 'event': ref.get('event', ''),
                                    'workshop': row.id, 'join_code': row.join_code})
    for entry in projects.values():
        entry['events'].sort(key=lambda e: e['position'])
    return list(projects.values())


def carry_priorities(store: Store, project_id: str, *, to: int, sources: list[int], top: int, reason: str) -> int:
    """The joint event (event number `to`) gets a first round on the earlier events' priorities: each one's top
    `top`, every group weighing the same. Recorded in the joint event's log with the reason. Returns the round."""
    found = events(store, project_id)
    by_position = {e.workshop.project.position: e for e in found}
    missing = [n for n in [to, *sources] if n not in by_position]
    if missing:
        raise UserError(f'project {project_id} has no event {missing[0]} (its events are '
                        f'{", ".join(str(n) for n in sorted(by_position))})')
    if to in sources or not sources:
        raise UserError('the priorities come from other events than the one they go to (--from 1 --from 2)')
    if top < 1:
        raise UserError('--top must be 1 or more')
    try:
        ideas, names = project.carried([by_position[n] for n in sources], top)
    except ValueError as e:
        raise UserError(str(e)) from None
    reason = ' '.join(reason.split())[:2000]
    if not reason:
        raise UserError('say why these priorities (--reason): it is kept in the joint event\'s record')
    if len(ideas) < 2:
        raise UserError('a first round needs at least 2 ideas: carry more of each event\'s priorities (--top)')
    joint = by_position[to]
    settings = joint.workshop.settings
    number = max(joint.state.rounds, default=0) + 1
    round_ = Round(number=number, method=Method.DOTS, improvements=ideas,
                   budget=settings.dot_budget or max(1, len(ideas) // 2), cap=settings.dot_cap,
                   top_k=min(settings.rank_top_k, len(ideas)), scale=settings.rating_scale)
    try:
        voting.check_round(round_, len(ideas))
    except i18n.Refusal as e:
        raise UserError(e.message) from None
    try:  # one transaction: the round and why it has these ideas (a running app picks both up within a second)
        store.append_many(joint.workshop_id, [
            ('round_created', {'round': to_dict(round_)}, 'facilitator'),
            ('shortlist_chosen', {'from_round': 0, 'round': number, 'improvements': ideas, 'basis': shortlist.BALANCED,
                                  'n': top, 'reason': reason, 'sources': names, 'by': 'facilitator'}, 'facilitator'),
            *(('comment_carried', comment, 'facilitator')
              for comment in project.comments_to_carry([by_position[n] for n in sources], ideas))])
    except StoreError as e:
        raise UserError(f'nothing was changed: {e}') from None
    return number


def export(store: Store, project_id: str, fmt: str) -> bytes:
    from exports import project_report
    if fmt not in project_report.FORMATS:
        raise UserError(f"unknown project format '{fmt}' (known: {', '.join(project_report.FORMATS)})")
    found = events(store, project_id)
    zone = found[0].workshop.settings.time_zone or 'UTC'
    from zoneinfo import ZoneInfo
    now = dt.datetime.now(ZoneInfo(zone)).strftime('%Y-%m-%d %H:%M %Z')
    return project_report.write(found, fmt, exported_at=now)
