"""The research hand-off: comments ready to code, and a REFI-QDA project whose codings point at the right words."""
import csv
import io
import re
import zipfile
from xml.etree import ElementTree as ET

from tests.support import export_scenario as scenario

from exports import registry

NS = {'q': 'urn:QDA-XML:project:1.0'}
GUID = re.compile(r'[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}')


def write(store, workshop_id, fmt, **options) -> bytes:
    return registry.write(fmt, scenario.export_input(store, workshop_id, **options))


def test_comments_come_with_stage_theme_idea_kind_consent_and_pseudonym(store):
    rows = list(csv.DictReader(io.StringIO(write(store, scenario.create(store), 'comments-csv').decode('utf-8-sig'))))
    assert [r['comment'] for r in rows] == ['I had to push for everything myself.',
                                            'Add the expected waiting time for each step.',
                                            'Whānau also need somewhere to stay near the hospital.',
                                            'Travel grants exist but people do not hear about them.']
    first, idea = rows[0], rows[1]
    assert (first['pseudonym'], first['group'], first['theme'], first['kind'], first['consent_to_quote']) == \
        ('P01', 'not shown (small group)', 'Requirement for self-advocacy', 'agree', 'named')
    assert first['stage_numbers'] == '1;2' and first['stages'] == 'Before seeking treatment; Referral and eligibility'
    assert idea['idea'] == 'Centralised information dashboard' and idea['theme'] == ''


def test_names_never_reach_the_research_files(store):
    workshop_id = scenario.create(store)
    for fmt in ('comments-csv', 'qdpx'):
        raw = write(store, workshop_id, fmt, identified=True)
        files = zipfile.ZipFile(io.BytesIO(raw)).read if fmt == 'qdpx' else None
        text = b''.join(files(n) for n in zipfile.ZipFile(io.BytesIO(raw)).namelist()) if files else raw
        assert b'Aroha' not in text and b'Dr Lee' not in text
        assert b'We slept in the car' not in text  # its writer asked never to be quoted


def test_the_qdpx_project_codes_each_comment_where_it_belongs(store):
    workshop_id = scenario.create(store)
    archive = zipfile.ZipFile(io.BytesIO(write(store, workshop_id, 'qdpx')))
    project = ET.fromstring(archive.read('project.qde'))
    assert project.tag == '{urn:QDA-XML:project:1.0}Project'
    codes = {c.get('guid'): c.get('name') for c in project.iter('{urn:QDA-XML:project:1.0}Code')}
    assert all(GUID.fullmatch(g) for g in codes)
    assert {'Stages', 'Themes', 'Ideas', 'Kind of comment', '6. Travel and staying away from home'} <= set(codes.values())
    source = project.find('q:Sources/q:TextSource', NS)
    plain = archive.read(f'sources/{source.get("plainTextPath").removeprefix("internal://")}').decode('utf-8')
    coded = {}
    for selection in source.findall('q:PlainTextSelection', NS):
        words = plain[int(selection.get('startPosition')):int(selection.get('endPosition'))]
        coded[words] = {codes[ref.get('targetGUID')] for ref in selection.iter('{urn:QDA-XML:project:1.0}CodeRef')}
    assert coded['Whānau also need somewhere to stay near the hospital.'] >= {'Support person experience',
                                                                              'Question or clarification'}
    assert coded['Add the expected waiting time for each step.'] >= {'Centralised information dashboard', 'New idea'}
    cases = {c.get('name'): c for c in project.iter('{urn:QDA-XML:project:1.0}Case')}
    assert set(cases) == {'P01', 'P07', 'P11', 'P13'}
    assert cases['P07'].find('q:VariableValue/q:TextValue', NS).text == 'Clinicians'
    assert write(store, workshop_id, 'qdpx') == write(store, workshop_id, 'qdpx')  # the same project, byte for byte


def test_the_data_dictionary_explains_every_column_of_every_table(store):
    from tests.support import rating_scenario as rated
    for workshop_id in (scenario.create(store), store.create_workshop(rated.workshop(), rated.events()).id):
        rows = list(csv.DictReader(io.StringIO(write(store, workshop_id, 'data-dictionary').decode('utf-8-sig'))))
        assert [f'{r["file"]}/{r["sheet"]}/{r["column"]}' for r in rows if not r['meaning'] or not r['type']] == []
        files = {(r['file'], r['sheet']) for r in rows}
        assert {('research-xlsx', 'Votes'), ('xlsx', 'Ranked improvements'), ('xlsx', 'Ranking chart'), ('csv', ''),
                ('comments-csv', '')} <= files
    by_column = {(r['sheet'], r['column']): r for r in rows}
    assert by_column[('Ranked improvements', 'Patients suppressed')]['type'] == 'yes/no'
    assert by_column[('Votes', 'Rating: feasibility')]['meaning'] == 'Rating the person gave on that question.'
