"""The export registry: one table of formats, whose writers (and openpyxl behind them) load on first use."""
import json
import subprocess
import sys
from pathlib import Path

from exports import registry
from workshop import i18n

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ('openpyxl', 'docx', 'matplotlib', 'exports.workbook', 'exports.research_workbook', 'exports.board_paper')

# A fresh interpreter runs a workshop as the app does (every page imported, a vote cast and tallied, the lead view's
# list of downloads read), then makes one workbook: which heavy modules were loaded before and after it.
LIVE_WORKSHOP = '''
import json, sys, tempfile
import workshop.web.app
from exports import registry
from workshop import service
from workshop.content import load_yaml_file, template_path
from workshop.live import FACILITATOR, PARTICIPANT, Actor, LiveWorkshop
from workshop.store import connect
store = connect(tempfile.mkdtemp())
live = LiveWorkshop(store, store.create_workshop(load_yaml_file(template_path('car-t-cell-therapy'))).id)
host, aroha = Actor(role=FACILITATOR), Actor(role=PARTICIPANT, participant='aroha')
live.join('aroha', group='patients')
number = live.create_round(host, 'dots', improvements=['health_navigator', 'cell_tracker'], budget=2)
live.open_round(host, number)
live.set_dots(aroha, 'health_navigator', 1)
live.results(number)
buttons = [(f.label_key, f.suffix, f.media_type) for f in registry.formats().values()] + service.export_formats()
heavy = %r
before = [m for m in heavy if m in sys.modules]
service.export(store, live.id, 'xlsx')
print(json.dumps({'before': before, 'after': [m for m in heavy if m in sys.modules]}))
'''


def test_a_live_workshop_that_exports_nothing_never_loads_the_heavy_writers():
    result = subprocess.run([sys.executable, '-c', LIVE_WORKSHOP % (HEAVY,)], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded['before'] == []
    assert {'openpyxl', 'exports.workbook'} <= set(loaded['after'])  # the first workbook asked for loads them


def test_every_format_is_one_row_naming_its_writer_suffix_media_type_and_label():
    for name, fmt in registry.formats().items():
        assert fmt.name == name and fmt.suffix.startswith('.') and '/' in fmt.media_type
        assert fmt.label_key in i18n.catalogue() and fmt.label == i18n.text(fmt.label_key, 'en').text
        assert callable(fmt.write), name  # 'module:function' names a function that exists
    assert registry.formats()['xlsx'].label == 'Workbook (xlsx)'
