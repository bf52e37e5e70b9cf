"""The string catalogue: English first, te reo Māori only where a source can be checked, macrons right."""
import re

import pytest

from workshop import i18n

UNVERIFIED = ('stage', 'join', 'clinician', 'results', 'priority', 'next', 'back')  # keep English until reviewed
WITHOUT_MACRONS = re.compile(r'\b(Maori|whanau|Whanau|kaumatua|Tamaki|Taura Whiri)\b')


def test_a_confirmed_word_is_shown_in_te_reo_and_marked_as_such():
    assert i18n.text('vote', 'mi') == i18n.Text(text='Pōti', lang='mi')
    assert i18n.text('vote', 'en') == i18n.Text(text='Vote', lang='en')


def test_unverified_words_stay_english_and_are_listed_as_awaiting_review():
    for key in UNVERIFIED:
        assert i18n.text(key, 'mi').lang == 'en'
        assert key in i18n.awaiting_review()


def test_every_te_reo_string_names_its_source():
    for entry in i18n.catalogue().values():
        if entry.mi:
            assert entry.source, f'{entry.key}: te reo without a source'


def test_macrons_are_never_dropped():
    dropped = [e.key for e in i18n.catalogue().values() if WITHOUT_MACRONS.search(e.en) or WITHOUT_MACRONS.search(e.mi)]
    assert dropped == []


def test_placeholders_are_filled():
    entry = next(e for e in i18n.catalogue().values() if '{' in e.en)
    names = re.findall(r'{(\w+)}', entry.en)
    shown = i18n.text(entry.key, 'en', **{name: 'X' for name in names}).text
    assert '{' not in shown


def test_a_missing_key_is_a_programming_error_not_an_empty_label():
    with pytest.raises(i18n.MissingString):
        i18n.text('no_such_key')


def test_one_of_something_has_its_own_wording():
    assert i18n.text('dots_left', n=1).text == '1 dot left.'
    assert i18n.text('dots_left', n=3).text == '3 dots left.'


def test_a_refusal_carries_its_key_for_the_page_and_english_for_the_log():
    from workshop.live import Refused
    refusal = Refused('vote_dots_used', n=5)
    assert (refusal.key, refusal.params) == ('vote_dots_used', {'n': 5})
    assert str(refusal) == refusal.message == 'You have used all 5 dots. Take a dot off another idea first.'


def test_every_key_is_a_word_not_a_yaml_boolean():
    assert all(isinstance(key, str) for key in i18n.catalogue())  # unquoted `yes:` and `no:` would be True/False
    assert i18n.text('yes', 'mi') == i18n.Text(text='Āe', lang='mi')


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
