"""The current round's voting for one participant: dots, ranking or ratings, and pass on any idea or the round.

Every tap calls LiveWorkshop with the op id of that tap; the answer ("Vote recorded. 2 dots left.") or the refusal
goes to the status region, and focus stays where it was. The panel is built when the round changes and updated in
place when this participant's ballot changes (in this tab or another one). The ideas are one IdeaList element.
"""
from __future__ import annotations

import uuid
from typing import Any, Callable

from nicegui import ui

from workshop.domain import methods
from workshop.domain.model import Round
from workshop.live import Actor, LiveWorkshop, Refused
from workshop.ui.participant import own_time_notice
from workshop.ui.participant.idea_list import CardTexts, IdeaList, dumps
from workshop.ui.participant.results_list import ResultsList, ResultTexts
from workshop.ui.shared import widgets
from workshop.ui.shared.lang import label, mark, refusal, t, text

ACTIONS = ('less', 'more', 'pick', 'up', 'down', 'drop', 'rate', 'pass', 'pass_round')


class VotingPanel:
    def __init__(self, live: LiveWorkshop, actor: Actor, say: Callable[[str], None],
                 summary: Callable[[str], None], cards: CardTexts, results: ResultTexts,
                 on_comments: Callable[[str], None]) -> None:
        self.live, self.actor, self.say = live, actor, say
        self.summary = summary  # shows "Dots left: 2 of 5" in the footer that stays in view ('' hides it)
        self.cards, self.result_texts, self.on_comments = cards, results, on_comments
        self.ideas: IdeaList | None = None
        self.box = ui.column().classes('w-full gap-3')
        self.round: Round | None = None
        self.build()

    def build(self) -> None:
        self.box.clear()
        self.round = round_ = self.live.open_round_for(self.actor.participant)  # their breakout's own, if open
        self.ideas = None
        self.summary('')
        with self.box:
            if self.live.state.locked or round_ is None:
                mark(widgets.heading(t('vote_heading')), 'vote_heading')
                label('workshop_closed' if self.live.state.locked else 'voting_not_open')
                if not self.live.state.locked:
                    own_time_notice.next_opening(self.live)
                return
            own_time_notice.open_until(self.live, round_)
            previous = self.live.state.rounds.get(round_.number - 1)
            if round_.show_previous and previous is not None:  # the Delphi step: each group's view, then vote again
                ResultsList().mark('previous-results').show(self.result_texts.by_group(self.live, previous.number))
            self.ideas = IdeaList(self.act).mark('ideas')  # the heading, how to vote and the timer too
        self.refresh()

    def show_timer(self) -> None:
        self.refresh()

    def round_message(self) -> str:
        return t('round_opened') if self.round is not None else t('round_closed')

    def on_ballot(self, number: int) -> None:
        if self.round is not None and number in (0, self.round.number):
            self.refresh()

    # --- actions: each one tap, one op id ---------------------------------------------------------------------

    def act(self, tap: dict[str, Any]) -> None:
        """One tap on a card. The arguments come from the browser: anything unexpected is ignored, and the rules
        for what counts are LiveWorkshop's."""
        what, improvement, op = tap.get('a'), tap.get('id'), tap.get('op')
        op = op if isinstance(op, str) and 0 < len(op) <= 64 else None
        if what == 'comments' and isinstance(improvement, str):
            self.on_comments(improvement)
            return
        if self.round is None or what not in ACTIONS:
            return
        if what != 'pass_round' and improvement not in self.improvements():
            return
        value = tap.get('v')
        if what in ('less', 'more'):
            self.add_dots(improvement, 1 if what == 'more' else -1, op)
        elif what == 'pick':
            self.toggle(improvement, op)
        elif what in ('up', 'down'):
            self.move(improvement, -1 if what == 'up' else 1, op)
        elif what == 'drop' and isinstance(value, int) and improvement in self._order():
            self.move(improvement, value - 1 - self._order().index(improvement), op)
        elif what == 'rate' and isinstance(value, int) and tap.get('c') in self.round.criteria:
            self.rate(improvement, tap['c'], value, op)
        elif what == 'pass':
            self.toggle_pass(improvement, op)
        elif what == 'pass_round':
            self.pass_round(op)

    def add_dots(self, improvement: str, step: int, op: str | None) -> None:
        current = self._ballot().dots.get(improvement, 0)
        self._act(self.live.set_vote, improvement, max(current + step, 0), op=op)

    def toggle(self, improvement: str, op: str | None) -> None:
        """The card's one toggle button: what it casts is the method's (an idea in or out of a ranking, …)."""
        method = self._method()
        change = method.toggled(self._ballot(), improvement)
        if method.event == 'ranking_cast':
            self._act(self.live.set_ranking, change, op=op, done=t('ranking_recorded'))
        else:
            self._act(self.live.set_vote, improvement, change, op=op)

    def move(self, improvement: str, step: int, op: str | None) -> None:
        order = list(self._order())
        if improvement not in order or step == 0:
            return
        at = order.index(improvement)
        to = min(max(at + step, 0), len(order) - 1)
        order.insert(to, order.pop(at))
        self._act(self.live.set_ranking, order, op=op, done=t('moved_to', place=to + 1))

    def rate(self, improvement: str, criterion: str, value: int, op: str | None) -> None:
        self._act(self.live.set_rating, improvement, criterion, value, op=op)

    def toggle_pass(self, improvement: str, op: str | None) -> None:
        passing = improvement not in self._ballot().abstain
        self._act(self.live.set_abstain, improvement, passing, op=op,
                  done=t('passed_idea') if passing else t('pass_removed'))

    def pass_round(self, op: str | None) -> None:
        passing = not self._ballot().abstain_all
        self._act(self.live.set_abstain, None, passing, op=op, done=t('passed_round') if passing else t('pass_removed'))

    def _act(self, action: Callable[..., int | None], *args: Any, op: str | None, done: str | None = None) -> None:
        try:
            left = action(self.actor, *args, op_id=op or uuid.uuid4().hex)
        except Refused as e:
            self.say(refusal(e))  # nothing changed: the panel still shows what the server has
            return
        message = done or t('vote_recorded')
        if left is not None:
            message = t('sentences', first=message, second=t('dots_left', n=left))
        self.say(message)  # the panel itself follows the ballot event, once per change (and in every tab)

    # --- showing the ballot in place --------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.round is None or self.ideas is None:
            return
        ballot, method, box = self._ballot(), self._method(), self.live.state.boxes[self.round.number]
        summary = method.summary(box, ballot)
        self.summary(t(summary.key, **summary.params) if summary else '')
        state: dict[str, Any] = {}
        for improvement in self.improvements():
            passed = improvement in ballot.abstain
            mine: dict[str, Any] = {'pass': text('passed' if passed else 'pass'), 'passed': passed}
            for key, value in method.card(box, ballot, improvement).items():  # the method's own, its words said
                mine[key] = _said(value)
            state[improvement] = mine
        # ranked ideas move to the top in their order; focus stays on the same button as the card moves
        texts = dumps({'up': text('move_up'), 'down': text('move_down'),
                       'hint': text('scale_hint', scale=self.round.scale)})
        self.ideas.show(self.cards.ideas(self.live, self.improvements(), self.round), texts,
                        mode=method.name, scale=self.round.scale, state=state, head=self._head(ballot.abstain_all))

    def show_cards(self) -> None:
        """Comment counts changed: only the shared cards are swapped, the ballot is as it was."""
        if self.round is not None and self.ideas is not None:
            self.ideas.show_ideas(self.cards.ideas(self.live, self.improvements(), self.round))

    def _head(self, passed: bool) -> dict[str, Any]:
        round_ = self.round
        how = text(self._method().how_key(round_), budget=self.live.budget(round_.number), cap=round_.cap,
                   k=self.live.top_k(round_.number), scale=round_.scale)
        head = {'heading': text('vote_heading'), 'how': how,
                'pass': {**text('vote_after_all' if passed else 'pass_round'), 'on': passed}}
        if round_.closes_at and round_.closes_at != round_.ends_at:  # a round over days says its end in words instead
            head['timer'] = {'deadline': int(round_.closes_at * 1000), 'template': t('time_left'), 'done': t('time_up')}
        return head

    def improvements(self) -> list[str]:
        """The ideas of the open round (none when no round is open)."""
        return self.live.state.boxes[self.round.number].improvements if self.round else []

    def _ballot(self):
        return self.live.ballot(self.actor.participant, self.round.number)

    def _method(self) -> methods.VotingMethod:
        return methods.get(self.round.method)

    def _order(self) -> list[str]:
        ranks = self._ballot().ranks
        return sorted(ranks, key=ranks.get)


def _said(value: Any) -> Any:
    """A method's card value with its words in the page's language ({t, l}); a dict's own 'words' become its t, l."""
    if isinstance(value, methods.Words):
        return text(value.key, **value.params)
    if isinstance(value, dict):
        return {**{k: _said(v) for k, v in value.items() if k != 'words'},
                **(_said(value['words']) if 'words' in value else {})}
    return value
