"""Phones joining together: their pages are built one per turn of the event loop, so that the taps of everyone already
in are answered between them."""
from __future__ import annotations

import asyncio

import httpx

from workshop.web.page_pace import OnePageAtATime


async def load_together(paths: list[str], *, paced: bool) -> list[int]:
    """GET every path at once; the turn of the event loop each page was built in."""
    loop, turns, built_in = asyncio.get_running_loop(), [0], []

    def tick() -> None:
        turns[0] += 1
        loop.call_soon(tick)

    async def pages(scope, receive, send) -> None:
        built_in.append(turns[0])  # building the page, all in one go as a NiceGUI page is
        status = 500 if scope['path'] == '/broken' else 200
        await send({'type': 'http.response.start', 'status': status, 'headers': []})
        await send({'type': 'http.response.body', 'body': b'<html></html>'})

    loop.call_soon(tick)
    app = OnePageAtATime(pages) if paced else pages
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url='http://workshop') as client:
        answers = await asyncio.gather(*(client.get(path) for path in paths))
    assert [a.status_code for a in answers] == [500 if p == '/broken' else 200 for p in paths]
    return built_in


async def test_pages_loaded_together_are_built_each_in_a_turn_of_its_own():
    together = ['/join/9CVX2K'] * 3 + ['/broken'] + ['/w/ab12/p'] * 3  # a failing page lets the next one in too
    assert len(set(await load_together(together, paced=False))) < len(together)  # unpaced: some share a turn
    built = await load_together(together, paced=True)
    assert len(set(built)) == len(together) and built == sorted(built)  # one per turn, in the order they came


async def test_scripts_and_the_socket_are_not_held_up():
    scripts = ['/_nicegui/3.0/static/quasar.umd.prod.js'] * 5
    assert len(set(await load_together(scripts, paced=True))) < len(scripts)
