"""The shared screen in a real browser, at 1280×720, shrunk into a call window (640×360) and on a phone (390×844,
320×640), at the welcome, while voting, while a stage is in focus and when results are shown: it never scrolls
sideways, the QR code and the join code (on one line) are whole, who has joined is counted by group, the focused
stage's themes are readable, and the top three ideas' titles are whole."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from benchmarks.serverproc import Server, free_port
from tests.support.browser import ARTIFACTS, CHARTS_DRAWN, launch_chromium, require_chromium, wait_until_settled
from workshop.content import load_yaml_file, template_path
from workshop.live import FACILITATOR, PARTICIPANT, Actor, LiveWorkshop
from workshop.store import Store

pytestmark = [pytest.mark.browser, pytest.mark.slow]
HOST = Actor(role=FACILITATOR)
SIZES = [(1280, 720), (640, 360), (390, 844), (320, 640)]


@pytest.fixture(scope='module')
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


def prepare(data: Path) -> tuple[str, str]:
    """Forty people from four groups, two dots each on the first six ideas."""
    store = Store(data)
    try:
        created = store.create_workshop(load_yaml_file(template_path('car-t-cell-therapy')))
        live = LiveWorkshop(store, created.id)
        number = live.create_round(HOST, 'dots', budget=5, cap=3)
        live.open_round(HOST, number)
        groups, ideas, rng = [s.id for s in live.workshop.streams], live.state.boxes[number].improvements, random.Random(3)
        for i in range(40):
            live.join(f'p{i}', group=groups[i % len(groups)])
            for idea in rng.sample(ideas[:6], 2):
                live.set_dots(Actor(role=PARTICIPANT, participant=f'p{i}'), idea, 1)
        return created.id, created.facilitator_token
    finally:
        store.close()


def change(data: Path, workshop_id: str, act) -> LiveWorkshop:
    store = Store(data)
    try:
        live = LiveWorkshop(store, workshop_id)
        act(live)
        return live
    finally:
        store.close()


def assert_fits(page, name: str) -> None:
    width = page.evaluate('window.innerWidth')
    assert page.evaluate('document.documentElement.scrollWidth') <= width, f'{name}: the page scrolls sideways'
    qr = page.get_by_role('img', name=re.compile('QR code')).bounding_box()
    assert qr['x'] >= 0 and qr['x'] + qr['width'] <= width and qr['y'] >= 0, f'{name}: the QR code is cut'
    code = page.get_by_text(re.compile(r'^Join code: '))
    lines = code.evaluate('e => { const r = document.createRange(); r.selectNodeContents(e);'
                          ' return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }')
    box = code.bounding_box()
    assert lines == 1 and box['x'] >= 0 and box['x'] + box['width'] <= width, f'{name}: the join code is not whole'


def test_the_shared_screen_at_every_step_and_size(browser, tmp_path: Path):
    ARTIFACTS.mkdir(exist_ok=True)
    data = tmp_path / 'data'
    workshop_id, token = prepare(data)
    states = {'welcome': lambda live: None,
              'vote': lambda live: live.set_agenda(HOST, 'prioritise'),
              'focus': lambda live: (live.set_agenda(HOST, 'themes'), live.focus(HOST, 'referral')),
              'results': lambda live: (live.close_round(HOST, 1), live.reveal(HOST, 1), live.set_agenda(HOST, 'results'))}
    for state, act in states.items():
        live = change(data, workshop_id, act)  # the server folds the log when it starts
        server = Server.workshop(data, free_port(), log=tmp_path / 'server.log').start()
        try:
            for width, height in SIZES:
                name = f'presenter-{state}-{width}x{height}'
                page = browser.new_page(viewport={'width': width, 'height': height})
                page.goto(f'{server.url}/w/{workshop_id}/present?token={token}')
                if state == 'welcome':
                    page.get_by_text('Join on your phone or laptop').wait_for()
                    joined = page.get_by_text('40 people have joined.')
                    assert 'Patients: 10' in joined.inner_text() and joined.is_visible()
                elif state == 'vote':
                    page.get_by_text('10 of 10 Patients have voted').wait_for()
                elif state == 'focus':
                    page.get_by_text('We are looking at: Referral and eligibility').wait_for()
                    for group in ('Patients', 'Clinicians', 'Administrators'):
                        heading = page.get_by_role('heading', name=group, exact=True)
                        assert heading.is_visible()
                    theme = page.locator('.cw-focus-grid li').first
                    assert float(theme.evaluate('e => getComputedStyle(e).fontSize')[:-2]) >= 15  # readable on a call
                else:
                    page.get_by_text('Results of round 1').first.wait_for()
                    page.wait_for_function(CHARTS_DRAWN)  # the chart draws after the page
                    wait_until_settled(page, "() => [...document.querySelectorAll('svg text')].map(e => e.textContent)")
                    drawn = ' '.join(page.locator('svg text').all_text_contents())
                    drawn = re.sub(r'\s+', ' ', drawn)
                    top = [f'{i.label} {live.workshop.improvement(i.improvement).title}'
                           for i in live.tally(1).pooled[:3]]
                    for title in top:
                        assert title in drawn, f'{name}: {title!r} is not drawn whole'
                    assert '…' not in drawn and '...' not in drawn
                page.screenshot(path=str(ARTIFACTS / f'{name}.png'))  # first: a failure below is then there to see
                assert_fits(page, name)
                page.close()
        finally:
            server.stop()
