"""More ways to see a round's results: one small bar chart per stakeholder group, and the impact–effort scatter of a
rating round with two questions. Each chart has a table beside it for screen readers; charts are aria-hidden.

Updated in place from a RoundResult (LiveWorkshop.tally); small groups are hidden unless `facilitator` is set, and
then shown with a warning, as everywhere else.
"""
from __future__ import annotations

from typing import Any, Callable

from nicegui import ui

from workshop.domain.model import PREFER_NOT_TO_SAY
from workshop.domain.ranking import RoundResult
from workshop.ui.shared import widgets
from workshop.ui.shared.lang import t

COLOUR = '#115e59'


class GroupCharts:
    """Small multiples: the same ideas ranked by each group's own votes, side by side."""

    def __init__(self, groups: list[tuple[str, str]], title: Callable[[str], str], *, facilitator: bool,
                 threshold: int) -> None:
        self.title, self.facilitator, self.threshold = title, facilitator, threshold
        self.charts: dict[str, tuple[ui.echart, ui.label, ui.table]] = {}
        widgets.heading(t('results_by_group'), level=3)
        with ui.row().classes('w-full gap-4 flex-wrap'):
            for group, label in groups:
                with ui.column().classes('flex-1 min-w-64 gap-1'):
                    ui.label(label).classes('font-semibold')
                    note = ui.label('').classes('text-sm text-amber-900')
                    chart = ui.echart(_bars()).classes('w-full').style('height: 220px').props('aria-hidden=true')
                    table = ui.table(columns=_columns(), rows=[], row_key='idea').classes('w-full').props(
                        'flat bordered dense hide-bottom')
                    table.props['aria-label'] = t('group_table', group=label)
                    self.charts[group] = (chart, note, table)

    def update(self, result: RoundResult) -> None:
        for group, (chart, note, table) in self.charts.items():
            figures = result.by_group.get(group)
            hidden = figures is None or (figures.suppressed and not self.facilitator)
            note.set_text(_note(figures, self.facilitator, self.threshold))
            chart.set_visibility(not hidden)
            table.set_visibility(not hidden)
            if hidden:
                continue
            items = [i for i in figures.items if i.score]
            chart.options['yAxis']['data'] = [self.title(i.improvement) for i in items]
            chart.options['series'][0]['data'] = [round(i.score, 2) for i in items]
            chart.update()
            table.rows = [{'rank': i.label, 'idea': self.title(i.improvement), 'score': round(i.score, 2)}
                          for i in items]


class QuadrantChart:
    """Importance against feasibility (or impact against effort), split at the scale's midpoint."""

    def __init__(self, criteria: list[str], scale: int, title: Callable[[str], str]) -> None:
        self.criteria, self.title = criteria[:2], title
        widgets.heading(t('results_quadrant'), level=3)
        self.chart = ui.echart(_scatter(self.criteria, scale)).classes('w-full').style('height: 360px').props(
            'aria-hidden=true')
        columns = [{'name': 'idea', 'label': t('col_idea'), 'field': 'idea', 'align': 'left'},
                   *[{'name': c, 'label': t(f'criterion_{c}') if c in ('importance', 'feasibility') else c,
                      'field': c, 'align': 'left'} for c in self.criteria],
                   {'name': 'quadrant', 'label': t('col_quadrant'), 'field': 'quadrant', 'align': 'left'}]
        self.table = ui.table(columns=columns, rows=[], row_key='idea').classes('w-full').props(
            'flat bordered dense hide-bottom')
        self.table.props['aria-label'] = t('results_quadrant')

    def update(self, result: RoundResult) -> None:
        points, rows = [], []
        for item in result.pooled:
            means = [item.ratings[c].mean if c in item.ratings else None for c in self.criteria]
            if None in means:
                continue
            points.append({'value': [round(m, 2) for m in means], 'name': self.title(item.improvement)})
            rows.append({'idea': self.title(item.improvement), **dict(zip(self.criteria, (round(m, 2) for m in means))),
                         'quadrant': item.quadrant.label if item.quadrant else ''})
        self.chart.options['series'][0]['data'] = points
        self.chart.update()
        self.table.rows = rows


def _note(figures: Any, facilitator: bool, threshold: int) -> str:
    if figures is None or figures.n == 0:
        return t('group_no_votes')
    if figures.suppressed:
        return t('group_small_warning', n=figures.n) if facilitator else t('group_suppressed', threshold=threshold)
    return t('voters', n=figures.n)


def _columns() -> list[dict[str, str]]:
    return [{'name': 'rank', 'label': t('col_rank'), 'field': 'rank', 'align': 'left'},
            {'name': 'idea', 'label': t('col_idea'), 'field': 'idea', 'align': 'left'},
            {'name': 'score', 'label': t('col_score'), 'field': 'score', 'align': 'left'}]


def _bars() -> dict[str, Any]:
    # no tooltip: idea titles may come from participants, and chart tooltips are HTML
    return {'animation': False, 'tooltip': {'show': False},
            'grid': {'left': 4, 'right': 40, 'top': 4, 'bottom': 4, 'containLabel': True},
            'xAxis': {'type': 'value', 'minInterval': 1, 'axisLabel': {'show': False}, 'splitLine': {'show': False}},
            'yAxis': {'type': 'category', 'inverse': True, 'data': [],
                      'axisLabel': {'fontSize': 12, 'width': 140, 'overflow': 'truncate', 'color': '#111827'}},
            'series': [{'type': 'bar', 'data': [], 'itemStyle': {'color': COLOUR},
                        'label': {'show': True, 'position': 'right', 'color': '#111827'}}]}


def _scatter(criteria: list[str], scale: int) -> dict[str, Any]:
    middle = (1 + scale) / 2
    names = [t(f'criterion_{c}') if c in ('importance', 'feasibility') else c for c in criteria]
    axis = lambda name: {'type': 'value', 'min': 1, 'max': scale, 'name': name, 'nameLocation': 'middle',  # noqa: E731
                         'nameGap': 28, 'axisLabel': {'color': '#111827'}}
    return {'animation': False, 'tooltip': {'show': False}, 'grid': {'left': 48, 'right': 24, 'top': 16, 'bottom': 48},
            'xAxis': axis(names[0]), 'yAxis': axis(names[1]),
            'series': [{'type': 'scatter', 'symbolSize': 16, 'data': [], 'itemStyle': {'color': COLOUR},
                        'label': {'show': True, 'position': 'right', 'formatter': '{b}', 'color': '#111827'},
                        'markLine': {'silent': True, 'symbol': 'none', 'lineStyle': {'color': '#6b7280'},
                                     'data': [{'xAxis': middle}, {'yAxis': middle}]}}]}


def group_labels(live: Any) -> list[tuple[str, str]]:
    """The workshop's reporting groups plus "prefer not to say", as (id, label)."""
    return [*live.workshop.reporting_groups(), (PREFER_NOT_TO_SAY, t('group_prefer_not_to_say'))]
