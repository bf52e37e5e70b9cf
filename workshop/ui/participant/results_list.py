"""Revealed results on a participant's page as one element (results_list.js), updated in place.

A reveal reaches every phone at once, so what each page does then must cost almost nothing: the results are worked
out off the event loop once per change of the log (LiveWorkshop.latest_tally) and turned into words once per
language (`ResultTexts`, created at start-up and shared by every page); each page only swaps one JSON string prop,
which its browser draws, and the pages given the same words are sent them as one message encoded once
(web/broadcast.py), not as a thousand element updates. The ranked list, the ideas nobody voted for,
every-group-counts-the-same and each group's own ranking (small groups suppressed, as the results function says)
fold out in the browser, with no element on the server.
"""
from __future__ import annotations

import json
from typing import Any

from nicegui import ui

from workshop.domain.model import Method
from workshop.domain.ranking import ItemResult, RoundResult, points_text
from workshop.live import LiveWorkshop
from workshop.ui.participant.idea_list import dumps
from workshop.ui.shared import widgets
from workshop.ui.shared.lang import current, t, text
from workshop.ui.shared.results_view import rank_text, score_text
from workshop.web.broadcast import Broadcast, resend_on_reconnect

NOTHING = '{"rounds":[],"rev":0}'


class ResultsList(ui.element, component='results_list.js'):
    """Shows the rounds given by `show()`: a JSON text from ResultTexts, the same string on every page alike.

    With `shared`, a change reaches the browser in that broadcast's one message for every page with the same words
    (the revealed results, on every participant page); without it (a round showing the previous results, built with
    the round's panel) as an ordinary element update."""

    def __init__(self, shared: Broadcast | None = None) -> None:
        super().__init__()
        self._props['results'] = NOTHING
        self._shared = shared
        if shared is not None:
            self._props['shared'] = shared.event  # results_list.js listens for it
            resend_on_reconnect(self)

    def show(self, results: str) -> None:
        if self._props['results'] == results:
            return
        if self._shared is not None:
            self._shared.deliver(self, {'results': results}, r=results)
        else:
            self._props['results'] = results  # an element update

    def _displayed_contents(self, *, only_visible: bool) -> list:
        """What the list shows (folded parts too, as a screen reader finds them), so `user.should_see` works."""
        return self.shown()

    def shown(self) -> list[str]:
        data = json.loads(self._props['results'])
        words = [data['heading']['t']] if data.get('heading') else []
        for round_ in data['rounds']:
            words += [round_['heading']['t'], round_['voters']['t'], *(line['t'] for line in round_['ranked'])]
            for part in round_['more']:
                words.append(part['summary']['t'])
                for block in part['blocks']:
                    words += [block[k]['t'] for k in ('heading', 'note') if block.get(k)]
                    words += [line['t'] for line in block['lines']]
        return words


class ResultTexts:
    """The words of revealed results per workshop, announcement, language and choice of rounds, as JSON; shared by
    every page. A few versions are kept, the oldest dropped first."""

    def __init__(self, size: int = 32) -> None:
        self.size = size
        self._texts: dict[tuple, str] = {}
        # each text made gets the next revision: a browser given words two ways (a broadcast, an element update) keeps
        # the newest, whatever order they arrive in
        self._revision = 0

    def revealed(self, live: LiveWorkshop, participant: str = '') -> str:
        """Every revealed round, newest first, in full: what the results part of a participant page shows (a
        breakout's own rounds only to its people)."""
        numbers = tuple(sorted((r.number for r in live.state.rounds.values() if r.revealed and (
            not r.breakout or live.sees_round(participant, r))), reverse=True))
        return self._get(live, numbers, by_group_only=False)

    def by_group(self, live: LiveWorkshop, number: int) -> str:
        """One round's results for each group: what a round that shows the previous results puts first."""
        return self._get(live, (number,), by_group_only=True)

    @staticmethod
    def shows_rounds(results: str) -> bool:
        """Whether a text from this shows any round (texts with none begin so: see `_get`)."""
        return not results.startswith('{"rounds":[]')

    def _get(self, live: LiveWorkshop, numbers: tuple[int, ...], *, by_group_only: bool) -> str:
        # one version per announcement to every page (not per log position): a reveal reaches a thousand pages over
        # many turns of the loop, and votes arriving meanwhile must not make every batch build the words again
        key = (live.id, *(e.emitted for e in (live.results_changed, live.reveal_changed, live.round_changed,
                                             live.content_changed)), current(), numbers, by_group_only)
        if key not in self._texts:
            while len(self._texts) >= self.size:
                self._texts.pop(next(iter(self._texts)))
            self._revision += 1
            if numbers:
                rounds = [_round(live, n, live.latest_tally(n), by_group_only) for n in numbers]
                heading = None if by_group_only else text('results_heading')
                self._texts[key] = dumps({'heading': heading, 'rounds': rounds, 'rev': self._revision})
            else:  # none (any more: results can be hidden again), and newer than the results it replaces
                self._texts[key] = dumps({'rounds': [], 'rev': self._revision})
        return self._texts[key]


def _round(live: LiveWorkshop, number: int, result: RoundResult, by_group_only: bool) -> dict[str, Any]:
    method = live.state.rounds[number].method
    if breakout := live.state.rounds[number].breakout:  # a breakout's own round: hidden when too few of it voted
        own = live.combined(number).breakouts.get(breakout)
        if own is None or own.suppressed:
            return {'heading': text('round_results', n=number), 'ranked': [], 'more': [],
                    'voters': text('breakout_round_hidden', t=live.workshop.settings.suppression_threshold)}
    title = lambda i: widgets.improvement_title(live, i)  # noqa: E731
    groups = _part(text('results_by_group'), [_group(live, method, group, g) for group, g in result.by_group.items()])
    if by_group_only:
        return {'heading': text('previous_results', n=number), 'voters': text('voters', n=result.n), 'ranked': [],
                'more': [{**groups, 'open': True}]}
    unvoted = [i for i in result.pooled if not i.score]
    more = []
    if unvoted:
        more.append(_part(text('results_unvoted', n=len(unvoted)), [{'lines': [_plain(title(i.improvement))
                                                                               for i in unvoted]}]))
    balanced = [_plain(t('result_line', rank=rank_text(i.rank, i.shared), title=title(i.improvement),
                         score=t('score_points', n=points_text(i.score)))) for i in result.balanced]
    more.append(_part(text('results_balanced'), [{'note': text('results_balanced_explain'), 'lines': balanced}]))
    more.append(groups)
    return {'heading': text('round_results', n=number), 'voters': text('voters', n=result.n),
            'ranked': _lines(live, method, [i for i in result.pooled if i.score]), 'more': more}


def _group(live: LiveWorkshop, method: Method, group: str, result: Any) -> dict[str, Any]:
    block: dict[str, Any] = {'heading': _plain(widgets.group_name(live, group)), 'lines': []}
    if result.n == 0:
        block['note'] = text('group_no_votes')
    elif result.suppressed:  # the results function decided: a participant never sees a small group's figures
        block['note'] = text('group_suppressed', threshold=live.workshop.settings.suppression_threshold)
    else:
        block['lines'] = _lines(live, method, result.items)
    return block


def _lines(live: LiveWorkshop, method: Method, items: list[ItemResult]) -> list[dict[str, Any]]:
    return [{**_plain(t('result_line', rank=rank_text(i.rank, i.shared), score=score_text(method, i.score),
                        title=widgets.improvement_title(live, i.improvement))), 'top': i.rank <= 3} for i in items]


def _part(summary: dict, blocks: list[dict]) -> dict[str, Any]:
    return {'summary': summary, 'blocks': blocks}


def _plain(words: str) -> dict[str, Any]:
    """Words mixed from the catalogue and content (titles, names): no single language to mark."""
    return {'t': words, 'l': None}
