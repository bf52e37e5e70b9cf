"""The translator's pack, through the command line: export what lacks te reo, bring a reviewed file back."""
import json
import shutil
from io import BytesIO

import pytest
from babel.messages.pofile import read_po, write_po

from workshop import i18n, service

REVIEWED = '[te reo from the reviewed pack]'  # stands in for a translator's words: the test invents no te reo


@pytest.fixture
def locales(tmp_path, monkeypatch):
    """The te reo catalogue copied aside: an import writes into it."""
    shutil.copytree(i18n.LOCALES, tmp_path / 'locales')
    monkeypatch.setattr(i18n, 'LOCALES', tmp_path / 'locales')
    monkeypatch.setattr(i18n, 'TEMPLATE', tmp_path / 'locales' / 'messages.pot')
    i18n.catalogue.cache_clear()
    yield i18n.catalogue_path('mi')
    i18n.catalogue.cache_clear()


@pytest.fixture
def workshop_id(run) -> str:
    code, out, _ = run('new', '--template', 'car-t-cell-therapy', '--json')
    return json.loads(out)['id']


def test_the_pack_round_trips_app_strings_and_workshop_content(run, locales, workshop_id, tmp_path, cfg):
    pack = tmp_path / 'pack.po'
    code, out, _ = run('translations', 'export', workshop_id, '--output', str(pack))
    assert code == 0 and 'workshop translations import' in out
    exported = read_po(BytesIO(pack.read_bytes()))
    contexts = {m.context for m in exported if m.id}
    assert {'join_title', 'next', f'content:{workshop_id}:stage:referral:title'} <= contexts  # English only so far
    assert 'cancel' not in contexts  # already has sourced te reo
    assert exported.get('Next', context='next').fuzzy  # a candidate awaiting review travels as fuzzy

    exported.last_translator = 'Hana Translator <hana@example.org>'
    exported.get('Join the workshop', context='join_title').string = REVIEWED
    exported.get('Referral and eligibility', context=f'content:{workshop_id}:stage:referral:title').string = REVIEWED
    write(pack, exported)
    code, out, err = run('translations', 'import', str(pack))
    assert code == 0 and '1 reviewed app string(s)' in out, err and '1 content text(s)' in out

    assert i18n.text('join_title', 'mi') == i18n.Text(text=REVIEWED, lang='mi')
    assert 'Hana Translator' in i18n.catalogue()['join_title'].source
    assert i18n.text('next', 'mi').lang == 'en'  # still awaiting review: not shown
    with service.open_store(cfg) as store:
        referral = next(s for s in service.load_workshop(store, workshop_id).stages if s.id == 'referral')
    assert referral.mi.title == REVIEWED
    code, _, _ = run('translations', 'export', workshop_id, '--output', str(pack))
    again = {m.context for m in read_po(BytesIO(pack.read_bytes())) if m.id}
    assert 'join_title' not in again and f'content:{workshop_id}:stage:referral:title' not in again


def test_a_placeholder_that_differs_is_refused_with_its_line_and_nothing_changes(run, locales, workshop_id, tmp_path,
                                                                                  cfg):
    pack = tmp_path / 'pack.po'
    run('translations', 'export', workshop_id, '--output', str(pack))
    exported = read_po(BytesIO(pack.read_bytes()))
    exported.last_translator = 'Hana Translator <hana@example.org>'
    exported.get('Referral and eligibility', context=f'content:{workshop_id}:stage:referral:title').string = REVIEWED
    exported.get('Join the workshop', context='join_title').string = REVIEWED
    exported.get('Step {n} of {total}', context='join_step').string = '{n} / {whole}'  # a placeholder renamed
    write(pack, exported)
    before = locales.read_bytes()

    code, _, err = run('translations', 'import', str(pack))
    line = next(n for n, text in enumerate(pack.read_text(encoding='utf-8').splitlines(), 1)
                if text == 'msgctxt "join_step"')
    assert code != 0 and 'Nothing was imported' in err
    assert f'pack.po, line {line}' in err or f'pack.po, line {line + 1}' in err
    assert '{whole}' in err and '{total}' in err
    assert locales.read_bytes() == before and i18n.text('join_title', 'mi').lang == 'en'
    with service.open_store(cfg) as store:
        referral = next(s for s in service.load_workshop(store, workshop_id).stages if s.id == 'referral')
    assert referral.mi.title == ''  # the good lines in the same file are not brought in either


def test_te_reo_without_a_source_is_refused(run, locales, tmp_path):
    pack = tmp_path / 'pack.po'
    run('translations', 'export', '--output', str(pack))
    exported = read_po(BytesIO(pack.read_bytes()))
    exported.get('Join the workshop', context='join_title').string = REVIEWED  # no Last-Translator, no comment
    write(pack, exported)
    code, _, err = run('translations', 'import', str(pack))
    assert code != 0 and 'no source' in err and i18n.text('join_title', 'mi').lang == 'en'


def test_a_file_that_is_not_a_po_file_is_refused_with_a_clear_message(run, locales, tmp_path):
    broken = tmp_path / 'broken.po'
    broken.write_text('msgid "unterminated\nmsgstr', encoding='utf-8')
    code, _, err = run('translations', 'import', str(broken))
    assert code != 0 and 'broken.po' in err and 'Traceback' not in err


def write(path, catalog) -> None:
    buffer = BytesIO()
    write_po(buffer, catalog, width=120)
    path.write_bytes(buffer.getvalue())
