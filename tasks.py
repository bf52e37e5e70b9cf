#!/usr/bin/env python3
"""Set up and run Codesign Workshop with nothing but Python 3.11+ and git.

    python3 tasks.py serve   # set up, then start the app with the demo CAR T-cell workshop
    python3 tasks.py test    # set up (with test tools), then run the full test suite
    python3 tasks.py lock    # after changing dependencies in pyproject.toml: lock them in requirements/*.txt
    python3 tasks.py lock --upgrade   # the newest releases that pyproject.toml allows

Set-up makes a virtual environment in .venv and installs exactly the versions in requirements/app.txt (serve) or
requirements/test.txt (test), each file checked against its sha256 hashes, then the project itself; it is skipped
when nothing changed. The lock files are made by `lock` with uv from the ranges in pyproject.toml, for every
platform and Python 3.11+; pip alone installs them.
For the test suite it also installs Debian's chromium (browser tests), LibreOffice Calc and Writer (spreadsheet
and Word document checks) and PostgreSQL (the store tests run on it too, on a server they start themselves) when
they are missing and this user may install them, and axe-core (accessibility audit) with npm where npm is
available; otherwise those tests skip and say why (in CI they must run).
Extra arguments go to `workshop serve` or to pytest.
"""
from __future__ import annotations

import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / '.venv'
PYTHON = VENV / ('Scripts/python.exe' if os.name == 'nt' else 'bin/python')
LOCKS = {'': ROOT / 'requirements' / 'app.txt', 'test': ROOT / 'requirements' / 'test.txt'}
UV = 'uv==0.13.9'  # makes the lock files; not needed to install them
DEBIAN_PACKAGES = {'/usr/bin/chromium': 'chromium', '/usr/bin/soffice': 'libreoffice-calc-nogui',
                   '/usr/lib/libreoffice/program/libswlo.so': 'libreoffice-writer-nogui',
                   '/usr/lib/postgresql/*/bin/initdb': 'postgresql'}


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):
        print('Codesign Workshop needs Python 3.11 or newer.', file=sys.stderr)
        return 2
    command, rest = (argv[0], argv[1:]) if argv else ('', [])
    if command == 'serve':
        setup(extras='')
        return run([str(PYTHON), '-m', 'workshop', 'serve', '--demo', *rest])
    if command == 'test':
        setup(extras='test')
        install_debian_packages()
        install_axe()
        return run([str(PYTHON), '-m', 'pytest', *rest])
    if command == 'lock':
        lock(upgrade='--upgrade' in rest)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


def setup(*, extras: str) -> None:
    make_venv()
    locked = LOCKS[extras]
    stamp = VENV / f'.installed-{extras or "app"}'
    digest = hashlib.sha256((ROOT / 'pyproject.toml').read_bytes() + locked.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    pip = [str(PYTHON), '-m', 'pip', '--disable-pip-version-check', '--quiet']
    if lock_is_current():
        print(f'Installing the dependencies locked in {locked.relative_to(ROOT)} …', flush=True)
        check(pip + ['install', '--require-hashes', '--no-deps', '--requirement', str(locked)])
        check(pip + ['install', '--no-deps', '--editable', '.'])
    else:  # someone changed pyproject.toml without `lock`: work on, and let tests/test_code_checks.py say so
        print(f'The dependencies in pyproject.toml changed since {locked.relative_to(ROOT)} was made: installing '
              'without the lock. Run `python3 tasks.py lock` and commit requirements/.', flush=True)
        check(pip + ['install', '--editable', f'.[{extras}]' if extras else '.'])
    stamp.write_text(digest)


def make_venv() -> None:
    if not PYTHON.exists():
        print('Creating the virtual environment in .venv …', flush=True)
        venv.create(VENV, with_pip=True)


def lock(*, upgrade: bool) -> None:
    """requirements/test.txt, then requirements/app.txt with the same versions, from pyproject.toml's ranges.

    Versions already locked stay unless pyproject.toml no longer allows them, or `upgrade` asks for the newest."""
    make_venv()
    check([str(PYTHON), '-m', 'pip', '--disable-pip-version-check', '--quiet', 'install', UV])
    uv = [str(PYTHON), '-m', 'uv', 'pip', 'compile', 'pyproject.toml', '--quiet', '--universal', '--python-version',
          '3.11', '--generate-hashes', '--custom-compile-command', 'python3 tasks.py lock',
          *(['--upgrade'] if upgrade else [])]
    check(uv + ['--extra', 'test', '--output-file', str(LOCKS['test'])])
    check(uv + ['--constraint', str(LOCKS['test']), '--output-file', str(LOCKS[''])])
    for path in LOCKS.values():
        path.write_text(f'{LOCK_MARK}{dependencies_digest()}\n' + path.read_text())
    print(f'Locked: {", ".join(str(p.relative_to(ROOT)) for p in LOCKS.values())}', flush=True)


LOCK_MARK = '# pyproject.toml dependencies: '


def dependencies_digest() -> str:
    """What the lock files were made from: pyproject.toml's dependencies and extras (not its other settings)."""
    project = tomllib.loads((ROOT / 'pyproject.toml').read_text(encoding='utf-8'))['project']
    wanted = {'dependencies': project.get('dependencies', []), 'extras': project.get('optional-dependencies', {})}
    return hashlib.sha256(json.dumps(wanted, sort_keys=True).encode()).hexdigest()[:16]


def lock_is_current() -> bool:
    digest = dependencies_digest()
    return all(path.exists() and path.read_text(encoding='utf-8').startswith(f'{LOCK_MARK}{digest}\n')
               for path in LOCKS.values())


def install_debian_packages() -> None:
    missing = [package for path, package in DEBIAN_PACKAGES.items() if not glob.glob(path)]
    if not missing:
        return
    can_install = shutil.which('apt-get') and hasattr(os, 'geteuid') and os.geteuid() == 0
    if not can_install:
        print(f'Not installing {", ".join(missing)} (needs root and apt-get): the tests that need them will skip.',
              flush=True)
        return
    print(f'Installing Debian packages: {", ".join(missing)} …', flush=True)
    env = {**os.environ, 'DEBIAN_FRONTEND': 'noninteractive'}
    check(['apt-get', 'update', '-qq'], env=env)
    check(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', *missing], env=env)


def install_axe() -> None:
    """axe-core (accessibility audit) from the npm registry, pinned in tests/a11y/package-lock.json."""
    folder = ROOT / 'tests' / 'a11y'
    if (folder / 'node_modules' / 'axe-core' / 'axe.min.js').exists():
        return
    npm = shutil.which('npm')
    if not npm:
        print('Not installing axe-core (needs npm): the accessibility audit will skip.', flush=True)
        return
    print('Installing axe-core …', flush=True)
    check([npm, 'ci', '--no-audit', '--no-fund', '--silent'], cwd=folder)


def check(cmd: list[str], cwd: Path = ROOT, **kwargs) -> None:
    result = subprocess.run(cmd, cwd=cwd, **kwargs)
    if result.returncode != 0:
        raise SystemExit(f'Set-up failed: {" ".join(cmd)} exited with {result.returncode}')


def run(cmd: list[str]) -> int:
    try:
        return subprocess.run(cmd, cwd=ROOT).returncode
    except KeyboardInterrupt:
        return 130


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
