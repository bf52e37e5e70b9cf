"""Ballots from paper or a survey tool join the same analysis as live votes — all rows or none."""
import io

import pytest
from openpyxl import Workbook

from workshop import service
from workshop.content import ContentError
from workshop.state import fold

# Three clinicians and two patients, dots (no cap). Hand-worked:
#   pooled totals: cell tracker 3+3+2 = 8, health navigator 2+1+3+2 = 8, culturally appropriate care 2+3 = 5,
#   dashboard 2 → navigator 1=, tracker 1= (tie listed in the template's order), care 3, dashboard 4.
#   group-balanced (m = 11 ideas, s = 12 − place): clinicians tracker 11, navigator 10, dashboard 9, the rest 8;
#   patients navigator and care tie first (11 each), the rest place 3 (9) → navigator 21, tracker 20, care 19,
#   dashboard 18, the other seven 17.
DOTS = '''participant,group,improvement,value
c1,clinicians,health_navigator,2
c1,clinicians,cell_tracker,3
c2,clinicians,cell_tracker,3
c2,clinicians,information_dashboard,2
c3,Clinicians,cell_tracker,2
c3,clinicians,health_navigator,1
p1,patients,Health navigator,3
p1,patients,culturally_appropriate_care,2
p2,patients,health_navigator,2
p2,patients,culturally_appropriate_care,3
'''


@pytest.fixture
def workshop_id(store, car_t):
    return store.create_workshop(car_t).id


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


def results(store, workshop_id, round_number):
    from workshop import ranking
    state = fold(service.load_workshop(store, workshop_id), store.events(workshop_id))
    round_ = state.rounds[round_number]
    return ranking.analyse(round_, state.round_improvements(round_), state.ballots(round_number),
                           [s.id for s in state.workshop.streams], state.workshop.settings)


def test_paper_dot_ballots_form_a_closed_round_with_the_hand_checked_ranking(store, workshop_id, tmp_path):
    done = service.import_votes(store, workshop_id, write(tmp_path, 'dots.csv', DOTS), method='dots')
    assert done == {'round': 1, 'method': 'dots', 'new_round': True, 'participants': 5, 'rows': 10}

    result = results(store, workshop_id, 1)
    assert [(i.improvement, i.score, i.label) for i in result.pooled[:4]] == [
        ('health_navigator', 8, '1='), ('cell_tracker', 8, '1='), ('culturally_appropriate_care', 5, '3'),
        ('information_dashboard', 2, '4')]
    assert [(i.improvement, i.score, i.label) for i in result.balanced[:5]] == [
        ('health_navigator', 21, '1'), ('cell_tracker', 20, '2'), ('culturally_appropriate_care', 19, '3'),
        ('information_dashboard', 18, '4'), ('infusion_ceremony', 17, '5=')]


def test_the_ranked_csv_after_import_votes_shows_the_hand_checked_ranking(store, workshop_id, tmp_path, cfg, capsys):
    import csv as csv_module

    from workshop.cli import main
    path = write(tmp_path, 'dots.csv', DOTS)
    assert main(['import-votes', workshop_id, str(path), '--method', 'dots', '--data', str(cfg.data_dir)]) == 0
    out = tmp_path / 'ranked.csv'
    assert main(['export', workshop_id, '--format', 'csv', '--out', str(out), '--data', str(cfg.data_dir)]) == 0
    rows = list(csv_module.DictReader(out.read_text(encoding='utf-8-sig').splitlines()))
    assert [(r['rank'], r['tied'], r['improvement_id'], r['score']) for r in rows[:4]] == [
        ('1', 'yes', 'health_navigator', '8'), ('1', 'yes', 'cell_tracker', '8'),
        ('3', 'no', 'culturally_appropriate_care', '5'), ('4', 'no', 'information_dashboard', '2')]
    by_id = {r['improvement_id']: r for r in rows}
    assert [(i, by_id[i]['balanced_rank'], by_id[i]['balanced_score']) for i in
            ('health_navigator', 'cell_tracker', 'culturally_appropriate_care', 'information_dashboard')] == [
        ('health_navigator', '1', '21'), ('cell_tracker', '2', '20'), ('culturally_appropriate_care', '3', '19'),
        ('information_dashboard', '4', '18')]
    assert by_id['cell_tracker']['score_clinicians'] == ''  # 3 clinicians: below the threshold of 5, suppressed


def test_rankings_are_recognised_and_read_from_xlsx(store, workshop_id, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(['participant', 'group', 'improvement', 'value'])
    for participant, order in (('a', ['cell_tracker', 'health_navigator']),
                               ('b', ['health_navigator', 'cell_tracker'])):
        for position, improvement in enumerate(order, start=1):
            sheet.append([participant, 'patients', improvement, position])
    buffer = io.BytesIO()
    book.save(buffer)
    (tmp_path / 'ranks.xlsx').write_bytes(buffer.getvalue())

    done = service.import_votes(store, workshop_id, tmp_path / 'ranks.xlsx')
    assert done['method'] == 'rank' and done['round'] == 1
    top = results(store, workshop_id, 1).pooled[:2]
    assert [(i.improvement, i.score) for i in top] == [('health_navigator', 3), ('cell_tracker', 3)]


def test_every_bad_row_is_reported_and_nothing_is_imported(store, workshop_id, tmp_path):
    bad = DOTS + 'p3,surgeons,health_navigator,1\np4,patients,teleportation,1\np5,patients,cell_tracker,lots\n'
    before = store.count_events(workshop_id)
    with pytest.raises(ContentError) as caught:
        service.import_votes(store, workshop_id, write(tmp_path, 'bad.csv', bad), method='dots')
    message = str(caught.value)
    assert "row 12, column group: unknown group 'surgeons'" in message
    assert "row 13, column improvement: no improvement has the id or title 'teleportation'" in message
    assert "row 14, column value: expected a number, found 'lots'" in message
    assert store.count_events(workshop_id) == before


def test_ballots_for_an_existing_round_obey_its_budget(store, workshop_id, tmp_path):
    service.import_votes(store, workshop_id, write(tmp_path, 'dots.csv', DOTS), method='dots')  # budget 5
    over = 'participant,group,improvement,value\nc1,clinicians,patient_education,1\n'
    with pytest.raises(ContentError, match='row 2: '):
        service.import_votes(store, workshop_id, write(tmp_path, 'more.csv', over), round_number=1)


def test_dots_and_ratings_cannot_be_told_apart_without_a_method(store, workshop_id, tmp_path):
    with pytest.raises(ContentError, match='add --method dots or --method rating'):
        service.import_votes(store, workshop_id, write(tmp_path, 'dots.csv', DOTS))


@pytest.mark.parametrize('text, message', [
    ('', 'the file is empty'),
    ('who,what\n', 'row 1: missing column(s) participant, group, improvement, value'),
    ('participant,group,improvement,value\n', 'there are no ballots in the file'),
])
def test_files_without_ballots_say_what_is_missing(store, workshop_id, tmp_path, text, message):
    with pytest.raises(ContentError, match=message.replace('(', r'\(').replace(')', r'\)')):
        service.import_votes(store, workshop_id, write(tmp_path, 'x.csv', text), method='dots')


# --- hostile input: never a crash, always a clear message, never half an import ------------------------------------

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

FUZZ_EXAMPLES = 200
cells = st.one_of(st.text(max_size=12), st.integers(-3, 12).map(str), st.sampled_from(
    ['health_navigator', 'Cell tracker', 'patients', 'whanau', 'prefer not to say', '1', '2.5', '=1+1', '']))


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(cells, min_size=0, max_size=5), max_size=8),
       method=st.sampled_from([None, 'dots', 'rank', 'rating']))
def test_any_ballot_file_imports_whole_or_not_at_all(store, workshop_id, tmp_path, rows, method):
    import csv
    buffer = io.StringIO()
    csv.writer(buffer).writerows([['participant', 'group', 'improvement', 'value'], *rows])
    path = tmp_path / 'fuzz.csv'
    path.write_text(buffer.getvalue())
    before = store.count_events(workshop_id)
    try:
        done = service.import_votes(store, workshop_id, path, method=method)
    except ContentError as e:
        assert e.problems and store.count_events(workshop_id) == before
    else:
        assert done['rows'] >= 1 and store.count_events(workshop_id) > before


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(st.one_of(cells, st.integers(-3, 12), st.floats(allow_nan=False), st.none()),
                              max_size=5), max_size=6))
def test_any_ballot_workbook_imports_whole_or_not_at_all(store, workshop_id, tmp_path, rows):
    book = Workbook()
    book.active.append(['participant', 'group', 'improvement', 'value'])
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # what no workbook can hold
    for row in rows:
        book.active.append([ILLEGAL_CHARACTERS_RE.sub('', c) if isinstance(c, str) else c for c in row])
    book.save(tmp_path / 'fuzz.xlsx')
    before = store.count_events(workshop_id)
    try:
        service.import_votes(store, workshop_id, tmp_path / 'fuzz.xlsx', method='dots')
    except ContentError as e:
        assert e.problems and store.count_events(workshop_id) == before
