"""A rating round with two questions, small enough to work out by hand: every figure the views and exports show.

Eight people (4 patients, 4 clinicians; the workshop's threshold is 3, so both groups are shown) rate three ideas on
importance and feasibility (1–5). Stability counts the top 2.

Hand-worked (importance, feasibility):
  Health navigator        importance 5 5 4 5 | 4 5 4 4 → mean 4.50, median 4.5, agreement (4 or 5) 8/8 = 100%
                          feasibility 4 5 4 3 | 4 4 5 5 → mean 4.25, median 4,   agreement 7/8 = 88%
  Information dashboard   importance 4 3 4 5 | 5 4 4 5 → mean 4.25, median 4,   agreement 7/8 = 88%
                          feasibility 2 2 1 2 | 2 1 2 2 → mean 1.75, median 2,   agreement 0%
  Cell tracker            importance 2 2 1 2 | 2 1 2 3 → mean 1.88, median 2,   agreement 0%
                          feasibility 2 2 1 3 | 5 4 4 5 → mean 3.25, median 3.5, agreement 4/8 = 50%
Quadrant (split at 3): navigator quick win (4.50, 4.25); dashboard major project (4.25, 1.75); tracker fill-in.
Consensus on importance (70% in the top third and under 15% in the bottom third in each group = in; at most 50% =
out): navigator in (patients 4/4, clinicians 4/4); dashboard in (patients 3/4 = 75%, clinicians 4/4); tracker out
(0/4 and 0/4).
Stability of the top 2: every person rates the tracker below both other ideas, so in every resample the tracker
comes last: navigator and dashboard 100%, tracker 0%.
"""
from __future__ import annotations

from workshop.content import load_yaml_file, template_path

T0 = 1773176400.0
IDEAS = ['health_navigator', 'information_dashboard', 'cell_tracker']
RATINGS = {  # person: {idea: (importance, feasibility)}
    'p1': {'health_navigator': (5, 4), 'information_dashboard': (4, 2), 'cell_tracker': (2, 2)},
    'p2': {'health_navigator': (5, 5), 'information_dashboard': (3, 2), 'cell_tracker': (2, 2)},
    'p3': {'health_navigator': (4, 4), 'information_dashboard': (4, 1), 'cell_tracker': (1, 1)},
    'p4': {'health_navigator': (5, 3), 'information_dashboard': (5, 2), 'cell_tracker': (2, 3)},
    'c1': {'health_navigator': (4, 4), 'information_dashboard': (5, 2), 'cell_tracker': (2, 5)},
    'c2': {'health_navigator': (5, 4), 'information_dashboard': (4, 1), 'cell_tracker': (1, 4)},
    'c3': {'health_navigator': (4, 5), 'information_dashboard': (4, 2), 'cell_tracker': (2, 4)},
    'c4': {'health_navigator': (4, 5), 'information_dashboard': (5, 2), 'cell_tracker': (3, 5)},
}
# what every view and export must show, worked out above
MEANS = {'health_navigator': ('4.50', '4.25'), 'information_dashboard': ('4.25', '1.75'),
         'cell_tracker': ('1.88', '3.25')}
MEDIANS = {'health_navigator': ('4.5', '4'), 'information_dashboard': ('4', '2'), 'cell_tracker': ('2', '3.5')}
AGREEMENT = {'health_navigator': ('100%', '88%'), 'information_dashboard': ('88%', '0%'),
             'cell_tracker': ('0%', '50%')}
QUADRANT = {'health_navigator': 'Quick win', 'information_dashboard': 'Major project', 'cell_tracker': 'Fill-in'}
CONSENSUS = {'health_navigator': 'in', 'information_dashboard': 'in', 'cell_tracker': 'out'}
STABILITY = {'health_navigator': '100%', 'information_dashboard': '100%', 'cell_tracker': '0%'}


def workshop():
    content = load_yaml_file(template_path('car-t-cell-therapy'))
    content.settings.suppression_threshold = 3
    content.settings.rank_top_k = 2
    return content


def events() -> list[dict]:
    log = []

    def add(at: float, type_: str, **payload) -> None:
        log.append({'type': type_, 'actor': 'test', 'payload': payload, 'at': T0 + at, 'op_id': None})

    for n, pid in enumerate(RATINGS):
        add(2 * n, 'consent_given', participant=pid, version='1', take_part=True, research_use=True,
            quotes='anonymous')
        add(2 * n + 1, 'participant_joined', participant=pid, group='patients' if pid[0] == 'p' else 'clinicians',
            display_name='', supported=False)
    add(100, 'round_created', round={'number': 1, 'method': 'rating', 'improvements': IDEAS, 'scale': 5,
                                     'criteria': ['importance', 'feasibility']})
    add(101, 'round_opened', round=1, closes_at=None)
    at = 200
    for pid, ratings in RATINGS.items():
        for idea, values in ratings.items():
            for criterion, value in zip(('importance', 'feasibility'), values):
                at += 1
                add(at, 'vote_cast', round=1, participant=pid, improvement=idea, value=value, criterion=criterion)
    add(400, 'round_closed', round=1)
    return log
