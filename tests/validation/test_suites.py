"""Built-in prompt suites and the user's own prompt files, with file:line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recommender.cli import main
from recommender.errors import PromptSuiteInvalid, UnknownSuiteError
from recommender.kb import load_knowledge_base
from recommender.validation import builtin_suite_names, load_prompts, load_suite, run_check
from recommender.validation.suites import validate_prompt_files


def test_every_text_task_has_a_bilingual_suite_using_its_listed_checks() -> None:
    kb = load_knowledge_base()
    with_suite = {t.id: t for t in kb.tasks.values() if t.prompt_suite}
    assert len(with_suite) >= 14
    assert set(builtin_suite_names()) == {t.prompt_suite for t in with_suite.values()}
    for task in with_suite.values():
        suite = load_suite(task.prompt_suite or "")
        assert suite.task == task.id
        assert len(suite.prompts) >= 8, task.id
        for language in ("en", "ja"):
            assert len(suite.only(language).prompts) >= 4, (task.id, language)
        assert set(suite.check_types) == set(task.checks), task.id
        assert suite.source and suite.as_of


def test_reference_answers_pass_their_own_checks() -> None:
    """A correct answer passes: the suites' checks and thresholds are satisfiable."""
    checked = 0
    for name in builtin_suite_names():
        for prompt in load_suite(name).prompts:
            if prompt.reference is None:
                continue
            for check in prompt.checks:
                result = run_check(check, prompt.reference, prompt)
                assert result.passed, (name, prompt.id, result.detail)
                checked += 1
    assert checked > 50


def test_builtin_suites_validate() -> None:
    assert validate_prompt_files() == []


def test_language_filter_and_shorthand() -> None:
    ja = load_suite("customer_support:ja")
    assert ja.name == "customer_support:ja"
    assert {p.language for p in ja.prompts} == {"ja"}
    assert ja.prompts == load_suite("customer_support", language="ja").prompts
    with pytest.raises(PromptSuiteInvalid, match="no prompts in 'ko'"):
        load_suite("customer_support", language="ko")


def test_unknown_suite_names_close_ones() -> None:
    with pytest.raises(UnknownSuiteError, match="customer_support"):
        load_suite("customer-suport")


def test_user_prompts_in_yaml_jsonl_and_csv(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(
        "- prompt: 返品できますか？\n  language: ja\n  checks: [{type: contains, values: [返品]}]\n"
        "- Hello there\n",
        encoding="utf-8",
    )
    (tmp_path / "p.jsonl").write_text(
        json.dumps({"id": "a", "prompt": "Hi", "checks": [{"type": "length", "max_chars": 9}]})
        + "\n\n"
        + json.dumps({"prompt": "こんにちは", "language": "ja"}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    (tmp_path / "p.csv").write_text(
        'id,prompt,language,reference,checks\nx,"Say hi, please",en,hi,'
        '"[{""type"": ""rouge_l""}]"\ny,もう一度,ja,,\n',
        encoding="utf-8",
    )
    yaml_suite = load_prompts(tmp_path / "p.yaml")
    assert [p.id for p in yaml_suite.prompts] == ["p1", "p2"]
    assert yaml_suite.prompts[0].checks[0].type == "contains"
    assert yaml_suite.prompts[1].checks == ()
    jsonl = load_prompts(tmp_path / "p.jsonl")
    assert [p.id for p in jsonl.prompts] == ["a", "p2"] and jsonl.prompts[1].language == "ja"
    csv_suite = load_prompts(tmp_path / "p.csv")
    assert csv_suite.prompts[0].prompt == "Say hi, please"
    assert csv_suite.prompts[0].reference == "hi"
    assert csv_suite.prompts[0].checks[0].type == "rouge_l"
    assert csv_suite.prompts[1].checks == () and csv_suite.prompts[1].reference is None


def _problems(path: Path) -> list[str]:
    with pytest.raises(PromptSuiteInvalid) as info:
        load_prompts(path)
    return [str(p) for p in info.value.problems]


def test_every_problem_in_a_yaml_file_is_reported_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "suite: mine\n"
        "prompts:\n"
        "- id: one\n"
        "  prompt: hi\n"
        "  checks:\n"
        "  - {type: contain, values: [x]}\n"  # line 6: unknown type
        "- id: two\n"
        "  prompt: ''\n"  # line 8: empty
        "  colour: red\n"  # line 9: unknown field
        "- id: three\n"
        "  prompt: ok\n"
        "  language: xx\n"  # line 12
        "  checks:\n"
        "  - type: regex\n"  # line 14: pattern does not compile
        "    pattern: '('\n",
        encoding="utf-8",
    )
    problems = _problems(bad)
    assert any(p.startswith(f"{bad}:6: record 'one'") and "contains" in p for p in problems)
    assert any(p.startswith(f"{bad}:8: record 'two': field 'prompt'") for p in problems)
    assert any(p.startswith(f"{bad}:9: record 'two': field 'colour'") for p in problems)
    assert any(p.startswith(f"{bad}:12: record 'three': field 'language'") for p in problems)
    assert any(f"{bad}:14" in p and "does not compile" in p for p in problems)


def test_malformed_files_name_the_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("prompts:\n- prompt: a: b\n", encoding="utf-8")
    assert _problems(broken)[0].startswith(f"{broken}:2: malformed YAML")
    jsonl = tmp_path / "x.jsonl"
    jsonl.write_text('{"prompt": "ok"}\n{not json}\n', encoding="utf-8")
    assert _problems(jsonl)[0].startswith(f"{jsonl}:2: not JSON")
    csv_file = tmp_path / "x.csv"
    csv_file.write_text("question\nhi\n", encoding="utf-8")
    assert "needs a `prompt` column" in _problems(csv_file)[0]
    other = tmp_path / "x.txt"
    other.write_text("hi", encoding="utf-8")
    assert "use .yaml, .jsonl or .csv" in _problems(other)[0]
    assert "no such file" in _problems(tmp_path / "missing.yaml")[0]


def test_kb_validate_reports_a_broken_builtin_suite(
    kb_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    suite = kb_copy / "prompts" / "translation.yaml"
    text = suite.read_text(encoding="utf-8")
    suite.write_text(text.replace("type: chrf,", "type: chrff,", 1), encoding="utf-8")
    line = next(i for i, s in enumerate(suite.read_text().splitlines(), 1) if "chrff" in s)
    assert main(["kb", "validate", str(kb_copy)]) == 1
    err = capsys.readouterr().err
    assert f"prompts/translation.yaml:{line}: record 'tr-ja-en-delivery'" in err
    assert "unknown check type 'chrff'" in err


def test_kb_validate_reports_checks_the_task_does_not_list(
    kb_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    suite = kb_copy / "prompts" / "translation.yaml"
    text = suite.read_text(encoding="utf-8")
    suite.write_text(
        text.replace("  - {type: language, expected: en}", "  - {type: length, max_chars: 99}", 1),
        encoding="utf-8",
    )
    assert main(["kb", "validate", str(kb_copy), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["valid"] is False
    assert "differ from those tasks.yaml lists" in out["problems"][0]["message"]
