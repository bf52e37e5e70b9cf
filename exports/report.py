"""The report for the board, as Markdown and as HTML that prints on A4 (formats `md` and `html`).

Pure: no I/O, no UI. The content is built once as document blocks (exports.document) from the report model
(exports.report_data); the participants' "you said, we did" report in exports.you_said reuses the sections here.
"""
from __future__ import annotations

from collections import Counter

from exports import charts, document, report_data
from workshop import cycle, ranking
from exports.document import Block, Bullets, Figure, Heading, Note, Para, Table
from exports.registry import ExportInput, register
from exports.report_data import Report, RoundReport
from journey_maps import render
from workshop.model import Outcome, Workshop

MD = 'text/markdown; charset=utf-8'
HTML = 'text/html; charset=utf-8'


@register('md', suffix='.md', media_type=MD, label='Board report (Markdown)')
def write_md(data: ExportInput) -> bytes:
    report = report_data.build(data)
    return document.to_markdown(board_title(report), board(report)).encode('utf-8')


@register('html', suffix='.html', media_type=HTML, label='Board report (HTML, prints on A4)')
def write_html(data: ExportInput) -> bytes:
    report = report_data.build(data)
    return document.to_html(board_title(report), board(report)).encode('utf-8')


def board_title(report: Report) -> str:
    return f'{report.workshop.title}: report for the board'


def board(report: Report) -> list[Block]:
    workshop = report.workshop
    blocks: list[Block] = []
    if workshop.purpose:
        blocks.append(Para(text=workshop.purpose, css='lead'))
    blocks += [about(report), Heading(text='Summary'), Bullets(items=summary(report))]
    blocks += cycle_section(report)
    blocks += journey_section(report)
    blocks.append(Heading(text='Ranked improvements'))
    if not report.rounds:
        blocks.append(Para(text='No votes have been cast yet.'))
    for round_ in sorted(report.rounds, key=lambda r: r.number != report.ranked.number):
        blocks += ranking_section(report, round_, charts_too=round_ is report.ranked)
    blocks += decisions_section(report)
    blocks += comments_section(report)
    blocks += [Heading(text='Method'), Bullets(items=report.method)]
    return blocks


def about(report: Report) -> Table:
    """Provenance: what, why, when, by whom, and how the file was made."""
    workshop, provenance = report.workshop, report.provenance
    rows = [['Workshop', workshop.title], ['Purpose', workshop.purpose or 'not recorded'],
            ['Service promise', workshop.service_promise or 'not recorded'],
            ['Run by', workshop.run_by or 'not recorded'], ['Held', report.held or 'not yet'],
            ['Participants', participants_line(report)],
            ['Names', 'included where allowed' if report.identified else 'not included (pseudonyms only)'],
            ['Exported', str(provenance.get('exported_at', ''))], ['Made with', str(provenance.get('software', ''))]]
    return Table(header=['About this report', ''], rows=rows, nowrap={0})


def participants_line(report: Report) -> str:
    total, parts = turnout(report)
    return f'{total} ({parts})' if parts else '0'


def summary(report: Report) -> list[str]:
    total, parts = turnout(report)
    people = 'person' if total == 1 else 'people'
    items = [f'{total} {people} took part: {parts}.' if total else 'Nobody has joined yet.']
    if report.ranked:
        top = ', '.join(f'{r.label}. {r.title}' for r in report.ranked.rows[:3])
        items.append(f'Top of the ranked list (round {report.ranked.number}, {report.ranked.voters} voters): {top}.')
    outcomes = Counter(d.outcome for d in report.decisions if d.outcome)
    actions = sum(len(d.actions) for d in report.decisions)
    if outcomes:
        said = ', '.join(f'{outcomes[label]} {_past(o)}' for o, label in cycle.OUTCOME_LABELS.items()
                         if outcomes[label])
        items.append(f'Decisions so far: {said}; {actions} action{"" if actions == 1 else "s"} recorded.')
    else:
        items.append('No decisions recorded yet.')
    withheld = f', {report.comments_withheld} not quoted at the writer\'s request' if report.comments_withheld else ''
    items.append(f'Comments: {len(report.comments)} shown in this report{withheld}.')
    return items


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


def journey_section(report: Report) -> list[Block]:
    workshop = report.workshop
    streams = [s.label for s in workshop.streams]
    stages = [title for title, _ in report.journey]
    counts = [[len(cells[s.id]) for _, cells in report.journey] for s in workshop.streams]
    blocks: list[Block] = [Heading(text='Journey map')]
    picture = journey_picture(workshop)
    if picture:
        blocks.append(Figure(svg=picture, alt=f'Journey map of {workshop.title}: the stages in order, with the '
                                              'themes of each stakeholder stream; the table below lists the themes.',
                             caption='The journey map (the svg and png exports give it full size, for A3 or a '
                                     'screen).'))
    if stages and streams:
        blocks.append(Figure(svg=charts.theme_grid('Themes per stage and stakeholder group', stages, streams, counts),
                             alt='Number of themes at each stage for each stakeholder group; the table below '
                                 'lists the themes.', caption='Columns are the stages in journey order.'))
    blocks.append(Para(text='Stages: ' + '; '.join(f'{n}. {title}' for n, title in enumerate(stages, start=1)) + '.'))
    rows = [[t.title, t.category, stage_ranges(t.stages), ', '.join(t.streams)] for t in report.themes]
    blocks.append(Table(header=['Theme', 'Kind', 'Stages', 'Stakeholder streams'], rows=rows, nowrap={1, 2},
                        caption='Themes from the interviews: where they sit in the journey, and for whom'))
    return blocks


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
        blocks.append(Figure(svg=charts.quadrant_chart(f'Round {round_.number}: {criteria[0]} against {criteria[1]}',
                                                       points, criteria[:2], round_.scale),
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


def stage_ranges(positions: list[int]) -> str:
    """[2, 3, 4, 6] → '2–4, 6'."""
    runs: list[list[int]] = []
    for p in positions:
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    return ', '.join(f'{r[0]}–{r[-1]}' if len(r) > 2 else ', '.join(map(str, r)) for r in runs)


def ranking_charts(round_: RoundReport) -> list[Block]:
    pooled = [charts.Bar(label=f'{r.label} {r.title}', value=r.score, shared=r.shared,
                         value_text=report_data.score_text(r.score, round_.method)) for r in round_.rows]
    blocks: list[Block] = [Figure(svg=charts.bar_chart(f'Everyone together: {round_.score_label}', pooled),
                                  alt='Bar chart of the pooled scores; the table below gives the same figures.')]
    if round_.balanced_groups:
        balanced = [charts.Bar(label=f'{r.balanced_label} {r.title}', value=r.balanced_score, shared=r.balanced_shared,
                               value_text=ranking.points_text(r.balanced_score))
                    for r in sorted(round_.rows, key=lambda r: (r.balanced_rank or 0))]
        blocks.append(Figure(svg=charts.bar_chart('Every group weighing the same: balanced points', balanced),
                             alt='Bar chart of the group-balanced scores; the table below gives the same figures.'))
    return blocks


def decisions_section(report: Report) -> list[Block]:
    decided = [d for d in report.decisions if d.outcome]
    blocks: list[Block] = [Heading(text='Decisions and actions')]
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


def comments_section(report: Report) -> list[Block]:
    blocks: list[Block] = [Heading(text='What participants said')]
    if report.comments:
        blocks.append(Table(header=['On', 'Kind', 'Comment', 'Who', 'Group'], nowrap={1, 3},
                            rows=[[c.target, c.kind, c.text, c.participant, c.group] for c in report.comments]))
    else:
        blocks.append(Para(text='No comments to show.'))
    if report.comments_withheld:
        blocks.append(Para(text=withheld_line(report.comments_withheld), css='small'))
    return blocks


def status_text(status: str) -> str:
    return {'todo': 'to do', 'doing': 'under way'}.get(status, status)


def withheld_line(n: int) -> str:
    return f'{n} more comment{"s are" if n != 1 else " is"} not shown because the writer asked not to be quoted.'


def journey_picture(workshop: Workshop) -> str | None:
    """The journey-map picture; None when Graphviz cannot draw it (the report still has the grid and the table)."""
    try:
        return render.render_svg(workshop)
    except (render.RenderError, OSError):
        return None


def turnout(report: Report) -> tuple[int, str]:
    active = [g for g in report.groups if g.participants]
    return sum(g.participants for g in active), ', '.join(f'{g.label} {g.participants}' for g in active)


def _group_cell(cell: report_data.GroupCell | None, round_: RoundReport) -> str:
    if cell is None:
        return 'suppressed'
    return f'{cell.label} ({report_data.score_text(cell.score, round_.method)})'


def _past(outcome: Outcome) -> str:
    return {Outcome.ADOPT: 'adopted', Outcome.DEFER: 'deferred', Outcome.REJECT: 'rejected'}[outcome]
