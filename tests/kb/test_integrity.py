"""kb validate's integrity checks and kb audit, on the shipped knowledge base and on constructed
cases (each check fires on a case built to break it, and not on the shipped data)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from recommender import load_knowledge_base
from recommender.cli import main
from recommender.kb.integrity import audit, integrity_problems, newest_fact_date
from recommender.kb.loader import KnowledgeBase

KB = load_knowledge_base()
TODAY = date(2026, 12, 4)


def _with(kb: KnowledgeBase, model_id: str, **changes: object) -> KnowledgeBase:
    models = [m.model_copy(update=changes) if m.id == model_id else m for m in kb.models]
    return kb.with_models(models)


def test_the_shipped_knowledge_base_passes_every_integrity_check() -> None:
    assert integrity_problems(KB, today=TODAY) == []


def test_a_successor_chain_must_end_at_a_current_model() -> None:
    # point a retired model at another retired one: the chain dead-ends
    retired = [m for m in KB.models if m.status == "retired"]
    a, b = retired[0], retired[1]
    broken = _with(_with(KB, b.id, successor=None), a.id, successor=b.id)
    messages = [p.message for p in integrity_problems(broken, today=TODAY) if p.record == a.id]
    assert any("successor chain ends at a retired model" in m for m in messages), messages


def test_a_shutdown_date_in_the_past_means_retired() -> None:
    m = next(m for m in KB.models if m.status == "deprecated" and m.shutdown_on is not None)
    problems = integrity_problems(KB, today=m.shutdown_on.replace(year=m.shutdown_on.year + 1))
    assert any(p.record == m.id and "must be 'retired'" in p.message for p in problems)
    assert not any(p.record == m.id for p in integrity_problems(KB, today=TODAY))


@pytest.mark.parametrize(
    "note", ["geometry from memory", "context not verified", "Recalled from the card", "unverified"]
)
def test_notes_that_admit_an_unsourced_value_fail(note: str) -> None:
    model = KB.models[0]
    broken = _with(KB, model.id, notes=note)
    problems = [p for p in integrity_problems(broken, today=TODAY) if p.record == model.id]
    assert problems and "unsourced value" in problems[0].message
    assert problems[0].file.endswith(".yaml") and problems[0].line


def test_every_creator_is_a_known_maker() -> None:
    model = KB.models[0]
    broken = _with(KB, model.id, creator="Nobody Labs")
    problems = [p for p in integrity_problems(broken, today=TODAY) if p.field == "creator"]
    assert problems and "Nobody Labs" in problems[0].message


def test_scores_on_another_scale_are_converted_once_at_load() -> None:
    # Japanese MT-Bench published on 0-1 by the Swallow team is stored on its own 0-10 scale
    scores = [
        b.value for m in KB.models for b in m.benchmarks if b.benchmark == "japanese-mt-bench"
    ]
    assert scores and all(1 < v <= 10 for v in scores)
    for m in KB.models:
        for b in m.benchmarks:
            low, high = KB.benchmarks[b.benchmark].scale
            assert low <= b.value <= high and b.scale is None


def test_a_score_off_its_scale_is_a_load_error(tmp_path: Path) -> None:
    from recommender.kb import validate_knowledge

    root = tmp_path / "knowledge"
    shutil.copytree(KB.root, root)
    (root / "evidence" / "bad.yaml").write_text(
        "scores:\n- {model: gpt-oss-20b, benchmark: MMLU-Pro, value: 250, source: x, "
        "as_of: 2026-12-04}\n"
        "- {model: gpt-oss-20b, benchmark: Not A Benchmark, value: 5, source: x, "
        "as_of: 2026-12-04}\n",
        encoding="utf-8",
    )
    messages = [p.message for p in validate_knowledge(root)]
    assert any("off the benchmark's scale [0, 100]" in m for m in messages), messages
    assert any("unknown benchmark 'Not A Benchmark'" in m for m in messages), messages


def test_kb_validate_reports_integrity_problems_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "knowledge"
    shutil.copytree(KB.root, root)
    seed = root / "models" / "seed.yaml"
    text = seed.read_text(encoding="utf-8")
    seed.write_text(
        text.replace("notes:", "notes: parameter count from memory;", 1), encoding="utf-8"
    )
    assert main(["kb", "validate", str(root), "--as-of", "2026-12-04"]) == 1
    err = capsys.readouterr().err
    assert "seed.yaml:" in err and "unsourced value ('from memory')" in err
    assert main(["kb", "validate", "--as-of", "2026-12-04"]) == 0


def test_audit_lists_what_looks_stale(capsys: pytest.CaptureFixture[str]) -> None:
    report = audit(KB, today=TODAY)
    assert report.newest_fact == newest_fact_date(KB)
    assert [d for _, _, d in report.oldest] == sorted(d for _, _, d in report.oldest)
    assert all(d >= TODAY for _, d in report.shutting_down)
    # a year later every maker looks quiet
    later = audit(KB, today=date(2028, 1, 1))
    assert len(later.quiet_makers) > len(report.quiet_makers)
    assert main(["kb", "audit", "--as-of", "2026-12-04"]) == 0
    out = capsys.readouterr().out
    assert "oldest facts" in out and "announced shutdowns" in out
