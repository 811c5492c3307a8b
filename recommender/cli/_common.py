"""What every command shares: loading the knowledge base, output, argument types."""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from ..kb import KnowledgeBase

__all__ = [
    "CURRENCIES",
    "KV_DTYPES",
    "Handler",
    "add_currency_option",
    "at_most",
    "display_width",
    "load_kb",
    "non_negative_float",
    "non_negative_int",
    "number",
    "positive_float",
    "positive_int",
    "print_help",
    "print_json",
    "print_table",
    "shown_path",
    "whole_number",
]

#: A command: takes the parsed arguments, returns the exit code.
Handler = Callable[[argparse.Namespace], int]

#: ``--currency`` choices: the questionnaire's ``Currency`` (spelled out here so that building
#: the parser does not import pydantic; a test keeps the two equal).
#: Kept literal (the command line starts without importing the engine): the questionnaire's
#: ``Currency`` (tests/estimate/test_cost.py checks it) and the schema's ``KvDtype``.
CURRENCIES = ("USD", "JPY", "EUR")
KV_DTYPES = ("f16", "q8_0", "q4_0", "fp8")


def add_currency_option(parser: argparse.ArgumentParser, help: str) -> None:
    """``--currency USD|JPY|EUR``: the currency amounts are shown in."""
    parser.add_argument("--currency", choices=CURRENCIES, help=help)


def load_kb(args: argparse.Namespace) -> KnowledgeBase:
    from ..kb import load_knowledge_base

    return load_knowledge_base(args.kb)


def shown_path(path: Path) -> Path:
    """``path`` relative to the working directory when it is below it."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


def print_json(payload: Any, out: TextIO | None = None) -> None:
    """JSON on stdout; control characters JSON leaves raw (C1, bidi overrides) as ``\\uXXXX``."""
    from ..inputs import CONTROL_CHARACTERS

    text = json.dumps(payload, ensure_ascii=False, indent=2)
    text = CONTROL_CHARACTERS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    print(text, file=out or sys.stdout)


def print_table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(display_width(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        cells = [
            str(c) + " " * (w - display_width(str(c))) for c, w in zip(row, widths, strict=True)
        ]
        print("  ".join(cells).rstrip())


def display_width(text: str) -> int:
    """Display width: East Asian wide characters take two columns."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def print_help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


# argparse types: a bad value is a usage error that names what was expected; every number is
# finite and below a cap, and each flag may set a tighter documented range with at_most

#: The largest magnitude any numeric flag accepts (a flag's own range is usually much smaller).
MAX_FLAG_VALUE = 1e12


def at_most(parse: Callable[[str], Any], limit: float) -> Callable[[str], Any]:
    """``parse`` (one of the types below) with an upper bound: ``type=at_most(positive_int,
    64)``; the usage error names the limit."""

    def parse_at_most(text: str) -> Any:
        value = parse(text)
        if value > limit:
            raise argparse.ArgumentTypeError(f"must be at most {limit:,g}, got {text[:40]}")
        return value

    return parse_at_most


def non_negative_float(text: str) -> float:
    value = number(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative, got {text}")
    return value


def non_negative_int(text: str) -> int:
    value = whole_number(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative, got {text}")
    return value


def whole_number(text: str) -> int:
    try:
        value = int(text) if len(text) <= 40 else None
    except ValueError:
        value = None
    if value is None and text.strip().lstrip("+-").isdigit():
        raise argparse.ArgumentTypeError(
            f"must be at most {MAX_FLAG_VALUE:,.0f}, got {_shown(text)}"
        )
    if value is None:
        raise argparse.ArgumentTypeError(f"expected a whole number, got '{_shown(text)}'")
    if abs(value) > MAX_FLAG_VALUE:
        raise argparse.ArgumentTypeError(f"must be at most {MAX_FLAG_VALUE:,.0f}, got {text}")
    return value


def number(text: str) -> float:
    try:
        value = float(text) if len(text) <= 40 else None
    except ValueError:
        value = None
    if value is None and text.strip().lstrip("+-").replace(".", "", 1).isdigit():
        raise argparse.ArgumentTypeError(
            f"must be at most {MAX_FLAG_VALUE:,.0f}, got {_shown(text)}"
        )
    if value is None:
        raise argparse.ArgumentTypeError(f"expected a number, got '{_shown(text)}'")
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a finite number, got '{text}'")
    if abs(value) > MAX_FLAG_VALUE:
        raise argparse.ArgumentTypeError(f"must be at most {MAX_FLAG_VALUE:,.0f}, got {text}")
    return value


def _shown(text: str) -> str:
    from ..inputs import echo

    return echo(text, 40)


def positive_int(text: str) -> int:
    value = whole_number(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def positive_float(text: str) -> float:
    value = number(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {text}")
    return value
