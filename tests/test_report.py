"""The report sections as the board paper shows them: decisions, suppression notes, escaping, self-contained HTML.
(The paper itself, its golden Markdown and its printing: test_board_paper.py.)"""
import re

import export_scenario as scenario
from exports import registry

PICTURE = re.compile(r'data:image/svg\+xml;base64,[A-Za-z0-9+/=]+')


def write(store, workshop_id, fmt='md', **options) -> str:
    return registry.write(fmt, scenario.export_input(store, workshop_id, **options)).decode('utf-8')


def test_the_report_reads_as_a_decision_record(store):
    text = write(store, scenario.create(store))
    assert '| Run by | RE-TELL co-design team |' in text and '| Held | 2026-03-10 |' in text
    assert '| Health navigator | Recruit two navigators | Clinical director | 2026-07-01 | to do |' in text
    assert '> **Note:** Not shown for Support persons / whānau: Fewer than 5 people' in text
    assert 'share a rank, shown like "3="' in text


def test_hostile_text_is_plain_text_in_markdown_and_html(store):
    workshop_id = scenario.create_hostile(store)
    md, html = write(store, workshop_id), write(store, workshop_id, 'html')
    assert '\\=HYPERLINK("http://x","y")' in md and '\\@SUM' not in md  # an escaped, inert first character
    assert '+cmd\\|&#x27; /C calc&#x27;!A0' in html or "+cmd|&#x27; /C calc&#x27;!A0" in html
    assert '<a ' not in html and '<script' not in html


def test_script_in_a_comment_never_becomes_markup(store):
    workshop_id = scenario.create(store)
    store.append(workshop_id, 'comment_added', {'comment': 'x', 'participant': 'pa3', 'target_kind': 'stage',
                                                'target_id': 'travel', 'kind': 'idea',
                                                'text': '<script>alert(1)</script> [link](http://evil) **bold**'})
    md, html = write(store, workshop_id), write(store, workshop_id, 'html')
    assert '&lt;script&gt;alert(1)&lt;/script&gt; [link](http://evil) **bold**' in html
    assert '\\<script\\>alert(1)\\</script\\> \\[link\\](http://evil) \\*\\*bold\\*\\*' in md


def test_the_html_is_self_contained_and_set_up_for_a4(store):
    html = write(store, scenario.create(store), 'html')
    assert '@page { size: A4;' in html and 'break-inside: avoid' in html
    assert not re.search(r'(src|href)="(https?:)?//', html) and '@import' not in html and '<script' not in html
    assert html.count('<img src="data:image/svg+xml;base64,') == 8 and 'alt="Bar chart of the pooled' in html


def test_a_workshop_without_votes_still_reports(store, car_t):
    text = write(store, store.create_workshop(car_t).id)
    assert 'No votes have been cast yet.' in text and 'No decisions recorded yet.' in text
