"""``modelrec``: the command line, a thin shell over the Python API.

Each command formats what the API returns: text for people, ``--json`` for programs (on stdout).
Errors go to stderr as one readable message with a non-zero exit; a traceback means a bug.
Exit codes: 0 success, 1 a problem with the input or data, 2 a usage error.
While a command runs, its text output passes through :class:`_Printable`: control characters in
what it prints (a prompt id, a model's answer, a file name, an echoed value) are shown as
``\\xNN`` escapes, never sent raw to the terminal.

Command groups live in modules of this package; each has a ``register(commands)`` that adds its
subcommands. A new group is a new module listed in :data:`COMMAND_GROUPS`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from . import estimate, kb, match, recommend, report, ui, validate
from ._common import Handler

__all__ = ["COMMAND_GROUPS", "build_parser", "main"]

#: Modules whose ``register`` adds commands, in the order ``--help`` lists them.
COMMAND_GROUPS = (recommend, report, match, estimate, kb, validate, ui)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    from ..errors import ModelrecError  # light, but keep --help free of everything but argparse

    with _printable_output():
        try:
            return handler(args)
        except ModelrecError as exc:
            print(f"modelrec: error: {exc}", file=sys.stderr)
            return 1
        except BrokenPipeError:  # `modelrec kb list | head`
            return 0


class _Printable:
    """A text stream that replaces control characters (escape sequences, carriage returns,
    bidi overrides) in everything written; newlines and tabs pass. ``unfiltered`` is the stream
    underneath, for the progress bar's own escape sequence; other attributes (``buffer`` for
    binary output, ``isatty``) are the underlying stream's."""

    def __init__(self, stream: TextIO) -> None:
        self.unfiltered = stream

    def write(self, text: str) -> int:
        from ..inputs import printable

        self.unfiltered.write(printable(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.unfiltered, name)


@contextmanager
def _printable_output() -> Iterator[None]:
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Printable(out), _Printable(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="modelrec",
        description="Choose a language, speech, image or embedding model with reasons you "
        "can defend: a ranked, explained shortlist from your requirements.",
    )
    parser.add_argument(
        "--kb",
        metavar="PATH",
        type=Path,
        help="knowledge directory to use (default: $MODELREC_KNOWLEDGE, else the shipped one)",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.register(commands)
    return parser


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
