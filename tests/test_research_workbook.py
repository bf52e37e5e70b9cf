"""The research workbook: every ballot, the matrix, every vote event and the consent log, read back with pandas and
openpyxl, and opened by LibreOffice."""
import datetime as dt
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from tests.support import export_scenario as scenario
from exports import registry
from exports.research_workbook import SHEETS


@pytest.fixture
def xlsx(store) -> bytes:
    return registry.write('research-xlsx', scenario.export_input(store, scenario.create(store)))


def test_the_research_workbook_holds_the_record_behind_the_figures(xlsx):
    book = load_workbook(io.BytesIO(xlsx))
    assert tuple(book.sheetnames) == SHEETS
    summary = pd.read_excel(io.BytesIO(xlsx), sheet_name='Summary')
    assert dict(zip(summary['Item'], summary['Value']))['Run by'] == 'RE-TELL co-design team'  # where it came from
    for sheet in book.worksheets:
        assert sheet.freeze_panes == 'A2' and sheet.page_setup.orientation == 'landscape', sheet.title
    assert book['Audit'].auto_filter.ref.startswith('A1:I')
    assert book['Audit']['I1'].comment.text.startswith('Value: for dots, the number of dots')
    method = ' '.join(pd.read_excel(io.BytesIO(xlsx), sheet_name='Method').iloc[:, 0])
    assert 'Only the last change of each person counts' in method


def test_the_votes_sheet_holds_each_persons_final_ballot_one_row_per_idea(xlsx):
    votes = pd.read_excel(io.BytesIO(xlsx), sheet_name='Votes')
    assert len(votes) == 14 * 6 + 12 * 4  # round 1: 14 people × 6 ideas; round 2: 11 rankings and 1 pass × 4 ideas
    aroha = votes[(votes['Participant'] == 'P01') & (votes['Round'] == 1)].set_index('Improvement ID')
    assert aroha.loc['health_navigator', 'Dots'] == 2 and aroha.loc['infusion_ceremony', 'Dots'] == 0
    assert set(aroha['Group']) == {'not shown (small group)'}  # patients are hidden in round 2
    pd1 = votes[(votes['Participant'] == 'P13') & (votes['Round'] == 1)].set_index('Improvement ID')
    assert pd1.loc['infusion_ceremony', 'Passed'] == 'this idea'
    passed = votes[(votes['Participant'] == 'P14') & (votes['Round'] == 2)]
    assert set(passed['Passed']) == {'whole round'} and passed['Place in ranking'].isna().all()


def test_the_matrix_sheet_has_one_row_per_person_and_a_column_per_idea(xlsx):
    grid = pd.read_excel(io.BytesIO(xlsx), sheet_name='Matrix')
    aroha = grid[(grid['Participant'] == 'P01') & (grid['Round'] == 2)].iloc[0]
    assert (aroha['Health navigator'], aroha['Culturally appropriate care for all patients']) == (1, 2)
    assert len(grid) == 14 + 12


def test_one_row_per_vote_event_with_pseudonyms_only(xlsx):
    votes = pd.read_excel(io.BytesIO(xlsx), sheet_name='Audit')
    assert len(votes) == 14 * 3 + 1 + 11 + 1 + 1  # dots (pa6 left out) + pass + rankings + pass + px1's 4th dot
    assert set(votes['Participant']) <= {f'P{n:02d}' for n in range(1, 15)}
    assert votes.loc[0, 'Value'] == 2 and votes['Kind'].value_counts()['ranking'] == 11


def test_dates_are_real_dates_in_the_workshops_time_zone(xlsx):
    book = load_workbook(io.BytesIO(xlsx))
    sheet = book['Audit']
    assert sheet['A1'].value == 'At (Pacific/Auckland)'
    first = sheet['A2']  # the first vote: T0 + 1000 s, i.e. 21:16 UTC on 10 March, 10:16 on 11 March in Auckland
    assert first.is_date and first.value == dt.datetime(2026, 3, 11, 10, 16)
    assert first.number_format == 'yyyy-mm-dd hh:mm'
    assert book['Consent log']['A2'].value == dt.datetime(2026, 3, 11, 10, 0)


def test_the_consent_log_names_nobody_unless_the_lead_opts_in(store, xlsx):
    log = pd.read_excel(io.BytesIO(xlsx), sheet_name='Consent log')
    assert set(log['Event']) == {'joined', 'consent given', 'withdrew'} and 'Name' not in log.columns
    hostile = registry.write('research-xlsx', scenario.export_input(store, scenario.create_hostile(store),
                                                                    identified=True))
    book = load_workbook(io.BytesIO(hostile))
    assert not [c.coordinate for sheet in book for row in sheet.iter_rows() for c in row if c.data_type == 'f']
    names = pd.read_excel(io.BytesIO(hostile), sheet_name='Consent log')['Name']
    assert '@SUM(1+1)' in set(names)  # a name that looks like a formula stays text


def test_a_rating_round_gives_every_rating_on_each_ballot(store):
    from tests.support import rating_scenario as rated
    workshop_id = store.create_workshop(rated.workshop(), rated.events()).id
    raw = registry.write('research-xlsx', scenario.export_input(store, workshop_id))
    votes = pd.read_excel(io.BytesIO(raw), sheet_name='Votes')
    first = votes[(votes['Participant'] == 'P01') & (votes['Improvement ID'] == 'health_navigator')].iloc[0]
    assert (first['Rating: importance'], first['Rating: feasibility'], first['Passed']) == (5, 4, 'no')
