"""The `workshop` command: serve the app, create, list, export and import workshops.

A user's mistake (unknown workshop, bad file, port in use) is one clear line on stderr and exit status 2; never a
traceback. The command line and a running server may share a data folder (SQLite WAL).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any, Callable

from workshop import cli_project, service
from workshop import config as config_module
from workshop.content import ContentError
from workshop.domain import links, methods

EXIT_USER_ERROR = 2


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, 'run', None):
        parser.print_help()
        return 0
    try:
        cfg = config_module.load().with_flags(data_dir=getattr(args, 'data', None), host=getattr(args, 'host', None),
                                              port=getattr(args, 'port', None))
        return args.run(cfg, args) or 0
    except (service.UserError, ContentError, config_module.ConfigError) as e:
        print(f'workshop: {e}', file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog='workshop', description='Run health-service co-design workshops: journey '
                                     'maps, live voting on improvements, ranked lists and decision records.')
    sub = parser.add_subparsers(title='commands', metavar='COMMAND')

    def command(name: str, run: Callable, help_: str, *, data: bool = True, json_flag: bool = False):
        p = sub.add_parser(name, help=help_, description=help_)
        p.set_defaults(run=run)
        if data:
            p.add_argument('--data', metavar='DIR', help='data folder (default: $CODESIGN_DATA or '
                           f'{config_module.SETTINGS["CODESIGN_DATA"].default})')
        if json_flag:
            p.add_argument('--json', action='store_true', help='print machine-readable JSON')
        return p

    p = command('serve', cmd_serve, 'Start the app.')
    p.add_argument('--host', help='address to listen on (default 127.0.0.1)')
    p.add_argument('--port', type=int, help='port to listen on (default 8080)')
    p.add_argument('--demo', action='store_true', help='create the CAR T-cell therapy demo workshop (once) and '
                   'print its links')

    command('templates', cmd_templates, 'List the workshop templates.', data=False, json_flag=True)

    p = command('new', cmd_new, 'Create a workshop from a template and print its links.', json_flag=True)
    p.add_argument('--template', required=True, metavar='NAME', help='template name (see `workshop templates`)')
    p.add_argument('--title', metavar='T', help='title (default: the template\'s)')

    command('list', cmd_list, 'List the workshops in the data folder.', json_flag=True)
    cli_project.add_commands(command)

    p = command('export', cmd_export, 'Export a workshop to a file.')
    p.add_argument('workshop', metavar='WORKSHOP', help='workshop id (see `workshop list`)')
    p.add_argument('--format', required=True, choices=service.export_formats(), help='file format')
    p.add_argument('--out', required=True, metavar='PATH', help='file to write')
    p.add_argument('--round', type=int, metavar='N', help='the round to rank (default: the latest round with votes)')
    p.add_argument('--identified', action='store_true', help='include participants\' names where they gave them')
    p.add_argument('--voters', choices=('live', 'own-time'),
                   help='count only live voters, or only those who voted in their own time (default: everyone)')

    p = command('import', cmd_import, 'Create a workshop from a template YAML file or a json archive.',
                json_flag=True)
    p.add_argument('file', metavar='FILE', help='a .yaml template or a .json archive')

    p = command('import-votes', cmd_import_votes, 'Add ballots collected on paper or in a survey tool (CSV or XLSX '
                'with columns participant, group, improvement, then value or one column per rating question; '
                '"pass" for a pass; an optional at column for when the vote was cast). Importing the same file '
                'again changes nothing.', json_flag=True)
    p.add_argument('workshop', metavar='WORKSHOP', help='workshop id (see `workshop list`)')
    p.add_argument('file', metavar='FILE', help='a .csv or .xlsx file')
    p.add_argument('--round', type=int, metavar='N', help='add to round N (default: the ballots form a new round)')
    p.add_argument('--method', choices=methods.names(),
                   help='how to read the values when they form a new round (default: inferred where clear)')
    p.add_argument('--scale', type=int, metavar='N', help='rating rounds: the scale is 1 to N (or write it in the '
                   'header, e.g. "importance (1-9)"); never guessed from the ratings')

    p = command('withdraw', cmd_withdraw, 'Withdraw a participant for someone who asks after the workshop or voted '
                'on paper: their votes and comments leave every result and export.')
    p.add_argument('workshop', metavar='WORKSHOP', help='workshop id (see `workshop list`)')
    p.add_argument('participant', metavar='PSEUDONYM', help='the participant as the exports name them, e.g. P07')
    p.add_argument('--reason', required=True, help='why (kept in the consent log), e.g. "asked by email on 3 May"')

    p = command('purge-expired', cmd_purge, 'Delete workshops whose retention period has passed (the app also '
                'does this at start and every six hours).', json_flag=True)
    p.add_argument('--dry-run', action='store_true', help='only list what would be deleted')

    p = command('backup', cmd_backup, 'Copy the whole database to a file; safe while the app runs.')
    p.add_argument('out', metavar='PATH', help='backup file to write')

    p = command('restore', cmd_restore, 'Replace the database with a backup (stop the app first).')
    p.add_argument('backup', metavar='PATH', help='a file written by `workshop backup`')

    p = command('rotate-token', cmd_rotate_token, 'Give the facilitator or lead a new link: the old link, and every '
                'page opened with it, stops working at once.', json_flag=True)
    p.add_argument('workshop', metavar='WORKSHOP', help='workshop id (see `workshop list`)')
    p.add_argument('--role', required=True, choices=['facilitator', 'lead'], help='whose link to replace')
    p = command('translations', cmd_translations, 'How much of the participant\'s path is in te reo Māori, and the '
                'strings awaiting a translator; `export` writes a translator\'s pack (PO file) of what lacks te reo, '
                '`import` brings a reviewed one back.', json_flag=True)
    p.add_argument('action', nargs='?', choices=['export', 'import'], help='export a pack, or import a reviewed one')
    p.add_argument('target', nargs='?', metavar='WORKSHOP|FILE', help='export: a workshop whose content is added '
                   '(optional); import: the reviewed PO file')
    p.add_argument('--lang', default='mi', choices=['mi'], help='the language (default mi, te reo Māori)')
    p.add_argument('--output', '-o', metavar='FILE', help='export: the file to write (default translations-LANG'
                   '[-WORKSHOP].po)')

    p = command('migrate', cmd_migrate, 'Copy the SQLite data folder into PostgreSQL (then set '
                'CODESIGN_DATABASE_URL); the counts are checked before anything is kept.', json_flag=True)
    p.add_argument('--to', required=True, metavar='URL', help='postgresql://user@host/database')

    p = command('delete', cmd_delete, 'Delete a workshop and everything in it.')
    p.add_argument('workshop', metavar='WORKSHOP', help='workshop id (see `workshop list`)')
    p.add_argument('--yes', action='store_true', help='do not ask for confirmation')
    return parser


def cmd_serve(cfg: config_module.Config, args: argparse.Namespace) -> int:
    from workshop.web.app import serve  # the UI is loaded only for this command
    return serve(cfg, demo=args.demo)


def cmd_templates(cfg: config_module.Config, args: argparse.Namespace) -> None:
    rows = service.templates()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    for row in rows:
        counts = ', '.join(_count(row[key], key.rstrip('s')) for key in ('stages', 'themes', 'improvements'))
        print(f'{row["name"]:<22} {row["title"]}  ({counts})')


def cmd_new(cfg: config_module.Config, args: argparse.Namespace) -> None:
    with service.open_store(cfg) as store:
        created = service.new_from_template(store, args.template, title=args.title)
    _print_created(cfg, created, args.json)


def cmd_list(cfg: config_module.Config, args: argparse.Namespace) -> None:
    with service.open_store(cfg) as store:
        rows = service.list_workshops(store)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    if not rows:
        print(f'No workshops in {cfg.data_dir} yet. Create one with: workshop new --template car-t-cell-therapy')
    for row in rows:
        print(f'{row["id"]}  {row["join_code"]}  {row["title"]}  ({row["participants"]} participants)')


def cmd_export(cfg: config_module.Config, args: argparse.Namespace) -> None:
    with service.open_store(cfg) as store:
        data = service.export(store, args.workshop, args.format, identified=args.identified, round_number=args.round,
                              voters=args.voters.replace('-', '_') if args.voters else None)
    write_out(Path(args.out), data)


def write_out(out: Path, data: bytes) -> None:
    """An exported file where the user asked for it, said on stderr (stdout stays clean for pipes)."""
    try:
        out.write_bytes(data)
    except OSError as e:
        raise service.UserError(f'cannot write {out}: {e.strerror or e}') from None
    print(f'Wrote {out} ({len(data):,} bytes)', file=sys.stderr)


def cmd_import(cfg: config_module.Config, args: argparse.Namespace) -> None:
    with service.open_store(cfg) as store:
        created = service.import_file(store, Path(args.file))
    _print_created(cfg, created, args.json)


def cmd_import_votes(cfg: config_module.Config, args: argparse.Namespace) -> None:
    with service.open_store(cfg) as store:
        done = service.import_votes(store, args.workshop, Path(args.file), round_number=args.round,
                                    method=args.method, scale=args.scale)
    if args.json:
        print(json.dumps(done))
        return
    if done['unchanged']:
        print(f'{args.file} was imported before (round {done["round"]}): nothing changed.')
        return
    where = f'a new round {done["round"]}' if done['new_round'] else f'round {done["round"]}'
    scale = f', scale 1–{done["scale"]}' if done['scale'] else ''
    print(f'Imported {done["rows"]} rows from {done["participants"]} participants into {where} '
          f'({done["method"]}{scale}).')


def cmd_withdraw(cfg: config_module.Config, args: argparse.Namespace) -> None:
    with service.open_store(cfg) as store:
        service.withdraw(store, args.workshop, args.participant, args.reason)
    print(f'Withdrew {args.participant.upper()} from {args.workshop}: their votes and comments leave every result '
          'and export.', file=sys.stderr)


def cmd_purge(cfg: config_module.Config, args: argparse.Namespace) -> None:
    with service.open_store(cfg) as store:
        purged = service.purge_expired(store, time.time(), dry_run=args.dry_run)
    if args.json:
        print(json.dumps(purged, ensure_ascii=False))
        return
    verb = 'Would delete' if args.dry_run else 'Deleted'
    for workshop in purged:
        print(f'{verb} {workshop["id"]} "{workshop["title"]}" (kept for {workshop["retention_days"]} days)')
    if not purged:
        print('No workshop has passed its retention period.')


def cmd_backup(cfg: config_module.Config, args: argparse.Namespace) -> None:
    out = Path(args.out)
    if out.exists():
        raise service.UserError(f'{out} exists already; choose a new file name for the backup')
    with service.open_store(cfg) as store:
        store.backup(out)
    print(f'Backed up {cfg.data_dir} to {out}', file=sys.stderr)


def cmd_restore(cfg: config_module.Config, args: argparse.Namespace) -> None:
    source = Path(args.backup)
    if cfg.database_url:
        with service.open_store(cfg) as store:
            store.restore(source)  # PostgreSQL: says how to restore with pg_restore
    if not source.is_file():
        raise service.UserError(f'there is no backup file {source}')
    with service.server_lock(cfg, purpose='restore'), service.open_store(cfg) as store:
        store.restore(source)
    print(f'Restored {cfg.data_dir} from {source}', file=sys.stderr)


def cmd_rotate_token(cfg: config_module.Config, args: argparse.Namespace) -> None:
    with service.open_store(cfg) as store:
        token = store.rotate_token(args.workshop, args.role)
    link = links.role_link(cfg.public_url, args.workshop, args.role, token)
    if args.json:
        print(json.dumps({'id': args.workshop, 'role': args.role, 'link': link}))
        return
    print(f'New {args.role} link (the old one no longer works): {link}')


def cmd_translations(cfg: config_module.Config, args: argparse.Namespace) -> None:
    from workshop import i18n
    if args.action:
        return (_translations_export if args.action == 'export' else _translations_import)(cfg, args)
    coverage = i18n.participant_coverage()
    english = {key: i18n.catalogue()[key].en for key in coverage.awaiting}
    if args.json:
        print(json.dumps({'participant_strings': coverage.total, 'te_reo_sourced': len(coverage.sourced),
                          'percent': coverage.percent, 'english_on_purpose': coverage.english_on_purpose,
                          'awaiting_translator': english}, ensure_ascii=False))
        return
    print(f'Participant strings: {coverage.total}; with a sourced te reo Māori translation: {len(coverage.sourced)} '
          f'({coverage.percent} %); English on purpose: {len(coverage.english_on_purpose)}.')
    print(f'Awaiting a translator ({len(english)}), shown in English until then:')
    for key, text in english.items():
        print(f'  {key}: {text}')


def _translations_export(cfg: config_module.Config, args: argparse.Namespace) -> None:
    from workshop import translations
    workshop = None
    if args.target:
        with service.open_store(cfg) as store:
            workshop = service.load_workshop(store, args.target)
            workshop.id = args.target
    out = Path(args.output) if args.output else translations.default_name(args.lang, args.target or '')
    try:
        out.write_bytes(translations.export(args.lang, workshop))
    except OSError as e:
        raise service.UserError(f'cannot write {out}: {e.strerror or e}') from None
    what = 'the app strings and this workshop\'s content' if workshop else 'the app strings'
    print(f'Wrote {out}: {what} still without te reo Māori. Translate them in Poedit or any PO tool, then: '
          f'workshop translations import {out}')


def _translations_import(cfg: config_module.Config, args: argparse.Namespace) -> None:
    from workshop import translations
    if not args.target:
        raise service.UserError('say which reviewed file to import: workshop translations import FILE')
    path = Path(args.target)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise service.UserError(f'cannot read {path}: {e.strerror or e}') from None
    try:
        named = translations.named_workshop(data, path.name)
        workshop = None
        if named:
            with service.open_store(cfg) as store:
                workshop = service.load_workshop(store, named)
                workshop.id = named
        reviewed = translations.read(data, path.name, workshop)
    except translations.TranslationError as e:
        raise service.UserError(str(e)) from None
    if workshop is not None and reviewed.content:
        translations.apply_content(reviewed, workshop)
        with service.open_store(cfg) as store:
            store.save_content(workshop)
            store.append(workshop.id, 'content_changed', {'summary': f'te reo from {path.name}'}, actor='command line')
    count = translations.apply_app(reviewed, args.lang) - reviewed.kept_for_review
    print(f'Imported from {path}: {count} reviewed app string(s), {reviewed.kept_for_review} kept for review (fuzzy)'
          + (f' and {len(reviewed.content)} content text(s) of workshop {workshop.id}' if workshop else '') + '.')


def cmd_migrate(cfg: config_module.Config, args: argparse.Namespace) -> None:
    copied = service.migrate(cfg, args.to)
    if args.json:
        print(json.dumps(copied))
        return
    print(f'Copied {_count(len(copied), "workshop")} and {_count(sum(copied.values()), "event")} from '
          f'{cfg.data_dir}; the counts match. Now set CODESIGN_DATABASE_URL to use PostgreSQL.')


def cmd_delete(cfg: config_module.Config, args: argparse.Namespace) -> None:
    with service.open_store(cfg) as store:
        row = store.workshop_row(args.workshop)
        if not args.yes:
            if not sys.stdin.isatty():
                raise service.UserError('deleting cannot be undone: add --yes to confirm')
            answer = input(f'Delete "{row.title}" ({row.id}) and all its votes and comments? Type yes: ')
            if answer.strip().lower() != 'yes':
                print('Nothing deleted.', file=sys.stderr)
                return
        store.delete_workshop(row.id)
    print(f'Deleted workshop {row.id}', file=sys.stderr)


def _print_created(cfg: config_module.Config, created: Any, as_json: bool) -> None:
    urls = links.for_credentials(cfg.public_url, created)
    if as_json:
        print(json.dumps({'id': created.id, 'join_code': created.join_code, 'links': urls}))
        return
    print(f'Created workshop {created.id} (join code {links.spaced(created.join_code)})')
    print(f'  Facilitator: {urls["facilitator"]}')
    print(f'  Participants: {urls["participant"]}')
    print(f'  Project lead: {urls["lead"]}')
    print('Keep the facilitator and lead links private: they are the only way in for those roles.')


def _count(n: int, noun: str) -> str:
    return f'{n} {noun}' if n == 1 else f'{n} {noun}s'
