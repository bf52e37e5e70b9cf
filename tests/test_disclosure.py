"""Attacks on small-group protection: try to recover a hidden group's figures from every export but the archive.

Three shapes, as the Method text describes them: one group below the threshold (its complement is hidden too), two
small groups that hide in each other, and a RE-TELL-sized workshop of 7 people reported as two combined groups.

Two kinds of attack. The differencing routes an analyst would try (pooled minus the groups shown, balanced points
minus the shown groups' points) are run on the ranked CSV and give the hidden groups together, never the small group.
Then the strongest check: two workshops whose hidden group voted differently (two people swap groups, nothing else
changes) produce the same exports, file for file. Whatever anyone computes from the exports, it cannot tell the two
apart, so it cannot recover the hidden group's per-idea totals or its order.
"""
from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from exports import registry
from workshop import service
from workshop.content import load_yaml_file, template_path
from workshop.domain import ranking
from workshop.domain.model import ReportingGroup

T0 = 1773176400.0
IDEAS = ['health_navigator', 'culturally_appropriate_care', 'information_dashboard', 'cell_tracker']
PROVENANCE = {'exported_at': '2026-03-14T00:00:00+00:00', 'software': 'Codesign Workshop (test)'}
# each person's dots (3 each, at most 2 on one idea) and top-3 ranking, by the order they join
BALLOTS = [({'health_navigator': 2, 'cell_tracker': 1}, ['health_navigator', 'cell_tracker', 'information_dashboard']),
           ({'information_dashboard': 2, 'cell_tracker': 1},
            ['information_dashboard', 'cell_tracker', 'health_navigator']),
           ({'culturally_appropriate_care': 2, 'health_navigator': 1},
            ['culturally_appropriate_care', 'health_navigator', 'cell_tracker']),
           ({'cell_tracker': 2, 'information_dashboard': 1},
            ['cell_tracker', 'information_dashboard', 'culturally_appropriate_care'])]
FORMATS = [name for name in registry.formats() if name != 'json']  # the archive is identifying, for the lead only

ONE_SMALL = ['patients'] * 3 + ['clinicians'] * 5 + ['administrators'] * 7
TWO_SMALL = ['patients'] * 3 + ['whanau'] * 2 + ['clinicians'] * 6 + ['administrators'] * 6
RE_TELL = ['patients'] * 2 + ['whanau'] + ['clinicians'] * 2 + ['administrators'] * 2
COMBINED = [ReportingGroup(id='lived_experience', label='Lived experience', streams=['patients', 'whanau']),
            ReportingGroup(id='staff', label='Staff', streams=['clinicians', 'administrators'])]


def create(store, groups: list[str], combined: list[ReportingGroup] | None = None) -> str:
    """A workshop where person n (in `groups` order) casts ballot n % 4 in a dots round and a ranking round."""
    content = load_yaml_file(template_path('car-t-cell-therapy'))
    content.settings.reporting_groups = combined or []
    log = []

    def add(at: float, type_: str, **payload) -> None:
        log.append({'type': type_, 'actor': 'test', 'payload': payload, 'at': T0 + at, 'op_id': None})

    people = [f'p{n}' for n in range(len(groups))]
    for n, (pid, group) in enumerate(zip(people, groups)):
        add(2 * n, 'consent_given', participant=pid, version='1', take_part=True, research_use=True,
            quotes='anonymous')
        add(2 * n + 1, 'participant_joined', participant=pid, group=group, display_name='', supported=False)
    add(100, 'round_created', round={'number': 1, 'method': 'dots', 'improvements': IDEAS, 'budget': 3, 'cap': 2})
    add(101, 'round_opened', round=1, closes_at=None)
    for n, pid in enumerate(people):
        for m, (idea, value) in enumerate(BALLOTS[n % 4][0].items()):
            add(200 + 3 * n + m, 'vote_cast', round=1, participant=pid, improvement=idea, value=value, criterion=None)
    add(400, 'round_closed', round=1)
    add(500, 'round_created', round={'number': 2, 'method': 'rank', 'improvements': IDEAS, 'top_k': 3})
    add(501, 'round_opened', round=2, closes_at=None)
    for n, pid in enumerate(people):
        add(600 + n, 'ranking_cast', round=2, participant=pid, order=BALLOTS[n % 4][1])
    add(700, 'round_closed', round=2)
    return store.create_workshop(content, log).id


def swapped(groups: list[str], a: int, b: int) -> list[str]:
    """The same people casting the same ballots, with persons a and b in each other's group."""
    other = list(groups)
    other[a], other[b] = groups[b], groups[a]
    return other


def exports(store, workshop_id: str) -> dict[str, object]:
    """Every export but the archive, as something comparable: bytes, or an xlsx's cells and cell comments."""
    seen = {}
    for name in FORMATS:
        for round_number in (None, 1):
            data = service.export_input(store, workshop_id, round_number=round_number)
            data.provenance = {**data.provenance, **PROVENANCE}
            raw = registry.write(name, data)
            seen[f'{name}, round {round_number or "latest"}'] = cells(raw) if name.endswith('xlsx') else raw
    return seen


_ONE_SMALL_EXPORTS: list[dict[str, object]] = []


def one_small_exports(store) -> dict[str, object]:
    """exports() of the ONE_SMALL workshop, made once for the two tests that compare against it: the same people and
    ballots give the same files in any store under any workshop id (the comparisons below rely on just that)."""
    if not _ONE_SMALL_EXPORTS:
        _ONE_SMALL_EXPORTS.append(exports(store, create(store, ONE_SMALL)))
    return _ONE_SMALL_EXPORTS[0]


def cells(raw: bytes) -> dict[str, list]:
    book = load_workbook(io.BytesIO(raw))  # the file's own timestamps differ; what anyone can read must not
    return {sheet.title: [(c.coordinate, c.value, c.comment.text if c.comment else None)
                          for row in sheet.iter_rows() for c in row] for sheet in book}


def ranked_rows(store, workshop_id: str, round_number: int) -> list[dict[str, str]]:
    data = service.export_input(store, workshop_id, round_number=round_number)
    text = registry.write('csv', data).decode('utf-8-sig')
    return list(csv.DictReader(io.StringIO(text)))


def truth(groups: list[str], wanted: set[str]) -> dict[str, int]:
    """The true dot totals of the people in `wanted` groups: what an attacker would like to recover."""
    totals = dict.fromkeys(IDEAS, 0)
    for n, group in enumerate(groups):
        if group in wanted:
            for idea, value in BALLOTS[n % 4][0].items():
                totals[idea] += value
    return totals


def differences(groups: list[str], rows: list[dict[str, str]]) -> dict[str, int]:
    """Route 1: pooled score minus every group score the file shows."""
    shown = [c for c in rows[0] if c.startswith('score_') and any(r[c] for r in rows)]
    return {r['improvement_id']: int(r['score']) - sum(int(r[c] or 0) for c in shown) for r in rows}


# --- one small group -------------------------------------------------------------------------------------------------

def test_one_small_group_subtraction_gives_only_the_small_group_and_its_complement_together(store):
    workshop_id = create(store, ONE_SMALL)
    rows = ranked_rows(store, workshop_id, 1)
    assert all(r['score_patients'] == '' and r['score_clinicians'] == '' for r in rows)  # complement hidden too
    assert all(r['score_administrators'] != '' for r in rows)
    recovered = differences(ONE_SMALL, rows)
    assert recovered == truth(ONE_SMALL, {'patients', 'clinicians'})
    assert recovered != truth(ONE_SMALL, {'patients'})


def test_one_small_group_balanced_points_minus_the_shown_group_give_the_hidden_groups_as_one_voice(store):
    workshop_id = create(store, ONE_SMALL)
    result = ranking.analyse(*_round(store, workshop_id, 2))
    assert result.balanced_groups == ['administrators', ranking.HIDDEN_TOGETHER]
    # what is left after the administrators' points is the combined voice's, weighing two groups: never the patients'
    combined = {b.improvement: b.score - b.points['administrators'] for b in result.balanced}
    assert combined == {b.improvement: b.points[ranking.HIDDEN_TOGETHER] for b in result.balanced}
    assert set(combined.values()) <= {2 * p for p in (1, 2, 3, 4, 1.5, 2.5, 3.5)}


def test_one_small_group_hides_in_its_complement_in_every_export(store):
    # person 0 is a patient, person 3 a clinician; swapped, the patients' dots differ, the exports must not
    assert truth(ONE_SMALL, {'patients'}) != truth(swapped(ONE_SMALL, 0, 3), {'patients'})
    assert one_small_exports(store) == exports(store, create(store, swapped(ONE_SMALL, 0, 3)))


def test_the_attack_would_see_a_swap_with_a_shown_group(store):
    # the same comparison catches what is not protected: a patient swapped with an administrator (shown) differs
    first, second = one_small_exports(store), exports(store, create(store, swapped(ONE_SMALL, 0, 9)))
    assert first != second and first['csv, round 1'] != second['csv, round 1']


# --- two small groups ------------------------------------------------------------------------------------------------

def test_two_small_groups_hide_in_each_other_in_every_export(store):
    rows = ranked_rows(store, create(store, TWO_SMALL), 1)
    assert all(r['score_patients'] == r['score_whanau'] == '' for r in rows)
    assert all(r['score_clinicians'] and r['score_administrators'] for r in rows)  # 3 + 2 voters: no complement
    assert differences(TWO_SMALL, rows) == truth(TWO_SMALL, {'patients', 'whanau'}) != truth(TWO_SMALL, {'patients'})
    # person 1 (patient) and person 3 (whānau) cast different ballots
    assert truth(TWO_SMALL, {'patients'}) != truth(swapped(TWO_SMALL, 1, 3), {'patients'})
    assert exports(store, create(store, TWO_SMALL)) == exports(store, create(store, swapped(TWO_SMALL, 1, 3)))


# --- the RE-TELL shape: 7 people, combined groups ------------------------------------------------------------------

def test_re_tell_shape_with_combined_groups_gives_nothing_per_group_away(store):
    workshop_id = create(store, RE_TELL, COMBINED)
    rows = ranked_rows(store, workshop_id, 1)
    assert [c for c in rows[0] if c.startswith('score_')] == ['score_lived_experience', 'score_staff']
    assert all(r['score_lived_experience'] == r['score_staff'] == '' for r in rows)  # 3 and 4 voters: both hidden
    # person 0 (patient, lived experience) and person 3 (clinician, staff) swap groups: every export stays the same
    assert truth(RE_TELL, {'patients', 'whanau'}) != truth(swapped(RE_TELL, 0, 3), {'patients', 'whanau'})
    assert exports(store, workshop_id) == exports(store, create(store, swapped(RE_TELL, 0, 3), COMBINED))


def test_re_tell_shape_names_only_the_combined_groups(store):
    data = service.export_input(store, create(store, RE_TELL, COMBINED))
    text = registry.write('md', data).decode('utf-8')
    assert 'Lived experience 3, Staff 4' in text
    assert 'Groups reported together (set for this workshop): Lived experience = Patients + Support persons / ' \
           'whānau; Staff = Clinicians + Administrators.' in text


def _round(store, workshop_id: str, number: int):
    data = service.export_input(store, workshop_id)
    state = data.state
    return (state.rounds[number], state.round_improvements(state.rounds[number]), state.ballots(number),
            [g for g, _ in state.workshop.reporting_groups()], state.workshop.settings)
