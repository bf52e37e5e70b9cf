"""Splitting the people present into breakout groups: pure (no UI, no storage).

What a good split is, most important first (the James Lind Alliance's small groups: an equal mix of patients, carers
and clinicians in each):

1. Sizes as even as the numbers allow (never more than one apart, unless a support person and the patient they
   support could only stay together by making one group bigger).
2. A support person stays in the same breakout as the patient they support (they count as one unit: never split).
3. Every breakout has someone with lived experience (patients, support persons / whānau) wherever there are enough.
4. Each stakeholder group spread as evenly as the numbers allow; people who preferred not to say their group are
   spread evenly too, like a group of their own (never gathered in one breakout).
5. On a reshuffle "into new groups", as few pairs as possible who were in a breakout together before.

The split minimises one cost whose weights keep that order: a greedy start, then moves and swaps of whole units while
any improves it, from a few shuffled starts; the best is kept. The same people, history and seed give the same split.
"""
from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

W_SIZE, W_LIVED, W_BALANCE, W_REPEAT = 10_000, 1_000, 30, 1
STARTS = 6  # shuffled starts; the lowest cost wins (one for a big plenary: a split must come back within a second)
MAX_PASSES = 50


@dataclass(kw_only=True, slots=True, frozen=True)
class Person:
    id: str
    group: str  # a stream id, or PREFER_NOT_TO_SAY (spread like a group of its own)
    supports: str = ''  # a support person: the id of the patient they support (kept in the same breakout)


Pair = frozenset[str]


def split(people: Sequence[Person], k: int, *, lived: Iterable[str] = (), met: Iterable[Pair] = (),
          seed: int = 0) -> list[list[str]]:
    """k breakouts (lists of person ids, in the order people were given). `lived`: the groups that count as lived
    experience; `met`: pairs who shared a breakout before (a reshuffle keeps them apart where it can)."""
    if k < 1:
        raise ValueError('at least one breakout is needed')
    units = _units(people)
    k = min(k, len(units)) or 1
    order = {p.id: n for n, p in enumerate(people)}
    problem = _Problem(units, k, frozenset(lived), frozenset(met))
    best: _Plan | None = None
    for start in range(STARTS if len(people) <= 60 else 1):
        plan = problem.improve(problem.greedy(random.Random(seed * 1009 + start)))
        if best is None or plan.cost < best.cost:
            best = plan
    assert best is not None
    return [sorted((p.id for u in units_of for p in u), key=order.__getitem__) for units_of in best.breakouts]


def pairs(breakouts: Iterable[Iterable[str]]) -> set[Pair]:
    """Every pair of people who share a breakout."""
    return {frozenset(pair) for members in breakouts for pair in combinations(sorted(set(members)), 2)}


def repeats(breakouts: Iterable[Iterable[str]], met: Iterable[Pair]) -> int:
    """How many pairs in these breakouts were together before."""
    return len(pairs(breakouts) & set(met))


def move(breakouts: Sequence[Sequence[str]], person: str, to: int) -> list[list[str]]:
    """The same breakouts with one person moved by hand into breakout `to` (0-based)."""
    if not 0 <= to < len(breakouts):
        raise ValueError(f'there is no breakout {to + 1}')
    moved = [[p for p in members if p != person] for members in breakouts]
    moved[to].append(person)
    return moved


# --- the search ---------------------------------------------------------------------------------------------------

Unit = tuple[Person, ...]


def _units(people: Sequence[Person]) -> list[Unit]:
    """People who must stay together: a patient with the support people who support them (followed through chains;
    someone supporting a person not present is on their own)."""
    present = {p.id: p for p in people}

    def root(person: Person) -> str:
        seen = {person.id}
        while person.supports in present and person.supports not in seen:
            person = present[person.supports]
            seen.add(person.id)
        return person.id
    together: dict[str, list[Person]] = {}
    for person in people:
        together.setdefault(root(person), []).append(person)
    return [tuple(members) for members in together.values()]


@dataclass(slots=True)
class _Plan:
    breakouts: list[list[Unit]]
    cost: float


class _Breakout:
    """One breakout's units and the figures its cost is made of, kept up to date so that trying a move costs only
    what the moved units touch."""

    def __init__(self, problem: _Problem, units: list[Unit]) -> None:
        self.problem, self.units = problem, list(units)
        self.members = [p for u in units for p in u]
        self.counts = Counter(p.group for p in self.members)
        self.lived = sum(1 for p in self.members if p.group in problem.lived)
        self.together = problem.met_within(self.members)
        self.cost = self.cost_after(None, None)

    def cost_after(self, out: Unit | None, into: Unit | None) -> float:
        """The cost with unit `out` taken out and unit `into` put in (either may be None)."""
        problem = self.problem
        size, lived, together, squares = len(self.members), self.lived, self.together, 0
        changed: Counter[str] = Counter(p.group for p in into or ())
        changed.subtract(p.group for p in out or ())
        for group, change in changed.items():
            squares += (self.counts[group] + change) ** 2 - self.counts[group] ** 2
        if out is not None:
            size -= len(out)
            lived -= sum(1 for p in out if p.group in problem.lived)
            together -= problem.met_between(out, [p for p in self.members if p not in out])
        if into is not None:
            rest = [p for p in self.members if out is None or p not in out]
            size += len(into)
            lived += sum(1 for p in into if p.group in problem.lived)
            together += problem.met_between(into, rest) + problem.met_within(list(into))
        if out is not None:
            together -= problem.met_within(list(out))
        base = sum(c * c for c in self.counts.values()) + squares
        return W_SIZE * size * size + W_LIVED * (lived == 0) + W_BALANCE * base + W_REPEAT * together

    def swap(self, out: Unit | None, into: Unit | None) -> None:
        if out is not None:
            self.units = [u for u in self.units if u is not out]
        if into is not None:
            self.units.append(into)
        self.__init__(self.problem, self.units)  # type: ignore[misc]  # figures afresh: moves are rare, tries many


class _Problem:
    def __init__(self, units: list[Unit], k: int, lived: frozenset[str], met: frozenset[Pair]) -> None:
        self.units, self.k, self.lived, self.met = units, k, lived, met

    def met_between(self, these: Iterable[Person], those: Iterable[Person]) -> int:
        if not self.met:
            return 0
        return sum(1 for p in these for q in those if frozenset((p.id, q.id)) in self.met)

    def met_within(self, people: list[Person]) -> int:
        if not self.met:
            return 0
        return sum(1 for p, q in combinations(people, 2) if frozenset((p.id, q.id)) in self.met)

    def greedy(self, rng: random.Random) -> list[_Breakout]:
        """Largest units and the rarest groups first, each into the breakout where it costs least."""
        groups = Counter(p.group for u in self.units for p in u)
        units = list(self.units)
        rng.shuffle(units)
        units.sort(key=lambda u: (-len(u), min(groups[p.group] for p in u)))
        breakouts = [_Breakout(self, []) for _ in range(self.k)]
        for unit in units:
            best = min(breakouts, key=lambda b: b.cost_after(None, unit) - b.cost)
            best.swap(None, unit)
        return breakouts

    def improve(self, breakouts: list[_Breakout]) -> _Plan:
        """Move single units and swap pairs of units between breakouts while the cost falls."""
        for _ in range(MAX_PASSES):
            better = False
            for a, b in combinations(breakouts, 2):
                while self._better(a, b):
                    better = True
            if not better:
                break
        return _Plan([b.units for b in breakouts], sum(b.cost for b in breakouts))

    def _better(self, a: _Breakout, b: _Breakout) -> bool:
        """Make the first move (one unit across) or swap (one unit each way) that lowers the two breakouts' cost."""
        now = a.cost + b.cost
        for x in [None, *a.units]:
            for y in [None, *b.units]:
                if x is None and y is None:
                    continue
                cost_a, cost_b = a.cost_after(x, y), b.cost_after(y, x)
                if cost_a + cost_b < now - 1e-9:
                    a.swap(x, y)
                    b.swap(y, x)
                    return True
        return False
