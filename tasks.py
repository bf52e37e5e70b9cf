#!/usr/bin/env python3
"""Set up and run Codesign Workshop with nothing but Python 3.11+ and git.

    python3 tasks.py serve   # set up, then start the app with the demo CAR T-cell workshop
    python3 tasks.py test    # set up (with test tools), then run the full test suite

Set-up makes a virtual environment in .venv and installs the project into it; it is skipped when nothing changed.
For the test suite it also installs Debian's chromium (browser tests), LibreOffice Calc and Writer (spreadsheet
and Word document checks) and PostgreSQL (the store tests run on it too, on a server they start themselves) when
they are missing and this user may install them, and axe-core (accessibility audit) with npm where npm is
available; otherwise those tests skip and say why (in CI they must run).
Extra arguments go to `workshop serve` or to pytest.
"""
from __future__ import annotations

import glob
import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / '.venv'
PYTHON = VENV / ('Scripts/python.exe' if os.name == 'nt' else 'bin/python')
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
    print(__doc__, file=sys.stderr)
    return 2


def setup(*, extras: str) -> None:
    if not PYTHON.exists():
        print('Creating the virtual environment in .venv …', flush=True)
        venv.create(VENV, with_pip=True)
    spec = f'.[{extras}]' if extras else '.'
    stamp = VENV / f'.installed-{extras or "app"}'
    digest = hashlib.sha256((ROOT / 'pyproject.toml').read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    print(f'Installing Codesign Workshop and its dependencies ({spec}) …', flush=True)
    pip = [str(PYTHON), '-m', 'pip', '--disable-pip-version-check', '--quiet']
    check(pip + ['install', '--upgrade', 'pip'])
    check(pip + ['install', '--editable', spec])
    stamp.write_text(digest)


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
