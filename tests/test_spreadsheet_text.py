"""Text a spreadsheet would run as a formula is recognised once, for the CSV and the workbook alike."""
from exports.spreadsheet_text import csv_text, runs_as_formula


def test_formula_starts_get_an_apostrophe_in_csv():
    assert [csv_text(t) for t in ('=SUM(A1)', '+1', '-2+3', '@cmd', '\tx', '\rx')] == [
        "'=SUM(A1)", "'+1", "'-2+3", "'@cmd", "'\tx", "'\rx"]


def test_ordinary_text_is_left_alone():
    assert [csv_text(t) for t in ('Health navigator', 'a=b', '', "'quoted")] == [
        'Health navigator', 'a=b', '', "'quoted"]
    assert not runs_as_formula('Kia ora 1+1')
