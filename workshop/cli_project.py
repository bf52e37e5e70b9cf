"""The command line's project commands: `new-project`, `projects`, `carry-priorities`, `export-project`
(workshop/projects.py does the work)."""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Callable

from workshop import config as config_module
from workshop import projects, service
from workshop.domain import links


def add_commands(command: Callable[..., argparse.ArgumentParser]) -> None:
    p = command('new-project', cmd_new_project, 'Create a project of several events (workshops) that share one '
                'journey map and improvement list, and print each event\'s links.', json_flag=True)
    p.add_argument('--template', required=True, metavar='NAME', help='template name (see `workshop templates`)')
    p.add_argument('--title', required=True, metavar='T', help='the project\'s title')
    p.add_argument('--event', action='append', required=True, metavar='NAME',
                   help='an event, in order (give it once per event, e.g. "Patient and whānau event")')

    command('projects', cmd_projects, 'List the projects and their events.', json_flag=True)

    p = command('carry-priorities', cmd_carry, 'Start an event (the joint event) from earlier events\' priorities: '
                'a first round on each one\'s top N, every group weighing the same.')
    p.add_argument('project', metavar='PROJECT', help='project id (see `workshop projects`)')
    p.add_argument('--to', type=int, required=True, metavar='N', help='the event that gets the round (its number)')
    p.add_argument('--from', dest='sources', type=int, action='append', required=True, metavar='N',
                   help='an earlier event whose priorities it starts from (once per event)')
    p.add_argument('--top', type=int, default=3, metavar='N', help='how many of each event\'s priorities (default 3)')
    p.add_argument('--reason', required=True, help='why these, kept in the joint event\'s record')

    p = command('export-project', cmd_export, 'Export a project: every event and across the project, de-identified.')
    p.add_argument('project', metavar='PROJECT', help='project id (see `workshop projects`)')
    p.add_argument('--format', required=True, choices=('md', 'html', 'csv'), help='file format')
    p.add_argument('--out', required=True, metavar='PATH', help='file to write')


def cmd_new_project(cfg: config_module.Config, args: argparse.Namespace) -> None:
    with service.open_store(cfg) as store:
        project_id, made = projects.new_project(store, args.template, args.title, args.event)
    events = [{'event': name, 'id': c.id, 'join_code': c.join_code,
               'links': links.for_credentials(cfg.public_url, c)} for name, c in zip(args.event, made, strict=True)]
    if args.json:
        print(json.dumps({'project': project_id, 'events': events}, ensure_ascii=False))
        return
    print(f'Created project {project_id}: {args.title}')
    for n, event in enumerate(events, start=1):
        print(f'  {n}. {event["event"]}: workshop {event["id"]} (join code {links.spaced(event["join_code"])})')
        for role in ('facilitator', 'participant', 'lead'):
            print(f'       {role}: {event["links"][role]}')
    print('Keep the facilitator and lead links private: they are the only way in for those roles.')


def cmd_projects(cfg: config_module.Config, args: argparse.Namespace) -> None:
    with service.open_store(cfg) as store:
        rows = projects.list_projects(store)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    if not rows:
        print('No projects yet. Create one with: workshop new-project --template car-t-cell-therapy --title … '
              '--event … --event …')
    for row in rows:
        print(f'{row["id"]}  {row["title"]}')
        for event in row['events']:
            print(f'  {event["position"]}. {event["event"]}  (workshop {event["workshop"]})')


def cmd_carry(cfg: config_module.Config, args: argparse.Namespace) -> None:
    with service.open_store(cfg) as store:
        number = projects.carry_priorities(store, args.project, to=args.to, sources=args.sources, top=args.top,
                                           reason=args.reason)
    print(f'Event {args.to} has round {number} on the priorities of events '
          f'{", ".join(str(n) for n in args.sources)}; open it when people are ready.')


def cmd_export(cfg: config_module.Config, args: argparse.Namespace) -> None:
    with service.open_store(cfg) as store:
        data = projects.export(store, args.project, args.format)
    from workshop.cli import write_out  # the command line imports this module first
    write_out(Path(args.out), data)
