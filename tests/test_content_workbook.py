"""Content workbooks: a facilitator exports the map to Excel, edits it there and loads it back."""
import copy
import io

import pytest
from openpyxl import load_workbook

from exports.content_workbook import read_workbook, write_workbook
from workshop.content import ContentError
from workshop.domain.model import Quote, QuoteConsent, Stage, Workshop


def edit(raw: bytes, sheet: str, cell: str, value) -> bytes:
    book = load_workbook(io.BytesIO(raw))
    book[sheet][cell] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_yaml_to_workbook_and_back_is_the_same_map(car_t):
    assert read_workbook(write_workbook(car_t), 'map.xlsx', base=car_t) == car_t


def test_branches_ends_and_formula_like_text_survive_the_round_trip(car_t):
    workshop = copy.deepcopy(car_t)
    workshop.stages[1].next = ['consent', 'travel']
    workshop.stages.append(Stage(id='overseas_end', title='=HYPERLINK("x") stays text', next=[]))
    workshop.stages[1].next.append('overseas_end')
    workshop.themes[0].quotes.append(Quote(text='@once +twice -thrice', stream='whanau', paraphrase=False))
    raw = write_workbook(workshop)
    assert read_workbook(raw, 'map.xlsx', base=car_t) == workshop
    sheet = load_workbook(io.BytesIO(raw))['Stages']
    assert sheet.freeze_panes == 'A2' and sheet['E13'].value == '(end)' and sheet['B13'].data_type == 's'


def test_quotes_that_may_never_leave_are_not_written_and_are_kept_on_loading(car_t):
    workshop = copy.deepcopy(car_t)
    workshop.themes[2].quotes.append(Quote(text='Only for the team', consent=QuoteConsent.NEVER))
    raw = write_workbook(workshop)
    texts = [row[1] for row in load_workbook(io.BytesIO(raw))['Quotes'].iter_rows(values_only=True)]
    assert 'Only for the team' not in texts
    assert read_workbook(raw, 'map.xlsx', base=workshop) == workshop


def test_the_sheets_have_the_expected_columns(car_t):
    book = load_workbook(io.BytesIO(write_workbook(car_t)))
    assert book.sheetnames == ['Stages', 'Streams', 'Themes', 'Quotes', 'Improvements', 'Read me']
    themes = book['Themes']
    assert [c.value for c in themes[1]][:3] == ['id', 'title', 'description']
    assert themes['H2'].value == 'pre_referral; referral; travel'  # lists are '; '-separated ids
    assert themes.column_dimensions['C'].width == 60  # edited on screen: long text is not narrowed to a printed page


def test_the_number_invited_to_each_group_is_edited_in_the_workbook(car_t):
    raw = edit(edit(write_workbook(car_t), 'Streams', 'D2', 8), 'Streams', 'D4', '6')
    assert load_workbook(io.BytesIO(raw))['Streams']['D1'].value == 'invited'
    loaded = read_workbook(raw, 'map.xlsx', base=car_t)
    assert [s.invited for s in loaded.streams] == [8, None, 6, None]
    again = load_workbook(io.BytesIO(write_workbook(loaded)))['Streams']
    assert (again['D2'].value, again['D3'].value, again['D4'].value) == (8, None, 6)  # numbers, not text
    for wrong in (-2, 'about ten', 3.5):
        with pytest.raises(ContentError) as caught:
            read_workbook(edit(raw, 'Streams', 'D3', wrong), 'map.xlsx', base=car_t)
        assert caught.value.problems == [f"Streams row 3, column invited: expected a whole number of people (0 or more) "
                                         f"or nothing, found '{wrong}'"]


def test_a_bad_cell_is_named_by_sheet_row_and_column_and_nothing_changes(car_t):
    before = copy.deepcopy(car_t)
    raw = edit(write_workbook(car_t), 'Themes', 'H7', 'consent; xyz')
    with pytest.raises(ContentError) as caught:
        read_workbook(raw, 'map.xlsx', base=car_t)
    assert "Themes row 7, column stages: theme 'easier_than_chemotherapy' points at unknown stage 'xyz'" in \
        caught.value.problems
    assert car_t == before


@pytest.mark.parametrize('sheet, cell, value, message', [
    ('Themes', 'E3', 'spiritual', 'Themes row 3, column category: expected one of practical, emotional, cultural'),
    ('Stages', 'A4', 'two words', "Stages row 4, column id: the id 'two words' has spaces"),
    ('Stages', 'A5', 'pre_referral', "Stages row 5, column id: stage id 'pre_referral' is used twice"),
    ('Stages', 'E12', 'pre_referral', 'Stages: the stages go round in a circle'),
    ('Quotes', 'A2', 'nope', "Quotes row 2, column theme: unknown theme 'nope'"),
    ('Quotes', 'C2', 'aliens', "Quotes row 2, column stream: quote of theme"),
    ('Improvements', 'H2', 'maybe', 'Improvements row 2, column status: expected one of proposed'),
    ('Streams', 'Z1', 'colour', 'Streams row 1, column colour: unknown column'),
])
def test_each_kind_of_mistake_is_placed(car_t, sheet, cell, value, message):
    with pytest.raises(ContentError) as caught:
        read_workbook(edit(write_workbook(car_t), sheet, cell, value), 'map.xlsx', base=car_t)
    assert any(p.startswith(message) for p in caught.value.problems), caught.value.problems


def test_a_file_that_is_not_a_workbook_says_so(car_t):
    with pytest.raises(ContentError, match='not an Excel workbook'):
        read_workbook(b'id,title\n', 'map.csv', base=car_t)


def test_a_missing_sheet_is_named():
    book = io.BytesIO()
    from openpyxl import Workbook
    Workbook().save(book)
    with pytest.raises(ContentError, match='the sheet Stages is missing'):
        read_workbook(book.getvalue(), 'map.xlsx', base=Workshop(title='T'))


# --- hostile workbooks: any cell changed, the workbook loads or fails with a message naming the place ---------------

import io as _io  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from openpyxl import load_workbook as _load  # noqa: E402

from workshop.content import load_yaml_file as _load_yaml  # noqa: E402
from workshop.content import template_path as _template_path  # noqa: E402

FUZZ_EXAMPLES = 60  # each example saves and reads a whole workbook
_CAR_T = _load_yaml(_template_path('car-t-cell-therapy'))
_BOOK = write_workbook(_CAR_T)
_text = st.text(alphabet=st.characters(blacklist_categories=('Cc', 'Cs')), max_size=30)  # what Excel can hold
_cell_values = st.one_of(st.none(), st.integers(-5, 50), st.floats(allow_nan=False), _text,
                         st.sampled_from(['consent; nowhere', 'spicy', '=1+1', 'patients', '']))


@settings(max_examples=FUZZ_EXAMPLES, deadline=None)
@given(changes=st.lists(st.tuples(st.integers(0, 3), st.integers(1, 30), st.integers(1, 12), _cell_values),
                        min_size=1, max_size=4))
def test_a_workbook_with_any_cells_changed_loads_or_names_the_place(changes):
    book = _load(_io.BytesIO(_BOOK))
    for sheet_index, row, column, value in changes:
        book.worksheets[sheet_index % len(book.worksheets)].cell(row=row, column=column, value=value)
    buffer = _io.BytesIO()
    book.save(buffer)
    try:
        read_workbook(buffer.getvalue(), 'content.xlsx', _CAR_T)
    except ContentError as e:
        assert e.problems and all(p for p in e.problems)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_are_refused_as_a_workbook(raw):
    try:
        read_workbook(raw, 'content.xlsx', _CAR_T)
    except ContentError as e:
        assert e.problems


def test_te_reo_has_its_own_columns_named_with_the_language_and_survives_the_round_trip(car_t):
    from workshop.domain.model import ImprovementReo, StageReo
    workshop = copy.deepcopy(car_t)  # a synthetic marker stands in for a translator's words; no te reo is made up
    workshop.stages[0].mi = StageReo(title='[te reo test marker] stage')
    workshop.improvements[0].mi = ImprovementReo(plain='[te reo test marker] plain words')
    raw = write_workbook(workshop)
    ideas = load_workbook(io.BytesIO(raw))['Improvements']
    header = [c.value for c in ideas[1]]
    assert header[-2:] == ['title (te reo Māori)', 'plain (te reo Māori)']
    column = header.index('plain (te reo Māori)') + 1
    assert ideas.cell(row=2, column=column).value == '[te reo test marker] plain words'
    assert read_workbook(raw, 'map.xlsx', base=car_t) == workshop
