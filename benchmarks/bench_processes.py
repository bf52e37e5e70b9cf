"""Several app processes on one log: the organisation's deployment, measured on this machine.

    .venv/bin/python -m benchmarks.bench_processes --participants 1000 --seconds 60             # one big workshop
    .venv/bin/python -m benchmarks.bench_processes --workshops 20 --participants 30 --seconds 60  # many small ones

Starts a PostgreSQL server of its own (Debian's binaries, a temporary folder, durable settings: fsync and synchronous
commit on) or, with --store sqlite, a data folder; then --processes app processes (`workshop serve`) on it. One
workshop (--workshops 1): its participants are spread over the processes as a sticky proxy would spread them, and the
facilitator console sits on the first process, so most votes reach it across processes. Several workshops: each
workshop lives on one process (routing by workshop path), with its facilitator console there. Every participant
taps "+" --dots times over --seconds, waiting for "Vote recorded." each time. Reports:

- ack latency: tap sent → "Vote recorded." (p50/p95/p99, ms);
- tally lag: the k-th acknowledgement → the workshop's facilitator tally first showing ≥ k dots, for taps made on
  another process than the console's (the cross-process path: commit, wake-up, catch-up, coalesced fan-out);
- lost / doubled: acknowledged taps missing from the log, or there more than once;
- per-process RSS (peak) and CPU, and the simulator's own loop lag (the load generator shares the cores).
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
from collections import Counter
from pathlib import Path

from benchmarks.bench_live import LoopLag, _join, _ms, _pct, _vote
from benchmarks.serverproc import Server, clean_env, finish, free_port, new_workshop
from benchmarks.workshop_sim import Facilitator, Participant, open_dots_round
from workshop.store import connect


async def run(args: argparse.Namespace) -> dict:
    work = Path(tempfile.mkdtemp(prefix='bench-processes-'))
    data = work / 'data'
    postgres = None
    url = ''
    if args.store == 'postgresql':
        from tests.support.postgres import PostgresServer, require_postgres
        postgres = PostgresServer(require_postgres(), durable=True).start()
        url = postgres.new_database()
        os.environ['CODESIGN_DATABASE_URL'] = url  # the command line and the servers inherit it
    report: dict = {'store': args.store, 'processes': args.processes, 'workshops': args.workshops,
                    'participants_per_workshop': args.participants, 'seconds': args.seconds, 'dots': args.dots}
    servers: list[Server] = []
    people: list[tuple[int, int, Participant]] = []  # (workshop index, process index, participant)
    consoles: list[Facilitator] = []
    try:
        workshops = []
        for _ in range(args.workshops):
            created = new_workshop(data)
            workshops.append((created, *open_dots_round(data, created['id'], budget=args.dots, database_url=url)))
        env = clean_env()
        servers = [Server.workshop(data, free_port(), log=work / f'server-{n}.log', env=env).start()
                   for n in range(args.processes)]
        for w, (created, _titles, _groups) in enumerate(workshops):
            home = w % args.processes  # routing by workshop: its console and (with several workshops) its people
            consoles.append(Facilitator(servers[home].url, created['links']['facilitator']))
            for i in range(args.participants):
                where = (i % args.processes) if args.workshops == 1 else home  # sticky spread of one big workshop
                people.append((w, where, Participant(servers[where].url, timeout=args.timeout)))
        await asyncio.gather(*(console.open() for console in consoles))
        gate = asyncio.Semaphore(args.join_concurrency)
        started = time.perf_counter()
        joined = await asyncio.gather(*(_join(p, workshops[w][0]['join_code'], workshops[w][2][i % len(workshops[w][2])],
                                              gate) for i, (w, _, p) in enumerate(people)))
        report['joined'], report['join_s'] = sum(joined), round(time.perf_counter() - started, 1)
        report['rss_after_join_mb'] = [round(s.rss_mb()) for s in servers]
        gc.collect()
        gc.freeze()
        cpu_before = [s.cpu_seconds() for s in servers]
        lag = LoopLag()
        lag.start()
        rng = random.Random(1)
        voting = time.perf_counter()
        await asyncio.gather(*(_vote(p, workshops[w][1], args, random.Random(rng.random()))
                               for w, _, p in people if p.joined))
        elapsed = time.perf_counter() - voting
        report['server_cpu_pct'] = [round(100 * (s.cpu_seconds() - c) / elapsed) for s, c in zip(servers, cpu_before)]
        await asyncio.sleep(args.drain)
        lag.stop()
        report['rss_peak_mb'] = [round(s.rss_mb('VmHWM')) for s in servers]
        report['drops'] = sum(p.browser.drops for _, _, p in people)
        report['client_loop_lag_p95_ms'] = _ms(_pct(lag.samples, 95))
    finally:
        await asyncio.gather(*(p.close() for _, _, p in people), *(c.close() for c in consoles),
                             return_exceptions=True)
        for server in servers:
            server.stop()
    try:
        report.update(_score(data, url, workshops, people, consoles, args.processes))
    finally:
        if postgres:
            postgres.stop()
    return report


def _score(data: Path, url: str, workshops: list, people: list, consoles: list[Facilitator], processes: int) -> dict:
    store = connect(data, database_url=url)
    present: Counter = Counter()
    try:
        for created, _, _ in workshops:
            present.update(e.op_id.split(':', 1)[1] for e in store.events(created['id'])
                           if e.type == 'vote_cast' and e.op_id)
    finally:
        store.close()
    latencies, lags, never, acked_count, taps = [], [], 0, 0, 0
    lost = doubled = 0
    for w, console in enumerate(consoles):
        home = w % processes
        mine = [(where, t) for pw, where, p in people if pw == w for t in p.taps]
        taps += len(mine)
        acked = sorted(((where, t) for where, t in mine if t.acked is not None), key=lambda x: x[1].acked)
        acked_count += len(acked)
        for k, (where, t) in enumerate(acked, start=1):
            latencies.append(t.acked - t.sent)
            lost += present[t.op] == 0
            doubled += present[t.op] > 1
            if len(consoles) == 1 and where == home:
                continue  # one big workshop: the lag that matters is for votes cast on the other processes
            shown = console.first_time_at_least(k)
            if shown is None:
                never += 1
            else:
                lags.append(max(0.0, shown - t.acked))
    refused = Counter(t.answer for _, _, p in people for t in p.taps if t.acked is None)
    return {'taps': taps, 'acked': acked_count, 'not_acknowledged': dict(refused),
            'ack_p50_ms': _ms(_pct(latencies, 50)), 'ack_p95_ms': _ms(_pct(latencies, 95)),
            'ack_p99_ms': _ms(_pct(latencies, 99)),
            'tally_lag_p50_ms': _ms(_pct(lags, 50)), 'tally_lag_p95_ms': _ms(_pct(lags, 95)),
            'tally_lag_samples': len(lags), 'tally_never_shown': never, 'lost': lost, 'doubled': doubled}


def print_report(r: dict) -> None:
    shape = (f'1 workshop × {r["participants_per_workshop"]} participants' if r['workshops'] == 1 else
             f'{r["workshops"]} workshops × {r["participants_per_workshop"]} participants')
    print(f'\n{shape} over {r["processes"]} processes on {r["store"]}, {r["dots"]} dots each over {r["seconds"]} s '
          f'(joined {r["joined"]} in {r["join_s"]} s)')
    print(f'  taps {r["taps"]}, acknowledged {r["acked"]}; not acknowledged: {r["not_acknowledged"] or "none"}')
    print(f'  ack latency  p50 {r["ack_p50_ms"]} ms  p95 {r["ack_p95_ms"]} ms  p99 {r["ack_p99_ms"]} ms')
    where = 'across processes' if r['workshops'] == 1 else 'on the workshop\'s process'
    print(f'  tally lag {where}  p50 {r["tally_lag_p50_ms"]} ms  p95 {r["tally_lag_p95_ms"]} ms '
          f'({r["tally_lag_samples"]} votes, {r["tally_never_shown"]} never shown)')
    print(f'  lost {r["lost"]}, doubled {r["doubled"]}')
    print(f'  per process: RSS after joins {r["rss_after_join_mb"]} MB, peak {r["rss_peak_mb"]} MB; CPU while voting '
          f'{r["server_cpu_pct"]} %; socket drops {r["drops"]}; simulator loop lag p95 {r["client_loop_lag_p95_ms"]} ms')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--store', choices=['postgresql', 'sqlite'], default='postgresql')
    parser.add_argument('--processes', type=int, default=2)
    parser.add_argument('--workshops', type=int, default=1)
    parser.add_argument('--participants', type=int, default=100, help='participants per workshop')
    parser.add_argument('--seconds', type=float, default=60.0)
    parser.add_argument('--dots', type=int, default=5)
    parser.add_argument('--join-concurrency', type=int, default=10)
    parser.add_argument('--timeout', type=float, default=15.0)
    parser.add_argument('--drain', type=float, default=3.0)
    parser.add_argument('--json', metavar='PATH')
    args = parser.parse_args(argv)
    return finish(asyncio.run(run(args)), print_report, args.json)


if __name__ == '__main__':
    os.environ.pop('PYTEST_CURRENT_TEST', None)
    sys.exit(main())
