"""Voting rounds on the facilitator console: create, open, close, extend, reveal; turnout and live tallies.

The round cards are rebuilt when a round changes (rare); tallies and turnout change their label texts in place when
votes arrive (coalesced in LiveWorkshop). The panel subscribes once and routes events to the current cards, so a
rebuild never adds a second subscription.
"""
from __future__ import annotations

from typing import Callable

from nicegui import ui

from workshop.live import Actor, LiveWorkshop, Refused
from workshop import ranking
from workshop.model import PREFER_NOT_TO_SAY, Method, Round, RoundStatus
from workshop.ui import widgets
from workshop.ui.analysis_table import Analyses
from workshop.ui.lang import refusal, t
from workshop.ui.results_view import rank_text, score_text

Say = Callable[[str], None]


class RoundsPanel:
    def __init__(self, live: LiveWorkshop, actor: Actor, say: Say) -> None:
        self.live, self.actor, self.say = live, actor, say
        self.tallies: dict[int, Tally] = {}
        with ui.card().classes('w-full').props('flat bordered'):
            widgets.heading(t('rounds_heading'))
            self.form_box = ui.column().classes('w-full')
            self.rounds_box = ui.column().classes('w-full gap-3')
        self.build_form()
        self.build_rounds()
        live.changed.subscribe(self.on_changed)
        live.tally_changed.subscribe(lambda number: number in self.tallies and self.tallies[number].update())
        live.participants_changed.subscribe(lambda: [tally.update() for tally in self.tallies.values()])

    def on_changed(self, what: str) -> None:
        if what in ('round', 'reveal', 'content', 'timer', 'lock'):
            self.build_rounds()
        if what == 'content' or what == 'round' and self.form_count != len(self.live.state.rounds):
            self.build_form()  # a new round folds the form away (and content changes refresh its list of ideas)

    def act(self, action: Callable[..., object], *args: object, done: str, **kwargs: object) -> None:
        try:
            action(self.actor, *args, **kwargs)
        except Refused as e:
            self.say(refusal(e))
            return
        self.say(done)

    # --- a new round ----------------------------------------------------------------------------------------

    def build_form(self) -> None:
        settings = self.live.workshop.settings
        ideas = {i.id: i.title for i in self.live.workshop.improvements}
        self.form_count = len(self.live.state.rounds)
        self.form_box.clear()
        with self.form_box, ui.expansion(t('round_new'), value=not self.live.state.rounds).classes('w-full'):
            method = ui.toggle({m.value: t(f'method_{m.value}') for m in Method}, value=Method.DOTS.value).props(
                'no-caps')
            with ui.row().classes('gap-4 items-end flex-wrap'):
                budget = ui.number(t('round_budget'), value=settings.dot_budget or max(1, len(ideas) // 2),
                                   min=1, precision=0).bind_visibility_from(method, 'value', value='dots')
                cap = ui.number(t('round_cap'), value=settings.dot_cap, min=0, precision=0).bind_visibility_from(
                    method, 'value', value='dots')
                top_k = ui.number(t('round_top_k'), value=min(settings.rank_top_k, len(ideas)), min=1,
                                  precision=0).bind_visibility_from(method, 'value', value='rank')
                scale = ui.select({5: t('scale_5'), 9: t('scale_9')}, value=settings.rating_scale
                                  if settings.rating_scale in (5, 9) else 5, label=t('round_scale')
                                  ).bind_visibility_from(method, 'value', value='rating')
                feasibility = ui.checkbox(t('round_feasibility'), value=True).bind_visibility_from(
                    method, 'value', value='rating')
            chosen = ui.select(ideas, value=list(ideas), multiple=True, label=t('round_ideas')).props(
                'use-chips outlined').classes('w-full').mark('round-ideas')
            previous = ui.checkbox(t('round_show_previous'))

            def create() -> None:
                self.act(self.live.create_round, method.value, improvements=list(chosen.value or []),
                         budget=int(budget.value or 0), cap=int(cap.value or 0), top_k=int(top_k.value or 0),
                         scale=int(scale.value), show_previous=previous.value, done=t('round_created'),
                         criteria=['importance', 'feasibility'] if feasibility.value else ['importance'])
            ui.button(t('round_create'), on_click=create).props('no-caps unelevated')

    # --- the rounds -----------------------------------------------------------------------------------------

    def build_rounds(self) -> None:
        self.rounds_box.clear()
        self.tallies = {}
        with self.rounds_box:
            for round_ in sorted(self.live.state.rounds.values(), key=lambda r: -r.number):
                self._round_card(round_)

    def _round_card(self, round_: Round) -> None:
        live, n = self.live, round_.number
        status = t(f'status_{round_.status.value}') + (' · ' + t('revealed') if round_.revealed else '')
        latest = n == max(live.state.rounds)
        with ui.expansion(t('round_title', n=n, method=t(f'method_{round_.method.value}'), status=status),
                          value=latest or round_.status == RoundStatus.OPEN).classes('w-full border rounded px-2'):
            with ui.row().classes('gap-2 items-center flex-wrap'):
                if round_.status != RoundStatus.OPEN:
                    minutes = ui.number(t('round_minutes'), value=5, min=0, precision=0).classes('w-32')
                    ui.button(t('round_open'), on_click=lambda: self.act(
                        live.open_round, n, minutes=float(minutes.value or 0) or None, done=t('round_opened'))).props(
                        'no-caps unelevated')
                else:
                    ui.button(t('round_close'), on_click=lambda: self.act(live.close_round, n, done=t('round_closed'))
                              ).props('no-caps unelevated')
                    for extra in (2, 5):
                        ui.button(t('round_extend', minutes=extra), on_click=lambda m=extra: self.act(
                            live.extend_round, n, m, done=t('round_extended', minutes=m))).props('no-caps outline')
                    timer = widgets.countdown()
                    widgets.set_deadline(timer, round_.closes_at)
                reveal = not round_.revealed
                ui.button(t('reveal') if reveal else t('hide_results'), on_click=lambda: self.act(
                    live.reveal, n, reveal, done=t('revealed_done') if reveal else t('hidden_done'))).props(
                    'no-caps outline')
            if round_.status == RoundStatus.DRAFT:
                self._never_shown()
            self.tallies[n] = Tally(live, round_)
            if round_.status != RoundStatus.DRAFT:
                self._analyses(n)

    def _never_shown(self) -> None:
        """Before a round opens: which groups' own results cannot be shown even if everyone who joined votes."""
        joined = {g: total for g, (_, total) in self.live.turnout(0).items() if g != PREFER_NOT_TO_SAY}
        threshold = self.live.workshop.settings.suppression_threshold
        for group, reason in ranking.suppress(joined, threshold).items():
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
        result = live.tally(number)
        self.voters.set_text(t('sentences', first=t('voters', n=result.n),
                               second=t('passed_round_count', n=result.passed)))
        for line, item in zip(self.lines, result.pooled, strict=True):
            line.set_text(t('result_line', rank=rank_text(item.rank, item.shared), score=score_text(method, item.score),
                            title=widgets.improvement_title(live, item.improvement)))
        for group, (name, warning, ranking) in self.by_group.items():
            group_result = result.by_group.get(group)
            n = group_result.n if group_result else 0
            name.set_text(t('group_voters', group=widgets.group_name(live, group), n=n))
            warning.set_text(t('group_small_warning', n=n) if group_result and group_result.suppressed and n else '')
            ranking.set_text(' · '.join(t('tally_group_item', rank=rank_text(i.rank, i.shared),
                                          title=widgets.improvement_title(live, i.improvement),
                                          score=score_text(method, i.score)) for i in group_result.items[:5])
                             if n else '')
