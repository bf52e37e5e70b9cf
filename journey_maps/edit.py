"""Edits to a journey map, as the facilitator makes them: each returns an edited copy that has passed validation.

The workshop passed in is never changed, so a refused edit leaves the running workshop exactly as it was. An edit
that would break the map (a stage that themes still use, a stream people joined as) is refused with the reason (a
`Refusal`, the workshop's one refusal type: a catalogue key, so the editor says it in the page's language);
deleting offers `move_to`, which moves whatever still uses the item to another one first.
"""
from __future__ import annotations

import copy
import re
import unicodedata
from typing import Any, Mapping

from journey_maps.model import successors_of, validate
from workshop.domain.model import Improvement, Stage, Stream, Theme, Workshop
from workshop.i18n import Refusal

KINDS: dict[str, type] = {'stages': Stage, 'streams': Stream, 'themes': Theme, 'improvements': Improvement}
NOUN = {'stages': 'stage', 'streams': 'stream', 'themes': 'theme', 'improvements': 'improvement'}


def add(workshop: Workshop, kind: str, item: Any) -> Workshop:
    edited = copy.deepcopy(workshop)
    _items(edited, kind).append(copy.deepcopy(item))
    return checked(edited)


def replace(workshop: Workshop, kind: str, item: Any) -> Workshop:
    """Put `item` where the item with the same id is (ids never change, so nothing that points at it breaks)."""
    edited = copy.deepcopy(workshop)
    items = _items(edited, kind)
    items[_index(items, kind, item.id)] = copy.deepcopy(item)
    return checked(edited)


def move(workshop: Workshop, kind: str, item_id: str, step: int) -> Workshop:
    """Move an item up (-1) or down (+1) the list; for stages this is the order of the journey."""
    edited = copy.deepcopy(workshop)
    items = _items(edited, kind)
    index = _index(items, kind, item_id)
    target = index + step
    if not 0 <= target < len(items):
        raise Refusal('edit_already_first' if step < 0 else 'edit_already_last', noun=NOUN[kind])
    items[index], items[target] = items[target], items[index]
    return checked(edited)


def users(workshop: Workshop, kind: str, item_id: str) -> list[str]:
    """What still points at an item, in words: "theme 'Financial barriers'", …"""
    found = []
    if kind == 'stages':
        found += [f"theme '{t.title}'" for t in workshop.themes if item_id in t.stages]
        found += [f"improvement '{i.title}'" for i in workshop.improvements if item_id in i.stages]
    elif kind == 'streams':
        found += [f"theme '{t.title}'" for t in workshop.themes
                  if item_id in t.streams or any(q.stream == item_id for q in t.quotes)]
    elif kind == 'themes':
        found += [f"improvement '{i.title}'" for i in workshop.improvements if item_id in i.themes]
    return found


def delete(workshop: Workshop, kind: str, item_id: str, *, move_to: str | None = None,
           protected: Mapping[str, Refusal] | None = None) -> Workshop:
    """Delete an item. Whatever uses it moves to `move_to`; without one, the delete is refused while it is used.

    `protected` maps ids to the refusal that says why they must stay (people joined as that stream, a round includes
    that improvement); the running workshop knows those, the map does not.
    """
    if protected and item_id in protected:
        raise protected[item_id]
    edited = copy.deepcopy(workshop)
    items = _items(edited, kind)
    index = _index(items, kind, item_id)
    using = users(edited, kind, item_id)
    if using and move_to is None:
        shown = ', '.join(using[:5]) + (f' and {len(using) - 5} more' if len(using) > 5 else '')
        raise Refusal('edit_still_used', item=_title(items[index]), users=shown, noun=NOUN[kind])
    if move_to is not None:
        if move_to == item_id or all(i.id != move_to for i in items):
            raise Refusal('edit_move_elsewhere', noun=NOUN[kind])
        _repoint(edited, kind, item_id, move_to)
    if kind == 'stages':
        _bridge(edited, index)
    del items[index]
    return checked(edited)


def checked(workshop: Workshop) -> Workshop:
    problems = validate(workshop)
    if problems:
        raise Refusal('edit_would_break', problems='; '.join(p.message for p in problems[:3]))
    return workshop


def new_id(workshop: Workshop, kind: str, title: str) -> str:
    """A readable, unused id from a title: 'Whānau support' → 'whanau_support' (then _2, _3 …)."""
    plain = unicodedata.normalize('NFKD', title).encode('ascii', 'ignore').decode('ascii')
    base = re.sub(r'[^a-z0-9]+', '_', plain.lower()).strip('_')[:40].rstrip('_') or NOUN[kind]
    taken = {item.id for item in _items(workshop, kind)}
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f'{base}_{n}'
    return candidate


def _repoint(workshop: Workshop, kind: str, old: str, new: str) -> None:
    def swap(ids: list[str]) -> list[str]:
        result = []
        for i in ids:
            i = new if i == old else i
            if i not in result:
                result.append(i)
        return result

    if kind == 'stages':
        for theme in workshop.themes:
            theme.stages = swap(theme.stages)
        for improvement in workshop.improvements:
            improvement.stages = swap(improvement.stages)
    elif kind == 'streams':
        for theme in workshop.themes:
            theme.streams = swap(theme.streams)
            for quote in theme.quotes:
                quote.stream = new if quote.stream == old else quote.stream
    elif kind == 'themes':
        for improvement in workshop.improvements:
            improvement.themes = swap(improvement.themes)


def _bridge(workshop: Workshop, index: int) -> None:
    """Stages that led to the deleted stage lead to where it led instead, so the journey stays joined up."""
    gone = workshop.stages[index]
    onward = [s for s in successors_of(workshop, index) if s != gone.id]
    for stage in workshop.stages:
        if stage.next is not None and gone.id in stage.next:
            stage.next = list(dict.fromkeys(s for n in stage.next for s in (onward if n == gone.id else [n])
                                            if s != stage.id))


def _items(workshop: Workshop, kind: str) -> list:
    if kind not in KINDS:
        raise ValueError(f'unknown kind {kind!r}')
    return getattr(workshop, kind)


def _index(items: list, kind: str, item_id: str) -> int:
    for i, item in enumerate(items):
        if item.id == item_id:
            return i
    raise Refusal('edit_gone', noun=NOUN[kind])


def _title(item: Any) -> str:
    return f"'{getattr(item, 'title', None) or getattr(item, 'label', item.id)}'"
