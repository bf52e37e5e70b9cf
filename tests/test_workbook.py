"""The Excel workbook, read back sheet by sheet with openpyxl and pandas, and opened in LibreOffice."""
import csv
import datetime as dt
import io
import subprocess

import export_scenario as scenario
import pandas as pd
import pytest
from openpyxl import load_workbook

from exports import registry

SHEETS = ['Summary', 'Participants', 'Rounds', 'Ranked improvements', 'Votes', 'Matrix', 'Audit', 'Comments', 'Journey map', 'Quotes',
          'Decisions & actions', 'Consent log', 'Method']


@pytest.fixture
def xlsx(store) -> bytes:
    return registry.write('xlsx', scenario.export_input(store, scenario.create(store)))


@pytest.fixture
def hostile(store) -> bytes:
    return registry.write('xlsx', scenario.export_input(store, scenario.create_hostile(store), identified=True))


def test_the_workbook_has_every_sheet_with_a_frozen_filtered_header(xlsx):
    book = load_workbook(io.BytesIO(xlsx))
    assert book.sheetnames == SHEETS
    for name in SHEETS:
        sheet = book[name]
        assert sheet.freeze_panes == 'A2', name
        assert sheet['A1'].font.bold, name
        assert all(sheet.column_dimensions[c].width >= 8 for c in 'AB'), name
    assert book['Audit'].auto_filter.ref.startswith('A1:I')
    assert book['Audit']['I1'].comment.text.startswith('Value: for dots, the number of dots')


def test_the_summary_carries_provenance_and_participants_per_group(xlsx):
    summary = pd.read_excel(io.BytesIO(xlsx), sheet_name='Summary')
    values = dict(zip(summary['Item'], summary['Value']))
    assert values['Run by'] == 'RE-TELL co-design team' and values['Held'] == '2026-03-11'  # in Auckland
    assert values['Exported'] == '2026-03-14T00:00:00+00:00' and values['Cycle element now'] == 'Decide'
    people = pd.read_excel(io.BytesIO(xlsx), sheet_name='Participants').set_index('Group')['Participants']
    assert people['Patients'] == 5 and people['Support persons / whānau'] == 2  # one table per sheet: pivots work
    rounds = pd.read_excel(io.BytesIO(xlsx), sheet_name='Rounds')
    assert list(rounds['Round']) == [1, 2] and list(rounds['Voters']) == [14, 11]


def test_the_ranked_sheet_puts_the_ranked_list_first_with_every_view(xlsx):
    ranked = pd.read_excel(io.BytesIO(xlsx), sheet_name='Ranked improvements')
    first = ranked.iloc[0]
    assert (first['Round'], first['Rank'], first['Improvement'], first['Score']) == (2, 1, 'Health navigator', 21)
    assert (first['Balanced rank'], first['Balanced score']) == (1, 10)
    assert (first['Clinicians rank'], first['Clinicians score']) == (3, 6)
    assert pd.isna(first['Support persons / whānau score']) and pd.isna(first['Patients score'])  # numbers only
    assert first['Support persons / whānau suppressed'] == first['Patients suppressed'] == 'yes'
    assert first['Clinicians suppressed'] == 'no' and ranked['Clinicians score'].dtype.kind in 'if'
    assert (first['Consensus'], first['Stability'], first['Stability: top']) == ('no consensus', 0.98, 3)
    assert list(ranked['Round']) == [2] * 4 + [1] * 6 and list(ranked['Tied'][4:8]) == ['no', 'no', 'yes', 'yes']


def test_a_suppressed_column_says_why_on_its_header(xlsx):
    sheet = load_workbook(io.BytesIO(xlsx))['Ranked improvements']
    header = {c.value: c for c in sheet[1]}
    assert 'Fewer than 5 people' in header['Support persons / whānau suppressed'].comment.text
    assert 'complementary suppression' in header['Patients suppressed'].comment.text
    assert header['Clinicians suppressed'].comment is None


def test_the_ranking_has_a_native_bar_chart(xlsx):
    sheet = load_workbook(io.BytesIO(xlsx))['Ranked improvements']
    assert len(sheet._charts) == 1
    chart = sheet._charts[0]
    assert chart.type == 'bar' and chart.x_axis.scaling.orientation == 'maxMin'
    anchor = chart.anchor._from
    assert anchor.col == 0 and anchor.row == sheet.max_row + 1  # under its table, not off to the right


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


def test_comments_journey_decisions_consent_and_method_read_back(xlsx):
    sheets = pd.read_excel(io.BytesIO(xlsx), sheet_name=None)
    assert 'I had to push for everything myself.' in set(sheets['Comments']['Comment'])
    assert 'We slept in the car for two nights.' not in set(sheets['Comments']['Comment'].astype(str))
    journey = sheets['Journey map']
    assert journey.loc[0, 'Stage'] == '1. Before seeking treatment' and 'Patients' in journey.columns
    decisions = sheets['Decisions & actions']
    navigator = decisions[decisions['Improvement ID'] == 'health_navigator']
    assert list(navigator['Owner']) == ['Service manager, Haematology', 'Clinical director']
    assert set(sheets['Consent log']['Event']) == {'joined', 'consent given', 'withdrew'}
    assert 'Name' not in sheets['Consent log'].columns
    method = ' '.join(sheets['Method'].iloc[:, 0])
    assert 'share a rank, shown like "3="' in method and 'at least 5 people' in method
    assert 'Round 2, Support persons / whānau: Fewer than 5 people' in method


def test_never_quotes_stay_out_of_the_workbook(xlsx):
    never = scenario.workshop().themes[0].quotes[0].text
    cells = {c.value for sheet in load_workbook(io.BytesIO(xlsx)) for row in sheet.iter_rows() for c in row}
    assert never not in cells and 'We only found out it existed through people we knew.' in cells


def test_hostile_text_is_stored_as_text_never_as_a_formula(hostile):
    book = load_workbook(io.BytesIO(hostile))
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == 'f']
    texts = {c.value: c for c in cells if isinstance(c.value, str)}
    for text in scenario.HOSTILE:
        assert text in texts and texts[text].data_type == 's' and texts[text].quotePrefix
    comments = pd.read_excel(io.BytesIO(hostile), sheet_name='Comments')
    assert set(scenario.HOSTILE) <= set(comments['Comment'])
    assert '@SUM(1+1)' in set(pd.read_excel(io.BytesIO(hostile), sheet_name='Consent log')['Name'])


# --- LibreOffice: what someone actually sees when they open the file ---------------------------------------------

def test_libreoffice_opens_every_sheet_and_shows_formulas_as_text(soffice, hostile, tmp_path):
    source = tmp_path / 'workshop.xlsx'
    source.write_bytes(hostile)
    # every sheet to its own UTF-8 CSV (the last filter option, -1, means all sheets), with a throwaway profile
    result = subprocess.run([soffice, f'-env:UserInstallation={(tmp_path / "profile").as_uri()}', '--headless',
                             '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,'
                             'false,-1', '--outdir', str(tmp_path / 'out'), str(source)],
                            capture_output=True, text=True, timeout=180)
    out = {p.stem.removeprefix('workshop-'): p for p in (tmp_path / 'out').glob('*.csv')}
    assert set(out) == set(SHEETS), result.stdout + result.stderr
    comments = list(csv.reader(io.StringIO(out['Comments'].read_text(encoding='utf-8'))))
    assert [row[5] for row in comments[1:]][:4] == scenario.HOSTILE  # not "y", 2, an error or 1
    ranked = list(csv.reader(io.StringIO(out['Ranked improvements'].read_text(encoding='utf-8'))))
    assert ranked[0][:3] == ['Round', 'Method', 'Rank'] and ranked[1][5] == scenario.HOSTILE[0]
    summary = out['Summary'].read_text(encoding='utf-8')
    assert 'Support persons / whānau' in summary and 'RE-TELL co-design team' in summary


def test_a_rating_round_shows_every_question_consensus_stability_and_quadrant(store):
    import rating_scenario as rated
    workshop_id = store.create_workshop(rated.workshop(), rated.events()).id
    raw = registry.write('xlsx', scenario.export_input(store, workshop_id))
    ranked = pd.read_excel(io.BytesIO(raw), sheet_name='Ranked improvements').set_index('Improvement ID')
    for idea in rated.IDEAS:
        row = ranked.loc[idea]
        assert (f'{row["importance mean"]:.2f}', f'{row["feasibility mean"]:.2f}') == rated.MEANS[idea]
        assert (f'{row["importance median"]:g}', f'{row["feasibility median"]:g}') == rated.MEDIANS[idea]
        assert tuple(f'{round(100 * row[f"{c} agreement"])}%' for c in ('importance', 'feasibility')) == \
            rated.AGREEMENT[idea]
        assert (row['Quadrant'], row['Consensus']) == (rated.QUADRANT[idea], rated.CONSENSUS[idea])
        assert (f'{round(100 * row["Stability"])}%', row['Stability: top']) == (rated.STABILITY[idea], 2)
    votes = pd.read_excel(io.BytesIO(raw), sheet_name='Votes')
    first = votes[(votes['Participant'] == 'P01') & (votes['Improvement ID'] == 'health_navigator')].iloc[0]
    assert (first['Rating: importance'], first['Rating: feasibility'], first['Passed']) == (5, 4, 'no')


def test_dates_are_real_dates_in_the_workshops_time_zone(xlsx):
    sheet = load_workbook(io.BytesIO(xlsx))['Audit']
    assert sheet['A1'].value == 'At (Pacific/Auckland)'
    first = sheet['A2']  # the first vote: T0 + 1000 s, i.e. 21:16 UTC on 10 March, 10:16 on 11 March in Auckland
    assert first.is_date and first.value == dt.datetime(2026, 3, 11, 10, 16) and first.number_format == 'yyyy-mm-dd hh:mm'
    consent = load_workbook(io.BytesIO(xlsx))['Consent log']
    assert consent['A2'].value == dt.datetime(2026, 3, 11, 10, 0)


# --- printing and pivoting ---------------------------------------------------------------------------------------

def test_every_sheet_prints_landscape_one_page_wide_with_its_header_repeated(xlsx):
    book = load_workbook(io.BytesIO(xlsx))
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ('landscape', 1, 0), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows == '$1:$1', sheet.title
        assert sheet.oddFooter.right.text == 'Page &P of &N', sheet.title


def test_wrapped_text_gets_rows_tall_enough_to_show_it(xlsx):
    method = load_workbook(io.BytesIO(xlsx))['Method']
    longest = max(range(2, method.max_row + 1), key=lambda r: len(method.cell(row=r, column=1).value))
    width = method.column_dimensions['A'].width
    lines = -(-len(method.cell(row=longest, column=1).value) // (width - 1))
    assert width > 60 and lines > 1 and method.row_dimensions[longest].height == 15 * lines


def test_due_dates_are_real_dates(xlsx):
    sheet = load_workbook(io.BytesIO(xlsx))['Decisions & actions']
    due = sheet['J2']
    assert sheet['J1'].value == 'Due' and due.is_date and due.value == dt.datetime(2026, 4, 30)


def test_libreoffice_prints_every_sheet_on_landscape_pages_with_the_header_on_each(office_pdf, xlsx, tmp_path):
    import pdfplumber
    source = tmp_path / 'workshop.xlsx'
    source.write_bytes(xlsx)
    with pdfplumber.open(office_pdf(source)) as pdf:
        pages = [(p.width > p.height, p.extract_text().splitlines()) for p in pdf.pages]
    assert all(wide for wide, _ in pages)
    assert [lines[0] for _, lines in pages if lines[0] in SHEETS] == [lines[0] for _, lines in pages]
    assert {lines[0] for _, lines in pages} == set(SHEETS)  # every sheet, each on pages of its own
    votes = [lines for _, lines in pages if lines[0] == 'Votes']
    assert len(votes) > 1 and all(lines[1].startswith('Round Participant Group') for lines in votes)
    assert len(pages) <= 20  # 19 for this workshop: the long Votes and Audit sheets print at a readable size
