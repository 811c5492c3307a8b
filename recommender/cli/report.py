"""``modelrec report``: a questionnaire (or a saved decision.json) -> a stakeholder report."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ._common import add_currency_option, load_kb, shown_path

if TYPE_CHECKING:
    from ..report import DecisionRecord

__all__ = ["register"]

#: The registered renderers and string tables (recommender.report), named here so that
#: ``--help`` does not import them; a test keeps the lists equal.
_FORMATS = ("md", "html", "pdf", "json")
_LANGUAGES = ("en", "ja")
#: Output suffix -> format, when --format is not given.
_SUFFIXES = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".json": "json",
}


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "report",
        help="decision report for stakeholders: Markdown, HTML, PDF or JSON",
        description="Build the decision record for a questionnaire and render it: executive "
        "summary, shortlist, charts, sensitivity, licence obligations, privacy, cost and "
        "break-even, validation evidence, excluded models, method and manifest. "
        "--format json saves the record; --from renders a saved record again, byte for byte.",
    )
    p.add_argument("file", nargs="?", type=Path, metavar="FILE", help="questionnaire YAML")
    p.add_argument(
        "--from",
        dest="from_json",
        type=Path,
        metavar="DECISION.json",
        help="render a decision record saved with --format json (instead of FILE)",
    )
    p.add_argument(
        "--format",
        choices=_FORMATS,
        help="output format (default: from the -o suffix, else md)",
    )
    p.add_argument("-o", "--output", type=Path, metavar="OUT", help="write here (default stdout)")
    p.add_argument("--lang", default="en", choices=_LANGUAGES, help="report language")
    add_currency_option(
        p,
        help="show amounts in this currency (default: the questionnaire's currency:, else yen "
        "for --lang ja and US dollars otherwise)",
    )
    p.add_argument(
        "--validation",
        metavar="RUN_ID",
        help="attach a stored validation run (modelrec validate) as evidence; its measurements "
        "also re-rank the shortlist",
    )
    p.add_argument(
        "--created-at",
        metavar="ISO8601",
        help="timestamp to record (default now, UTC); fixes it for reproducible builds",
    )
    p.set_defaults(handler=_report)


def _report(args: argparse.Namespace) -> int:
    from ..errors import ReportError
    from ..report import render

    fmt = args.format or _SUFFIXES.get(args.output.suffix.lower() if args.output else "", "md")
    if args.from_json is not None and args.file is not None:
        raise ReportError("give a questionnaire FILE or --from DECISION.json, not both")
    if args.from_json is None and args.file is None:
        raise ReportError("give a questionnaire FILE, or --from DECISION.json to render a record")
    if fmt == "pdf" and args.output is None and sys.stdout.isatty():
        raise ReportError("a PDF is binary: write it to a file with -o decision.pdf")
    record = _from_json(args) if args.from_json is not None else _build(args)
    data = render(record, fmt, lang=args.lang)
    if args.output is None:
        if fmt == "md" and sys.stdout.isatty():  # no raw control characters on a terminal
            from ..inputs import printable

            data = printable(data.decode("utf-8")).encode("utf-8")
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    _write_atomically(args.output, data)
    print(
        f"wrote {shown_path(args.output)} ({fmt}, {args.lang}, {len(data):,} bytes; "
        f"{len(record.shortlist)} shortlisted, kb_version {record.kb_version})",
        file=sys.stderr,
    )
    return 0


def _from_json(args: argparse.Namespace) -> DecisionRecord:
    from ..errors import DecisionRecordInvalid
    from ..report import DecisionRecord

    if args.validation or args.created_at or args.currency:
        raise DecisionRecordInvalid(
            "--from renders the record as saved: --validation, --created-at and --currency "
            "apply when building from a questionnaire"
        )
    path: Path = args.from_json
    from ..inputs import InputFileError, decode_utf8, read_bytes

    try:
        text = decode_utf8(read_bytes(path, "decision"), str(path))
    except InputFileError as exc:
        raise DecisionRecordInvalid(str(exc)) from None
    return DecisionRecord.from_json(text, source=str(path))


def _build(args: argparse.Namespace) -> DecisionRecord:
    from ..engine import load_questionnaire
    from ..report import DecisionRecord

    kb = load_kb(args)
    questionnaire = load_questionnaire(args.file)  # a bad file fails before any work
    run = None
    if args.validation:
        from ..validation import load_run

        run = load_run(args.validation)
    currency = args.currency or (
        questionnaire.currency
        if "currency" in questionnaire.model_fields_set
        else "JPY"
        if args.lang == "ja"
        else "USD"
    )
    return DecisionRecord.build(
        questionnaire, kb=kb, validation=run, created_at=args.created_at, currency=currency
    )


def _write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename: never a half-written report."""
    from ..errors import ReportError

    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    except OSError as exc:
        raise ReportError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ReportError(f"cannot write {path}: {exc.strerror}") from None
