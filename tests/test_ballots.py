"""Ballots from paper or a survey tool join the same analysis as live votes — all rows or none."""
import io

import pytest
from openpyxl import Workbook

from workshop import service
from workshop.content import ContentError
from workshop.domain.state import fold

# Three clinicians and two patients, dots (no cap). Hand-worked:
#   pooled totals: cell tracker 3+3+2 = 8, health navigator 2+1+3+2 = 8, culturally appropriate care 2+3 = 5,
#   dashboard 2 → navigator 1=, tracker 1= (tie listed in the template's order), care 3, dashboard 4.
#   group-balanced with a threshold of 2 (both groups shown; m = 11 ideas, points 12 − place, ties share the mean
#   of their places): clinicians tracker 11, navigator 10, dashboard 9, the other 8 tie for places 4–11 (7.5) → 4.5;
#   patients navigator and care tie for places 1–2 → 10.5 each, the other 9 for places 3–11 (7) → 5
#   → navigator 20.5, tracker 16, care 15, dashboard 14, the other seven 9.5.
#   With the usual threshold of 5 both groups are hidden and weigh in as one voice of two groups: navigator and
#   tracker tie for places 1–2 (2 × 10.5 = 21), care 3rd (18), dashboard 4th (16).
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
    from workshop.domain import ranking
    state = fold(service.load_workshop(store, workshop_id), store.events(workshop_id))
    round_ = state.rounds[round_number]
    return ranking.analyse(round_, state.round_improvements(round_), state.ballots(round_number),
                           [s.id for s in state.workshop.streams], state.workshop.settings)


def test_paper_dot_ballots_form_a_closed_round_with_the_hand_checked_ranking(store, car_t, tmp_path):
    car_t.settings.suppression_threshold = 2
    workshop_id = store.create_workshop(car_t).id
    done = service.import_votes(store, workshop_id, write(tmp_path, 'dots.csv', DOTS), method='dots')
    assert done == {'round': 1, 'method': 'dots', 'new_round': True, 'participants': 5, 'rows': 10,
                    'unchanged': False, 'scale': None}

    result = results(store, workshop_id, 1)
    assert [(i.improvement, i.score, i.label) for i in result.pooled[:4]] == [
        ('health_navigator', 8, '1='), ('cell_tracker', 8, '1='), ('culturally_appropriate_care', 5, '3'),
        ('information_dashboard', 2, '4')]
    assert [(i.improvement, i.score, i.label) for i in result.balanced[:5]] == [
        ('health_navigator', 20.5, '1'), ('cell_tracker', 16, '2'), ('culturally_appropriate_care', 15, '3'),
        ('information_dashboard', 14, '4'), ('infusion_ceremony', 9.5, '5=')]


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
        ('health_navigator', '1', '21'), ('cell_tracker', '1', '21'), ('culturally_appropriate_care', '3', '18'),
        ('information_dashboard', '4', '16')]
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
    assert "row 14, column value: expected a number or 'pass', found 'lots'" in message
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
    ('who,what\n', 'row 1: missing column(s) participant, group, improvement;'),
    ('participant,group,improvement,value\n', 'there are no ballots in the file'),
])
def test_files_without_ballots_say_what_is_missing(store, workshop_id, tmp_path, text, message):
    with pytest.raises(ContentError, match=message.replace('(', r'\(').replace(')', r'\)')):
        service.import_votes(store, workshop_id, write(tmp_path, 'x.csv', text), method='dots')


# --- hostile input: never a crash, always a clear message, never half an import ------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

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
    else:  # the same rows twice: the second import changes nothing
        assert done['rows'] >= 1 and (store.count_events(workshop_id) > before or done['unchanged'])


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


# --- rating forms: several questions, an explicit scale, passes, vote times; the same file twice ------------------

PAPER_FORM = '''participant,group,improvement,importance (1-9),feasibility (1-9),at
a,patients,health_navigator,7,5,2026-03-11 10:15
a,patients,cell_tracker,pass,pass,2026-03-11 10:16
b,whanau,health_navigator,6,3,2026-03-11 10:20
b,whanau,cell_tracker,2,7,2026-03-11 10:21
c,clinicians,health_navigator,5,,2026-03-11 10:30
'''


def test_a_1_to_9_paper_form_where_nobody_used_8_or_9_imported_twice(store, car_t, tmp_path, cfg, capsys):
    from workshop.cli import main
    car_t.settings.time_zone = 'Pacific/Auckland'
    workshop_id = store.create_workshop(car_t).id
    path = write(tmp_path, 'form.csv', PAPER_FORM)
    command = ['import-votes', workshop_id, str(path), '--data', str(cfg.data_dir)]
    assert main(command) == 0
    assert 'Imported 9 rows from 3 participants into a new round 1 (rating, scale 1–9).' in capsys.readouterr().out
    events = store.count_events(workshop_id)
    assert main(command) == 0  # the same file again
    assert 'was imported before (round 1): nothing changed.' in capsys.readouterr().out
    assert store.count_events(workshop_id) == events
    state = fold(service.load_workshop(store, workshop_id), store.events(workshop_id))
    assert sorted(state.participants) == ['import-a', 'import-b', 'import-c'] and len(state.rounds) == 1
    assert [e.type for e in store.events(workshop_id)].count('consent_given') == 3
    round_ = state.rounds[1]
    assert (round_.scale, round_.criteria) == (9, ['importance', 'feasibility'])
    (a,) = [b for b in state.ballots(1) if b.participant == 'import-a']
    assert a.abstain == {'cell_tracker'} and a.ratings['importance'] == {'health_navigator': 7}
    (c,) = [b for b in state.ballots(1) if b.participant == 'import-c']
    assert c.ratings == {'importance': {'health_navigator': 5}}  # feasibility left blank: no answer, not a pass
    cast = [e for e in store.events(workshop_id) if e.type == 'vote_cast']
    assert cast[0].at == 1773177300.0  # 10:15 on 11 March in Auckland (NZDT) is 21:15 UTC the day before


def test_the_scale_is_never_guessed(store, workshop_id, tmp_path):
    form = PAPER_FORM.replace(' (1-9)', '')
    with pytest.raises(ContentError, match='the rating scale is not given: add --scale'):
        service.import_votes(store, workshop_id, write(tmp_path, 'form.csv', form))
    done = service.import_votes(store, workshop_id, write(tmp_path, 'form.csv', form), scale=9)
    assert done['scale'] == 9
    with pytest.raises(ContentError, match=r'--scale 5 and the header\'s scale 1–9 disagree'):
        service.import_votes(store, workshop_id, write(tmp_path, 'again.csv', PAPER_FORM + '\n'), scale=5)


def test_a_criterion_column_names_the_question(store, workshop_id, tmp_path):
    form = ('participant,group,improvement,criterion,value\n'
            'a,patients,health_navigator,importance,4\na,patients,health_navigator,feasibility,2\n')
    service.import_votes(store, workshop_id, write(tmp_path, 'long.csv', form), method='rating', scale=5)
    state = fold(service.load_workshop(store, workshop_id), store.events(workshop_id))
    assert state.rounds[1].criteria == ['importance', 'feasibility']
    assert state.ballots(1)[0].ratings == {'importance': {'health_navigator': 4}, 'feasibility': {'health_navigator': 2}}


def test_a_person_listed_under_two_groups_is_refused_with_both_rows(store, workshop_id, tmp_path):
    form = PAPER_FORM + 'a,clinicians,information_dashboard,3,3,\n'
    before = store.count_events(workshop_id)
    with pytest.raises(ContentError, match='participant a is listed under two groups: patients at row 2 and '
                                           'clinicians at row 7'):
        service.import_votes(store, workshop_id, write(tmp_path, 'form.csv', form))
    assert store.count_events(workshop_id) == before
