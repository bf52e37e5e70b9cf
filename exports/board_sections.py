"""The board paper's sections after page 1: equity and Te Tiriti o Waitangi, the journey map on landscape pages,
comments by stage, limitations and the method. Pure: no I/O, no UI; built from the shared report model."""
from __future__ import annotations

import dataclasses
import re
from typing import Callable

from exports import report
from exports.document import Block, Bullets, Figure, Heading, Landscape, Para, Table
from exports.report_data import Report
from journey_maps import render
from journey_maps.model import stage_order
from workshop.domain.model import PREFER_NOT_TO_SAY, Category, Workshop

STAGES_PER_PAGE = 4  # columns of the journey map on one landscape A4 page: 1,040 pt wide, printed at 3/4 size
PAGE_HEIGHT = 650  # points: taller parts are split by stakeholder group, so the cards' text prints at 7.5 pt

# Te Mana Raraunga's principles of Māori data sovereignty, and how this workshop's data is handled under each.
SOVEREIGNTY = (
    ('Rangatiratanga (authority)', 'The organisation running the workshop holds the data on its own server; no '
                                   'third-party service receives it and nothing is sent elsewhere.'),
    ('Whakapapa (relationships)', 'Every export records where its data came from: the workshop, when it was held, '
                                  'who ran it and how the file was made.'),
    ('Whanaungatanga (obligations)', 'Each person chose whether they may be quoted; those who said never are not '
                                     'quoted, and groups too small to hide in are not shown.'),
    ('Kotahitanga (collective benefit)', 'Participants receive a plain-language "you said, we did" newsletter, so the '
                                         'results return to the people who gave them.'),
    ('Manaakitanga (reciprocity)', 'People appear under pseudonyms, and anyone can withdraw: their votes and '
                                   'comments then leave every result.'),
)


def equity(built: Report) -> list[Block]:
    workshop = built.workshop
    people = [p for p in built.people if not p.withdrawn]
    supported = sum(p.supported for p in people)
    cultural = [t for t in workshop.themes if t.category == Category.CULTURAL]
    took_part = [
        'The workshop did not ask people\'s ethnicity, so this paper cannot say how many participants were Māori.',
        'People could take part in English or te reo Māori, pass on any question or vote, and join with a support '
        f'person or whānau member ({supported} of {len(people)} did).',
        f'The journey map holds {len(cultural)} cultural theme{"" if len(cultural) == 1 else "s"} from the interviews'
        + (': ' + '; '.join(t.title for t in cultural) + '.' if cultural else '.')]
    blocks: list[Block] = [Heading(text='Equity and Te Tiriti o Waitangi'),
                           Heading(text='How Māori took part', level=3), Bullets(items=took_part),
                           Heading(text='What the results say for Māori', level=3), Bullets(items=for_maori(built)),
                           Heading(text='How the data is held', level=3), Para(text=data_held(built)),
                           Table(header=['Principle', 'How this workshop follows it'],
                                 rows=[list(p) for p in SOVEREIGNTY] + [['Kaitiakitanga (guardianship)',
                                                                        guardianship(workshop)]],
                                 nowrap={0}, caption='Māori data sovereignty principles (Te Mana Raraunga)')]
    return blocks


def for_maori(built: Report) -> list[str]:
    workshop = built.workshop
    cultural = {t.id for t in workshop.themes if t.category == Category.CULTURAL}
    answers = [i.id for i in workshop.improvements if cultural & set(i.themes)]
    lines = [f'Results for Māori on their own cannot be shown: ethnicity was not recorded, and no group of fewer than '
             f'{built.threshold} people is ever shown.']
    rows = {r.improvement: r for r in built.ranked.rows} if built.ranked else {}
    for row in (rows[i] for i in answers if i in rows):
        balanced = f', {row.balanced_label} with every group equal' if row.balanced_label else ''
        lines.append(f'{row.title}, which answers the cultural themes, is ranked {row.label} by everyone{balanced}.')
    if others := [workshop.improvement(i).title for i in answers if i not in rows]:
        lines.append('Also answering the cultural themes, but not in the round ranked here: ' + '; '.join(others) + '.')
    return lines


def data_held(built: Report) -> str:
    workshop = built.workshop
    where = f'in {workshop.settings.data_location} ' if workshop.settings.data_location else ''
    names = ('This paper includes names, where the lead chose to and each person allowed it.' if built.identified
             else 'This paper is de-identified: people appear as P01, P02 and so on.')
    owner = workshop.run_by or 'the organisation running the workshop'
    return (f'{names} The data is kept {where}on the server of {owner}, in its own database; no third-party '
            'service, telemetry or cloud storage is used.')


def guardianship(workshop: Workshop) -> str:
    days = workshop.settings.retention_days
    kept = (f'The data is kept for {days} days, then the workshop can be deleted with everything in it.' if days
            else 'No retention period is set yet: the board should set one, after which the workshop and everything '
                 'in it can be deleted.')
    return f'Only the project lead, with the lead\'s private link, can export the data. {kept}'


def invited_to(built: Report, group_id: str) -> int | None:
    """People invited from a group: its stream's count, or the sum over a combined group's streams."""
    streams = {s.id: s for s in built.workshop.streams}
    members = [streams[group_id]] if group_id in streams else [
        streams[s] for g in getattr(built.workshop.settings, 'reporting_groups', []) if g.id == group_id
        for s in g.streams if s in streams]
    counts = [s.invited for s in members]
    return sum(counts) if counts and None not in counts else None


def turnout(built: Report) -> tuple[int, int | None]:
    """People who took part, and people invited (None when a group's number was not recorded)."""
    invited = [invited_to(built, g.id) for g in built.groups if g.id != PREFER_NOT_TO_SAY]
    return sum(g.participants for g in built.groups), None if None in invited or not invited else sum(invited)


def journey(built: Report) -> list[Block]:
    """The map in parts, each on a landscape page of its own: a few stages at a time, numbered as in the whole map,
    and the stakeholder groups split over two pages where all of them would make the page too tall to read."""
    workshop = built.workshop
    order = stage_order(workshop)
    rows = [[f'{n}. {workshop.stage(s).title}', workshop.stage(s).typical_duration or '–',
             str(len(workshop.themes_at(s))), str(sum(bool(c.stages) and n in c.stages for c in built.comments))]
            for n, s in enumerate(order, start=1)]
    blocks: list[Block] = [
        Heading(text='Journey map'),
        Para(text=f'The journey has {len(order)} stages. The landscape pages that follow show a few stages each, with '
                  'the themes from the interviews for each stakeholder group.'),
        Table(header=['Stage', 'Typical time', 'Themes', 'Comments shown'], rows=rows, numeric={2, 3})]
    for start in range(0, len(order), STAGES_PER_PAGE):
        part = [workshop.stage(s) for s in order[start:start + STAGES_PER_PAGE]]
        for streams in _stream_pages(workshop, part, start + 1, len(order)):
            blocks.append(Landscape(blocks=[_map_part(workshop, part, streams, start + 1, len(order))]))
    return blocks


def _stream_pages(workshop: Workshop, part: list, first: int, total: int) -> list[list]:
    """The streams in one page, or split in halves (again if need be) until each page is short enough."""
    pages, todo = [], [list(workshop.streams)]
    while todo:
        streams = todo.pop(0)
        if len(streams) > 1 and _height(_part(workshop, part, streams, first, total)) > PAGE_HEIGHT:
            half = (len(streams) + 1) // 2
            todo[:0] = [streams[:half], streams[half:]]
        else:
            pages.append(streams)
    return pages


def _map_part(workshop: Workshop, part: list, streams: list, first: int, total: int) -> Block:
    sub = _part(workshop, part, streams, first, total)
    picture = _picture(lambda fmt: render.render(sub, fmt, first_number=first))
    if not picture:
        return Para(text=f'{sub.title}: the journey map picture could not be drawn on this machine.')
    svg, png = picture
    return Figure(svg=svg, png=png, alt=f'{sub.title}: the themes of each stakeholder group at each '
                                        'stage.')


def _part(workshop: Workshop, part: list, streams: list, first: int, total: int) -> Workshop:
    """A few stages and streams of the map, titled with what they are, e.g. 'Stages 1–4 of 11: Patients'."""
    last = first + len(part) - 1
    stages = f'Stages {first}–{last} of {total}' if last > first else f'Stage {first} of {total}'
    groups = '' if len(streams) == len(workshop.streams) else ': ' + ', '.join(s.label for s in streams)
    return dataclasses.replace(workshop, title=f'Journey map, {stages.lower()}{groups}', stages=part,
                               streams=streams, improvements=[])


def _height(workshop: Workshop) -> float:
    """The drawn height of a map in points (0 when it cannot be drawn: nothing to split then)."""
    try:
        svg = render.render(workshop, 'svg').decode('utf-8')
    except (render.RenderError, OSError):
        return 0
    found = re.search(r'<svg[^>]* height="([\d.]+)pt"', svg)
    return float(found.group(1)) if found else 0


def comments_by_stage(built: Report) -> list[Block]:
    blocks: list[Block] = [Heading(text='Comments by stage')]
    if not built.comments:
        blocks.append(Para(text='No comments to show.'))
    order = stage_order(built.workshop)
    places = [(n, f'{n}. {built.workshop.stage(s).title}') for n, s in enumerate(order, start=1)] + [(0, 'Other')]
    for number, heading in places:
        here = [c for c in built.comments if (c.stages[0] if c.stages else 0) == number]
        if here:
            blocks += [Heading(text=heading, level=3),
                       Table(header=['On', 'Kind', 'Comment', 'Who', 'Group'], nowrap={1, 3},
                             rows=[[c.target, c.kind, c.text, c.participant, c.group] for c in here])]
    if built.comments_withheld:
        blocks.append(Para(text=report.withheld_line(built.comments_withheld), css='small'))
    return blocks


def limitations(built: Report) -> list[Block]:
    lines = []
    took, invited = turnout(built)
    if invited is None:
        lines.append('The number of people invited was not recorded for every group, so turnout cannot be judged '
                     'in full.')
    else:
        lines.append(f'Turnout: {took} of {invited} people invited took part.')
    absent = [g.label for g in built.groups if not g.participants]
    if absent:
        lines.append('Nobody from ' + ', '.join(absent) + ' took part: their views are missing from the results.')
    if built.ranked:
        lines.append(f'Small numbers: {built.ranked.voters} people voted in round {built.ranked.number}. With this '
                     'few, one or two votes can change the order; places that share a score share a rank ("3=").')
        lines += [note.text for note in report.suppression_notes(built.ranked)]
    withdrawn = sum(p.withdrawn for p in built.people)
    if withdrawn:
        lines.append(f'{withdrawn} {"person" if withdrawn == 1 else "people"} withdrew: their votes and comments are '
                     'not in any figure.')
    if built.comments_withheld:
        lines.append(report.withheld_line(built.comments_withheld))
    lines += ['People chose to take part and joined online or with help; those who could not join, or did not hear '
              'about the workshop, are not represented. Ethnicity was not recorded.']
    return [Heading(text='Limitations'), Bullets(items=lines)]


def method_appendix(built: Report) -> list[Block]:
    return [Heading(text='Appendix: method'), Bullets(items=built.method), *report.cycle_section(built),
            report.about(built)]


def _picture(draw: Callable[[str], bytes]) -> tuple[str, Callable[[], bytes]] | None:
    """The SVG now and the PNG only when asked for; None when Graphviz cannot draw here."""
    try:
        svg = draw('svg').decode('utf-8')
    except (render.RenderError, OSError):
        return None
    return svg, lambda: draw('png')
