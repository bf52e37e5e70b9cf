"""ACCESSIBILITY.md says which pages were tested: exactly the pages the axe audit visits, in the same order."""
import re

from tests.support.browser import ROOT
from tests.support.audit import AUDITED

STATEMENT = ROOT / 'ACCESSIBILITY.md'


def pages_in_statement() -> list[str]:
    section = STATEMENT.read_text(encoding='utf-8').split('## Pages tested', 1)[1].split('\n## ', 1)[0]
    rows = re.findall(r'^\| ([^|]+?) \|', section, flags=re.MULTILINE)
    return [row for row in rows if row not in ('page', '---')]


def test_the_statement_lists_exactly_the_audited_pages():
    assert pages_in_statement() == list(AUDITED)


def test_the_statement_claims_wcag_2_2_aa_for_every_page_and_has_a_contact():
    text = STATEMENT.read_text(encoding='utf-8')
    rows = re.findall(r'^\| (?!page|---)[^|]+\|[^|]+\|[^|]+\| ([^|]+) \|$', text, flags=re.MULTILINE)
    assert len(rows) == len(AUDITED) and all(claim.startswith('WCAG 2.2 AA') for claim in rows)
    for section in ('## Conformance claim', '## How it was tested', '## Known exceptions', '## Contact'):
        assert section in text
