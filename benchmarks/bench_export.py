"""Exports of a big workshop: 1,000 participants × 5 dots, every format timed, with the peak memory of each.

    .venv/bin/python -m benchmarks.bench_export
    .venv/bin/python -m benchmarks.bench_export --participants 1000 --dots 5 --repeat 2 --json export.json

Builds the CAR T-cell workshop in a fresh data folder with --participants people in the four stakeholder groups
(their consent, joining, and --dots dots each on different ideas, as the live app records them), then for each
format runs `workshop export` in a fresh Python process (so the figures include loading openpyxl and the rest, as a
lead's download does) and reports its wall time (median of --repeat runs) and the process's peak resident memory
(ru_maxrss of the child). Targets: xlsx ≤ 2 s and ≤ 150 MB, and the same for research-xlsx, which now holds the
ballots and vote events that made the workbook big.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from workshop.content import load_yaml_file, template_path
from workshop.store import Store

TARGETS = {'xlsx': (2.0, 150), 'research-xlsx': (2.0, 150)}
GROUPS = ('patients', 'whanau', 'clinicians', 'administrators')
CHILD = '''
import resource, sys, time
from pathlib import Path
started = time.perf_counter()
from workshop.cli import main
code = main(['export', sys.argv[1], '--format', sys.argv[2], '--out', sys.argv[3], '--data', sys.argv[4]])
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, code)
'''


def build(data: Path, participants: int, dots: int) -> str:
    content = load_yaml_file(template_path('car-t-cell-therapy'))
    ideas = [i.id for i in content.improvements]
    rng = random.Random(1)
    log, at = [], 1773176400.0

    def add(type_: str, **payload) -> None:
        nonlocal at
        at += 0.01
        log.append({'type': type_, 'actor': 'bench', 'payload': payload, 'at': at, 'op_id': None})

    people = [f'p{n}' for n in range(participants)]
    for n, pid in enumerate(people):
        add('consent_given', participant=pid, version='1', take_part=True, research_use=True, quotes='anonymous')
        add('participant_joined', participant=pid, group=GROUPS[n % len(GROUPS)], display_name='', supported=False)
    add('round_created', round={'number': 1, 'method': 'dots', 'improvements': ideas, 'budget': dots, 'cap': 0})
    add('round_opened', round=1, closes_at=None)
    for pid in people:
        for idea in rng.sample(ideas, dots):
            add('vote_cast', round=1, participant=pid, improvement=idea, value=1, criterion=None)
    add('round_closed', round=1)
    store = Store(data)
    try:
        return store.create_workshop(content, log).id
    finally:
        store.close()


def measure(data: Path, workshop_id: str, fmt: str, out: Path, repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        env = {k: v for k, v in os.environ.items() if not k.startswith(('PYTEST', 'NICEGUI'))}
        done = subprocess.run([sys.executable, '-c', CHILD, workshop_id, fmt, str(out), str(data)], env=env,
                              capture_output=True, text=True, timeout=600, check=True)
        seconds, peak_kb, code = done.stdout.split()
        runs.append((float(seconds), int(peak_kb) / 1024, int(code)))
    return {'format': fmt, 'seconds': round(statistics.median(r[0] for r in runs), 2),
            'peak_mb': round(statistics.median(r[1] for r in runs)), 'bytes': out.stat().st_size,
            'runs': [[round(s, 2), round(m)] for s, m, _ in runs]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--participants', type=int, default=1000)
    parser.add_argument('--dots', type=int, default=5)
    parser.add_argument('--repeat', type=int, default=2, help='runs per format (the median is reported)')
    parser.add_argument('--formats', default='xlsx,research-xlsx,csv,matrix-csv,md,html,md-participants,json')
    parser.add_argument('--json', metavar='PATH', help='also write the figures as JSON')
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix='bench-export-'))
    started = time.perf_counter()
    workshop_id = build(work / 'data', args.participants, args.dots)
    print(f'{args.participants} participants × {args.dots} dots built in {time.perf_counter() - started:.1f} s '
          f'({work})')
    rows = [measure(work / 'data', workshop_id, fmt, work / f'out.{fmt}', args.repeat)
            for fmt in args.formats.split(',')]
    print(f'\n{"format":<18} {"median s":>9} {"peak MB":>8} {"bytes":>12}  runs (s, MB)   target')
    for r in rows:
        target = TARGETS.get(r['format'])
        verdict = '' if target is None else \
            ('ok' if r['seconds'] <= target[0] and r['peak_mb'] <= target[1] else 'MISSED') + \
            f' (≤ {target[0]} s, ≤ {target[1]} MB)'
        print(f'{r["format"]:<18} {r["seconds"]:>9.2f} {r["peak_mb"]:>8} {r["bytes"]:>12,}  {r["runs"]}  {verdict}')
    print(f'load average during the run: {", ".join(f"{x:.2f}" for x in os.getloadavg())}')
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))


if __name__ == '__main__':
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    main()
