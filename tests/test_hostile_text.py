"""Text people type (comments, names, ideas) stays inert everywhere it goes: every export and the map picture.

Hypothesis writes the text; the fixed cases are the classics (script tags, spreadsheet formulas, DDE).
"""
from __future__ import annotations

import csv
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from exports import registry
from workshop import service
from workshop.live import FACILITATOR, PARTICIPANT, Actor, LiveWorkshop, Refused

FUZZ_EXAMPLES = 40  # each example writes every export; kept modest for the suite's time
CLASSICS = ['<script>alert(1)</script>', '=HYPERLINK("http://x","y")', '@SUM(1+1)', "+cmd|' /C calc'!A0", '-2+3',
            '"><img src=x onerror=alert(1)>', '{{ 7*7 }}', '&amp; &lt;b&gt;', 'Kia ora 🌿 whānau']
hostile = st.one_of(st.sampled_from(CLASSICS),
                    st.builds(lambda prefix, rest: prefix + rest, st.sampled_from(['=', '+', '-', '@', '<', '\t']),
                              st.text(min_size=1, max_size=40)))


def _workshop_with(store, car_t, texts: list[str]) -> str:
    """Each text as a participant's name, comment and idea; the ideas approved and voted on in a round that closed."""
    live = LiveWorkshop(store, store.create_workshop(car_t).id)
    facilitator = Actor(role=FACILITATOR)
    voters = []
    for i, text in enumerate(texts):
        participant = f'p-{i}'
        live.join(participant, group='patients', display_name=text, quotes='named')
        actor = Actor(role=PARTICIPANT, participant=participant)
        try:
            live.comment(actor, 'stage', 'consent', 'clarify', text)
            voters.append((actor, live.approve_proposal(facilitator, live.propose(actor, text, description=text))))
        except Refused:  # only blanks and control characters: refused with "Please write something first."
            assert not ''.join(ch for ch in text if ch.isprintable()).strip()
    ideas = [idea for _, idea in voters] + ['health_navigator']
    number = live.create_round(facilitator, 'dots', improvements=ideas, budget=1, cap=1)
    live.open_round(facilitator, number)
    for actor, idea in voters:
        live.set_dots(actor, idea, 1)
    live.close_round(facilitator, number)
    live.decide(facilitator, 'health_navigator', 'adopt', rationale=texts[0] or 'x', minority_view=texts[-1])
    return live.id


FORMULA_START = ('=', '+', '-', '@', '\t', '\r')  # what a spreadsheet runs as a formula (OWASP's CSV injection list)
TAGS = ('<script>alert', '<img src=x')  # escaped text is fine, tags are not
# What each kind of file is checked for, found by its media type in the registry, so a format added later is checked
# too; the archive (JSON: the record itself, read back by the app) and the pictures (PNG) hold no markup to run.
NOT_TEXT = ('application/json', 'image/png')
# Seconds each (charts drawn, every table written again): the classics go through them, the fuzzed text does not.
# Fuzzed text is about formula starts, which only spreadsheets run; the tags to keep out are the classics'.
SLOW = ('md', 'html', 'docx', 'data-dictionary')
NO_GLYPH = pytest.mark.filterwarnings('ignore:Glyph .* missing from font')  # charts draw an emoji as a box


def assert_inert(store, workshop_id: str, texts: list[str], *, every: bool = True) -> None:
    data = service.export_input(store, workshop_id, identified=True)
    written = {name: registry.write(name, data) for name, f in registry.formats().items()
               if f.media_type not in NOT_TEXT and (every or name not in SLOW)}
    kinds = {name: registry.formats()[name].media_type for name in written}
    assert {'text/csv', registry.XLSX, registry.HTML, 'image/svg+xml'} | (
        {registry.MD, registry.DOCX} if every else set()) <= set(kinds.values()), 'every kind of file is checked'
    for name, out in written.items():
        if kinds[name] == registry.XLSX:
            book = load_workbook(io.BytesIO(out))
            formulas = [f'{sheet.title}!{cell.coordinate}' for sheet in book for row in sheet.iter_rows()
                        for cell in row if cell.data_type == 'f']
            assert formulas == [], f'{name}: people\'s text must never become a spreadsheet formula'
        elif kinds[name] == 'text/csv':
            rows = list(csv.reader(io.StringIO(out.decode('utf-8-sig'))))
            unsafe = [cell for row in rows for cell in row if cell.startswith(FORMULA_START)]
            assert unsafe == [], f'{name}: a CSV cell a spreadsheet would run as a formula'
        elif out[:2] == b'PK':  # Word, the QDA project: XML inside a zip (the project's .txt sources are plain text)
            with zipfile.ZipFile(io.BytesIO(out)) as archive:
                for member in (m for m in archive.namelist() if not m.endswith('.txt')):
                    inside = archive.read(member).decode('utf-8', 'replace')
                    assert not any(tag in inside for tag in TAGS), (name, member)
        else:  # HTML, SVG, Markdown (which a viewer renders, raw HTML included, unless escaped: '\\<')
            shown = out.decode().replace('\\<', '') if kinds[name] == registry.MD else out.decode()
            assert not any(tag in shown for tag in TAGS), name
    rows = list(csv.DictReader(io.StringIO(written['csv'].decode('utf-8-sig'))))
    people = {i.title for i in data.workshop.improvements if i.id.startswith('idea_')}
    titles = {row['title'] if row['title'] in people else row['title'].removeprefix("'") for row in rows}  # "'" is
    assert titles >= people, 'the ideas people wrote are in the ranked list'  # a title, not always a quote prefix
    comments = list(csv.DictReader(io.StringIO(written['comments-csv'].decode('utf-8-sig'))))
    said = {row['comment'] if row['comment'] in texts else row['comment'].removeprefix("'") for row in comments}
    assert said >= {t for t in texts if t.strip() and t.isprintable()}, 'the comments people wrote are in the file'


@NO_GLYPH
def test_the_classic_attacks_are_written_as_text(store, car_t):
    workshop_id = _workshop_with(store, car_t, CLASSICS)
    assert_inert(store, workshop_id, CLASSICS)


@NO_GLYPH
@settings(max_examples=FUZZ_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(texts=st.lists(hostile, min_size=1, max_size=3))
def test_any_hostile_text_stays_inert_in_every_export(store, car_t, texts):
    workshop_id = _workshop_with(store, car_t, texts)
    assert_inert(store, workshop_id, texts, every=False)
