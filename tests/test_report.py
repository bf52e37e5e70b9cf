"""The report sections as the board paper shows them: decisions, suppression notes, escaping, self-contained HTML.
(The paper itself, its golden Markdown and its printing: test_board_paper.py.)"""
import base64
import re

from tests.support import export_scenario as scenario

from exports import registry

PICTURE = re.compile(r'data:image/svg\+xml;base64,[A-Za-z0-9+/=]+')


def write(store, workshop_id, fmt='md', **options) -> str:
    return registry.write(fmt, scenario.export_input(store, workshop_id, **options)).decode('utf-8')


def test_the_report_reads_as_a_decision_record(store):
    text = write(store, scenario.create(store))
    assert '| Run by | RE-TELL co-design team |' in text and '| Held | 2026-03-11 |' in text  # Pacific/Auckland
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


def test_a_rating_round_shows_every_question_consensus_stability_and_the_quadrant_chart(store):
    from tests.support import rating_scenario as rated
    workshop_id = store.create_workshop(rated.workshop(), rated.events()).id
    html = registry.write('html', scenario.export_input(store, workshop_id)).decode('utf-8')
    titles = {i: rated.workshop().improvement(i).title for i in rated.IDEAS}
    for idea, title in titles.items():
        (imp_mean, feas_mean), (imp_median, feas_median) = rated.MEANS[idea], rated.MEDIANS[idea]
        imp_agree, feas_agree = rated.AGREEMENT[idea]
        verdict = {'in': 'in', 'out': 'out'}[rated.CONSENSUS[idea]]
        cells = [title, verdict, rated.STABILITY[idea], imp_mean, imp_median, imp_agree, feas_mean, feas_median,
                 feas_agree, rated.QUADRANT[idea]]
        assert re.search(r'<tr>\s*' + r'\s*'.join(rf'<t[dh][^>]*>{re.escape(c)}</t[dh]>' for c in cells), html), idea
    assert 'Stays in the top 2' in html and 'Each idea placed by its mean ratings on the two questions' in html
    pictures = [base64.b64decode(p).decode('utf-8') for p in re.findall(r'data:image/svg\+xml;base64,([^"]+)', html)]
    quadrant = next(svg for svg in pictures if 'importance against feasibility' in svg)
    assert '1. Health navigator' in quadrant and 'Health navigator: 4.50, 4.25' in quadrant
