"""A fixed CAR T workshop for export tests: the same events at the same times, replayed into a fresh store.

Fourteen people take part (5 patients, 5 clinicians, 2 whānau, 1 administrator, 1 who preferred not to say) and one
more patient withdraws at the end. Round 1 is dots on six ideas, round 2 a top-3 ranking of four. The lead then
records decisions and actions. Nothing here says what the ranking should be: the writers compute it.
"""
from __future__ import annotations

from typing import Any

from exports.registry import ExportInput
from workshop import service
from workshop.content import load_yaml_file, template_path
from workshop.domain.model import CycleElement, QuoteConsent
from workshop.store import Store

T0 = 1773176400.0  # 2026-03-10 21:00 UTC: 10 am on 11 March in Aotearoa
PROVENANCE = {'workshop': 'CAR T-cell therapy in Aotearoa New Zealand', 'exported_at': '2026-03-14T00:00:00+00:00',
              'software': 'Codesign Workshop (test)'}

PEOPLE = [  # id, group, name, quotes
    ('pa1', 'patients', 'Aroha', 'named'), ('pa2', 'patients', '', 'never'), ('pa3', 'patients', '', 'anonymous'),
    ('pa4', 'patients', '', 'anonymous'), ('pa5', 'patients', '', 'anonymous'),
    ('pc1', 'clinicians', 'Dr Lee', 'anonymous'), ('pc2', 'clinicians', '', 'anonymous'),
    ('pc3', 'clinicians', '', 'anonymous'), ('pc4', 'clinicians', '', 'anonymous'),
    ('pc5', 'clinicians', '', 'anonymous'), ('pw1', 'whanau', '', 'anonymous'), ('pw2', 'whanau', '', 'anonymous'),
    ('pd1', 'administrators', '', 'anonymous'), ('px1', 'prefer_not_to_say', '', 'anonymous'),
    ('pa6', 'patients', '', 'anonymous'),
]
INVITED = (8, 4, 6, 3)  # patients, whānau, clinicians, administrators
DOTS = {  # round 1: five dots each, at most two on one idea
    'pa1': {'health_navigator': 2, 'culturally_appropriate_care': 2, 'cell_tracker': 1},
    'pa2': {'health_navigator': 2, 'culturally_appropriate_care': 1, 'infusion_ceremony': 2},
    'pa3': {'culturally_appropriate_care': 2, 'health_navigator': 1, 'outpatient_monitoring': 2},
    'pa4': {'health_navigator': 2, 'cell_tracker': 2, 'information_dashboard': 1},
    'pa5': {'culturally_appropriate_care': 2, 'health_navigator': 2, 'infusion_ceremony': 1},
    'pc1': {'information_dashboard': 2, 'health_navigator': 2, 'outpatient_monitoring': 1},
    'pc2': {'information_dashboard': 2, 'outpatient_monitoring': 2, 'health_navigator': 1},
    'pc3': {'information_dashboard': 2, 'culturally_appropriate_care': 1, 'outpatient_monitoring': 2},
    'pc4': {'health_navigator': 2, 'information_dashboard': 1, 'cell_tracker': 2},
    'pc5': {'outpatient_monitoring': 2, 'information_dashboard': 2, 'culturally_appropriate_care': 1},
    'pw1': {'health_navigator': 2, 'culturally_appropriate_care': 2, 'infusion_ceremony': 1},
    'pw2': {'culturally_appropriate_care': 2, 'health_navigator': 1, 'cell_tracker': 2},
    'pd1': {'information_dashboard': 2, 'health_navigator': 2, 'outpatient_monitoring': 1},
    'px1': {'health_navigator': 1, 'culturally_appropriate_care': 1, 'cell_tracker': 1, 'outpatient_monitoring': 2},
    'pa6': {'infusion_ceremony': 2, 'cell_tracker': 2, 'outpatient_monitoring': 1},
}
ROUND_1 = ['health_navigator', 'culturally_appropriate_care', 'information_dashboard', 'cell_tracker',
           'infusion_ceremony', 'outpatient_monitoring']
ROUND_2 = ['health_navigator', 'culturally_appropriate_care', 'information_dashboard', 'outpatient_monitoring']
RANKINGS = {  # round 2: each person's top 3, best first
    'pa1': ['health_navigator', 'culturally_appropriate_care', 'information_dashboard'],
    'pa2': ['culturally_appropriate_care', 'health_navigator', 'outpatient_monitoring'],
    'pa3': ['health_navigator', 'culturally_appropriate_care', 'outpatient_monitoring'],
    'pa4': ['health_navigator', 'information_dashboard', 'culturally_appropriate_care'],
    'pa5': ['culturally_appropriate_care', 'health_navigator', 'information_dashboard'],
    'pc1': ['information_dashboard', 'health_navigator', 'outpatient_monitoring'],
    'pc2': ['information_dashboard', 'outpatient_monitoring', 'health_navigator'],
    'pc3': ['outpatient_monitoring', 'information_dashboard', 'culturally_appropriate_care'],
    'pc4': ['health_navigator', 'information_dashboard', 'outpatient_monitoring'],
    'pc5': ['information_dashboard', 'outpatient_monitoring', 'culturally_appropriate_care'],
    'pw1': ['culturally_appropriate_care', 'health_navigator', 'information_dashboard'],
    'pa6': ['outpatient_monitoring', 'culturally_appropriate_care', 'information_dashboard'],
}
COMMENTS = [  # id, participant, target kind, target, kind, text
    ('c1', 'pa1', 'theme', 'self_advocacy', 'agree', 'I had to push for everything myself.'),
    ('c2', 'pa2', 'stage', 'travel', 'clarify', 'We slept in the car for two nights.'),
    ('c3', 'pc2', 'improvement', 'information_dashboard', 'idea', 'Add the expected waiting time for each step.'),
    ('c4', 'pw1', 'theme', 'support_person_experience', 'clarify',
     'Whānau also need somewhere to stay near the hospital.'),
    ('c5', 'pa6', 'stage', 'infusion', 'agree', 'It felt like nothing happened.'),
    ('c6', 'pc3', 'stage', 'referral', 'disagree', 'An off-topic rant the facilitator hid.'),
    ('c7', 'pd1', 'theme', 'financial_barriers', 'disagree', 'Travel grants exist but people do not hear about them.'),
]
DECISIONS = [
    ('health_navigator', 'adopt', 'Ranked first by patients and whānau and near the top for everyone.',
     'Some clinicians would rather fund more specialist nurses first.'),
    ('information_dashboard', 'adopt', 'Clinicians\' first choice; cheap to start.', ''),
    ('culturally_appropriate_care', 'adopt', 'Strong support from patients and whānau.', ''),
    ('outpatient_monitoring', 'defer', 'Needs the travel support funding decision in July.', ''),
    ('infusion_ceremony', 'reject', 'Few votes; whānau can already hold a karakia at the bedside.',
     'Two patients felt it would help.'),
]
ACTIONS = [
    ('a1', 'health_navigator', 'Write the navigator role description', 'Service manager, Haematology', '2026-04-30',
     'doing'),
    ('a2', 'health_navigator', 'Recruit two navigators', 'Clinical director', '2026-07-01', 'todo'),
    ('a3', 'information_dashboard', 'Publish the referral guidance page', 'Referral coordinator', '2026-05-15', 'done'),
    ('a4', 'culturally_appropriate_care', 'Cultural safety training for the CAR T team', 'Māori health lead',
     '2026-06-30', 'todo'),
]


def workshop():
    """The CAR T template as run in this scenario: one interview quote may never leave the database."""
    content = load_yaml_file(template_path('car-t-cell-therapy'))
    content.run_by = 'RE-TELL co-design team'
    content.cycle_element = CycleElement.DECIDE
    content.themes[0].quotes[0].consent = QuoteConsent.NEVER
    for stream, invited in zip(content.streams, INVITED):
        stream.invited = invited
    return content


def events() -> list[dict[str, Any]]:
    log: list[dict[str, Any]] = []

    def add(at: float, type_: str, actor: str, **payload: Any) -> None:
        log.append({'type': type_, 'actor': actor, 'payload': payload, 'at': T0 + at, 'op_id': None})

    for n, (pid, group, name, quotes) in enumerate(PEOPLE):
        add(20 * n, 'consent_given', pid, participant=pid, version='1', take_part=True,  # consent comes first
            research_use=n % 2 == 0, quotes=quotes)
        add(20 * n + 5, 'participant_joined', pid, participant=pid, group=group, display_name=name,
            supported=pid == 'pa3')
    for n, (cid, pid, kind, target, what, text) in enumerate(COMMENTS):
        add(600 + 30 * n, 'comment_added', pid, comment=cid, participant=pid, target_kind=kind, target_id=target,
            kind=what, text=text)
    add(820, 'comment_hidden', 'facilitator', comment='c6', hidden=True, reason='off topic')
    add(840, 'improvement_proposed', 'px1', proposal='i1', participant='px1', title='Peer support from past patients',
        description='Someone who has been through CAR T to talk to.')
    add(900, 'round_created', 'facilitator', round={'number': 1, 'method': 'dots', 'improvements': ROUND_1,
                                                    'budget': 5, 'cap': 2, 'top_k': 5, 'status': 'draft'})
    add(960, 'round_opened', 'facilitator', round=1, closes_at=None)
    for n, (pid, dots) in enumerate(DOTS.items()):
        for m, (improvement, value) in enumerate(dots.items()):
            add(1000 + 40 * n + m, 'vote_cast', pid, round=1, participant=pid, improvement=improvement, value=value,
                criterion=None)
    add(1700, 'abstained', 'pd1', round=1, participant='pd1', improvement='infusion_ceremony', abstain=True)
    add(1800, 'round_closed', 'facilitator', round=1)
    add(1810, 'results_revealed', 'facilitator', round=1, revealed=True)
    add(2400, 'round_created', 'facilitator', round={'number': 2, 'method': 'rank', 'improvements': ROUND_2,
                                                     'top_k': 3, 'status': 'draft'})
    add(2460, 'round_opened', 'facilitator', round=2, closes_at=None)
    for n, (pid, order) in enumerate(RANKINGS.items()):
        add(2500 + 30 * n, 'ranking_cast', pid, round=2, participant=pid, order=order)
    add(2950, 'abstained', 'px1', round=2, participant='px1', improvement=None, abstain=True)
    add(3000, 'round_closed', 'facilitator', round=2)
    add(3300, 'consent_withdrawn', 'pa6', participant='pa6')
    for n, (improvement, outcome, rationale, minority) in enumerate(DECISIONS):
        add(2 * 86400 + 60 * n, 'decision_recorded', 'lead', improvement=improvement, outcome=outcome,
            rationale=rationale, minority_view=minority)
    for n, (aid, improvement, title, owner, due, status) in enumerate(ACTIONS):
        add(2 * 86400 + 600 + 60 * n, 'action_recorded', 'lead', action={
            'id': aid, 'improvement': improvement, 'title': title, 'owner': owner, 'due': due, 'status': status})
    return log


def create(store: Store) -> str:
    return store.create_workshop(workshop(), events()).id


def export_input(store: Store, workshop_id: str, **options: Any) -> ExportInput:
    """As the command line builds it, with the export time fixed so that files can be compared byte for byte."""
    data = service.export_input(store, workshop_id, **options)
    data.provenance = {**PROVENANCE}
    return data


HOSTILE = ['=HYPERLINK("http://x","y")', '@SUM(1+1)', "+cmd|' /C calc'!A0", '-2+3']


def create_hostile(store: Store) -> str:
    """A workshop where people typed spreadsheet formulas: as comments, a name and an idea's title."""
    content = workshop()
    content.improvements[0].title = HOSTILE[0]
    log = events()
    log.append({'type': 'consent_given', 'actor': 'ph', 'at': T0 + 500, 'op_id': None,
                'payload': {'participant': 'ph', 'version': '1', 'take_part': True, 'quotes': 'named'}})
    log.append({'type': 'participant_joined', 'actor': 'ph', 'at': T0 + 501, 'op_id': None,
                'payload': {'participant': 'ph', 'group': 'clinicians', 'display_name': HOSTILE[1],
                            'supported': False}})
    for n, text in enumerate(HOSTILE):
        log.append({'type': 'comment_added', 'actor': 'ph', 'at': T0 + 510 + n, 'op_id': None,
                    'payload': {'comment': f'h{n}', 'participant': 'ph', 'target_kind': 'stage', 'target_id': 'travel',
                                'kind': 'clarify', 'text': text}})
    return store.create_workshop(content, sorted(log, key=lambda e: e['at'])).id


def state():
    """The scenario folded without a store, as the pure modules see it."""
    from types import SimpleNamespace

    from workshop.domain.state import fold
    return fold(workshop(), [SimpleNamespace(seq=n, **e) for n, e in enumerate(events(), start=1)])


def assert_golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME; `UPDATE_GOLDEN=1 pytest …` rewrites it (then review the diff by hand)."""
    import os
    from pathlib import Path
    path = Path(__file__).parent.parent / 'golden' / name
    text = text.replace('\r\n', '\n')  # line endings are checked where they matter, not by git's settings
    if os.environ.get('UPDATE_GOLDEN') == '1':
        path.write_text(text, encoding='utf-8')
    assert path.exists(), f'{path} is missing: run with UPDATE_GOLDEN=1 once and review it'
    assert text == path.read_text(encoding='utf-8')
