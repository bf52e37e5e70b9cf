"""What idea_list.js and status_bar.js draw in a real browser, for every kind of vote: the dots on each card and
"Dots left" in the footer, the ranked cards in their order after picking, moving and dragging, and the rating
buttons that show the chosen value. The user-fixture tests check what the server sends; these check what a person
sees of it. A facilitator runs the three rounds from the console; one participant votes on a phone.
"""
from __future__ import annotations

import pytest

from tests.support.browser import demo_links, running_server, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TRACKER, NAVIGATOR, TRAVEL = 'cell_tracker', 'health_navigator', 'travel_assistance'
TITLES = {TRACKER: 'Cell tracker', NAVIGATOR: 'Health navigator', TRAVEL: 'Stronger National Travel Assistance'}


def test_every_kind_of_vote_draws_what_the_ballot_holds(browser, tmp_path):
    from playwright.sync_api import expect
    with running_server(tmp_path) as (base, _):
        links = demo_links(tmp_path, base)
        host = browser.new_context(viewport={'width': 1280, 'height': 800}).new_page()
        host.goto(links['facilitator'])
        start_round(host, 1, 'Dots')
        phone = browser.new_context(viewport={'width': 390, 'height': 844}).new_page()
        join(phone, links['join'])

        footer = phone.locator('.q-footer')
        expect(footer).to_contain_text('Dots left: 5 of 5')
        for _ in range(2):
            phone.get_by_role('button', name='Add a dot: Cell tracker').click()
        expect(card(phone, TRACKER)).to_contain_text('Your dots: 2')
        expect(card(phone, NAVIGATOR)).to_contain_text('Your dots: 0')
        expect(footer).to_contain_text('Dots left: 3 of 5')
        phone.get_by_role('button', name='Take a dot off: Cell tracker').click()
        expect(card(phone, TRACKER)).to_contain_text('Your dots: 1')
        expect(footer).to_contain_text('Dots left: 4 of 5')
        passing = phone.get_by_role('button', name='Skip this idea: Health navigator')
        passing.click()
        expect(passing).to_have_attribute('aria-pressed', 'true')
        expect(passing).to_have_text('Skipped (tap to undo)')
        screenshot(phone, 'idea-list-dots-390')

        host.get_by_role('button', name='Close voting').click()
        start_round(host, 2, 'Ranking')
        expect(footer).to_contain_text('You picked 0 of 5')
        for place, idea in enumerate((TRACKER, NAVIGATOR, TRAVEL), start=1):
            card(phone, idea).get_by_role('button', name='Pick this idea').click()
            expect(card(phone, idea)).to_contain_text(f'Your number {place}')
        expect(footer).to_contain_text('You picked 3 of 5')
        expect_order(phone, [TRACKER, NAVIGATOR, TRAVEL])
        expect(card(phone, shown_order(phone)[3])).to_contain_text('Not picked')
        phone.get_by_role('button', name=f'Move up: {TITLES[TRAVEL]}').click()
        expect_order(phone, [TRACKER, TRAVEL, NAVIGATOR])
        phone.get_by_role('button', name=f'Move down: {TITLES[TRACKER]}').click()
        expect_order(phone, [TRAVEL, TRACKER, NAVIGATOR])
        drag(phone, card(phone, TRACKER), card(phone, TRAVEL))
        expect_order(phone, [TRACKER, TRAVEL, NAVIGATOR])  # dropped on the card in first place, it takes that place
        expect(card(phone, TRACKER)).to_contain_text('Your number 1')
        expect(card(phone, NAVIGATOR)).to_contain_text('Your number 3')
        card(phone, TRAVEL).get_by_role('button', name='Take it out').click()
        expect(footer).to_contain_text('You picked 2 of 5')
        expect_order(phone, [TRACKER, NAVIGATOR])
        expect(card(phone, TRAVEL)).to_contain_text('Not picked')
        screenshot(phone, 'idea-list-ranking-390')

        host.get_by_role('button', name='Close voting').click()
        start_round(host, 3, 'Rating')
        importance = phone.get_by_role('group', name='How important is this?: Cell tracker')
        feasibility = phone.get_by_role('group', name='How easy is this to do?: Cell tracker')
        importance.get_by_role('button', name='4').click()
        feasibility.get_by_role('button', name='2').click()
        expect_pressed(importance, '4')
        expect_pressed(feasibility, '2')
        importance.get_by_role('button', name='5').click()
        expect_pressed(importance, '5')
        expect_pressed(phone.get_by_role('group', name='How important is this?: Health navigator'), None)
        expect(footer).not_to_contain_text('Dots left')
        expect(footer).not_to_contain_text('You picked')
        screenshot(phone, 'idea-list-rating-390')


def start_round(host, number: int, method: str) -> None:
    from playwright.sync_api import expect
    if number > 1:
        host.get_by_text('New round', exact=True).click()  # the form folds away once there is a round
    host.get_by_role('button', name=method, exact=True).click()
    host.get_by_role('button', name='Create the round').click()
    expect(host.get_by_text('Round created. Open it when people are ready.')).to_be_visible()
    expect(host.get_by_text(f'Round {number}: {method} (not opened yet)')).to_be_visible()  # its button is live now
    host.get_by_role('button', name='Open voting').click()
    expect(host.get_by_text(f'Round {number}: {method} (open)')).to_be_visible()


def join(page, link: str) -> None:
    page.goto(link)
    page.get_by_role('button', name='Next').click()
    page.get_by_role('checkbox', name='I agree to take part').click()
    page.get_by_role('button', name='Next').click()
    page.get_by_role('radio', name='Patients').click()
    page.get_by_role('button', name='Next').click()
    page.get_by_role('button', name='Join').click()


def drag(page, source, target) -> None:
    """A person's drag: held by the title (a drag cannot start on a button), moved in small steps, let go on the
    target's title. One jump, as drag_to makes it, sometimes ends before the browser has started the drag."""
    source.scroll_into_view_if_needed()
    start, end = source.bounding_box(), target.bounding_box()
    page.mouse.move(start['x'] + 24, start['y'] + 16)
    page.mouse.down()
    page.mouse.move(start['x'] + 30, start['y'] + 22, steps=3)
    page.mouse.move(end['x'] + 24, end['y'] + 16, steps=12)
    page.mouse.up()


def card(page, idea: str):
    return page.locator(f'[data-idea="{idea}"]')


def shown_order(page) -> list[str]:
    """The cards from top to bottom as drawn (ranked cards are moved by CSS order, not in the DOM)."""
    return page.evaluate('''() => [...document.querySelectorAll('[data-idea]')]
        .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
        .map((e) => e.dataset.idea)''')


def expect_order(page, first: list[str]) -> None:
    """Waits until the top cards are drawn in this order (the page follows the ballot after each tap)."""
    page.wait_for_function('''(first) => {
        const shown = [...document.querySelectorAll('[data-idea]')]
            .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
            .map((e) => e.dataset.idea);
        return first.every((idea, i) => shown[i] === idea);
    }''', arg=first, timeout=5000)
    assert shown_order(page)[:len(first)] == first


def expect_pressed(group, value: str | None) -> None:
    """Exactly the button with this value shows as chosen in a rating group (None: none does)."""
    from playwright.sync_api import expect
    for n in range(1, 6):
        expect(group.get_by_role('button', name=str(n), exact=True)).to_have_attribute(
            'aria-pressed', 'true' if str(n) == value else 'false')
