"""The map picture as an export: `workshop export ID --format svg|png`, with comments counted per stage."""
import json

from exports.map_picture import comments_per_stage
from workshop import service
from workshop.cli import main
from workshop.live import Actor, LiveWorkshop


def test_the_command_line_writes_the_map_as_svg_and_png(cfg, tmp_path, capsys):
    assert main(['new', '--template', 'car-t-cell-therapy', '--json', '--data', str(cfg.data_dir)]) == 0
    workshop_id = json.loads(capsys.readouterr().out)['id']
    for fmt, magic in (('svg', b'<?xml'), ('png', b'\x89PNG')):
        out = tmp_path / f'map.{fmt}'
        assert main(['export', workshop_id, '--format', fmt, '--out', str(out), '--data', str(cfg.data_dir)]) == 0
        assert out.read_bytes().startswith(magic)
    assert 'Before seeking' in (tmp_path / 'map.svg').read_text()


def test_comments_on_a_stage_and_its_themes_are_counted(store):
    created = service.new_from_template(store, 'car-t-cell-therapy')
    live = LiveWorkshop(store, created.id)
    live.join('p1', group='patients', consent_version='1')
    me = Actor(role='participant', participant='p1')
    live.comment(me, 'stage', 'travel', 'agree', 'So far from home')
    live.comment(me, 'theme', 'underwhelming_infusion', 'agree', 'It was over so quickly')
    hidden = live.comment(me, 'stage', 'travel', 'disagree', 'off topic')
    live.hide_comment(Actor(role='facilitator'), hidden, True)
    counts = comments_per_stage(service.export_input(store, created.id))
    assert counts == {'travel': 1, 'infusion': 1}
    svg = service.export(store, created.id, 'svg').decode()
    assert '>1 comment<' in svg and 'Number under a stage: comments' in svg
