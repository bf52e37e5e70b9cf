"""Journey-map pictures: the CAR T map and a big synthetic one draw as SVG and PNG, the same bytes every time,
with every label escaped."""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from journey_maps.render import RenderError, dot_executable, dot_source, render
from journey_maps.synthetic import synthetic_map
from workshop.domain.model import Category, Quote, Stage, Stream, Theme, Workshop

PNG_MAGIC = b'\x89PNG\r\n\x1a\n'
HOSTILE = '<script>alert("x")</script> & \'quotes\' "double" — Māori whānau 🧬 ' + 'very long text ' * 40


def svg_texts(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)  # well-formed XML, or this fails
    return [''.join(t.itertext()) for t in root.iter('{http://www.w3.org/2000/svg}text')]


def test_the_car_t_map_draws_as_svg_and_png(car_t):
    svg = render(car_t, 'svg')
    assert svg.startswith(b'<?xml') and b'<svg' in svg
    texts = ' '.join(svg_texts(svg))
    assert '1. Before seeking' in texts and '11. Going home and' in texts
    assert 'Patients' in texts and '⚙ Practical' in texts
    assert render(car_t, 'png').startswith(PNG_MAGIC)


def test_a_synthetic_map_with_branches_draws():
    workshop = synthetic_map(stages=40, themes=300)
    assert render(workshop, 'svg').rstrip().endswith(b'</svg>')
    assert render(workshop, 'png').startswith(PNG_MAGIC)


def test_the_same_map_gives_the_same_bytes(car_t):
    first = render(car_t, 'svg', counts={'manufacturing': 3}, focus='infusion')
    assert render(car_t, 'svg', counts={'manufacturing': 3}, focus='infusion') == first
    code = ('import sys; from workshop.content import load_yaml_file, template_path; '
            'from journey_maps.render import render; w = load_yaml_file(template_path("car-t-cell-therapy")); '
            'sys.stdout.buffer.write(render(w, "svg", counts={"manufacturing": 3}, focus="infusion"))')
    assert subprocess.run([sys.executable, '-c', code], capture_output=True, check=True).stdout == first


def test_hostile_labels_are_escaped_wrapped_and_kept_readable():
    workshop = Workshop(title=HOSTILE, streams=[Stream(id='s', label=HOSTILE)],
                        stages=[Stage(id='a', title=HOSTILE), Stage(id='b', title='Ngā mihi & <b>bold</b>')],
                        themes=[Theme(id='t', title=HOSTILE, category=Category.CULTURAL, stages=['a', 'b'],
                                      streams=['s'], quotes=[Quote(text=HOSTILE)])])
    svg = render(workshop, 'svg', counts={'a': 2}, counts_label='votes <&>')
    assert b'<script' not in svg and b'<b>' not in svg
    texts = svg_texts(svg)
    joined = ' '.join(texts)
    assert '<script>alert("x")</script>' in joined  # shown as text, exactly as typed
    assert "'quotes'" in joined and 'Māori whānau 🧬' in joined and 'Ngā mihi & <b>bold</b>' in joined
    assert '2 votes <&>' in joined
    assert max(len(t) for t in texts) <= 95 and any(t.endswith('…') for t in texts)  # wrapped, then cut


def test_colours_are_six_digit_hex_and_categories_carry_a_symbol(car_t):
    source = dot_source(car_t, counts={'travel': 5, 'infusion': 1})
    colours = re.findall(r'(?:BGCOLOR|COLOR|color|bgcolor)="?(#[0-9A-Fa-f]+)', source)
    assert colours and all(len(c) == 7 for c in colours)
    assert '⚙ Informed consent' not in source and '✦ Informed consent' in source
    assert '■ Potential inequity' in dot_source(car_t, png=True)  # PNG fonts lack ⚙ and ✦: stand-ins


def test_the_heat_overlay_and_focus_are_written_not_only_coloured(car_t):
    texts = ' '.join(svg_texts(render(car_t, 'svg', counts={'travel': 7}, focus='manufacturing')))
    assert '7 comments' in texts and '0 comments' in texts and 'In focus now' in texts


def test_a_configured_executable_is_used_and_a_missing_one_is_named(monkeypatch):
    monkeypatch.setenv('CODESIGN_DOT', 'no-such-dot-here')
    with pytest.raises(RenderError, match="'no-such-dot-here' \\(CODESIGN_DOT\\) was not found"):
        render(Workshop(title='T', stages=[Stage(id='a', title='A')]))
    monkeypatch.delenv('CODESIGN_DOT')
    assert dot_executable().endswith(('graphviz-pure', 'dot'))
