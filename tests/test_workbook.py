"""The lead's Excel workbook, read back sheet by sheet with openpyxl and pandas, and printed by LibreOffice."""
import csv
import datetime as dt
import io
import subprocess
import textwrap

from tests.support import export_scenario as scenario
import pandas as pd
import pytest
from openpyxl import load_workbook

from exports import registry, workbook

TITLES = ['Health navigator', 'Centralised information dashboard', 'Culturally appropriate care for all patients',
          'Outpatient monitoring with travel support']
SHEETS = ['Summary', 'Participants', 'Rounds', 'Ranked improvements', 'Ranking chart', 'Comments', 'Journey map',
          'Quotes', 'Decisions & actions', 'Method']


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
    assert book['Comments'].auto_filter.ref == 'A1:F5'


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


def test_the_ranking_has_a_native_bar_chart_beside_its_table(xlsx):
    book = load_workbook(io.BytesIO(xlsx))
    assert not book['Ranked improvements']._charts  # thirty columns wide: a chart there would sit off-screen
    sheet = book['Ranking chart']
    table = pd.read_excel(io.BytesIO(xlsx), sheet_name='Ranking chart')
    assert list(table.columns) == ['Rank', 'Tied', 'Improvement', 'Borda points']
    assert list(table['Improvement']) == TITLES and list(table['Borda points']) == [21, 18, 16, 11]
    (chart,) = sheet._charts
    assert chart.type == 'bar' and chart.x_axis.scaling.orientation == 'maxMin'
    anchor = chart.anchor._from
    assert (anchor.col, anchor.row) == (5, 1)  # beside the four columns it draws, one blank column between
    assert chart.series[0].val.numRef.f == "'Ranking chart'!$D$2:$D$5"
    assert chart.series[0].cat.numRef.f == "'Ranking chart'!$C$2:$C$5" or \
        chart.series[0].cat.strRef.f == "'Ranking chart'!$C$2:$C$5"


def test_comments_journey_decisions_consent_and_method_read_back(xlsx):
    sheets = pd.read_excel(io.BytesIO(xlsx), sheet_name=None)
    assert 'I had to push for everything myself.' in set(sheets['Comments']['Comment'])
    assert 'We slept in the car for two nights.' not in set(sheets['Comments']['Comment'].astype(str))
    journey = sheets['Journey map']
    assert journey.loc[0, 'Stage'] == '1. Before seeking treatment' and 'Patients' in journey.columns
    decisions = sheets['Decisions & actions']
    navigator = decisions[decisions['Improvement ID'] == 'health_navigator']
    assert list(navigator['Owner']) == ['Service manager, Haematology', 'Clinical director']
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
    assert ranked[0][:4] == ['Round', 'Rank', 'Tied', 'Improvement'] and ranked[1][3] == scenario.HOSTILE[0]
    summary = out['Summary'].read_text(encoding='utf-8')
    assert 'Support persons / whānau' in summary and 'RE-TELL co-design team' in summary


def test_a_rating_round_shows_every_question_consensus_stability_and_quadrant(store):
    from tests.support import rating_scenario as rated
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
    lines = len(textwrap.wrap(method.cell(row=longest, column=1).value, workbook._per_line(width)))
    assert width > 60 and lines > 1 and method.row_dimensions[longest].height == 15 * lines


def test_comment_times_are_real_dates_in_the_workshops_time_zone(xlsx):
    sheet = load_workbook(io.BytesIO(xlsx))['Comments']
    assert sheet['A1'].value == 'At (Pacific/Auckland)'
    assert sheet['A2'].is_date and sheet['A2'].number_format == 'yyyy-mm-dd hh:mm'
    assert sheet['A2'].value.date() == dt.date(2026, 3, 11)  # the morning of the workshop in Auckland


def test_due_dates_are_real_dates(xlsx):
    sheet = load_workbook(io.BytesIO(xlsx))['Decisions & actions']
    due = sheet['H2']
    assert sheet['H1'].value == 'Due' and due.is_date and due.value == dt.datetime(2026, 4, 30)


def one_table(sheet) -> bool:
    """One table per sheet: the header in row 1 and no blank row (the gap before a second table) under it."""
    return all(any(c.value is not None for c in row) for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row))


def test_libreoffice_prints_the_workbook_on_twelve_landscape_pages_at_most(office_pdf, xlsx, tmp_path):
    """What a lead gets from File > Print: every sheet on landscape pages of its own, one table to a sheet, the
    header row on each page, no text past a page's edge, no sheet shrunk below 7-point text to fit the page's width,
    and a dozen pages at most (the long record is in the research workbook)."""
    import pdfplumber
    assert all(one_table(sheet) for sheet in load_workbook(io.BytesIO(xlsx)))
    source = tmp_path / 'workshop.xlsx'
    source.write_bytes(xlsx)
    with pdfplumber.open(office_pdf(source)) as pdf:
        pages = [(p.width > p.height, p.extract_text().splitlines(), p) for p in pdf.pages]
        assert all(wide for wide, _, _ in pages)
        assert [lines[0] for _, lines, _ in pages] == sorted((lines[0] for _, lines, _ in pages), key=SHEETS.index)
        assert {lines[0] for _, lines, _ in pages} == set(SHEETS)  # every sheet, each on pages of its own, in order
        for number, (_, lines, page) in enumerate(pages, start=1):
            assert lines[-1] == f'Page {number} of {len(pages)}'
            outside = [w['text'] for w in page.extract_words() if w['x0'] < 0 or w['x1'] > page.width]
            assert not outside, f'page {number} ({lines[0]}): {outside}'
            assert min(c['size'] for c in page.chars) >= 7, f'page {number} ({lines[0]}) is shrunk to be unreadable'
    journey = [lines for _, lines, _ in pages if lines[0] == 'Journey map']
    assert len(journey) == 2 and all(lines[1].startswith('Stage Patients') for lines in journey)  # header repeated
    ranked = next(lines for _, lines, _ in pages if lines[0] == 'Ranked improvements')
    assert ranked[1].startswith('Round Rank Tied Improvement Score Balanced') and 'Health navigator' in ranked[3]
    decided = ' '.join(next(lines for _, lines, _ in pages if lines[0] == 'Decisions & actions'))
    assert 'Action Owner Due Action status' in decided and 'Haematology' in decided and '2026-04-30' in decided
    assert 'health_navigator' not in decided  # the idea's ID is for the screen, beside the printed columns
    assert len(pages) <= 12  # 19 when every ballot and vote event printed too
