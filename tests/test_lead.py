"""The project lead's view: ranked lists, decisions, actions, the cycle's progress and every download."""
import io
import threading

from tests.support import export_scenario as scenario
import pytest
from nicegui.testing import User
from openpyxl import load_workbook

from exports import registry, report_data
from workshop import service


@pytest.fixture
def created(app_ctx):
    return app_ctx.store.create_workshop(scenario.workshop(), scenario.events())


async def open_lead(user: User, created) -> None:
    await user.open(f'/w/{created.id}/lead?token={created.lead_token}')
    await user.should_see('Project lead')


def choose(user: User, marker: str, value: object) -> None:
    (element,) = user.find(marker).elements
    element.value = value


async def test_without_the_lead_token_there_is_nothing_to_see(user: User, created):
    await user.open(f'/w/{created.id}/lead?token=wrong')
    await user.should_see('This page needs the project lead link.')
    await user.should_not_see('Ranked lists')
    await user.should_not_see('Health navigator')
    await user.open(f'/w/{created.id}/lead?token={created.facilitator_token}')
    await user.should_see('This page needs the project lead link.')


async def test_the_lead_sees_the_ranked_lists_with_small_groups_flagged(user: User, created):
    await open_lead(user, created)
    await user.should_see('Round 2: Ranking, 11 voted')
    rows = user.find('lead-ranking').elements.pop().rows
    assert [r['idea'] for r in rows] == ['Health navigator', 'Centralised information dashboard',
                                         'Culturally appropriate care for all patients',
                                         'Outpatient monitoring with travel support']
    assert [r['rank'] for r in rows] == ['1', '2', '3', '4']
    assert rows[1]['balanced'] == '2 (8 points)'  # mid-ranks; patients and whānau weigh in as one hidden voice
    await user.should_see('Only 1 voted in this group: these figures are left out of the exports')
    choose(user, 'lead-round', 1)
    await user.should_see('Only 2 voted in this group: these figures are left out of the exports')
    rows = user.find('lead-ranking').elements.pop().rows
    assert [r['rank'] for r in rows] == ['1', '2', '3=', '3=', '5', '6']


async def test_the_lead_records_a_decision_and_sees_it(user: User, created, app_ctx):
    await open_lead(user, created)
    choose(user, 'decision-improvement', 'cell_tracker')
    choose(user, 'decision-outcome', 'defer')
    user.find('decision-rationale').type('Waiting for the manufacturer to offer tracking.')
    user.find('decision-minority').type('Patients would like it sooner.')
    user.find('Record the decision').click()
    await user.should_see('Decision recorded.')
    rows = {r['title']: r for r in user.find('lead-decisions').elements.pop().rows}
    assert rows['Cell tracker']['decision'] == 'Defer: Waiting for the manufacturer to offer tracking.'
    assert rows['Cell tracker']['status'] == 'Decided: defer'
    decision = app_ctx.registry.get(created.id).state.decisions['cell_tracker']
    assert (decision.outcome.value, decision.minority_view) == ('defer', 'Patients would like it sooner.')


async def test_a_decision_needs_an_improvement(user: User, created):
    await open_lead(user, created)
    user.find('Record the decision').click()
    await user.should_see('Please choose an improvement first.')


async def test_the_lead_adds_an_action_and_moves_it_along(user: User, created, app_ctx):
    await open_lead(user, created)
    choose(user, 'action-improvement', 'outpatient_monitoring')
    user.find('action-title').type('Cost the travel support')
    user.find('action-owner').type('Finance lead')
    user.find('action-due').type('31 May')
    user.find('Add the action').click()
    await user.should_see('Please give the due date as a date written as YYYY-MM-DD, for example 2026-05-31.')
    user.find('action-due').clear().type('2026-05-31')
    user.find('Add the action').click()
    await user.should_see('Action recorded.')
    await user.should_see('Outpatient monitoring with travel support: Cost the travel support (Finance lead, '
                          '2026-05-31)')
    actions = app_ctx.registry.get(created.id).state.actions.values()
    assert [(a.owner, a.due, a.status) for a in actions if a.improvement == 'outpatient_monitoring'] == [
        ('Finance lead', '2026-05-31', 'todo')]


async def test_the_cycle_shows_where_the_project_stands(user: User, created):
    await open_lead(user, created)
    await user.should_see('Engage runs throughout: Participants registered: yes (14 participants)')
    await user.should_see('Decide: done (now)')
    await user.should_see('Change: in progress')
    await user.should_see("Participants' ideas considered: not yet (1 waiting for the facilitator)")


async def test_every_export_downloads_off_the_event_loop(user: User, created):
    await open_lead(user, created)
    for fmt in registry.formats().values():
        await user.should_see(fmt.label)
    user.find('export-xlsx').click()
    response = await user.download.next(timeout=10)
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:4] == ['Summary', 'Participants', 'Rounds', 'Ranked improvements']
    await user.should_see('Your download has started: car-t-cell-therapy-in-aotearoa-new-zealand-xlsx.xlsx')
    assert 'Aroha' not in {c.value for sheet in book for row in sheet.iter_rows() for c in row}


async def test_the_board_paper_downloads_as_a_word_document(user: User, created):
    from docx import Document
    await open_lead(user, created)
    user.find('export-docx').click()
    response = await user.download.next(timeout=20)
    doc = Document(io.BytesIO(response.content))
    assert doc.paragraphs[0].text.endswith('paper for the board') and doc.tables
    await user.should_see('Your download has started: car-t-cell-therapy-in-aotearoa-new-zealand-docx.docx')


async def test_names_are_included_only_when_the_box_is_ticked(user: User, created):
    await open_lead(user, created)
    assert user.find('include-names').elements.pop().value is False
    user.find('include-names').click()
    user.find('export-md').click()
    response = await user.download.next(timeout=10)
    assert 'P01 (Aroha)' in response.content.decode()


async def test_a_slow_export_shows_progress_and_blocks_nobody(user: User, created, monkeypatch):
    release = threading.Event()
    real = service.export

    def slow(*args, **kwargs):
        release.wait(timeout=10)  # a big workshop's workbook, still being made in a worker thread
        return real(*args, **kwargs)
    monkeypatch.setattr(service, 'export', slow)
    await open_lead(user, created)
    user.find('export-xlsx').click()
    await user.should_see('Preparing: Workbook (xlsx)…')
    assert not user.find('export-csv').elements.pop().enabled  # one file at a time
    user.find('Record the decision').click()  # the page still answers while the file is made
    await user.should_see('Please choose an improvement first.')
    release.set()
    await user.download.next(timeout=10)
    await user.should_not_see('Preparing: Workbook (xlsx)…')
    assert user.find('export-csv').elements.pop().enabled


async def test_the_lead_sees_consensus_stability_agreement_and_the_quadrant_of_a_rating_round(user: User, app_ctx):
    from tests.support import rating_scenario as rated
    created = app_ctx.store.create_workshop(rated.workshop(), rated.events())
    await open_lead(user, created)
    await user.should_see('Consensus, stability and agreement')
    table = user.find('analyses-table').elements.pop()
    assert 'Stays in the top 2' in [c['label'] for c in table.columns]
    rows = {r['idea']: r for r in table.rows}
    titles = {i: app_ctx.registry.get(created.id).workshop.improvement(i).title for i in rated.IDEAS}
    for idea, title in titles.items():
        row = rows[title]
        assert (row['importance_mean'], row['feasibility_mean']) == rated.MEANS[idea]
        assert (row['importance_median'], row['feasibility_median']) == rated.MEDIANS[idea]
        assert (row['importance_agreement'], row['feasibility_agreement']) == rated.AGREEMENT[idea]
        assert row['quadrant'] == rated.QUADRANT[idea]
        assert row['consensus'] == {'in': 'In', 'out': 'Out'}[rated.CONSENSUS[idea]]
        assert row['stability'] == rated.STABILITY[idea]
    await user.should_see('How important and how easy to do')  # the quadrant chart, with its table


async def test_the_lead_withdraws_someone_who_asked_later_after_a_confirmation(user: User, created, app_ctx):
    await open_lead(user, created)
    before = report_data.build(scenario.export_input(app_ctx.store, created.id))
    assert any(v.participant == 'P07' for v in before.votes)
    choose(user, 'withdraw-who', 'pc2')  # P07 in every export
    user.find('withdraw-reason').type('Asked by email on 3 May')
    user.find(marker='withdraw').click()
    await user.should_see('Withdraw P07? Their votes and comments leave the results and exports.')
    user.find(marker='withdraw-yes').click()
    await user.should_see('P07 has been withdrawn.')
    after = report_data.build(scenario.export_input(app_ctx.store, created.id))
    assert not any(v.participant == 'P07' for v in after.votes) and after.rounds[1].voters == 10
    assert 'Add the expected waiting time for each step.' not in [c.text for c in after.comments]
    assert ('P07', 'withdrew', 'withdrawn by the project lead: Asked by email on 3 May') in \
        [(c.participant, c.event, c.detail) for c in after.consent_log]


async def test_the_archive_is_labelled_identifying_beside_the_downloads_and_inside(user: User, created, app_ctx):
    await open_lead(user, created)
    await user.should_see('The full archive (json) is identifying: it names every group beside every vote')
    await user.should_see('Full archive (json, identifying: lead only, re-importable)')
    archive = registry.write('json', scenario.export_input(app_ctx.store, created.id))
    assert b'"restricted": "Identifying and restricted: this archive keeps every stakeholder group' in archive
