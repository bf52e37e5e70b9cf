"""The project-level export: a project's events side by side and across the project, de-identified, small groups
protected as in one workshop and across the events (workshop/domain/project.py). Markdown or HTML to read and print, CSV
to analyse (one row per idea, per event and across the project)."""
from __future__ import annotations

import csv
import io
from typing import Any

from exports import report_records as records
from exports import shortlists
from exports.document import Block, Bullets, Heading, Note, Para, Table, to_html, to_markdown
from exports.report_data import score_text
from exports.spreadsheet_text import csv_text
from workshop.domain import cycle, project, ranking
from workshop.domain.model import Method

FORMATS = ('md', 'html', 'csv')


def write(events: list[project.Event], fmt: str, *, exported_at: str = '') -> bytes:
    if fmt == 'csv':
        return _csv(events)
    title, blocks = document(events, exported_at)
    text = to_markdown(title, blocks) if fmt == 'md' else to_html(title, blocks, running_header=f'{title} · '
                                                                                              'de-identified')
    return text.encode('utf-8')


def document(events: list[project.Event], exported_at: str = '') -> tuple[str, list[Block]]:
    events = project.ordered(events)
    first = events[0].workshop
    threshold = first.settings.suppression_threshold
    across = project.across(events)
    blocks: list[Block] = [
        Para(text=f'{len(events)} events sharing one journey map and improvement list. De-identified: no names, no '
                  f'pseudonyms. A group\'s figures are shown only when at least {threshold} of its people voted, '
                  'and across the project only when the group was shown in every event it voted in.'
                  + (f' Exported {exported_at}.' if exported_at else ''), css='lead'),
        Heading(text='The co-design cycle across the project'),
        Table(header=['Element', 'Events at this element', 'Done in any event'],
              rows=[[element.element.title, ', '.join(here) or '–',
                     f'{sum(c.done for c in element.checks)} of {len(element.checks)}']
                    for element, here in project.cycle_marks(events)]),
        Heading(text='The events'),
        Table(header=['#', 'Event', 'Element of the cycle', 'Participants', 'Round counted', 'Voters'], numeric={0, 3, 5},
              rows=[[str(n), e.name, _element(e), str(len(e.state.active_participants())),
                     str(e.round or '–'), str(r.n if (r := e.result()) else 0)] for n, e in enumerate(events, 1)]),
        Heading(text='Priorities across the project'),
    ]
    if across.result is None:
        blocks.append(Para(text=across.note))
    else:
        blocks += [Para(text='Counted together: ' + ', '.join(across.events) + '.'),
                   *_ranking(first, across.result, across.method or Method.DOTS)]
    for n, event in enumerate(events, 1):
        blocks.append(Heading(text=f'{n}. {event.name}', level=2))
        result = event.result()
        if result is None:
            blocks.append(Para(text='No votes yet.'))
        else:
            method = event.state.rounds[event.round].method
            blocks += [Para(text=f'Round {event.round}, {method.value}: {result.n} voters.'),
                       *_ranking(event.workshop, result, method)]
        if rows := shortlists.rows(event.state):
            blocks.append(Table(header=shortlists.HEADER, rows=[[str(c) for c in shortlists.cells(r)] for r in rows],
                                caption='How this event\'s ideas were chosen'))
    blocks.append(Heading(text='Method'))
    blocks.append(Bullets(items=[ranking.TIE_RULE, ranking.BALANCED_RULE, ranking.SUPPRESSION_RULE.format(t=threshold),
                                 project.HIDDEN_IN_AN_EVENT]))
    return f'Project: {first.project.title or first.title}', blocks


def _ranking(workshop: Any, result: ranking.RoundResult, method: Method) -> list[Block]:
    labels = dict(workshop.reporting_groups())
    shown = [g for g, r in result.by_group.items() if not r.suppressed and r.n and g in labels]
    ranks = {g: {i.improvement: i for i in result.by_group[g].items} for g in shown}
    balanced = {b.improvement: b for b in result.balanced} if result.balanced_groups else {}
    rows = [[i.label, records.title(workshop, i.improvement), score_text(i.score, method),
             f'{b.label} ({ranking.points_text(b.score)} points)' if (b := balanced.get(i.improvement)) else '–',
             *(f'{ranks[g][i.improvement].label} ({score_text(ranks[g][i.improvement].score, method)})'
               for g in shown)] for i in result.pooled]
    blocks: list[Block] = [Table(header=['Rank', 'Improvement', 'Score', 'Every group equal',
                                         *(labels[g] for g in shown)], rows=rows)]
    hidden = [labels.get(g, g) for g, r in result.by_group.items() if r.suppressed and r.n]
    if hidden:
        blocks.append(Note(text='Not shown on their own: ' + ', '.join(hidden) + '. Their votes count in the totals '
                           'and, together, in "every group equal".'))
    return blocks


def _csv(events: list[project.Event]) -> bytes:
    events = project.ordered(events)
    first = events[0].workshop
    labels = dict(first.reporting_groups())
    out = io.StringIO()
    writer = csv.writer(out, lineterminator='\r\n')
    writer.writerow(['scope', 'event', 'round', 'rank', 'tied', 'improvement_id', 'title', 'score', 'voters',
                     'balanced_rank', 'balanced_score', *(f'score_{g}' for g in labels)])
    across = project.across(events)
    parts = [('project', 'all events', '', across.result, across.method)]
    parts += [('event', e.name, e.round, e.result(), e.state.rounds[e.round].method if e.round else None)
              for e in events]
    for scope, name, number, result, method in parts:
        if result is None or method is None:
            continue
        balanced = {b.improvement: b for b in result.balanced} if result.balanced_groups else {}
        for item in result.pooled:
            b = balanced.get(item.improvement)
            cells = []
            for group in labels:
                group_result = result.by_group.get(group)
                mine = next((i for i in group_result.items if i.improvement == item.improvement), None) \
                    if group_result and not group_result.suppressed and group_result.n else None
                cells.append(score_text(mine.score, method) if mine else '')
            writer.writerow([scope, csv_text(name), number, item.rank, 'yes' if item.shared else 'no', item.improvement,
                             csv_text(records.title(first, item.improvement)), score_text(item.score, method), item.n,
                             b.rank if b else '', ranking.points_text(b.score) if b else '', *cells])
    return ('\ufeff' + out.getvalue()).encode('utf-8')


def _element(event: project.Event) -> str:
    return next(e.title for e in cycle.ELEMENTS if e.id == event.workshop.cycle_element)
