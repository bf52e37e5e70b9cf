"""The breakout beside each ballot in exports, and the Method text for workshops that ran breakouts. Pure.

Breakout members know who was in their breakout, so a breakout named beside a ballot narrows who cast it to the
people in that breakout. A ballot's breakout is therefore named only when

- that breakout's own results are shown in that round (at least the threshold of voters; a smaller breakout, and
  the one hidden with it, stay hidden: plenary.combine), and
- the people it could be, taking together everything the export shows beside the same pseudonym (their group where
  named, and their breakouts named in earlier rounds: a reshuffle puts people with new people), are still at least
  the threshold. Otherwise the cell says NOT_SHOWN.

A breakout's own round (run by its host for its people only) is left out of every export when fewer than the
threshold of its people voted in it: its number alone would say which breakout its ballots came from.
"""
from __future__ import annotations

from typing import Any

from workshop.domain import plenary

NOT_SHOWN = 'not shown (small group)'
RULE = ('Breakout beside a vote: a ballot\'s breakout is named only when that breakout\'s results are shown for the '
        'round, and only while the people the ballot could belong to (everyone with the group shown beside it, who '
        'was also in each breakout named beside the same pseudonym) number at least {t}; otherwise it says "{ns}".')


OWN_ROUNDS_RULE = ('Rounds a breakout ran on its own: only its people saw and voted in them, and their results were '
                   'shown only to that breakout. Such a round is left out of these files unless at least {t} of its '
                   'people voted in it, as its number alone says which breakout its ballots came from.')


def hidden_rounds(state: Any, threshold: int) -> set[int]:
    """Breakouts' own rounds with fewer than the threshold of voters: left out of the exports."""
    return {n for n, r in state.rounds.items() if r.breakout and sum(
        not b.abstain_all for b in state.ballots(n)) < threshold}


def labels(state: Any, rounds: list[int], shown_group: dict[str, str], threshold: int) -> dict[tuple[int, str], str]:
    """(round, participant) → 'Breakout 2', NOT_SHOWN, or '' (no breakout), for every ballot of these rounds.
    `shown_group`: participant → the group text the export shows beside them (NOT_SHOWN included)."""
    found: dict[tuple[int, str], str] = {}
    could_be = {p: {q for q, g in shown_group.items() if g == group} for p, group in shown_group.items()}
    for number in sorted(rounds):
        breakout_of = state.breakouts.of_round(number)
        if not breakout_of:
            continue
        ballots = state.ballots(number)
        voters: dict[str, set[str]] = {}
        for ballot in ballots:
            if ballot.participant in breakout_of and not ballot.abstain_all:
                voters.setdefault(breakout_of[ballot.participant], set()).add(ballot.participant)
        combined = plenary.combine(state.rounds[number], state.boxes[number].improvements, ballots, breakout_of,
                                   sorted(voters), [], state.workshop.settings)
        for ballot in ballots:
            person, breakout = ballot.participant, breakout_of.get(ballot.participant)
            if breakout is None:
                found[(number, person)] = ''
                continue
            narrowed = could_be.get(person, set()) & voters.get(breakout, set())
            result = combined.breakouts.get(breakout)
            if result is not None and not result.suppressed and len(narrowed) >= threshold:
                could_be[person] = narrowed
                found[(number, person)] = f'Breakout {breakout[1:]}'
            else:
                found[(number, person)] = NOT_SHOWN
    return found


def method(state: Any, threshold: int) -> list[str]:
    """The combination rule and the small-breakout rules, for the Method text of a workshop that ran breakouts."""
    if not state.breakouts.ballots:
        return []
    own = [OWN_ROUNDS_RULE.format(t=threshold)] if any(r.breakout for r in state.rounds.values()) else []
    return [plenary.PLENARY_RULE, plenary.BREAKOUT_SUPPRESSION_RULE.format(t=threshold),
            RULE.format(t=threshold, ns=NOT_SHOWN), *own]
