"""Every file format the project writes, one writer each, in one registry.

A writer takes an ExportInput and returns the file's bytes. The command line and the lead view both go through
`write`, so a format reachable from one is reachable from the other. The writers (and openpyxl, numpy behind them,
some 20 MB) load on first use: a live workshop that exports nothing never carries them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from workshop.domain.model import Workshop


@dataclass(kw_only=True, slots=True)
class ExportInput:
    workshop: Workshop
    events: list[Any]  # store Events, oldest first
    state: Any  # workshop.domain.state.WorkshopState folded from the events
    participants: list[dict[str, Any]]
    provenance: dict[str, Any] = field(default_factory=dict)
    identified: bool = False
    round: int | None = None  # the round to rank; None: the latest round with votes


@dataclass(kw_only=True, slots=True, frozen=True)
class Format:
    name: str
    suffix: str
    media_type: str
    label: str
    write: Callable[[ExportInput], bytes]


_FORMATS: dict[str, Format] = {}
# as the lead view lists them: the record, reports, pictures, what goes back to participants, then for researchers
ORDER = ('json', 'md', 'html', 'docx', 'xlsx', 'content-xlsx', 'svg', 'svg-votes', 'png', 'png-votes', 'csv',
         'matrix-csv', 'md-participants', 'html-participants', 'newsletter', 'newsletter-mi', 'newsletter-both',
         'comments-csv', 'qdpx', 'research-xlsx', 'data-dictionary')


def register(name: str, *, suffix: str, media_type: str, label: str) -> Callable:
    def decorator(write: Callable[[ExportInput], bytes]) -> Callable[[ExportInput], bytes]:
        _FORMATS[name] = Format(name=name, suffix=suffix, media_type=media_type, label=label, write=write)
        return write
    return decorator


def formats() -> dict[str, Format]:
    """Every format by name, in the order the lead view lists them."""
    # Imported here, not at the top: each writer module registers itself with `register` above (a module imported
    # before, directly, has registered already; importing it again does nothing).
    from exports import (  # noqa: F401
        archive,
        board_paper,
        content_workbook,
        dictionary,
        map_picture,
        matrix,
        newsletter,
        ranked_csv,
        research,
        research_workbook,
        workbook,
        you_said,
    )
    return {name: _FORMATS[name] for name in sorted(_FORMATS, key=lambda n: ORDER.index(n) if n in ORDER else 99)}


def write(name: str, data: ExportInput) -> bytes:
    return formats()[name].write(data)
