"""The analyses beside a round's ranking, for the facilitator and the project lead: consensus, stability of the top,
agreement (Kendall's W), every rating question's mean, median and agreement, and the quadrant chart.

The bootstrap behind stability takes a moment, so it runs in a worker thread, only when this panel is shown or
asked to update: never on a vote's path, never on the event loop. The figures are LiveWorkshop.results, the one
source every view and export shares.
"""
from __future__ import annotations

from nicegui import run, ui

from workshop.domain import methods
from workshop.domain.ranking import RoundResult
from workshop.live import LiveWorkshop
from workshop.ui.shared import widgets
from workshop.ui.shared.lang import t
from workshop.ui.shared.result_charts import QuadrantChart


class Analyses:
    def __init__(self, live: LiveWorkshop, number: int) -> None:
        self.live, self.number = live, number
        self.box = ui.column().classes('w-full gap-2').mark('analyses')
        with self.box:
            ui.label(t('analyses_working')).props('role=status')

    async def refresh(self) -> None:
        result = await run.io_bound(self.live.results, self.number)
        if self.box.is_deleted or self.box._client() is None:  # the page closed while the figures were worked out
            return
        with self.box:  # back from the thread: the page's language and client come from the box
            self.show(result)

    def show(self, result: RoundResult) -> None:
        round_ = self.live.state.rounds[self.number]
        criteria = methods.get(round_.method).criteria(round_)
        title = lambda i: widgets.improvement_title(self.live, i)  # noqa: E731
        columns = [('idea', t('col_idea')), ('consensus', t('col_consensus')),
                   ('stability', t('col_stability', k=result.top)),
                   *((f'{c}_{what}', t(f'col_rating_{what}', question=question(c))) for c in criteria
                     for what in ('mean', 'median', 'agreement')),
                   *([('quadrant', t('col_quadrant'))] if len(criteria) >= 2 else [])]
        rows = []
        for item in result.pooled:
            row = {'idea': title(item.improvement),
                   'consensus': t(f'consensus_{result.consensus[item.improvement].verdict.value}')
                   if result.consensus else '–',
                   'stability': percent(result.stability.get(item.improvement) if result.stability else None),
                   'quadrant': item.quadrant.label if item.quadrant else '–'}
            for c in criteria:
                s = item.ratings.get(c)
                row |= {f'{c}_mean': f'{s.mean:.2f}' if s and s.mean is not None else '–',
                        f'{c}_median': f'{s.median:g}' if s and s.median is not None else '–',
                        f'{c}_agreement': percent(s.agreement if s else None)}
            rows.append(row)
        self.box.clear()
        with self.box:
            widgets.heading(t('analyses_heading'), level=3, classes='text-lg font-semibold')
            ui.table(columns=[{'name': n, 'label': label, 'field': n, 'align': 'left'} for n, label in columns],
                     rows=rows, row_key='idea').classes('w-full').props(
                'flat bordered dense wrap-cells hide-bottom').mark('analyses-table')
            if result.kendall_w is not None or result.kendall_w_groups:
                groups = '; '.join(f'{widgets.group_name(self.live, g)} {w_text(w)}'
                                   for g, w in result.kendall_w_groups.items())
                ui.label(t('analyses_kendall', w=w_text(result.kendall_w), groups=groups or '–')).mark('kendall')
            for group in result.hidden:
                figures = result.by_group[group]
                if figures.n:
                    ui.label(t('analyses_hidden', group=widgets.group_name(self.live, group), n=figures.n,
                               reason=widgets.hidden_reason(self.live, figures))).classes('text-amber-900')
            ui.label(t('analyses_explain')).classes('text-sm')
            if len(criteria) >= 2:
                QuadrantChart(criteria, round_.scale, title).update(result)


def question(criterion: str) -> str:
    return t(f'criterion_short_{criterion}') if criterion in ('importance', 'feasibility') else criterion


def percent(share: float | None) -> str:
    return '–' if share is None else f'{round(100 * share)}%'


def w_text(w: float | None) -> str:
    return '–' if w is None else f'{w:.2f}'
