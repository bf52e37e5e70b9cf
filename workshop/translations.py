"""The translator's pack: a PO file of what still lacks te reo Māori, and a reviewed one brought back.

`export` writes the app strings awaiting a translator (with any candidate kept for review, marked fuzzy, and its
recorded sources) and, for a workshop, its content fields that have English but no te reo (message context
`content:WORKSHOP:stage:referral:title`: PO tools keep contexts, not every header). `read` checks a reviewed file completely before anything changes: an unknown string,
English that changed since the export, a placeholder that differs from the English, or te reo with no source (a
`# source:` comment or the file's Last-Translator) is refused with its line number. `apply_app` writes the app strings
into the te reo catalogue; `apply_content` returns the workshop with its te reo filled in.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
from io import BytesIO
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po, write_po

from workshop import bilingual, i18n
from workshop.domain.model import Workshop

CONTENT = 'content:'
FIELDS = {'workshop': ('title', 'purpose', 'service_promise'), 'settings': ('participant_info',),
          'stage': ('title', 'description'), 'theme': ('title', 'plain', 'content_note'), 'improvement': ('title', 'plain')}


class TranslationError(Exception):
    """A reviewed file that cannot be brought in: the message names the file, the line and what was wrong."""


@dataclasses.dataclass(kw_only=True, slots=True, frozen=True)
class Field:
    context: str
    item: Any
    name: str


@dataclasses.dataclass(kw_only=True, slots=True)
class Reviewed:
    app: list[Message]
    content: dict[str, str]  # context → te reo
    workshop: str = ''
    kept_for_review: int = 0


def content_fields(workshop: Workshop) -> list[Field]:
    """Every content field that has English words, each with its message context."""
    prefix = f'{CONTENT}{workshop.id}:'
    found: list[Field] = []

    def add(kind: str, item: Any, ident: str = '') -> None:
        for name in FIELDS[kind]:
            if (getattr(item, name, '') or '').strip():
                found.append(Field(context=f'{prefix}{kind}:{ident + ":" if ident else ""}{name}', item=item, name=name))
    add('workshop', workshop)
    add('settings', workshop.settings)
    for kind, items in (('stage', workshop.stages), ('theme', workshop.themes), ('improvement', workshop.improvements)):
        for item in items:
            add(kind, item, item.id)
    return found


def content_coverage(workshop: Workshop) -> int:
    """The share (%) of the workshop's content fields that have te reo."""
    fields = content_fields(workshop)
    return round(100 * sum(bilingual.has_reo(f.item, f.name) for f in fields) / len(fields)) if fields else 0


def export(lang: str, workshop: Workshop | None = None) -> bytes:
    awaiting = set(i18n.awaiting_review())
    template = i18n.read(i18n.catalogue_path(lang))
    pack = Catalog(locale=lang, project='Codesign Workshop', fuzzy=False)
    pack._num_plurals, pack._plural_expr = template.num_plurals, template.plural_expr  # the catalogue's own rule
    for message in template:
        if message.id and message.context in awaiting:
            pack[message.id] = _copy(message)
    if workshop is not None:
        for field in content_fields(workshop):
            if not bilingual.has_reo(field.item, field.name):
                pack.add(getattr(field.item, field.name), '', context=field.context,
                         auto_comments=[f'workshop {workshop.id} content'])
    buffer = BytesIO()
    write_po(buffer, pack, width=120, sort_output=False, ignore_obsolete=True)
    return buffer.getvalue()


def named_workshop(data: bytes, name: str) -> str:
    """The workshop whose content the file carries ('' for app strings only)."""
    named = {(m.context or '').split(':')[1] for m in _parse(data, name) if (m.context or '').startswith(CONTENT)}
    if len(named) > 1:
        raise TranslationError(f'{name}: content of several workshops ({", ".join(sorted(named))}): one at a time')
    return named.pop() if named else ''


def read(data: bytes, name: str, workshop: Workshop | None = None) -> Reviewed:
    """Check a reviewed file whole; raise TranslationError naming the first problems and their lines."""
    catalog = _parse(data, name)
    if str(catalog.locale or '') not in i18n.LANGUAGES or str(catalog.locale) == i18n.DEFAULT:
        raise TranslationError(f'{name}: its Language header is "{catalog.locale}"; expected one of '
                               f'{", ".join(k for k in i18n.LANGUAGES if k != i18n.DEFAULT)}')
    translator = catalog.last_translator if 'FULL NAME' not in (catalog.last_translator or '') else ''
    entries, problems = i18n.catalogue(), []
    reviewed = Reviewed(app=[], content={}, workshop=workshop.id if workshop is not None else '')
    fields = {f.context: f for f in content_fields(workshop)} if workshop is not None else {}
    for message in catalog:
        forms = [s for s in (message.string if isinstance(message.string, tuple | list) else (message.string,)) if s]
        if not message.id or not forms:
            continue
        where = f'{name}, line {message.lineno}'
        if (message.context or '').startswith(CONTENT):
            problem = _content_problem(message, fields, reviewed.workshop, workshop)
            if problem:
                problems.append(f'{where}: {problem}')
            elif not message.fuzzy:
                reviewed.content[message.context or ''] = forms[0]
            continue
        entry = entries.get(message.context or '')
        if entry is None:
            problems.append(f'{where}: "{message.context}" is not a string of this version of Codesign Workshop')
            continue
        if message.id != ((entry.en_one, entry.en) if entry.en_one else entry.en):
            problems.append(f'{where}: the English of "{entry.key}" has changed since this file was made: export a '
                            'new pack and translate the new English')
            continue
        names = i18n.placeholders(entry.en)
        for i, form in enumerate(forms):
            allowed = (names, names - {'n'}) if i < len(forms) - 1 else (names,)
            if i18n.placeholders(form) not in allowed:
                problems.append(f'{where}: "{entry.key}" has the placeholders {_names(i18n.placeholders(form))}, '
                                f'the English has {_names(names)}: keep each {{…}} exactly as in the English')
        sources = [c for c in message.user_comments if c.lower().startswith(i18n.SOURCE)]
        if not message.fuzzy and not sources and not translator:
            problems.append(f'{where}: "{entry.key}" has te reo but no source: add a translator comment '
                            '"# source: …" or fill in Last-Translator')
        if not sources and translator:
            message.user_comments = [f'{i18n.SOURCE} {translator} (reviewed pack {name}, '
                                     f'{dt.date.today().isoformat()})', *message.user_comments]
        reviewed.app.append(message)
        reviewed.kept_for_review += bool(message.fuzzy)
    if problems:
        shown = problems[:20] + ([f'… and {len(problems) - 20} more.'] if len(problems) > 20 else [])
        raise TranslationError('Nothing was imported. Fix these and import again:\n  ' + '\n  '.join(shown))
    return reviewed


def apply_app(reviewed: Reviewed, lang: str) -> int:
    """Write the reviewed app strings into the te reo catalogue (whole, replacing the file in one step)."""
    if not reviewed.app:
        return 0
    path = i18n.catalogue_path(lang)
    catalog = i18n.read(path)
    by_key = {m.context: m for m in catalog if m.id}
    for message in reviewed.app:
        target = by_key[message.context]
        target.string = message.string
        target.user_comments = list(message.user_comments)
        target.flags = set(message.flags)
    buffer = BytesIO()
    write_po(buffer, catalog, width=120, sort_output=False, ignore_obsolete=True)
    temporary = path.with_suffix('.po.new')
    temporary.write_bytes(_without_tool_headers(buffer.getvalue()))
    os.replace(temporary, path)
    i18n.catalogue.cache_clear()
    return len(reviewed.app)


def apply_content(reviewed: Reviewed, workshop: Workshop) -> int:
    fields = {f.context: f for f in content_fields(workshop)}
    for context, reo in reviewed.content.items():
        field = fields[context]
        setattr(field.item.mi, field.name, reo)
    return len(reviewed.content)


def _parse(data: bytes, name: str) -> Catalog:
    try:
        return read_po(BytesIO(data), abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as e:
        raise TranslationError(f'{name}: not a PO file that can be read (line {getattr(e, "lineno", "?")}): {e}'
                               ) from None


def _content_problem(message: Message, fields: dict[str, Field], workshop_id: str,
                     workshop: Workshop | None) -> str:
    if workshop is None:
        return f'workshop content ("{message.context}") but that workshop is not in this data folder'
    field = fields.get(message.context or '')
    if field is None:
        return f'"{message.context}" is not in the workshop\'s content any more'
    if getattr(field.item, field.name) != message.id:
        return f'the English of "{message.context}" has changed since this file was made: export a new pack'
    return ''


def _names(names: set[str]) -> str:
    return ', '.join(f'{{{n}}}' for n in sorted(names)) or 'none'


def _copy(message: Message) -> Message:
    return Message(message.id, message.string, auto_comments=list(message.auto_comments),
                   user_comments=list(message.user_comments), flags=set(message.flags), context=message.context)


def _without_tool_headers(data: bytes) -> bytes:
    """The catalogue keeps a short header: dates and tool names in it would make every merge conflict."""
    drop = ('"Report-Msgid-Bugs-To', '"PO-Revision-Date', '"Last-Translator', '"Language-Team', '"POT-Creation-Date',
            '"Generated-By')
    lines = [line for line in data.decode('utf-8').split('\n') if not line.startswith(drop)]
    lines = ['"Project-Id-Version: Codesign Workshop\\n"' if line.startswith('"Project-Id-Version') else line
             for line in lines]
    return '\n'.join(lines).encode('utf-8')


def default_name(lang: str, workshop_id: str = '') -> Path:
    return Path(f'translations-{lang}{"-" + workshop_id if workshop_id else ""}.po')
