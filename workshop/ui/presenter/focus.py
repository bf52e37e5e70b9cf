"""The stage in focus on the shared screen: its themes for every stakeholder group, big enough to read on a call.

The whole journey map is far wider than a shared screen shrunk into a call window; a slice of it cut at the edge
told nobody anything. When the facilitator focuses a stage, the presenter shows that stage alone: its title, what
it is, and one column per group with the themes people from that group raised (symbol and words for the category,
never colour alone). One escaped HTML element: the presenter is one page, but there is no reason for dozens.
"""
from __future__ import annotations

from html import escape

from nicegui import ui

from journey_maps.style import CATEGORY_STYLE
from workshop.domain.model import Stage, Theme
from workshop.live import LiveWorkshop
from workshop.ui.shared.lang import t


class FocusedStage:
    def __init__(self) -> None:
        self.view = ui.html('', sanitize=False).classes('w-full')  # built only from escaped text below

    def show(self, live: LiveWorkshop, stage: Stage) -> None:
        workshop = live.workshop
        columns = []
        for stream in workshop.streams:
            themes = [th for th in workshop.themes if stage.id in th.stages and stream.id in th.streams]
            items = ''.join(_theme(th) for th in themes) or f'<li>{escape(t("focus_no_themes"))}</li>'
            columns.append(f'<section class="cw-focus-group"><div role="heading" aria-level="3" '
                           f'class="text-2xl font-semibold mb-2">{escape(stream.label)}</div>'
                           f'<ul class="list-none p-0 m-0 flex flex-col gap-2">{items}</ul></section>')
        description = f'<p class="cw-focus-about text-xl max-w-5xl">{escape(stage.description)}</p>' if stage.description else ''
        html = (f'<div role="heading" aria-level="2" class="text-3xl font-semibold">'
                f'{escape(t("now_looking_at", stage=stage.title))}</div>{description}'
                f'<div class="cw-focus-grid mt-3">{"".join(columns)}</div>')
        if self.view.content != html:
            self.view.set_content(html)


def _theme(theme: Theme) -> str:
    style = CATEGORY_STYLE[theme.category]
    return (f'<li class="rounded px-3 py-2 text-xl" style="background:{style.background};color:{style.colour}">'
            f'<span aria-hidden="true">{escape(style.symbol)} </span><span class="sr-only">'
            f'{escape(t("category_" + theme.category.value))}: </span>{escape(theme.title)}</li>')


CSS = '''
.cw-focus-grid { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); }
@media (max-width: 800px) {  /* in a call window the themes come first; the stage's description waits */
  .cw-focus-about { display: none; }
  .cw-focus-grid { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 0.5rem; }
  .cw-focus-grid li, .cw-focus-grid [role=heading] { font-size: 0.95rem; line-height: 1.3; }
}
'''
