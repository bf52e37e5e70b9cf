"""The whole participant path in te reo Māori, in a real browser (Debian's chromium): join, consent, group, a vote in
each method (dots, ranking, rating), a comment, the results. At each step it measures how much of the visible text
is marked lang="mi", lists what is still English, and checks that no te reo from the catalogue goes unmarked.
The figures go to test-artifacts/te-reo-coverage.json and the test output; the README quotes them.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.browser import (
    ARTIFACTS,
    demo_links,
    launch_chromium,
    require_chromium,
    running_server,
    wait_until_settled,
)
from workshop import i18n
from workshop.content import load_yaml_file, template_path
from workshop.domain.model import to_dict

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {'width': 390, 'height': 844}
NOTICE = i18n.text('reo_notice', 'en').text

# Visible text nodes, each with whether its nearest lang is "mi"; hidden ones (display, visibility, closed <details>,
# zero size, aria-hidden) are not counted: they are not what a reader sees.
VISIBLE_TEXT = '''() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const out = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const words = node.textContent.replace(/\\s+/g, ' ').trim();
    const parent = node.parentElement;
    if (!words || !parent || parent.closest('script, style, [aria-hidden="true"]')) continue;
    const shown = parent.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
    const rect = parent.getBoundingClientRect();
    if (!shown || rect.width === 0 || rect.height === 0) continue;
    out.push([words, parent.closest('[lang]')?.getAttribute('lang') === 'mi']);
  }
  return out;
}'''


@pytest.fixture
def patient_expect():
    """A busy machine: three rounds and a reveal each wait on the server; Playwright's default comes back after."""
    from playwright.sync_api import expect
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


def test_the_participant_path_in_te_reo(tmp_path: Path, patient_expect):
    require_chromium()
    from playwright.sync_api import expect, sync_playwright
    measured: dict[str, list[tuple[str, bool]]] = {}
    with running_server(tmp_path) as (base, _), sync_playwright() as playwright:
        links = demo_links(tmp_path, base)
        browser = launch_chromium(playwright)
        host = browser.new_context(viewport={'width': 1280, 'height': 800}).new_page()
        host.goto(links['facilitator'])
        open_round(host, expect)

        page = browser.new_context(viewport=PHONE).new_page()
        page.goto(links['join'])
        page.get_by_role('button', name='Te reo Māori').click()
        expect(page.get_by_text(NOTICE)).to_be_visible()
        measured['join: language'] = visible(page)
        page.get_by_role('button', name='Next').click()
        expect(page.get_by_text('About this workshop')).to_be_visible()
        measured['join: information and consent'] = visible(page)
        page.get_by_role('checkbox', name='I agree to take part').click()
        page.get_by_role('button', name='Next').click()
        expect(page.get_by_text('Which group are you in?')).to_be_visible()
        measured['join: group'] = visible(page)
        page.get_by_role('radio', name='Patients').click()
        page.get_by_role('button', name='Next').click()
        expect(page.get_by_role('button', name='Hono mai')).to_be_visible()  # "Join": the name step is there
        measured['join: name'] = visible(page)
        page.get_by_role('button', name='Hono mai').click()  # "Join": sourced te reo

        page.get_by_role('button', name='Add a dot: Cell tracker').click()
        expect(page.locator('[data-cw-status]')).to_have_text('Vote recorded. 4 dots left.')
        expect(page.get_by_text(NOTICE)).to_be_visible()  # the notice stays beside the language switch
        measured['vote: dots'] = visible(page)

        next_round(host, 'Ranking', expect)
        page.get_by_role('button', name='Pick this idea').first.click()
        expect(page.locator('[data-cw-status]')).to_have_text('Your order is recorded.')
        measured['vote: ranking'] = visible(page)

        next_round(host, 'Rating', expect)
        page.get_by_role('group', name='How important is this?: Cell tracker').get_by_role('button', name='4').click()
        expect(page.locator('[data-cw-status]')).to_have_text('Vote recorded.')
        measured['vote: rating'] = visible(page)

        page.get_by_role('button', name='Comments on this idea: Cell tracker').click()
        page.get_by_role('button', name='Tāpirihia te tākupu').click()  # "Add a comment": sourced te reo
        page.get_by_role('textbox', name='Your comment').fill('Having one person to call would help.')
        page.get_by_role('button', name='Tukua').click()  # "Send": sourced te reo
        expect(page.locator('[data-cw-status]')).to_have_text('Your comment is sent.')
        measured['comment'] = visible(page)
        page.get_by_role('button', name='Katia').click()  # "Close"

        host.get_by_role('button', name='Close voting').click()
        host.get_by_role('button', name='Results', exact=True).click()
        host.get_by_role('button', name='Show results to everyone').last.click()  # the rating round's
        expect(page.get_by_text('Results of round 3')).to_be_visible()
        measured['results'] = visible(page)
        page.screenshot(path=str(ARTIFACTS / 'participant-te-reo-results.png'))
        browser.close()

    coverage = report(measured)
    unmarked = sorted({words for nodes in measured.values() for words, mi in nodes if not mi and words in TE_REO})
    assert unmarked == []  # every catalogue string shown in te reo carries lang="mi" (WCAG 3.1.2)
    marked_english = sorted({words for nodes in measured.values() for words, mi in nodes if mi and words in ENGLISH})
    assert marked_english == []  # and nothing English is passed off as te reo
    assert coverage['interface']['te_reo_chars'] == coverage['te_reo_chars']  # the demo's content is English only


TE_REO = {s for e in i18n.catalogue().values() for s in (e.mi, *e.mi_forms) if s and s != e.en}  # "Whānau" reads the same
ENGLISH = {s for e in i18n.catalogue().values() for s in (e.en, e.en_one) if s and s not in TE_REO and s != e.mi} - {''}


def content_words() -> list[str]:
    """Every text of the demo workshop's content (the CAR T-cell template, in English only)."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str) and len(value.strip()) > 3:
            found.append(' '.join(value.split()))
        elif isinstance(value, dict):
            [walk(v) for k, v in value.items() if k not in ('id', 'stages', 'streams', 'themes', 'next', 'category')]
        elif isinstance(value, list):
            [walk(v) for v in value]
    walk(to_dict(load_yaml_file(template_path('car-t-cell-therapy'))))
    return found


CONTENT = content_words()


def is_content(words: str) -> bool:
    return any(text in words or words in text for text in CONTENT) if len(words) > 3 else False


def next_round(host: Any, method: str, expect: Any) -> None:
    """Close the open round, then create and open a round of the given method from the console."""
    host.get_by_role('button', name='Close voting').click()
    host.get_by_text('New round', exact=True).click()
    host.get_by_role('button', name=method, exact=True).click()
    open_round(host, expect)


def open_round(host: Any, expect: Any) -> None:
    host.get_by_role('button', name='Create the round').click()
    expect(host.get_by_text('Round created. Open it when people are ready.')).to_be_visible()
    expect(host.get_by_text('(not opened yet)')).to_be_visible()  # the new round's card is drawn: its button is live
    host.get_by_role('button', name='Open voting').click()
    expect(host.get_by_role('button', name='Close voting')).to_be_visible()


def visible(page: Any) -> list[tuple[str, bool]]:
    wait_until_settled(page, VISIBLE_TEXT)  # the step's last update drawn
    return [tuple(node) for node in page.evaluate(VISIBLE_TEXT)]


def report(measured: dict[str, list[tuple[str, bool]]]) -> dict[str, Any]:
    steps = {}
    for step, nodes in measured.items():
        total = sum(len(words) for words, _ in nodes)
        mi = sum(len(words) for words, is_mi in nodes if is_mi)
        steps[step] = {'chars': total, 'te_reo_chars': mi, 'percent': round(100 * mi / total, 1) if total else 0}
    total = sum(s['chars'] for s in steps.values())
    mi = sum(s['te_reo_chars'] for s in steps.values())
    english = sorted({words for nodes in measured.values() for words, is_mi in nodes if not is_mi})
    interface = [(words, is_mi) for nodes in measured.values() for words, is_mi in nodes if not is_content(words)]
    ui_total, ui_mi = sum(len(w) for w, _ in interface), sum(len(w) for w, is_mi in interface if is_mi)
    coverage = {'percent': round(100 * mi / total, 1), 'chars': total, 'te_reo_chars': mi, 'steps': steps,
                'interface': {'chars': ui_total, 'te_reo_chars': ui_mi, 'percent': round(100 * ui_mi / ui_total, 1)},
                'english': english, 'english_interface': sorted({w for w, is_mi in interface if not is_mi})}
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / 'te-reo-coverage.json').write_text(json.dumps(coverage, ensure_ascii=False, indent=2))
    print(f'\nte reo Māori on the participant path: {mi} of {total} visible characters ({coverage["percent"]} %)')
    for step, figures in steps.items():
        print(f'  {step}: {figures["te_reo_chars"]} of {figures["chars"]} ({figures["percent"]} %)')
    print(f'  interface text only (not the workshop\'s content): {ui_mi} of {ui_total} '
          f'({coverage["interface"]["percent"]} %)')
    print(f'  still English: {len(english)} distinct texts, {len(coverage["english_interface"])} of them interface '
          '(listed in test-artifacts/te-reo-coverage.json)')
    return coverage
