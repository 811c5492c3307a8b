"""``modelrec ui``: start the Streamlit wizard on this machine (127.0.0.1, usage stats off).

The wizard lives in the checkout's ``ui/`` folder, next to this package; on POSIX the command
becomes the streamlit process (exec), elsewhere it runs it as a child; either way the core
package itself never imports streamlit.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from ..errors import ModelrecError
from ._common import at_most, positive_int

__all__ = ["app_path", "register", "streamlit_command"]

DEFAULT_PORT = 8501


def app_path() -> Path:
    """The wizard's entry script (``ui/app.py`` in the source checkout)."""
    path = Path(__file__).resolve().parents[2] / "ui" / "app.py"
    if not path.is_file():
        raise ModelrecError(
            f"the wizard's script {path} is missing: the wizard runs from a source checkout "
            "of modelrec (git clone, then `make run`)"
        )
    return path


def streamlit_command(port: int, *, address: str = "127.0.0.1") -> list[str]:
    """The `streamlit run` command line: bound to ``address``, headless, no usage stats."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app_path()),
        "--server.address",
        address,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--global.developmentMode",
        "false",
        # no "Deploy" button: the wizard is a local tool
        "--client.toolbarMode",
        "minimal",
    ]


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "ui", help="start the wizard in your browser (http://127.0.0.1:8501 by default)"
    )
    p.add_argument(
        "--port",
        type=at_most(positive_int, 65_535),
        default=DEFAULT_PORT,
        help=f"port on 127.0.0.1 to serve the wizard on (default {DEFAULT_PORT})",
    )
    p.set_defaults(handler=_ui)


def _ui(args: argparse.Namespace) -> int:
    if not 1 <= args.port <= 65535:
        raise ModelrecError(f"--port {args.port}: give a port between 1 and 65535")
    command = streamlit_command(args.port)
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    print(
        f"modelrec wizard: open http://127.0.0.1:{args.port} in your browser (Ctrl+C stops it)",
        flush=True,
    )
    if os.name == "posix":
        # become the server: a signal to this process (Ctrl+C, a supervisor's SIGTERM) reaches
        # streamlit itself, and no orphaned server outlives the command
        os.execve(sys.executable, command, env)
    try:
        return subprocess.call(command, env=env)
    except KeyboardInterrupt:
        return 0
