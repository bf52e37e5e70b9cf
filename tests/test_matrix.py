"""The participant × idea matrix (`matrix-csv`): one row per person, one column per idea, like Pol.is's export."""
import csv
import io

from tests.support import export_scenario as scenario

from exports import registry


def read(store, workshop_id: str, **options) -> list[dict[str, str]]:
    raw = registry.write('matrix-csv', scenario.export_input(store, workshop_id, **options))
    assert raw.startswith('\ufeff'.encode('utf-8'))
    return list(csv.DictReader(io.StringIO(raw.decode('utf-8-sig'))))


def test_one_row_per_person_one_column_per_idea_of_the_ranked_round(store):
    rows = read(store, scenario.create(store))
    assert list(rows[0]) == ['round', 'participant', 'group', *scenario.ROUND_2]
    assert len(rows) == 12  # 11 rankings and one person who passed on the whole round
    aroha = rows[0]
    assert (aroha['participant'], aroha['group']) == ('P01', 'not shown (small group)')
    assert [aroha[i] for i in scenario.ROUND_2] == ['1', '2', '3', '']  # places; not ranked: blank
    assert {rows[-1][i] for i in scenario.ROUND_2} == {'pass'}
    assert rows[6]['group'] == 'Clinicians'


def test_a_dots_round_holds_the_dots_and_the_passes(store):
    rows = read(store, scenario.create(store), round_number=1)
    assert list(rows[0])[3:] == scenario.ROUND_1 and len(rows) == 14  # the withdrawn patient is out
    by_person = {r['participant']: r for r in rows}
    assert by_person['P01']['health_navigator'] == '2' and by_person['P01']['infusion_ceremony'] == '0'
    assert by_person['P13']['infusion_ceremony'] == 'pass'
