"""The board paper (formats `md`, `html` and `docx`): what a project lead hands to a board without editing.

Pure: no I/O, no UI. Page 1 is the summary a board member reads first: the question, who took part against who was
invited, the top priorities (pooled and group-balanced, with agreement in plain words), decisions and the
recommendation. Then equity and Te Tiriti o Waitangi, the journey map on landscape pages, the ranked lists with full
titles, decisions and actions, comments by stage, limitations and the method. Everything is built on the shared
report model (exports.report_data), so suppression and the analyses there flow into every format alike.
"""
from __future__ import annotations

from exports import board_sections, document, report, report_data
from exports.document import Block, Bullets, Heading, PageBreak, Para, Table
from exports.registry import ExportInput
from exports.report_data import Report, RoundReport
from workshop.domain import cycle
from workshop.domain.model import Outcome

TOP = 5  # priorities on page 1
TOP_OF_GROUP = 3  # "in a group's top 3": agreement in plain words


def write_md(data: ExportInput) -> bytes:
    built = report_data.build(data)
    return document.to_markdown(title(built), paper(built)).encode('utf-8')


def write_html(data: ExportInput) -> bytes:
    built = report_data.build(data)
    return document.to_html(title(built), paper(built), running_header=running_header(built)).encode('utf-8')


def write_docx(data: ExportInput) -> bytes:
    from exports import word  # python-docx loads only when someone asks for a Word document
    built = report_data.build(data)
    return word.to_docx(title(built), paper(built), running_header=running_header(built))


def title(built: Report) -> str:
    return f'{built.workshop.title}: paper for the board'


def running_header(built: Report) -> str:
    """Printed at the top of every page: which workshop, when, and how identifying the paper is."""
    held = built.held or 'not yet held'
    return f'{built.workshop.title} · {held} · {"contains names" if built.identified else "de-identified"}'


def paper(built: Report) -> list[Block]:
    return [*summary_page(built), PageBreak(), *board_sections.equity(built), *board_sections.journey(built),
            *ranked_lists(built), *report.decisions_section(built), *board_sections.comments_by_stage(built),
            *board_sections.limitations(built), *board_sections.method_appendix(built)]


# --- page 1 ------------------------------------------------------------------------------------------------------

def summary_page(built: Report) -> list[Block]:
    workshop = built.workshop
    blocks: list[Block] = [Heading(text='What we asked and why'),
                           Para(text=workshop.purpose or 'The purpose of the workshop was not recorded.'),
                           Heading(text='Who took part'), turnout_table(built)]
    blocks += [Heading(text='Top priorities'), *top_priorities(built)]
    blocks += [Heading(text='Decisions and recommendation'), Bullets(items=decision_lines(built)),
               Para(text=recommendation(built), css='lead')]
    return blocks


def turnout_table(built: Report) -> Table:
    rows = []
    for group in built.groups:
        invited = board_sections.invited_to(built, group.id)
        rows.append([group.label, '–' if invited is None else str(invited), str(group.participants),
                     _share(group.participants, invited)])
    took, invited = board_sections.turnout(built)
    rows.append(['All groups', '–' if invited is None else str(invited), str(took), _share(took, invited)])
    return Table(header=['Group', 'Invited', 'Took part', 'Share of those invited'], rows=rows, numeric={1, 2, 3},
                 caption='' if invited is not None else '"–": the number invited was not recorded.')


def top_priorities(built: Report) -> list[Block]:
    ranked = built.ranked
    if not ranked:
        return [Para(text='No votes have been cast yet.')]
    top = ranked.rows[:TOP]
    rows = [[r.label, r.title, r.balanced_label or '–', agreement(ranked, r), stability(r)] for r in top]
    moved = [r.title for r in ranked.rows[TOP:] if r.balanced_rank is not None and r.balanced_rank <= TOP]
    blocks: list[Block] = [
        Para(text=f'Round {ranked.number} ({ranked.description.lower()}), {ranked.voters} people voted. "Every '
                  'group equal" weighs each stakeholder group the same however many people it had; "stays in the '
                  f'top {ranked.result.top}" is how often the idea stays there when the votes are resampled.'),
        Table(header=['Everyone', 'Improvement', 'Every group equal', 'How much the groups agree',
                      f'Stays in the top {ranked.result.top}'], rows=rows, numeric={0, 2, 4})]
    if moved:
        blocks.append(Para(text='With every group weighing the same, the top also includes: ' + '; '.join(moved) + '.'))
    return blocks


CONSENSUS = {'in': 'Consensus: near the top for every group', 'out': 'Consensus: low for every group',
             'none': 'No consensus'}


def agreement(round_: RoundReport, row: report_data.RankedRow) -> str:
    """Agreement in plain words: the consensus check, and which shown groups have the idea near their top."""
    shown = [g for g in round_.groups if not g.suppressed]
    words = [CONSENSUS[row.consensus]] if row.consensus in CONSENSUS else []
    near_top = [g.label for g in shown if (cell := row.groups.get(g.id)) and cell.rank <= TOP_OF_GROUP]
    if not shown:
        words.append('no group large enough to show its own view')
    elif len(shown) == 1:
        words.append(f'{"" if near_top else "not "}top {TOP_OF_GROUP} for {shown[0].label} (only group shown)')
    else:
        words.append(f'top {TOP_OF_GROUP} for {len(near_top)} of {len(shown)} groups shown'
                     + (f' ({", ".join(near_top)})' if near_top and len(near_top) < len(shown) else ''))
    text = '; '.join(words)
    return text[:1].upper() + text[1:] + '.'


def stability(row: report_data.RankedRow) -> str:
    return '–' if row.stability is None else f'{round(row.stability * 100)}%'


def decision_lines(built: Report) -> list[str]:
    """One line per outcome, the ideas in it and their actions; the reasons follow in "Decisions and actions"."""
    decided = [d for d in built.decisions if d.outcome]
    if not decided:
        return ['No decisions recorded yet.']
    lines = []
    for outcome in dict.fromkeys(d.outcome for d in decided):
        these = [d for d in decided if d.outcome == outcome]
        actions = sum(len(d.actions) for d in these)
        lines.append(f'{outcome}: ' + '; '.join(d.title for d in these)
                     + (f' ({actions} action{"" if actions == 1 else "s"} with owners and dates).' if actions else '.'))
    return lines


def recommendation(built: Report) -> str:
    adopted = [d.title for d in built.decisions if d.outcome == cycle.OUTCOME_LABELS[Outcome.ADOPT]]
    deferred = [d.title for d in built.decisions if d.outcome == cycle.OUTCOME_LABELS[Outcome.DEFER]]
    if not adopted and not deferred:
        top = ', '.join(r.title for r in built.ranked.rows[:3]) if built.ranked else ''
        return ('The board is asked to note the priorities above' + (f' ({top})' if top else '')
                + ' and to expect decisions at a later meeting.')
    text = 'The board is asked to endorse ' + '; '.join(adopted) + ',' if adopted else 'The board is asked'
    text += ' and the actions, owners and dates set out below'
    if deferred:
        text += f', and to note that {"; ".join(deferred)} {"is" if len(deferred) == 1 else "are"} deferred'
    return text + '.'


# --- the ranked lists --------------------------------------------------------------------------------------------

def ranked_lists(built: Report) -> list[Block]:
    blocks: list[Block] = [Heading(text='Ranked improvements')]
    if not built.rounds:
        return [*blocks, Para(text='No votes have been cast yet.')]
    for round_ in sorted(built.rounds, key=lambda r: r.number != built.ranked.number):
        blocks += report.ranking_section(built, round_, charts_too=round_ is built.ranked)
    return blocks


def _share(took: int, invited: int | None) -> str:
    if not invited:
        return '–'
    return f'{round(100 * took / invited)}%'
