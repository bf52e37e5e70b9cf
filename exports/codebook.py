"""Themes from a codebook exported by qualitative-analysis software (NVivo, ATLAS.ti, MAXQDA, Dedoose, Taguette…).

A codebook is a CSV or XLSX table with a theme name, a description and its place in the hierarchy. Columns are found
by their header (Name / Code / Theme, Description / Memo, Parent / Hierarchy / Path …), so the export needs no
editing. Codes that other codes sit under become the global theme of those codes; the rest become themes. Reading
gives a preview; nothing is added until the facilitator confirms it (see `add_themes`).
"""
from __future__ import annotations

import copy
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from exports.xlsx_guard import check_workbook
from journey_maps.edit import checked, new_id
from workshop.content import ContentError
from workshop.domain.model import Category, Theme, Workshop

HEADERS = {  # our field → headers used by common tools (compared lower-case, without spaces or punctuation)
    'name': ('name', 'code', 'codename', 'theme', 'themename', 'node', 'nodename', 'title', 'label', 'tag'),
    'description': ('description', 'memo', 'codememo', 'definition', 'comment', 'comments', 'notes', 'note'),
    'parent': ('parent', 'parentcode', 'parentname', 'parentnode', 'parenttheme', 'globaltheme', 'codegroup',
               'codegroups', 'group', 'folder'),
    'path': ('hierarchy', 'path', 'hierarchicalname', 'fullname', 'fullpath', 'codesystem', 'codepath'),
    'category': ('category', 'type', 'kind'),
}
PATH_SEPARATORS = ('\\', ' > ', '>', '::', '/')


@dataclass(kw_only=True, slots=True)
class CodebookPreview:
    themes: list[Theme] = field(default_factory=list)  # to add, with new ids
    parents: list[str] = field(default_factory=list)  # codes used as global themes, not added as themes
    skipped: list[str] = field(default_factory=list)  # rows left out, and why
    columns: dict[str, str] = field(default_factory=dict)  # our field → the header it came from


def read_codebook(raw: bytes, filename: str, workshop: Workshop) -> CodebookPreview:
    rows = _xlsx_rows(raw, filename) if filename.lower().endswith(('.xlsx', '.xlsm')) else _csv_rows(raw, filename)
    rows = [r for r in rows if any(str(c or '').strip() for c in r)]
    if not rows:
        raise ContentError(filename, ['the file is empty; expected a header row and one row per code'])
    columns = _columns([str(h or '') for h in rows[0]])
    if 'name' not in columns and 'path' not in columns:
        raise ContentError(filename, ['row 1: no column with the theme name (expected a header such as Name, Code '
                                      'or Theme, or a Hierarchy / Path column)'])
    entries = []  # (row number, name, parent, description, category)
    for number, row in enumerate(rows[1:], start=2):
        def get(key: str) -> str:
            value = row[columns[key]] if key in columns and columns[key] < len(row) else None  # noqa: B023 (this row)
            return '' if value is None else str(value).strip()

        parts = _split_path(get('path'))
        name = get('name') or (parts[-1] if parts else '')
        if parts and parts[-1] == name:
            parts = parts[:-1]
        parent = get('parent') or (parts[-1] if parts else '')
        entries.append((number, name, parent, get('description'), get('category').lower()))
    return _preview(entries, workshop, {key: str(rows[0][i]).strip() for key, i in columns.items()}, filename)


def add_themes(workshop: Workshop, preview: CodebookPreview) -> Workshop:
    """A validated copy of the workshop with the previewed themes added."""
    edited = copy.deepcopy(workshop)
    edited.themes += copy.deepcopy(preview.themes)
    return checked(edited)


def _preview(entries: list[tuple[int, str, str, str, str]], workshop: Workshop, columns: dict[str, str],
             filename: str) -> CodebookPreview:
    preview = CodebookPreview(columns=columns)
    parent_names = {parent for _, _, parent, _, _ in entries if parent}
    known = {t.title.casefold() for t in workshop.themes}
    draft = copy.deepcopy(workshop)
    problems = []
    for number, name, parent, description, category in entries:
        if not name:
            problems.append(f'row {number}: the theme name is empty')
        elif name in parent_names:
            preview.parents.append(name)
        elif name.casefold() in known:
            preview.skipped.append(f"row {number}: '{name}' is already a theme")
        elif category and category not in {c.value for c in Category}:
            problems.append(f"row {number}, column {columns.get('category')}: expected practical, emotional or "
                            f"cultural, found '{category}'")
        else:
            theme = Theme(id=new_id(draft, 'themes', name), title=name, description=description,
                          global_theme=parent, category=Category(category or Category.PRACTICAL))
            draft.themes.append(theme)
            preview.themes.append(theme)
            known.add(name.casefold())
    if problems:
        raise ContentError(filename, problems)
    preview.parents = sorted(set(preview.parents) | (parent_names - {n for _, n, _, _, _ in entries}))
    return preview


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, title in enumerate(header):
        key = re.sub(r'[^a-z]', '', title.lower())
        for field_name, names in HEADERS.items():
            if key in names and field_name not in found:
                found[field_name] = i
    return found


def _split_path(path: str) -> list[str]:
    for separator in PATH_SEPARATORS:
        if separator in path:
            return [p.strip() for p in path.split(separator) if p.strip()]
    return [path] if path else []


def _csv_rows(raw: bytes, filename: str) -> list[list[str]]:
    # UTF-16 with a byte-order mark (some Windows exports), UTF-8, or Excel's "CSV (Comma delimited)" (Windows-1252)
    encodings = ('utf-16',) if raw.startswith((b'\xff\xfe', b'\xfe\xff')) else ('utf-8-sig', 'cp1252')
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ContentError(filename, ['the file is not text in a known encoding; export the codebook as UTF-8 CSV '
                                      'or as XLSX'])
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=',;\t')
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _xlsx_rows(raw: bytes, filename: str) -> list[list[object]]:
    check_workbook(raw, filename)
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        raise ContentError(filename, ['this is not an Excel workbook (.xlsx); export the codebook as XLSX or CSV']) \
            from None
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    return rows
