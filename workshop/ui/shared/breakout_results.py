"""A round's results for one breakout, or the plenary ranking that combines the breakouts (workshop/domain/plenary.py), as
ranked lines: on the shared screen (a breakout's host shares /present?breakout=b2, the plenary /present?breakout=
plenary) and on the console. Nothing is computed here. A breakout hidden by the small-cell rule is not shown on the
shared screen; the console shows it with the reason, as it does for groups.
"""
from __future__ import annotations

from nicegui import ui

from workshop.domain import ranking
from workshop.domain.plenary import HIDDEN_BREAKOUTS
from workshop.live import LiveWorkshop
from workshop.ui.shared import widgets
from workshop.ui.shared.lang import t
from workshop.ui.shared.results_view import rank_text, score_text

PLENARY = 'plenary'


class BreakoutResults:
    """`view` is a breakout id or PLENARY; `update()` sets the lines' texts in place (tallies follow votes)."""

    def __init__(self, live: LiveWorkshop, number: int, view: str, *, shared: bool, big: bool = False) -> None:
        self.live, self.number, self.view, self.shared = live, number, view, shared
        classes = 'text-2xl' if big else ''
        with ui.column().classes('w-full gap-1').mark(f'breakout-results-{view}'):
            heading = t('plenary_heading') if view == PLENARY else t('breakout_name', n=int(view[1:]))
            widgets.heading(heading, level=3, classes=('text-3xl' if big else 'text-lg') + ' font-semibold')
            self.note = ui.label('').classes(classes)
            self.lines = [ui.label('').classes(classes) for _ in live.state.boxes[number].improvements]
        self.update()

    def update(self) -> None:
        combined = self.live.combined(self.number)
        method = self.live.state.rounds[self.number].method
        texts: list[str] = []
        if self.view == PLENARY:
            note = (t('plenary_rule_short', n=sum(1 for r in combined.breakouts.values() if r.n))
                    if combined.plenary else t('plenary_none'))
            if HIDDEN_BREAKOUTS in combined.voices:
                note += ' ' + t('plenary_hidden_together')
            texts = [t('plenary_line', rank=rank_text(i.rank, i.shared), idea=widgets.improvement_title(
                self.live, i.improvement), sum=ranking.points_text(i.rank_sum)) for i in combined.plenary]
        elif (result := combined.breakouts.get(self.view)) is None:
            note = t('breakout_no_votes')
        elif result.suppressed and self.shared:
            note = t('breakout_hidden', t=self.live.workshop.settings.suppression_threshold)
        else:
            note = t('breakout_voters', n=result.n)
            if result.suppressed:
                note += ' ' + t('breakout_hidden_console', t=self.live.workshop.settings.suppression_threshold)
            texts = [t('breakout_line', rank=rank_text(i.rank, i.shared), idea=widgets.improvement_title(
                self.live, i.improvement), score=score_text(method, i.score)) for i in result.result.pooled]
        widgets.set_text(self.note, note)
        for n, line in enumerate(self.lines):
            widgets.set_text(line, texts[n] if n < len(texts) else '')
            line.set_visibility(n < len(texts))
