"""A short session in real browsers: a facilitator and three participants, each in their own browser context,
join → consent → vote → comment form → reveal, and every participant sees the revealed ranking. Screenshots go to test-artifacts/."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.support.browser import (
    ARTIFACTS,
    CHARTS_DRAWN,
    demo_links,
    join,
    launch_chromium,
    require_chromium,
    running_server,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# the phone's connection drops as on a train (the socket closes, the page stays) and comes back by itself 4 s later
DROP_CONNECTION = '''window.cwSamePage = true; window.socket.io.reconnectionDelay(4000);
window.socket.io.reconnectionDelayMax(4000); window.socket.io.engine.close()'''
PEOPLE = [('Patients', {'width': 390, 'height': 844}), ('Clinicians', {'width': 320, 'height': 640}),
          ('Support persons / whānau', {'width': 390, 'height': 844})]


async def test_a_short_session_in_real_browsers(tmp_path: Path):
    require_chromium()
    from playwright.async_api import async_playwright, expect
    ARTIFACTS.mkdir(exist_ok=True)
    with running_server(tmp_path) as (base, _):
        links = demo_links(tmp_path, base)
        async with async_playwright() as playwright:
            browser = await launch_chromium(playwright)
            host_context = await browser.new_context(viewport={'width': 1280, 'height': 800})
            host = await host_context.new_page()
            await host.goto(links['facilitator'])
            await host.get_by_role('button', name='Create the round').click()
            await expect(host.get_by_text('Round created. Open it when people are ready.')).to_be_visible()
            await host.get_by_role('button', name='Open voting').click()
            await expect(host.get_by_role('button', name='Close voting')).to_be_visible()

            people = []
            for group, viewport in PEOPLE:
                page = await (await browser.new_context(viewport=viewport)).new_page()
                await join(page, links['join'], group)
                people.append(page)
            await asyncio.gather(*(vote(page) for page in people))
            phone = people[0]
            await phone.screenshot(path=ARTIFACTS / 'participant-vote-390.png', full_page=False)
            await people[1].screenshot(path=ARTIFACTS / 'participant-vote-320.png', full_page=False)
            for page, width in ((phone, 390), (people[1], 320)):
                await comment_form(page, width)

            await offline_tap_is_not_sent(people[2])

            await expect(host.get_by_text('1 of 1 Patients have voted')).to_be_visible()
            await expect(host.get_by_text('1. Cell tracker: 3 dots')).to_be_visible()
            await host.evaluate('window.scrollTo(0, 0)')
            await host.screenshot(path=ARTIFACTS / 'facilitator-1280.png', full_page=False)
            await host.get_by_role('button', name='Close voting').click()
            await host.get_by_role('button', name='Results', exact=True).click()
            # the results come to every connected phone as one message sent alike to all (counted here as it
            # arrives); a phone whose connection is down at that moment gets them when it is back
            await phone.evaluate("window.cwResults = 0; window.socket.on('cw_shared', m => window.cwResults += 'r' in m)")
            await people[1].evaluate(DROP_CONNECTION)
            await host.get_by_role('button', name='Show results to everyone').click()
            await expect(phone.get_by_text('Results of round 1')).to_be_visible()
            assert await people[1].get_by_text('Results of round 1').count() == 0  # offline: nothing came (yet)

            for page in people:
                await expect(page.get_by_text('Results of round 1')).to_be_visible()
                await expect(page.get_by_text('1. Cell tracker: 3 dots').first).to_be_visible()
            for page in people:  # and the status line says so, on the phone that was offline too; the line saying
                # what is happening now follows the agenda (moved by the same press) in the same kind of message
                await expect(page.locator('[data-cw-status]')).to_have_text('The results are now shown on this page.')
                await expect(page.get_by_text('Now: looking at the results.')).to_be_visible()
            got = await phone.evaluate('window.cwResults')
            assert got >= 1  # (the words can go again, newer, as the coalesced results follow the reveal)
            assert await people[1].evaluate('window.cwSamePage')  # back by reconnecting, not by reloading the page
            await expect(phone.get_by_text('Results of round 1')).to_be_in_viewport()  # came into view by itself
            await phone.screenshot(path=ARTIFACTS / 'participant-results-390.png')
            await expect(people[1].get_by_text('Results of round 1')).to_be_in_viewport()
            await people[1].screenshot(path=ARTIFACTS / 'participant-results-320.png')
            # hidden again: the newer (empty) words win over the revealed ones on every phone
            await host.get_by_role('button', name='Hide results').click()
            for page in people:
                await expect(page.get_by_text('Results of round 1')).to_have_count(0)
            assert await phone.evaluate('window.cwResults') > got  # the hiding came the same way
            await host.get_by_role('button', name='Show results to everyone').click()
            for page in people:
                await expect(page.get_by_text('Results of round 1')).to_be_visible()

            presenter = await host_context.new_page()  # same browser as the console: the token is remembered
            await presenter.goto(f'{base}/w/{links["id"]}/present')
            await expect(presenter.get_by_text('Everyone together')).to_be_visible()
            await expect(presenter.get_by_role('table')).to_contain_text('Cell tracker')
            await presenter.wait_for_function(CHARTS_DRAWN)
            await presenter.screenshot(path=ARTIFACTS / 'presenter-1280.png')
            await browser.close()


async def comment_form(page, width: int) -> None:
    """The comment form on a phone: every kind can be reached and chosen, nothing sticks out sideways."""
    from playwright.async_api import expect
    await page.get_by_role('button', name='Comments on this idea: Cell tracker').click()
    await page.get_by_role('button', name='Add a comment').click()
    kinds = page.get_by_role('dialog').get_by_role('button', name='New idea')
    await kinds.click()
    await expect(kinds).to_have_attribute('aria-pressed', 'true')
    box = await kinds.bounding_box()
    assert box['x'] >= 0 and box['x'] + box['width'] <= width
    assert await page.evaluate('document.documentElement.scrollWidth') <= width
    await page.screenshot(path=ARTIFACTS / f'participant-comment-form-{width}.png')
    await page.keyboard.press('Escape')
    await expect(page.get_by_role('dialog')).to_have_count(0)


async def vote(page) -> None:
    from playwright.async_api import expect
    await page.get_by_role('button', name='Add a dot: Cell tracker').click()
    await expect(page.locator('[data-cw-status]')).to_have_text('Vote recorded. 4 dots left.')


async def offline_tap_is_not_sent(page) -> None:
    """A tap while the connection is down is shown as not sent (and nothing is sent); once back, taps count again."""
    from playwright.async_api import expect
    status, note = page.locator('[data-cw-status]'), page.locator('[data-cw-offline]')
    await page.evaluate('window.socket.disconnect()')
    await page.get_by_role('button', name='Add a dot: Health navigator').click()
    await expect(note).to_have_text('Not sent: your connection dropped. Wait until it is back, then tap again.')
    await expect(status).to_be_hidden()
    await expect(page.get_by_text('Dots left: 4 of 5')).to_be_visible()
    await page.evaluate('window.socket.connect()')
    await page.wait_for_function('window.socket.connected && window.did_handshake')  # NiceGUI knows the page again
    await page.get_by_role('button', name='Add a dot: Health navigator').click()
    await expect(status).to_have_text('Vote recorded. 3 dots left.')
    await expect(note).to_have_text('')
