"""The join steps: language (and the workshop's passphrase, when the facilitator set one) → information and consent
→ stakeholder group (a support person may type the pairing code shown on the phone of the person they support, so
that breakouts keep them together) → name (optional).

Choices are kept in the server's memory for this browser until the last step, so switching language (which reloads
the page) keeps them. Nothing is written anywhere until "Join": then consent is recorded first, then the participant,
then the binding of this browser to a new participant id. A name typed by someone who never joins is never stored.
A wrong passphrase counts, like a wrong join code, towards the address's attempt limit: guessing it is slowed down.
"""
from __future__ import annotations

import secrets
from typing import Any, Callable

from nicegui import ui

from workshop.domain.model import PREFER_NOT_TO_SAY, QuoteConsent
from workshop.live import PARTICIPANT, Actor, LiveWorkshop, Refused
from workshop.ui.shared import widgets
from workshop.ui.shared.lang import both, content, label, labelled, mark, refusal, switch, t
from workshop.web import access
from workshop.web.context import AppContext

STEPS = ('language', 'consent', 'group', 'name')


class JoinSteps:
    def __init__(self, ctx: AppContext, live: LiveWorkshop, *, on_joined: Callable[[], None]) -> None:
        self.ctx, self.live = ctx, live
        self.on_joined = on_joined
        self.key = (access.session_key(), live.id)
        self.draft: dict[str, Any] = {'step': 0, 'take_part': False, 'research_use': False,
                                      'quotes': QuoteConsent.ANONYMOUS.value, 'group': None, 'supported': False,
                                      'name': '', 'pair_code': '', **ctx.drafts.get(self.key)}
        self.moved = False
        self.box = ui.column().classes('w-full max-w-2xl gap-4 cw-big')
        self.build()

    def build(self) -> None:
        self.box.clear()
        step = STEPS[self.draft['step']]
        with self.box:
            ui.label(t('join_step', n=self.draft['step'] + 1, total=len(STEPS))).classes('text-sm text-slate-700')
            getattr(self, f'_{step}')()
            self.status = widgets.status_region()
        if self.moved:  # the button that was pressed is gone: put focus on the new step's heading
            self.box.client.run_javascript(f'document.getElementById("c{self.title.id}")?.focus()')

    def _title(self, key: str) -> None:
        self.title = mark(widgets.heading(t(key)).props('tabindex=-1'), key)

    def go(self, step: int) -> None:
        self.moved = True
        self.draft['step'] = step
        self.save()
        self.build()

    def save(self) -> None:
        self.ctx.drafts.put(self.key, dict(self.draft))

    def set(self, name: str, value: Any) -> None:
        self.draft[name] = value
        self.save()

    # --- the steps ------------------------------------------------------------------------------------------

    def _language(self) -> None:  # the choice itself is offered in both languages
        self.title = both('language').classes('text-xl font-semibold').props('role=heading aria-level=2 tabindex=-1')
        switch()
        if not self.live.needs_passphrase:
            self._buttons(next_=lambda: self.go(1))
            return
        label('join_passphrase_explain')
        words = ui.input(t('join_passphrase'), value=self.draft.get('passphrase', '')).props(
            'outlined autocomplete=off autocapitalize=off maxlength=100')
        labelled(words, 'join_passphrase')

        def next_() -> None:
            if wrong := self._passphrase_wrong(words.value or ''):
                self.status.set_text(t(wrong))
                return
            self.set('passphrase', words.value or '')  # in memory until "Join", checked again then
            self.go(1)
        words.on('keydown.enter', next_)
        self._buttons(next_=next_)

    def _passphrase_wrong(self, words: str) -> str:
        """'' when the passphrase fits (or none is needed), else what to say."""
        address = access.client_address()
        if self.ctx.limiter.blocked(address):
            return 'join_too_many_tries'
        if not self.live.passphrase_fits(words):
            self.ctx.limiter.failed(address)
            return 'refused_passphrase'
        return ''

    def _consent(self) -> None:
        self._title('join_info_heading')
        if self.live.workshop.settings.participant_info.strip():  # workshop content: escaped, paragraphs kept
            content(self.live.workshop.settings, 'participant_info', 'whitespace-pre-line')
        else:
            label('join_info_default')
        widgets.heading(t('join_consent_heading'), level=3, classes='text-lg font-semibold')
        mark(ui.checkbox(t('consent_take_part'), value=self.draft['take_part'],
                         on_change=lambda e: self.set('take_part', e.value)), 'consent_take_part')
        mark(ui.checkbox(t('consent_research'), value=self.draft['research_use'],
                         on_change=lambda e: self.set('research_use', e.value)), 'consent_research')
        label('consent_quotes')
        ui.radio({q.value: t(f'quotes_{q.value}') for q in QuoteConsent}, value=self.draft['quotes'],
                 on_change=lambda e: self.set('quotes', e.value)).props['aria-label'] = t('consent_quotes')

        def next_() -> None:
            if not self.draft['take_part']:
                self.status.set_text(t('consent_needed'))
            else:
                self.go(2)
        self._buttons(back=lambda: self.go(0), next_=next_)

    def _group(self) -> None:
        self._title('join_group_heading')
        label('join_group_explain')
        options = {s.id: s.label for s in self.live.workshop.streams}
        options[PREFER_NOT_TO_SAY] = t('group_prefer_not_to_say')
        ui.radio(options, value=self.draft['group'],
                 on_change=lambda e: (self.set('group', e.value), show_code())).props['aria-label'] = t('group')
        ui.checkbox(t('join_supported'), value=self.draft['supported'],
                    on_change=lambda e: (self.set('supported', e.value), show_code()))
        with ui.column().classes('w-full gap-1') as pairing:  # only for a support person
            label('join_pair_explain')
            code = ui.input(t('join_pair_code'), value=self.draft['pair_code'],
                            on_change=lambda e: self.set('pair_code', e.value or '')).props(
                'outlined inputmode=numeric autocomplete=off maxlength=8').mark('pair-code')
            labelled(code, 'join_pair_code')

        def show_code() -> None:
            pairing.set_visibility(self.live.is_support_group(self.draft['group']) or bool(self.draft['supported']))
        show_code()

        def next_() -> None:
            if self.draft['group'] is None:
                self.status.set_text(t('group_needed'))
            elif pairing.visible and (wrong := self._pair_code_wrong(self.draft['pair_code'])):
                self.status.set_text(wrong)
            else:
                self.go(3)
        self._buttons(back=lambda: self.go(1), next_=next_)

    def _pair_code_wrong(self, code: str) -> str:
        """'' when the code is empty or someone's here, else what to say (wrong codes count like wrong join codes:
        guessing someone's code is slowed down)."""
        if not code.strip():
            return ''
        address = access.client_address()
        if self.ctx.limiter.blocked(address):
            return t('join_too_many_tries')
        try:
            self.live.supported_by_code(code)
        except Refused as e:
            self.ctx.limiter.failed(address)
            return refusal(e)
        return ''

    def _name(self) -> None:
        self._title('join_name_heading')
        label('join_name_explain')
        name = ui.input(t('name'), value=self.draft['name'], on_change=lambda e: self.set('name', e.value or ''))
        labelled(name.props('outlined autocomplete=off maxlength=60'), 'name')
        self._buttons(back=lambda: self.go(2), next_=self.join, next_key='join')

    def join(self) -> None:
        address = access.client_address()
        if not self.ctx.joins.allow(self.live, address):
            self.status.set_text(t('join_busy_network'))
            return
        if wrong := self._passphrase_wrong(self.draft.get('passphrase', '')):  # set or changed since the first step
            self.go(0)
            self.status.set_text(t(wrong))
            return
        group = self.draft['group'] or PREFER_NOT_TO_SAY
        code = self.draft['pair_code'].strip() if self.live.is_support_group(group) or self.draft['supported'] else ''
        if wrong := self._pair_code_wrong(code):  # the person they support may have left meanwhile
            self.go(2)
            self.status.set_text(wrong)
            return
        participant = 'p-' + secrets.token_hex(5)  # a new id: never that of someone who withdrew from this browser
        try:
            self.live.join(participant, group=group, display_name=self.draft['name'],
                           research_use=self.draft['research_use'], quotes=self.draft['quotes'],
                           supported=self.draft['supported'] or bool(code), passphrase=self.draft.get('passphrase', ''))
            if code:
                self.live.pair_by_code(Actor(role=PARTICIPANT, participant=participant), code)
        except Refused as e:
            self.status.set_text(refusal(e))
            return
        access.bind_participant(self.live.store, self.live.id, participant)
        self.ctx.joins.joined(self.live, address)
        self.ctx.drafts.pop(self.key)
        self.on_joined()

    def _buttons(self, *, next_: Callable[[], None], back: Callable[[], None] | None = None,
                 next_key: str = 'next') -> None:
        with ui.row().classes('gap-3'):
            if back:
                mark(ui.button(t('back'), on_click=back).props('no-caps outline'), 'back')
            mark(ui.button(t(next_key), on_click=next_).props('no-caps unelevated'), next_key)
