"""The sections of the reports, as document blocks (exports.document) built from the report model
(exports.report_data): the board paper (exports.board_paper), the participants' "you said, we did" report
(exports.you_said) and the workbook reuse them.

Pure: no I/O, no UI.
"""
from __future__ import annotations

from exports import chart_images, charts, report_data, shortlists
from exports.document import Block, Figure, Heading, Note, Para, Table
from exports.report_data import Report, RoundReport
from workshop.domain import ranking


def about(report: Report) -> Table:
    """Provenance: what, why, when, by whom, and how the file was made."""
    workshop, provenance = report.workshop, report.provenance
    rows = [['Workshop', workshop.title], ['Purpose', workshop.purpose or 'not recorded'],
            ['Service promise', workshop.service_promise or 'not recorded'],
            ['Run by', workshop.run_by or 'not recorded'], ['Held', report.held or 'not yet'],
            ['Participants', participants_line(report)],
            ['Names', 'included where allowed' if report.identified else 'not included (pseudonyms only)'],
            ['Exported', str(provenance.get('exported_at', ''))], ['Made with', str(provenance.get('software', ''))],
            *([['Votes counted', str(provenance['voters'])]] if provenance.get('voters') else [])]
    return Table(header=['About this report', ''], rows=rows, nowrap={0})


def participants_line(report: Report) -> str:
    total, parts = turnout(report)
    return f'{total} ({parts})' if parts else '0'


def cycle_section(report: Report) -> list[Block]:
    rows = []
    for element in report.progress.elements:
        state = 'done' if element.done else ('in progress' if element.share else 'not started')
        if element.current:
            state += ' (current)'
        detail = '; '.join(f'{c.label}: {"yes" if c.done else "not yet"}' + (f' ({c.detail})' if c.detail else '')
                           for c in element.checks)
        rows.append([element.element.title, state, detail])
    return [Heading(text='Where the project stands in the co-design cycle'),
            Para(text='Engage runs throughout: relationships with patients, whānau and staff are kept up in every '
                      'element, not only at the start.'),
            Table(header=['Element', 'Status', 'What is in place'], rows=rows, nowrap={0, 1})]


def ranking_section(report: Report, round_: RoundReport, *, charts_too: bool) -> list[Block]:
    title = f'Round {round_.number}: {round_.description}'
    blocks: list[Block] = [Heading(text=title, level=3),
                           Para(text=f'{round_.voters} people voted'
                                + (f', {round_.passed} passed on the whole round' if round_.passed else '')
                                + f'. Score: {round_.score_label}; a higher score is a higher priority.')]
    if charts_too:
        blocks += ranking_charts(round_)
    groups = [g for g in round_.groups if not g.suppressed]
    header = ['Rank', 'Improvement', 'Score', 'Balanced rank', 'Balanced score', *(g.label for g in groups)]
    rows = [[r.label, r.title, report_data.score_text(r.score, round_.method), r.balanced_label or '–',
             '' if r.balanced_score is None else ranking.points_text(r.balanced_score),
             *(_group_cell(r.groups.get(g.id), round_) for g in groups)] for r in round_.rows]
    caption = 'Group columns show that group\'s own rank and, in brackets, its score.' if groups else ''
    blocks.append(Table(header=header, rows=rows, numeric={0, 2, 3, 4}, caption=caption))
    return blocks + analyses(report, round_, charts_too=charts_too) + suppression_notes(round_)


VERDICTS = {'in': 'in', 'out': 'out', 'none': 'no consensus', '': '–'}


def analyses(report: Report, round_: RoundReport, *, charts_too: bool) -> list[Block]:
    """Consensus, stability, agreement and, for ratings, every question and the quadrant (see the Method)."""
    top = round_.result.top
    criteria = round_.criteria
    header = ['Improvement', 'Consensus', f'Stays in the top {top}',
              *(f'{c} {what}' for c in criteria for what in ('mean', 'median', 'agreement')),
              *(['Quadrant'] if len(criteria) >= 2 else [])]
    rows = [[r.title, VERDICTS[r.consensus], percent(r.stability),
             *(value for c in criteria for value in rating_cells(r.ratings.get(c))),
             *([r.quadrant or '–'] if len(criteria) >= 2 else [])] for r in round_.rows]
    blocks: list[Block] = [Table(header=header, rows=rows, numeric=set(range(2, len(header) - (len(criteria) >= 2))),
                                 caption='Consensus, stability and, for ratings, each question (see Method)')]
    if round_.kendall_w is not None or round_.kendall_w_groups:
        shown = [f'{report.group_label(g)} {w_text(w)}' for g, w in round_.kendall_w_groups.items()]
        blocks.append(Para(text=f'Agreement between people (Kendall\'s W, 0 to 1): everyone {w_text(round_.kendall_w)}'
                                + (f'; {"; ".join(shown)}' if shown else '') + '.'))
    if charts_too and len(criteria) >= 2:
        points = [charts.Point(label=r.title, x=r.ratings[criteria[0]].mean, y=r.ratings[criteria[1]].mean)
                  for r in round_.rows if all(c in r.ratings and r.ratings[c].mean is not None for c in criteria[:2])]
        title = f'Round {round_.number}: {criteria[0]} against {criteria[1]}'
        blocks.append(Figure(svg=charts.quadrant_chart(title, points, criteria[:2], round_.scale),
                             png=lambda: chart_images.quadrant_png(title, points, criteria[:2], round_.scale),
                             alt='Each idea placed by its mean ratings on the two questions; the table above gives '
                                 'the same figures and quadrants.'))
    return blocks


def percent(share: float | None) -> str:
    return '–' if share is None else f'{round(100 * share)}%'


def rating_cells(summary) -> list[str]:
    if summary is None or summary.mean is None:
        return ['–', '–', '–']
    return [f'{summary.mean:.2f}', f'{summary.median:g}', percent(summary.agreement)]


def w_text(w: float | None) -> str:
    return 'not defined' if w is None else f'{w:.2f}'


def suppression_notes(round_: RoundReport) -> list[Block]:
    """One note per reason, naming the groups whose own figures are left out."""
    reasons: dict[str, list[str]] = {}
    for g in round_.groups:
        if g.suppressed:
            reasons.setdefault(g.reason, []).append(g.label)
    return [Note(text=f'Not shown for {", ".join(labels)}: {reason}') for reason, labels in reasons.items()]


def ranking_charts(round_: RoundReport) -> list[Block]:
    pooled = [charts.Bar(label=f'{r.label} {r.title}', value=r.score, shared=r.shared,
                         value_text=report_data.score_text(r.score, round_.method)) for r in round_.rows]
    blocks: list[Block] = [_chart(f'Everyone together: {round_.score_label}', pooled,
                                  'Bar chart of the pooled scores; the table below gives the same figures.')]
    if round_.balanced_groups:
        balanced = [charts.Bar(label=f'{r.balanced_label} {r.title}', value=r.balanced_score, shared=r.balanced_shared,
                               value_text=ranking.points_text(r.balanced_score))
                    for r in sorted(round_.rows, key=lambda r: (r.balanced_rank or 0))]
        blocks.append(_chart('Every group weighing the same: balanced points', balanced,
                             'Bar chart of the group-balanced scores; the table below gives the same figures.'))
    return blocks


def _chart(title: str, bars: list[charts.Bar], alt: str) -> Figure:
    """SVG for the web formats; the same chart as PNG, drawn only when a Word document asks for it."""
    return Figure(svg=charts.bar_chart(title, bars), alt=alt, png=lambda: chart_images.bar_png(title, bars))


def decisions_section(report: Report) -> list[Block]:
    decided = [d for d in report.decisions if d.outcome]
    blocks: list[Block] = [Heading(text='Decisions and actions')]
    if report.shortlists:  # how a round's ideas were chosen from an earlier one, with the reason
        blocks.append(Table(header=shortlists.HEADER, rows=[[str(c) for c in shortlists.cells(s)]
                                                            for s in report.shortlists], caption='Shortlists'))
    if not decided:
        return [*blocks, Para(text='No decisions recorded yet.')]
    blocks.append(Table(header=['Improvement', 'Decision', 'Rationale', 'Minority view', 'Status'], nowrap={1},
                        rows=[[d.title, d.outcome, d.rationale, d.minority_view or '–', d.status] for d in decided]))
    actions = [a for d in report.decisions for a in d.actions]
    if actions:
        blocks.append(Table(header=['Improvement', 'Action', 'Owner', 'Due', 'Status'], nowrap={3, 4},
                            rows=[[a.title, a.action, a.owner, a.due, status_text(a.status)] for a in actions],
                            caption='Actions'))
    return blocks


def status_text(status: str) -> str:
    return {'todo': 'to do', 'doing': 'under way'}.get(status, status)


def withheld_line(n: int) -> str:
    return f'{n} more comment{"s are" if n != 1 else " is"} not shown because the writer asked not to be quoted.'


def turnout(report: Report) -> tuple[int, str]:
    active = [g for g in report.groups if g.participants]
    return sum(g.participants for g in active), ', '.join(f'{g.label} {g.participants}' for g in active)


def _group_cell(cell: report_data.GroupCell | None, round_: RoundReport) -> str:
    if cell is None:
        return 'suppressed'
    return f'{cell.label} ({report_data.score_text(cell.score, round_.method)})'
