"""The editor's files tab: download and load a content workbook, and add themes from a codebook.

Both uploads are read in full and shown as a preview first; nothing changes until the facilitator confirms, and a
file with a mistake changes nothing at all (the dialog lists each problem with its sheet, row and column).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from nicegui import events, run, ui

from journey_maps import edit
from workshop.content import ContentError
from workshop.domain.model import Workshop
from workshop.i18n import Refusal
from workshop.live import Actor, LiveWorkshop
from workshop.ui.shared import widgets
from workshop.ui.shared.lang import refusal, t

if TYPE_CHECKING:
    from exports import codebook

XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
MAX_UPLOAD = 10_000_000  # bytes
KINDS = ('stages', 'streams', 'themes', 'improvements')

Save = Callable[[Callable[[Workshop], Workshop], str], str | None]


def import_panel(live: LiveWorkshop, actor: Actor, save: Save,
                 protected: Callable[[str], dict[str, Refusal]]) -> None:
    # openpyxl loads with the first workbook, not with the app (see exports.registry)
    async def download() -> None:
        from exports.content_workbook import write_workbook
        data = await run.io_bound(write_workbook, live.workshop)
        ui.download.content(data, f'journey-map-{live.id}.xlsx', XLSX)

    async def read(e: events.UploadEventArguments, reader: Callable[[bytes, str, Workshop], Any]) -> Any:
        """The uploaded file as `reader` reads it (off the event loop), or None once its problems are shown."""
        raw, name = await e.file.read(), e.file.name
        e.sender.reset()
        try:
            return await run.io_bound(reader, raw, name, live.workshop)
        except ContentError as error:
            _problems(name, error.problems)
            return None

    async def on_workbook(e: events.UploadEventArguments) -> None:
        from exports.content_workbook import read_workbook
        if (new := await read(e, read_workbook)) is None:
            return
        blocked = [refusal(reason) for kind in KINDS for item_id, reason in protected(kind).items()
                   if item_id not in {i.id for i in getattr(new, kind)}]
        _workbook_preview(live.workshop, new, e.file.name, blocked, save)

    async def on_codebook(e: events.UploadEventArguments) -> None:
        from exports.codebook import read_codebook
        if (preview := await read(e, read_codebook)) is not None:
            _codebook_preview(preview, e.file.name, save)

    _heading(t('edit_workbook_heading'))
    ui.label(t('edit_workbook_explain'))
    ui.button(t('edit_workbook_download'), icon='download', on_click=download).props('no-caps outline color=teal-9')
    _upload(t('edit_workbook_upload'), on_workbook, '.xlsx').mark('upload-workbook')
    _heading(t('edit_codebook_heading'))
    ui.label(t('edit_codebook_explain'))
    _upload(t('edit_codebook_upload'), on_codebook, '.csv,.xlsx').mark('upload-codebook')


# Quasar's uploader header has an unnamed "+" button with the file input inside it (a control nested in a control):
# it is hidden, and a named button of ours opens the file chooser in the click itself (browsers need that gesture).
# Dropping a file on the uploader still works.
UPLOAD_STYLE = '.cw-upload .q-uploader__header .q-btn { display: none; }'


def _upload(label: str, on_upload: Any, accept: str) -> ui.upload:
    ui.add_css(UPLOAD_STYLE)
    choose = ui.button(label, icon='upload_file').props('no-caps outline color=teal-9')
    upload = ui.upload(label=t('edit_drop_file'), auto_upload=True, on_upload=on_upload, max_file_size=MAX_UPLOAD,
                       on_rejected=lambda: ui.notify(t('edit_file_too_big'))).props(f'accept={accept}').classes(
        'w-full max-w-md cw-upload')
    choose.on('click', js_handler=f'() => getElement({upload.id}).$refs.qRef.pickFiles()')
    return upload


def _workbook_preview(current: Workshop, new: Workshop, name: str, blocked: list[str], save: Save) -> None:
    with _dialog(t('edit_workbook_preview', file=name)) as (dialog, problem):
        for kind in KINDS:
            before = {i.id: i for i in getattr(current, kind)}
            after = {i.id: i for i in getattr(new, kind)}
            added = len(after.keys() - before.keys())
            removed = len(before.keys() - after.keys())
            changed = sum(1 for i in after.keys() & before.keys() if after[i] != before[i])
            ui.label(t('edit_workbook_counts', kind=t(f'edit_{kind}_tab'), n=len(after), added=added,
                       removed=removed, changed=changed)).mark(f'preview-{kind}')
        if blocked:
            problem.set_text(t('edit_workbook_blocked', reasons=' '.join(blocked)))
        else:
            ui.label(t('edit_workbook_replace_warning'))
        _buttons(dialog, problem, None if blocked else lambda: save(lambda _: edit.checked(new),
                                                                     t('edit_workbook_loaded', file=name)),
                 t('edit_workbook_confirm'))


def _codebook_preview(preview: codebook.CodebookPreview, name: str, save: Save) -> None:
    from exports import codebook
    with _dialog(t('edit_codebook_preview', file=name, n=len(preview.themes))) as (dialog, problem):
        if preview.themes:
            columns = [{'name': key, 'label': t(f'edit_field_{key}'), 'field': key, 'align': 'left'}
                       for key in ('title', 'global_theme', 'description')]
            rows = [{'title': th.title, 'global_theme': th.global_theme, 'description': th.description[:200]}
                    for th in preview.themes]
            ui.table(columns=columns, rows=rows, row_key='title').classes('w-full').props('flat bordered dense')
            ui.label(t('edit_codebook_not_placed'))
        else:
            ui.label(t('edit_codebook_nothing'))
        if preview.parents:
            ui.label(t('edit_codebook_parents', names=', '.join(preview.parents)))
        for line in preview.skipped:
            ui.label(line).classes('text-sm')
        _buttons(dialog, problem, (lambda: save(lambda w: codebook.add_themes(w, preview),
                                                t('edit_codebook_added', n=len(preview.themes))))
                 if preview.themes else None, t('edit_codebook_confirm'))


def _problems(name: str, problems: list[str]) -> None:
    with _dialog(t('edit_file_problems', file=name)) as (dialog, _):
        ui.label(t('edit_file_unchanged'))
        with ui.column().classes('gap-1').props('role=list'):
            for line in problems[:30]:
                ui.label(line).classes('text-sm').props('role=listitem').mark('file-problem')
        if len(problems) > 30:
            ui.label(t('edit_more_problems', n=len(problems) - 30))
        ui.button(t('close'), on_click=dialog.close).props('no-caps outline color=teal-9')


class _dialog:
    """A dialog card with a heading and a problem line; deleted when closed."""

    def __init__(self, heading: str) -> None:
        self.heading = heading

    def __enter__(self) -> tuple[ui.dialog, ui.label]:
        self.made = widgets.transient_dialog()
        self.dialog = self.made.__enter__()
        self.card = ui.card().classes('w-full max-w-3xl gap-3')
        self.card.__enter__()
        ui.label(self.heading).classes('text-xl font-semibold').props('role=heading aria-level=2')
        problem = ui.label('').classes('text-red-800 font-medium').props('role=alert').mark('form-problem')
        return self.dialog, problem

    def __exit__(self, *exc: Any) -> None:
        self.card.__exit__(*exc)
        self.made.__exit__(*exc)
        self.dialog.open()


def _buttons(dialog: ui.dialog, problem: ui.label, confirm: Callable[[], str | None] | None, text: str) -> None:
    def go() -> None:
        refused = confirm()
        if refused:
            problem.set_text(refused)
        else:
            dialog.close()

    with ui.row().classes('gap-2'):
        if confirm is not None:
            ui.button(text, on_click=go).props('no-caps unelevated color=teal-9').mark('confirm-import')
        ui.button(t('cancel'), on_click=dialog.close).props('no-caps outline color=teal-9')


def _heading(text: str) -> None:
    ui.label(text).classes('text-lg font-semibold mt-2').props('role=heading aria-level=2')
