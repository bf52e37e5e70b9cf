"""Simulated workshop people on top of simclient.Browser: participants who join and tap "+" on ideas, and a
facilitator who watches the live tally. Used by tests/test_crash_safety.py and benchmarks/bench_live.py.

Everything is found the way a person finds it: by the English catalogue strings the pages show (so a reworded
button changes here automatically), by aria-label, and by the footer's status line (its `message`) that answers each
tap.
"""
from __future__ import annotations

import asyncio
import json
import random
import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.simclient import Browser, Element, SimError
from workshop import i18n
from workshop.live import FACILITATOR, Actor, LiveWorkshop
from workshop.store import Store, connect
from workshop.ui.shared.widgets import SEND  # the js_handler of the app's send buttons: it emits a fresh op id per tap


def en(key: str, **params: Any) -> str:
    return i18n.text(key, 'en', **params).text


@dataclass(kw_only=True, slots=True)
class Tap:
    """One tap on "+": what left, and whether (and when) the participant saw it recorded."""
    op: str
    improvement: str
    sent: float
    acked: float | None = None  # perf_counter time the status region said "Vote recorded"
    answer: str = ''  # what the status region said (a refusal, or nothing when it timed out)
    after_restart: bool = False


def open_dots_round(data: Path, workshop_id: str, *, budget: int, cap: int = 0,
                    database_url: str = '') -> tuple[list[str], list[str]]:
    """The facilitator's set-up, done before the server starts: one open dots round (in PostgreSQL when
    `database_url` is given). Returns the titles of the round's ideas and the stakeholder groups' labels as the join
    page shows them."""
    store = connect(data, database_url=database_url)
    try:
        live = LiveWorkshop(store, workshop_id)
        facilitator = Actor(role=FACILITATOR)
        number = live.create_round(facilitator, 'dots', budget=budget, cap=cap)
        live.open_round(facilitator, number)
        titles = [live.workshop.improvement(i).title for i in live.state.boxes[number].improvements]
        return titles, [s.label for s in live.workshop.streams]
    finally:
        store.close()


def focus_stage(data: Path, workshop_id: str) -> str:
    """The facilitator focuses the first stage (before the server starts); returns its id."""
    store = Store(data)
    try:
        live = LiveWorkshop(store, workshop_id)
        stage = live.workshop.stages[0].id
        live.focus(Actor(role=FACILITATOR), stage)
        return stage
    finally:
        store.close()


def prefill_comments(data: Path, workshop_id: str, n: int, *, stage: str, people: int = 100) -> None:
    """n comments on a stage from `people` earlier participants, written straight into the log (the app's limits
    are for people typing, not for setting up a big workshop)."""
    events = []
    for k in range(people):
        pid = f'p-fill{k:05d}'
        events += [('consent_given', {'participant': pid, 'version': '1', 'take_part': True, 'research_use': False,
                                      'quotes': 'anonymous'}, pid),
                   ('participant_joined', {'participant': pid, 'group': 'patients', 'display_name': '',
                                          'supported': False}, pid)]
    for i in range(n):
        pid = f'p-fill{i % people:05d}'
        events.append(('comment_added', {'comment': f'fill{i:06d}', 'participant': pid, 'target_kind': 'stage',
                                         'target_id': stage, 'kind': 'agree', 'text': f'Earlier comment number {i}'},
                       pid))
    store = Store(data)
    try:
        store.append_many(workshop_id, events)
    finally:
        store.close()


def prepare_next_round(data: Path, workshop_id: str, *, budget: int) -> None:
    """A second dots round, prepared before the call (not opened), that shows the first round's results first."""
    store = Store(data)
    try:
        LiveWorkshop(store, workshop_id).create_round(Actor(role=FACILITATOR), 'dots', budget=budget, cap=0,
                                                      show_previous=True)
    finally:
        store.close()


class Participant:
    """One phone: joins with consent and a group, then taps "+" and waits for "Vote recorded" each time; notes when
    revealed results and a previous round's results first reach it."""

    def __init__(self, base_url: str, *, timeout: float = 30.0, address: str | None = None) -> None:
        self.browser = Browser(base_url, js_handlers={SEND: self._send}, timeout=timeout)
        # each phone has its own network address, as on mobile data (the app limits joins per address); it arrives
        # as the local proxy would send it
        self.browser.http.headers['X-Forwarded-For'] = address or f'10.{random.randrange(256)}.{random.randrange(256)}.' \
                                                                  f'{random.randrange(1, 255)}'
        self.taps: list[Tap] = []
        self.joined, self.join_time, self.join_error = False, None, ''  # filled in by the benchmark
        self.comments: list[float] = []  # seconds from "Send" to "Your comment is sent."
        self.comment_errors: list[str] = []
        self.seen: dict[str, float] = {}  # words watched for in results components → perf_counter time first shown
        self.watching: tuple[str, ...] = (en('round_results', n=1), en('previous_results', n=1))
        self._op: str | None = None
        self.browser.listeners.append(self._results_arrived)

    def _results_arrived(self, changed: list[Element], notes: list[str], arrived: float) -> None:
        for element in changed:
            shown = element.props.get('results')
            if isinstance(shown, str):
                for words in self.watching:
                    if words not in self.seen and words in shown:
                        self.seen[words] = arrived

    async def comment_on_idea(self, idea: str, words: str, *, timeout: float = 10.0) -> None:
        """Open an idea's comments from its card, type, send, wait for the answer, close: as a person does."""
        b = self.browser
        cards, idea_id = self.plus_buttons()[idea]
        await b.trigger(cards, 'act', {'a': 'comments', 'id': idea_id})
        await b.wait_until(lambda b: bool(b.find(props={'label': en('comment_label'), 'type': 'textarea'})),
                           timeout=timeout, what='the comment form')
        await b.set_value(b.find_one(props={'label': en('comment_label'), 'type': 'textarea'}), words)
        status = self._status()
        change = b.expect_change(status)
        sent = await b.click(b.find_one(en('send'), tag='q-btn', exact=True))
        arrived, status = await change.wait(timeout)
        if str(status.props.get('message', '')).startswith(en('comment_sent')):
            self.comments.append(arrived - sent)
        await b.click(b.find_one(en('close'), tag='q-btn', exact=True))

    def _send(self, browser: Browser) -> tuple | None:
        """Stand-in for window.cwSend: a fresh op id per tap, and nothing sent while the connection is down."""
        if not browser.connected.is_set():
            return None
        self._op = uuid.uuid4().hex
        return (self._op,)

    async def join(self, join_code: str, group: str, name: str = '', passphrase: str | None = None) -> None:
        """Language (and the passphrase, when given) → consent → group → name (empty unless given) → Join, then the
        participant page."""
        b = self.browser
        await b.open(f'/join/{join_code}')
        if not b.path.startswith('/join'):
            return  # this browser had joined before: straight to the workshop
        if passphrase is not None:
            await b.set_value(b.find_one(en('join_passphrase'), exact=True), passphrase)
        await b.click(self._button(en('next')))
        await b.wait_for(en('join_info_heading'))
        await b.set_value(b.find_one(en('consent_take_part'), tag='q-checkbox'), True)
        await b.click(self._button(en('next')))
        await b.wait_for(en('join_group_heading'))
        await b.choose(b.find_one(tag='q-option-group', props={'aria-label': en('group')}), group)
        await b.click(self._button(en('next')))
        await b.wait_for(en('join_name_heading'))
        if name:
            await b.set_value(b.find_one(en('name'), exact=True), name)
        await b.click(self._button(en('join')))
        await self.wait_ready()

    def _button(self, text: str) -> Element:
        return self.browser.find_one(text, tag='q-btn', exact=True)

    async def wait_ready(self, timeout: float | None = None) -> None:
        """On the participant page, connected, with the voting panel shown."""
        await self.browser.wait_until(lambda b: b.path.endswith('/p') and b.connected.is_set()
                                      and bool(b.find(en('vote_heading')) or self.plus_buttons()), timeout=timeout,
                                      what='participant page')

    def plus_buttons(self) -> dict[str, tuple[Element, str]]:
        """Improvement title → (the idea list, the idea's id) for each "+" on the voting cards, found by the
        aria-label screen readers hear on it (the cards are one element; the page draws the buttons)."""
        prefix, suffix = en('dot_add', title='\0').split('\0')
        found = {}
        for cards in self.browser.find(props={'mode': 'dots'}):
            for idea in json.loads(cards.props.get('ideas') or '[]'):
                aria = str(idea.get('more', ''))
                if aria.startswith(prefix) and aria.endswith(suffix):
                    found[aria[len(prefix):len(aria) - len(suffix)]] = (cards, idea['id'])
        return found

    def dots_left(self) -> int | None:
        """From the panel's summary line ("2 of 5 dots left" or however the catalogue says it)."""
        pattern = _pattern(en('dots_summary', left='\0', budget='\1'), left=r'(\d+)', budget=r'\d+')
        if match := re.fullmatch(pattern, str(self._status().props.get('summary', ''))):
            return int(match.group(1))
        return None

    def _status(self) -> Element:
        """The footer's status bar: its `summary` ("Dots left: 2 of 5") and `message` (the answer to the last tap)."""
        (status,) = [e for e in self.browser.elements.values() if 'message' in e.props and 'summary' in e.props]
        return status

    async def add_dot(self, title: str, *, timeout: float = 10.0, after_restart: bool = False) -> Tap:
        """Tap "+" on an idea and wait for the status region to answer; an answer is an acknowledgement only when it
        says the vote was recorded."""
        b = self.browser
        status = self._status()
        if title not in (buttons := self.plus_buttons()):  # the page never got the round (a dropped connection)
            tap = Tap(op='', improvement=title, sent=time.perf_counter(), answer='not sent: no card on the page',
                      after_restart=after_restart)
            self.taps.append(tap)
            return tap
        cards, idea = buttons[title]
        change = b.expect_change(status)
        before = status.props.get('message')  # the answer to the previous tap, until this one's arrives
        self._op = None
        try:
            emitted = self._send(b)  # what window.cwSend does in the card's click handler
            sent = (await b.trigger(cards, 'act', {'a': 'more', 'id': idea, 'op': emitted[0]}) if emitted
                    else time.perf_counter())
        except SimError as e:
            change.cancel()
            tap = Tap(op='', improvement=title, sent=time.perf_counter(), answer=f'not sent: {e}',
                      after_restart=after_restart)
            self.taps.append(tap)
            return tap
        tap = Tap(op=self._op or '', improvement=title, sent=sent, after_restart=after_restart)
        self.taps.append(tap)
        if not tap.op:
            change.cancel()
            tap.answer = 'not sent: offline'
            return tap
        try:
            arrived, status = await change.wait(timeout)
            # said to everyone, or the summary line changed for another reason (a round opened elsewhere): a dots
            # answer always differs from the one before, as it says how many are left
            deadline = time.perf_counter() + timeout
            while status and status.props.get('message') in (en('results_revealed_status'), before):
                arrived, status = await b.expect_change(status).wait(max(0.0, deadline - time.perf_counter()))
        except (SimError, TimeoutError):
            return tap
        tap.answer = str(status.props.get('message', '')) if status else ''
        if tap.answer.startswith(en('vote_recorded')):
            tap.acked = arrived
        return tap

    async def open_stage_comments(self) -> None:
        """Open the comments on the stage in focus ("Comments on this stage (n)")."""
        prefix = en('stage_comments_open', n='\0').split('\0')[0]
        await self.browser.click(self.browser.find_one(prefix, tag='q-btn'))
        await self.browser.wait_for(en('add_comment'))

    def thread_comments(self) -> list[str]:
        """The words of the comments on the open threads' pages (each page is one element, comment_list.js)."""
        return [row['t'] for e in self.browser.find() if isinstance(e.props.get('comments'), str)
                for row in json.loads(e.props['comments'])['rows']]

    async def comment(self, text: str, *, timeout: float = 10.0) -> Comment:
        """Type a comment in the open thread and send it; acknowledged when the box is emptied (it is emptied only
        once the comment is stored), refused when the status line says why."""
        b = self.browser
        try:
            area = b.find_one(en('comment_label'), exact=True)
            await b.set_value(area, text)
            status = self._status()
            cleared, answered = b.expect_change(area), b.expect_change(status)
            before = str(status.props.get('message', ''))
            sent = await b.trigger(b.find_one(en('send'), tag='q-btn', exact=True), 'click', {})
        except SimError as e:  # offline, or the page was rebuilt: not sent
            return Comment(sent=time.perf_counter(), answer=f'not sent: {e}'[:120])
        done = Comment(sent=sent)
        waits = [asyncio.ensure_future(cleared.wait(timeout)), asyncio.ensure_future(answered.wait(timeout))]
        try:
            finished, pending = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            for rest in pending:
                rest.cancel()
            arrived, _ = next(iter(finished)).result()
        except (SimError, TimeoutError, StopIteration):
            return done
        message = str(self._status().props.get('message', ''))
        done.answer = message if message != before else ''
        if done.answer in ('', en('comment_sent')):
            done.acked = arrived
        return done

    async def close(self) -> None:
        await self.browser.close()


@dataclass(kw_only=True, slots=True)
class Comment:
    """One comment sent: when, whether (and when) the app acknowledged it, and what the status line said."""
    sent: float
    acked: float | None = None
    answer: str = ''


class Facilitator:
    """The facilitator console, only watching: every change of the pooled tally lines is timed and summed."""

    def __init__(self, base_url: str, link: str) -> None:
        self.browser = Browser(base_url)
        self.link = link[link.index('/w/'):]
        self.seen: list[tuple[float, int]] = []  # (perf_counter when it arrived, total dots shown)
        self._line = _pattern(en('result_line', rank='\0', title='\1', score='\2'),
                              rank=r'.*?', title=r'.*', score=r'(.*)')
        self._dots = _pattern(en('score_dots', n='\0'), n=r'([\d,]+)')  # Babel writes 1,200

    async def open(self) -> None:
        await self.browser.open(self.link)
        await self.browser.wait_for(en('tally_heading'))
        self._record([], [], time.perf_counter())
        self.browser.listeners.append(self._record)

    def total(self) -> int:
        """Sum of the dots on the pooled tally ("1. Title: 12 dots"), the labels in the tally's list items."""
        total = 0
        for item in self.browser.find(tag='li'):
            for child in item.child_ids():
                text = self.browser.elements[child].label if child in self.browser.elements else ''
                if not (line := re.fullmatch(self._line, text)):
                    continue
                score = line.group(1)
                if score == en('score_dots', n=1):
                    total += 1
                elif dots := re.fullmatch(self._dots, score):
                    total += int(dots.group(1).replace(',', ''))
        return total

    def _record(self, changed: list[Element], notes: list[str], arrived: float) -> None:
        total = self.total()
        if not self.seen or total != self.seen[-1][1]:
            self.seen.append((arrived, total))

    async def click(self, text: str) -> float:
        """Press a console button by its words; returns when the press left."""
        return await self.browser.click(self.browser.find_one(text, tag='q-btn', exact=True))

    def first_time_at_least(self, total: int) -> float | None:
        return next((at for at, shown in self.seen if shown >= total), None)

    async def close(self) -> None:
        await self.browser.close()


def spread_choice(titles: list[str], k: int, rng: random.Random) -> list[str]:
    """k different ideas (cycling when k exceeds them), so a per-idea cap never refuses a simulated tap."""
    picks = rng.sample(titles, min(k, len(titles)))
    return (picks * (k // len(picks) + 1))[:k]


def _pattern(template: str, **groups: str) -> str:
    """A regex from a catalogue string formatted with placeholders \\0, \\1, \\2 (in the order of `groups`)."""
    out = re.escape(template)
    for placeholder, group in zip(('\0', '\1', '\2'), groups.values()):
        out = out.replace(re.escape(placeholder), group, 1)
    return out
