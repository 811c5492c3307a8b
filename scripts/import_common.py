"""Shared parts of the evidence importers (``scripts/import_*.py``), and a coverage report.

An importer reads a results snapshot (a clone of a leaderboard's public data), maps the
source's model names to knowledge-base ids with ``knowledge/evidence/model_map.tsv``, keeps
only ids that exist in the loaded knowledge base, and writes ``scores:`` records (see
``ScoreRecord`` in ``recommender/kb/schema.py``) to a file under ``knowledge/evidence/``.

The mapping is a tab-separated file, not YAML: every ``.yaml`` file under ``knowledge/`` is read
as knowledge records, and a mapping is not one. Its columns are ``source``, ``name`` (the
model as the source prints it) and ``id`` (the knowledge-base id, or ``-`` for a model the
catalogue deliberately does not carry). Lines starting with ``#`` are comments.

Coverage report (share of current LLMs/VLMs with two or more relevant benchmarks)::

    python scripts/import_common.py coverage [--knowledge DIR] [--list]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as `python scripts/import_x.py` from anywhere
    sys.path.insert(0, str(REPO))

from recommender import load_knowledge_base  # noqa: E402

EVIDENCE_DIR = REPO / "knowledge" / "evidence"
MODEL_MAP = EVIDENCE_DIR / "model_map.tsv"
#: Written in a mapping's id column for a model the catalogue does not carry on purpose.
NOT_IN_CATALOGUE = "-"


# ---------------------------------------------------------------------------------------------
# Model-name mapping


def read_model_map(path: Path = MODEL_MAP, source: str | None = None) -> dict[str, str]:
    """``{source's model name: kb id or '-'}`` for ``source`` (all sources when None)."""
    mapping: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) != 3 or not all(cells):
            raise ValueError(f"{path}:{number}: expected 3 tab-separated columns: {line!r}")
        src, name, model_id = cells
        if source is not None and src != source:
            continue
        if name in mapping and mapping[name] != model_id:
            raise ValueError(
                f"{path}:{number}: '{name}' mapped twice ({mapping[name]}, {model_id})"
            )
        mapping[name] = model_id
    return mapping


def git(repo: Path, *args: str) -> str:
    """``git -C repo ARGS``'s output (raises CalledProcessError when git fails)."""
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout


def load_models_kb(knowledge: Path | None = None) -> Any:
    """The knowledge base at ``knowledge`` (default: the shipped one) without its evidence files,
    so an importer runs even when an earlier output of its own no longer loads (a benchmark
    renamed, a model removed): evidence files add scores, never models."""
    root = Path(knowledge) if knowledge is not None else REPO / "knowledge"
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "knowledge"
        shutil.copytree(root, copy, ignore=shutil.ignore_patterns("evidence"))
        return load_knowledge_base(copy)


def hf_index(kb: Any) -> dict[str, str]:
    """Hugging Face repo (lower-case) -> kb id, for :class:`Mapper`'s ``by_repo``."""
    return {m.hf_repo.lower(): m.id for m in kb.models if m.hf_repo}


@dataclass
class Mapper:
    """Maps a source's names to knowledge-base ids and remembers what it could not map."""

    mapping: Mapping[str, str]
    ids: set[str]
    #: Hugging Face repo (lower-case) -> kb id, for sources that name models by repository:
    #: used when a name is unmapped or mapped to an id the knowledge base does not hold.
    by_repo: Mapping[str, str] = field(default_factory=dict)
    unmapped: set[str] = field(default_factory=set)
    absent: dict[str, str] = field(default_factory=dict)  # name -> mapped id the KB lacks (yet)

    def __call__(self, name: str) -> str | None:
        model_id = self.mapping.get(name)
        if model_id == NOT_IN_CATALOGUE:
            return None
        if model_id is not None and model_id in self.ids:
            return model_id
        by_repo = self.by_repo.get(name.lower())
        if by_repo is not None:
            return by_repo
        if model_id is None:
            self.unmapped.add(name)
        else:
            self.absent[name] = model_id
        return None

    def report(self, source: str, stream: Any = None) -> None:
        stream = stream if stream is not None else sys.stderr
        if self.unmapped:
            print(f"{source}: {len(self.unmapped)} model names not in the mapping:", file=stream)
            for name in sorted(self.unmapped):
                print(f"  {name}", file=stream)
        if self.absent:
            print(
                f"{source}: {len(self.absent)} mapped ids not in the knowledge base (skipped):",
                file=stream,
            )
            for name, model_id in sorted(self.absent.items()):
                print(f"  {name} -> {model_id}", file=stream)


# ---------------------------------------------------------------------------------------------
# Output


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        text = f"{value:.6g}" if isinstance(value, float) else str(value)
        return text
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    text = str(value)
    plain = (
        text
        and text == text.strip()
        and not any(ch in text for ch in ":#{}[],&*!|>'\"%@`")
        and text[0] not in "-?"
        and text.lower() not in {"yes", "no", "true", "false", "null", "on", "off", "~"}
    )
    if plain:
        try:
            float(text)
        except ValueError:
            return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


SCORE_FIELDS = ("model", "benchmark", "value", "scale", "setting", "source", "as_of")


def write_scores(path: Path, header: str, scores: Iterable[Mapping[str, Any]]) -> int:
    """Write ``scores:`` records (fields in ScoreRecord order) after a ``#`` comment header."""
    lines = [f"# {line}".rstrip() for line in header.strip().splitlines()]
    lines.append("scores:")
    count = 0
    for score in sorted(scores, key=lambda s: (s["model"], s["benchmark"], s.get("setting") or "")):
        first = True
        for key in SCORE_FIELDS:
            if score.get(key) is None:
                continue
            lines.append(f"{'- ' if first else '  '}{key}: {_scalar(score[key])}")
            first = False
        count += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return count


# ---------------------------------------------------------------------------------------------
# Coverage (the report lives in the package: recommender.kb.coverage, also shown by kb stats)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    cov = sub.add_parser("coverage", help="share of current LLMs/VLMs with relevant scores")
    cov.add_argument("--knowledge", type=Path, default=None)
    cov.add_argument("--list", action="store_true", help="list the models below the bar")
    args = parser.parse_args(argv)
    from recommender.kb.coverage import evidence_coverage

    result = evidence_coverage(load_knowledge_base(args.knowledge))
    for line in result.lines():
        print(line)
    if args.list:
        print("\nbelow two relevant benchmarks:")
        for model_id, n in result.thin:
            print(f"  {model_id}\t{n}")
        print("\nJapanese-capable without a Japanese score:")
        for model_id in result.ja_missing:
            print(f"  {model_id}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
