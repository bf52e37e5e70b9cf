"""The "you said, we did" report for participants, as Markdown and HTML (`md-participants`, `html-participants`).

Pure: no I/O, no UI. Plain language, for people who may be unwell or reading on a phone. It never names anyone
(not even with `identified`): comments appear without who wrote them, and small groups' figures stay suppressed.
"""
from __future__ import annotations

import datetime as dt

from exports import document, report, report_data
from exports.document import Block, Bullets, Heading, Para, Table
from exports.registry import ExportInput
from exports.report_data import Report
from workshop.domain import cycle, ranking
from workshop.domain.model import Outcome

NEXT_ELEMENT = {e.id: after for e, after in zip(cycle.ELEMENTS, (*cycle.ELEMENTS[1:], None))}


def write_md(data: ExportInput) -> bytes:
    built = report_data.build(data)
    return document.to_markdown(title(built), you_said_we_did(built)).encode('utf-8')


def write_html(data: ExportInput) -> bytes:
    built = report_data.build(data)
    return document.to_html(title(built), you_said_we_did(built)).encode('utf-8')


def title(built: Report) -> str:
    return f'You said, we did: {built.workshop.title}'


def you_said_we_did(built: Report) -> list[Block]:
    total, groups = report.turnout(built)
    blocks: list[Block] = [
        Para(text='Ngā mihi', lang='mi', css='lead'),
        Para(text='Thank you for taking part. This is what you told us, what you chose together, and what the '
                  'project team has decided to do about it.', css='lead'),
        Heading(text='What we did together'),
        Bullets(items=[f'{total} {"person" if total == 1 else "people"} took part ({groups}) and looked at the '
                       'journey together.' if total else 'Nobody took part yet.',
                       f'You wrote {len(built.comments) + built.comments_withheld} comments on the journey map.',
                       f'You voted in {len(built.rounds)} round{"" if len(built.rounds) == 1 else "s"}.']),
        Heading(text='You said'),
    ]
    if built.comments:
        blocks.append(Para(text='Some of what you told us (shared only by people who agreed to be quoted):'))
        blocks.append(Bullets(items=[f'“{c.text}” (on {c.target.split(": ", 1)[-1]})' for c in built.comments]))
    if built.ranked:
        blocks += _chosen(built)
    blocks += [Heading(text='We did'), *_did(built)]
    blocks += [Heading(text='What happens next'), Para(text=_next(built))]
    if built.workshop.service_promise:
        blocks.append(Para(text=f'Our promise: {built.workshop.service_promise}'))
    blocks += [Heading(text='How we counted'),
               Bullets(items=['A higher score means a higher priority. Passing on an idea did not count against it.',
                              ranking.TIE_RULE,
                              'We also made a group-balanced list, so that every group counts the same however '
                              'many people were in it.',
                              f'We only show a group\'s own results when at least {built.threshold} people in that '
                              'group voted, to protect privacy.']),
               Para(text=f'Report made {built.provenance.get("exported_at", "")}.', css='small')]
    return blocks


def _chosen(built: Report) -> list[Block]:
    ranked = built.ranked
    rows = [[r.label, r.title, report_data.score_text(r.score, ranked.method), r.balanced_label or '–']
            for r in ranked.rows]
    firsts = [f'{g.label}: ' + ' and '.join(r.title for r in ranked.rows if (c := r.groups.get(g.id)) and c.rank == 1)
              for g in ranked.groups if not g.suppressed]
    return [Heading(text='What you chose', level=3),
            Para(text=f'In round {ranked.number} ({ranked.description.lower()}), {ranked.voters} people voted.'),
            *report.ranking_charts(ranked),
            Table(header=['Rank', 'Improvement', 'Score', 'Balanced rank'], rows=rows, numeric={0, 2, 3}),
            *([Para(text='Each group\'s own first choice:'), Bullets(items=firsts)] if firsts else []),
            *report.suppression_notes(ranked)]


def _did(built: Report) -> list[Block]:
    decided = [d for d in built.decisions if d.outcome]
    if not decided:
        return [Para(text='The project team has not made its decisions yet. We will tell you when they have.')]
    words = {cycle.OUTCOME_LABELS[Outcome.ADOPT]: 'We will do this',
             cycle.OUTCOME_LABELS[Outcome.DEFER]: 'Not yet: we will come back to it',
             cycle.OUTCOME_LABELS[Outcome.REJECT]: 'We will not do this'}
    rows = []
    for d in decided:
        steps = '; '.join(f'{a.action} ({a.owner or "owner to be named"}, by {plain_date(a.due)}, '
                          f'{report.status_text(a.status)})' for a in d.actions)
        why = d.rationale + (f' Not everyone agreed: {d.minority_view}' if d.minority_view else '')
        rows.append([d.title, words[d.outcome], why.strip() or '–', steps or '–'])
    return [Table(header=['Improvement', 'What we decided', 'Why', 'Next steps'], rows=rows)]


def plain_date(iso: str) -> str:
    """'2026-07-01' → '1 July 2026': easier to read, and never split at a hyphen."""
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso or 'a date to be set'
    return f'{day.day} {day:%B %Y}'


def _next(built: Report) -> str:
    current = next(e for e in built.progress.elements if e.current).element
    after = NEXT_ELEMENT[current.id]
    then = f' Next comes "{after.title.lower()}": {after.summary[0].lower()}{after.summary[1:]}' if after else ''
    return f'The project is in the "{current.title.lower()}" part of the co-design cycle: {current.summary.lower()}' \
           f'{then} We will keep you involved throughout.'
