"""`workshop export` for every format, `--round`, and the json archive round trip of a workshop that was used."""
import json
import re
from pathlib import Path

from tests.support import export_scenario as scenario
import pytest

from exports import registry

LOOKS_LIKE = {'json': b'{', 'csv': '\ufeffrank,tied,'.encode(), 'xlsx': b'PK', 'md': b'# ', 'html': b'<!DOCTYPE html>',
              'md-participants': b'# You said, we did', 'html-participants': b'<!DOCTYPE html>', 'svg': b'<?xml',
              'png': b'\x89PNG', 'docx': b'PK'}


@pytest.fixture
def workshop_id(cfg, store):
    return scenario.create(store)


def test_every_registered_format_is_reachable_from_the_command_line(run, workshop_id, tmp_path):
    assert set(LOOKS_LIKE) <= set(registry.formats())
    assert list(registry.formats()) == list(registry.ORDER)  # the names the command line offers before loading any
    for name, fmt in registry.formats().items():
        out = tmp_path / f'export{fmt.suffix}'
        code, _, err = run('export', workshop_id, '--format', name, '--out', str(out))
        assert code == 0 and f'Wrote {out}' in err, name
        assert out.read_bytes().startswith(LOOKS_LIKE.get(name, b'')) and out.stat().st_size > 100, name


def test_round_picks_the_round_to_rank(run, workshop_id, tmp_path):
    out = tmp_path / 'ranked.csv'
    assert run('export', workshop_id, '--format', 'csv', '--out', str(out), '--round', '1')[0] == 0
    rows = out.read_text(encoding='utf-8-sig').splitlines()
    assert len(rows) == 7 and rows[1].endswith(',1,dots,none,1.00,5,,,5,,')


def test_a_round_without_votes_is_one_clear_line(run, workshop_id, tmp_path):
    code, _, err = run('export', workshop_id, '--format', 'xlsx', '--out', str(tmp_path / 'x.xlsx'), '--round', '9')
    assert code == 2 and err.strip() == 'workshop: round 9 has no votes to rank (rounds with votes: 1, 2)'
    assert not (tmp_path / 'x.xlsx').exists()


def test_identified_adds_names_only_when_asked(run, workshop_id, tmp_path):
    plain, named = tmp_path / 'plain.md', tmp_path / 'named.md'
    run('export', workshop_id, '--format', 'md', '--out', str(plain))
    run('export', workshop_id, '--format', 'md', '--out', str(named), '--identified')
    assert 'Aroha' not in plain.read_text() and 'P01 (Aroha)' in named.read_text()


def test_the_archive_round_trips_votes_comments_decisions_and_actions_exactly(run, store, workshop_id, tmp_path):
    first, second = tmp_path / 'first.json', tmp_path / 'second.json'
    assert run('export', workshop_id, '--format', 'json', '--out', str(first))[0] == 0
    code, out, _ = run('import', str(first), '--json')
    copy_id = json.loads(out)['id']
    assert code == 0 and run('export', copy_id, '--format', 'json', '--out', str(second))[0] == 0
    original, again = json.loads(first.read_text()), json.loads(second.read_text())
    assert {k: v for k, v in again['workshop'].items() if k != 'id'} == \
        {k: v for k, v in original['workshop'].items() if k != 'id'}
    for key in ('streams', 'stages', 'themes', 'improvements', 'participants'):
        assert again[key] == original[key], key
    assert [_no_seq(e) for e in again['events']] == [_no_seq(e) for e in original['events']]
    types = {e['type'] for e in again['events']}
    assert {'vote_cast', 'ranking_cast', 'comment_added', 'decision_recorded', 'action_recorded'} <= types
    for fmt in ('md', 'csv'):  # what the two workshops report is the same, to the byte
        assert registry.write(fmt, scenario.export_input(store, copy_id)) == \
            registry.write(fmt, scenario.export_input(store, workshop_id))


def _no_seq(event: dict) -> dict:
    return {k: v for k, v in event.items() if k != 'seq'}


def test_every_format_is_documented_in_the_readme():
    readme = (Path(__file__).resolve().parent.parent / 'README.md').read_text(encoding='utf-8')
    documented = {name for row in re.findall(r'^\| (`.+?`) \|', readme, flags=re.MULTILINE)
                  for name in re.findall(r'`([a-z-]+)`', row)}
    assert set(registry.formats()) <= documented
