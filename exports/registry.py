"""Every file format the project writes, one writer each, in one table.

A writer takes an ExportInput and returns the file's bytes. The command line and the lead view both go through
`write`, so a format reachable from one is reachable from the other. Adding a format is one row in FORMATS and its
writer function. The table names each writer as 'module:function' text: the writers (and openpyxl, numpy behind
them, some 20 MB) load on first use, so a live workshop that exports nothing never carries them
(tests/test_registry.py).
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable

from workshop import i18n
from workshop.domain.model import Workshop

MD, HTML, CSV, JSON = 'text/markdown; charset=utf-8', 'text/html; charset=utf-8', 'text/csv', 'application/json'
XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'


@dataclass(kw_only=True, slots=True)
class ExportInput:
    workshop: Workshop
    events: list[Any]  # store Events, oldest first
    state: Any  # workshop.domain.state.WorkshopState folded from the events
    participants: list[dict[str, Any]]
    provenance: dict[str, Any] = field(default_factory=dict)
    identified: bool = False
    round: int | None = None  # the round to rank; None: the latest round with votes


@dataclass(kw_only=True, frozen=True)
class Format:
    name: str
    writer: str  # 'module:function' in exports/, imported on first use
    suffix: str
    media_type: str

    @property
    def label_key(self) -> str:
        """The catalogue key of its name on the lead view's download button."""
        return f'export_{self.name}'

    @property
    def label(self) -> str:
        return i18n.text(self.label_key, 'en').text

    @cached_property
    def write(self) -> Callable[[ExportInput], bytes]:
        module, function = self.writer.split(':')
        return getattr(importlib.import_module(f'exports.{module}'), function)


# format → writer, suffix, media type (the label is the catalogue's `export_<format>`), in the order the lead view
# lists them: the record, reports, pictures, what goes back to participants, then for researchers
FORMATS: dict[str, Format] = {f.name: f for f in (
    Format(name='json', writer='archive:write_json', suffix='.json', media_type=JSON),
    Format(name='md', writer='board_paper:write_md', suffix='.md', media_type=MD),
    Format(name='html', writer='board_paper:write_html', suffix='.html', media_type=HTML),
    Format(name='docx', writer='board_paper:write_docx', suffix='.docx', media_type=DOCX),
    Format(name='xlsx', writer='workbook:write_xlsx', suffix='.xlsx', media_type=XLSX),
    Format(name='content-xlsx', writer='content_workbook:write_content_xlsx', suffix='.xlsx', media_type=XLSX),
    Format(name='svg', writer='map_picture:write_svg', suffix='.svg', media_type='image/svg+xml'),
    Format(name='svg-votes', writer='map_picture:write_svg_votes', suffix='.svg', media_type='image/svg+xml'),
    Format(name='png', writer='map_picture:write_png', suffix='.png', media_type='image/png'),
    Format(name='png-votes', writer='map_picture:write_png_votes', suffix='.png', media_type='image/png'),
    Format(name='csv', writer='ranked_csv:write_csv', suffix='.csv', media_type=CSV),
    Format(name='matrix-csv', writer='matrix:write_matrix_csv', suffix='.csv', media_type=CSV),
    Format(name='md-participants', writer='you_said:write_md', suffix='.md', media_type=MD),
    Format(name='html-participants', writer='you_said:write_html', suffix='.html', media_type=HTML),
    Format(name='newsletter', writer='newsletter:write_en', suffix='.html', media_type=HTML),
    Format(name='newsletter-mi', writer='newsletter:write_mi', suffix='.html', media_type=HTML),
    Format(name='newsletter-both', writer='newsletter:write_both', suffix='.html', media_type=HTML),
    Format(name='comments-csv', writer='research:write_comments', suffix='.csv', media_type=CSV),
    Format(name='qdpx', writer='research:write_qdpx', suffix='.qdpx', media_type='application/zip'),
    Format(name='research-xlsx', writer='research_workbook:write_research_xlsx', suffix='.xlsx', media_type=XLSX),
    Format(name='data-dictionary', writer='dictionary:write_dictionary', suffix='.csv', media_type=CSV),
)}
ORDER = tuple(FORMATS)


def formats() -> dict[str, Format]:
    """Every format by name, in the order the lead view lists them (no writer is loaded by asking)."""
    return FORMATS


def write(name: str, data: ExportInput) -> bytes:
    return FORMATS[name].write(data)
