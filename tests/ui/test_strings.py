"""Every string exists in English and Japanese, with the same fields; every key the code
asks for exists; engine messages are translated."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from ui.i18n import problem_text, text
from ui.strings import EN, JA

UI = Path(__file__).resolve().parents[2] / "ui"


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_the_same_keys_and_fields() -> None:
    assert set(EN) == set(JA), {"only en": set(EN) - set(JA), "only ja": set(JA) - set(EN)}
    for key in EN:
        assert fields(EN[key]) == fields(JA[key]), key
        assert JA[key].strip(), key


def test_japanese_table_is_japanese() -> None:
    # a copied English string left untranslated would pass the key test; catch that
    same = [k for k in EN if EN[k] == JA[k] and re.search(r"[a-z]{4,}", EN[k])]
    assert same == ["app.title"], same


def test_every_key_used_in_the_code_exists() -> None:
    used: set[str] = set()
    for path in UI.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"\bt\(\s*\"([a-z_]+\.[a-z_.]+)\"", source))
        used |= set(re.findall(r"\btext\(\s*[\w.]+,\s*\"([a-z_]+\.[a-z_.]+)\"", source))
    assert len(used) > 100
    assert sorted(used - set(EN)) == []


def _problem(answers: dict[str, object]) -> tuple[str, str]:
    from recommender.engine import QuestionnaireError, parse_questionnaire

    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire({"use_case": "Chat assistant for our staff", **answers})
    (problem,) = caught.value.problems
    return problem


def test_questionnaire_problems_are_rendered_from_their_codes() -> None:
    short = _problem({"use_case": "ok"})
    assert problem_text("ja", short) == "3 文字以上入力してください"
    assert problem_text("en", short) == "write at least 3 characters"
    ram = _problem({"hardware": {"cpu_only": True}})
    assert "RAM" in problem_text("ja", ram) and "CPU のみ" in problem_text("ja", ram)
    # a plain message, or a code without a string, passes through unchanged rather than lost
    assert problem_text("ja", "something new") == "something new"
    from recommender.engine.questionnaire import QuestionnaireProblem

    assert problem_text("ja", QuestionnaireProblem("x", "odd", "no_such_code")) == "odd"


def test_text_formats_and_refuses_unknown_keys() -> None:
    assert text("ja", "session.id", sid="abc") == "セッション abc"
    with pytest.raises(KeyError, match=r"no\.such\.key"):
        text("en", "no.such.key")


def test_every_key_built_at_run_time_exists() -> None:
    from recommender.engine import CRITERIA
    from recommender.kb import load_knowledge_base
    from ui.state import DEPLOYMENTS, STEPS, QuestionnaireDraft
    from ui.steps.constraints import COMMON_COUNTRIES
    from ui.steps.shortlist import FLAG_CODES
    from ui.steps.use_case import LANGUAGE_CHOICES, SUGGESTIONS

    kb = load_knowledge_base()
    regions = {
        r
        for m in kb.models
        if m.api is not None and m.api.data_handling is not None
        for r in m.api.data_handling.regions
    }

    families = {
        "step": STEPS,
        "criterion": list(CRITERIA),
        "preset": QuestionnaireDraft.model_fields["preset"].annotation.__args__,  # type: ignore[union-attr]
        "deployment": DEPLOYMENTS,
        "hardware": (
            "none",
            "catalog",
            "vram",
            "cpu",
            "not_used_private_cloud",
            "not_used_api_only",
        ),
        "license": ("allowed", "conditional", "not_allowed"),
        "evidence": ("catalog", "estimated", "unknown", "measured"),
        "approach": ("prompting", "rag", "fine_tuning"),
        "variant": ("instruct", "reasoning", "domain", "code", "base"),
        "lang": LANGUAGE_CHOICES,
        "example": [p.stem for p in (UI.parent / "examples").glob("*.yaml")],
        "table": ("api", "self_hosted"),
        "validate": ("device_auto", "device_cpu", "device_cuda", "source_suite", "source_upload"),
        "report": ("download_md", "download_html", "download_pdf", "download_json"),
        "country": {*COMMON_COUNTRIES, *(m.country for m in kb.makers.values() if m.country)},
        "region": regions,
        "flag": (*FLAG_CODES, "demoted", "unknown"),
    }
    missing = [f"{prefix}.{name}" for prefix, names in families.items() for name in names]
    missing += [f"criterion.{name}.help" for name in CRITERIA]
    missing += [kind.label for kind in SUGGESTIONS.values()]
    assert [k for k in missing if k not in EN] == []


#: Answers that trigger each questionnaire message the wizard can meet (from its own widgets,
#: an example file or a state saved by an older version), and the field the wizard shows it
#: under.
TRIGGERS = [
    ({"deployment": "on_prem"}, "hardware"),
    ({"deployment": "private_cloud", "hardware": {"vram_gb": 24}}, "hardware"),
    ({"deployment": "api_only", "hardware": {"vram_gb": 24}}, "hardware"),
    ({"hardware": {}}, "hardware"),
    ({"hardware": {"cpu_only": True}}, "hardware.ram_gb"),
    ({"hardware": {"cpu_only": True, "ram_gb": 16, "vram_gb": 8}}, "hardware"),
    ({"hardware": {"gpus": [{"name": "RTX 4090"}, {"name": "L4"}]}}, "hardware.gpus"),
    ({"budget_is_hard": True}, "budget_per_month"),
    ({"budget_per_month": 100, "budget_usd_per_month": 100}, "budget_per_month"),
    ({"languages": ["jp"]}, "languages"),
    ({"languages": ["ja", "ja"]}, "languages"),
    ({"languages": ["ja"], "language_weights": {"en": 0.5}}, "languages"),
    ({"languages": ["ja"], "language_weights": {"ja": 2}}, "languages"),
    ({"exclude_countries": ["JPN"]}, "exclude_countries"),
    ({"use_case": "x" * 4001}, "use_case"),
    ({"use_case": "ok"}, "use_case"),
    ({"workload": {"requests_per_day": -1}}, "workload.requests_per_day"),
    ({"workload": {"context_tokens": 0}}, "workload.context_tokens"),
    ({"budget_per_month": 2e12}, "budget_per_month"),
]


@pytest.mark.parametrize(("answers", "field"), TRIGGERS, ids=[str(a) for a, _ in TRIGGERS])
def test_every_engine_message_is_relocated_and_translated(
    answers: dict[str, object], field: str
) -> None:
    from recommender.engine import QuestionnaireError, parse_questionnaire
    from ui.state import page_of_field
    from ui.wizard import relocate

    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire({"use_case": "Chat assistant for our staff", **answers})
    (problem,) = caught.value.problems
    moved = relocate(problem)
    assert moved.field == field and moved.code == problem.code
    assert page_of_field(field) in (1, 2)
    japanese = problem_text("ja", moved)
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", japanese), (problem.message, japanese)


def test_suggestions_inside_a_message_are_translated() -> None:
    problem = _problem({"languages": ["jp"]})
    assert problem_text("en", problem).startswith(
        "not a two-letter ISO 639-1 language code: 'jp' (did you mean ja?); use codes such as"
    )
    assert "：'jp'（ja のことですか？）。" in problem_text("ja", problem)


def test_staleness_is_one_rule_for_the_wizard_and_the_report() -> None:
    from datetime import date, timedelta

    from recommender.kb.integrity import STALE_AFTER_DAYS, stale_days

    newest = date(2026, 12, 4)
    assert stale_days(newest, newest + timedelta(days=STALE_AFTER_DAYS)) is None
    assert stale_days(newest, newest + timedelta(days=STALE_AFTER_DAYS + 1)) == 91
