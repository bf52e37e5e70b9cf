"""The checks beside the tests: ruff over everything, mypy over the pure modules (both configured in pyproject.toml),
and lock files that match pyproject.toml's dependencies."""
import ast
import subprocess
import sys
from pathlib import Path

import tasks

ROOT = Path(__file__).resolve().parent.parent


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, '-m', *command], cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_finds_nothing():
    result = run('ruff', 'check', '--quiet', '--no-cache', '--output-format', 'concise', '.')
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing_in_the_pure_modules():
    result = run('mypy', '--no-error-summary')
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_app_never_imports_pandas():
    """pandas is a test dependency only (README, Dependencies): the app writes CSV and workbooks without it."""
    importers = [str(path.relative_to(ROOT)) for package in ('workshop', 'exports', 'journey_maps')
                 for path in sorted((ROOT / package).rglob('*.py')) for name in imported(path)
                 if name.split('.')[0] == 'pandas']
    assert importers == [], 'pandas is not installed with the app; add it to [project] dependencies first'


def test_no_test_module_imports_another():
    """What tests share lives in tests/support/; a test module importing another test module (or conftest) hides
    where a helper lives and makes one module's clean-up depend on another's."""
    tests = ROOT / 'tests'
    modules = {path.stem for path in tests.glob('*.py')}
    assert modules - {'conftest'} == {name for name in modules if name.startswith('test_')}, \
        'a helper module among the tests: move it to tests/support/'
    offenders = [f'{path.relative_to(ROOT)} imports {name}' for path in sorted(tests.rglob('*.py'))
                 for name in imported(path, with_names=True)
                 if any(part in modules for part in name.split('.'))]
    assert offenders == [], offenders


def test_browser_tests_wait_for_conditions_not_for_time():
    """A fixed pause is too short on a busy machine and too long on a quiet one: a browser test waits for what it
    needs (an element, a drawn chart, text that has settled; tests/support/browser.py, tests/support/waiting.py)."""
    pauses = [f'{path.relative_to(ROOT)}:{node.lineno}' for path in sorted((ROOT / 'tests').rglob('*.py'))
              for node in ast.walk(ast.parse(path.read_text(encoding='utf-8')))
              if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and (node.func.attr == 'wait_for_timeout' or node.func.attr == 'sleep' and 'browser' in path.name)]
    assert pauses == [], pauses


def imported(path: Path, *, with_names: bool = False) -> list[str]:
    """The modules a file imports; with_names, also `module.name` for each `from module import name`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding='utf-8'))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append(node.module or '')
            found += [f'{node.module}.{alias.name}' for alias in node.names] if with_names else []
    return found


def test_the_lock_files_match_pyproject():
    assert tasks.lock_is_current(), ('pyproject.toml\'s dependencies changed since requirements/ was locked: run '
                                     '`python3 tasks.py lock` and commit requirements/')
