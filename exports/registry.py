"""Every file format the project writes, one writer each, in one registry.

A writer takes an ExportInput and returns the file's bytes. The command line and the lead view both go through
`write`, so a format reachable from one is reachable from the other.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from workshop.model import Workshop


@dataclass(kw_only=True, slots=True)
class ExportInput:
    workshop: Workshop
    events: list[Any]  # store Events, oldest first
    state: Any  # workshop.state.WorkshopState folded from the events
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


FORMATS: dict[str, Format] = {}


def register(name: str, *, suffix: str, media_type: str, label: str) -> Callable:
    def decorator(write: Callable[[ExportInput], bytes]) -> Callable[[ExportInput], bytes]:
        FORMATS[name] = Format(name=name, suffix=suffix, media_type=media_type, label=label, write=write)
        return write
    return decorator


def write(name: str, data: ExportInput) -> bytes:
    return FORMATS[name].write(data)


def _load_writers() -> None:
    # Imported here, not at the top: each writer module registers itself with `register` above.
    from exports import archive, content_workbook, map_picture, ranked_csv, report, workbook, you_said  # noqa: F401


_load_writers()
