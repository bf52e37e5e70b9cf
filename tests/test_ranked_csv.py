"""The ranked list as CSV: one row per improvement, best first, exactly as a golden file reviewed by hand."""
import csv
import io
from pathlib import Path

from tests.support import export_scenario as scenario
import pandas as pd

from exports import ranked_csv, registry


def write(store, workshop_id, **options) -> str:
    raw = registry.write('csv', scenario.export_input(store, workshop_id, **options))
    assert raw.startswith('\ufeff'.encode())  # Excel then reads the macrons in whānau right
    assert raw.count(b'\r\n') == raw.count(b'\n')  # RFC 4180 line endings
    return raw.decode('utf-8-sig')


def test_the_ranked_list_matches_the_golden_file(store):
    scenario.assert_golden('ranked.csv', write(store, scenario.create(store)))


def test_a_chosen_round_matches_its_golden_file(store):
    scenario.assert_golden('ranked-round-1.csv', write(store, scenario.create(store), round_number=1))


def test_the_columns_and_types_read_back_in_pandas(store):
    frame = pd.read_csv(io.StringIO(write(store, scenario.create(store))))
    assert list(frame.columns)[:6] == ['rank', 'tied', 'improvement_id', 'title', 'score', 'voters']
    assert {'balanced_rank', 'balanced_score', 'score_patients', 'score_clinicians', 'score_whanau'} <= set(frame)
    assert frame['rank'].is_monotonic_increasing and frame['score'].is_monotonic_decreasing
    assert frame['score_whanau'].isna().all()  # 2 whānau voted: suppressed, left blank
    assert frame.loc[0, 'improvement_id'] == 'health_navigator' and frame.loc[0, 'score_clinicians'] == 6
    assert frame['score_patients'].isna().all()  # hidden too: pooled minus clinicians would give whānau's one ballot
    assert (frame.loc[0, 'consensus'], frame.loc[0, 'stability'], frame.loc[0, 'stability_top']) == ('none', 0.98, 3)


def test_shared_ranks_stay_numbers_with_a_tied_column(store):
    rows = list(csv.DictReader(io.StringIO(write(store, scenario.create(store), round_number=1))))
    assert [(r['rank'], r['tied']) for r in rows][1:4] == [('2', 'no'), ('3', 'yes'), ('3', 'yes')]


def test_a_title_that_looks_like_a_formula_is_written_as_text(store):
    rows = list(csv.reader(io.StringIO(write(store, scenario.create_hostile(store)))))
    assert rows[1][3] == "'" + scenario.HOSTILE[0]


def test_a_workshop_without_votes_has_only_the_header(store, car_t):
    text = write(store, store.create_workshop(car_t).id)
    assert text.splitlines() == ['rank,tied,improvement_id,title,score,voters,passes,balanced_rank,balanced_tied,'
                                 'balanced_score,round,method,consensus,stability,stability_top,score_patients,score_whanau,'
                                     'score_clinicians,'
                                 'score_administrators']


def test_every_column_is_documented_in_the_readme():
    readme = (Path(__file__).resolve().parent.parent / 'README.md').read_text(encoding='utf-8')
    assert all(f'`{column}`' in readme for column in ranked_csv.FIXED) and '`score_<group>`' in readme
