"""The evidence importers (scripts/import_*.py) on small fixture snapshots with the real sources'
file layout: names are mapped, unknown ids skipped, scales converted, and the output loads."""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from recommender import load_knowledge_base

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts"


def script(name: str) -> ModuleType:
    """Import scripts/<name>.py (they import each other as top-level modules)."""
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    return importlib.import_module(name)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def model_scores(knowledge: Path, model_id: str, source_part: str) -> dict[str, float]:
    kb = load_knowledge_base(knowledge)
    model = kb.model(model_id)
    return {s.benchmark: s.value for s in model.benchmarks if source_part in s.source}


# ---------------------------------------------------------------------------------------------
# Mapping and output helpers


def test_model_map_reads_tab_separated_lines_per_source(tmp_path: Path) -> None:
    common = script("import_common")
    path = write(
        tmp_path / "map.tsv",
        "# comment\n\nswallow\tA/B\tab\nswallow\tC\t-\nmteb\tA/B\tother\n",
    )
    assert common.read_model_map(path, "swallow") == {"A/B": "ab", "C": "-"}
    assert common.read_model_map(path, "mteb") == {"A/B": "other"}
    write(path, "swallow\tonly-two-columns\n")
    with pytest.raises(ValueError, match="3 tab-separated columns"):
        common.read_model_map(path)


def test_mapper_prefers_the_map_then_the_hf_repo_and_reports_the_rest() -> None:
    common = script("import_common")
    mapper = common.Mapper(
        {"x/Mapped": "known", "x/Gone": "not-yet", "x/Skip": "-", "x/Repo": "not-yet-either"},
        {"known", "by-repo"},
        {"x/repo": "by-repo", "x/unlisted": "by-repo"},
    )
    assert mapper("x/Mapped") == "known"
    assert mapper("x/Gone") is None
    assert mapper("x/Skip") is None
    assert mapper("x/Repo") == "by-repo"  # mapped id absent, exact repo match present
    assert mapper("x/Unlisted") == "by-repo"
    assert mapper("x/Unknown") is None
    assert mapper.unmapped == {"x/Unknown"}
    assert mapper.absent == {"x/Gone": "not-yet"}


def test_coverage_counts_current_llms_with_two_relevant_benchmarks() -> None:
    from recommender import load_knowledge_base
    from recommender.kb.coverage import evidence_coverage, relevant_benchmarks

    kb = load_knowledge_base()
    result = evidence_coverage(kb)
    total, open_, api = result.llm_vlm, result.llm_vlm_open, result.llm_vlm_api
    assert total.total == open_.total + api.total > 0
    assert total.covered == open_.covered + api.covered
    assert len(result.thin) == total.total - total.covered
    assert 0 <= result.japanese.covered <= result.japanese.total
    groups = [g for (c, _), g in result.by_category.items() if c in ("llm", "vlm")]
    assert sum(g.total for g in groups) == total.total
    # a model with scores on two benchmarks that inform its tasks counts; one does not
    model = next(m for m in kb.models if len(relevant_benchmarks(kb, m)) >= 2)
    assert (model.id, len(relevant_benchmarks(kb, model))) not in result.thin


# ---------------------------------------------------------------------------------------------
# Swallow LLM Leaderboard

SWALLOW_TASK_POST = """
ja_post:
  tasks:
    - {name: avg, field: ja_post_avg}
    - {name: JamC-QA, field: jamcqa}
    - {name: WMT20enja, field: wmt20_en_ja_bleu}
    - {name: WMT20jaen, field: wmt20_ja_en_bleu}
    - {name: MIFEvalJa, field: mifeval_ja_inst_level_strict_acc}
    - {name: MMLU-ProX, field: mmlu_prox_japanese}
    - {name: GPQA, field: gpqa_main_ja}
    - {name: PolyMathJaHT, field: polymath_ja_high_top}
    - {name: JHumanEval, field: jhumaneval_pass@1}
en_post:
  tasks:
    - {name: avg, field: en_post_avg}
    - {name: HellaSwag, field: swallow_hellaswag}
    - {name: MIFEvalJa, field: ifbench_inst_level_strict_acc}
    - {name: MMLU-Pro, field: mmlu_pro_english}
    - {name: GPQA, field: gpqa_diamond}
    - {name: MATH500, field: math_500}
    - {name: AIME, field: aime_2024_2025}
    - {name: LCB, field: livecodebench_v6_pass@1}
ja_mtb:
  tasks:
    - {name: avg, field: japanese_mtbench_average}
    - name: coding
      metric: {en: Reference-guided grading by GPT-5.2}
en_mtb:
  tasks:
    - {name: avg, field: english_mtbench_average}
"""

SWALLOW_TASK_PRE = """
ja_pre:
  tasks:
    - {name: JComQA, field: jcommonsenseqa}
    - {name: JEMHopQA, field: jemhopqa}
    - {name: NIILC, field: niilc}
    - {name: JSQuAD, field: jsquad}
    - {name: XLSum, field: XLSUM_ja_1shot}
    - {name: MGSM, field: MATH (mgsm_ja)}
    - {name: WMT20enja, field: wmt20_en_ja_bleu}
    - {name: WMT20jaen, field: wmt20_ja_en_bleu}
    - {name: JMMLU, field: jmmlu}
    - {name: JHumanEval, field: jhumaneval-unstripped@1}
en_pre:
  tasks:
    - {name: TriviaQA, field: triviaqa}
    - {name: HellaSwag, field: hellaswag}
    - {name: MMLU, field: mmlu}
    - {name: GSM8K, field: gsm8k}
    - {name: MATH, field: minerva_math-cot-maj1@1}
    - {name: BBH, field: bbh_cot}
    - {name: HumanEval, field: humaneval-unstripped@1}
"""

SWALLOW_MODELS = """
- id: meta-llama/Meta-Llama-3.1-8B-Instruct
  name: Llama 3.1 8B Instruct
  is_post: true
  reasoning: N/A
  results:
    ja_post: {avg: 0.3, JamC-QA: 0.45, MMLU-ProX: 0.4, WMT20enja: 0.2}
    en_post: {avg: 0.4, MMLU-Pro: 0.5, MIFEvalJa: 0.3, GPQA: 0.3}
    ja_mtb: {avg: 0.55, coding: 0.5}
    en_mtb: {avg: 0.7}
- id: gpt-4o-2024-08-06
  name: GPT-4o
  is_post: true
  reasoning: N/A
  results:
    en_post: {MMLU-Pro: 0.75}
- id: google/gemma-3-27b-it
  name: Gemma 3 27B IT
  is_post: true
  reasoning: N/A
  results:
    en_post: {MMLU-Pro: 0.65}
- id: example/Not-In-Catalogue-7B
  name: Not in catalogue
  is_post: true
  reasoning: 'on'
  results:
    en_post: {MMLU-Pro: 0.6}
- id: example/Unmapped-3B
  name: Unmapped
  is_post: true
  results:
    en_post: {MMLU-Pro: 0.2}
- id: example/Skipped-Base
  name: Skipped base model
  is_post: false
  results:
    ja_pre: {JMMLU: 0.5}
"""

SWALLOW_MAP = (
    "swallow\tmeta-llama/Meta-Llama-3.1-8B-Instruct\tllama-3.1-8b-instruct\n"
    "swallow\tgpt-4o-2024-08-06\tgpt-4o\n"
    "swallow\texample/Not-In-Catalogue-7B\tnot-in-catalogue-7b\n"
    "swallow\texample/Skipped-Base\t-\n"
)


@pytest.fixture
def swallow_snapshot(tmp_path: Path) -> Path:
    snapshot = tmp_path / "swallow-leaderboard"
    write(snapshot / "_data" / "model.yml", SWALLOW_MODELS)
    write(snapshot / "_data" / "task_post.yml", SWALLOW_TASK_POST)
    write(snapshot / "_data" / "task_pre.yml", SWALLOW_TASK_PRE)
    return snapshot


def run_swallow(snapshot: Path, knowledge: Path, tmp_path: Path) -> Path:
    swallow = script("import_swallow")
    out = knowledge / "evidence" / "swallow_leaderboard.yaml"
    mapping = write(tmp_path / "map.tsv", SWALLOW_MAP)
    code = swallow.main(
        [
            str(snapshot),
            "--out",
            str(out),
            "--commit",
            "0123abc",
            "--as-of",
            "2026-05-07",
            "--map",
            str(mapping),
            "--knowledge",
            str(knowledge),
        ]
    )
    assert code == 0
    return out


def test_swallow_import_maps_skips_and_converts(
    swallow_snapshot: Path, kb_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = run_swallow(swallow_snapshot, kb_copy, tmp_path)
    err = capsys.readouterr().err
    scores = yaml.safe_load(out.read_text(encoding="utf-8"))["scores"]
    models = {s["model"] for s in scores}
    # mapped, matched by exact hf_repo; the absent id, the '-' entry and the unmapped name are not
    assert models == {"llama-3.1-8b-instruct", "gpt-4o", "gemma-3-27b-it"}
    assert "example/Unmapped-3B" in err  # listed as unmapped
    assert "not-in-catalogue-7b" in err  # listed as mapped but absent
    assert "example/Skipped-Base" not in err
    llama = {s["benchmark"]: s for s in scores if s["model"] == "llama-3.1-8b-instruct"}
    # group averages and MT-Bench categories are not imported; IFBench is read from its key
    assert set(llama) == {
        "jamc-qa",
        "mmlu-prox-ja",
        "wmt20-en-ja",
        "mmlu-pro",
        "ifbench",
        "gpqa-diamond",
        "swallow-japanese-mt-bench",
        "swallow-mt-bench",
    }
    first = llama["mmlu-pro"]
    assert first["scale"] == [0, 1]
    assert str(first["as_of"]) == "2026-05-07"
    assert first["source"].endswith("/blob/0123abc/_data/model.yml")
    assert first["setting"].startswith("Swallow LLM Leaderboard")

    # the output loads with the knowledge base, converted to each benchmark's own scale
    loaded = model_scores(kb_copy, "llama-3.1-8b-instruct", "0123abc")
    assert loaded["mmlu-pro"] == pytest.approx(50.0)
    assert loaded["jamc-qa"] == pytest.approx(45.0)
    assert loaded["swallow-japanese-mt-bench"] == pytest.approx(0.55)  # a 0-1 benchmark


def test_swallow_import_stops_when_a_task_key_changes_meaning(
    swallow_snapshot: Path, kb_copy: Path, tmp_path: Path
) -> None:
    tasks = swallow_snapshot / "_data" / "task_post.yml"
    tasks.write_text(
        tasks.read_text().replace("ifbench_inst_level_strict_acc", "something_else"),
        encoding="utf-8",
    )
    swallow = script("import_swallow")
    out = tmp_path / "out.yaml"
    args = ["--out", str(out), "--commit", "c", "--as-of", "2026-05-07"]
    code = swallow.main([str(swallow_snapshot), *args, "--knowledge", str(kb_copy)])
    assert code == 1
    assert not out.exists()


def test_swallow_import_runs_when_its_previous_output_is_broken(
    swallow_snapshot: Path, kb_copy: Path, tmp_path: Path
) -> None:
    write(kb_copy / "evidence" / "swallow_leaderboard.yaml", "scores:\n- {model: gone}\n")
    out = run_swallow(swallow_snapshot, kb_copy, tmp_path)
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["scores"]
    load_knowledge_base(kb_copy)


SWALLOW_TASK_2025 = """
ja_basic:
  tasks:
    - {name: Ja Avg}
    - {name: JComQA}
    - {name: JEMHopQA}
    - {name: NIILC}
    - {name: JSQuAD}
    - {name: XL-Sum}
    - {name: MGSM}
    - {name: WMT20-en-ja}
    - {name: WMT20-ja-en}
    - {name: JMMLU}
    - {name: JHumanEval}
en_basic:
  tasks:
    - {name: TriviaQA}
    - {name: HellaSwag}
    - {name: MMLU}
    - {name: GSM8K}
    - {name: MATH}
    - {name: BBH}
    - {name: HumanEval}
ja_mtb:
  tasks:
    - {name: JMT Avg}
    - {name: coding, metric: {en: Reference-guided grading by GPT-4o (gpt-4o-2024-08-06)}}
"""

SWALLOW_MODELS_2025 = """
- id: meta-llama/Meta-Llama-3.1-8B-Instruct
  results:
    ja_basic: {JMMLU: 0.9}
- id: Qwen/Qwen2.5-7B-Instruct
  results:
    ja_basic: {Ja Avg: 0.5, JMMLU: 0.55, NIILC: 0.4}
    en_basic: {MMLU: 0.7, GSM8K: -0.01}
    ja_mtb: {JMT Avg: 0.69}
- id: llm-jp/llm-jp-3.1-13b-instruct4
  remark: in-domain-evaluation
  results:
    ja_basic: {JMMLU: 0.6}
"""


def git(repo: Path, *args: str, date: str = "2025-06-26T00:00:00") -> str:
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(repo),
    }
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout.strip()


def test_swallow_import_takes_models_from_the_newest_snapshot_that_has_them(
    kb_copy: Path, tmp_path: Path
) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "leaderboard"
    repo.mkdir()
    git(repo, "init", "-q")
    write(repo / "_data" / "task.yml", SWALLOW_TASK_2025)
    write(repo / "_data" / "model.yml", SWALLOW_MODELS_2025)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "2025 layout")
    old = git(repo, "rev-parse", "HEAD")
    (repo / "_data" / "task.yml").unlink()
    write(repo / "_data" / "task_post.yml", SWALLOW_TASK_POST)
    write(repo / "_data" / "task_pre.yml", SWALLOW_TASK_PRE)
    write(repo / "_data" / "model.yml", SWALLOW_MODELS)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "v202604 layout", date="2026-05-07T00:00:00")
    new = git(repo, "rev-parse", "HEAD")

    swallow = script("import_swallow")
    out = kb_copy / "evidence" / "swallow_leaderboard.yaml"
    mapping = write(tmp_path / "map.tsv", SWALLOW_MAP)
    args = ["--out", str(out), "--map", str(mapping), "--knowledge", str(kb_copy)]
    assert swallow.main([f"{repo}#{old}", f"{repo}#{new}", *args]) == 0
    scores = yaml.safe_load(out.read_text(encoding="utf-8"))["scores"]
    by_model: dict[str, dict[str, dict[str, object]]] = {}
    for score in scores:
        by_model.setdefault(score["model"], {})[score["benchmark"]] = score
    # in both snapshots: only the newer one's scores (no JMMLU from 2025)
    assert "jmmlu" not in by_model["llama-3.1-8b-instruct"]
    assert all(new in s["source"] for s in by_model["llama-3.1-8b-instruct"].values())
    # only in the older one: its scores, dated by its commit; -0.01 (not evaluated) left out
    qwen = by_model["qwen2.5-7b-instruct"]
    assert set(qwen) == {"jmmlu", "niilc", "mmlu", "japanese-mt-bench"}
    assert str(qwen["jmmlu"]["as_of"]) == "2025-06-26"
    assert old in str(qwen["jmmlu"]["source"])
    assert "GPT-4o judge" in str(qwen["japanese-mt-bench"]["setting"])
    # flagged as evaluated in-domain: skipped
    assert "llm-jp-3.1-13b-instruct4" not in by_model
    loaded = model_scores(kb_copy, "qwen2.5-7b-instruct", old)
    assert loaded["japanese-mt-bench"] == pytest.approx(6.9)  # 0-1 -> the record's 0-10


# ---------------------------------------------------------------------------------------------
# JMTEB


def jmteb_summary(scores: list[float]) -> str:
    """A summary.json with JMTEB's layout: task group -> dataset -> {metric: 0-1 score}."""
    retrieval = {f"set{i}": {"ndcg@10": v} for i, v in enumerate(scores[:-1])}
    return json.dumps({"Retrieval": retrieval, "STS": {"jsts": {"spearman": scores[-1]}}})


def test_jmteb_import_averages_datasets_and_maps_names(
    kb_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    snapshot = tmp_path / "JMTEB"
    results = snapshot / "docs" / "results"
    write(
        results / "intfloat" / "multilingual-e5-large" / "summary.json", jmteb_summary([0.6, 0.8])
    )
    write(
        results / "OpenAI" / "text-embedding-3-small" / "summary.json",
        jmteb_summary([0.7, 0.7, 0.7]),
    )
    write(results / "OpenAI" / "text-embedding-ada-002" / "summary.json", jmteb_summary([0.5, 0.5]))
    write(results / "someone" / "unknown-embedder" / "summary.json", jmteb_summary([0.5, 0.5]))
    mapping = write(
        tmp_path / "map.tsv",
        "jmteb\tOpenAI/text-embedding-3-small\ttext-embedding-3-small\n"
        "jmteb\tOpenAI/text-embedding-ada-002\ttext-embedding-ada-002\n",
    )
    out = kb_copy / "evidence" / "jmteb.yaml"
    jmteb = script("import_jmteb")
    args = ["--out", str(out), "--commit", "abc123", "--as-of", "2024-12-11", "--map", str(mapping)]
    assert jmteb.main([str(snapshot), *args, "--knowledge", str(kb_copy)]) == 0
    err = capsys.readouterr().err
    scores = {s["model"]: s for s in yaml.safe_load(out.read_text(encoding="utf-8"))["scores"]}
    # matched by hf_repo and by the map; the absent id and the unmapped name are reported
    assert set(scores) == {"multilingual-e5-large", "text-embedding-3-small"}
    assert "someone/unknown-embedder" in err and "text-embedding-ada-002" in err
    assert scores["multilingual-e5-large"]["value"] == pytest.approx(70.0)  # mean x100
    assert "2 datasets" in scores["multilingual-e5-large"]["setting"]
    assert scores["text-embedding-3-small"]["source"].endswith(
        "/blob/abc123/docs/results/OpenAI/text-embedding-3-small/summary.json"
    )
    kb = load_knowledge_base(kb_copy)
    loaded = [b for b in kb.model("multilingual-e5-large").benchmarks if "abc123" in b.source]
    assert [(b.benchmark, b.value) for b in loaded] == [("jmteb", 70.0)]
