"""What participants read is plain: a 12-year-old can follow it (Flesch-Kincaid grade 7 or lower, easy to read).

The figures come from benchmarks/readability.py, which prints them.
"""
import pytest

from benchmarks.readability import grade, joined_text, measure, parts
from workshop import i18n
from workshop.content import load_yaml_file, template_path

GRADE_CEILING = 7.0  # a part as a whole
EASE_FLOOR = 60.0  # "plain English" and easier
SENTENCE_CEILING = 8.0  # any one string of six words or more


@pytest.mark.parametrize('part', list(parts()))
def test_each_part_reads_at_grade_7_or_lower(part):
    figures = measure(part, parts()[part])
    assert figures.grade <= GRADE_CEILING and figures.ease >= EASE_FLOOR, figures


def test_no_single_sentence_is_hard_going():
    hard = {f'{part}/{key}': round(grade(joined_text([text])), 1) for part, texts in parts().items()
            for key, text in texts.items() if len(text.split()) >= 6 and grade(joined_text([text])) > SENTENCE_CEILING}
    assert hard == {}


def test_every_car_t_theme_says_what_it_means_in_plain_words():
    workshop = load_yaml_file(template_path('car-t-cell-therapy'))
    assert [t.id for t in workshop.themes if not t.plain.strip()] == []


def test_participant_strings_are_marked_in_the_catalogue():
    texts = i18n.participant_texts()
    assert {'vote_recorded', 'consent_take_part', 'what_does_this_mean', 'vote_dots_used'} <= set(texts)
    assert 'facilitator_subtitle' not in texts and 'lead_record_decision' not in texts
