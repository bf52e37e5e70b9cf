"""A comment storm during voting: N participants vote while some of them send comments at a steady rate.

    .venv/bin/python -m benchmarks.bench_comments --participants 1000 --rate 20 --seconds 60

Starts `workshop serve` on a fresh data folder (optionally with --prefill earlier comments on the stage in focus),
opens a dots round, opens the facilitator console, joins N participants through the real pages, then for --seconds:
--commenters of them send --rate comments a second between them (each opens the stage's comment thread, writes,
sends and closes it, as on a phone) while the others tap "+" --dots times each (as in bench_live). Reports:

- vote ack p50/p95 (tap → "Vote recorded") and tally lag p95, as bench_live: the storm must not slow voting;
- comment ack p50/p95 (Send → the box emptied, which happens once the comment is stored);
- console lag p95: a comment acknowledged → the facilitator console showing it (newest page);
- console open: a fresh facilitator console, after the storm, showing its newest page of comments;
- server RSS and CPU, and the server's own event-loop stalls (benchmarks/loopwatch.py) during the storm.

`--profile PATH` samples the server with py-spy through the storm, as in bench_live.
"""
from __future__ import annotations

import argparse
import asyncio
import gc
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench_live import LoopLag, _join, _ms, _pct, _profile, _score, _stalls, _tally_lag, _vote
from benchmarks.serverproc import ROOT, Server, clean_env, finish, free_port, new_workshop
from benchmarks.simclient import Browser, SimError
from benchmarks.workshop_sim import (
    Comment,
    Facilitator,
    Participant,
    en,
    focus_stage,
    open_dots_round,
    prefill_comments,
)

TARGETS = {'vote_ack_p95_ms': 100}


async def run(args: argparse.Namespace) -> dict:
    work = Path(tempfile.mkdtemp(prefix='bench-comments-'))
    data = work / 'data'
    created = new_workshop(data)
    titles, groups = open_dots_round(data, created['id'], budget=args.dots, cap=0)
    stage = focus_stage(data, created['id'])
    if args.prefill:
        prefill_comments(data, created['id'], args.prefill, stage=stage)
    stalls = work / 'stalls.json'
    env = clean_env(CW_LOOPWATCH=str(stalls), PYTHONPATH=str(Path(args.app_source or ROOT).resolve()))
    port = free_port()
    server = Server([sys.executable, '-m', 'benchmarks.loopwatch', 'serve', '--data', str(data), '--port', str(port)],
                    port, log=work / 'server.log', env=env, cwd=data).start()
    report: dict = {k: getattr(args, k) for k in ('participants', 'seconds', 'rate', 'commenters', 'prefill', 'dots')}
    report['data'] = str(work)
    people = [Participant(server.url, timeout=args.timeout) for _ in range(args.participants)]
    facilitator = Facilitator(server.url, created['links']['facilitator'])
    shown: dict[str, float] = {}  # comment text → when the console first showed it
    sent: dict[str, Comment] = {}
    lag = LoopLag()
    try:
        started = time.perf_counter()
        await facilitator.open()
        report['console_open_before_s'] = round(time.perf_counter() - started, 2)
        facilitator.browser.listeners.append(lambda changed, notes, arrived: shown.update(
            {e.label: arrived for e in changed if e.label.startswith('Storm comment') and e.label not in shown}))
        gate = asyncio.Semaphore(args.join_concurrency)
        started = time.perf_counter()
        await asyncio.gather(*(_join(p, created['join_code'], groups[i % len(groups)], gate)
                               for i, p in enumerate(people)))
        report['join_s'] = round(time.perf_counter() - started, 1)
        report['joined'] = sum(p.joined for p in people)
        joined = [p for p in people if p.joined]
        commenters, voters = joined[:args.commenters], joined[args.commenters:]
        gc.collect()
        gc.freeze()
        cpu_before, lag_started, wall = server.cpu_seconds(), time.perf_counter(), time.time()
        profiler = _profile(server, args) if args.profile else None
        lag.start()
        rng = random.Random(1)
        await asyncio.gather(*(_vote(p, titles, args, random.Random(rng.random())) for p in voters),
                             _storm(commenters, args, sent))
        report['server_cpu_pct'] = round(100 * (server.cpu_seconds() - cpu_before) / (time.perf_counter() - lag_started))
        await asyncio.sleep(args.drain)
        lag.stop()
        if profiler:
            await asyncio.to_thread(profiler.wait, args.seconds + 60)
        await asyncio.sleep(0.6)  # the monitor writes its figures twice a second
        report.update(_stalls(stalls, {'storm': (wall, time.time())}))
        fresh = Browser(server.url)
        started = time.perf_counter()
        link = created['links']['facilitator']
        await fresh.open(link[link.index('/w/'):])
        await fresh.wait_for(en('moderation_heading'))
        report['console_open_after_s'] = round(time.perf_counter() - started, 2)
        report['console_elements'] = len(fresh.elements)
        await fresh.close()
        report['rss_mb'], report['rss_peak_mb'] = round(server.rss_mb()), round(server.rss_mb('VmHWM'))
    finally:
        await asyncio.gather(*(p.close() for p in people), facilitator.close(), return_exceptions=True)
        server.stop()
    votes = {**_score(data, created['id'], people), **_tally_lag(people, facilitator)}
    report.update({f'vote_{k}' if k.startswith('ack_') else k: v for k, v in votes.items()})
    acked = {text: c for text, c in sent.items() if c.acked is not None}
    latencies = [c.acked - c.sent for c in acked.values()]
    console = [max(0.0, shown[text] - c.acked) for text, c in acked.items() if text in shown]
    report.update({
        'comments_sent': len(sent), 'comments_acked': len(acked),
        'comments_refused': sorted({c.answer for c in sent.values() if c.acked is None and c.answer}),
        'comment_ack_p50_ms': _ms(_pct(latencies, 50)), 'comment_ack_p95_ms': _ms(_pct(latencies, 95)),
        'console_lag_p50_ms': _ms(_pct(console, 50)), 'console_lag_p95_ms': _ms(_pct(console, 95)),
        'console_never_showed': len(acked) - len(console),
        'client_loop_lag_p95_ms': _ms(_pct(lag.samples, 95)),
    })
    return report


async def _storm(commenters: list[Participant], args: argparse.Namespace, sent: dict[str, Comment]) -> None:
    """--rate comments a second for --seconds, taken in turn by the commenters (each sends one at a time)."""
    start, total = time.perf_counter(), int(args.rate * args.seconds)
    queues: list[list[tuple[float, str]]] = [[] for _ in commenters]
    for i in range(total):
        queues[i % len(commenters)].append((i / args.rate, f'Storm comment {i}: the wait for results is too long'))

    async def one(person: Participant, queue: list[tuple[float, str]]) -> None:
        for moment, text in queue:
            await asyncio.sleep(max(0.0, start + moment - time.perf_counter()))
            try:
                await person.open_stage_comments()
            except SimError as e:
                sent[text] = Comment(sent=time.perf_counter(), answer=f'not opened: {e}'[:80])
                continue
            sent[text] = await person.comment(text, timeout=args.timeout)
            try:
                await person.browser.click(person.browser.find_one(en('close'), tag='q-btn', exact=True))
            except SimError:
                pass
    await asyncio.gather(*(one(p, q) for p, q in zip(commenters, queues)))


def print_report(r: dict) -> None:
    ok = 'ok' if r['vote_ack_p95_ms'] <= TARGETS['vote_ack_p95_ms'] else 'MISSED'
    print(f'\ncomment storm: {r["participants"]} participants ({r["joined"]} joined in {r["join_s"]} s), '
          f'{r["rate"]} comments/s from {r["commenters"]} of them for {r["seconds"]} s during voting; '
          f'{r["prefill"]} earlier comments')
    print(f'  votes: {r["acked"]} acknowledged of {r["taps"]}, lost {r["lost"]}, doubled {r["doubled"]}; '
          f'ack p50 {r["vote_ack_p50_ms"]} ms p95 {r["vote_ack_p95_ms"]} ms p99 {r["vote_ack_p99_ms"]} ms '
          f'[{ok}: p95 ≤ {TARGETS["vote_ack_p95_ms"]} ms]; tally lag p95 {r["tally_p95_ms"]} ms')
    print(f'  comments: {r["comments_acked"]} acknowledged of {r["comments_sent"]} (refused: '
          f'{r["comments_refused"] or "none"}); ack p50 {r["comment_ack_p50_ms"]} ms p95 {r["comment_ack_p95_ms"]} ms')
    print(f'  console: new comment shown p50 {r["console_lag_p50_ms"]} ms p95 {r["console_lag_p95_ms"]} ms '
          f'(never {r["console_never_showed"]}); opens in {r["console_open_before_s"]} s before, '
          f'{r["console_open_after_s"]} s after the storm ({r["console_elements"]} elements)')
    print(f'  server loop stalls during the storm: max {r.get("stall_max_ms")} ms (computing '
          f'{r.get("stall_busy_max_ms")} ms), {r.get("stalls_over_100ms")} over 100 ms')
    print(f'  server RSS {r["rss_mb"]} MB (peak {r["rss_peak_mb"]} MB), CPU {r["server_cpu_pct"]} %; simulator loop '
          f'lag p95 {r["client_loop_lag_p95_ms"]} ms')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--participants', type=int, default=100)
    parser.add_argument('--commenters', type=int, default=200, help='participants who comment (at most)')
    parser.add_argument('--rate', type=float, default=20.0, help='comments a second, all commenters together')
    parser.add_argument('--seconds', type=float, default=60.0)
    parser.add_argument('--prefill', type=int, default=0, help='earlier comments on the stage before the start')
    parser.add_argument('--dots', type=int, default=5)
    parser.add_argument('--join-concurrency', type=int, default=10)
    parser.add_argument('--timeout', type=float, default=15.0)
    parser.add_argument('--drain', type=float, default=2.0)
    parser.add_argument('--app-source', metavar='DIR', help='run the server from this copy of the code')
    parser.add_argument('--json', metavar='PATH', help='also write the figures as JSON')
    parser.add_argument('--profile', metavar='PATH', help='sample the server with py-spy during the storm: .svg, '
                        '.json (speedscope) or .txt (collapsed stacks)')
    args = parser.parse_args(argv)
    return finish(asyncio.run(run(args)), print_report, args.json)


if __name__ == '__main__':
    os.environ.pop('PYTEST_CURRENT_TEST', None)
    sys.exit(main())
