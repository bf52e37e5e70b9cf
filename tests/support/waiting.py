"""Waiting for a condition, never for a fixed time: a test goes on the moment what it needs has happened, and fails
saying what did not happen instead of hanging."""
from __future__ import annotations

import asyncio
import time
from typing import Callable


async def until(condition: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    """Check `condition` every 50 ms until it holds; fail after `timeout` seconds, naming `what`."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f'{what}: not within {timeout} s')
        await asyncio.sleep(0.05)
