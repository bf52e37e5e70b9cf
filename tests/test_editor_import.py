"""Workbooks and codebooks in the editor: a preview first, nothing changes until confirmed, mistakes change nothing."""
import io

import pytest
from nicegui import ui
from nicegui.elements.upload_files import SmallFileUpload
from nicegui.testing import User
from openpyxl import load_workbook

from exports.content_workbook import write_workbook
from journey_maps import edit


@pytest.fixture
async def editor(user: User, app_ctx, car_t):
    created = app_ctx.store.create_workshop(car_t)
    await user.open(f'/w/{created.id}/edit?token={created.facilitator_token}')
    user.find('Workbooks and codebooks').click()
    return app_ctx.registry.get(created.id)


async def upload(user: User, marker: str, name: str, raw: bytes) -> None:
    element = user.find(marker=marker).elements.pop()
    assert isinstance(element, ui.upload)
    await element.handle_uploads([SmallFileUpload(name=name, content_type='application/octet-stream', _data=raw)])


def changed_workbook(workshop, sheet: str, cell: str, value: str) -> bytes:
    book = load_workbook(io.BytesIO(write_workbook(workshop)))
    book[sheet][cell] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_the_content_workbook_downloads(user: User, editor):
    user.find('Download the content workbook').click()
    response = await user.download.next()
    assert load_workbook(io.BytesIO(response.content)).sheetnames[:3] == ['Stages', 'Streams', 'Themes']


async def test_a_changed_workbook_is_previewed_then_replaces_the_map(user: User, editor):
    live = editor
    raw = changed_workbook(live.workshop, 'Stages', 'B2', 'Before anyone mentions CAR T')
    await upload(user, 'upload-workbook', 'map.xlsx', raw)
    await user.should_see('Load map.xlsx?')
    await user.should_see('Stages: 11 (0 new, 0 removed, 1 changed)')
    assert live.workshop.stages[0].title == 'Before seeking treatment'  # not yet
    user.find(marker='confirm-import').click()
    await user.should_see('Loaded the content workbook map.xlsx.')
    assert live.workshop.stages[0].title == 'Before anyone mentions CAR T'


async def test_a_workbook_with_a_mistake_names_the_cell_and_changes_nothing(user: User, editor):
    live = editor
    before = live.workshop
    await upload(user, 'upload-workbook', 'map.xlsx', changed_workbook(before, 'Themes', 'H7', 'xyz'))
    await user.should_see('map.xlsx was not loaded')
    await user.should_see("Themes row 7, column stages: theme 'easier_than_chemotherapy' points at unknown stage 'xyz'")
    assert live.workshop is before


async def test_a_workbook_that_drops_a_group_people_joined_is_refused(user: User, editor):
    live = editor
    live.join('p1', group='administrators', consent_version='1')
    without = edit.delete(live.workshop, 'streams', 'administrators', move_to='clinicians')
    await upload(user, 'upload-workbook', 'map.xlsx', write_workbook(without))
    await user.should_see('This workbook cannot be loaded: People have joined the workshop as Administrators')
    await user.should_not_see(marker='confirm-import')


async def test_a_codebook_adds_themes_after_a_preview(user: User, editor):
    live = editor
    raw = 'Code,Memo,Parent\nWaiting for a bed,Beds on the ward are scarce,Hospital stay\n'.encode()
    await upload(user, 'upload-codebook', 'codebook.csv', raw)
    await user.should_see('Add 1 theme(s) from codebook.csv?')
    assert user.find(kind=ui.table).elements.pop().rows == [
        {'title': 'Waiting for a bed', 'global_theme': 'Hospital stay', 'description': 'Beds on the ward are scarce'}]
    await user.should_see('Used as global themes: Hospital stay')
    assert live.workshop.theme('waiting_for_a_bed') is None
    user.find(marker='confirm-import').click()
    await user.should_see('Added 1 theme(s) from the codebook.')
    assert live.workshop.theme('waiting_for_a_bed').global_theme == 'Hospital stay'


async def test_a_codebook_without_names_says_what_is_missing(user: User, editor):
    await upload(user, 'upload-codebook', 'codebook.csv', b'Files,References\n1,2\n')
    await user.should_see('row 1: no column with the theme name')
