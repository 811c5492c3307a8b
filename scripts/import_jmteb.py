"""Import JMTEB (Japanese embedding benchmark, SB Intuitions) results into knowledge/evidence/.

JMTEB's repository (github.com/sbintuitions/JMTEB) keeps one ``docs/results/ORG/MODEL/
summary.json`` per evaluated model: task group -> dataset -> {metric: score in 0-1}. Its
``leaderboard.md`` ranks models by the mean over every dataset score (x100); this importer
computes the same mean and writes it as the ``jmteb`` benchmark. The repository is under
CC BY-SA 4.0 (its LICENSE file), so the derived file carries that licence and names its source.

Usage::

    python scripts/import_jmteb.py MIRROR#COMMIT [--out knowledge/evidence/jmteb.yaml]
    python scripts/import_jmteb.py SNAPSHOT_DIR --commit COMMIT --as-of YYYY-MM-DD

A snapshot is a git repository (a clone or a bare mirror) at a commit, or a directory holding
``docs/results/`` (then ``--commit`` and ``--as-of`` say which). ``as_of`` is the date of the last
commit that changed ``docs/results``. Names (ORG/MODEL as in the results tree) go through
``knowledge/evidence/model_map.tsv`` (source ``jmteb``), else a catalogue model's exact
``hf_repo``; ids the knowledge base does not hold are skipped and listed on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_common import (
    EVIDENCE_DIR,
    MODEL_MAP,
    Mapper,
    git,
    hf_index,
    load_models_kb,
    read_model_map,
    write_scores,
)

SOURCE = "jmteb"
REPO_URL = "https://github.com/sbintuitions/JMTEB"
DEFAULT_OUT = EVIDENCE_DIR / "jmteb.yaml"
RESULTS = "docs/results"


def read_results(
    spec: str, commit: str | None, as_of: date | None
) -> tuple[dict[str, dict[str, Any]], str, date]:
    """``{ORG/MODEL: summary}``, the commit and the date of a snapshot (see the module doc)."""
    path, _, rev = spec.partition("#")
    repo = Path(path)
    summaries: dict[str, dict[str, Any]] = {}
    if rev:
        full = git(repo, "rev-parse", rev).strip()
        names = git(repo, "ls-tree", "-r", "--name-only", full, RESULTS).splitlines()
        for name in names:
            if name.endswith("/summary.json"):
                model = name[len(RESULTS) + 1 : -len("/summary.json")]
                summaries[model] = json.loads(git(repo, "show", f"{full}:{name}"))
        day = git(repo, "log", "-1", "--format=%cs", full, "--", RESULTS).strip()
        return summaries, commit or full, as_of or date.fromisoformat(day)
    if commit is None or as_of is None:
        raise SystemExit(f"{spec}: give --commit and --as-of for a directory snapshot")
    for file in sorted((repo / RESULTS).glob("*/*/summary.json")):
        model = f"{file.parent.parent.name}/{file.parent.name}"
        summaries[model] = json.loads(file.read_text(encoding="utf-8"))
    return summaries, commit, as_of


def average(summary: dict[str, Any]) -> tuple[float, int] | None:
    """Mean over every dataset's score (each dataset's first metric, as leaderboard.md takes
    it), x100, and the number of datasets; None without any."""
    scores = []
    for datasets in summary.values():
        for metrics in datasets.values():
            value = next(iter(metrics.values()), None)
            if isinstance(value, int | float) and not isinstance(value, bool):
                scores.append(float(value))
    if not scores:
        return None
    return round(100 * sum(scores) / len(scores), 2), len(scores)


def convert(
    summaries: dict[str, dict[str, Any]], mapper: Mapper, commit: str, as_of: date
) -> list[dict[str, Any]]:
    scores = []
    for name, summary in sorted(summaries.items()):
        model_id = mapper(name)
        if model_id is None:
            continue
        result = average(summary)
        if result is None:
            continue
        value, count = result
        scores.append(
            {
                "model": model_id,
                "benchmark": "jmteb",
                "value": value,
                "setting": f"JMTEB leaderboard average over {count} datasets (x100)",
                "source": f"{REPO_URL}/blob/{commit}/{RESULTS}/{name}/summary.json",
                "as_of": as_of,
            }
        )
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("snapshot", help="a directory holding docs/results/, or REPO#COMMIT")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--commit", help="commit of a directory snapshot (pins the source URL)")
    parser.add_argument("--as-of", type=date.fromisoformat, help="date of a directory snapshot")
    parser.add_argument("--map", type=Path, default=MODEL_MAP, help="model-name mapping (TSV)")
    parser.add_argument("--knowledge", type=Path, default=None, help="knowledge dir to check ids")
    args = parser.parse_args(argv)

    summaries, commit, as_of = read_results(args.snapshot, args.commit, args.as_of)
    kb = load_models_kb(args.knowledge)
    mapper = Mapper(read_model_map(args.map, SOURCE), {m.id for m in kb.models}, hf_index(kb))
    scores = convert(summaries, mapper, commit, as_of)
    header = (
        f"JMTEB results (SB Intuitions), {REPO_URL}; repository licence CC BY-SA 4.0, so this\n"
        "derived file is under CC BY-SA 4.0 too.\n"
        f"Generated by scripts/import_jmteb.py from {REPO_URL} at {commit} ({as_of}).\n"
        "Do not edit by hand: re-run the script (see knowledge/evidence/README.md)."
    )
    count = write_scores(args.out, header, scores)
    mapper.report(SOURCE)
    print(f"{SOURCE}: wrote {count} scores to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
