"""The shared look of every page: a header with the app's name and a main column."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from nicegui import ui

APP_NAME = 'Codesign Workshop'

# Self-contained styles: no external fonts or CDNs. Focus stays visible; targets are large on touch screens.
STYLE = '''
<style>
  :root { --cw-focus: #1d4ed8; }
  body { font-size: 17px; line-height: 1.5; }
  *:focus-visible { outline: 3px solid var(--cw-focus) !important; outline-offset: 2px; }
  .cw-stage-focused { box-shadow: 0 0 0 4px #b45309; }
  .cw-visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
</style>
'''


@contextmanager
def frame(title: str, *, subtitle: str = '') -> Iterator[ui.column]:
    ui.page_title(f'{title} · {APP_NAME}' if title != APP_NAME else APP_NAME)
    ui.add_head_html(STYLE)
    with ui.header().classes('bg-teal-900 text-white items-center px-4 py-2'):
        ui.link(APP_NAME, '/').classes('text-white text-lg font-semibold no-underline')
        if subtitle:
            ui.label(subtitle).classes('text-sm opacity-90')
    with ui.column().classes('w-full max-w-screen-xl mx-auto p-3 sm:p-6 gap-4') as main:
        main.props('role=main')
        ui.label(title).classes('text-2xl font-semibold').props('role=heading aria-level=1')
        yield main
