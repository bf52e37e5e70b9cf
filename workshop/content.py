"""Workshop content from plain data (template YAML, json archives): checked field by field.

Every failure is a ContentError naming the file, the place inside it (such as `themes[3].stages[1]`) and what was
expected, so a facilitator can fix the file. Nothing is stored here; callers store only a workshop that loaded.
"""
from __future__ import annotations

import dataclasses
import types
import typing
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from journey_maps.model import validate
from workshop import yaml_load
from workshop.domain.model import Workshop, to_dict

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / 'templates'


class ContentError(ValueError):
    """Bad content: `source` is the file, `problems` the places and what was wrong."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        shown = '\n'.join(f'  - {p}' for p in problems[:20])
        more = f'\n  … and {len(problems) - 20} more' if len(problems) > 20 else ''
        super().__init__(f'{source}: the workshop content is not valid:\n{shown}{more}')


MAX_DEPTH = 50  # levels of nesting in a template or archive: real ones use fewer than ten
MAX_ALIASES = 100  # YAML aliases (*name): a few are handy, thousands are a bomb


class _BoundedLoader(yaml_load.ComposingLoader):
    """yaml.safe_load with limits: nesting depth and the number of aliases (each may stand for a huge subtree)."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._depth = self._aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise yaml.YAMLError(f'more than {MAX_ALIASES} aliases (*name): refused as a possible bomb')
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise RecursionError
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def load_yaml_file(path: str | Path) -> Workshop:
    """A template file as a validated Workshop."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise ContentError(str(path), [f'cannot read the file ({e.strerror or e})']) from None
    return workshop_from_yaml(raw, str(path))


def workshop_from_yaml(raw: bytes, source: str) -> Workshop:
    try:
        text = raw.decode('utf-8')
    except UnicodeDecodeError as e:
        raise ContentError(source, [f'the file is not UTF-8 text (bad byte at position {e.start}); '
                                    'save it as UTF-8']) from None
    if not text.strip():
        raise ContentError(source, ['the file is empty; a template needs at least a title and one stage'])
    try:
        data = yaml.load(text, Loader=_BoundedLoader)  # noqa: S506 (a SafeLoader with limits)
    except RecursionError:
        raise ContentError(source, [f'the file is nested too deeply (more than {MAX_DEPTH} levels)']) from None
    except yaml.YAMLError as e:
        mark = getattr(e, 'problem_mark', None)
        where = f'line {mark.line + 1}, column {mark.column + 1}: ' if mark else ''
        raise ContentError(source, [f'{where}this is not valid YAML ({getattr(e, "problem", None) or e})']) from None
    return workshop_from_data(data, source)


def workshop_from_data(data: Any, source: str) -> Workshop:
    """Plain data (as in a template) → a Workshop whose references and stage graph are sound."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise ContentError(source, [f'expected a mapping with keys such as title and stages, found {_kind(data)}'])
    data = {k: v for k, v in data.items() if k != 'id'}
    workshop = _convert(Workshop, data, '', problems)
    if problems:
        raise ContentError(source, problems)
    problems = _settings_problems(workshop)
    if problems:
        raise ContentError(source, problems)
    map_problems = [str(p) for p in validate(workshop)]
    if map_problems:
        raise ContentError(source, map_problems)
    return workshop


def _settings_problems(workshop: Workshop) -> list[str]:
    """A time zone that exists; reporting groups that combine streams the workshop has, each stream at most once."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
    problems = []
    try:
        ZoneInfo(workshop.settings.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(f"settings.time_zone: unknown time zone '{workshop.settings.time_zone}' (expected a name "
                        "such as Pacific/Auckland or UTC)")
    streams, seen = {s.id for s in workshop.streams}, dict[str, str]()
    for n, group in enumerate(workshop.settings.reporting_groups):
        for m, stream in enumerate(group.streams):
            where = f'settings.reporting_groups[{n}].streams[{m}]'
            if stream not in streams:
                problems.append(f"{where}: no stream '{stream}' (streams: {', '.join(sorted(streams))})")
            elif stream in seen:
                problems.append(f"{where}: '{stream}' is in {seen[stream]} already; a stream is reported once")
            seen.setdefault(stream, group.id)
    return problems


def workshop_to_data(workshop: Workshop) -> dict[str, Any]:
    return to_dict(workshop)


def template_names() -> list[str]:
    return sorted(p.stem for p in TEMPLATES_DIR.glob('*.yaml'))


def template_path(name: str) -> Path:
    path = TEMPLATES_DIR / f'{name}.yaml'
    if not path.is_file():
        known = ', '.join(template_names())
        raise ContentError(name, [f"there is no template called '{name}' (known: {known})"])
    return path


# --- a small typed converter: dataclass fields and their annotations say what is expected ------------------------

def _convert(tp: Any, value: Any, where: str, problems: list[str]) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        if value is None:
            return None
        return _convert(options[0], value, where, problems)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _convert_dataclass(tp, value, where, problems)
    if origin is list:
        if not isinstance(value, list):
            problems.append(f'{where or "top"}: expected a list, found {_kind(value)}')
            return []
        (item_type,) = typing.get_args(tp)
        return [_convert(item_type, v, f'{where}[{i}]', problems) for i, v in enumerate(value)]
    if isinstance(tp, type) and issubclass(tp, StrEnum):
        allowed = [m.value for m in tp]
        if value not in allowed:
            problems.append(f'{where}: expected one of {", ".join(allowed)}, found {value!r}')
            return next(iter(tp))
        return tp(value)
    if tp is str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)  # YAML reads `version: 1` as a number; text is meant
        if not isinstance(value, str):
            problems.append(f'{where}: expected text, found {_kind(value)}')
            return ''
        return value
    if tp is bool:
        if not isinstance(value, bool):
            problems.append(f'{where}: expected true or false, found {_kind(value)}')
            return False
        return value
    if tp in (int, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (tp is int and value != int(value)):
            problems.append(f'{where}: expected {"a whole number" if tp is int else "a number"}, found {_kind(value)}')
            return tp(0)
        return tp(value)
    raise TypeError(f'no conversion for {tp!r}')  # a programming error, not a user's


def _convert_dataclass(cls: type, value: Any, where: str, problems: list[str]) -> Any:
    if not isinstance(value, dict):
        problems.append(f'{where or "top"}: expected a mapping, found {_kind(value)}')
        value = {}
    hints = typing.get_type_hints(cls)
    known = {f.name: f for f in dataclasses.fields(cls) if f.init}
    for key in value:
        if key not in known:
            problems.append(f'{_join(where, str(key))}: unknown field (expected one of {", ".join(known)})')
    kwargs = {}
    for name, f in known.items():
        if name in value:
            kwargs[name] = _convert(hints[name], value[name], _join(where, name), problems)
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            problems.append(f'{_join(where, name)}: missing (required)')
            kwargs[name] = _placeholder(hints[name])
    return cls(**kwargs)


def _placeholder(tp: Any) -> Any:
    return '' if tp is str else None


def _join(where: str, name: str) -> str:
    return f'{where}.{name}' if where else name


def _kind(value: Any) -> str:
    if value is None:
        return 'nothing'
    names = {str: 'text', bool: 'true/false', int: 'a number', float: 'a number', list: 'a list', dict: 'a mapping'}
    if isinstance(value, (list, dict)):
        return names[type(value)]
    return f'{names.get(type(value), type(value).__name__)} ({str(value)[:40]!r})'
