"""Voting rounds on the facilitator console: create, open, close, extend, reveal; turnout and live tallies.

A breakout host sees the same panel for their own breakout only: its rounds, made for its people (a facilitator may
make a round for everyone or for one breakout).

The round cards are rebuilt when a round changes (rare); tallies and turnout change their label texts in place when
votes arrive (coalesced in LiveWorkshop). The panel subscribes once and routes events to the current cards, so a
rebuild never adds a second subscription.
"""
from __future__ import annotations

import asyncio

from typing import Callable

from nicegui import ui

from workshop.domain import methods, ranking
from workshop.domain.model import PREFER_NOT_TO_SAY, Method, Round, RoundStatus
from workshop.live import HOST, Actor, LiveWorkshop, Refused
from workshop.ui.facilitator.round_schedule import ScheduleFields, schedule_line
from workshop.ui.facilitator.shortlist_panel import shortlist_dialog
from workshop.ui.shared import widgets
from workshop.ui.shared.analysis_table import Analyses
from workshop.ui.shared.lang import refusal, t
from workshop.ui.shared.results_view import rank_text, score_text

Say = Callable[[str], None]


class RoundsPanel:
    def __init__(self, live: LiveWorkshop, actor: Actor, say: Say) -> None:
        self.live, self.actor, self.say = live, actor, say
        self.tallies: dict[int, Tally] = {}
        self.notes: dict[int, ui.label] = {}
        self.said: dict[int, str] = {}  # the last message of each round's card, shown again when it is rebuilt
        self.host = actor.role == HOST
        self._builds = 0  # rebuilds of the round cards begun (build_rounds)
        self.acted_on: int | None = None  # the round whose card the facilitator last acted in
        with ui.card().classes('w-full').props('flat bordered') as self.card:
            widgets.heading(t('rounds_heading'))
            self.form_box = ui.column().classes('w-full')
            self.rounds_box = ui.column().classes('w-full gap-3')
        self.build_form()
        self.build_rounds()
        for event in (live.reveal_changed, live.timer_changed, live.lock_changed):
            event.subscribe(self.build_rounds)
        live.round_changed.subscribe(self.on_round)
        live.content_changed.subscribe(self.on_content)
        live.tally_changed.subscribe(lambda number: number in self.tallies and self.tallies[number].update())
        live.participants_changed.subscribe(lambda: [tally.update() for tally in self.tallies.values()])
        live.breakouts_changed.subscribe(self.on_breakouts)

    def on_breakouts(self) -> None:
        """Breakouts began, ended or changed hosts: who a new round can be for, and a host's own rounds."""
        if self.form_for != self.choices():
            self.build_form()
            self.build_rounds()

    def choices(self) -> dict[str, str]:
        """Who a new round can be for: everyone or one running breakout (a facilitator); a host's own breakouts."""
        running = self.live.state.breakouts.running()
        if self.host:
            return {b: t('breakout_name', n=int(b[1:])) for b in self.live.state.breakouts.hosted_by(self.actor.cohost)}
        return {'': t('round_for_everyone'), **{b.id: t('breakout_name', n=b.number) for b in running}}

    def shown(self, round_: Round) -> bool:
        return not self.host or round_.breakout in self.live.state.breakouts.hosted_by(self.actor.cohost)

    def on_round(self) -> None:
        self.build_rounds()
        if self.form_count != len(self.live.state.rounds):
            self.build_form()  # a new round folds the form away

    def on_content(self) -> None:
        self.build_rounds()
        self.build_form()  # its list of ideas follows the content

    def act(self, action: Callable[..., object], *args: object, done: str, round_: int | None = None,
            **kwargs: object) -> bool:
        """Call a LiveWorkshop action; its confirmation or refusal is shown next to the control: in the round's card
        (kept across the card's rebuild) or under the new-round form."""
        self.acted_on = round_  # its card stays open when rebuilt, so that its answer is seen (until acting elsewhere)
        try:
            action(self.actor, *args, **kwargs)
        except Refused as e:
            message, ok = refusal(e), False
        else:
            message, ok = done, True
        if round_ is None:
            self.form_note.set_text(message)
        else:
            self.say_at(round_, message)
        return ok

    # --- a new round ----------------------------------------------------------------------------------------

    def build_form(self) -> None:
        settings = self.live.workshop.settings
        ideas = {i.id: i.title for i in self.live.workshop.improvements}
        self.form_count = len(self.live.state.rounds)
        self.form_for = choices = self.choices()
        self.form_box.clear()
        if not choices:  # a host without a running breakout
            with self.form_box:
                ui.label(t('breakout_none_hosted'))
                self.form_note = note()
            return
        with self.form_box, ui.expansion(t('round_new'), value=not any(map(self.shown, self.live.state.rounds.values()))
                                         ).classes('w-full'):
            who = ui.select(choices, value=next(iter(choices)), label=t('round_for')).classes('min-w-[16rem]').mark(
                'round-for')
            who.set_visibility(len(choices) > 1)
            method = ui.toggle({m.name: t(m.label_key) for m in methods.every()}, value=Method.DOTS.value).props(
                'no-caps')
            asks = lambda field: lambda name: field in methods.get(name).settings  # noqa: E731  (the method's fields)
            with ui.row().classes('gap-4 items-end flex-wrap'):
                budget = ui.number(t('round_budget'), value=settings.dot_budget or max(1, len(ideas) // 2),
                                   min=1, precision=0).bind_visibility_from(method, 'value', backward=asks('budget'))
                cap = ui.number(t('round_cap'), value=settings.dot_cap, min=0, precision=0).bind_visibility_from(
                    method, 'value', backward=asks('cap'))
                top_k = ui.number(t('round_top_k'), value=min(settings.rank_top_k, len(ideas)), min=1,
                                  precision=0).bind_visibility_from(method, 'value', backward=asks('top_k'))
                scale = ui.select({5: t('scale_5'), 9: t('scale_9')}, value=settings.rating_scale
                                  if settings.rating_scale in (5, 9) else 5, label=t('round_scale')
                                  ).bind_visibility_from(method, 'value', backward=asks('scale'))
                feasibility = ui.checkbox(t('round_feasibility'), value=True).bind_visibility_from(
                    method, 'value', backward=asks('criteria'))
            chosen = ui.select(ideas, value=list(ideas), multiple=True, label=t('round_ideas')).props(
                'use-chips outlined').classes('w-full').mark('round-ideas')
            previous = ui.checkbox(t('round_show_previous'))
            schedule = None if self.host else ScheduleFields(self.live)  # rounds over days: the facilitators'

            def create() -> None:
                try:
                    times = schedule.times() if schedule else None
                except Refused as e:
                    self.form_note.set_text(refusal(e))
                    return
                n = max(self.live.state.rounds, default=0) + 1
                scheduled = t('round_scheduled_done', n=n)  # words first: creating the round rebuilds this form
                with self.rounds_box:  # and carry on in a part of the page that stays
                    if self.act(self.live.create_round, method.value, improvements=list(chosen.value or []),
                                budget=int(budget.value or 0), cap=int(cap.value or 0), top_k=int(top_k.value or 0),
                                scale=int(scale.value), show_previous=previous.value, done=t('round_created'),
                                breakout=who.value or '',
                                criteria=['importance', 'feasibility'] if feasibility.value else ['importance']) \
                            and times:
                        n = max(self.live.state.rounds)
                        self.act(self.live.schedule_round, n, *times, done=scheduled, round_=n)
            ui.button(t('round_create'), on_click=create).props('no-caps unelevated')
        with self.form_box:
            self.form_note = note()

    # --- the rounds -----------------------------------------------------------------------------------------

    def build_rounds(self) -> None:
        """The round cards again, newest first: the newest at once, the others one per turn of the event loop. A
        card with a thousand ballots' tally takes 15-25 ms to build, and this runs when the facilitator opens, closes
        or reveals, the moment a thousand phones are tapping. A newer rebuild stops an older one."""
        self._builds += 1
        build, rounds = self._builds, sorted(filter(self.shown, self.live.state.rounds.values()), key=lambda r: -r.number)
        self.rounds_box.clear()
        self.tallies, self.notes = {}, {}

        def card(i: int) -> None:
            if build != self._builds or self.rounds_box.is_deleted or i >= len(rounds):
                return
            with self.rounds_box:
                self._round_card(rounds[i])
            asyncio.get_running_loop().call_soon(card, i + 1)
        card(0)  # the newest now, each older one in a later turn

    def _round_card(self, round_: Round) -> None:
        live, n = self.live, round_.number
        status = t(f'status_{round_.status.value}') + (' · ' + t('revealed') if round_.revealed else '')
        latest = n == max(live.state.rounds)
        title = t('round_title', n=n, method=t(f'method_{round_.method.value}'), status=status)
        if round_.breakout:  # one breakout's own round
            title = t('round_title_breakout', title=title, breakout=t('breakout_name', n=int(round_.breakout[1:])))
        with ui.expansion(title,
                          value=latest or round_.status == RoundStatus.OPEN or n == self.acted_on).classes(
                              'w-full border rounded px-2'):
            with ui.row().classes('gap-2 items-center flex-wrap'):
                # the main button (filled) is the next step for this round: open a new one, close an open one,
                # show the results of a closed one
                if round_.status == RoundStatus.OPEN:
                    ui.button(t('round_close'), on_click=lambda: self.act(live.close_round, n, done=t('round_closed'),
                                                                          round_=n)).props('no-caps unelevated')
                    over_days = round_.ends_at is not None and round_.closes_at == round_.ends_at  # its end in words
                    for extra in () if over_days else (2, 5):
                        ui.button(t('round_extend', minutes=extra), on_click=lambda m=extra: self.act(
                            live.extend_round, n, m, done=t('round_extended', minutes=m), round_=n)).props(
                            'no-caps outline')
                    timer = widgets.countdown()
                    widgets.set_deadline(timer, None if over_days else round_.closes_at)
                else:
                    minutes = ui.number(t('round_minutes'), value=5, min=0, precision=0).classes('w-48')
                    draft = round_.status == RoundStatus.DRAFT  # a closed round reopens, but that is not its next step
                    ui.button(t('round_open') if draft else t('round_open_again'), on_click=lambda: self.act(
                        live.open_round, n, minutes=float(minutes.value or 0) or None, done=t('round_opened'),
                        round_=n)).props('no-caps ' + ('unelevated' if draft else 'outline'))
                if round_.status != RoundStatus.DRAFT:
                    main = round_.status == RoundStatus.CLOSED and not round_.revealed
                    ui.button(t('hide_results') if round_.revealed else t('reveal_breakout') if round_.breakout
                              else t('reveal'),
                              on_click=lambda: self.show_results(n, not round_.revealed)).props(
                        'no-caps ' + ('unelevated' if main else 'outline'))
            schedule_line(live, round_, self.act)
            self.notes[n] = note()
            self.notes[n].set_text(self.said.get(n, ''))
            if round_.status == RoundStatus.CLOSED:
                with ui.row().classes('gap-2 items-end flex-wrap'):
                    top = ui.number(t('carry_top_n'), value=min(3, len(round_.improvements)), min=1,
                                    max=len(round_.improvements), precision=0).classes('w-40')
                    ui.button(t('carry_forward'), on_click=lambda: self.carry_forward(n, int(top.value or 0))).props(
                        'no-caps outline')
                    if not self.host:  # a shortlist for the workshop is the facilitators'
                        ui.button(t('shortlist_button'), on_click=lambda: self.make_shortlist(n)).props(
                            'no-caps outline').mark(f'shortlist-{n}')
            if round_.status == RoundStatus.DRAFT:
                self._never_shown()
            self.tallies[n] = Tally(live, round_)
            if round_.status != RoundStatus.DRAFT:
                self._analyses(n)

    def _never_shown(self) -> None:
        """Before a round opens: which groups' own results cannot be shown even if everyone who joined votes."""
        joined = {g: total for g, (_, total) in self.live.turnout(0).items() if g != PREFER_NOT_TO_SAY}
        threshold = self.live.workshop.settings.suppression_threshold
        for group in ranking.suppress(joined, threshold):
            if joined[group]:
                key = 'round_never_shown' if joined[group] < threshold else 'round_never_shown_complement'
                ui.label(t(key, group=widgets.group_name(self.live, group), n=joined[group], threshold=threshold,
                           more=threshold - joined[group])).classes('text-amber-900').mark('never-shown')

    def _analyses(self, number: int) -> None:
        """Consensus, stability and agreement: worked out (in a thread) when the facilitator opens this part."""
        box: list[Analyses] = []

        async def work(opened: bool = True) -> None:
            if not opened:
                return
            if not box:
                with inner:
                    box.append(Analyses(self.live, number))
            await box[0].refresh()

        with ui.expansion(t('analyses_heading'), on_value_change=lambda e: work(e.value)).classes('w-full') \
                .mark(f'analyses-{number}'):
            ui.button(t('analyses_update'), on_click=lambda: work()).props('no-caps outline')
            inner = ui.column().classes('w-full')

    def show_results(self, number: int, revealed: bool = True) -> None:
        """One action for the phones and the shared screen: reveal, and turn the agenda to the results (a breakout's
        own round: its people's phones and its screen only; the workshop's agenda stays)."""
        own = self.live.state.rounds[number].breakout if number in self.live.state.rounds else ''
        done = t('hidden_done') if not revealed else t('revealed_breakout_done') if own else t('revealed_done')
        # (the words before acting: acting rebuilds this card)
        if self.act(self.live.reveal, number, revealed, done=done, round_=number) and revealed \
                and self.live.state.agenda_step != 'results' and not self.live.state.rounds[number].breakout:
            self.act(self.live.set_agenda, 'results', done=done, round_=number)

    def carry_forward(self, number: int, top: int) -> None:
        """The Delphi step: the next round votes on this round's top ideas, with this round's results shown first."""
        round_ = self.live.state.rounds[number]
        ranked = [i.improvement for i in self.live.tally(number).pooled if i.score][:max(top, 0)]
        if len(ranked) < 2:
            self.say_at(number, t('carry_too_few'))
            return
        done = t('carried_forward', n=len(ranked))
        self.act(self.live.create_round, round_.method.value, improvements=ranked, show_previous=True,
                 criteria=round_.criteria, scale=round_.scale, done=done, round_=number, breakout=round_.breakout)

    def make_shortlist(self, number: int) -> None:
        with self.card:  # stays while the round cards are rebuilt
            shortlist_dialog(self.live, self.actor, number, self.say_at)

    def next_move(self) -> None:
        """The keyboard's open/close: close the open round, else open the newest round not yet opened."""
        state = self.live.state
        if (open_ := state.open_round()) is not None:
            self.act(self.live.close_round, open_.number, done=t('round_closed'), round_=open_.number)
        elif drafts := [r.number for r in state.rounds.values() if r.status == RoundStatus.DRAFT and not r.breakout]:
            done = t('round_opened')
            self.act(self.live.open_round, min(drafts), done=done, round_=min(drafts))
        else:
            self.say(t('no_round_to_open'))

    def latest_results(self) -> None:
        """The keyboard's "show results": the newest round that has been opened."""
        opened = [r.number for r in self.live.state.rounds.values() if r.status != RoundStatus.DRAFT]
        if opened:
            self.show_results(max(opened))
        else:
            self.say(t('no_round_to_show'))

    def say_at(self, number: int, message: str) -> None:
        self.said[number] = message
        if number in self.notes and not self.notes[number].is_deleted:
            self.notes[number].set_text(message)


def note() -> ui.label:
    """A confirmation or refusal next to the controls that caused it, announced politely by screen readers."""
    return ui.label('').classes('min-h-6 font-medium text-teal-900').props('role=status aria-live=polite')


class Tally:
    """Turnout, pooled tally and each group's ranking of one round, as labels changed in place."""

    def __init__(self, live: LiveWorkshop, round_: Round) -> None:
        self.live, self.round = live, round_
        self.groups = widgets.groups_in_order(live)
        widgets.heading(t('turnout_heading'), level=3, classes='font-semibold')
        with ui.row().classes('gap-x-6 flex-wrap'):
            self.turnout = {g: ui.label('') for g in self.groups}
        widgets.heading(t('tally_heading'), level=3, classes='font-semibold')
        self.voters = ui.label('')
        with ui.element('ol').classes('list-none p-0 m-0'):
            self.lines: list[ui.label] = []
            for _ in live.state.boxes[round_.number].improvements:
                with ui.element('li'):
                    self.lines.append(ui.label(''))
        widgets.heading(t('by_group_heading'), level=3, classes='font-semibold')
        self.by_group = {g: (ui.label('').classes('font-medium'), ui.label('').classes('text-amber-900'),
                             ui.label('')) for g in self.groups}
        self.update()

    def update(self) -> None:
        live, number, method = self.live, self.round.number, self.round.method
        turnout = live.turnout(number)
        for group, text in self.turnout.items():
            voted, joined = turnout.get(group, (0, 0))
            text.set_text(t('turnout_line', voted=voted, joined=joined, group=widgets.group_name(live, group)))
            text.set_visibility(joined > 0 or group in live.groups())
        result = live.latest_tally(number)
        self.voters.set_text(t('sentences', first=t('voters', n=result.n),
                               second=t('passed_round_count', n=result.passed)))
        for line, item in zip(self.lines, result.pooled, strict=True):
            line.set_text(t('result_line', rank=rank_text(item.rank, item.shared), score=score_text(method, item.score),
                            title=widgets.improvement_title(live, item.improvement)))
        for group, (name, warning, listing) in self.by_group.items():
            group_result = result.by_group.get(group)
            n = group_result.n if group_result else 0
            name.set_text(t('group_voters', group=widgets.group_name(live, group), n=n))
            warning.set_text(t('group_small_warning', n=n) if group_result and group_result.suppressed and n else '')
            listing.set_text(' · '.join(t('tally_group_item', rank=rank_text(i.rank, i.shared),
                                          title=widgets.improvement_title(live, i.improvement),
                                          score=score_text(method, i.score)) for i in group_result.items[:5])
                             if n else '')
