"""Import the Swallow LLM Leaderboard (Institute of Science Tokyo) into knowledge/evidence/.

The leaderboard's data lives in the GitHub repository swallow-llm/leaderboard (the site
swallow-llm.github.io/leaderboard is built from it): ``_data/model.yml`` holds every evaluated
model and its results, ``_data/task_post.yml`` and ``_data/task_pre.yml`` describe the tasks.
The data is published under CC BY 4.0 (stated in the repository README, the files' headers and
the site's About page), so the scores may be redistributed with attribution: each score's
``source`` names the data file at the snapshot's commit.

Usage::

    python scripts/import_swallow.py MIRROR#COMMIT [MIRROR#OLDER_COMMIT ...] \
        [--out knowledge/evidence/swallow_leaderboard.yaml] [--knowledge DIR]
    python scripts/import_swallow.py SNAPSHOT_DIR --commit COMMIT --as-of YYYY-MM-DD

A snapshot is a git repository (a clone or a bare mirror) at a commit, or a directory holding
``_data/`` (an export of one commit; ``--commit`` and ``--as-of`` then say which, unless it is a
git checkout). ``as_of`` is the date of the last commit that changed ``_data/model.yml``. With
several snapshots, each model's scores come from the newest one that has it: the leaderboard
drops models when it changes its evaluation framework, and an older snapshot keeps them.

The leaderboard's data has had three layouts (:data:`FRAMEWORKS`): the 2025 one (one
``task.yml``; every model on few-shot tasks), swallow-evaluation-instruct v202510 and v202604
(post-trained models on zero-shot tasks, base models on the few-shot ones). Only the tasks in
the tables below are imported; group averages are left out (their parts are imported, and an
average next to its parts would count them twice), and so are models the leaderboard flags as
evaluated in-domain. Scores are published on 0-1; each is written with ``scale: [0, 1]`` and
converted to the benchmark's own scale when the knowledge base loads. Model names go through
``knowledge/evidence/model_map.tsv`` (source ``swallow``); a name that is unmapped, or mapped to
an id the knowledge base does not hold, is matched by a catalogue model's exact ``hf_repo``.
Scores for ids the knowledge base does not hold are skipped; unmapped names are listed on
stderr.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

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

SOURCE = "swallow"
REPO_URL = "https://github.com/swallow-llm/leaderboard"
PAGE_URL = "https://swallow-llm.github.io/leaderboard/"
DEFAULT_OUT = EVIDENCE_DIR / "swallow_leaderboard.yaml"

#: A task table: (result group, task key as in model.yml) -> (the task's `field` in the snapshot's
#: task files, benchmark id, setting). The field pins what the key means: the importer stops when
#: a snapshot's task files give a key another field (key names are not always the task's name:
#: the v202604 en_post group keys IFBench as "MIFEvalJa"). None: the task file has no fields
#: (the 2025 layout); the key is checked to exist instead.
Tasks = dict[tuple[str, str], tuple[str | None, str, str]]

#: Post-trained models, swallow-evaluation-instruct v202604 (zero-shot; reasoning models sampled
#: at temperature 0.6, others greedy except the multi-sample tasks). MT-Bench judged by GPT-5.2.
POST_TASKS: Tasks = {
    ("ja_post", "JamC-QA"): ("jamcqa", "jamc-qa", "zero-shot CoT, accuracy"),
    ("ja_post", "WMT20enja"): ("wmt20_en_ja_bleu", "wmt20-en-ja", "zero-shot CoT, BLEU"),
    ("ja_post", "WMT20jaen"): ("wmt20_ja_en_bleu", "wmt20-ja-en", "zero-shot CoT, BLEU"),
    ("ja_post", "MIFEvalJa"): (
        "mifeval_ja_inst_level_strict_acc",
        "m-ifeval-ja",
        "zero-shot, instruction-level strict accuracy",
    ),
    ("ja_post", "MMLU-ProX"): ("mmlu_prox_japanese", "mmlu-prox-ja", "zero-shot CoT, accuracy"),
    ("ja_post", "GPQA"): (
        "gpqa_main_ja",
        "gpqa-ja",
        "main set in Japanese, zero-shot CoT, accuracy",
    ),
    ("ja_post", "PolyMathJaHT"): (
        "polymath_ja_high_top",
        "polymath-ja",
        "high and top levels, zero-shot CoT",
    ),
    ("ja_post", "JHumanEval"): ("jhumaneval_pass@1", "jhumaneval", "zero-shot, pass@1 (n=10)"),
    ("en_post", "MIFEvalJa"): (
        "ifbench_inst_level_strict_acc",
        "ifbench",
        "zero-shot, instruction-level strict accuracy",
    ),
    ("en_post", "MMLU-Pro"): ("mmlu_pro_english", "mmlu-pro", "zero-shot CoT, accuracy"),
    ("en_post", "GPQA"): ("gpqa_diamond", "gpqa-diamond", "zero-shot CoT, accuracy"),
    ("en_post", "MATH500"): ("math_500", "math-500", "zero-shot CoT, accuracy"),
    ("en_post", "AIME"): ("aime_2024_2025", "aime-2024-2025", "zero-shot CoT, accuracy"),
    ("en_post", "LCB"): (
        "livecodebench_v6_pass@1",
        "livecodebench",
        "v6, zero-shot, pass@1 (n=10)",
    ),
    ("en_post", "HellaSwag"): ("swallow_hellaswag", "hellaswag", "zero-shot, accuracy"),
    ("ja_mtb", "avg"): (
        "japanese_mtbench_average",
        "swallow-japanese-mt-bench",
        "8-category average, GPT-5.2 judge",
    ),
    ("en_mtb", "avg"): (
        "english_mtbench_average",
        "swallow-mt-bench",
        "8-category average, GPT-5.2 judge",
    ),
}

#: Pre-trained (base) models, swallow-evaluation (few-shot); the same in v202510 and v202604.
PRE_TASKS: Tasks = {
    ("ja_pre", "JComQA"): ("jcommonsenseqa", "jcommonsenseqa", "4-shot, accuracy"),
    ("ja_pre", "JEMHopQA"): ("jemhopqa", "jemhopqa", "4-shot, character F1"),
    ("ja_pre", "NIILC"): ("niilc", "niilc", "4-shot, character F1"),
    ("ja_pre", "JSQuAD"): ("jsquad", "jsquad", "4-shot, character F1"),
    ("ja_pre", "XLSum"): ("XLSUM_ja_1shot", "xlsum-ja", "1-shot, ROUGE-2"),
    ("ja_pre", "MGSM"): ("MATH (mgsm_ja)", "mgsm-ja", "4-shot, exact match"),
    ("ja_pre", "WMT20enja"): ("wmt20_en_ja_bleu", "wmt20-en-ja", "4-shot, BLEU"),
    ("ja_pre", "WMT20jaen"): ("wmt20_ja_en_bleu", "wmt20-ja-en", "4-shot, BLEU"),
    ("ja_pre", "JMMLU"): ("jmmlu", "jmmlu", "5-shot, accuracy"),
    ("ja_pre", "JHumanEval"): (
        "jhumaneval-unstripped@1",
        "jhumaneval",
        "0-shot, pass@1 (10 trials)",
    ),
    ("en_pre", "TriviaQA"): ("triviaqa", "triviaqa", "4-shot, exact match"),
    ("en_pre", "HellaSwag"): ("hellaswag", "hellaswag", "4-shot, accuracy"),
    ("en_pre", "MMLU"): ("mmlu", "mmlu", "5-shot, accuracy"),
    ("en_pre", "GSM8K"): ("gsm8k", "gsm8k", "4-shot, exact match"),
    ("en_pre", "MATH"): ("minerva_math-cot-maj1@1", "math", "4-shot Minerva CoT, exact match"),
    ("en_pre", "BBH"): ("bbh_cot", "bbh", "3-shot CoT, exact match"),
    ("en_pre", "HumanEval"): ("humaneval-unstripped@1", "humaneval", "0-shot, pass@1 (10 trials)"),
}


#: Post-trained models, swallow-evaluation-instruct v202510 (the leaderboard from 2025-11 to
#: 2026-05): MATH-100 (ja) instead of PolyMath and no IFBench; MT-Bench judged by GPT-4o, so the
#: averages count as the original (Japanese) MT-Bench, as makers quote them. MATH-100 (ja) and
#: the hidden M-IFEval (ja) column are not imported.
POST_TASKS_V202510: Tasks = {
    key: value
    for key, value in POST_TASKS.items()
    if key[0] in ("ja_post", "en_post")
    and key not in {("ja_post", "MIFEvalJa"), ("ja_post", "PolyMathJaHT"), ("en_post", "MIFEvalJa")}
    and key != ("en_post", "LCB")
} | {
    ("en_post", "LCB"): (
        "livecodebench_v5_v6_pass@1",
        "livecodebench",
        "v5 and v6, zero-shot, pass@1 (n=10)",
    ),
    ("ja_mtb", "avg"): (
        "japanese_mtbench_average",
        "japanese-mt-bench",
        "Nejumi edition questions, GPT-4o judge, 8-category average",
    ),
    ("en_mtb", "avg"): (
        "english_mtbench_average",
        "mt-bench",
        "GPT-4o judge, 8-category average",
    ),
}

#: Every model, swallow-evaluation (few-shot), the leaderboard until 2025-08 (one task.yml,
#: groups ja_basic / en_basic / ja_mtb / other). MT-Bench judged by GPT-4o.
TASKS_2025: Tasks = {
    ("ja_basic", "JComQA"): (None, "jcommonsenseqa", "4-shot, accuracy"),
    ("ja_basic", "JEMHopQA"): (None, "jemhopqa", "4-shot, character F1"),
    ("ja_basic", "NIILC"): (None, "niilc", "4-shot, character F1"),
    ("ja_basic", "JSQuAD"): (None, "jsquad", "4-shot, character F1"),
    ("ja_basic", "XL-Sum"): (None, "xlsum-ja", "1-shot, ROUGE-2"),
    ("ja_basic", "MGSM"): (None, "mgsm-ja", "4-shot, exact match"),
    ("ja_basic", "WMT20-en-ja"): (None, "wmt20-en-ja", "4-shot, BLEU"),
    ("ja_basic", "WMT20-ja-en"): (None, "wmt20-ja-en", "4-shot, BLEU"),
    ("ja_basic", "JMMLU"): (None, "jmmlu", "5-shot, accuracy"),
    ("ja_basic", "JHumanEval"): (None, "jhumaneval", "0-shot, pass@1 (10 trials)"),
    ("en_basic", "TriviaQA"): (None, "triviaqa", "4-shot, exact match"),
    ("en_basic", "HellaSwag"): (None, "hellaswag", "4-shot, accuracy"),
    ("en_basic", "MMLU"): (None, "mmlu", "5-shot, accuracy"),
    ("en_basic", "GSM8K"): (None, "gsm8k", "4-shot, exact match"),
    ("en_basic", "MATH"): (None, "math", "4-shot Minerva CoT, exact match"),
    ("en_basic", "BBH"): (None, "bbh", "3-shot CoT, exact match"),
    ("en_basic", "HumanEval"): (None, "humaneval", "0-shot, pass@1 (10 trials)"),
    ("ja_mtb", "JMT Avg"): (
        None,
        "japanese-mt-bench",
        "Nejumi edition questions, GPT-4o judge, 8-category average",
    ),
}


@dataclass(frozen=True)
class Framework:
    """One layout of the leaderboard's data: which task file defines which table."""

    name: str
    #: task file (under _data/) -> {is_post (None: every model): table}
    tables: dict[str, dict[bool | None, Tasks]]
    #: MT-Bench judge the task file must name, so a judge change is noticed
    judge: str

    def table(self, entry: dict[str, Any]) -> Tasks:
        merged: Tasks = {}
        for by_kind in self.tables.values():
            for kind, table in by_kind.items():
                if kind is None or kind == bool(entry.get("is_post")):
                    merged |= table
        return merged


FRAMEWORKS = {
    "v202604": Framework(
        "swallow-evaluation-instruct v202604",
        {"task_post.yml": {True: POST_TASKS}, "task_pre.yml": {False: PRE_TASKS}},
        "GPT-5.2",
    ),
    "v202510": Framework(
        "swallow-evaluation-instruct v202510",
        {"task_post.yml": {True: POST_TASKS_V202510}, "task_pre.yml": {False: PRE_TASKS}},
        "GPT-4o",
    ),
    "2025": Framework("swallow-evaluation (2025)", {"task.yml": {None: TASKS_2025}}, "GPT-4o"),
}


@dataclass(frozen=True)
class Snapshot:
    """The leaderboard's data files at one commit."""

    files: dict[str, str]  # name under _data/ -> text
    commit: str
    as_of: date

    @property
    def source_url(self) -> str:
        return f"{REPO_URL}/blob/{self.commit}/_data/model.yml"

    def framework(self) -> Framework:
        if "task.yml" in self.files and "task_post.yml" not in self.files:
            return FRAMEWORKS["2025"]
        if "polymath_ja_high_top" in self.files.get("task_post.yml", ""):
            return FRAMEWORKS["v202604"]
        return FRAMEWORKS["v202510"]

    def models(self) -> list[dict[str, Any]]:
        data = yaml.safe_load(self.files["model.yml"])
        if not isinstance(data, list):
            raise SystemExit(f"model.yml at {self.commit}: expected a list of models")
        return data


DATA_FILES = ("model.yml", "task.yml", "task_post.yml", "task_pre.yml")


def read_snapshot(spec: str, commit: str | None = None, as_of: date | None = None) -> Snapshot:
    """``spec`` is a directory holding _data/ (give ``commit`` and ``as_of`` unless it is a git
    checkout), or ``REPO#COMMIT``: the data files of a git repository (bare or not) at COMMIT."""
    path, _, rev = spec.partition("#")
    repo = Path(path)
    if rev:
        files = {}
        for name in DATA_FILES:
            try:
                files[name] = git(repo, "show", f"{rev}:_data/{name}")
            except subprocess.CalledProcessError:
                continue
        full = git(repo, "rev-parse", rev).strip()
        day = git(repo, "log", "-1", "--format=%cs", full, "--", "_data/model.yml").strip()
        return Snapshot(files, commit or full, as_of or date.fromisoformat(day))
    files = {
        name: (repo / "_data" / name).read_text(encoding="utf-8")
        for name in DATA_FILES
        if (repo / "_data" / name).exists()
    }
    if commit is None or as_of is None:
        try:
            out = git(repo, "log", "-1", "--format=%H %cs", "--", "_data/model.yml").split()
        except (OSError, subprocess.CalledProcessError):
            out = []
        if len(out) != 2:
            raise SystemExit(f"{spec}: give --commit and --as-of (not a git checkout)")
        commit, as_of = commit or out[0], as_of or date.fromisoformat(out[1])
    return Snapshot(files, commit, as_of)


def check_tasks(snapshot: Snapshot) -> list[str]:
    """Problems with a snapshot's task definitions: a key of the framework's tables that its
    task files define with another field (the key changed meaning) or not at all, or an MT-Bench
    judge other than the one the table assumes."""
    framework = snapshot.framework()
    problems = []
    for name, by_kind in framework.tables.items():
        text = snapshot.files.get(name)
        if text is None:
            problems.append(f"{snapshot.commit[:7]}: {name} is missing")
            continue
        groups = yaml.safe_load(text) or {}
        for table in by_kind.values():
            for (group, key), (field, _, _) in table.items():
                tasks = {
                    t.get("name"): t.get("field")
                    for t in (groups.get(group) or {}).get("tasks", [])
                }
                if key not in tasks:
                    problems.append(f"{snapshot.commit[:7]}: {name}: task {group}/{key} missing")
                elif field is not None and tasks[key] != field:
                    problems.append(
                        f"{snapshot.commit[:7]}: {name}: task {group}/{key} has field "
                        f"{tasks[key]!r}, not {field!r}"
                    )
        judged = any(group.endswith("mtb") for t in by_kind.values() for group, _ in t)
        if judged and f"grading by {framework.judge}" not in text:
            problems.append(
                f"{snapshot.commit[:7]}: {name}: MT-Bench judge is not {framework.judge}"
            )
    return problems


def convert(snapshots: list[Snapshot], mapper: Mapper) -> list[dict[str, Any]]:
    """Scores from the newest snapshot that has each model: an older snapshot only adds models
    the newer ones do not have (their scores came from an older evaluation framework)."""
    scores: list[dict[str, Any]] = []
    done: set[str] = set()
    for snapshot in sorted(snapshots, key=lambda s: s.as_of, reverse=True):
        framework = snapshot.framework()
        seen: set[str] = set()
        for entry in snapshot.models():
            model_id = mapper(str(entry["id"]))
            if model_id is None or model_id in done:
                continue
            if "in-domain" in str(entry.get("remark") or ""):
                continue  # trained on the benchmarks' training data: the leaderboard flags it
            seen.add(model_id)
            reasoning = entry.get("reasoning")
            mode = f"reasoning {reasoning}" if reasoning not in (None, "N/A") else None
            results = entry.get("results") or {}
            for (group, key), (_, benchmark, setting) in framework.table(entry).items():
                value = (results.get(group) or {}).get(key)
                if not isinstance(value, int | float) or not 0 <= value <= 1:
                    continue  # not evaluated (the 2025 data writes -0.01 for that)
                parts = [f"Swallow LLM Leaderboard ({framework.name})", setting]
                scores.append(
                    {
                        "model": model_id,
                        "benchmark": benchmark,
                        "value": float(value),
                        "scale": [0, 1],
                        "setting": ", ".join(parts + ([mode] if mode else [])),
                        "source": snapshot.source_url,
                        "as_of": snapshot.as_of,
                    }
                )
        done |= seen
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "snapshots",
        nargs="+",
        help="a directory holding _data/, or REPO#COMMIT (a git repository at a commit); "
        "several: each model's scores come from the newest snapshot that has it",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--commit", help="commit of a directory snapshot (pins the source URL)")
    parser.add_argument("--as-of", type=date.fromisoformat, help="date of a directory snapshot")
    parser.add_argument("--map", type=Path, default=MODEL_MAP, help="model-name mapping (TSV)")
    parser.add_argument("--knowledge", type=Path, default=None, help="knowledge dir to check ids")
    args = parser.parse_args(argv)

    snapshots = [read_snapshot(spec, args.commit, args.as_of) for spec in args.snapshots]
    problems = [p for snapshot in snapshots for p in check_tasks(snapshot)]
    if problems:
        print("\n".join(problems), file=sys.stderr)
        print(
            "swallow: the task definitions changed; review the tables in this script",
            file=sys.stderr,
        )
        return 1
    kb = load_models_kb(args.knowledge)
    mapper = Mapper(read_model_map(args.map, SOURCE), {m.id for m in kb.models}, hf_index(kb))
    scores = convert(snapshots, mapper)
    used = "\n".join(
        f"  {s.commit} ({s.as_of}, {s.framework().name})"
        for s in sorted(snapshots, key=lambda s: s.as_of, reverse=True)
    )
    header = (
        f"Swallow LLM Leaderboard ({PAGE_URL}), Institute of Science Tokyo; data under CC BY 4.0.\n"
        f"Generated by scripts/import_swallow.py from {REPO_URL} at (newest first):\n{used}\n"
        "Each model's scores come from the newest snapshot that has it.\n"
        "Do not edit by hand: re-run the script (see knowledge/evidence/README.md)."
    )
    count = write_scores(args.out, header, scores)
    mapper.report(SOURCE)
    models = len({s["model"] for s in scores})
    print(f"{SOURCE}: wrote {count} scores for {models} models to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
