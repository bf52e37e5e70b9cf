"""Results as people see them on the shared screen and the console: bar charts with a table beside them (participants'
phones show results_list.py). Nothing is computed here: LiveWorkshop.tally gives the ranking, this module only shows it.

Group figures from fewer people than the workshop's threshold are hidden from the shared screen; the facilitator sees
them with a warning.
"""
from __future__ import annotations

from typing import Any

from nicegui import ui

from workshop.domain import methods
from workshop.domain.model import Method
from workshop.domain.ranking import RoundResult
from workshop.live import LiveWorkshop
from workshop.ui.shared import widgets
from workshop.ui.shared.lang import t
from workshop.ui.shared.result_charts import GroupCharts, QuadrantChart, group_labels


def rank_text(rank: int, shared: bool) -> str:
    """'1.' for a rank of its own, '3=' for a shared one (the tie rule's notation)."""
    return f'{rank}=' if shared else f'{rank}.'


def score_text(method: Method, score: float | None) -> str:
    if score is None:
        return t('score_none')
    key, params = methods.get(method).score_words(score)
    return t(key, **params)


class ResultsChart:
    """Ranked bars, everyone pooled beside every-group-counts-the-same, with a table for screen readers.

    `update()` changes the chart options and table rows in place (for live tallies), never rebuilding.
    """

    def __init__(self, live: LiveWorkshop, number: int, *, big: bool = False) -> None:
        self.live, self.number, self.big = live, number, big
        font, heading = (18, 'text-2xl font-semibold') if big else (14, 'font-semibold')
        with ui.row().classes('w-full gap-6 flex-wrap'):
            with ui.column().classes('flex-1 min-w-80'):
                widgets.heading(t('results_pooled'), level=3, classes=heading)
                self.pooled = ui.echart(_bars(font), renderer='svg').classes('w-full').props('aria-hidden=true')
            with ui.column().classes('flex-1 min-w-80'):
                widgets.heading(t('results_balanced'), level=3, classes=heading)
                ui.label(t('results_balanced_bars'))
                self.balanced = ui.echart(_bars(font), renderer='svg').classes('w-full').props('aria-hidden=true')
        columns = [{'name': 'rank', 'label': t('col_rank'), 'field': 'rank', 'align': 'left'},
                   {'name': 'idea', 'label': t('col_idea'), 'field': 'idea', 'align': 'left'},
                   {'name': 'score', 'label': t('col_score'), 'field': 'score', 'align': 'left'},
                   {'name': 'balanced', 'label': t('col_balanced'), 'field': 'balanced', 'align': 'left'}]
        self.table = ui.table(columns=columns, rows=[], row_key='idea').classes('w-full').props(
            'flat bordered hide-bottom' + (' dense' if not big else ''))
        self.table.props['aria-label'] = t('results_table')
        round_ = live.state.rounds[number]
        title = lambda i: widgets.improvement_title(live, i)  # noqa: E731
        self.groups = GroupCharts(group_labels(live), title, facilitator=False,  # a shared screen: small groups hidden
                                  threshold=live.workshop.settings.suppression_threshold)
        self.quadrant = QuadrantChart(round_.criteria, round_.scale, title) \
            if len(methods.get(round_.method).criteria(round_)) >= 2 else None
        self.update()

    def update(self) -> None:
        result: RoundResult = self.live.latest_tally(self.number)
        method = self.live.state.rounds[self.number].method
        title = lambda i: widgets.improvement_title(self.live, i)  # noqa: E731
        _set_bars(self.pooled, [(i.label, title(i.improvement), i.rank) for i in result.pooled],
                  [i.score or 0 for i in result.pooled])
        # every group counts the same, drawn as points above an idea nobody voted for: such an idea gets the last
        # place's points in every group, and a bar of that length would look like support it never had
        baseline = balanced_baseline(result)
        _set_bars(self.balanced, [(i.label, title(i.improvement), i.rank) for i in result.balanced],
                  [i.score - baseline for i in result.balanced])
        height = f'height: {max(240, len(result.pooled) * (64 if self.big else 40) + 24)}px'  # one bar per idea
        self.pooled.style(height)
        self.balanced.style(height)
        balanced = {i.improvement: i.label for i in result.balanced}
        self.table.rows = [{'rank': i.label, 'idea': title(i.improvement), 'score': score_text(method, i.score),
                            'balanced': balanced.get(i.improvement, '')} for i in result.pooled]
        self.groups.update(result)
        if self.quadrant:
            self.quadrant.update(result)


def balanced_baseline(result: RoundResult) -> float:
    """The balanced score of an idea in last place in every group (as an idea nobody voted for is)."""
    groups = result.balanced_groups
    return sum(min((i.points.get(g, 0) for i in result.balanced), default=0) for g in groups)


TOP = '#115e59'  # the top three: dark, their labels bold
REST = '#94a3b8'


def _bars(font: int) -> dict[str, Any]:
    # no tooltip: idea titles may come from participants, and chart tooltips are HTML
    return {'animation': False, 'tooltip': {'show': False},
            'grid': {'left': 8, 'right': 56, 'top': 8, 'bottom': 8, 'containLabel': True},
            'xAxis': {'type': 'value', 'minInterval': 1, 'axisLabel': {'show': False}, 'splitLine': {'show': False}},
            'yAxis': {'type': 'category', 'inverse': True, 'data': [],  # whole titles, wrapped, never cut
                      'axisLabel': {'fontSize': font, 'width': 13 * font, 'overflow': 'break', 'color': '#111827',
                                    'lineHeight': round(font * 1.2)}},
            'series': [{'type': 'bar', 'data': [], 'barMaxWidth': 2 * font,
                        'label': {'show': True, 'position': 'right', 'fontSize': font, 'color': '#111827'}}]}


def _set_bars(chart: ui.echart, names: list[tuple[str, str, int]], values: list[float]) -> None:
    """Bars in rank order; each name is (rank label, title, rank), the top three in bold and a darker colour."""
    top = [rank <= 3 and value > 0 for (_, _, rank), value in zip(names, values)]
    chart.options['yAxis']['data'] = [{'value': f'{label} {title}', 'textStyle': {'fontWeight': 'bold' if first
                                                                                   else 'normal'}}
                                      for (label, title, _), first in zip(names, top)]
    chart.options['series'][0]['data'] = [{'value': round(v, 2), 'itemStyle': {'color': TOP if first else REST}}
                                          for v, first in zip(values, top)]
    chart.update()
