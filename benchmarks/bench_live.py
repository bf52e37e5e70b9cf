"""Live voting under load: N simulated participants against the real server, each casting dots over a minute.

    .venv/bin/python -m benchmarks.bench_live --participants 100 --seconds 60

Starts `workshop serve` on a fresh data folder on 127.0.0.1 (a free port), opens one dots round, joins N participants
through the real join pages (socket-level browsers from benchmarks/simclient.py), opens the facilitator console,
then lets every participant tap "+" --dots times at random moments spread over --seconds, each tap waiting for
"Vote recorded." Reports:

- ack latency: tap sent → the status region's "Vote recorded." arrived (p50/p95/p99, ms);
- tally lag: the k-th acknowledgement → the facilitator's pooled tally first showing ≥ k dots (p50/p95/p99, ms);
- lost / doubled: acknowledged taps missing from the store's vote_cast events, or there more than once;
- server RSS (VmRSS at the end, VmHWM peak) and CPU; the simulator's own event-loop lag, which says whether the
  load generator (sharing the 2 cores) was the bottleneck rather than the server.

Everything is bounded: joins and taps have timeouts, the run ends after --seconds plus a short drain.
"""
from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from benchmarks.serverproc import ROOT, Server, clean_env, finish, free_port, new_workshop
from benchmarks.simclient import SimError
from benchmarks.workshop_sim import Facilitator, Participant, en, open_dots_round, prepare_next_round, spread_choice
from workshop.store import Store

TARGETS = {'ack_p95_ms': 100, 'tally_p95_ms': 500, 'lost': 0, 'doubled': 0, 'rss_mb': 400, 'reveal_p95_ms': 1000,
           'reveal_max_ms': 3000, 'stall_max_ms': 100}


async def run(args: argparse.Namespace) -> dict:
    work = Path(tempfile.mkdtemp(prefix='bench-live-'))
    data = work / 'data'
    created = new_workshop(data)
    titles, groups = open_dots_round(data, created['id'], budget=args.dots, cap=0)
    prepare_next_round(data, created['id'], budget=args.dots2)
    stalls = work / 'stalls.json'
    env = clean_env(CW_LOOPWATCH=str(stalls), PYTHONPATH=str(Path(args.app_source or ROOT).resolve()),
                    **({'CW_GC_CENSUS': '1'} if args.gc_census else {}))
    port = free_port()
    server = Server([sys.executable, '-m', 'benchmarks.loopwatch', 'serve', '--data', str(data), '--port', str(port)],
                    port, log=work / 'server.log', env=env, cwd=data).start()
    report: dict = {'participants': args.participants, 'seconds': args.seconds, 'dots': args.dots, 'data': str(work)}
    people = [Participant(server.url, timeout=args.timeout) for _ in range(args.participants)]
    facilitator = Facilitator(server.url, created['links']['facilitator'])
    join_lag, lag = LoopLag(), LoopLag()
    phases: dict[str, tuple[float, float]] = {}  # phase → (wall-clock start, end), to place the server's stalls
    try:
        await facilitator.open()
        started, wall = time.perf_counter(), time.time()
        join_lag.start()
        gate = asyncio.Semaphore(args.join_concurrency)
        joined = await asyncio.gather(*(_join(p, created['join_code'], groups[i % len(groups)], gate)
                                        for i, p in enumerate(people)))
        join_lag.stop()
        phases['join'] = (wall, time.time())
        report['join_s'] = round(time.perf_counter() - started, 1)
        report['joined'] = sum(joined)
        report['join_p95_ms'] = _ms(_pct([t for t in (p.join_time for p in people) if t], 95))
        report['elements_per_participant_page'] = max(len(p.browser.elements) for p in people)
        report['rss_after_join_mb'] = round(server.rss_mb())
        report['drops_while_joining'] = sum(p.browser.drops for p in people)
        gc.collect()
        gc.freeze()  # the simulator's own full collections would otherwise show up as server latency
        cpu_before = server.cpu_seconds()
        profiler = _profile(server, args) if args.profile else None
        lag.start()
        rng = random.Random(1)
        voting, wall = time.perf_counter(), time.time()
        active = [p for p in people if p.joined]
        commenters = set(rng.sample(range(len(active)), round(len(active) * args.commenters)))
        reveal = asyncio.ensure_future(_reveal(facilitator, args.seconds * args.reveal_at))
        await asyncio.gather(*(_vote(p, titles, args, random.Random(rng.random()), comment=i in commenters)
                               for i, p in enumerate(active)))
        report['vote_s'] = round(time.perf_counter() - voting, 1)
        report['server_cpu_pct'] = round(100 * (server.cpu_seconds() - cpu_before) / (time.perf_counter() - voting))
        await asyncio.sleep(args.drain)  # the last coalesced tally reaches the facilitator
        revealed_at, revealed_wall = await reveal
        report['revealed_at'] = revealed_at
        phases['round 1'] = (wall, revealed_wall)
        phases['reveal while voting'] = (revealed_wall, time.time())
        report['round1_taps'] = sum(len(p.taps) for p in people)
        report.update(_tally_lag(people, facilitator))
        report.update(_reveal_figures(people, revealed_at, en('round_results', n=1)))
        report['ack_after_reveal_p95_ms'] = _ms(_pct([t.acked - t.sent for p in people for t in p.taps if t.acked
                                                      and revealed_at <= t.sent <= revealed_at + 1], 95))
        # where in those seconds the slow answers were (tap sent 0-0.2 s after the reveal, 0.2-0.4 s, ...): the
        # reveal reaching the phones, or the results following the votes a second later
        report['ack_after_reveal_by_slice_ms'] = {
            f'{start / 5:.1f}': _ms(_pct([t.acked - t.sent for p in people for t in p.taps if t.acked
                                         and revealed_at + start / 5 <= t.sent < revealed_at + (start + 1) / 5], 95))
            for start in range(10)}
        report['comments'] = sum(len(p.comments) for p in people)
        report['comment_errors'] = Counter(e for p in people for e in p.comment_errors)
        report['comment_ack_p95_ms'] = _ms(_pct([c for p in people for c in p.comments], 95))
        # the second round: close the first, open the prepared one; every phone shows the first round's results
        wall = time.time()
        await facilitator.click(en('round_close'))
        await asyncio.sleep(1)
        opened = await facilitator.click(en('round_open'))
        previous = en('previous_results', n=1)
        # the second round's buttons and the first round's results are two updates: wait for both (or the timeout)
        await asyncio.gather(*(p.browser.wait_until(lambda b, p=p: bool(p.plus_buttons()) and previous in p.seen,
                                                    timeout=args.timeout, what='the second round')
                               for p in active), return_exceptions=True)
        report.update({f'previous_{k}': v for k, v in _reveal_figures(people, opened, previous)
                       .items()})
        second = argparse.Namespace(**{**vars(args), 'dots': args.dots2, 'seconds': args.seconds2})
        await asyncio.gather(*(_vote(p, titles, second, random.Random(rng.random())) for p in active))
        await asyncio.sleep(args.drain)
        phases['round 2'] = (wall, time.time())
        lag.stop()
        report['drops_while_voting'] = sum(p.browser.drops for p in people) - report['drops_while_joining']
        if profiler:
            await asyncio.to_thread(profiler.wait, args.seconds + 60)
        report['pages_showing_results'] = sum(en('round_results', n=1) in p.seen for p in people)
        report['rss_mb'], report['rss_peak_mb'] = round(server.rss_mb()), round(server.rss_mb('VmHWM'))
        report['server_cpu_s'] = round(server.cpu_seconds(), 1)  # the whole session's work, whatever the machine did
        report['helpers_rss_mb'] = _helpers_rss_mb(server.process.pid)
        await asyncio.sleep(0.6)  # the monitor writes its figures twice a second
        report.update(_stalls(stalls, phases))
    finally:
        await asyncio.gather(*(p.close() for p in people), facilitator.close(), return_exceptions=True)
        server.stop()
    report.update(_score(data, created['id'], people))
    report['client_loop_lag_p95_ms'] = _ms(_pct(lag.samples, 95))
    report['client_loop_lag_max_ms'] = _ms(max(lag.samples, default=0))
    report['client_loop_lag_joining_max_ms'] = _ms(max(join_lag.samples, default=0))
    if 'reveal while voting' in phases:  # the simulator receives the results too: was it late to see the answers?
        at = report.get('revealed_at', 0.0)
        report['client_loop_lag_after_reveal_max_ms'] = _ms(max((lag_ for when, lag_ in zip(lag.times, lag.samples)
                                                                 if at <= when <= at + 1), default=0))
    return report


async def _reveal(facilitator: Facilitator, after: float) -> tuple[float, float]:
    """"Show results to everyone" while people are still voting; when the press left (perf_counter, wall clock)."""
    await asyncio.sleep(after)
    wall = time.time()
    return await facilitator.click(en('reveal')), wall


def _reveal_figures(people: list[Participant], pressed: float, words: str) -> dict:
    """From the facilitator's press to each phone first showing those results."""
    lags = [p.seen[words] - pressed for p in people if p.joined and words in p.seen]
    return {'reveal_p50_ms': _ms(_pct(lags, 50)), 'reveal_p95_ms': _ms(_pct(lags, 95)),
            'reveal_max_ms': _ms(max(lags, default=0)), 'reveal_never': sum(p.joined for p in people) - len(lags)}


def _stalls(path: Path, phases: dict[str, tuple[float, float]]) -> dict:
    """The server's own loop monitor: the worst stall overall and in each phase of the session."""
    try:
        watched = json.loads(path.read_text())
    except (OSError, ValueError):
        return {'stall_max_ms': None}
    worst = {name: max((ms for at, ms, _ in watched['stalls'] if start <= at <= end), default=0.0)
             for name, (start, end) in phases.items()}
    busy = {name: max((cpu for at, _, cpu in watched['stalls'] if start <= at <= end), default=0.0)
            for name, (start, end) in phases.items()}
    return {'stall_max_ms': watched['max_ms'], 'stall_busy_max_ms': watched['max_busy_ms'],
            'stall_samples': watched['samples'], 'stalls_over_100ms': sum(s[1] > 100 for s in watched['stalls']),
            'stall_max_by_phase_ms': worst, 'stall_busy_max_by_phase_ms': busy,
            'gc_max_ms': watched.get('gc_max_ms'), 'gc_over_20ms': len(watched.get('gc_over_20ms', [])),
            'gc_noted': watched.get('gc_over_20ms', [])[:40], 'stall_culprits': watched.get('stall_culprits', []),
            'gc_census': watched.get('gc_census', []), 'longest_stalls': watched.get('longest_stalls', []),
            # the worst ten, each placed in its phase (seconds after the phase began): which moment to look at
            'stalls_worst': [(ms, *next(((name, round(at - start, 2)) for name, (start, end) in phases.items()
                                         if start <= at <= end), ('', 0.0)))
                             for at, ms, _ in sorted(watched['stalls'], key=lambda s: -s[1])[:10]]}


async def _join(person: Participant, code: str, group: str, gate: asyncio.Semaphore) -> bool:
    async with gate:
        started = time.perf_counter()
        try:
            await person.join(code, group)
        except Exception as e:  # a failed join is a figure in the report, not a crash of the benchmark
            person.join_error = repr(e)[:200]
            person.joined, person.join_time = False, None
            return False
        person.joined, person.join_time = True, time.perf_counter() - started
        return True


async def _vote(person: Participant, titles: list[str], args: argparse.Namespace, rng: random.Random, *,
                comment: bool = False) -> None:
    """--dots taps at random moments within --seconds, each on a different idea, each waiting for its answer; a
    commenter also comments on an idea at a random moment in between."""
    start = time.perf_counter()
    moments = sorted(rng.uniform(0, args.seconds) for _ in range(args.dots))
    remark = rng.uniform(0, args.seconds) if comment else None
    for moment, title in zip(moments, spread_choice(titles, args.dots, rng)):
        if remark is not None and remark < moment:
            await asyncio.sleep(max(0.0, start + remark - time.perf_counter()))
            remark = None
            try:
                await person.comment_on_idea(title, 'We waited weeks to hear about this.', timeout=args.timeout)
            except (SimError, TimeoutError) as e:
                person.comment_errors.append(repr(e)[:200])  # counted in the report
        await asyncio.sleep(max(0.0, start + moment - time.perf_counter()))
        await person.add_dot(title, timeout=args.timeout)


def _profile(server: Server, args: argparse.Namespace) -> subprocess.Popen:
    """py-spy (pip install py-spy; not a project dependency) samples the server through the voting phase; idle
    samples too, so that a sample's place in the profile says when it was taken (the reveal is half-way)."""
    spy = shutil.which('py-spy') or str(Path(sys.executable).parent / 'py-spy')
    fmt = 'speedscope' if args.profile.endswith('.json') else 'raw' if args.profile.endswith('.txt') else 'flamegraph'
    return subprocess.Popen([spy, 'record', '--pid', str(server.process.pid), '--duration', str(int(args.seconds) + 2),
                             '--rate', '100', '--format', fmt, '--output', args.profile, '--nonblocking', '--idle'],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _helpers_rss_mb(pid: int) -> int:
    """The server's own child processes (the one working out live tallies, and multiprocessing's helper): their
    memory is the server's too."""
    total = 0
    for task in Path(f'/proc/{pid}/task').iterdir():
        for child in (task / 'children').read_text().split():
            try:
                status = Path(f'/proc/{child}/status').read_text()
            except OSError:
                continue
            total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith('VmRSS:')), 0)
    return round(total / 1024)


def _tally_lag(people: list[Participant], facilitator: Facilitator) -> dict:
    """The first round's acknowledgements against the facilitator's live tally (taken before the second round)."""
    acked = [t.acked for p in people for t in p.taps if t.acked is not None]
    lags, never = [], 0
    for k, t in enumerate(sorted(acked), start=1):
        shown = facilitator.first_time_at_least(k)
        if shown is None:
            never += 1
        else:
            lags.append(max(0.0, shown - t))
    return {'tally_p50_ms': _ms(_pct(lags, 50)), 'tally_p95_ms': _ms(_pct(lags, 95)),
            'tally_p99_ms': _ms(_pct(lags, 99)), 'tally_never_shown': never,
            'facilitator_final_total': facilitator.seen[-1][1] if facilitator.seen else None}


def _score(data: Path, workshop_id: str, people: list[Participant]) -> dict:
    store = Store(data)
    try:
        votes = [e for e in store.events(workshop_id) if e.type == 'vote_cast']
    finally:
        store.close()
    present = Counter(e.op_id.split(':', 1)[1] for e in votes if e.op_id)
    taps = [t for p in people for t in p.taps]
    acked = [t for t in taps if t.acked is not None]
    latencies = [t.acked - t.sent for t in acked]
    refused = Counter(t.answer for t in taps if t.acked is None)
    return {
        'taps': len(taps), 'acked': len(acked), 'unanswered_or_refused': dict(refused),
        'ack_p50_ms': _ms(_pct(latencies, 50)), 'ack_p95_ms': _ms(_pct(latencies, 95)),
        'ack_p99_ms': _ms(_pct(latencies, 99)), 'ack_max_ms': _ms(max(latencies, default=0)),
        'stored_votes': len(votes),
        'lost': sum(present[t.op] == 0 for t in acked), 'doubled': sum(present[t.op] > 1 for t in acked),
        'join_errors': Counter(p.join_error for p in people if not p.joined),
    }


class LoopLag:
    """How late this process's event loop wakes up: large values mean the simulator itself is overloaded."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval, self.samples, self._task = interval, [], None
        self.times: list[float] = []  # when each sample was taken (perf_counter)

    def start(self) -> None:
        self._task = asyncio.ensure_future(self._run())

    def stop(self) -> None:
        if self._task:
            self._task.cancel()

    async def _run(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(self.interval)
            now = time.perf_counter()
            self.samples.append(now - before - self.interval)
            self.times.append(now)


def _pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method='inclusive')[int(p) - 1]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def print_report(r: dict) -> None:
    verdict = {
        'ack_p95_ms': r['ack_p95_ms'] <= TARGETS['ack_p95_ms'],
        'ack_after_reveal': r['ack_after_reveal_p95_ms'] <= TARGETS['ack_p95_ms'],
        'tally_p95_ms': r['tally_p95_ms'] <= TARGETS['tally_p95_ms'],
        'lost': r['lost'] == 0, 'doubled': r['doubled'] == 0, 'rss_mb': r['rss_peak_mb'] <= TARGETS['rss_mb'],
        'reveal': r['reveal_p95_ms'] <= TARGETS['reveal_p95_ms'] and r['reveal_max_ms'] <= TARGETS['reveal_max_ms']
        and r['reveal_never'] == 0,
        'stall': r.get('stall_max_ms') is not None and r['stall_max_ms'] <= TARGETS['stall_max_ms'],
    }
    mark = {True: 'ok', False: 'MISSED'}
    print(f'\nlive session: {r["participants"]} participants; round 1: {r["dots"]} dots over {r["seconds"]} s with '
          f'the results shown part-way; round 2 shows round 1 first (joined {r["joined"]} in {r["join_s"]} s, '
          f'join p95 {r["join_p95_ms"]} ms, {r["elements_per_participant_page"]} elements per participant page)')
    print(f'  taps {r["taps"]}, acknowledged {r["acked"]}, stored {r["stored_votes"]}; '
          f'not acknowledged: {r["unanswered_or_refused"] or "none"}')
    print(f'  ack latency   p50 {r["ack_p50_ms"]} ms  p95 {r["ack_p95_ms"]} ms  p99 {r["ack_p99_ms"]} ms  '
          f'max {r["ack_max_ms"]} ms   [{mark[verdict["ack_p95_ms"]]}: p95 ≤ {TARGETS["ack_p95_ms"]} ms]; '
          f'in the second after the reveal p95 {r["ack_after_reveal_p95_ms"]} ms [{mark[verdict["ack_after_reveal"]]}]')
    if r.get('ack_after_reveal_by_slice_ms'):
        print(f'    p95 by when the tap was sent, seconds after the reveal: {r["ack_after_reveal_by_slice_ms"]}')
    print(f'  reveal → phone  p50 {r["reveal_p50_ms"]} ms  p95 {r["reveal_p95_ms"]} ms  max {r["reveal_max_ms"]} ms, '
          f'never {r["reveal_never"]}   [{mark[verdict["reveal"]]}: p95 ≤ {TARGETS["reveal_p95_ms"]} ms, '
          f'max ≤ {TARGETS["reveal_max_ms"]} ms]')
    print(f'  round 2 opened → previous results on the phone  p95 {r["previous_reveal_p95_ms"]} ms  '
          f'max {r["previous_reveal_max_ms"]} ms, never {r["previous_reveal_never"]}')
    print(f'  tally lag (round 1)  p50 {r["tally_p50_ms"]} ms  p95 {r["tally_p95_ms"]} ms  p99 {r["tally_p99_ms"]} ms  '
          f'never shown {r["tally_never_shown"]}   [{mark[verdict["tally_p95_ms"]]}: p95 ≤ {TARGETS["tally_p95_ms"]} ms]')
    print(f'  comments {r["comments"]}, send → "sent" p95 {r["comment_ack_p95_ms"]} ms; failed: '
          f'{dict(r["comment_errors"]) or "none"}')
    print(f'  server loop stalls: max {r.get("stall_max_ms")} ms, {r.get("stalls_over_100ms")} over 100 ms; by phase '
          f'{r.get("stall_max_by_phase_ms")}   [{mark[verdict["stall"]]}: ≤ {TARGETS["stall_max_ms"]} ms]')
    print(f'    of which the loop was computing: max {r.get("stall_busy_max_ms")} ms; by phase '
          f'{r.get("stall_busy_max_by_phase_ms")} (the rest: waiting for a core); garbage collection: longest by '
          f'generation (computing) {r.get("gc_max_ms")} ms, {r.get("gc_over_20ms")} over 20 ms')
    print(f'  lost {r["lost"]}, doubled {r["doubled"]}   [{mark[verdict["lost"] and verdict["doubled"]]}]')
    print(f'  server RSS {r["rss_after_join_mb"]} MB after joins, {r["rss_mb"]} MB at the end with results on '
          f'{r["pages_showing_results"]} pages, peak {r["rss_peak_mb"]} MB   [{mark[verdict["rss_mb"]]}: ≤ '
          f'{TARGETS["rss_mb"]} MB]; its helper processes {r["helpers_rss_mb"]} MB; server CPU in round 1 {r["server_cpu_pct"]} %, {r["server_cpu_s"]} s in all')
    print(f'  socket drops (server missed its ping deadline or closed): {r["drops_while_joining"]} while joining, '
          f'{r["drops_while_voting"]} later')
    print(f'  simulator loop lag while voting p95 {r["client_loop_lag_p95_ms"]} ms, max {r["client_loop_lag_max_ms"]} '
          f'ms; max {r["client_loop_lag_joining_max_ms"]} ms while joining, max '
          f'{r.get("client_loop_lag_after_reveal_max_ms")} ms in the second after the reveal (high values: the load '
          'generator, not the server, was the limit)')
    if r['join_errors']:
        print(f'  join errors: {dict(r["join_errors"])}')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--participants', type=int, default=100)
    parser.add_argument('--seconds', type=float, default=60.0, help='voting phase length (taps spread over it)')
    parser.add_argument('--dots', type=int, default=5, help="taps per participant (the round's budget)")
    parser.add_argument('--join-concurrency', type=int, default=10, help='participants joining at the same time')
    parser.add_argument('--timeout', type=float, default=15.0, help='seconds to wait for any one answer')
    parser.add_argument('--drain', type=float, default=2.0, help='seconds after the last tap for the last tally')
    parser.add_argument('--reveal-at', type=float, default=0.5, help='the facilitator shows the results this far '
                        'into the first round (a fraction of --seconds), while people are still voting')
    parser.add_argument('--commenters', type=float, default=0.2, help='share of participants who also comment')
    parser.add_argument('--dots2', type=int, default=3, help='taps per participant in the second round')
    parser.add_argument('--seconds2', type=float, default=20.0, help='the second round\'s voting phase')
    parser.add_argument('--app-source', metavar='DIR', help='run the server from this copy of the code (a folder '
                        'holding workshop/, e.g. a git worktree) to compare a change against the installed one')
    parser.add_argument('--json', metavar='PATH', help='also write the figures as JSON')
    parser.add_argument('--gc-census', action='store_true', help='the server counts what its slowest young '
                        'collections looked at (`gc_census` in the JSON; a few ms each, so the stalls read higher)')
    parser.add_argument('--profile', metavar='PATH', help='sample the server with py-spy while voting: .svg flame '
                        'graph, .json speedscope, .txt collapsed stacks')
    args = parser.parse_args(argv)
    return finish(asyncio.run(run(args)), print_report, args.json)


if __name__ == '__main__':
    os.environ.pop('PYTEST_CURRENT_TEST', None)
    sys.exit(main())
