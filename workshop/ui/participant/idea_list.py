"""A list of ideas as one element (idea_list.js): the cards a participant votes on and comments from.

Why one element: NiceGUI keeps every element of every open page in the server's memory (a few kilobytes each), and
a participant page built from buttons and labels had some hundred of them per idea list. At a thousand phones that is
gigabytes; one element per list is kilobytes. The words on the cards are the same for everyone who reads the same
language, so they are built once (`CardTexts`) and shared by every page; only the participant's own ballot is theirs.
The props are JSON text, not lists and dicts: NiceGUI would copy nested props into observable containers for each
page, while one string is shared by every page that shows it.
"""
from __future__ import annotations

import json
from typing import Any, Callable

from nicegui import ui

from workshop import bilingual, i18n
from workshop.domain import methods
from workshop.domain.model import Improvement, Method, Round, Workshop
from workshop.live import LiveWorkshop
from workshop.ui.shared.lang import current, text


class IdeaList(ui.element, component='idea_list.js'):
    """Cards for a list of ideas; `on_act` gets each tap as a dict: a (what), id, c (criterion), v (value), op."""

    def __init__(self, on_act: Callable[[dict[str, Any]], None]) -> None:
        super().__init__()
        self._props.update(head='{}', ideas='[]', texts='{}', mode='list', scale=0, state=NO_STATE)
        self.on('act', lambda e: on_act(e.args if isinstance(e.args, dict) else {}))

    def show(self, ideas: str, texts: str = '{}', *, mode: str = 'list', scale: int = 0,
             state: dict[str, Any] | None = None, head: dict[str, Any] | None = None) -> None:
        """`ideas` and `texts` as JSON (from CardTexts, shared); `state`: this participant's ballot, per idea;
        `head`: what comes above the cards (heading, timer, how to vote, pass on the whole vote)."""
        props = {'head': dumps(head or {}), 'ideas': ideas, 'texts': texts, 'mode': mode, 'scale': scale,
                 'state': dumps(state) if state else NO_STATE}
        if any(self._props.get(k) != v for k, v in props.items()):  # every change is a message to that browser
            self._props.update(props)
            self.update()

    def show_ideas(self, ideas: str) -> None:
        """Only the shared cards changed (their comment counts): the ballot and the words above them stay."""
        if self._props['ideas'] != ideas:
            self._props['ideas'] = ideas
            self.update()

    def _displayed_contents(self, *, only_visible: bool) -> list:
        """What the cards show as text, so `user.should_see` finds it as a person would."""
        return self.shown()

    def shown(self, *, aria: bool = False) -> list[str]:
        """Every text on the cards; with `aria`, also what screen readers hear on the buttons."""
        mode = self._props['mode']
        state, texts = json.loads(self._props['state']), json.loads(self._props['texts'])
        head = json.loads(self._props['head'])
        shown: list[Any] = [head[k]['t'] for k in ('heading', 'how', 'pass') if head.get(k)]
        for idea in json.loads(self._props['ideas']):
            mine = state.get(idea['id']) or state.get('') or EMPTY
            shown += [idea['title'], idea['plain'], idea['comments']['t']]
            if idea.get('alt'):
                shown.append(idea['alt']['name'])  # the other language's words are folded away until tapped
            if mode == Method.DOTS.value:
                shown.append(mine['count']['t'])
            elif mode == Method.RANK.value:
                shown.append(mine['place']['t'])
            elif mode == Method.RATING.value:
                shown += [question['text']['t'] for question in idea['questions']]
            if mine.get('toggle'):
                shown.append(mine['toggle']['t'])
            if mode != 'list':
                shown.append(mine['pass']['t'])
            if aria:
                shown += [idea[k] for k in ('less', 'more', 'up', 'down', 'pass', 'comments_aria')]
                if mine.get('toggle'):
                    shown.append(idea['unpick'] if mine['toggle']['on'] else idea['pick'])
                shown += [question['group'] for question in idea['questions']]
        if aria and mode in (Method.RANK.value, Method.RATING.value):
            shown += [word['t'] for word in texts.values()]
        if aria and head.get('timer'):
            shown += [head['timer']['template'], head['timer']['done']]
        return [words for words in shown if words]


EMPTY: dict[str, Any] = {'count': {'t': ''}, 'place': {'t': ''}, 'pass': {'t': ''},
                         'passed': False, 'order': 1000, 'can_up': False, 'can_down': False, 'rates': {}}
NO_STATE = json.dumps({'': EMPTY})


class CardTexts:
    """The shared words of idea cards, as JSON, per language and content; created once at start-up and given to
    every page. Kept small: a few versions per workshop (language × ideas × comment counts), the oldest dropped first.
    """

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._cards: dict[tuple, str] = {}
        self._seen: dict[tuple, tuple[Workshop, str]] = {}  # the same question from the next page: no words looked up

    def ideas(self, live: LiveWorkshop, ids: list[str], round_: Round | None = None) -> str:
        """The cards of these ideas in this page's language, with their comment counts."""
        every = live.comment_counts()  # counted once per change for every page
        counts = {i: every[('improvement', i)] for i in ids}
        method = methods.get(round_.method) if round_ is not None else None
        criteria = tuple(method.criteria(round_)) if method and round_ else ()
        toggle = method.toggle_aria if method else ('', '')
        # a comment changes the counts on every open page at once: the thousand pages that ask next get the same
        # answer while the content is the same object (an edit replaces it; an approved idea brings a new id)
        asked = (live.id, current(), tuple(ids), criteria, toggle, tuple(counts.values()))
        seen = self._seen.get(asked)
        if seen is not None and seen[0] is live.workshop:
            return seen[1]
        contents = tuple(_words(i, live.workshop.improvement(i)) for i in ids)
        key = (live.id, current(), contents, criteria, toggle, tuple(counts[i] for i in ids))
        if key not in self._cards:
            while len(self._cards) >= self.size:
                self._cards.pop(next(iter(self._cards)))
            self._cards[key] = dumps([{**_card(words[0], words[1], words[3], criteria, toggle, counts[words[0]]),
                                       **_langs(words)} for words in contents])
        while len(self._seen) >= self.size:
            self._seen.pop(next(iter(self._seen)))
        self._seen[asked] = (live.workshop, self._cards[key])
        return self._cards[key]


def _words(improvement_id: str, improvement: Improvement | None) -> tuple[str, ...]:
    """(id, title, its lang, plain words, their lang, then the other language's name, title and plain words, or
    empty): in this page's language where the team gave it (plain words fall back on the description)."""
    if improvement is None:
        return (improvement_id, improvement_id, 'en', '', 'en', '', '', '')
    lang = current()
    title = bilingual.shown(improvement, 'title', lang)
    plain = bilingual.shown(improvement, 'plain', lang)
    if not plain.text:
        plain = i18n.Text(text=improvement.description, lang='en')
    other_title = bilingual.other(improvement, 'title', lang)
    other_plain = bilingual.other(improvement, 'plain', lang)
    other = other_title or other_plain
    return (improvement_id, title.text, title.lang, plain.text, plain.lang,
            bilingual.NAMES[other.lang] if other else '', other_title.text if other_title else '',
            other_plain.text if other_plain else '')


def _langs(words: tuple[str, ...]) -> dict[str, Any]:
    _, _, title_lang, _, plain_lang, other_name, other_title, other_plain = words
    mi = lambda lang: 'mi' if lang == 'mi' else None  # noqa: E731
    card: dict[str, Any] = {'tl': mi(title_lang), 'pl': mi(plain_lang)}
    if other_name:
        card['alt'] = {'name': other_name, 'l': 'mi' if other_name == bilingual.NAMES['mi'] else 'en',
                       'title': other_title, 'plain': other_plain}
    return card


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(',', ':'))


def _card(improvement: str, title: str, plain: str, criteria: tuple[str, ...], toggle: tuple[str, str],
          comments: int) -> dict[str, Any]:
    t = lambda key, **params: i18n.text(key, current(), **params).text  # noqa: E731
    questions = [{'criterion': c,
                  'text': text(f'criterion_{c}') if c in ('importance', 'feasibility') else {'t': c, 'l': None}}
                 for c in criteria]
    for question in questions:
        question['group'] = t('rating_group', question=question['text']['t'], title=title)
    return {'id': improvement, 'title': title, 'plain': plain,
            'less': t('dot_remove', title=title), 'more': t('dot_add', title=title),
            'up': t('move_up_aria', title=title), 'down': t('move_down_aria', title=title),
            **({'pick': t(toggle[0], title=title), 'unpick': t(toggle[1], title=title)} if toggle[0] else {}),
            'pass': t('pass_aria', title=title), 'questions': questions,
            'comments': text('comments_open', n=comments), 'comments_aria': t('comments_open_aria', title=title)}
