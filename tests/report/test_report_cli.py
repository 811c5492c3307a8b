"""``modelrec report``: the commands a user runs, their files and their errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CREATED_AT, RECORD, ROOT

from recommender.cli import main

EXAMPLE = ROOT / "examples" / "ja_support_onprem.yaml"


@pytest.mark.slow
def test_saved_record_renders_byte_identical_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A report straight from the questionnaire equals the one from its decision.json (HTML
    renders from the same record as Markdown; test_report_record checks both round-trip)."""
    at = ["--created-at", CREATED_AT]
    assert main(["report", str(EXAMPLE), *at, "-o", str(tmp_path / "decision.json")]) == 0
    assert main(["report", str(EXAMPLE), *at, "--format", "md", "-o", str(tmp_path / "a.md")]) == 0
    decision = str(tmp_path / "decision.json")
    assert main(["report", "--from", decision, "-o", str(tmp_path / "b.md")]) == 0
    assert (
        main(["report", "--from", decision, "--format", "html", "-o", str(tmp_path / "b.htm")]) == 0
    )
    assert (tmp_path / "a.md").read_bytes() == (tmp_path / "b.md").read_bytes()
    err = capsys.readouterr().err
    assert "wrote" in err and "decision.json (json, en" in err
    assert not list(tmp_path.glob(".*"))  # no temporary files left behind


def test_from_record_to_stdout_in_japanese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--from", str(RECORD), "--lang", "ja"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# モデル選定 意思決定レポート\n")


def test_pdf_from_record(tmp_path: Path) -> None:
    out = tmp_path / "decision.pdf"
    assert main(["report", "--from", str(RECORD), "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["report"], "give a questionnaire FILE, or --from DECISION.json"),
        (["report", str(EXAMPLE), "--from", str(RECORD)], "not both"),
        (["report", "--from", "missing.json"], "cannot read missing.json"),
        (["report", "--from", str(EXAMPLE)], "not JSON"),
        (["report", "--from", str(RECORD), "--created-at", "2026-01-01"], "--from renders"),
        (["report", "nope.yaml"], "cannot read nope.yaml"),
        (["report", str(EXAMPLE), "--created-at", "soon"], "not an ISO 8601"),
    ],
)
def test_user_mistakes_are_one_line_errors(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("modelrec: error: ") and message in err
    assert "Traceback" not in err


def test_unknown_validation_run_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(EXAMPLE), "--validation", "no-such-run", "--format", "json"]) == 1
    err = capsys.readouterr().err
    assert "no-such-run" in err and "validation run" in err


def test_unwritable_output_leaves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing-dir" / "out.md"
    assert main(["report", "--from", str(RECORD), "-o", str(target)]) == 1
    assert "cannot write" in capsys.readouterr().err
    assert not target.parent.exists()


def test_unknown_language_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["report", "--from", str(RECORD), "--lang", "fr"])
    assert caught.value.code == 2
    assert "invalid choice: 'fr'" in capsys.readouterr().err


@pytest.mark.slow
def test_report_with_a_real_validation_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A tiny real model run in a shortlisted knowledge-base model's place (a stand-in: it is
    not that model); the report shows the run, labels the stand-in and keeps the ranking."""
    from recommender.validation import run_validation
    from recommender.validation.tiny import build_tiny_model

    tiny = build_tiny_model(tmp_path / "tiny", arch="qwen2", seed=1)
    run_validation(
        [f"phi-4-mini-instruct={tiny}"],
        suite="rag_qa",
        device="cpu",
        max_new_tokens=8,
        threads=1,
        run_id="tiny-run",
        stand_in=[f"phi-4-mini-instruct={tiny}"],
    )
    out = tmp_path / "report.md"
    assert main(["report", str(EXAMPLE), "--validation", "tiny-run", "-o", str(out)]) == 0
    md = out.read_text(encoding="utf-8")
    validation = md[md.index("## 9. Validation evidence") : md.index("## 10.")]
    assert "Run tiny-run (rag\\_qa" in validation
    assert "phi-4-mini-instruct" in validation and "/8)" in validation
    assert "stand-in" in validation
    # a stand-in never re-ranks
    assert "validation run tiny-run replaced estimates for: no candidate" in md


def test_command_choices_match_the_registries() -> None:
    """The command lists formats and languages without importing the renderers (a fast
    --help); they must be the registered ones."""
    from recommender.cli import report as command
    from recommender.report import LANGUAGES, RENDERERS

    assert sorted(command._FORMATS) == sorted(RENDERERS)
    assert sorted(command._LANGUAGES) == sorted(LANGUAGES)
