"""Pure modules never import NiceGUI: checked in a fresh interpreter."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_PURE = {'workshop.live', 'workshop.fanout', 'workshop.__main__'}  # nicegui's Event (live, fanout)
UI = ('workshop/ui', 'workshop/web')  # pages and web plumbing: the only places that build UI


def pure_modules() -> list[str]:
    names = []
    for package in ('workshop', 'journey_maps', 'exports'):
        for path in sorted((ROOT / package).rglob('*.py')):
            relative = path.relative_to(ROOT).with_suffix('')
            if str(relative).startswith(UI):
                continue
            name = '.'.join(relative.parts).removesuffix('.__init__')
            if name not in NOT_PURE:
                names.append(name)
    return names


def test_pure_modules_do_not_import_nicegui():
    modules = pure_modules()
    assert {'workshop.domain.model', 'workshop.store', 'journey_maps.model', 'exports.archive'} <= set(modules)
    code = f'import sys\nfor name in {modules!r}: __import__(name)\nprint("nicegui" in sys.modules)'
    result = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == 'False'
