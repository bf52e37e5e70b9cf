"""Accessibility in a real browser (Debian's chromium): an axe-core audit of every page (join steps, participant,
presenter, facilitator console, project lead, editor, journey map, home) that must find no violation of any impact;
join → consent → vote → results by keyboard alone; the participant view on a 320 px phone, in English and in te reo
Māori (screenshots in test-artifacts/). ACCESSIBILITY.md lists the audited pages (AUDITED); a test keeps it in step.

The facilitator works the console in a browser of their own, as in a real session.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.support.audit import AUDITED_PARTICIPANT, AUDITED_STAFF
from workshop import i18n

from tests.support.browser import (
    ARTIFACTS,
    ROOT,
    demo_links,
    launch_chromium,
    require_chromium,
    running_server,
    wait_until_still,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = ROOT / 'tests' / 'a11y' / 'node_modules' / 'axe-core' / 'axe.min.js'
WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']
PHONE = {'width': 320, 'height': 640}
CONSENT = 'I agree to take part'
NOTED_THEME = 'Emotional theme: Support person experience'  # a theme with a content note


@dataclass
class Session:
    base: str
    links: dict[str, str]
    host: Any  # the facilitator's console
    host_context: Any


@pytest.fixture(scope='module')
def browser() -> Iterator[Any]:
    require_chromium()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def session(browser, tmp_path: Path) -> Iterator[Session]:
    """The app with the demo workshop, a dots round open, and the facilitator's console in a browser of its own."""
    from playwright.sync_api import expect
    with running_server(tmp_path) as (base, _):
        links = demo_links(tmp_path, base)
        context = browser.new_context(viewport={'width': 1280, 'height': 800})
        host = context.new_page()
        host.goto(links['facilitator'])
        host.get_by_role('button', name='Create the round').click()
        host.get_by_role('button', name='Open voting').click()
        expect(host.get_by_role('button', name='Close voting')).to_be_visible()
        host.get_by_role('button', name='Prioritise').click()
        yield Session(base=base, links=links, host=host, host_context=context)
        context.close()


def test_the_audit_finds_nothing_on_join_vote_presenter_and_results(browser, session: Session):
    from playwright.sync_api import expect
    axe = axe_source()
    found: dict[str, list[dict]] = {}
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(session.links['join'])
    found['join: language'] = audit(page, axe)
    page.get_by_role('button', name='Next').click()
    expect(page.get_by_text('About this workshop')).to_be_visible()
    found['join: information and consent'] = audit(page, axe)
    page.get_by_role('checkbox', name=CONSENT).click()
    page.get_by_role('button', name='Next').click()
    expect(page.get_by_text('Which group are you in?')).to_be_visible()
    found['join: group'] = audit(page, axe)
    page.get_by_role('radio', name='Patients').click()
    page.get_by_role('button', name='Next').click()
    found['join: name'] = audit(page, axe)
    page.get_by_role('button', name='Join').click()
    page.get_by_role('button', name='Change my group').click()
    expect(page.get_by_role('dialog', name='Which group are you in?')).to_be_visible()
    found['participant: changing the group'] = audit(page, axe)
    page.get_by_role('dialog', name='Which group are you in?').get_by_role('button', name='Close').click()
    page.get_by_role('button', name='Add a dot: Cell tracker').click()
    expect(page.locator('[data-cw-status]')).to_have_text('Vote recorded. 4 dots left.')
    found['participant: vote (open dots round)'] = audit(page, axe)
    page.get_by_role('button', name='Comments on this idea: Cell tracker').click()
    expect(page.get_by_role('button', name='Add a comment')).to_be_visible()
    found['participant: comments on an idea'] = audit(page, axe)
    page.get_by_role('button', name='Add a comment').click()
    expect(page.get_by_role('button', name='New idea', exact=True)).to_be_visible()
    found['participant: writing a comment'] = audit(page, axe)
    page.get_by_role('button', name='Close').click()
    page.get_by_role('button', name='Show the journey map').click()
    expect(page.get_by_role('dialog', name='The journey map')).to_be_visible()
    found['participant: journey map'] = audit(page, axe)
    page.get_by_role('button', name=NOTED_THEME).first.click()
    expect(page.get_by_role('button', name='Show this theme')).to_be_visible()
    found['participant: content note before a theme'] = audit(page, axe)
    page.get_by_role('dialog', name='A theme from the journey map').get_by_role('button', name='Close').click()
    page.get_by_role('dialog', name='The journey map', exact=True).get_by_role('button', name='Close').click()

    presenter = session.host_context.new_page()
    session.host.get_by_role('button', name='Welcome', exact=True).click()
    presenter.goto(f'{session.base}/w/{session.links["id"]}/present')
    expect(presenter.get_by_text('Patients: 1')).to_be_visible()  # who has joined, by group
    found['presenter: welcome'] = audit(presenter, axe)
    session.host.get_by_role('button', name='Prioritise').click()
    expect(presenter.get_by_text('1 of 1 Patients have voted')).to_be_visible()
    found['presenter: vote'] = audit(presenter, axe)
    session.host.get_by_role('button', name='Review themes').click()
    session.host.get_by_role('button', name='2. Referral and eligibility').click()
    expect(presenter.get_by_text('We are looking at: Referral and eligibility')).to_be_visible()
    found['presenter: a stage in focus'] = audit(presenter, axe)

    session.host.get_by_role('button', name='Close voting').click()
    session.host.get_by_role('button', name='Results', exact=True).click()
    session.host.get_by_role('button', name='Show results to everyone').click()
    expect(page.get_by_text('Results of round 1')).to_be_visible()
    found['participant: results'] = audit(page, axe)
    for part in page.locator('.cw-results summary').all():
        part.click()
    found['participant: results, every part unfolded'] = audit(page, axe)
    expect(presenter.get_by_role('table')).to_contain_text('Cell tracker')
    found['presenter: results'] = audit(presenter, axe)

    report(found, 'participant')
    assert tuple(found) == AUDITED_PARTICIPANT
    assert violations_of_any_impact(found) == {}


def test_the_audit_finds_nothing_on_the_facilitator_console_lead_view_and_editor(browser, session: Session):
    from playwright.sync_api import expect
    axe = axe_source()
    found: dict[str, list[dict]] = {}
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(session.links['join'])
    join_and_add_a_dot(page)
    host = session.host
    expect(host.get_by_text('1 of 1 Patients have voted')).to_be_visible()
    found['facilitator: console (voting open)'] = audit(host, axe)
    host.get_by_role('button', name='Close voting').click()
    host.get_by_role('button', name='Results', exact=True).click()
    host.get_by_role('button', name='Show results to everyone').click()
    expect(page.get_by_text('Results of round 1')).to_be_visible()
    found['facilitator: console (results shown)'] = audit(host, axe)

    staff = session.host_context.new_page()
    staff.goto(session.links['lead'])
    expect(staff.get_by_text('Cell tracker').first).to_be_visible()
    found['lead: ranked lists, decisions and downloads'] = audit(staff, axe)
    staff.goto(session.links['edit'])
    for tab in ('Stages', 'Groups', 'Themes', 'Ideas'):
        staff.get_by_role('tab', name=tab).click()
        expect(staff.get_by_role('tab', name=tab)).to_have_attribute('aria-selected', 'true')
        found[f'editor: {tab.lower()}'] = audit(staff, axe)
    staff.get_by_role('button', name='Edit: Cell tracker', exact=True).click()
    expect(staff.get_by_role('heading', name='Edit the idea')).to_be_visible()
    found['editor: editing an idea'] = audit(staff, axe)
    staff.get_by_role('button', name='Cancel').click()
    staff.get_by_role('tab', name='Workbooks and codebooks').click()
    expect(staff.get_by_role('button', name='Load a codebook (.csv or .xlsx)')).to_be_visible()
    found['editor: workbooks and codebooks'] = audit(staff, axe)
    staff.goto(session.links['map'])
    found['journey map page'] = audit(staff, axe)
    staff.goto(session.base + '/')
    found['home'] = audit(staff, axe)

    report(found, 'staff')
    assert tuple(found) == AUDITED_STAFF
    assert violations_of_any_impact(found) == {}


def violations_of_any_impact(found: dict[str, list[dict]]) -> dict[str, list[str]]:
    return {name: [f'{v["id"]} ({v["impact"]})' for v in violations] for name, violations in found.items()
            if violations}


def test_join_consent_vote_and_results_by_keyboard_alone(browser, session: Session):
    from playwright.sync_api import expect
    page = browser.new_context(viewport={'width': 390, 'height': 844}).new_page()
    page.goto(session.links['join'])
    press_on(page, 'Next', 'Enter')
    expect(page.get_by_text('About this workshop')).to_be_focused()  # focus moves to the new step's heading
    press_on(page, CONSENT, 'Space')
    expect(page.get_by_role('checkbox', name=CONSENT)).to_be_checked()
    press_on(page, 'Next', 'Enter')
    expect(page.get_by_text('Which group are you in?')).to_be_focused()
    press_on(page, 'Patients', 'Space')
    expect(page.get_by_role('radio', name='Patients')).to_be_checked()
    press_on(page, 'Next', 'Enter')
    expect(page.get_by_text('Your name (you can leave this empty)')).to_be_focused()
    press_on(page, 'Join', 'Enter')
    expect(page.get_by_text('Dots left: 5 of 5')).to_be_visible()

    press_on(page, 'Add a dot: Cell tracker', 'Enter')
    expect(page.locator('[data-cw-status]')).to_have_text('Vote recorded. 4 dots left.')
    press_on(page, 'Add a dot: Cell tracker', 'Space')  # focus stayed on the button: a second press is one more dot
    expect(page.locator('[data-cw-status]')).to_have_text('Vote recorded. 3 dots left.')
    page.keyboard.press('Shift+Tab')  # back to the button that takes one off
    assert focused_name(page) == 'Take a dot off: Cell tracker'
    page.keyboard.press('Enter')
    expect(page.get_by_text('Your dots: 1')).to_be_visible()

    session.host.get_by_role('button', name='Close voting').click()
    expect(page.locator('[data-cw-status]')).to_have_text('Voting is closed.')  # announced before the reveal replaces it
    session.host.get_by_role('button', name='Show results to everyone').click()
    expect(page.locator('[data-cw-status]')).to_have_text('The results are now shown on this page.')
    expect(page.get_by_text('Results of round 1')).to_be_visible()
    press_on(page, 'Every group counts the same', 'Enter')
    expect(page.get_by_text('Each group ranks the ideas.')).to_be_visible()
    expect(page.get_by_text('1. Cell tracker: 1 dot').first).to_be_visible()


@pytest.mark.parametrize('language', ['English', 'Te reo Māori'])
def test_the_participant_view_on_a_320_px_phone(browser, session: Session, language):
    from playwright.sync_api import expect
    page = browser.new_context(viewport=PHONE).new_page()
    requested, elsewhere = [], []
    page.on('request', lambda r: requested.append(r.url))
    page.on('request', lambda r: r.url.startswith((session.base, 'data:')) or elsewhere.append(r.url))
    page.on('websocket', lambda ws: ws.url.startswith(session.base.replace('http', 'ws')) or elsewhere.append(ws.url))
    page.goto(session.links['join'])
    page.get_by_role('button', name=language).click()
    expect(page.get_by_role('button', name=language)).to_have_attribute('aria-pressed', 'true')
    join_and_add_a_dot(page)
    expect(page.locator('[data-cw-status]')).to_have_text('Vote recorded. 4 dots left.')
    code = 'mi' if language != 'English' else 'en'
    page.evaluate('window.scrollTo(0, 0)')
    screenshot(page, f'participant-320-{code}')
    page.get_by_role('button', name='Add a dot: Cell tracker').scroll_into_view_if_needed()
    screenshot(page, f'participant-320-{code}-vote')

    assert page.evaluate('document.documentElement.scrollWidth') <= PHONE['width']  # reflow: no sideways scrolling
    assert small_targets(page) == []
    assert focus_hidden_behind_bars(page, tabs=40) == []
    if code == 'mi':
        assert page.locator('[lang=mi]').first.is_visible()

    page.get_by_role('button', name='Show the journey map').click()
    page.get_by_role('button', name=NOTED_THEME).first.click()  # the content note comes first, alone
    expect(page.get_by_text('Talks about caring for someone with a life-threatening illness.')).to_be_visible()
    expect(page.get_by_text('What does this mean?')).to_have_count(0)
    screenshot(page, f'participant-320-{code}-content-note')
    page.get_by_role('button', name='Show this theme').click()
    expect(page.get_by_text('What does this mean?')).to_be_visible()
    assert elsewhere == []  # no fonts, CDNs or trackers: everything from the app itself
    heavy = [url for url in requested if url.endswith('.woff2') or 'echarts' in url]
    assert heavy == []  # system fonts, icons as SVG paths, no chart library: a phone downloads none of them


# --- helpers ---------------------------------------------------------------------------------------------------

JOIN = re.compile('^(' + '|'.join(re.escape(i18n.text('join', lang).text) for lang in i18n.LANGUAGES) + ')$')


def join_and_add_a_dot(page: Any) -> None:
    """From the join page's first step: consent, Patients, no name, join, one dot on Cell tracker."""
    page.get_by_role('button', name='Next').click()
    page.get_by_role('checkbox', name=CONSENT).click()
    page.get_by_role('button', name='Next').click()
    page.get_by_role('radio', name='Patients').click()
    page.get_by_role('button', name='Next').click()
    page.get_by_role('button', name=JOIN).click()  # "Join" in the language chosen
    page.get_by_role('button', name='Add a dot: Cell tracker').click()


def axe_source() -> str:
    if not AXE.exists():
        message = f'{AXE.relative_to(ROOT)} is missing: run `npm ci` in tests/a11y (python3 tasks.py test does)'
        if os.environ.get('CI') == 'true':
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text(encoding='utf-8')


def audit(page: Any, axe: str) -> list[dict]:
    """axe-core with the WCAG 2.0/2.1/2.2 A and AA rules; each violation with its impact and where it is."""
    page.wait_for_load_state('networkidle')
    # a dialog that is still growing in has smaller targets than the person will get: audit what comes to rest
    page.wait_for_function('''() => document.getAnimations().every((a) => a.playState !== 'running'
        || a.effect.getComputedTiming().endTime === Infinity)''')
    if not page.evaluate('typeof window.axe === "object"'):
        page.add_script_tag(content=axe)
    return page.evaluate('''async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))
        .violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
                                 nodes: v.nodes.map((n) => n.target.join(' '))}))''', WCAG)


def report(found: dict[str, list[dict]], part: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f'axe-report-{part}.json').write_text(json.dumps(found, indent=2))
    for name, violations in found.items():
        print(f'axe {name}: ' + (', '.join(f'{v["id"]} ({v["impact"]}, {len(v["nodes"])})' for v in violations)
                                 or 'no violations'))


def focused_name(page: Any) -> str:
    return page.evaluate('''() => { const e = document.activeElement;
        return e === document.body ? '' : (e.getAttribute('aria-label') || e.innerText || '').trim(); }''')


def press_on(page: Any, name: str, key: str, *, backwards: bool = False, limit: int = 80) -> None:
    """Tab (or Shift+Tab) until the focused element's name holds `name`, then press `key`."""
    for _ in range(limit):
        if name in focused_name(page):  # Quasar names a fold-out 'Expand "<its label>"'
            page.keyboard.press(key)
            return
        page.keyboard.press('Shift+Tab' if backwards else 'Tab')
    raise AssertionError(f'{name!r} was not reached with the Tab key')


def small_targets(page: Any) -> list[tuple[str, int, int]]:
    """Buttons, fields, links, checkboxes and radios smaller than 44 × 44 CSS pixels (WCAG 2.5.8 asks 24)."""
    return page.evaluate('''() => [...document.querySelectorAll(
            '.q-btn, .q-field, a[href], .q-checkbox, .q-radio, .q-toggle, .q-expansion-item .q-item')]
        .filter((e) => e.offsetParent !== null)
        .map((e) => { const r = e.getBoundingClientRect();
                      return [(e.getAttribute('aria-label') || e.innerText).trim().slice(0, 40),
                              Math.round(r.width), Math.round(r.height)]; })
        .filter(([name, w, h]) => w < 44 || h < 44)''')


def focus_hidden_behind_bars(page: Any, *, tabs: int) -> list[str]:
    """Tab from the top; every focused element must show between the sticky header and footer (WCAG 2.4.11)."""
    page.evaluate('window.scrollTo(0, 0); document.activeElement.blur()')
    hidden = []
    for _ in range(tabs):
        page.keyboard.press('Tab')
        wait_until_still(page, page.evaluate_handle('document.activeElement'))  # scrolled to the focused element
        covered = page.evaluate('''() => { const e = document.activeElement, r = e.getBoundingClientRect();
            if (e.closest('.q-header, .q-footer')) return false;  // a bar's own links and buttons are the bar
            const top = document.querySelector('.q-header')?.getBoundingClientRect().bottom || 0;
            const bottom = document.querySelector('.q-footer')?.getBoundingClientRect().top || innerHeight;
            return r.bottom <= top || r.top >= bottom; }''')
        if covered:
            hidden.append(focused_name(page))
    return hidden


def screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    wait_until_still(page)  # the last update has drawn
    page.screenshot(path=str(ARTIFACTS / f'{name}.png'))
