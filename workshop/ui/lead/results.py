"""Ranked lists on the lead view: pooled and group-balanced side by side, then each group with suppression warnings.

The lead sees small groups' figures (as the facilitator does) with a warning that exports and participants do not.
Rebuilt only when the chosen round's votes change (coalesced by LiveWorkshop) or a round is added.
"""
from __future__ import annotations

from nicegui import background_tasks, ui

from workshop.domain import own_time
from workshop.domain.model import RoundStatus
from workshop.domain.ranking import points_text
from workshop.live import LiveWorkshop
from workshop.ui.shared import widgets
from workshop.ui.shared.analysis_table import Analyses
from workshop.ui.shared.lang import t
from workshop.ui.shared.results_view import score_text


class RankedLists:
    def __init__(self, live: LiveWorkshop) -> None:
        self.live = live
        self.number: int | None = None
        self.voters: str | None = None  # None: everyone; 'live' or 'own_time' (workshop/domain/own_time.py)
        with ui.card().classes('w-full').props('flat bordered'):
            widgets.heading(t('lead_ranked_heading'))
            self.picker_box = ui.row().classes('w-full')
            self.box = ui.column().classes('w-full gap-3')
            self.analyses_box = ui.column().classes('w-full')
        self.analyses: Analyses | None = None
        self.build()
        live.tally_changed.subscribe(lambda number: number == self.number and self.show(analyses=self.settled()))
        live.round_changed.subscribe(self.build)
        live.content_changed.subscribe(self.build)

    def voted(self) -> list[int]:
        return [n for n in sorted(self.live.state.rounds) if any(not b.abstain_all
                                                                  for b in self.live.state.ballots(n))]

    def build(self) -> None:
        voted = self.voted()
        if self.number not in voted:
            self.number = voted[-1] if voted else None
        self.picker_box.clear()
        with self.picker_box:
            if voted:
                options = {n: t('lead_round_option', n=n, method=t(f'method_{self.live.state.rounds[n].method.value}'),
                                voters=self.live.tally(n).n) for n in voted}
                ui.select(options, value=self.number, label=t('lead_round'),
                          on_change=lambda e: self.pick(e.value)).classes('min-w-72').mark('lead-round')
            if own_time.split_matters(self.live.state):  # live and own-time voters, together or apart
                ui.select({'': t('voters_all'), **{m: t(f'voters_{m}') for m in own_time.MODES}},
                          value=self.voters or '', label=t('lead_voters'),
                          on_change=lambda e: self.pick_voters(e.value or None)).classes('min-w-60').mark(
                    'lead-voters')
        self.show()

    def pick(self, number: int) -> None:
        self.number = number
        self.show()

    def pick_voters(self, voters: str | None) -> None:
        self.voters = voters
        self.show(analyses=False)

    def settled(self) -> bool:
        """Whether the round on screen is closed: while votes still arrive, the analyses wait to be asked for."""
        round_ = self.live.state.rounds.get(self.number)
        return round_ is not None and round_.status != RoundStatus.OPEN

    def show_analyses(self) -> None:
        """Stability needs a bootstrap: worked out in a thread for the round on screen, when it is picked, when its
        votes change after it closed (a withdrawal, a paper import), or when the lead asks."""
        self.analyses_box.clear()
        self.analyses = None
        if self.number is None:
            return
        with self.analyses_box:
            ui.button(t('analyses_update'), on_click=self.show_analyses).props('no-caps outline').mark(
                'analyses-update')
            self.analyses = Analyses(self.live, self.number)
        background_tasks.create(self.analyses.refresh(), name='lead analyses')

    def show(self, analyses: bool = True) -> None:
        if analyses:
            self.show_analyses()
        self.box.clear()
        with self.box:
            if self.number is None:
                ui.label(t('lead_no_votes'))
                return
            result = (self.live.latest_tally(self.number) if self.voters is None
                      else self.live.results(self.number, bootstrap=0, voters=self.voters))
            if own_time.split_matters(self.live.state):
                self.turnout_by_mode()
            method = self.live.state.rounds[self.number].method
            title = lambda i: widgets.improvement_title(self.live, i)  # noqa: E731
            balanced = {i.improvement: i for i in result.balanced} if result.balanced_groups else {}
            columns = [{'name': n, 'label': t(f'col_{n}'), 'field': n, 'align': 'left'}
                       for n in ('rank', 'idea', 'score', 'balanced')]
            rows = [{'rank': i.label, 'idea': title(i.improvement), 'score': score_text(method, i.score),
                     'balanced': t('rank_with_score', rank=b.label,
                                   score=t('score_points', n=points_text(b.score)))
                     if (b := balanced.get(i.improvement)) else '–'} for i in result.pooled]
            ui.table(columns=columns, rows=rows, row_key='idea').classes('w-full').props(
                'flat bordered wrap-cells hide-bottom').mark('lead-ranking')
            widgets.heading(t('results_by_group'), level=3, classes='text-lg font-semibold')
            with ui.row().classes('w-full gap-4 flex-wrap items-start'):
                for group, group_result in result.by_group.items():
                    with ui.column().classes('min-w-64 flex-1 gap-1'):
                        ui.label(widgets.group_name(self.live, group)).classes('font-semibold')
                        if group_result.n == 0:
                            ui.label(t('group_no_votes'))
                            continue
                        if group_result.suppressed:
                            ui.label(t('lead_group_small', n=group_result.n)).classes('text-amber-900')
                            ui.label(widgets.hidden_reason(self.live, group_result)).classes('text-sm text-amber-900')
                        for item in group_result.items:
                            ui.label(t('result_line', rank=item.label, title=title(item.improvement),
                                       score=score_text(method, item.score)))

    def turnout_by_mode(self) -> None:
        """Turnout by group, live and in their own time (the lead's screen: small groups shown, as elsewhere here)."""
        widgets.heading(t('lead_turnout_modes_heading', n=self.number), level=3, classes='text-lg font-semibold')
        ui.label(t('lead_voters_definition')).classes('text-sm')
        with ui.element('ul').classes('list-none p-0 m-0').mark('lead-turnout-modes'):
            for group, counts in self.live.turnout_by_mode(self.number or 0).items():
                with ui.element('li'):
                    ui.label(t('lead_turnout_mode_line', group=widgets.group_name(self.live, group),
                               live=counts[own_time.LIVE], own=counts[own_time.OWN_TIME], joined=counts['joined']))
