"""Before a workbook is opened: refuse a zip bomb (what the parts would unpack to) while it is still a few bytes.

XML entity tricks inside the parts are refused by openpyxl itself, which parses with defusedxml when it is installed
(a dependency of this project). Pure: no UI.
"""
from __future__ import annotations

import io
import zipfile

from workshop.content import ContentError

MAX_UNPACKED = 64 * 1024 * 1024  # bytes: a workbook of the sizes people type is a few MB unpacked
MAX_RATIO = 200  # unpacked / packed, per part: text compresses maybe 20 times; a bomb thousands of times
MAX_PARTS = 2000


def check_workbook(raw: bytes, source: str) -> None:
    try:
        parts = zipfile.ZipFile(io.BytesIO(raw)).infolist()
    except zipfile.BadZipFile:
        return  # not a zip at all: the reader says so in its own words
    unpacked = sum(p.file_size for p in parts)
    if len(parts) > MAX_PARTS or unpacked > MAX_UNPACKED or any(
            p.file_size > MAX_RATIO * max(p.compress_size, 1) and p.file_size > 1024 * 1024 for p in parts):
        raise ContentError(source, [f'this workbook would unpack to {unpacked:,} bytes in {len(parts)} parts, more '
                                    f'than a workbook of this kind can need (at most {MAX_UNPACKED:,}); refused'])
