"""Breakouts on the console: split the people present into k balanced breakouts, reshuffle into new groups, move
people by hand, pair a support person with the patient they support, give each breakout a host, its video room and
its own focus, see what its people said, and see the latest round per breakout and combined; each breakout and the
plenary have a link to their shared screen. A breakout host sees only their own breakout (and sets its room and
focus; its own rounds are in the rounds panel).

Rebuilt when breakouts, the team or the people change (rare, and coalesced); tallies change the result lines in place.
"""
from __future__ import annotations

from typing import Callable

from nicegui import run, ui

from journey_maps.model import stage_order
from workshop.domain.breakout_state import MAX_BREAKOUTS
from workshop.live import FACILITATOR, Actor, LiveWorkshop, Refused
from workshop.ui.facilitator.moderation import target_title
from workshop.ui.facilitator.rounds import note
from workshop.ui.shared import widgets
from workshop.ui.shared.breakout_results import PLENARY, BreakoutResults
from workshop.ui.shared.lang import refusal, t

Do = Callable[..., bool]
SIZE = 6  # people per breakout the split proposes first, as online JLA workshops run them
SAID = 10  # the newest comments shown for each breakout


class BreakoutPanel:
    def __init__(self, live: LiveWorkshop, actor: Actor, do: Do) -> None:
        self.live, self.actor, self.do = live, actor, do
        self.results: list[BreakoutResults] = []
        self.said: dict[str, ui.column] = {}
        with ui.card().classes('w-full').props('flat bordered').mark('breakouts') as self.card:
            widgets.heading(t('breakouts_heading') if actor.role == FACILITATOR else t('breakout_yours'))
            if actor.role == FACILITATOR:
                with ui.row().classes('items-end gap-2 flex-wrap'):
                    self.k = ui.number(t('breakouts_count'), value=2, min=1, max=MAX_BREAKOUTS, precision=0).classes(
                        'w-40').mark('breakouts-count')
                    ui.button(t('breakouts_split'), on_click=lambda: self.split(False)).props('no-caps unelevated')
                    self.reshuffle = ui.button(t('breakouts_reshuffle'), on_click=lambda: self.split(True)).props(
                        'no-caps outline')
                    self.end = ui.button(t('breakouts_end'), on_click=lambda: self.do(
                        live.end_breakouts, where=self.note)).props('no-caps outline')
            self.note = note()
            self.box = ui.column().classes('w-full gap-3')
        self.build()
        for event in (live.breakouts_changed, live.team_changed, live.round_changed, live.reveal_changed):
            event.subscribe(self.build)
        live.participants_changed.subscribe(self.build)
        live.tally_changed.subscribe(self.on_tally)
        live.comments_changed.subscribe(lambda _: self.show_said())

    def on_tally(self, number: int) -> None:
        """Votes change the result lines in place; a round's first votes in breakouts bring its lines in."""
        if not any(r.number == number for r in self.results):
            self.build()
        for result in self.results:
            if result.number == number:
                result.update()

    async def split(self, reshuffle: bool) -> None:
        """The split is worked out off the event loop (a big plenary takes a moment), then recorded."""
        try:
            plan = await run.io_bound(self.live.plan_breakouts, int(self.k.value or 0), reshuffle=reshuffle)
        except Refused as e:
            self.note.set_text(refusal(e))
            return
        self.do(self.live.set_breakouts, plan, where=self.note,
                done=t('breakouts_reshuffled' if reshuffle else 'breakouts_made', n=len(plan)))

    def build(self) -> None:
        """Rebuilt only when what it shows changed (people, breakouts, hosts, rooms, pairs, rounds voted in)."""
        live, lead = self.live, self.actor.role == FACILITATOR
        members = live.breakout_members()
        b = live.state.breakouts
        signature = (members, [(x.host, x.room, x.focus) for x in b.running()], dict(b.supports),
                     [(c.id, c.name) for c in live.state.team.active()],
                     [(p.id, p.group, p.supported, p.display_name) for p in live.state.active_participants()]
                     if lead else None,
                     [(r.number, r.opened_at) for r in live.state.rounds.values() if b.of_round(r.number)])
        if signature == getattr(self, 'signature', None):
            return
        self.signature = signature
        shown = members if lead else {b: m for b, m in members.items() if live.state.breakouts.host_of(b)
                                      == self.actor.cohost}
        if lead:
            present = len(live.state.active_participants())
            if not members and present:
                self.k.value = max(1, round(present / SIZE))
            self.reshuffle.set_visibility(bool(members))
            self.end.set_visibility(bool(members))
        self.box.clear()
        self.results, self.said = [], {}
        with self.box:
            if not shown:
                ui.label(t('breakouts_none') if lead else t('breakout_none_hosted'))
            labels = _pseudonyms(live)
            for breakout, people in shown.items():
                self._breakout(breakout, people, labels, list(members))
            # the round voted in breakouts that was opened last (a round prepared before the call has a low number)
            latest = max((r for r in live.state.rounds.values() if live.state.breakouts.of_round(r.number)),
                         key=lambda r: (r.opened_at or 0, r.number), default=None)
            if latest is not None:
                ui.label(t('breakouts_results', n=latest.number)).classes('font-semibold mt-2')
                for breakout in shown:
                    self.results.append(BreakoutResults(live, latest.number, breakout, shared=False))
                if lead:
                    self.results.append(BreakoutResults(live, latest.number, PLENARY, shared=False))
            if lead and members:
                share(live, PLENARY, t('plenary_share'))
            if lead:
                self._support(labels)
        self.show_said()

    def _breakout(self, breakout: str, people: list[str], labels: dict[str, str], running: list[str]) -> None:
        live = self.live
        number, info = int(breakout[1:]), live.state.breakouts.breakouts[breakout]
        with ui.column().classes('w-full gap-1 border-t pt-2').mark(f'breakout-{breakout}'):
            with ui.row().classes('items-baseline gap-x-4 flex-wrap'):
                ui.label(t('breakout_title', n=number, people=len(people))).classes('font-semibold')
                share(live, breakout, t('breakout_share'))
            if self.actor.role == FACILITATOR:
                hosts = {'': t('breakout_no_host'), **{c.id: c.name for c in live.state.team.active()}}
                ui.select(hosts, value=info.host if info.host in hosts else '', label=t('breakout_host'),
                          on_change=lambda e, b=breakout: e.value != live.state.breakouts.host_of(b) and self.do(
                              live.assign_host, b, e.value or '', where=self.note)).classes('min-w-[12rem]').mark(
                    f'host-{breakout}')
            stages = {'': t('breakout_focus_workshop'), **{s: f'{n}. {live.workshop.stage(s).title}' for n, s in
                                                           enumerate(stage_order(live.workshop), start=1)}}
            ui.select(stages, value=info.focus if info.focus in stages else '', label=t('breakout_focus'),
                      on_change=lambda e, b=breakout: (e.value or '') != live.state.breakouts.breakouts[b].focus and
                      self.do(live.set_breakout_focus, b, e.value or '', where=self.note)).classes(
                'min-w-[16rem]').mark(f'focus-{breakout}')
            with ui.row().classes('items-end gap-2'):
                room = ui.input(t('breakout_room'), value=info.room).props('maxlength=300').classes(
                    'min-w-[16rem]').mark(f'room-{breakout}')
                ui.button(t('save'), on_click=lambda b=breakout, r=room: self.do(
                    live.set_breakout_room, b, r.value or '', where=self.note)).props('no-caps outline').mark(
                    f'room-save-{breakout}')
            moves = {b: t('breakout_name', n=int(b[1:])) for b in running} | {'': t('breakout_plenary')}
            for person in people:
                with ui.row().classes('items-center gap-2'):
                    ui.label(labels.get(person, person))
                    if self.actor.role == FACILITATOR:
                        ui.select(moves, value=breakout, label=t('breakout_move'), on_change=lambda e, p=person,
                                  b=breakout: e.value != b and self.do(live.move_to_breakout, p, e.value or '',
                                                                       where=self.note)).props(
                            'dense').classes('min-w-[9rem]').mark(f'move-{person}')

            with ui.expansion(t('breakout_said')).classes('w-full').mark(f'said-{breakout}'):
                self.said[breakout] = ui.column().classes('w-full gap-1')

    def show_said(self) -> None:
        """Each breakout's comments view: the newest comments of the people in it now, on whatever they are about
        (comments arrive coalesced; hiding one is the moderation panel's)."""
        for breakout, box in self.said.items():
            comments = self.live.breakout_comments(breakout)[:SAID]
            box.clear()
            with box:
                if not comments:
                    ui.label(t('breakout_said_none'))
                for comment in comments:
                    ui.label(t('breakout_said_line', target=target_title(self.live, comment), text=comment.text)).classes(
                        'whitespace-pre-wrap')

    def _support(self, labels: dict[str, str]) -> None:
        """Who supports whom: the split keeps them in one breakout (support people said so when they joined)."""
        live = self.live
        supporters = {p.id: labels[p.id] for p in live.state.active_participants() if p.supported}
        if not supporters:
            return
        everyone = {'': t('breakout_supports_nobody'), **{p.id: labels[p.id] for p in live.state.active_participants()}}
        with ui.column().classes('w-full gap-1 border-t pt-2'):
            ui.label(t('breakout_support_heading')).classes('font-semibold')
            pairs = live.state.breakouts.supports
            for supporter, label in supporters.items():
                ui.select(everyone, value=pairs.get(supporter, '') if pairs.get(supporter, '') in everyone else '',
                          label=t('breakout_supports', person=label),
                          on_change=lambda e, s=supporter: self.do(live.pair_support, s, e.value or '',
                                                                   where=self.note)).classes('min-w-[16rem]').mark(
                    f'supports-{supporter}')


def share(live: LiveWorkshop, view: str, text: str) -> None:
    """A link to the shared screen of one breakout (for its host to share in its video room) or of the plenary."""
    ui.link(text, f'/w/{live.id}/present?breakout={view}', new_tab=True).mark(f'share-{view}')


def _pseudonyms(live: LiveWorkshop) -> dict[str, str]:
    """'P03 · Patients · Aroha': the pseudonym as in exports, the group, and the name if they gave one."""
    groups = {s.id: s.label for s in live.workshop.streams}
    labels = {}
    for n, person in enumerate(live.state.participants.values(), start=1):
        parts = [f'P{n:02d}', groups.get(person.group, t('group_prefer_not_to_say')), person.display_name]
        labels[person.id] = ' · '.join(p for p in parts if p)
    return labels

