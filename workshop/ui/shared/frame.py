"""The shared look of every page: a header with the app's name and a main column."""
from __future__ import annotations

import inspect
from contextlib import contextmanager
from html import escape
from typing import Any, Callable, Iterator

from nicegui import Client, app, context, ui

from workshop.live import Actor, LiveWorkshop
from workshop.ui.shared.lang import label, t
from workshop.web import access
from workshop.web.context import AppContext

PRIMARY = '#115e59'  # teal: white text on it has a contrast of about 7:1 (Quasar's default blue is about 3:1)

# Self-contained styles: no external fonts or CDNs. Focus stays visible; links pass 4.5:1 on white.
STYLE = '''
<style>
  :root { --cw-focus: #1d4ed8; }
  html { scroll-padding-bottom: 6rem; }  /* nothing focused hides behind a footer (2.4.11) */
  a, .nicegui-link { color: #1e40af; }
  .q-header a, .q-header .nicegui-link { color: #ffffff; }
  body { font-size: 17px; line-height: 1.5; }
  *:focus-visible { outline: 3px solid var(--cw-focus) !important; outline-offset: 2px; }
  .cw-stage-focused { box-shadow: 0 0 0 4px #b45309; }
  .cw-visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  /* the other language's version, folded: looks like what it is and is big enough to tap */
  summary.cw-fold { display: list-item; list-style: revert; cursor: pointer; min-height: 44px; padding-top: 10px;
                    color: #1e40af; text-decoration: underline; }
</style>
'''


def shared_head() -> None:
    """The look of every page, sent with each page but kept once in the server; the brand colour is the app's,
    not a colours element on each page."""
    app.colors(primary=PRIMARY)
    if STYLE not in Client.shared_head_html:
        ui.add_head_html(STYLE, shared=True)


@contextmanager
def frame(title: str, *, subtitle: str = '', heading: bool = True, lang: str | None = None) -> Iterator[ui.column]:
    """The header, and the page's column with the title as its heading (`heading=False`: the page shows it)."""
    app_name = t('app_name')
    ui.page_title(t('page_title', title=title, app=app_name) if title != app_name else app_name)
    with ui.header().classes('bg-teal-900 text-white items-center px-4 py-2'):
        # one element, not three: the header is on every open page (the words are ours, and escaped all the same)
        ui.html(f'<a href="/" class="text-white text-lg font-semibold no-underline">{escape(app_name)}</a>'
                + (f'<span class="text-sm opacity-90">{escape(subtitle)}</span>' if subtitle else ''),
                sanitize=False).classes('flex flex-wrap items-center gap-x-4')
    # Quasar's page container is already the <main> landmark: no second role=main inside it.
    main = context.client.content  # the page's own column: no second one inside it
    main.classes('w-full max-w-screen-xl mx-auto p-3 sm:p-6 gap-4')
    with main:
        if heading:
            ui.label(title).classes('text-2xl font-semibold').props('role=heading aria-level=1' + (
                ' lang=mi' if lang == 'mi' else ''))  # a workshop title the team gave in te reo
        yield main


def role_door(ctx: AppContext, workshop_id: str, role: str, token: str | None, link_needed: str) -> Actor | Any:
    """The door of a facilitator's or lead's page: the actor inside (checked and guarded), or what to answer
    instead: a redirect that takes the token out of the address, or a page saying which link is needed."""
    actor = access.role_door(ctx, workshop_id, role, token)
    if actor is None:
        with frame(t(link_needed)):
            pass
    elif isinstance(actor, Actor):
        access.guard(ctx, workshop_id, role)
    return actor


def role_page(ctx: AppContext, path: str, role: str, link_needed: str,
              view: Callable[[AppContext, LiveWorkshop, Actor], object]) -> None:
    """A facilitator's or lead's page at `path` ('/w/{workshop_id}/…'): its role door, then `view` of the workshop
    for the actor inside."""
    @ui.page(path)
    async def page(workshop_id: str, token: str | None = None):
        actor = role_door(ctx, workshop_id, role, token, link_needed)
        if not isinstance(actor, Actor):
            return actor
        built = view(ctx, ctx.registry.get(workshop_id), actor)
        if inspect.isawaitable(built):  # a big page built a part per turn of the loop (the facilitator console)
            await built
        return None


def live_or_not_found(ctx: AppContext, workshop_id: str) -> LiveWorkshop | None:
    """The running workshop at this address, or a plain "not found" page (and None) for an unknown one."""
    if (live := ctx.registry.find(workshop_id)) is None:
        with frame(t('not_found_title')):
            label('not_found')
    return live
