"""Journey-map pictures: how long drawing takes for the CAR T-cell template and for a big synthetic map.

    .venv/bin/python -m benchmarks.bench_render
    .venv/bin/python -m benchmarks.bench_render --stages 200 --themes 2000 --repeat 3 --json render.json

For each map and format it times building the DOT source (Python) and drawing it (the Graphviz executable:
CODESIGN_DOT, else the pip-installed graphviz-pure), best and median of --repeat runs, and prints the output size
(bytes, and pixels for PNG). Large PNGs are drawn at a lower resolution (journey_maps.render.PNG_MAX_PIXELS).
"""
from __future__ import annotations

import argparse
import json
import statistics
import struct
import time
from typing import Any

from journey_maps.render import dot_executable, dot_source, run_dot
from journey_maps.synthetic import synthetic_map
from workshop.content import load_yaml_file, template_path
from workshop.domain.model import Workshop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--stages', type=int, default=200)
    parser.add_argument('--themes', type=int, default=2000)
    parser.add_argument('--repeat', type=int, default=3, help='runs per measurement (best and median reported)')
    parser.add_argument('--no-big-png', action='store_true', help='skip the PNG of the synthetic map')
    parser.add_argument('--json', metavar='PATH', help='also write the figures as JSON')
    args = parser.parse_args()

    print(f'Graphviz executable: {dot_executable()}')
    maps = [('CAR T-cell template', load_yaml_file(template_path('car-t-cell-therapy')), ('svg', 'png')),
            (f'synthetic {args.stages} stages / {args.themes} themes', synthetic_map(args.stages, args.themes),
             ('svg',) if args.no_big_png else ('svg', 'png'))]
    rows = [measure(name, workshop, fmt, args.repeat) for name, workshop, formats in maps for fmt in formats]
    print(f'\n{"map":<44} {"fmt":<4} {"DOT (s)":>8} {"draw best (s)":>14} {"draw median (s)":>16} '
          f'{"bytes":>12} {"pixels":>14}')
    for r in rows:
        print(f'{r["map"]:<44} {r["format"]:<4} {r["dot_s"]:>8.3f} {r["draw_best_s"]:>14.3f} '
              f'{r["draw_median_s"]:>16.3f} {r["bytes"]:>12,} {r["pixels"]:>14}')
    if args.json:
        with open(args.json, 'w') as out:
            json.dump(rows, out, indent=1)


def measure(name: str, workshop: Workshop, fmt: str, repeat: int) -> dict[str, Any]:
    dot_times, draw_times, data = [], [], b''
    for _ in range(repeat):
        start = time.perf_counter()
        source = dot_source(workshop, png=fmt == 'png')
        built = time.perf_counter()
        data = run_dot(source, fmt)
        dot_times.append(built - start)
        draw_times.append(time.perf_counter() - built)
    print(f'  {name}, {fmt}: {len(workshop.stages)} stages, {len(workshop.themes)} themes, '
          f'draw {min(draw_times):.3f} s', flush=True)
    return {'map': name, 'format': fmt, 'stages': len(workshop.stages), 'themes': len(workshop.themes),
            'dot_s': min(dot_times), 'draw_best_s': min(draw_times), 'draw_median_s': statistics.median(draw_times),
            'bytes': len(data), 'pixels': _png_size(data) if fmt == 'png' else ''}


def _png_size(data: bytes) -> str:
    width, height = struct.unpack('>II', data[16:24])
    return f'{width}×{height}'


if __name__ == '__main__':
    main()
