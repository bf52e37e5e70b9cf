"""LiveWorkshop's comment and idea actions: participants comment on stages, themes and improvements and propose
ideas, within the workshop's limits; what they write reaches open threads at most every COMMENT_INTERVAL and the
comment counts on every page more slowly.

A part of LiveWorkshop (workshop/live_part.py): the façade in live.py checks every right (moderation is the
facilitator's: live_facilitation.py).
"""
from __future__ import annotations

import secrets
import time
from collections import Counter, deque
from typing import Any

from workshop.actors import MAX_TEXT, Actor, Refused, fresh
from workshop.actors import clean as _clean
from workshop.domain.model import Comment, CommentKind
from workshop.live_part import LivePart

COMMENT_INTERVAL = 0.5  # seconds: comments and ideas reach open threads and the console at most twice a second
COUNT_INTERVAL = 2.0  # seconds: comment counts on every participant's buttons follow at most this often,
COUNT_PAGES = 100  # and at most this many pages a second are told (a thousand open pages: every ten seconds)


class CommentActions(LivePart):
    _posts: dict[tuple[str, str], deque[float]]
    _count_cache: tuple[int, Counter[tuple[str, str]]]
    _comment_changes: int
    _urgent: bool
    _visible: tuple[int, dict[tuple[str, str], list[Comment]]]

    def comment_counts(self) -> Counter[tuple[str, str]]:
        """(target kind, target id) → visible comments: counted once per change of the comments, shared by every page."""
        if self._count_cache[0] != self._comment_changes:  # not per log position: every vote moves that
            visible = self.state.visible_comments()
            self._count_cache = (self._comment_changes, Counter((c.target_kind, c.target_id) for c in visible))
        return self._count_cache[1]

    def visible_comments(self, target_kind: str, target_id: str) -> list[Comment]:
        """The comments shown on one target, oldest first: found once per change of the comments for every open
        thread on it (shared: never change the list returned)."""
        if self._visible[0] != self._comment_changes:
            self._visible = (self._comment_changes, {})
        found = self._visible[1]
        if (target_kind, target_id) not in found:
            found[(target_kind, target_id)] = self.state.visible_comments(target_kind, target_id)
        return found[(target_kind, target_id)]

    @fresh()
    def comment(self, actor: Actor, target_kind: str, target_id: str, kind: str, text: str,
                op_id: str | None = None) -> str:
        self._require_participant(actor)
        self._require_unlocked()
        if not self._target_exists(target_kind, target_id):
            raise Refused('refused_target_gone')
        text = _clean(text, MAX_TEXT)
        if not text:
            raise Refused('refused_empty_comment')
        if kind not in set(CommentKind):
            raise Refused('refused_not_allowed')
        settings = self.workshop.settings
        comment_id = secrets.token_hex(6)
        self._post('comment', actor, settings.comments_per_minute, settings.comments_max, self.state.comments,
                   'comment_added', {'comment': comment_id, 'participant': actor.participant,
                                     'target_kind': target_kind, 'target_id': target_id,
                                     'kind': CommentKind(kind).value, 'text': text}, op_id)
        self._comments_dirty(comment_id)
        return comment_id

    @fresh()
    def propose(self, actor: Actor, title: str, description: str = '', op_id: str | None = None) -> str:
        self._require_participant(actor)
        self._require_unlocked()
        title = _clean(title, 200)
        if not title:
            raise Refused('refused_idea_title')
        settings = self.workshop.settings
        proposal = secrets.token_hex(6)
        self._post('idea', actor, settings.proposals_per_minute, settings.proposals_max, self.state.proposals,
                   'improvement_proposed', {'proposal': proposal, 'participant': actor.participant, 'title': title,
                                            'description': _clean(description, MAX_TEXT)}, op_id)
        self._comments_dirty('proposals')
        return proposal

    def _post(self, kind: str, actor: Actor, per_minute: int, most: int, posted: dict[str, Any], type_: str,
              payload: dict[str, Any], op_id: str | None) -> None:
        """Within the participant's limits (what they `posted` so far counts), record a comment or an idea."""
        self._check_posting(kind, actor.participant, per_minute, most,
                            sum(1 for item in posted.values() if item.participant == actor.participant))
        if self._record(type_, payload, actor=actor.participant, op_id=op_id):
            self._posted(kind, actor.participant)

    def _target_exists(self, kind: str, target_id: str) -> bool:
        lookup = {'stage': self.workshop.stage, 'theme': self.workshop.theme, 'improvement': self.workshop.improvement}
        return kind in lookup and lookup[kind](target_id) is not None

    def _check_posting(self, kind: str, participant: str, per_minute: int, most: int, so_far: int) -> None:
        """The workshop's limits on comments or ideas per participant: a rate, and a total (0: none)."""
        if most and so_far >= most:
            raise Refused(f'refused_{kind}_limit', n=most)
        recent = self._posts.get((kind, participant))
        if recent is not None:
            while recent and recent[0] <= time.monotonic() - 60:
                recent.popleft()
        if per_minute and recent is not None and len(recent) >= per_minute:
            raise Refused(f'refused_{kind}_rate')

    def _posted(self, kind: str, participant: str) -> None:
        self._posts.setdefault((kind, participant), deque()).append(time.monotonic())

    def _comments_dirty(self, *comment_ids: str, at_once: bool = False) -> None:
        """Coalesce what people write; `at_once` for moderation and withdrawal, which must take effect now (the counts
        on every page too)."""
        self._urgent = at_once
        self._comment_changes += 1  # every change to what comments are visible comes through here
        try:
            self._comments.add(comment_ids, at_once=at_once)
        finally:
            self._urgent = False

    def _tell_comments(self, changed: frozenset[str]) -> None:
        """Open threads and the console get the comments; every page's counts follow, more slowly."""
        ideas = 'proposals' in changed
        changed = changed - {'proposals'}
        if changed:
            self.comments_changed.emit(changed)
            comments = self.state.comments
            kinds = {'*'} if '' in changed else {c.target_kind for i in changed if (c := comments.get(i))}
            self._counts.interval = max(COUNT_INTERVAL, len(self.counts_changed.callbacks) / COUNT_PAGES)
            self._counts.add(kinds, at_once=self._urgent or '*' in kinds)
        if ideas:
            self.proposals_changed.emit()
