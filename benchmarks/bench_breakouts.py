"""Breakouts at James Lind Alliance scale: 24 people in 4 breakouts, each run by its own host, then a plenary of 300.

    .venv/bin/python -m benchmarks.bench_breakouts
    .venv/bin/python -m benchmarks.bench_breakouts --plenary 300 --json breakouts.json

Starts `workshop serve` on a fresh data folder on 127.0.0.1 (a free port). Before it starts, the lead facilitator's
set-up is written as the console would: four breakout hosts on the team (each with their own link) and a dots round
for everyone, prepared and not opened. Then, all through the real pages (socket-level browsers, benchmarks/simclient):

1. 24 people join (a JLA online workshop's mix: patients, support persons / whānau, clinicians, administrators,
   some preferring not to say); the lead facilitator opens the console and the four hosts their own consoles;
2. the lead splits everyone into 4 breakouts ("Split into breakouts") and gives each its host (the console's
   "Host" choice, acknowledged when the host's own console shows the breakout);
3. each host creates and opens their breakout's own round; its people tap "+" --dots times over --seconds; the host
   closes the round and shows the results to their breakout;
4. 276 more people join (a plenary of 300); the lead opens the round for everyone, all 300 tap --dots2 times over
   --seconds2, and the lead closes it and shows the results to everyone.

Reports the acknowledgement of every action (press → the answer on the page that asked, or for a host's assignment
on the host's console; a tap → "Vote recorded."), how long an opened round and revealed results take to reach the
phones, and each host's tally lag: the k-th acknowledged tap of their breakout's people → the host's console first
showing at least k dots (their own round's live tally in step 3; their breakout's line of the plenary round in
step 4), and the lead's on the round for everyone. Everything is bounded by timeouts.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from benchmarks.bench_live import _join, _ms, _pct
from benchmarks.serverproc import Server, clean_env, finish, free_port, new_workshop
from benchmarks.simclient import Browser, SimError
from benchmarks.workshop_sim import Facilitator, Participant, _pattern, en, spread_choice
from workshop.live import FACILITATOR, Actor, LiveWorkshop
from workshop.store import Store

HOSTS = ('Mere', 'Rewi', 'Aroha', 'Hemi')
MIX = ['patients'] * 6 + ['whanau'] * 6 + ['clinicians'] * 8 + ['administrators'] * 2 + ['prefer_not_to_say'] * 2


def prepare(data: Path, workshop_id: str, *, budget: int) -> tuple[list[str], dict[str, str], list[str]]:
    """The lead's set-up before the call: the hosts and the round for everyone (round 1, a draft). Returns the
    hosts' console links, the join page's group labels by stream, and the ideas' titles."""
    store = Store(data)
    try:
        live = LiveWorkshop(store, workshop_id)
        lead = Actor(role=FACILITATOR)
        links = [f'/w/{workshop_id}/facilitate?token={live.add_cohost(lead, name, "host")[1]}' for name in HOSTS]
        number = live.create_round(lead, 'dots', budget=budget, cap=0)
        titles = [live.workshop.improvement(i).title for i in live.state.boxes[number].improvements]
        labels = {s.id: s.label for s in live.workshop.streams} | {'prefer_not_to_say': en('group_prefer_not_to_say')}
        return links, labels, titles
    finally:
        store.close()


class Console(Facilitator):
    """A console watched for the dots it shows: `lines='tally'` sums the live tallies (list items), 'breakouts'
    the per-breakout result lines of the round `breakouts_round` (shown under "Round n by breakout")."""

    def __init__(self, base_url: str, link: str, *, lines: str = 'tally') -> None:
        super().__init__(base_url, link)
        self.lines, self.breakouts_round = lines, 0
        self.browser.timeout = 30.0

    async def open(self, ready: str = '') -> None:
        await self.browser.open(self.link)
        await self.browser.wait_for(ready or en('breakouts_heading'))
        self._record([], [], time.perf_counter())
        self.browser.listeners.append(self._record)

    def total(self) -> int:
        if self.lines == 'tally':
            return super().total()
        b = self.browser
        if not self.breakouts_round or not b.find(en('breakouts_results', n=self.breakouts_round), exact=True):
            return 0
        in_lists = {c for item in b.find(tag='li') for c in item.child_ids()}
        total = 0
        for element in b.find():
            if element.id not in in_lists and (line := re.fullmatch(self._line, element.label)):
                total += _dots(line.group(1), self._dots)
        return total

    async def press(self, words: str, answer: str, *, on: Browser | None = None, timeout: float = 30.0) -> float:
        """Press a button by its words; seconds until `answer` first shows (here, or on another console)."""
        watcher = on or self.browser
        seen = asyncio.ensure_future(watcher.wait_for(answer, changed_only=True, timeout=timeout))
        await asyncio.sleep(0)  # the waiter is registered before the press leaves
        sent = await self.click(words)
        return await seen - sent


def _dots(score: str, dots_pattern: str) -> int:
    if score == en('score_dots', n=1):
        return 1
    found = re.fullmatch(dots_pattern, score)
    return int(found.group(1).replace(',', '')) if found else 0


async def run(args: argparse.Namespace) -> dict:
    work = Path(tempfile.mkdtemp(prefix='bench-breakouts-'))
    data = work / 'data'
    created = new_workshop(data)
    host_links, labels, titles = prepare(data, created['id'], budget=args.dots2)
    port = free_port()
    server = Server.workshop(data, port, log=work / 'server.log', env=clean_env()).start()
    report: dict = {'breakout_people': len(MIX), 'plenary': args.plenary, 'data': str(work), 'actions': {}}
    acts: dict[str, list[float]] = report['actions']
    lead = Console(server.url, created['links']['facilitator'])
    hosts = [Console(server.url, link) for link in host_links]
    people = [Participant(server.url, timeout=args.timeout) for _ in range(args.plenary)]
    gate = asyncio.Semaphore(args.join_concurrency)
    try:
        # 1. the 24 join; the lead and the hosts open their consoles
        await asyncio.gather(lead.open(), *(h.open(en('breakout_yours')) for h in hosts))
        first = people[:len(MIX)]
        await asyncio.gather(*(_join(p, created['join_code'], labels[g], gate) for p, g in zip(first, MIX)))
        acts['join (24)'] = [p.join_time for p in first if p.join_time]
        rss = {'after 24 joined': round(server.rss_mb())}

        # 2. split into 4 breakouts, a host for each
        b = lead.browser
        await b.set_value(b.find_one(en('breakouts_count'), tag='q-input'), 4)
        acts['split into 4 breakouts'] = [await lead.press(en('breakouts_split'), en('breakouts_made', n=4))]
        acts['assign a host'] = []
        await b.wait_until(lambda b: len(b.find(tag='nicegui-select', props={'label': en('breakout_host')})) == 4,
                           timeout=args.timeout, what='the four breakouts on the console')
        for n, host in enumerate(hosts):
            choice = b.find(tag='nicegui-select', props={'label': en('breakout_host')})[n]
            seen = asyncio.ensure_future(host.browser.wait_for(en('breakout_title', n=n + 1, people=6),
                                                               timeout=args.timeout))
            await asyncio.sleep(0)
            option = next(o for o in choice.props.get('options', []) if o.get('label') == HOSTS[n])
            sent = await b.set_value(choice, option)  # a select's answer is the chosen option itself
            acts['assign a host'].append(await seen - sent)
            await b.wait_until(lambda b, n=n: _chosen(b, n) == HOSTS[n], timeout=args.timeout,
                               what='the host chosen')  # the panel is rebuilt with the choice in it
        breakout_of = {p: _breakout(p) for p in first}

        # 3. each host runs their breakout's own round
        rounds = {}
        for n, host in enumerate(hosts):  # one after another: round n + 2 is breakout n + 1's
            acts.setdefault('host: create a round', []).append(await host.press(en('round_create'), en('round_open')))
            rounds[n + 1] = n + 2
        opened = {}
        reaching = _reaching(first, args.timeout)  # watched from before the presses
        for n, host in enumerate(hosts):
            opened[n + 1] = time.perf_counter()
            acts.setdefault('host: open voting', []).append(await host.press(en('round_open'), en('round_opened')))
        reached = await reaching
        report['breakout round open → phones p95_ms'] = _ms(_pct([
            t - opened[breakout_of[p]] for p, t in zip(first, reached) if isinstance(t, float)], 95))
        for p in first:
            p.watching = (en('round_results', n=rounds[breakout_of[p]]), en('round_results', n=1))
        rng = random.Random(1)
        await asyncio.gather(*(_vote(p, titles, args.dots, args.seconds, random.Random(rng.random()), args.timeout)
                               for p in first))
        await asyncio.sleep(args.drain)
        report['host tally lag (own round)'] = {HOSTS[n]: _tally_lag([p for p in first if breakout_of[p] == n + 1],
                                                                     host, 0) for n, host in enumerate(hosts)}
        revealed = {}
        for n, host in enumerate(hosts):
            acts.setdefault('host: close voting', []).append(await host.press(en('round_close'), en('round_closed')))
            revealed[n + 1] = time.perf_counter()
            acts.setdefault('host: show results to the breakout', []).append(
                await host.press(en('reveal_breakout'), en('revealed_breakout_done')))
        await asyncio.sleep(args.drain)
        lags = [p.seen[w] - revealed[breakout_of[p]] for p in first
                if (w := en('round_results', n=rounds[breakout_of[p]])) in p.seen]
        report['breakout reveal → phones'] = {'p50_ms': _ms(_pct(lags, 50)), 'p95_ms': _ms(_pct(lags, 95)),
                                              'never': len(first) - len(lags)}
        report['breakout taps'] = _taps(first)

        # 4. the plenary of 300: the rest join, the lead runs the round for everyone
        rest = people[len(MIX):]
        streams = list(labels.values())
        await asyncio.gather(*(_join(p, created['join_code'], streams[i % len(streams)], gate)
                               for i, p in enumerate(rest)))
        acts[f'join (plenary, {len(rest)} more)'] = [p.join_time for p in rest if p.join_time]
        rss[f'after {args.plenary} joined'] = round(server.rss_mb())
        before = lead.total()  # the breakouts' closed rounds stay on the lead's console
        for host in hosts:
            host.lines, host.breakouts_round = 'breakouts', 1
            host.seen = [(time.perf_counter(), host.total())]
        joined = [p for p in people if p.joined]
        for p in joined:
            p.taps, p.watching = [], (en('round_results', n=1),)
        reaching = _reaching(joined, args.timeout)
        opened_at = time.perf_counter()
        acts['lead: open the round for everyone'] = [await lead.press(en('round_open'), en('round_opened'))]
        reached = await reaching
        report['plenary round open → phones p95_ms'] = _ms(_pct([t - opened_at for t in reached
                                                                 if isinstance(t, float)], 95))
        await asyncio.gather(*(_vote(p, titles, args.dots2, args.seconds2, random.Random(rng.random()), args.timeout)
                               for p in joined))
        await asyncio.sleep(args.drain)
        report['lead tally lag (plenary round)'] = _tally_lag(joined, lead, before)
        report['host tally lag (plenary round, their breakout)'] = {
            HOSTS[n]: _tally_lag([p for p in first if breakout_of[p] == n + 1], host, 0)
            for n, host in enumerate(hosts)}
        acts['lead: close voting'] = [await lead.press(en('round_close'), en('round_closed'))]
        pressed = time.perf_counter()
        acts['lead: show results to everyone'] = [await lead.press(en('reveal'), en('revealed_done'))]
        await asyncio.sleep(args.drain)
        lags = [p.seen[w] - pressed for p in joined if (w := en('round_results', n=1)) in p.seen]
        report['plenary reveal → phones'] = {'p50_ms': _ms(_pct(lags, 50)), 'p95_ms': _ms(_pct(lags, 95)),
                                             'max_ms': _ms(max(lags, default=0)), 'never': len(joined) - len(lags)}
        report['plenary taps'] = _taps(joined)
        rss['peak'] = round(server.rss_mb('VmHWM'))
        report['server_rss_mb'] = rss
        report['server_cpu_s'] = round(server.cpu_seconds(), 1)
        report['joined'] = len(joined)
        report['join_errors'] = dict(Counter(p.join_error for p in people if not p.joined))
    finally:
        await asyncio.gather(*(p.close() for p in people), lead.close(), *(h.close() for h in hosts),
                             return_exceptions=True)
        server.stop()
    report['actions'] = {name: {'n': len(v), 'p50_ms': _ms(_pct(v, 50)), 'p95_ms': _ms(_pct(v, 95)),
                                'max_ms': _ms(max(v, default=0))} for name, v in acts.items()}
    return report


def _reaching(people: list[Participant], timeout: float) -> asyncio.Future:
    """When each phone first shows the voting cards (a time, or the error for a phone that never did)."""
    return asyncio.gather(*(p.browser.wait_until(lambda b, p=p: bool(p.plus_buttons()), timeout=timeout,
                                                 what='the round') for p in people), return_exceptions=True)


def _chosen(b: Browser, n: int) -> str:
    """The host shown in breakout n + 1's "Host" choice on the lead's console."""
    choices = b.find(tag='nicegui-select', props={'label': en('breakout_host')})
    value = choices[n].props.get('model-value') if len(choices) > n else None
    return value.get('label', '') if isinstance(value, dict) else ''


def _breakout(person: Participant) -> int:
    """The breakout the participant's page says they are in ("You are in breakout 2.")."""
    pattern = _pattern(en('breakout_you_are_in', n='\0'), n=r'(\d+)')
    for text in person.browser.texts():
        if found := re.fullmatch(pattern, text):
            return int(found.group(1))
    return 0


async def _vote(person: Participant, titles: list[str], dots: int, seconds: float, rng: random.Random,
                timeout: float) -> None:
    """`dots` taps at random moments within `seconds`, each on a different idea, each waiting for its answer."""
    if not person.joined:
        return
    start = time.perf_counter()
    for moment, title in zip(sorted(rng.uniform(0, seconds) for _ in range(dots)), spread_choice(titles, dots, rng)):
        await asyncio.sleep(max(0.0, start + moment - time.perf_counter()))
        try:
            await person.add_dot(title, timeout=timeout)
        except (SimError, TimeoutError):
            pass  # counted: a tap without an acknowledgement


def _taps(people: list[Participant]) -> dict:
    taps = [t for p in people for t in p.taps]
    acked = [t.acked - t.sent for t in taps if t.acked is not None]
    return {'taps': len(taps), 'acked': len(acked), 'p50_ms': _ms(_pct(acked, 50)), 'p95_ms': _ms(_pct(acked, 95)),
            'p99_ms': _ms(_pct(acked, 99)), 'max_ms': _ms(max(acked, default=0)),
            'not_acknowledged': dict(Counter(t.answer for t in taps if t.acked is None))}


def _tally_lag(people: list[Participant], console: Console, before: int) -> dict:
    """The k-th acknowledged tap of these people → the console first showing `before` + k dots."""
    acked = sorted(t.acked for p in people for t in p.taps if t.acked is not None)
    lags, never = [], 0
    for k, at in enumerate(acked, start=1):
        shown = console.first_time_at_least(before + k)
        if shown is None:
            never += 1
        else:
            lags.append(max(0.0, shown - at))
    return {'taps': len(acked), 'p50_ms': _ms(_pct(lags, 50)), 'p95_ms': _ms(_pct(lags, 95)),
            'max_ms': _ms(max(lags, default=0)), 'never_shown': never}


def print_report(r: dict) -> None:
    print(f'\nbreakouts: {r["breakout_people"]} people in 4 breakouts with a host each, then a plenary of '
          f'{r["plenary"]} ({r["joined"]} joined; join errors: {r["join_errors"] or "none"})')
    print('  acknowledgement of each action (press → answer):')
    for name, a in r['actions'].items():
        print(f'    {name:<38} n {a["n"]:>4}  p50 {a["p50_ms"]:>8} ms  p95 {a["p95_ms"]:>8} ms  max {a["max_ms"]:>8} ms')
    for part in ('breakout taps', 'plenary taps'):
        t = r[part]
        print(f'  {part}: {t["acked"]} of {t["taps"]} acknowledged; p50 {t["p50_ms"]} ms, p95 {t["p95_ms"]} ms, '
              f'p99 {t["p99_ms"]} ms, max {t["max_ms"]} ms; not acknowledged: {t["not_acknowledged"] or "none"}')
    for part in ('host tally lag (own round)', 'host tally lag (plenary round, their breakout)'):
        print(f'  {part}:')
        for host, lag in r[part].items():
            print(f'    {host:<6} {lag["taps"]:>3} taps  p50 {lag["p50_ms"]} ms  p95 {lag["p95_ms"]} ms  '
                  f'max {lag["max_ms"]} ms  never shown {lag["never_shown"]}')
    lag = r['lead tally lag (plenary round)']
    print(f'  lead tally lag (plenary round): {lag["taps"]} taps  p50 {lag["p50_ms"]} ms  p95 {lag["p95_ms"]} ms  '
          f'max {lag["max_ms"]} ms  never shown {lag["never_shown"]}')
    print(f'  opened round → phones p95: breakouts {r["breakout round open → phones p95_ms"]} ms, plenary '
          f'{r["plenary round open → phones p95_ms"]} ms')
    print(f'  results → phones: breakouts {r["breakout reveal → phones"]}, plenary {r["plenary reveal → phones"]}')
    print(f'  server RSS {r["server_rss_mb"]} MB, CPU {r["server_cpu_s"]} s in all')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--plenary', type=int, default=300, help='people in the plenary (the 24 included)')
    parser.add_argument('--dots', type=int, default=3, help='taps per person in their breakout\'s round')
    parser.add_argument('--seconds', type=float, default=20.0, help='the breakout rounds\' voting phase')
    parser.add_argument('--dots2', type=int, default=3, help='taps per person in the round for everyone')
    parser.add_argument('--seconds2', type=float, default=30.0, help='the plenary round\'s voting phase')
    parser.add_argument('--join-concurrency', type=int, default=10, help='people joining at the same time')
    parser.add_argument('--timeout', type=float, default=20.0, help='seconds to wait for any one answer')
    parser.add_argument('--drain', type=float, default=2.0, help='seconds after the last tap for the last tally')
    parser.add_argument('--json', metavar='PATH', help='also write the figures as JSON')
    args = parser.parse_args(argv)
    if args.plenary < len(MIX):
        parser.error(f'--plenary must be at least {len(MIX)} (the people in the breakouts)')
    return finish(asyncio.run(run(args)), print_report, args.json)


if __name__ == '__main__':
    os.environ.pop('PYTEST_CURRENT_TEST', None)
    sys.exit(main())
