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


def test_the_votes_overlay_counts_voters_at_the_stages_their_ideas_change(store, car_t):
    from exports.map_picture import votes_per_stage
    from workshop.live import FACILITATOR, PARTICIPANT, Actor, LiveWorkshop
    live = LiveWorkshop(store, store.create_workshop(car_t).id)
    host = Actor(role=FACILITATOR)
    for person in ('a', 'b'):
        live.join(person, group='patients')
    live.open_round(host, live.create_round(host, 'dots', improvements=['cell_tracker', 'infusion_ceremony']))
    live.set_dots(Actor(role=PARTICIPANT, participant='a'), 'cell_tracker', 1)
    live.set_dots(Actor(role=PARTICIPANT, participant='b'), 'cell_tracker', 2)
    live.set_dots(Actor(role=PARTICIPANT, participant='b'), 'infusion_ceremony', 1)
    counts = votes_per_stage(service.export_input(store, live.id))
    tracker, ceremony = car_t.improvement('cell_tracker').stages, car_t.improvement('infusion_ceremony').stages
    for stage in set(tracker) | set(ceremony):
        assert counts[stage] == 2 * (stage in tracker) + (stage in ceremony)
    svg = service.export(store, live.id, 'svg-votes').decode()
    assert 'Number under a stage: people who chose an idea that changes this stage' in svg  # the legend says what
    assert '>2 people<' in svg and '>1 person<' in svg and 'comment' not in svg  # counted: people, not comments
