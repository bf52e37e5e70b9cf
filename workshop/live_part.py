"""What the parts of LiveWorkshop (live_participants, live_votes, live_comments, live_facilitation, live_lead,
live_team, live_breakouts) may use of the façade in live.py: its state, its events and its few internals, declared
here for readers and type checkers only (at run time this class is empty; LiveWorkshop provides all of it).

Each part holds the actions of one concern; every part checks rights through the façade's `_require…` methods, so
that the roles are checked in one place.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from collections import Counter

    from workshop.actors import Actor
    from workshop.domain.model import Workshop
    from workshop.domain.state import WorkshopState
    from workshop.store import Store


class LivePart:
    if TYPE_CHECKING:  # provided by LiveWorkshop (live.py) and its other parts
        store: Store
        state: WorkshopState
        id: str
        clock: Callable[[], float]
        workshop: Workshop
        worker: Any
        _present: Counter[str]
        # the events of live.py's LiveWorkshop and what coalesces them
        focus_changed: Any
        agenda_changed: Any
        round_changed: Any
        timer_changed: Any
        reveal_changed: Any
        results_changed: Any
        lock_changed: Any
        content_changed: Any
        proposals_changed: Any
        decisions_changed: Any
        session_changed: Any
        team_changed: Any
        breakouts_changed: Any
        comments_changed: Any
        counts_changed: Any
        tally_changed: Any
        participants_changed: Any
        trouble: Any
        _ballots: dict[str, Any]
        _people: Any
        _comments: Any
        _counts: Any
        _results_due: Any

        # live.py: the log, and the checks of rights
        def catch_up(self) -> int: ...
        def _record(self, type_: str, payload: dict[str, Any], *, actor: str, op_id: str | None = None) -> bool: ...
        def _keep(self, write: Callable[..., None], *args: str) -> None: ...
        def _require(self, actor: Actor, *roles: str) -> None: ...
        def _require_lead_facilitator(self, actor: Actor) -> None: ...
        def _require_participant(self, actor: Actor) -> None: ...
        def _require_unlocked(self) -> None: ...
        def _require_breakout_right(self, actor: Actor, breakout: str) -> None: ...
        def _require_round_right(self, actor: Actor, breakout: str, *, new: bool = False) -> None: ...
        def ballot_event(self, participant_id: str) -> Any: ...
        # the other parts
        def is_member(self, participant_id: str) -> bool: ...
        def has_voted(self, participant_id: str) -> bool: ...
        def groups(self) -> list[str]: ...
        def dots_left(self, participant_id: str, round_number: int) -> int | None: ...
        def _tally_dirty(self, *rounds: int) -> None: ...
        def _comments_dirty(self, *comment_ids: str, at_once: bool = False) -> None: ...
        def _round(self, number: int) -> Any: ...
        def _require_running(self, breakout: str) -> None: ...
        def open_round_for(self, participant: str) -> Any: ...
        def sees_round(self, participant: str, round_: Any) -> bool: ...
