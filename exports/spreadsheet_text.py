"""One rule for people's text that a spreadsheet would run as a formula (CSV injection): text starting with
= + - @, a tab or a carriage return. The CSV writes it with a leading apostrophe; the workbook stores it as text
with Excel's quote prefix (workbook.put)."""
from __future__ import annotations

FORMULA_START = ('=', '+', '-', '@', '\t', '\r')


def runs_as_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def csv_text(text: str) -> str:
    """Text for a CSV cell: an apostrophe in front of anything a spreadsheet would run."""
    return f"'{text}" if runs_as_formula(text) else text
