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
    importers = []
    for path in sorted(path for package in ('workshop', 'exports', 'journey_maps')
                       for path in (ROOT / package).rglob('*.py')):
        for node in ast.walk(ast.parse(path.read_text(encoding='utf-8'))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ''] if isinstance(node, ast.ImportFrom) else []
            importers += [str(path.relative_to(ROOT)) for name in names if name.split('.')[0] == 'pandas']
    assert importers == [], 'pandas is not installed with the app; add it to [project] dependencies first'


def test_the_lock_files_match_pyproject():
    assert tasks.lock_is_current(), ('pyproject.toml\'s dependencies changed since requirements/ was locked: run '
                                     '`python3 tasks.py lock` and commit requirements/')
