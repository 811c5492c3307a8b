"""Debian's Chromium, headless, for the wizard's browser tests (tests/e2e) and its start-up
benchmark (benchmarks/wizard_startup.py): the binary, its flags, and a free localhost port."""

from __future__ import annotations

import socket

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "free_port"]

CHROMIUM = "/usr/bin/chromium"
#: No sandbox (containers), no GPU, and none of Chromium's own background network traffic.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
