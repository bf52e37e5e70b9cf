"""How much a participant's phone downloads: the join page and the participant view, measured in Chromium.

    .venv/bin/python -m benchmarks.page_weight
    .venv/bin/python -m benchmarks.page_weight --json weight.json

Starts `workshop serve` on a fresh data folder with the CAR T-cell workshop, opens a dots round from the facilitator
console, then measures, each in a fresh browser (no cache) unless said otherwise:

1. the join page, /join/{code}: the first thing a participant opens;
2. the participant view right after "Join", with what the join page left in the browser cache (what really happens);
3. the participant view with an empty cache (a reload on a phone that dropped its cache);
4. the participant view once results are shown to everyone.

For each: the number of requests, the bytes transferred (compressed, as sent; headers left out) and the bytes after
decompression, the largest files, and whether every request went to the app's own address (no fonts, CDNs or
trackers). Uses Debian's Chromium (/usr/bin/chromium) through Playwright; never downloads a browser.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from benchmarks.serverproc import Server, free_port, new_workshop

CHROMIUM = '/usr/bin/chromium'
PHONE = {'width': 390, 'height': 844}


@dataclass(kw_only=True, slots=True)
class Weight:
    what: str
    requests: int = 0
    cached: int = 0  # answered from the browser cache: nothing transferred
    transferred: int = 0  # response bodies as sent (gzip where the server compressed them)
    decoded: int = 0  # the same bodies after decompression
    foreign: list[str] = field(default_factory=list)  # requests to any other origin
    largest: list[tuple[str, int]] = field(default_factory=list)


class Recorder:
    """Every response a page receives from the moment `start()` is called."""

    def __init__(self, page, origin: str) -> None:
        self.origin, self.responses, self.foreign = origin, [], []
        page.on('response', lambda r: self.responses.append(r))
        page.on('request', lambda r: self._check(r.url))
        page.on('websocket', lambda ws: self._check(ws.url))

    def _check(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ('data', 'blob') and f'{parts.hostname}:{parts.port}' != self.origin:
            self.foreign.append(url)

    def start(self) -> None:
        self.responses.clear()

    async def weight(self, what: str) -> Weight:
        weight = Weight(what=what, foreign=list(self.foreign))
        sizes = []
        for response in list(self.responses):
            try:
                body = await response.body()
                transferred = (await response.request.sizes())['responseBodySize']
            except Exception:  # noqa: BLE001 (a redirect or an aborted request has no body)
                continue
            weight.requests += 1
            if transferred <= 0:  # Chromium reports a cached response as 0 or less
                weight.cached += 1
                continue
            weight.transferred += transferred
            weight.decoded += len(body)
            sizes.append((urlsplit(response.url).path[-60:], transferred))
        weight.largest = sorted(sizes, key=lambda s: -s[1])[:6]
        return weight


async def measure(base: str, workshop: dict) -> list[Weight]:
    from playwright.async_api import async_playwright, expect
    origin = urlsplit(base).netloc
    join_url, results = f'{base}/join/{workshop["join_code"]}', []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=['--no-sandbox', '--disable-gpu'])
        host = await (await browser.new_context()).new_page()
        await host.goto(workshop['links']['facilitator'].replace('http://localhost:8080', base))
        await host.get_by_role('button', name='Create the round').click()
        await host.get_by_role('button', name='Open voting').click()
        await expect(host.get_by_role('button', name='Close voting')).to_be_visible()

        context = await browser.new_context(viewport=PHONE)
        page = await context.new_page()
        recorder = Recorder(page, origin)
        await page.goto(join_url, wait_until='networkidle')
        results.append(await recorder.weight('join page, first visit'))
        await page.get_by_role('button', name='Next').click()
        await page.get_by_role('checkbox', name='I agree to take part').click()
        await page.get_by_role('button', name='Next').click()
        await page.get_by_role('radio', name='Patients').click()
        await page.get_by_role('button', name='Next').click()
        recorder.start()
        await page.get_by_role('button', name='Join').click()
        await expect(page.get_by_text('Dots left: 5 of 5')).to_be_visible()
        await page.wait_for_load_state('networkidle')
        results.append(await recorder.weight('participant view after joining (cache from the join page)'))

        async def cold_visit(shows: str, what: str) -> None:
            """The participant page in a new browser context: same person (cookies), empty cache."""
            page = await (await browser.new_context(viewport=PHONE, storage_state=await context.storage_state())
                          ).new_page()
            recorder = Recorder(page, origin)
            await page.goto(f'{base}/w/{workshop["id"]}/p', wait_until='networkidle')
            await expect(page.get_by_text(shows)).to_be_visible()
            results.append(await recorder.weight(what))

        await cold_visit('Dots left: 5 of 5', 'participant view, empty cache')

        await host.get_by_role('button', name='Close voting').click()
        await host.get_by_role('button', name='Show results to everyone').click()
        await cold_visit('Results of round 1', 'participant view with results, empty cache')
        await browser.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--json', help='also write the figures to this file')
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / 'data'
        workshop = new_workshop(data)
        server = Server.workshop(data, free_port(), log=Path(folder) / 'server.log').start()
        try:
            weights = asyncio.run(measure(server.url, workshop))
        finally:
            server.stop()
    for w in weights:
        print(f'{w.what}\n  {w.requests} requests ({w.cached} from the cache), '
              f'{w.transferred / 1024:.0f} KiB transferred ({w.decoded / 1024:.0f} KiB decoded); '
              f'other origins: {w.foreign or "none"}')
        for path, size in w.largest:
            print(f'    {size / 1024:7.1f} KiB  {path}')
    if args.json:
        Path(args.json).write_text(json.dumps([asdict(w) for w in weights], indent=2))


if __name__ == '__main__':
    main()
