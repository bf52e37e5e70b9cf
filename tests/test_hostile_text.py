"""Text people type (comments, names, ideas) stays inert everywhere it goes: every export and the map picture.

Hypothesis writes the text; the fixed cases are the classics (script tags, spreadsheet formulas, DDE).
"""
from __future__ import annotations

import csv
import io

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


def assert_inert(store, workshop_id: str, texts: list[str]) -> None:
    data = service.export_input(store, workshop_id, identified=True)
    books = [load_workbook(io.BytesIO(registry.write(name, data))) for name in ('xlsx', 'research-xlsx')]
    formulas = [f'{sheet.title}!{cell.coordinate}' for book in books for sheet in book for row in sheet.iter_rows()
                for cell in row if cell.data_type == 'f']
    assert formulas == [], 'people\'s text must never become a spreadsheet formula'
    rows = list(csv.DictReader(io.StringIO(registry.write('csv', data).decode('utf-8-sig'))))
    people = {i.title for i in data.workshop.improvements if i.id.startswith('idea_')}
    titles = {row['title'] if row['title'] in people else row['title'].removeprefix("'") for row in rows}  # "'" is
    assert titles >= people, 'the ideas people wrote are in the ranked list'  # a title, not always a quote prefix
    unsafe = [cell for row in rows for cell in row.values() if cell.startswith(FORMULA_START)]
    assert unsafe == [], 'a CSV cell a spreadsheet would run as a formula'
    for fmt in ('html', 'html-participants', 'svg'):
        out = registry.write(fmt, data).decode()
        assert '<script>alert' not in out and '<img src=x' not in out, fmt  # escaped text is fine, tags are not


def test_the_classic_attacks_are_written_as_text(store, car_t):
    workshop_id = _workshop_with(store, car_t, CLASSICS)
    assert_inert(store, workshop_id, CLASSICS)


@settings(max_examples=FUZZ_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(texts=st.lists(hostile, min_size=1, max_size=3))
def test_any_hostile_text_stays_inert_in_every_export(store, car_t, texts):
    workshop_id = _workshop_with(store, car_t, texts)
    assert_inert(store, workshop_id, texts)
