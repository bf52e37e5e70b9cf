"""The "you said, we did" report for participants: plain words, no names ever, small groups kept private."""
import re

from tests.support import export_scenario as scenario

from exports import registry
from tests.support.catalogue import with_reo_thanks

PICTURE = re.compile(r'data:image/svg\+xml;base64,[A-Za-z0-9+/=]+')


def write(store, workshop_id, fmt='md-participants', **options) -> str:
    return registry.write(fmt, scenario.export_input(store, workshop_id, **options)).decode('utf-8')


def test_the_participants_report_matches_the_golden_file(store):
    text = write(store, scenario.create(store))
    scenario.assert_golden('you-said-we-did.md', PICTURE.sub('data:image/svg+xml;base64,…', text))


def test_it_says_what_was_decided_in_plain_words(store):
    text = write(store, scenario.create(store))
    assert '| Health navigator | We will do this |' in text
    assert '| Outpatient monitoring with travel support | Not yet: we will come back to it |' in text
    assert 'Not everyone agreed: Two patients felt it would help.' in text
    assert 'Recruit two navigators (Clinical director, by 1 July 2026, to do)' in text
    assert '- Clinicians: Centralised information dashboard' in text
    assert '- Patients' not in text  # hidden in round 2 so that the one whānau ballot cannot be worked out


def test_nobody_is_named_even_when_the_lead_includes_names(store):
    text = write(store, scenario.create(store), identified=True)
    assert 'Aroha' not in text and 'P01' not in text
    assert '“I had to push for everything myself.” (on Requirement for self-advocacy)' in text


def test_the_html_version_marks_te_reo_and_prints_on_a4(store, monkeypatch):
    with_reo_thanks(monkeypatch)
    html = write(store, scenario.create(store), 'html-participants')
    assert '<p lang="mi" class="lead">Ngā mihi</p>' in html and '@page { size: A4;' in html


def test_before_any_decision_it_says_so(store, car_t):
    text = write(store, store.create_workshop(car_t).id)
    assert 'The project team has not made its decisions yet.' in text and 'Nobody took part yet.' in text
