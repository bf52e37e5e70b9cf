"""Run a server as a subprocess for tests and benchmarks: a free port, a clean environment, wait until it answers.
The one harness for both (tests/support/browser.py builds its `running_server` on it); it needs no pytest.

The child never inherits PYTEST_* or NICEGUI_* variables: NiceGUI switches to its test mode when it sees them.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(('PYTEST_', 'NICEGUI_'))}
    env.update(extra)
    return env


def workshop_cli(*args: str, data: Path) -> str:
    """Run the `workshop` command (same interpreter), return its stdout; raise with its stderr on failure."""
    result = subprocess.run([sys.executable, '-m', 'workshop', *args, '--data', str(data)], cwd=ROOT, env=clean_env(),
                            capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise RuntimeError(f'workshop {" ".join(args)} failed: {result.stderr.strip()}')
    return result.stdout


def new_workshop(data: Path, template: str = 'car-t-cell-therapy') -> dict:
    return json.loads(workshop_cli('new', '--template', template, '--json', data=data))


class Server:
    """`python -m workshop serve` (or any command) on 127.0.0.1:port; `kill()` is a kill -9."""

    def __init__(self, cmd: list[str], port: int, *, log: Path, env: dict[str, str] | None = None,
                 cwd: Path | None = None) -> None:
        self.cmd, self.port, self.log_path, self.env = cmd, port, log, env or clean_env()
        self.cwd = cwd or log.parent  # NiceGUI keeps user storage in ./.nicegui: never in the repository
        self.process: subprocess.Popen | None = None
        self._log = None
        self.url = f'http://127.0.0.1:{port}'

    @classmethod
    def workshop(cls, data: Path, port: int, *args: str, log: Path, env: dict[str, str] | None = None,
                 cwd: Path | None = None) -> Server:
        """`workshop serve` on `data`, with any further arguments (e.g. '--demo')."""
        data.mkdir(parents=True, exist_ok=True)  # with PostgreSQL the command line never made it
        return cls([sys.executable, '-m', 'workshop', 'serve', '--data', str(data), '--port', str(port), *args], port,
                   log=log, env=env, cwd=cwd or data)

    def start(self, timeout: float = 30.0, probe: str = '/') -> Server:
        self._close_log()
        self._log = open(self.log_path, 'ab')
        self.process = subprocess.Popen(self.cmd, cwd=self.cwd, env=self.env, stdout=self._log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f'server exited with {self.process.returncode}: {self.log()[-2000:]}')
            try:
                if httpx.get(self.url + probe, timeout=2).status_code < 500:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f'server did not answer within {timeout} s: {self.log()[-2000:]}')

    def kill(self) -> None:
        """kill -9: no shutdown handlers, no flushing; what was committed must survive."""
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self._close_log()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        self._close_log()

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None

    def rss_mb(self, field: str = 'VmRSS') -> float:
        """Resident memory of the server process in MB: VmRSS now, or VmHWM, the peak so far."""
        for line in Path(f'/proc/{self.process.pid}/status').read_text().splitlines():
            if line.startswith(f'{field}:'):
                return int(line.split()[1]) / 1024
        return 0.0

    def cpu_seconds(self) -> float:
        """User + system CPU time the server process has used."""
        fields = Path(f'/proc/{self.process.pid}/stat').read_text().rsplit(')', 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')

    def log(self) -> str:
        return self.log_path.read_text(errors='replace') if self.log_path.exists() else ''


def finish(report: dict, print_report: Callable[[dict], None], json_path: str | None) -> int:
    """The end of each session benchmark: the figures printed, and also written as JSON when asked."""
    print_report(report)
    if json_path:
        Path(json_path).write_text(json.dumps(report, indent=2, default=str))
    return 0
