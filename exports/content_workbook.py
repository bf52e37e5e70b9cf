"""A workshop's content as an Excel workbook, and back: sheets Stages, Streams, Themes, Quotes, Improvements.

Facilitators draft or correct the map in Excel and load it again. Lists are ids separated by '; '. The reader checks
every cell, then the map as a whole, and fails whole: each message names the sheet, row and column, and nothing
changes. Only the map is replaced; the title, purpose and settings stay those of the workshop it is loaded into.
Quotes marked `never` (they may not leave the database) are not written; loading keeps them on their themes.
Te reo Māori versions have their own columns, named with the language ("title (te reo Māori)"), after the English.
"""
from __future__ import annotations

import copy
import io
import re
import zipfile
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from exports.registry import ExportInput
from exports.workbook import table
from exports.xlsx_guard import check_workbook
from journey_maps.model import validate
from workshop.content import ContentError
from workshop.domain.model import (
    Category,
    Improvement,
    ImprovementReo,
    ImprovementStatus,
    Quote,
    QuoteConsent,
    Stage,
    StageReo,
    Stream,
    Theme,
    ThemeReo,
    Workshop,
    field_names,
)

SEPARATOR = '; '
END = '(end)'  # in Stages.next: this stage leads nowhere (the end of a branch); empty means "the stage below"
YES, NO = ('yes', 'true', '1', 'y'), ('no', 'false', '0', 'n', '')
COLUMNS: dict[str, tuple[str, ...]] = {
    'Stages': ('id', 'title', 'description', 'typical_duration', 'next'),
    'Streams': ('id', 'label', 'description', 'invited'),
    'Themes': ('id', 'title', 'description', 'plain', 'category', 'global_theme', 'domain', 'stages', 'streams',
               'content_note'),
    'Quotes': ('theme', 'text', 'stream', 'paraphrase', 'consent'),
    'Improvements': ('id', 'title', 'description', 'plain', 'stages', 'themes', 'success_criteria', 'status'),
}
REO = {'Stages': StageReo, 'Themes': ThemeReo, 'Improvements': ImprovementReo}  # te reo Māori versions, per sheet


def reo_column(name: str) -> str:
    return f'{name} (te reo Māori)'


for _sheet, _reo in REO.items():
    COLUMNS[_sheet] += tuple(reo_column(name) for name in field_names(_reo))
REQUIRED = {'Stages': ('id', 'title'), 'Streams': ('id', 'label'), 'Themes': ('id', 'title'),
            'Quotes': ('theme', 'text'), 'Improvements': ('id', 'title')}
OPTIONAL_SHEETS = ('Quotes',)  # a workbook made by hand may leave the quotes out
KIND_SHEET = {'streams': 'Streams', 'stages': 'Stages', 'themes': 'Themes', 'improvements': 'Improvements'}
README = [
    ['Lists (next, stages, streams, themes) are ids separated by "; ".'],
    ['Stages.next: empty means the stage in the row below; "(end)" means the journey stops here (end of a branch).'],
    ['Themes.category: practical, emotional or cultural. Improvements.status: proposed, developed, decided, '
     'in_change or done.'],
    ['Streams.invited: how many people of that group were invited (a whole number; empty if not known); the board '
     'paper shows who took part against it.'],
    ['Quotes.consent: named or anonymous (quotes marked never stay in the app and are not listed here). '
     'Quotes.paraphrase: yes or no.'],
    ['Ids must be unique. Loading the workbook replaces the whole map; nothing changes if any cell is wrong.'],
    ['Columns named "(te reo Māori)" hold the te reo version of the column of that name, written by your translator '
     'or kaumātua; leave them empty where there is none and participants see the English.'],
]


def write_content_xlsx(data: ExportInput) -> bytes:
    return write_workbook(data.workshop)


def write_workbook(workshop: Workshop) -> bytes:
    book = Workbook()
    book.remove(book.active)
    rows = {
        'Stages': [[s.id, s.title, s.description, s.typical_duration, _next_text(s.next), *_reo(s)]
                   for s in workshop.stages],
        'Streams': [[s.id, s.label, s.description, s.invited] for s in workshop.streams],
        'Themes': [[t.id, t.title, t.description, t.plain, t.category.value, t.global_theme, t.domain,
                    _join(t.stages), _join(t.streams), t.content_note, *_reo(t)] for t in workshop.themes],
        'Quotes': [[t.id, q.text, q.stream, 'yes' if q.paraphrase else 'no', q.consent.value]
                   for t in workshop.themes for q in t.quotes if q.consent != QuoteConsent.NEVER],
        'Improvements': [[i.id, i.title, i.description, i.plain, _join(i.stages), _join(i.themes),
                          i.success_criteria, i.status.value, *_reo(i)] for i in workshop.improvements],
    }
    for name, columns in COLUMNS.items():
        table(book.create_sheet(name), list(columns), rows[name], paper=False)  # edited on screen, not printed
    table(book.create_sheet('Read me'), ['How to edit this workbook'], README, filters=False)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_workbook(raw: bytes, source: str, base: Workshop) -> Workshop:
    """The map in the workbook, on a copy of `base` (title, settings); ContentError naming sheet/row/column."""
    check_workbook(raw, source)
    try:
        book = load_workbook(io.BytesIO(raw), data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        raise ContentError(source, ['this is not an Excel workbook (.xlsx); save it from Excel as "Excel Workbook" '
                                    'and try again']) from None
    problems: list[str] = []
    sheets = {name: _rows(book, name, problems) for name in COLUMNS}
    if problems:
        raise ContentError(source, problems)
    reader = _Reader(problems)
    workshop = copy.deepcopy(base)
    workshop.stages = [Stage(id=reader.id(r), title=reader.text(r, 'title'), description=reader.text(r, 'description'),
                             typical_duration=reader.text(r, 'typical_duration'), next=reader.next(r),
                             mi=reader.reo(r, StageReo)) for r in sheets['Stages']]
    workshop.streams = [Stream(id=reader.id(r), label=reader.text(r, 'label'), description=reader.text(r, 'description'),
                               invited=reader.count(r, 'invited')) for r in sheets['Streams']]
    workshop.themes = [Theme(id=reader.id(r), title=reader.text(r, 'title'), description=reader.text(r, 'description'),
                             plain=reader.text(r, 'plain'), category=reader.enum(r, 'category', Category),
                             global_theme=reader.text(r, 'global_theme'), domain=reader.text(r, 'domain'),
                             stages=reader.ids(r, 'stages'), streams=reader.ids(r, 'streams'),
                             content_note=reader.text(r, 'content_note'), mi=reader.reo(r, ThemeReo))
                      for r in sheets['Themes']]
    workshop.improvements = [Improvement(id=reader.id(r), title=reader.text(r, 'title'),
                                         description=reader.text(r, 'description'), plain=reader.text(r, 'plain'),
                                         stages=reader.ids(r, 'stages'), themes=reader.ids(r, 'themes'),
                                         success_criteria=reader.text(r, 'success_criteria'),
                                         status=reader.enum(r, 'status', ImprovementStatus),
                                         mi=reader.reo(r, ImprovementReo)) for r in sheets['Improvements']]
    quote_rows = _attach_quotes(workshop, sheets['Quotes'], reader)
    for theme in workshop.themes:  # quotes that may never leave the database were not in the file: keep them
        if kept := base.theme(theme.id):
            theme.quotes += [copy.deepcopy(q) for q in kept.quotes if q.consent == QuoteConsent.NEVER]
    if not problems:
        problems += [_place(str(p.where), p.message, sheets, quote_rows) for p in validate(workshop)]
    if problems:
        raise ContentError(source, problems)
    return workshop


# --- reading ----------------------------------------------------------------------------------------------------

Row = tuple[str, int, dict[str, Any]]  # sheet, row number, column → value


def _rows(book: Any, name: str, problems: list[str]) -> list[Row]:
    if name not in book.sheetnames:
        if name not in OPTIONAL_SHEETS:
            problems.append(f'the sheet {name} is missing (expected sheets: {", ".join(COLUMNS)})')
        return []
    values = list(book[name].iter_rows(values_only=True))
    header = [str(h).strip().lower() if h is not None else '' for h in (values[0] if values else [])]
    known = [column.lower() for column in COLUMNS[name]]
    for title in header:
        if title and title not in known:
            problems.append(f'{name} row 1, column {title}: unknown column (expected {", ".join(COLUMNS[name])})')
    for column in REQUIRED[name]:
        if column not in header:
            problems.append(f'{name} row 1: the column {column} is missing')
    rows = []
    for number, cells in enumerate(values[1:], start=2):
        record = {h: v for h, v in zip(header, cells) if h}
        if any(_cell(v) for v in record.values()):
            rows.append((name, number, record))
    return rows


class _Reader:
    """Reads cells, noting each problem with its sheet, row and column."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems

    def text(self, row: Row, column: str) -> str:
        return _cell(row[2].get(column))

    def reo(self, row: Row, kind: type) -> Any:
        return kind(**{name: self.text(row, reo_column(name).lower()) for name in field_names(kind)})

    def id(self, row: Row) -> str:
        value = self.text(row, 'id')
        if not value:
            self._bad(row, 'id', 'an id is needed (short, unique, no spaces)')
        elif re.search(r'[\s;]', value):
            self._bad(row, 'id', f"the id '{value}' has spaces or a ';' in it")
        return value

    def ids(self, row: Row, column: str) -> list[str]:
        return [part.strip() for part in self.text(row, column).split(';') if part.strip()]

    def next(self, row: Row) -> list[str] | None:
        value = self.text(row, 'next')
        return None if not value else [] if value.lower() == END else self.ids(row, 'next')

    def count(self, row: Row, column: str) -> int | None:
        """A whole number of people, 0 or more; empty: not known."""
        value = self.text(row, column)
        if not value:
            return None
        if not value.isdigit():
            self._bad(row, column, f"expected a whole number of people (0 or more) or nothing, found '{value}'")
            return None
        return int(value)

    def enum(self, row: Row, column: str, kind: type) -> Any:
        value = self.text(row, column).lower()
        allowed = [m.value for m in kind]
        if not value:
            return kind(allowed[0])
        if value not in allowed:
            self._bad(row, column, f"expected one of {', '.join(allowed)}, found '{value}'")
            return kind(allowed[0])
        return kind(value)

    def yes_no(self, row: Row, column: str) -> bool:
        value = self.text(row, column).lower()
        if value not in YES + NO:
            self._bad(row, column, f"expected yes or no, found '{value}'")
        return value in YES

    def _bad(self, row: Row, column: str, message: str) -> None:
        self.problems.append(f'{row[0]} row {row[1]}, column {column}: {message}')


def _attach_quotes(workshop: Workshop, rows: list[Row], reader: _Reader) -> dict[tuple[int, int], int]:
    """Quotes join their theme; returns (theme index, quote index) → row number, for messages."""
    index = {theme.id: i for i, theme in enumerate(workshop.themes)}
    where = {}
    for row in rows:
        theme_id = reader.text(row, 'theme')
        quote = Quote(text=reader.text(row, 'text'), stream=reader.text(row, 'stream'),
                      paraphrase=reader.yes_no(row, 'paraphrase'), consent=reader.enum(row, 'consent', QuoteConsent))
        if theme_id not in index:
            reader._bad(row, 'theme', f"unknown theme '{theme_id}'")
            continue
        theme = workshop.themes[index[theme_id]]
        where[(index[theme_id], len(theme.quotes))] = row[1]
        theme.quotes.append(quote)
    return where


def _place(where: str, message: str, sheets: dict[str, list[Row]], quote_rows: dict[tuple[int, int], int]) -> str:
    """`themes[6].stages[0]` → 'Themes row 8, column stages'."""
    match = re.match(r'(\w+)\[(\d+)\](?:\.(\w+))?(?:\[(\d+)\])?(?:\.(\w+))?', where)
    if not match or match[1] not in KIND_SHEET:
        return f'{KIND_SHEET.get(where, "Stages")}: {message}'
    sheet, index = KIND_SHEET[match[1]], int(match[2])
    if match[3] == 'quotes':
        return f'Quotes row {quote_rows.get((index, int(match[4])), "?")}, column {match[5]}: {message}'
    return f'{sheet} row {sheets[sheet][index][1]}, column {match[3] or "id"}: {message}'


def _cell(value: Any) -> str:
    if value is None:
        return ''
    if isinstance(value, bool):
        return 'yes' if value else 'no'
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _reo(item: Any) -> list[str]:
    return [getattr(item.mi, name) for name in field_names(type(item.mi))]


def _join(ids: list[str]) -> str:
    return SEPARATOR.join(ids)


def _next_text(next_: list[str] | None) -> str:
    return '' if next_ is None else END if not next_ else _join(next_)
