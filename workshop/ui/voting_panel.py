"""The current round's voting for one participant: dots, ranking or ratings, and pass on any idea or the round.

Every tap calls LiveWorkshop with the op id of that tap; the answer ("Vote recorded. 2 dots left.") or the refusal
goes to the status region, and focus stays where it was. The panel is built when the round changes and updated in
place when this participant's ballot changes (in this tab or another one).
"""
from __future__ import annotations

import uuid
from typing import Any, Callable

from nicegui import ui

from workshop.live import Actor, LiveWorkshop, Refused
from workshop.model import Method, Round
from workshop.ui import widgets
from workshop.ui.lang import label, mark, refusal, t
from workshop.ui.results_view import group_results


class VotingPanel:
    def __init__(self, live: LiveWorkshop, actor: Actor, say: Callable[[str], None], summary: ui.label) -> None:
        self.live, self.actor, self.say = live, actor, say
        self.summary = summary  # "Dots left: 2 of 5", in the footer that stays in view
        self.box = ui.column().classes('w-full gap-3')
        self.round: Round | None = None
        self.build()

    def build(self) -> None:
        self.box.clear()
        self.round = round_ = self.live.state.open_round()
        self.items: dict[str, dict[str, Any]] = {}
        self.timer: ui.label | None = None
        self.summary.set_visibility(False)
        with self.box:
            mark(widgets.heading(t('vote_heading')), 'vote_heading')
            if self.live.state.locked or round_ is None:
                label('workshop_closed' if self.live.state.locked else 'voting_not_open')
                return
            self.timer = widgets.countdown()
            self.show_timer()
            previous = self.live.state.rounds.get(round_.number - 1)
            if round_.show_previous and previous is not None:
                with widgets.expansion(t('previous_results', n=previous.number)).classes('w-full'):
                    group_results(self.live, previous.number, facilitator=False)
            nocap = round_.method == Method.DOTS and not round_.cap
            how = f'how_to_{round_.method.value}' + ('_nocap' if nocap else '')
            label(how, budget=self.live.budget(round_.number), cap=round_.cap,
                  k=self.live.top_k(round_.number), scale=round_.scale)
            self.whole_pass = widgets.send_button('', self.pass_round).mark('pass-round')
            with ui.column().classes('w-full gap-3'):
                for improvement in self.live.state.boxes[round_.number].improvements:
                    self._item(round_, improvement)
        self.refresh()

    def show_timer(self) -> None:
        if self.round is not None and self.timer is not None:
            widgets.set_deadline(self.timer, self.round.closes_at)

    def round_message(self) -> str:
        return t('round_opened') if self.round is not None else t('round_closed')

    def on_ballot(self, number: int) -> None:
        if self.round is not None and number in (0, self.round.number):
            self.refresh()

    # --- one idea -------------------------------------------------------------------------------------------

    def _item(self, round_: Round, improvement_id: str) -> None:
        title = widgets.improvement_title(self.live, improvement_id)
        improvement = self.live.workshop.improvement(improvement_id)
        parts: dict[str, Any] = {}
        with ui.card().classes('w-full').props('flat bordered') as parts['card']:
            widgets.heading(title, level=3, classes='text-lg font-semibold')
            if improvement and (improvement.plain or improvement.description):
                ui.label(improvement.plain or improvement.description).classes('text-slate-800')
            with ui.row().classes('items-center gap-2 flex-wrap'):
                if round_.method == Method.DOTS:
                    widgets.send_button('−', lambda op, i=improvement_id: self.add_dots(i, -1, op),
                                        aria_label=t('dot_remove', title=title)).mark(f'less:{improvement_id}').classes(
                                            'text-xl')
                    parts['count'] = ui.label('').classes('min-w-24 text-center')
                    widgets.send_button('+', lambda op, i=improvement_id: self.add_dots(i, 1, op),
                                        aria_label=t('dot_add', title=title)).mark(f'more:{improvement_id}').classes(
                                            'text-xl')
                elif round_.method == Method.RANK:
                    parts['place'] = ui.label('').classes('min-w-32')
                    parts['add'] = widgets.send_button('', lambda op, i=improvement_id: self.toggle_rank(i, op)).mark(
                        f'pick:{improvement_id}')
                    parts['up'] = widgets.send_button(
                        t('move_up'), lambda op, i=improvement_id: self.move(i, -1, op),
                        aria_label=t('move_up_aria', title=title)).mark(f'up:{improvement_id}')
                    parts['down'] = widgets.send_button(
                        t('move_down'), lambda op, i=improvement_id: self.move(i, 1, op),
                        aria_label=t('move_down_aria', title=title)).mark(f'down:{improvement_id}')
            if round_.method == Method.RATING:
                parts['rates'] = {}
                for criterion in round_.criteria:
                    question = t(f'criterion_{criterion}') if criterion in ('importance', 'feasibility') else criterion
                    ui.label(question).classes('font-medium')
                    with ui.row().classes('gap-1 flex-wrap') as group:
                        group.props['role'] = 'group'
                        group.props['aria-label'] = t('rating_group', question=question, title=title)
                        for value in range(1, round_.scale + 1):
                            parts['rates'][(criterion, value)] = widgets.send_button(
                                str(value), lambda op, i=improvement_id, c=criterion, v=value: self.rate(i, c, v, op)
                            ).mark(f'rate:{improvement_id}:{criterion}:{value}')
                    ui.label(t('scale_hint', scale=round_.scale)).classes('text-sm text-slate-700')
            parts['pass'] = widgets.send_button('', lambda op, i=improvement_id: self.toggle_pass(i, op)).mark(
                f'pass:{improvement_id}')
            parts['pass'].props['aria-label'] = t('pass_aria', title=title)
        self.items[improvement_id] = parts

    # --- actions: each one tap, one op id ---------------------------------------------------------------------

    def add_dots(self, improvement: str, step: int, op: str | None) -> None:
        current = self._ballot().dots.get(improvement, 0)
        self._act(self.live.set_dots, improvement, max(current + step, 0), op=op)

    def toggle_rank(self, improvement: str, op: str | None) -> None:
        order = list(self._order())
        order = [i for i in order if i != improvement] if improvement in order else [*order, improvement]
        self._act(self.live.set_ranking, order, op=op, done=t('ranking_recorded'))

    def move(self, improvement: str, step: int, op: str | None) -> None:
        order = list(self._order())
        if improvement not in order:
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
        self.say(message)
        self.refresh()

    # --- showing the ballot in place --------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.round is None or self.timer is None:
            return
        ballot = self._ballot()
        number, method = self.round.number, self.round.method
        if method == Method.DOTS:
            left = self.live.dots_left(self.actor.participant, number)
            self.summary.set_text(t('dots_summary', left=left, budget=self.live.budget(number)))
        elif method == Method.RANK:
            self.summary.set_text(t('rank_summary', n=len(ballot.ranks), k=self.live.top_k(number)))
        else:
            self.summary.set_text('')
        self.summary.set_visibility(method != Method.RATING)
        self.whole_pass.set_text(t('vote_after_all') if ballot.abstain_all else t('pass_round'))
        widgets.pressed(self.whole_pass, ballot.abstain_all)
        for improvement, parts in self.items.items():
            passed = improvement in ballot.abstain
            parts['pass'].set_text(t('passed') if passed else t('pass'))
            widgets.pressed(parts['pass'], passed)
            if method == Method.DOTS:
                parts['count'].set_text(t('your_dots', n=ballot.dots.get(improvement, 0)))
            elif method == Method.RANK:
                self._show_place(parts, ballot.ranks.get(improvement), len(ballot.ranks))
            else:
                for (criterion, value), button in parts['rates'].items():
                    widgets.pressed(button, ballot.ratings.get(criterion, {}).get(improvement) == value)

    def _show_place(self, parts: dict[str, Any], place: int | None, ranked: int) -> None:
        parts['place'].set_text(t('your_place', place=place) if place else t('not_ranked'))
        parts['add'].set_text(t('rank_remove') if place else t('rank_add'))
        parts['up'].set_enabled(bool(place and place > 1))
        parts['down'].set_enabled(bool(place and place < ranked))
        # ranked ideas move to the top in their order; focus stays on the same button as the card moves
        parts['card'].style(f'order: {place if place else 1000}')

    def _ballot(self):
        return self.live.ballot(self.actor.participant, self.round.number)

    def _order(self) -> list[str]:
        ranks = self._ballot().ranks
        return sorted(ranks, key=ranks.get)
