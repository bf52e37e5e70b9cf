"""Breakouts in real browsers: the lead facilitator adds two breakout hosts, four people join and are split into two
breakouts, each host opens their own link and types their breakout's video room, people see their breakout and its
room, everyone votes in one round, and the plenary is revealed on the shared screen; then the first host runs their
own breakout: its own focus and its own round, which only its people see. Screenshots in test-artifacts/.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.browser import ARTIFACTS, demo_links, join, launch_chromium, require_chromium, running_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PEOPLE = [('Patients', 390), ('Clinicians', 320), ('Support persons / whānau', 390), ('Clinicians', 390)]
HOSTS = ('Mere', 'Rewi')


async def test_two_breakouts_with_a_host_each_and_a_plenary_reveal(tmp_path: Path):
    require_chromium()
    from playwright.async_api import expect
    ARTIFACTS.mkdir(exist_ok=True)
    with running_server(tmp_path) as (base, _):
        links = demo_links(tmp_path, base)
        async with async_playwright_browser() as browser:
            lead_context = await browser.new_context(viewport={'width': 1280, 'height': 800})
            lead = await lead_context.new_page()
            await lead.goto(links['facilitator'])
            host_links = [await add_host(lead, name) for name in HOSTS]
            await lead.get_by_role('button', name='Create the round').click()  # voting is open as people arrive
            await lead.get_by_role('button', name='Open voting').click()

            people = []
            for group, width in PEOPLE:
                page = await (await browser.new_context(viewport={'width': width, 'height': 800})).new_page()
                await join(page, links['join'], group)
                people.append(page)

            await lead.get_by_label('Number of breakouts').fill('2')
            await lead.get_by_role('button', name='Split into breakouts').click()
            await expect(lead.get_by_text('Everyone present is in one of 2 breakouts, balanced by group.')).to_be_visible()
            for n, name in enumerate(HOSTS):  # each breakout gets its host
                await lead.get_by_label('Host').nth(n).click()
                await lead.get_by_role('option', name=name).click()
                await expect(lead.get_by_text('Done.').first).to_be_visible()

            hosts = []
            for n, link in enumerate(host_links, start=1):
                page = await (await browser.new_context(viewport={'width': 390, 'height': 844})).new_page()
                await page.goto(link)
                await expect(page.get_by_text(f'You are facilitating as: {HOSTS[n - 1]} (breakout host)')).to_be_visible()
                await expect(page.get_by_text(f'Breakout {n}: 2 people')).to_be_visible()
                await expect(page.get_by_text(f'Breakout {3 - n}: 2 people')).to_have_count(0)  # only their own
                await page.get_by_label('Video room (name or link)').fill(f'https://video.example.org/room-{n}')
                await page.get_by_role('button', name='Save').click()
                await expect(page.get_by_text('Done.').first).to_be_visible()
                hosts.append(page)
            await hosts[0].screenshot(path=ARTIFACTS / 'breakout-host-390.png', full_page=True)

            numbers = []
            for page in people:  # everyone sees their breakout and can open its room
                where = page.get_by_text(re.compile(r'^You are in breakout \d\.$'))
                await expect(where).to_be_visible()
                number = (await where.text_content()).strip()[-2]
                numbers.append(number)
                await expect(page.get_by_role('link', name=f'https://video.example.org/room-{number}')).to_be_visible()
            await people[0].screenshot(path=ARTIFACTS / 'breakout-participant-390.png')
            await people[1].screenshot(path=ARTIFACTS / 'breakout-participant-320.png')

            for n, page in enumerate(people):
                idea = 'Cell tracker' if n % 2 else 'Health navigator'
                await page.get_by_role('button', name=f'Add a dot: {idea}').click()
                await expect(page.locator('[data-cw-status]')).to_have_text('Vote recorded. 4 dots left.')
            await expect(lead.get_by_text('Round 1 by breakout')).to_be_visible()
            await lead.get_by_role('button', name='Close voting').click()
            await lead.get_by_role('button', name='Results', exact=True).click()
            await lead.get_by_role('button', name='Show results to everyone').click()
            await expect(lead.get_by_text('Results are shown to everyone.')).to_be_visible()  # before the screen opens
            await lead.get_by_text('Breakouts', exact=True).scroll_into_view_if_needed()
            await lead.screenshot(path=ARTIFACTS / 'breakout-console-1280.png')

            screen = await lead_context.new_page()  # the lead's shared screen: the breakouts combined
            await screen.set_viewport_size({'width': 1280, 'height': 720})
            await screen.goto(f'{base}/w/{links["id"]}/present?breakout=plenary')
            await expect(screen.get_by_text('Plenary: the breakouts combined')).to_be_visible()
            await expect(screen.get_by_text('Breakouts too small to show count together as one voice.')).to_be_visible()
            await expect(screen.get_by_text(re.compile(r'^1=? (Cell tracker|Health navigator): rank sum'))).to_have_count(
                2)  # both breakouts put one dot each on these two ideas: a shared first place
            await screen.screenshot(path=ARTIFACTS / 'breakout-plenary-1280.png')
            await screen.set_viewport_size({'width': 640, 'height': 360})
            await screen.screenshot(path=ARTIFACTS / 'breakout-plenary-640.png')
            assert await screen.evaluate('document.documentElement.scrollWidth <= window.innerWidth')

            own = await hosts[0].context.new_page()  # a host shares their own breakout: too few voted to show it
            await own.goto(host_links[0].split('/facilitate')[0] + '/present?breakout=b1')  # the host's own site
            await expect(own.get_by_text('Not shown: fewer than 5 people voted in this breakout')).to_be_visible()
            await expect(own.get_by_text(': rank sum')).to_have_count(0)

            # the first host runs their own breakout: its focus and a round for its people only
            mere = hosts[0]
            await mere.get_by_label('Stage in focus in this breakout').click()
            await mere.get_by_role('option', name='2. Referral and eligibility').click()
            await expect(mere.get_by_text('Done.').first).to_be_visible()
            await mere.get_by_role('button', name='Create the round').click()
            await mere.get_by_role('button', name='Open voting').click()
            await expect(mere.get_by_text('Breakout 1 · Round 2')).to_be_visible()
            for page, number in zip(people, numbers):
                if number == '1':
                    await expect(page.get_by_text('In focus now: 2. Referral and eligibility')).to_be_visible()
                    await expect(page.get_by_role('button', name='Add a dot: Health navigator')).to_be_visible()
                else:  # the other breakout: the workshop's focus, and no round open for them
                    await expect(page.get_by_text('Voting is not open right now.')).to_be_visible()
                    await expect(page.get_by_text('In focus now: 2. Referral and eligibility')).to_have_count(0)
            await mere.screenshot(path=ARTIFACTS / 'breakout-host-round-390.png', full_page=True)
            await mere.set_viewport_size({'width': 1280, 'height': 800})
            await mere.screenshot(path=ARTIFACTS / 'breakout-host-round-1280.png', full_page=True)
            await mere.set_viewport_size({'width': 320, 'height': 700})
            await mere.screenshot(path=ARTIFACTS / 'breakout-host-round-320.png', full_page=True)
            assert await mere.evaluate('document.documentElement.scrollWidth <= window.innerWidth')
            first = people[numbers.index('1')]
            await first.screenshot(path=ARTIFACTS / 'breakout-own-round-participant.png', full_page=True)


async def add_host(lead, name: str) -> str:
    """The lead facilitator adds a breakout host; their own link is shown once."""
    from playwright.async_api import expect
    await lead.get_by_label('Name of a co-facilitator or breakout host').fill(name)
    await lead.get_by_role('button', name='Add to the team').click()
    link = lead.get_by_text(re.compile(r'/facilitate\?token='))
    await expect(link).to_be_visible()
    text = (await link.text_content()).strip()
    await lead.get_by_role('dialog').get_by_role('button', name='Close', exact=True).click()
    await expect(link).to_have_count(0)
    return text


def async_playwright_browser():
    """Chromium through async Playwright, closed at the end."""
    import contextlib

    from playwright.async_api import async_playwright

    @contextlib.asynccontextmanager
    async def browser():
        async with async_playwright() as playwright:
            chromium = await launch_chromium(playwright)
            try:
                yield chromium
            finally:
                await chromium.close()
    return browser()
