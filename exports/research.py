"""The research hand-off: comments ready to code (`comments-csv`) and a REFI-QDA project (`qdpx`) that qualitative
analysis software (NVivo, ATLAS.ti, MAXQDA, QDA Miner…) opens with its codebook and the comments already coded by
stage, theme, idea and kind of comment, one case per participant.

Pure: no I/O, no UI. De-identified always: people appear only under their pseudonyms, whatever the lead chose, and
only comments their writers allowed to be quoted are included (the report model has already left out the others).
GUIDs are derived from the workshop and the item, so the same workshop gives the same project file.
"""
from __future__ import annotations

import csv
import io
import uuid
import zipfile
from xml.etree import ElementTree as ET

from exports import report_data
from exports.ranked_csv import text
from exports.registry import ExportInput
from exports.report_data import Report
from journey_maps.model import stage_order

COMMENT_COLUMNS = ('at', 'pseudonym', 'group', 'stage_numbers', 'stages', 'theme', 'idea', 'on', 'kind',
                   'consent_to_quote', 'comment')
NS = 'urn:QDA-XML:project:1.0'
KINDS = {'agree': 'Agrees', 'disagree': 'Disagrees', 'clarify': 'Question or clarification', 'idea': 'New idea'}


def write_comments(data: ExportInput) -> bytes:
    built = report_data.build(data)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator='\r\n')
    writer.writerow(COMMENT_COLUMNS)
    for c in built.comments:
        writer.writerow([c.at, c.pseudonym, text(c.group), ';'.join(map(str, c.stages)), text(c.stage),
                         text(c.theme), text(c.idea), text(c.target), c.kind, c.quotes, text(c.text)])
    return ('\ufeff' + out.getvalue()).encode('utf-8')


def write_qdpx(data: ExportInput) -> bytes:
    built = report_data.build(data)
    project, source_guid, plain = qde(built)
    out = io.BytesIO()
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(_entry('project.qde'), ET.tostring(project, encoding='utf-8', xml_declaration=True))
        archive.writestr(_entry(f'sources/{source_guid}.txt'), plain.encode('utf-8'))
    return out.getvalue()


def qde(built: Report) -> tuple[ET.Element, str, str]:
    """The project XML, the GUID of the comments' text source, and that source's plain text."""
    workshop = built.workshop
    guid = _guids(workshop.title)  # from the content, so the same content gives the same project
    ET.register_namespace('', NS)
    project = _el('Project', name=f'{workshop.title}: workshop comments', origin='Codesign Workshop',
                  creationDateTime=_when(built))
    codes = _sub(_sub(project, 'CodeBook'), 'Codes')
    order = stage_order(workshop)
    stage_codes = {n: guid('stage', sid) for n, sid in enumerate(order, start=1)}
    theme_codes = {t.title: guid('theme', t.id) for t in workshop.themes}
    idea_codes = {i.title: guid('idea', i.id) for i in workshop.improvements}
    kind_codes = {k: guid('kind', k) for k in KINDS}
    for name, children in (
            ('Stages', [(stage_codes[n], f'{n}. {workshop.stage(sid).title}', workshop.stage(sid).description)
                        for n, sid in enumerate(order, start=1)]),
            ('Themes', [(theme_codes[t.title], t.title, t.description) for t in workshop.themes]),
            ('Ideas', [(idea_codes[i.title], i.title, i.description) for i in workshop.improvements]),
            ('Kind of comment', [(kind_codes[k], label, '') for k, label in KINDS.items()])):
        parent = _sub(codes, 'Code', guid=guid('group', name), name=name, isCodable='false')
        for code_guid, title, description in children:
            code = _sub(parent, 'Code', guid=code_guid, name=title, isCodable='true')
            if description:
                _sub(code, 'Description').text = description
    people = sorted({c.pseudonym for c in built.comments})
    variable = guid('variable', 'group')
    _sub(_sub(project, 'Variables'), 'Variable', guid=variable, name='Stakeholder group', typeOfVariable='Text')
    cases = _sub(project, 'Cases')
    case_of = {}
    for person in people:
        case_of[person] = _sub(cases, 'Case', guid=guid('case', person), name=person)
        value = _sub(case_of[person], 'VariableValue')
        _sub(value, 'VariableRef', targetGUID=variable)
        _sub(value, 'TextValue').text = next(c.group for c in built.comments if c.pseudonym == person)
    source_guid = guid('source', 'comments')
    source = _sub(_sub(project, 'Sources'), 'TextSource', guid=source_guid, name='Workshop comments',
                  plainTextPath=f'internal://{source_guid}.txt')
    parts: list[str] = []
    position = 0
    for n, c in enumerate(built.comments, start=1):
        heading = f'{c.pseudonym} · {c.group} · {c.target} · {KINDS.get(c.kind, c.kind)}\n'
        start = position + len(heading)
        parts += [heading, c.text, '\n\n']
        position = start + len(c.text) + 2
        selection = _sub(source, 'PlainTextSelection', guid=guid('comment', str(n)), name=f'{c.pseudonym}: comment '
                         f'{n}', startPosition=str(start), endPosition=str(start + len(c.text)))
        targets = [stage_codes[s] for s in c.stages] + [theme_codes[c.theme] for _ in [1] if c.theme] + \
            [idea_codes[c.idea] for _ in [1] if c.idea] + [kind_codes[c.kind] for _ in [1] if c.kind in kind_codes]
        for target in targets:
            _sub(_sub(selection, 'Coding', guid=guid('coding', f'{n}:{target}')), 'CodeRef', targetGUID=target)
    for person, case in case_of.items():  # each case points at the comments its person wrote
        for n, c in enumerate(built.comments, start=1):
            if c.pseudonym == person:
                _sub(case, 'SourceRef', targetGUID=guid('comment', str(n)))
    return project, source_guid, ''.join(parts)


def _guids(seed: str):
    base = uuid.uuid5(uuid.NAMESPACE_URL, f'codesign-workshop:{seed}')
    return lambda kind, key: str(uuid.uuid5(base, f'{kind}:{key}')).upper()


def _el(tag: str, **attrs: str) -> ET.Element:
    return ET.Element(f'{{{NS}}}{tag}', attrs)


def _sub(parent: ET.Element, tag: str, **attrs: str) -> ET.Element:
    return ET.SubElement(parent, f'{{{NS}}}{tag}', attrs)


def _when(built: Report) -> str:
    exported = str(built.provenance.get('exported_at', ''))
    return exported.replace('+00:00', 'Z') if exported else '1970-01-01T00:00:00Z'


def _entry(name: str) -> zipfile.ZipInfo:
    """A zip entry with a fixed date, so the same workshop gives the same bytes."""
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info
