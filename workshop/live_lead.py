"""LiveWorkshop's project-lead actions: record a decision on an improvement (with its rationale and any minority
view) and the actions that follow it. The facilitator may record them too, e.g. from the workshop's closing notes.

A part of LiveWorkshop (workshop/live_part.py): the façade in live.py checks every right.
"""
from __future__ import annotations

import datetime
import secrets

from workshop.actors import FACILITATOR, LEAD, MAX_TEXT, Actor, Refused, fresh
from workshop.actors import clean as _clean
from workshop.domain.model import Outcome
from workshop.live_part import LivePart


class LeadActions(LivePart):

    @fresh(retry=False)
    def decide(self, actor: Actor, improvement: str, outcome: str, rationale: str = '',
               minority_view: str = '') -> None:
        self._require(actor, LEAD, FACILITATOR)
        if self.workshop.improvement(improvement) is None:
            raise Refused('refused_no_improvement', improvement=improvement)
        self._record('decision_recorded', {'improvement': improvement, 'outcome': Outcome(outcome).value,
                                           'rationale': _clean(rationale, MAX_TEXT),
                                           'minority_view': _clean(minority_view, MAX_TEXT)}, actor=actor.log_name)
        self.decisions_changed.emit()

    @fresh()
    def record_action(self, actor: Actor, *, improvement: str, title: str, owner: str = '', due: str = '',
                      status: str = 'todo', action_id: str | None = None) -> str:
        self._require(actor, LEAD, FACILITATOR)
        if self.workshop.improvement(improvement) is None:
            raise Refused('refused_no_improvement', improvement=improvement)
        if status not in ('todo', 'doing', 'done'):
            raise Refused('refused_action_status')
        if due and not _is_iso_date(due):
            raise Refused('refused_due_date')
        action_id = action_id or secrets.token_hex(4)
        self._record('action_recorded', {'action': {'id': action_id, 'improvement': improvement,
                                                    'title': _clean(title, 300), 'owner': _clean(owner, 120),
                                                    'due': due, 'status': status}}, actor=actor.log_name)
        self.decisions_changed.emit()
        return action_id


def _is_iso_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10
