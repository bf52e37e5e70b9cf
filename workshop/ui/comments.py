"""Comments on stages, themes and ideas, each with a kind, and a form to propose a new idea.

A page holds one CommentBoard: it subscribes once to `comments_changed` and rebuilds only the thread the changed
comment belongs to, so a comment (or a hidden one) reaches everyone without rebuilding anyone's page. On the
participant page threads live in dialogs, built when opened and deleted when closed, so only the threads someone
is reading take up the server's memory.
"""
from __future__ import annotations

import uuid
from contextlib import contextmanager
from typing import Callable, Iterator

from nicegui import app, ui

from journey_maps.style import CATEGORY_STYLE
from workshop.live import Actor, LiveWorkshop, Refused
from workshop.model import CommentKind, QuoteConsent, Theme
from workshop.ui import widgets
from workshop.ui.lang import content, content_text, label, mark, refusal, t

Say = Callable[[str], None]


class CommentBoard:
    def __init__(self, live: LiveWorkshop, actor: Actor, say: Say) -> None:
        self.live, self.actor, self.say = live, actor, say
        self.threads: dict[tuple[str, str], list[ui.column]] = {}
        live.comments_changed.subscribe(self.on_comment)

    def thread(self, target_kind: str, target_id: str) -> None:
        """The visible comments on one target and a form to add one."""
        listing = ui.column().classes('w-full gap-1')
        self.threads.setdefault((target_kind, target_id), []).append(listing)
        self._fill(listing, target_kind, target_id)
        self._form(target_kind, target_id)

    def on_comment(self, comment_id: str) -> None:
        comment = self.live.state.comments.get(comment_id)
        targets = [(comment.target_kind, comment.target_id)] if comment else list(self.threads)
        for target in targets:
            listings = [c for c in self.threads.get(target, []) if not c.is_deleted]
            self.threads[target] = listings
            for listing in listings:
                self._fill(listing, *target)

    def _fill(self, listing: ui.column, target_kind: str, target_id: str) -> None:
        listing.clear()
        with listing:
            comments = self.live.state.visible_comments(target_kind, target_id)
            if not comments:
                label('no_comments').classes('text-sm text-slate-700')
            for comment in comments:
                with ui.row().classes('gap-2 items-baseline'):
                    label(f'kind_{comment.kind.value}').classes('text-sm font-semibold')
                    ui.label(comment.text).classes('whitespace-pre-wrap')  # people's text: a label, never html

    def _form(self, target_kind: str, target_id: str) -> None:
        with widgets.expansion(t('add_comment')).classes('w-full cw-big'):
            # radio buttons wrap onto as many lines as a 320 px phone needs: every kind stays reachable
            kind = ui.radio({k.value: t(f'kind_{k.value}') for k in CommentKind}, value=CommentKind.AGREE.value
                            ).props('inline')
            kind.props['aria-label'] = t('comment_kind')
            text = drafted(ui.textarea(t('comment_label')), self.live, f'comment:{target_kind}:{target_id}').props(
                'outlined autogrow maxlength=2000').classes('w-full').mark(f'comment:{target_kind}:{target_id}')

            def send(op: str | None) -> None:
                try:
                    self.live.comment(self.actor, target_kind, target_id, kind.value, text.value or '',
                                      op_id=op or uuid.uuid4().hex)
                except Refused as e:
                    self.say(refusal(e))
                    return
                text.set_value('')
                self.say(t('comment_sent'))
            send_button = widgets.send_button(t('send'), send).props('unelevated').mark(f'send:{target_kind}:{target_id}')
            mark(send_button, 'send')


def drafted(field: ui.input | ui.textarea, live: LiveWorkshop, name: str) -> ui.input | ui.textarea:
    """Keep what someone types in this browser until it is sent, so switching language (which rebuilds the page),
    a reload or a dropped connection never loses a half-written comment or idea."""
    key = f'drafts:{live.id}'
    field.set_value(app.storage.user.get(key, {}).get(name, ''))

    def keep(e) -> None:
        drafts = dict(app.storage.user.get(key, {}))
        if e.value:
            drafts[name] = e.value
        else:
            drafts.pop(name, None)
        app.storage.user[key] = drafts
    field.on_value_change(keep)
    return field


@contextmanager
def dialog_card(name: str, *, wide: bool = False) -> Iterator[tuple[ui.dialog, ui.column]]:
    """A dialog that is built when opened and deleted when closed, with a Close button after its body; `wide`: the
    whole screen (the journey map), with Close first, as the body is long and a phone has no Escape key."""
    with ui.dialog() as dialog, ui.card().classes('w-full cw-big gap-3' + ('' if wide else ' max-w-xl')) as card:
        if wide:
            dialog.props('maximized')
        card.props['role'] = 'dialog'
        card.props['aria-modal'] = 'true'
        card.props['aria-label'] = name  # as data: any text is safe
        if wide:
            mark(ui.button(t('close'), on_click=dialog.close).props('no-caps outline'), 'close').mark('close')
        body = ui.column().classes('w-full gap-3')
        if not wide:
            mark(ui.button(t('close'), on_click=dialog.close).props('no-caps outline'), 'close').mark('close')
    dialog.on_value_change(lambda e: None if e.value else dialog.delete())
    with body:
        yield dialog, body
    dialog.open()


def thread_dialog(board: CommentBoard, target_kind: str, target_id: str, title: str) -> None:
    """The comments on a stage or an idea, and a form to add one."""
    with dialog_card(t('comments_on', title=title)):
        widgets.heading(title)
        board.thread(target_kind, target_id)


def proposal_dialog(live: LiveWorkshop, actor: Actor, say: Say) -> None:
    with dialog_card(t('propose_heading')) as (dialog, _):
        widgets.heading(t('propose_heading'))
        title = drafted(ui.input(t('propose_title')), live, 'idea-title').props('outlined maxlength=200').classes(
            'w-full').mark('idea-title')
        description = drafted(ui.textarea(t('propose_description')), live, 'idea-description').props(
            'outlined autogrow maxlength=2000').classes('w-full')

        def send(op: str | None) -> None:
            try:
                live.propose(actor, title.value or '', description.value or '', op_id=op or uuid.uuid4().hex)
            except Refused as e:
                say(refusal(e))
                return
            title.set_value('')
            description.set_value('')
            say(t('idea_sent'))
            dialog.close()
        mark(widgets.send_button(t('send'), send).props('unelevated'), 'send').mark('idea-send')


def theme_dialog(live: LiveWorkshop, board: CommentBoard, theme: Theme) -> None:
    """A theme in full, with its comments; deleted when closed. A theme with a content note shows only the note at
    first: its words appear after "Show this theme", so nobody meets a distressing topic unwarned."""
    with dialog_card(t('theme_dialog')) as (_, body):
        if theme.content_note:
            widgets.heading(t('content_note_heading'))
            label('content_note_intro')
            content(theme, 'content_note', 'italic')  # workshop content: escaped, in the reader's language
            ui.button(t('content_note_show'), on_click=lambda: _theme_body(live, board, theme, body)).props(
                'no-caps unelevated').mark(f'show-theme:{theme.id}')
    if not theme.content_note:
        _theme_body(live, board, theme, body, move_focus=False)


def _theme_body(live: LiveWorkshop, board: CommentBoard, theme: Theme, body: ui.column, *,
                move_focus: bool = True) -> None:
    style = CATEGORY_STYLE[theme.category]
    body.clear()
    with body:
        shown = content_text(theme, 'title')
        title = widgets.heading(shown['t']).props('tabindex=-1' + (' lang=mi' if shown['l'] else ''))
        ui.label(t('category_tag', symbol=style.symbol, category=t(f'category_{theme.category.value}'))).classes(
            'text-sm rounded px-2 self-start').style(f'background: {style.background}; color: {style.colour}')
        if theme.description:
            ui.label(theme.description)
        if theme.plain:
            with widgets.expansion(t('what_does_this_mean')).classes('w-full'):
                content(theme, 'plain')
        for quote in theme.quotes:
            if quote.consent != QuoteConsent.NEVER:
                ui.label(t('quote_paraphrased' if quote.paraphrase else 'quote', quote=quote.text)).classes('italic')
        board.thread('theme', theme.id)
    if move_focus:  # the button that was pressed is gone: focus goes to the theme's title
        body.client.run_javascript(f'document.getElementById("c{title.id}")?.focus()')
