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


def test_the_import_contracts_of_the_map_of_rooms_hold():
    """pyproject.toml's import-linter contracts (README, Development): run as CI runs them."""
    result = subprocess.run([str(Path(sys.executable).with_name('lint-imports')), '--no-cache'], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'Contracts: 4 kept, 0 broken.' in result.stdout


def test_every_module_below_the_pages_is_held_to_the_contract():
    import tomllib
    contracts = tomllib.loads((ROOT / 'pyproject.toml').read_text())['tool']['importlinter']['contracts']
    below = next(c for c in contracts if c['name'].startswith('Nothing below the pages'))['source_modules']
    top = {f'workshop.{p.stem}' for p in (ROOT / 'workshop').glob('*.py') if p.stem != '__init__'}
    assert top - set(below) == set(), 'add new modules of workshop/ to the contract in pyproject.toml'
