"""The string catalogue as gettext PO files: English first, te reo Māori only where a source can be checked."""
import ast
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from babel import Locale

from workshop import i18n

ROOT = Path(__file__).resolve().parents[1]
CODE = ('workshop', 'exports', 'journey_maps')
CALLS = {'t', 'label', 'text', 'labelled', 'both', 'Refused', 'VoteRefused', 'Refusal', 'refuse', 'say', 'heading'}
WITHOUT_MACRONS = re.compile(r'\b(Maori|whanau|Whanau|kaumatua|Tamaki|Taura Whiri)\b')


def test_a_sourced_word_is_shown_in_te_reo_and_marked_as_such():
    assert i18n.text('cancel', 'mi') == i18n.Text(text='Whakakore', lang='mi')
    assert i18n.text('cancel', 'en') == i18n.Text(text='Cancel', lang='en')
    assert i18n.catalogue()['cancel'].source.startswith('iNaturalist inaturalist/inaturalist:config/locales/mi.yml')


def test_a_string_without_te_reo_is_shown_in_english_and_listed_as_awaiting_a_translator():
    assert i18n.text('join_title', 'mi') == i18n.Text(text='Join the workshop', lang='en')
    assert 'join_title' in i18n.awaiting_review()


def test_every_key_the_code_asks_for_is_in_the_catalogue():
    asked = {(where, key) for where, key in _asked_for() if key not in i18n.catalogue()}
    assert asked == set()


def test_every_key_in_the_catalogue_is_used_by_the_code():
    literals, patterns = _in_code()
    unused = [key for key in i18n.catalogue() if key not in literals and not any(p.fullmatch(key) for p in patterns)]
    assert unused == []


def test_placeholders_are_the_same_in_every_language_and_form():
    differ = []
    for entry in i18n.catalogue().values():
        names = i18n.placeholders(entry.en)
        for words in (entry.mi, entry.candidate, *entry.mi_forms[-1:]):
            if words and i18n.placeholders(words) != names:
                differ.append((entry.key, words))
        for one in (entry.en_one, *entry.mi_forms[:-1]):  # a form for one may say "one" instead of {n}
            if one and i18n.placeholders(one) not in (names, names - {'n'}):
                differ.append((entry.key, one))
    assert differ == []


def test_every_te_reo_string_shown_names_its_source():
    assert [e.key for e in i18n.catalogue().values() if e.mi and not e.source] == []


def test_the_te_reo_catalogue_has_exactly_the_templates_keys_and_english():
    template = {m.context: m.id for m in i18n.read(i18n.TEMPLATE) if m.id}
    reo = {m.context: m.id for m in i18n.read(i18n.catalogue_path('mi')) if m.id}
    assert reo == template  # a string added to messages.pot goes into the te reo file too (README, "Adding a string")


def test_the_old_yaml_catalogue_is_gone():
    assert not (i18n.LOCALES / 'strings.yaml').exists(), 'carry its keys into messages.pot and the mi PO (README)'


def test_te_reo_marked_fuzzy_or_made_for_other_english_is_not_shown(tmp_path, monkeypatch):
    po = _copy_catalogue(tmp_path, monkeypatch)
    text = po.read_text(encoding='utf-8')
    text = text.replace('msgctxt "cancel"', '#, fuzzy\nmsgctxt "cancel"')
    text = text.replace('msgctxt "save"\nmsgid "Save"', 'msgctxt "save"\nmsgid "Save it"')  # English has changed since
    po.write_text(text, encoding='utf-8')
    i18n.catalogue.cache_clear()
    try:
        assert i18n.text('cancel', 'mi') == i18n.Text(text='Cancel', lang='en')
        assert i18n.catalogue()['cancel'].candidate == 'Whakakore'  # kept for the reviewer, never shown
        assert i18n.text('save', 'mi').lang == 'en'
        assert {'cancel', 'save'} <= set(i18n.awaiting_review())
    finally:
        i18n.catalogue.cache_clear()


def test_te_reo_without_a_source_comment_is_not_shown(tmp_path, monkeypatch):
    po = _copy_catalogue(tmp_path, monkeypatch)
    blocks = po.read_text(encoding='utf-8').split('\n\n')
    po.write_text('\n\n'.join('\n'.join(line for line in block.splitlines() if not line.startswith('# source:'))
                              if 'msgctxt "cancel"' in block else block for block in blocks), encoding='utf-8')
    i18n.catalogue.cache_clear()
    try:
        assert i18n.text('cancel', 'mi').lang == 'en'
    finally:
        i18n.catalogue.cache_clear()


def test_plurals_follow_cldr_one_wording_for_one_in_english_one_form_in_maori():
    assert i18n.text('dots_left', n=1).text == '1 dot left.'
    assert i18n.text('dots_left', n=3).text == '3 dots left.'
    header = i18n.read(i18n.catalogue_path('mi'))
    assert (header.num_plurals, header.plural_expr) == (len(Locale('mi').plural_form.tags | {'other'}), '0')  # CLDR: "other" only
    assert not [key for key in i18n.catalogue() if key.endswith('_one')]  # no more "_one" keys


def test_numbers_and_dates_are_written_by_babel_for_the_language():
    assert i18n.text('joined_total', n=1200).text == '1,200 people have joined.'
    assert i18n.text('news_first_step', step='Ring first', date=dt.date(2026, 7, 1)).text == \
        'First step: Ring first, by 1 July 2026.'


def test_macrons_are_never_dropped():
    dropped = [e.key for e in i18n.catalogue().values() if any(WITHOUT_MACRONS.search(s) for s in e.strings())]
    assert dropped == []


def test_a_missing_key_is_a_programming_error_not_an_empty_label():
    with pytest.raises(i18n.MissingString):
        i18n.text('no_such_key')


def test_a_refusal_carries_its_key_for_the_page_and_english_for_the_log():
    from workshop.live import Refused
    refusal = Refused('vote_dots_used', n=5)
    assert (refusal.key, refusal.params) == ('vote_dots_used', {'n': 5})
    assert str(refusal) == refusal.message == 'You have used all 5 dots. Take a dot off another idea first.'


def test_coverage_of_the_participants_path_counts_what_a_te_reo_reader_really_gets():
    coverage = i18n.participant_coverage()
    participant = [e for e in i18n.catalogue().values() if e.participant]
    assert coverage.total == len(participant)
    assert all(i18n.text(key, 'mi').lang == 'mi' for key in coverage.sourced)
    assert all(i18n.text(key, 'mi').lang == 'en' for key in coverage.awaiting + coverage.english_on_purpose)
    assert set(coverage.awaiting) <= set(i18n.awaiting_review())
    assert coverage.percent == round(100 * len(coverage.sourced) / len(participant))


def test_a_string_kept_english_on_purpose_says_why_and_is_not_awaiting_a_translator():
    assert i18n.catalogue()['language_en'].untranslated  # the switch names English in English
    assert 'language_en' not in i18n.awaiting_review()
    assert i18n.text('language_mi', 'mi') == i18n.Text(text='Te reo Māori', lang='mi')  # its own name, marked


def _copy_catalogue(tmp_path: Path, monkeypatch) -> Path:
    shutil.copytree(i18n.LOCALES, tmp_path / 'locales')
    monkeypatch.setattr(i18n, 'LOCALES', tmp_path / 'locales')
    monkeypatch.setattr(i18n, 'TEMPLATE', tmp_path / 'locales' / 'messages.pot')
    return i18n.catalogue_path('mi')


def _trees():
    for folder in CODE:
        for path in sorted((ROOT / folder).rglob('*.py')):
            yield path.relative_to(ROOT), ast.parse(path.read_text(encoding='utf-8'))


def _asked_for() -> set[tuple[str, str]]:
    """Literal keys passed to the catalogue's helpers: t('key'), label('key'), Refused('key', …)…"""
    asked = set()
    for path, tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                key = node.args[0].value
                if _name(node) in CALLS and isinstance(key, str) and re.fullmatch(r'[a-z][a-z0-9_]*', key):
                    asked.add((f'{path}:{node.lineno}', key))
    return asked


def _in_code() -> tuple[set[str], list[re.Pattern]]:
    """Strings in a key's place (passed to a catalogue helper, or in a literal dict, list, tuple or set), and every
    f-string as a pattern (f'export_{name}' → export_[\\w-]+), in the code."""
    literals: set[str] = set()
    patterns: list[re.Pattern] = []
    for _, tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node) in CALLS | {'Toggle'}:
                args = [b for a in node.args for b in ((a.body, a.orelse) if isinstance(a, ast.IfExp) else (a,))]
                literals.update(a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str))
            elif isinstance(node, ast.Dict | ast.List | ast.Tuple | ast.Set):
                items = [*node.keys, *node.values] if isinstance(node, ast.Dict) else node.elts
                literals.update(i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str))
            elif isinstance(node, ast.JoinedStr) and any(isinstance(v, ast.Constant) for v in node.values):
                patterns.append(re.compile(''.join(re.escape(v.value) if isinstance(v, ast.Constant) else r'[\w-]+'
                                                   for v in node.values)))
    return literals, patterns


def _name(call: ast.Call) -> str:
    return call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, 'id', '')
