"""On the lead view of an event that belongs to a project: the whole project when asked for (read off the event loop),
the co-design cycle across its events with each event marked, the priorities across the project with small groups
protected as in the project export, and that export to download (workshop/domain/project.py, exports/project_report.py)."""
from __future__ import annotations

from nicegui import run, ui

from workshop import projects
from workshop.domain import project
from workshop.live import LiveWorkshop
from workshop.service import UserError
from workshop.ui.shared import widgets
from workshop.ui.shared.lang import t


class ProjectCard:
    def __init__(self, live: LiveWorkshop) -> None:
        self.live = live
        ref = live.workshop.project
        with ui.card().classes('w-full').props('flat bordered'):
            widgets.heading(t('project_heading', title=ref.title))
            ui.label(t('project_event_line', n=ref.position, event=ref.event))
            with ui.row().classes('gap-2 flex-wrap'):
                ui.button(t('project_show'), on_click=self.show).props('no-caps outline').mark('project-show')
                for fmt in ('md', 'csv'):
                    ui.button(t(f'project_export_{fmt}'), on_click=lambda f=fmt: self.download(f)).props(
                        'no-caps outline').mark(f'project-export-{fmt}')
            self.note = ui.label('').props('role=status aria-live=polite')
            self.box = ui.column().classes('w-full gap-2')

    async def show(self) -> None:
        events = await run.io_bound(projects.events, self.live.store, self.live.workshop.project.id)
        across = await run.io_bound(project.across, events)
        self.box.clear()
        with self.box:
            widgets.heading(t('project_cycle_heading'), level=3, classes='font-semibold')
            with ui.element('ul').classes('list-none p-0 m-0').mark('project-cycle'):
                for element, here in project.cycle_marks(events):
                    with ui.element('li'):
                        ui.label(t('project_cycle_line', element=t(element.element.key),
                                   events=', '.join(here) or '–',
                                   done=sum(c.done for c in element.checks), of=len(element.checks)))
            widgets.heading(t('project_across_heading'), level=3, classes='font-semibold')
            if across.result is None:
                ui.label(across.note)
                return
            with ui.element('ol').classes('list-none p-0 m-0').mark('project-across'):
                for item in across.result.pooled:
                    with ui.element('li'):
                        ui.label(t('project_across_line', rank=item.label, n=ranking_score(item.score),
                                   title=widgets.improvement_title(self.live, item.improvement)))

    async def download(self, fmt: str) -> None:
        self.note.set_text(t('lead_preparing', what=fmt))
        try:
            data = await run.io_bound(projects.export, self.live.store, self.live.workshop.project.id, fmt)
        except UserError as e:
            self.note.set_text(t('lead_export_failed', reason=str(e)))
            return
        name = f'project-{self.live.workshop.project.id}.{fmt}'
        ui.download(data, name, 'text/csv' if fmt == 'csv' else 'text/markdown')
        self.note.set_text(t('lead_export_ready', file=name))


def ranking_score(score: float | None) -> str:
    return '' if score is None else f'{score:g}'
