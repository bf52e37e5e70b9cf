"""Comments on stages, themes and ideas, each with a kind, and a form to propose a new idea.

A page holds one CommentBoard: it subscribes to `comments_changed` (coalesced in LiveWorkshop to a few times a second)
only while a thread is open, and refreshes only the open threads the comments belong to. A thread shows its latest
comments, PAGE at a time, with a button for earlier ones, so a thread of ten thousand comments opens as fast as one of
ten. The page of comments is one element (comment_list.js) whose words are one JSON text: opening a thread builds a
dozen elements, not three per comment, and a new comment changes that one element, not rows added and removed — in
a comment storm, with a thread opened twenty times a second and many open at once, element churn was what held the
server's loop. On the participant page threads live in dialogs, built when opened and deleted when closed. What
someone has typed and not sent is kept in the server's memory for their browser (never on disk), so a language
switch or a reload does not lose it.
"""
from __future__ import annotations

import json
import uuid
from typing import Callable

from nicegui import context, ui

from workshop.domain.model import CommentKind
from workshop.live import Actor, LiveWorkshop, Refused
from workshop.ui.participant.carried_comments import carried_comments
from workshop.ui.shared import widgets
from workshop.ui.shared.lang import Toggle, label, mark, refusal, t, text
from workshop.web import access
from workshop.web.context import Drafts

Say = Callable[[str], None]
PAGE = 30  # comments shown at first in a thread, and added by each "Show earlier comments"


class CommentList(ui.element, component='comment_list.js'):
    """A page of comments: `show` takes the page as JSON text (rows of kind and words)."""

    def __init__(self) -> None:
        super().__init__()
        self._props['comments'] = '{"rows": [], "empty": {"t": ""}}'

    def show(self, comments: str) -> None:
        if self._props['comments'] != comments:  # every change is a message to that browser
            self._props['comments'] = comments
            self.update()

    def shown(self) -> list[str]:
        page = json.loads(self._props['comments'])
        return [words for row in page['rows'] for words in (row['k']['t'], row['t'])] or [page['empty']['t']]

    def _displayed_contents(self, *, only_visible: bool) -> list:
        """What the page shows as text, so `user.should_see` finds it as a person would."""
        return self.shown()


class Thread:
    """The visible comments on one target, latest last, a page at a time; refreshed in place."""

    def __init__(self, live: LiveWorkshop, target_kind: str, target_id: str) -> None:
        self.live, self.target = live, (target_kind, target_id)
        self.shown = PAGE
        self.earlier = ui.button(t('comments_earlier'), on_click=self.show_earlier).props('no-caps flat dense')
        self.listing = CommentList()
        self.fill()

    @property
    def is_deleted(self) -> bool:
        return self.listing.is_deleted

    def show_earlier(self) -> None:
        self.shown += PAGE
        self.fill()

    def fill(self) -> None:
        comments = self.live.visible_comments(*self.target)
        self.earlier.set_visibility(len(comments) > self.shown)
        rows = [{'id': c.id, 'k': text(f'kind_{c.kind.value}'), 't': c.text} for c in comments[-self.shown:]]
        self.listing.show(json.dumps({'rows': rows, 'empty': text('no_comments')}, ensure_ascii=False,
                                     separators=(',', ':')))

    def update(self, comment_ids: frozenset[str]) -> None:
        """Comments on this target were added, hidden or shown, or someone withdrew: the page is refilled (the
        list of visible comments is shared, counted once per change)."""
        self.fill()


class CommentBoard:
    def __init__(self, live: LiveWorkshop, actor: Actor, say: Say, drafts: Drafts) -> None:
        self.live, self.actor, self.say, self.drafts = live, actor, say, drafts
        self.threads: dict[tuple[str, str], list[Thread]] = {}
        self.page = context.client.layout  # subscriptions belong to the page, not to a dialog that closes

    def thread(self, target_kind: str, target_id: str) -> None:
        """The visible comments on one target and a form to add one."""
        if not self.threads:  # listening only while a thread is open: a thousand idle pages cost nothing
            with self.page:
                self.live.comments_changed.subscribe(self.on_comments)
        self.threads.setdefault((target_kind, target_id), []).append(Thread(self.live, target_kind, target_id))
        self._form(target_kind, target_id)

    def on_comments(self, comment_ids: frozenset[str]) -> None:
        comments = self.live.state.comments
        every = '' in comment_ids
        targets = {(c.target_kind, c.target_id) for i in comment_ids if (c := comments.get(i)) is not None}
        for target in list(self.threads):
            self.threads[target] = [thread for thread in self.threads[target] if not thread.is_deleted]
            if not self.threads[target]:
                del self.threads[target]
            elif every or target in targets:
                for thread in self.threads[target]:
                    thread.update(comment_ids)
        if not self.threads:
            self.live.comments_changed.unsubscribe(self.on_comments)

    def _form(self, target_kind: str, target_id: str) -> None:
        with widgets.expansion('').classes('w-full cw-big') as fold:
            fold.props['toggle-aria-label'] = t('add_comment')  # the button's name (Quasar's default is "Expand")
            with fold.add_slot('header'):  # the heading alone carries lang="mi" when te reo, not the form inside
                label('add_comment').classes('self-center')
            # the kinds wrap onto as many lines as a 320 px phone needs ('spread' kept them on one): all reachable
            kind = Toggle({k.value: f'kind_{k.value}' for k in CommentKind}, value=CommentKind.AGREE.value
                          ).props('no-caps').classes('flex-wrap')
            kind.props['aria-label'] = t('comment_kind')
            name = f'comment:{target_kind}:{target_id}'
            text = drafted(ui.textarea(t('comment_label')), self.drafts, self.live, name).props(
                'outlined autogrow maxlength=2000').classes('w-full').mark(name)

            def send(op: str | None) -> None:
                try:
                    self.live.comment(self.actor, target_kind, target_id, kind.value, text.value or '',
                                      op_id=op or uuid.uuid4().hex)
                except Refused as e:
                    self.say(refusal(e))
                    return
                text.set_value('')
                self.say(t('comment_sent'))
            send_button = widgets.send_button(t('send'), send).props('unelevated').mark(
                f'send:{target_kind}:{target_id}')
            mark(send_button, 'send')


def drafted(field: ui.input | ui.textarea, drafts: Drafts, live: LiveWorkshop, name: str) -> ui.input | ui.textarea:
    """Keep what someone types until it is sent (in memory, for this browser), so switching language (which rebuilds
    the page), a reload or a dropped connection never loses a half-written comment or idea."""
    key = (access.session_key(), live.id, 'typed')
    field.set_value(drafts.get(key).get(name, ''))

    def keep(e) -> None:
        typed = drafts.get(key)
        if e.value:
            typed[name] = e.value
        else:
            typed.pop(name, None)
        drafts.put(key, typed)
    field.on_value_change(keep)
    return field


def thread_dialog(board: CommentBoard, target_kind: str, target_id: str, title: str) -> None:
    """The comments on a stage or an idea, and a form to add one."""
    with widgets.dialog_card(t('comments_on', title=title)):
        widgets.heading(title)
        carried_comments(board.live, target_kind, target_id)
        board.thread(target_kind, target_id)


def proposal_dialog(live: LiveWorkshop, actor: Actor, say: Say, drafts: Drafts) -> None:
    with widgets.dialog_card(t('propose_heading')) as (dialog, _):
        widgets.heading(t('propose_heading'))
        title = drafted(ui.input(t('propose_title')), drafts, live, 'idea-title').props('outlined maxlength=200').classes(
            'w-full').mark('idea-title')
        description = drafted(ui.textarea(t('propose_description')), drafts, live,
                              'idea-description').props(
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
