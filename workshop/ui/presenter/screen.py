"""The presenter view at /w/{id}/present, for sharing on a video call: big type, the join QR code and code, and the map
or the results depending on the agenda step.

Tallies are never shown before the facilitator reveals them (a visible running count would steer the vote); while a
round is open the screen shows the timer and turnout, changed in place as people vote.
"""
from __future__ import annotations

import re

import segno
from nicegui import ui

from workshop.domain import links
from workshop.live import FACILITATOR, Actor, LiveWorkshop
from workshop.ui.presenter.focus import CSS as FOCUS_CSS
from workshop.ui.presenter.focus import FocusedStage
from workshop.ui.shared import widgets
from workshop.ui.shared.breakout_results import BreakoutResults
from workshop.ui.shared.frame import frame, role_door
from workshop.ui.shared.journey_map import journey_map
from workshop.ui.shared.lang import both, t
from workshop.ui.shared.results_view import ResultsChart
from workshop.web.context import AppContext

BIG = 'text-3xl font-semibold'
CSS = '''
.cw-join { width: 18rem; }
.cw-qr { width: 16rem; height: 16rem; }
.cw-code { font-size: 1.75rem; line-height: 2.25rem; }
.cw-url { font-size: 1rem; }
.cw-joined { font-size: 1.1rem; }
@media (max-width: 800px) {  /* a shared screen shrunk into a call window */
  .cw-presenter { font-size: 1rem; }
  .cw-join { width: 10.5rem; }
  .cw-qr { width: 9.5rem; height: 9.5rem; }
  .cw-code { font-size: 1rem; line-height: 1.4rem; }
  .cw-url, .cw-joined { font-size: 0.75rem; }
  .cw-presenter .text-3xl { font-size: 1.25rem; line-height: 1.6rem; }
  .cw-presenter .text-2xl { font-size: 1.05rem; line-height: 1.4rem; }
  .cw-presenter .text-4xl { font-size: 1.5rem; }
}
@media (max-height: 420px) {  /* a call window is short too: the count of who has joined stays above the fold */
  .cw-qr { width: 7rem; height: 7rem; }
}
@media (max-width: 560px) {  /* on a phone: what is happening now under the join column, never squeezed beside it */
  .cw-presenter-row { flex-direction: column; align-items: stretch; }
  .cw-join { width: 100%; align-items: center; }
}
'''


def register(ctx: AppContext) -> None:
    @ui.page('/w/{workshop_id}/present')
    def present(workshop_id: str, token: str | None = None, breakout: str = ''):
        actor = role_door(ctx, workshop_id, FACILITATOR, token, 'facilitator_link_needed')
        if not isinstance(actor, Actor):
            return actor
        Presenter(ctx, ctx.registry.get(workshop_id), breakout if re.fullmatch(r'b\d{1,2}|plenary', breakout) else '')
        return None


class Presenter:
    """Fits a shared screen at 1280×720 and one shrunk into a call window (640×360) without sideways scrolling: the
    join column on the left (QR code, the code on one line, who has joined by group), what is happening now on the
    right."""

    def __init__(self, ctx: AppContext, live: LiveWorkshop, breakout: str = '') -> None:
        self.live = live
        self.view = breakout  # a breakout's host shares ?breakout=b2; the plenary ?breakout=plenary
        self.chart: ResultsChart | BreakoutResults | None = None
        self.turnout: dict[str, ui.label] = {}
        widgets.head()
        ui.add_css(CSS + FOCUS_CSS)
        join_url = links.participant_link(ctx.config.public_url, live.join_code)
        with frame(live.workshop.title, subtitle=t('presenter_subtitle')) as main:
            main.classes('text-xl cw-presenter')
            with ui.row().classes('cw-presenter-row w-full gap-6 max-lg:gap-3 no-wrap items-start'):
                with ui.column().classes('cw-join shrink-0 items-center gap-2'):
                    qr = segno.make(join_url, error='m').svg_data_uri(scale=8, dark='#111827', light='#ffffff')
                    ui.image(qr).classes('cw-qr').props('no-transition no-spinner').props['alt'] = t('qr_alt')
                    ui.label(t('join_code_is', code=links.spaced(live.join_code))).classes(
                        'cw-code font-semibold whitespace-nowrap').mark('join-code')
                    ui.label(join_url).classes('cw-url break-all text-center')
                    self.joined = ui.label('').classes('cw-joined text-center').mark('joined')
                with ui.column().classes('grow min-w-0 gap-4 overflow-hidden'):
                    self.stage = ui.column().classes('w-full gap-4')
                    self.focused = FocusedStage()
                    with ui.column().classes('w-full gap-4 overflow-x-auto') as self.map:
                        self.focus = ui.label('').classes(BIG)
                        # built once and shown or hidden: the map keeps its own focus highlight
                        journey_map(live, controls=False)
        self.build()
        self.show_joined()
        for event in (live.agenda_changed, live.round_changed, live.timer_changed, live.reveal_changed,
                      live.content_changed, live.lock_changed):
            event.subscribe(self.build)
        live.focus_changed.subscribe(self.show_focus)
        live.breakouts_changed.subscribe(self.show_focus)
        live.tally_changed.subscribe(self.on_tally)
        live.participants_changed.subscribe(self.show_turnout)
        live.participants_changed.subscribe(self.show_joined)

    def show_joined(self) -> None:
        """People joined, by group, from the welcome screen on: the room sees itself arrive."""
        counts = self.live.joined_by_group()
        parts = [t('joined_line', group=widgets.group_name(self.live, g), n=n) for g in widgets.groups_in_order(self.live)
                 if (n := counts.get(g, 0))]
        widgets.set_text(self.joined, ' · '.join([t('joined_total', n=sum(counts.values())), *parts]))

    def on_tally(self, number: int) -> None:
        if self.chart is not None and self.chart.number == number:
            self.chart.update()
        self.show_turnout()

    def build(self) -> None:
        live, step = self.live, self.live.state.agenda_step
        self.stage.clear()
        self.chart, self.turnout = None, {}
        self.show_focus()
        with self.stage:
            if live.state.locked or step == 'close':
                both('thank_you').classes(BIG)  # the shared screen speaks to everyone: English, then te reo
                ui.label(t('presenter_thanks_detail')).classes('text-2xl')
            elif step == 'welcome':
                both('welcome').classes(BIG)
                ui.label(t('presenter_join_hint')).classes('text-2xl')
                if live.workshop.purpose:
                    ui.label(live.workshop.purpose).classes('text-2xl')
            elif step == 'themes':
                pass  # the map below
            elif step == 'prioritise':
                self._voting()
            else:
                self._results()

    def show_focus(self) -> None:
        """The focused stage alone, its themes for every group; the whole map only when no stage is in focus."""
        stage = self.live.workshop.stage(self.focus_stage() or '')
        themes = self.live.state.agenda_step == 'themes' and not self.live.state.locked
        self.focus.set_text(t('presenter_map'))
        if stage is not None and themes:
            self.focused.show(self.live, stage)
        self.focused.view.set_visibility(stage is not None and themes)
        self.map.set_visibility(stage is None and themes)

    def focus_stage(self) -> str | None:
        """A breakout's screen follows its own focus, if its host set one."""
        breakout = self.live.state.breakouts.breakouts.get(self.view)
        return (breakout.focus if breakout else '') or self.live.state.focus

    def rounds(self) -> list:
        """The rounds this screen shows: those for everyone, and a breakout's own on that breakout's screen only."""
        return [r for r in self.live.state.rounds.values() if not r.breakout or r.breakout == self.view]

    def _voting(self) -> None:
        state, rounds = self.live.state, self.rounds()
        round_ = (state.open_round(self.view) if self.view else None) or state.open_round() or max(
            rounds, key=lambda r: r.number, default=None)
        if round_ is None:
            ui.label(t('voting_not_open')).classes(BIG)
            return
        state = t('presenter_vote_now') if round_.status == 'open' else t('round_closed')
        ui.label(t('presenter_round', n=round_.number, method=t(f'method_{round_.method.value}'), state=state)
                 ).classes(BIG)
        timer = widgets.countdown().classes('text-4xl')
        widgets.set_deadline(timer, round_.closes_at if round_.status == 'open' else None)
        self._turnout(round_.number)

    def _results(self) -> None:
        revealed = [r for r in self.rounds() if r.revealed]
        if not revealed:
            ui.label(t('presenter_results_hidden')).classes(BIG)
            return
        round_ = max(revealed, key=lambda r: r.number)
        ui.label(t('round_results', n=round_.number)).classes(BIG)
        if self.view:  # one breakout's results, or the breakouts combined
            self.chart = BreakoutResults(self.live, round_.number, self.view, shared=True, big=True)
        else:
            self.chart = ResultsChart(self.live, round_.number, big=True)

    def _turnout(self, number: int) -> None:
        widgets.heading(t('turnout_heading'), classes='text-2xl font-semibold')
        self.turnout_round = number
        self.turnout = {g: ui.label('').classes('text-2xl') for g in widgets.groups_in_order(self.live)}
        self.show_turnout()

    def show_turnout(self) -> None:
        if not self.turnout:
            return
        turnout = self.live.turnout(self.turnout_round)
        for group, text in self.turnout.items():
            voted, joined = turnout.get(group, (0, 0))
            text.set_text(t('turnout_line', voted=voted, joined=joined, group=widgets.group_name(self.live, group)))
            text.set_visibility(joined > 0)
