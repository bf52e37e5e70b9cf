"""A survey round makes the shortlist of the next round: the top N (everyone together, or every group equal), or ideas
picked with the ranking in view; the choice is recorded with its reason (event `shortlist_chosen`). Pure.

As the James Lind Alliance takes the top questions of its interim survey into the workshop: the survey (often a round
over days, workshop/domain/own_time.py) ranks the long list, and the live round votes on what it kept.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workshop.domain.ranking import RoundResult

POOLED = 'pooled'  # the top N of everyone together
BALANCED = 'balanced'  # the top N with every group weighing the same (suppressed groups as one combined voice)
PICKED = 'picked'  # chosen by hand with the ranking in view
BASES = (POOLED, BALANCED, PICKED)
BASIS_WORDS = {POOLED: 'the top {n} of everyone together', BALANCED: 'the top {n} with every group weighing the same',
               PICKED: 'picked by the facilitator with the ranking in view'}


@dataclass(kw_only=True, slots=True)
class Shortlist:
    from_round: int
    round: int  # the round made from it
    improvements: list[str] = field(default_factory=list)
    basis: str = PICKED
    n: int = 0
    reason: str = ''
    by: str = ''
    at: float = 0.0
    sources: list[str] = field(default_factory=list)  # earlier events of a project, when it came from them


def top(result: RoundResult, basis: str, n: int) -> list[str]:
    """The first n ideas of the pooled or the balanced ranking (ideas nobody gave anything are never carried)."""
    return [idea for idea, _ in _ranked(result, basis)][:max(n, 0)]


def tied_at_cut(result: RoundResult, basis: str, n: int) -> list[str]:
    """Ideas left out that share the last place kept: the facilitator is told, as the choice is theirs."""
    ranked = _ranked(result, basis)
    if not 0 < n < len(ranked):
        return []
    last = ranked[n - 1][1]
    return [idea for idea, rank in ranked[n:] if rank == last]


def _ranked(result: RoundResult, basis: str) -> list[tuple[str, int]]:
    """(idea, rank) in the chosen order, leaving out ideas nobody gave anything."""
    given = {i.improvement for i in result.pooled if i.score}
    if basis == BALANCED and result.balanced_groups:
        return [(b.improvement, b.rank) for b in result.balanced if b.improvement in given]
    return [(i.improvement, i.rank) for i in result.pooled if i.improvement in given]


def from_payload(p: dict[str, Any], at: float) -> Shortlist:
    return Shortlist(from_round=int(p['from_round']), round=int(p['round']), improvements=list(p['improvements']),
                     basis=p.get('basis', PICKED), n=int(p.get('n') or 0), reason=p.get('reason', ''),
                     by=p.get('by', ''), at=at, sources=list(p.get('sources') or []))


def how(shortlist: Shortlist) -> str:
    """'The top 4 with every group weighing the same of round 1' in plain words (exports are in English)."""
    if shortlist.sources:
        return f'{BASIS_WORDS[BALANCED].format(n=shortlist.n)} of each of: {", ".join(shortlist.sources)}'
    return f'{BASIS_WORDS.get(shortlist.basis, shortlist.basis).format(n=shortlist.n)} of round {shortlist.from_round}'
