"""The journey map in a real browser, on a phone and on a laptop, with the facilitator moving the focus.

Screenshots go to test-artifacts/ (map-390x844*.png, map-1280x800*.png).
"""
from __future__ import annotations

import re

import pytest

from tests.support.browser import ROOT, demo_links, running_server, screenshot, wait_until_still

pytestmark = [pytest.mark.browser, pytest.mark.slow]
STAGE = re.compile(r'^\d+\. ')
SIZES = [(390, 844), (1280, 800)]
AXE = ROOT / 'tests' / 'a11y' / 'node_modules' / 'axe-core' / 'axe.min.js'
# Known, page-wide (ui/frame.py) and not the map's: no lang on <html>, and role=main inside Quasar's <main>.
FRAME_ISSUES = {'html-has-lang', 'landmark-main-is-top-level', 'landmark-no-duplicate-main', 'landmark-unique'}


@pytest.fixture(scope='module')
def server(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp('map-server')
    with running_server(tmp_path) as (base_url, process):
        yield demo_links(tmp_path, base_url), process


def visible_stage_headings(page) -> list[str]:
    headings = page.get_by_role('heading', level=2)
    return [h.inner_text().strip() for h in headings.all() if h.is_visible() and STAGE.match(h.inner_text())]


@pytest.mark.parametrize('width, height', SIZES)
def test_the_map_shows_all_eleven_stages(browser, server, width, height):
    links, _ = server
    page = browser.new_page(viewport={'width': width, 'height': height})
    page.goto(links['map'])
    page.get_by_text('The facilitator has not chosen a stage yet.').wait_for()
    stages = visible_stage_headings(page)
    assert [s.split('.')[0] for s in stages] == [str(n) for n in range(1, 12)], stages
    assert stages[4] == '5. Waiting while the cells are made'
    list_shown = page.locator('.cw-map .xs').is_visible()
    assert list_shown == (width < 600)  # a vertical list on the phone, the grid on the laptop
    screenshot(page, f'map-{width}x{height}')
    screenshot(page, f'map-{width}x{height}-full', full_page=True)
    page.close()


def test_the_facilitators_focus_reaches_a_phone_and_a_laptop(browser, server):
    links, _ = server
    facilitator = browser.new_context(viewport={'width': 1280, 'height': 800}).new_page()
    facilitator.goto(links['facilitator_map'])
    viewers = {}
    for width, height in SIZES:
        viewers[width] = browser.new_context(viewport={'width': width, 'height': height}).new_page()
        viewers[width].goto(links['map'])
        viewers[width].get_by_text('The facilitator has not chosen a stage yet.').wait_for()

    facilitator.get_by_role('button', name='Discuss this stage now').nth(4).click()  # stage 5
    for (width, height), page in zip(SIZES, viewers.values()):
        page.get_by_text('In focus now: 5. Waiting while the cells are made').wait_for()
        current = page.locator('[aria-current="step"]')
        current.first.wait_for(state='attached')
        assert [c.inner_text() for c in current.all() if c.is_visible()] == ['5. Waiting while the cells are made']
        badge = page.locator('.cw-stage-focused').filter(visible=True).first
        wait_until_still(page, badge, in_view=True)  # the smooth scroll to the focused stage has arrived
        assert badge.is_visible() and _in_viewport(page, badge)
        screenshot(page, f'map-{width}x{height}-focus-stage-5')

    phone = viewers[390]
    stage_11 = phone.get_by_role('button', name='11. Going home and long-term follow-up').filter(visible=True)
    stage_11.click()
    back = phone.get_by_role('button', name="Back to the stage we're discussing")
    back.wait_for()
    wait_until_still(phone, stage_11, in_view=True)  # scrolled to the stage looked at
    screenshot(phone, 'map-390x844-looking-around')
    back.click()
    back.wait_for(state='hidden')  # following the facilitator again: the map scrolls back
    focused = phone.locator('.cw-stage-focused').filter(visible=True).first
    wait_until_still(phone, focused, in_view=True)
    assert _in_viewport(phone, focused)
    for page in [facilitator, *viewers.values()]:
        page.context.close()


def test_a_theme_opens_its_detail_from_the_keyboard(browser, server):
    links, _ = server
    page = browser.new_page(viewport={'width': 1280, 'height': 800})
    page.goto(links['map'])
    theme = page.get_by_role('button', name=re.compile('^Emotional theme: Underwhelming administration'))
    theme.filter(visible=True).first.focus()
    page.keyboard.press('Enter')
    page.get_by_role('heading', name='Underwhelming administration of cells').wait_for()
    page.get_by_text('What does this mean?').wait_for()
    screenshot(page, 'map-1280x800-theme-detail')
    page.close()


def test_the_whole_map_as_a_picture(browser, server):
    links, _ = server
    page = browser.new_page(viewport={'width': 1280, 'height': 800})
    page.goto(links['map'])
    page.get_by_text('The whole map as a picture').click()
    page.get_by_role('button', name='Show the picture').click()
    picture = page.get_by_role('img', name=re.compile('^Picture of the journey map'))
    picture.wait_for()
    assert picture.evaluate('img => img.complete && img.naturalWidth') > 2000  # drawn, not a broken image
    picture.scroll_into_view_if_needed()
    screenshot(page, 'map-1280x800-picture')
    page.close()


def _in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return box is not None and box['x'] < size['width'] and box['x'] + box['width'] > 0 \
        and box['y'] < size['height'] and box['y'] + box['height'] > 0


@pytest.mark.parametrize('width, height', SIZES)
@pytest.mark.parametrize('door', ['map', 'edit'])
def test_the_map_and_the_editor_pass_an_accessibility_audit(browser, server, door, width, height):
    if not AXE.exists():
        pytest.skip(f'{AXE} is missing: run `npm ci` in tests/a11y')
    links, _ = server
    page = browser.new_page(viewport={'width': width, 'height': height})
    page.goto(links[door])
    page.get_by_role('heading', level=1).wait_for()
    page.add_script_tag(content=AXE.read_text())
    found = page.evaluate('async () => (await axe.run()).violations.map(v => [v.id, v.impact, v.nodes.length])')
    assert [v for v in found if v[0] not in FRAME_ISSUES] == []
    if door == 'edit':
        screenshot(page, f'edit-{width}x{height}')
    page.close()
