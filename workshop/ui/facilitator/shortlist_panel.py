"""The facilitator makes the next round's shortlist from a closed round (a survey over the long list), with its
ranking in view: everyone together, every group equal, and each group big enough to be shown (workshop/domain/shortlist.py).
The top N fills the choice; changing it by hand makes it a pick. Nothing is made without a reason."""
from __future__ import annotations

from typing import Callable

from nicegui import ui

from workshop.domain import methods, shortlist
from workshop.domain.ranking import points_text
from workshop.live import Actor, LiveWorkshop, Refused
from workshop.ui.shared.widgets import dialog_card
from workshop.ui.shared import widgets
from workshop.ui.shared.lang import refusal, t
from workshop.ui.shared.results_view import score_text

START = 4  # the N offered first


def shortlist_dialog(live: LiveWorkshop, actor: Actor, number: int, say_at: Callable[[int, str], None]) -> None:
    """Open it inside an element that stays: making the round rebuilds the round cards."""
    result = live.tally(number)
    round_ = live.state.rounds[number]
    title = lambda i: widgets.improvement_title(live, i)  # noqa: E731
    with dialog_card(t('shortlist_heading', n=number), wide=True) as (dialog, _):
        widgets.heading(t('shortlist_heading', n=number))
        ui.label(t('shortlist_explain', n=number))
        shown = [g for g, r in result.by_group.items() if not r.suppressed and r.n]
        ranks = {g: {i.improvement: i.label for i in result.by_group[g].items} for g in shown}
        balanced = {b.improvement: b for b in result.balanced} if result.balanced_groups else {}
        columns = [{'name': n, 'label': t(f'col_{n}'), 'field': n, 'align': 'left'}
                   for n in ('rank', 'idea', 'score', 'balanced')]
        columns += [{'name': g, 'label': widgets.group_name(live, g), 'field': g, 'align': 'left'} for g in shown]
        rows = [{'rank': i.label, 'idea': title(i.improvement), 'score': score_text(round_.method, i.score),
                 'balanced': t('rank_with_score', rank=b.label, score=t('score_points', n=points_text(b.score)))
                 if (b := balanced.get(i.improvement)) else '–',
                 **{g: ranks[g].get(i.improvement, '–') for g in shown}} for i in result.pooled]
        ui.table(columns=columns, rows=rows, row_key='idea').classes('w-full').props(
            'flat bordered wrap-cells hide-bottom dense').mark('shortlist-ranking')
        bases = {b: t(f'shortlist_basis_{b}') for b in shortlist.BASES}
        with ui.row().classes('gap-4 items-end flex-wrap'):
            basis = ui.radio(bases, value=shortlist.BALANCED if balanced else shortlist.POOLED).mark(
                'shortlist-basis')
            n = ui.number(t('shortlist_n'), value=min(START, len(result.pooled)), min=2, max=len(result.pooled),
                          precision=0).classes('w-40').mark('shortlist-n')
        ideas = ui.select({i: title(i) for i in result.improvements}, multiple=True, label=t('shortlist_ideas')).props(
            'use-chips outlined').classes('w-full').mark('shortlist-ideas')
        tied = ui.label('').classes('text-amber-900').mark('shortlist-tied')
        ui.label(t('shortlist_method')).classes('text-sm')
        method = ui.toggle({m.name: t(m.label_key) for m in methods.every()}, value=round_.method.value).props(
            'no-caps').mark('shortlist-method')
        reason = ui.textarea(t('shortlist_reason')).classes('w-full').props('outlined autogrow').mark(
            'shortlist-reason')
        note = ui.label('').classes('min-h-6 font-medium text-teal-900').props('role=status aria-live=polite')
        filling = []  # True while the top N fills the choice, so that change is not taken for a pick by hand

        def fill() -> None:
            if basis.value == shortlist.PICKED:
                return
            count = int(n.value or 0)
            filling.append(True)
            ideas.value = shortlist.top(result, basis.value, count)
            filling.pop()
            left_out = shortlist.tied_at_cut(result, basis.value, count)
            tied.set_text(t('shortlist_tied', ideas=', '.join(title(i) for i in left_out)) if left_out else '')

        def picked_by_hand() -> None:
            if not filling and basis.value != shortlist.PICKED:
                basis.value = shortlist.PICKED
                tied.set_text('')

        basis.on_value_change(fill)
        n.on_value_change(fill)
        ideas.on_value_change(picked_by_hand)
        fill()
        words = t('shortlist_made', round=max(live.state.rounds) + 1, n='{n}')  # before acting: acting rebuilds cards

        def make() -> None:
            chosen = list(ideas.value or [])
            count = len(chosen) if basis.value == shortlist.PICKED else int(n.value or 0)
            try:
                live.make_shortlist(actor, number, chosen, basis=basis.value, n=count, reason=reason.value or '',
                                    method=method.value)
            except Refused as e:
                note.set_text(refusal(e))  # nothing was made: the dialog stays, with what was chosen
                return
            say_at(number, words.replace('{n}', str(len(set(chosen)))))
            dialog.close()
        ui.button(t('shortlist_make'), on_click=make).props('no-caps unelevated').mark('shortlist-make')
