"""Hostile files through the command line: each is refused whole with one clear line (exit 2), never a traceback,
and nothing is stored. (The archive reader's checks are exports/archive.py's, the workbook guard
exports/xlsx_guard.py's, the template limits workshop/content.py's.)"""
from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from benchmarks.serverproc import ROOT, clean_env, new_workshop


def _cli(*args: str, data: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, '-m', 'workshop', *args, '--data', str(data)], cwd=ROOT, env=clean_env(),
                          capture_output=True, text=True, timeout=120)


def _refused(result: subprocess.CompletedProcess, words: str) -> None:
    assert result.returncode == 2, result.stderr
    assert 'Traceback' not in result.stderr and words in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2, result.stderr  # the file, and what was wrong


def _workshops(data: Path) -> int:
    return len(json.loads(_cli('list', '--json', data=data).stdout))


def test_an_archive_with_one_broken_event_is_refused_before_anything_is_stored(tmp_path):
    data = tmp_path / 'data'
    created = new_workshop(data)
    archive = tmp_path / 'w.json'
    assert _cli('export', created['id'], '--format', 'json', '--out', str(archive), data=data).returncode == 0
    content = json.loads(archive.read_text())
    content['events'].append({'seq': 99, 'type': 'vote_cast', 'actor': 'p-x', 'at': 1.0, 'op_id': None,
                              'payload': {'participant': 'p-x', 'improvement': 'x', 'value': 1}})  # no round
    archive.write_text(json.dumps(content))
    _refused(_cli('import', str(archive), data=data), "events[")
    assert _workshops(data) == 1


@pytest.mark.parametrize('name, text', [
    ('deep.json', '[' * 100_000 + ']' * 100_000),
    ('deep.yaml', 'title: x\nstages: ' + '[' * 5_000 + ']' * 5_000 + '\n'),
    ('laughs.yaml', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
                    + ''.join(f'{chr(98 + i)}: &{chr(98 + i)} [' + ','.join([f'*{chr(97 + i)}'] * 9) + ']\n'
                              for i in range(12)) + 'title: *m\n'),
])
def test_deep_nesting_and_alias_bombs_are_refused_in_one_line(tmp_path, name, text):
    data = tmp_path / 'data'
    (tmp_path / name).write_text(text)
    result = _cli('import', str(tmp_path / name), data=data)
    _refused(result, name)
    assert _workshops(data) == 0


def test_a_zip_bomb_workbook_is_refused_before_it_is_opened(tmp_path):
    data = tmp_path / 'data'
    created = new_workshop(data)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, 'w', zipfile.ZIP_DEFLATED) as book:
        book.writestr('[Content_Types].xml', '<Types/>')
        book.writestr('xl/worksheets/sheet1.xml', '<a>' + ' ' * 100_000_000 + '</a>')
    (tmp_path / 'ballots.xlsx').write_bytes(bomb.getvalue())
    _refused(_cli('import-votes', created['id'], str(tmp_path / 'ballots.xlsx'), data=data), 'unpack')


def test_a_workbook_with_xml_entities_is_refused_in_one_line(tmp_path):
    data = tmp_path / 'data'
    created = new_workshop(data)
    laughs = ('<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "lol">'
              + ''.join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
              + ']><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">&i;</Types>')
    book = io.BytesIO()
    with zipfile.ZipFile(book, 'w', zipfile.ZIP_DEFLATED) as parts:
        parts.writestr('[Content_Types].xml', laughs)
    (tmp_path / 'ballots.xlsx').write_bytes(book.getvalue())
    _refused(_cli('import-votes', created['id'], str(tmp_path / 'ballots.xlsx'), data=data), 'not a readable .xlsx')
