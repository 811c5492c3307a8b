"""Import the Swallow LLM Leaderboard (Institute of Science Tokyo) into knowledge/evidence/.

The leaderboard's data lives in the GitHub repository swallow-llm/leaderboard (the site
swallow-llm.github.io/leaderboard is built from it): ``_data/model.yml`` holds every evaluated
model and its results, ``_data/task_post.yml`` and ``_data/task_pre.yml`` describe the tasks.
The data is published under CC BY 4.0 (stated in the repository README, the files' headers and
the site's About page), so the scores may be redistributed with attribution: each score's
``source`` names the data file at the snapshot's commit.

Usage::

    git -C MIRROR archive COMMIT _data | tar -x -C SNAPSHOT_DIR
    python scripts/import_swallow.py SNAPSHOT_DIR --commit COMMIT --as-of YYYY-MM-DD \
        [--out knowledge/evidence/swallow_leaderboard.yaml] [--knowledge DIR]

When SNAPSHOT_DIR is a git checkout, ``--commit`` and ``--as-of`` default to the commit and date
of the last change to ``_data/model.yml``.

Only the tasks listed in :data:`POST_TASKS` and :data:`PRE_TASKS` are imported (group averages
are left out: their parts are imported, and an average next to its parts would count them
twice). Scores are published on 0-1; each is written with ``scale: [0, 1]`` and converted to the
benchmark's own scale when the knowledge base loads. Model names go through
``knowledge/evidence/model_map.tsv`` (source ``swallow``); an unmapped name whose Hugging Face
repository is exactly a catalogue model's ``hf_repo`` is matched by it. Scores for ids the
knowledge base does not hold are skipped; unmapped names are listed on stderr.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_common import (
    EVIDENCE_DIR,
    MODEL_MAP,
    Mapper,
    hf_index,
    load_models_kb,
    read_model_map,
    write_scores,
)

SOURCE = "swallow"
REPO_URL = "https://github.com/swallow-llm/leaderboard"
PAGE_URL = "https://swallow-llm.github.io/leaderboard/"
DEFAULT_OUT = EVIDENCE_DIR / "swallow_leaderboard.yaml"

#: (result group, task key as in model.yml) -> (the task's `field` in _data/task_*.yml, benchmark
#: id, setting). The field pins what the key means: the importer stops when a snapshot's task
#: files give a key another field (the key names of a group are not always the task's name: the
#: en_post group keys IFBench as "MIFEvalJa"). Post-trained models,
#: evaluated with swallow-evaluation-instruct (zero-shot; reasoning models sampled at
#: temperature 0.6, others greedy except the multi-sample tasks).
POST_TASKS: dict[tuple[str, str], tuple[str, str, str]] = {
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

#: Pre-trained (base) models, evaluated with swallow-evaluation (few-shot).
PRE_TASKS: dict[tuple[str, str], tuple[str, str, str]] = {
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


def git_snapshot_info(snapshot: Path) -> tuple[str, date] | None:
    """(commit, date) of the last change to _data/model.yml when ``snapshot`` is a checkout."""
    try:
        out = subprocess.run(
            ["git", "-C", str(snapshot), "log", "-1", "--format=%H %cs", "--", "_data/model.yml"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return None
    if len(out) != 2:
        return None
    return out[0], date.fromisoformat(out[1])


def load_results(snapshot: Path) -> list[dict[str, Any]]:
    path = snapshot / "_data" / "model.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise SystemExit(f"{path}: expected a list of models")
    return data


def check_tasks(snapshot: Path) -> list[str]:
    """Problems with the task definitions: a key of the tables above that the snapshot's task
    files define with another field (the key changed meaning). Missing files are no problem."""
    problems = []
    for name, table in (("task_post.yml", POST_TASKS), ("task_pre.yml", PRE_TASKS)):
        path = snapshot / "_data" / name
        if not path.exists():
            continue
        groups = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for (group, key), (field, _, _) in table.items():
            tasks = {
                t.get("name"): t.get("field") for t in (groups.get(group) or {}).get("tasks", [])
            }
            if key not in tasks:
                problems.append(f"{name}: task {group}/{key} is not defined")
            elif tasks[key] != field:
                problems.append(
                    f"{name}: task {group}/{key} has field {tasks[key]!r}, not {field!r}"
                )
    return problems


def convert(
    results: list[dict[str, Any]],
    mapper: Mapper,
    *,
    source_url: str,
    as_of: date,
) -> list[dict[str, Any]]:
    scores: list[dict[str, Any]] = []
    for entry in results:
        name = str(entry["id"])
        model_id = mapper(name)
        if model_id is None:
            continue
        tasks = POST_TASKS if entry.get("is_post") else PRE_TASKS
        reasoning = entry.get("reasoning")
        mode = f"reasoning {reasoning}" if reasoning not in (None, "N/A") else None
        results_ = entry.get("results") or {}
        for (group, key), (_, benchmark, setting) in tasks.items():
            value = (results_.get(group) or {}).get(key)
            if value is None:
                continue
            parts = ["Swallow LLM Leaderboard", setting] + ([mode] if mode else [])
            scores.append(
                {
                    "model": model_id,
                    "benchmark": benchmark,
                    "value": float(value),
                    "scale": [0, 1],
                    "setting": ", ".join(parts),
                    "source": source_url,
                    "as_of": as_of,
                }
            )
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("snapshot", type=Path, help="directory holding _data/model.yml")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--commit", help="the snapshot's commit (pins the source URL)")
    parser.add_argument("--as-of", type=date.fromisoformat, help="the snapshot's date")
    parser.add_argument("--map", type=Path, default=MODEL_MAP, help="model-name mapping (TSV)")
    parser.add_argument("--knowledge", type=Path, default=None, help="knowledge dir to check ids")
    args = parser.parse_args(argv)

    commit, as_of = args.commit, args.as_of
    if commit is None or as_of is None:
        info = git_snapshot_info(args.snapshot)
        if info is None:
            parser.error("--commit and --as-of are required when SNAPSHOT is not a git checkout")
        commit = commit or info[0]
        as_of = as_of or info[1]
    source_url = f"{REPO_URL}/blob/{commit}/_data/model.yml"

    problems = check_tasks(args.snapshot)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        print(
            "swallow: the task definitions changed; review the tables in this script",
            file=sys.stderr,
        )
        return 1
    kb = load_models_kb(args.knowledge)
    mapper = Mapper(read_model_map(args.map, SOURCE), {m.id for m in kb.models}, hf_index(kb))
    results = load_results(args.snapshot)
    scores = convert(results, mapper, source_url=source_url, as_of=as_of)
    header = (
        f"Swallow LLM Leaderboard ({PAGE_URL}), Institute of Science Tokyo; data under CC BY 4.0.\n"
        f"Generated by scripts/import_swallow.py from {REPO_URL} at {commit} ({as_of}).\n"
        "Do not edit by hand: re-run the script (see knowledge/evidence/README.md)."
    )
    count = write_scores(args.out, header, scores)
    mapper.report(SOURCE)
    models = len({s["model"] for s in scores})
    print(f"{SOURCE}: wrote {count} scores for {models} models to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
