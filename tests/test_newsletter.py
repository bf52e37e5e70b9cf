"""The newsletter for participants: plain words at a measured reading level, te reo only where translated, never a
name, and one or two A4 pages when Chromium prints it."""
import io
import re
from html.parser import HTMLParser

from tests.support.catalogue import with_reo_thanks
from tests.support import export_scenario as scenario
import pytest
import textstat
from tests.support.browser import ARTIFACTS, launch_chromium

from exports import registry


def write(store, workshop_id, fmt='newsletter', **options) -> str:
    return registry.write(fmt, scenario.export_input(store, workshop_id, **options)).decode('utf-8')


class Paragraphs(HTMLParser):
    """The text of each paragraph and list item, with the language it is marked in."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self.lang = re.search(r'<html lang="(\w+)"', page)[1]
        self.open: str | None = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        if tag in ('p', 'li', 'h1', 'h2'):
            self.open = dict(attrs).get('lang') or self.lang
            self.found.append((self.open, ''))

    def handle_data(self, data):
        if self.open and self.found:
            lang, text = self.found[-1]
            self.found[-1] = (lang, text + data)

    def handle_endtag(self, tag):
        self.open = None


def test_the_newsletter_says_what_people_said_chose_and_what_was_done(store):
    page = write(store, scenario.create(store))
    texts = [t for _, t in Paragraphs(page).found]
    assert texts[0] == 'You said, we did: CAR T-cell therapy in Aotearoa New Zealand'
    assert '14 people took part: patients, support persons / whānau, clinicians and administrators.' in texts
    assert '“I had to push for everything myself.”' in texts and '1. Health navigator' in texts
    assert 'We will do this: Health navigator.' in texts
    assert 'First step: Write the navigator role description, by 30 April 2026.' in texts
    assert 'Not yet: Outpatient monitoring with travel support. We will come back to it.' in texts


def test_it_reads_at_grade_7_or_lower(store):
    words = ' '.join(t for _, t in Paragraphs(write(store, scenario.create(store))).found[1:])
    grade, ease = textstat.flesch_kincaid_grade(words), textstat.flesch_reading_ease(words)
    assert grade <= 7.0 and ease >= 60.0, (grade, ease)


def test_it_never_names_anyone_even_when_the_lead_includes_names(store):
    workshop_id = scenario.create(store)
    for fmt in ('newsletter', 'newsletter-mi', 'newsletter-both'):
        page = write(store, workshop_id, fmt, identified=True)
        assert 'Aroha' not in page and 'Dr Lee' not in page and not re.search(r'\bP\d\d\b', page)
    assert 'We slept in the car' not in page  # the writer asked never to be quoted


def test_te_reo_only_where_a_translation_exists_and_english_is_marked(store, monkeypatch):
    workshop_id = scenario.create(store)
    with_reo_thanks(monkeypatch)  # no newsletter sentence has a sourced te reo yet: stand in for a translator's
    reo = Paragraphs(write(store, workshop_id, 'newsletter-mi'))
    assert reo.lang == 'mi' and ('mi', 'Ngā mihi') in reo.found
    assert ('en', 'We will do this: Health navigator.') in reo.found  # no translation yet: English, marked as such
    both = Paragraphs(write(store, workshop_id, 'newsletter-both')).found
    assert both.index(('en', 'Thank you')) + 1 == both.index(('mi', 'Ngā mihi'))  # English first, then te reo


@pytest.fixture(scope='module')
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.mark.browser
@pytest.mark.parametrize('fmt', ['newsletter', 'newsletter-both'])
def test_it_prints_on_one_or_two_a4_pages(browser, store, tmp_path, fmt):
    import pdfplumber
    page_file = tmp_path / 'newsletter.html'
    page_file.write_text(write(store, scenario.create(store), fmt), encoding='utf-8')
    page = browser.new_page()
    page.goto(page_file.as_uri())
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    page.close()
    ARTIFACTS.mkdir(exist_ok=True)
    with pdfplumber.open(io.BytesIO(pdf)) as printed:
        assert 1 <= len(printed.pages) <= 2
        for number, sheet in enumerate(printed.pages, start=1):
            sheet.to_image(resolution=60).save(ARTIFACTS / f'{fmt}-page-{number}.png')
