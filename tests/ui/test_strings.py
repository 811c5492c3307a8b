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


def test_engine_messages_are_translated() -> None:
    assert problem_text("ja", "String should have at least 3 characters") == (
        "3 文字以上入力してください"
    )
    assert problem_text("en", "String should have at least 3 characters") == (
        "write at least 3 characters"
    )
    message = "cpu_only needs ram_gb (the machine's RAM in GB)"
    assert "RAM" in problem_text("ja", message) and "CPU のみ" in problem_text("ja", message)
    # an unknown message passes through unchanged rather than being lost
    assert problem_text("ja", "something new") == "something new"


def test_text_formats_and_refuses_unknown_keys() -> None:
    assert text("ja", "session.id", sid="abc") == "セッション abc"
    with pytest.raises(KeyError, match=r"no\.such\.key"):
        text("en", "no.such.key")


def test_every_key_built_at_run_time_exists() -> None:
    from recommender.engine import CRITERIA
    from ui.state import STEPS, WizardState
    from ui.steps.use_case import LANGUAGE_CHOICES

    families = {
        "step": STEPS,
        "criterion": list(CRITERIA),
        "preset": WizardState.model_fields["preset"].annotation.__args__,  # type: ignore[union-attr]
        "deployment": ("any", "private_cloud", "on_prem"),
        "hardware": ("none", "catalog", "vram", "cpu"),
        "license": ("allowed", "conditional", "not_allowed"),
        "evidence": ("catalog", "estimated", "unknown", "measured"),
        "approach": ("prompting", "rag", "fine_tuning"),
        "variant": ("instruct", "reasoning", "domain", "code", "base"),
        "lang": LANGUAGE_CHOICES,
        "example": [p.stem for p in (UI.parent / "examples").glob("*.yaml")],
        "table": ("api", "self_hosted"),
        "validate": ("device_auto", "device_cpu", "device_cuda", "source_suite", "source_upload"),
        "report": ("download_md", "download_html", "download_pdf", "download_json"),
    }
    missing = [f"{prefix}.{name}" for prefix, names in families.items() for name in names]
    missing += [f"criterion.{name}.help" for name in CRITERIA]
    assert [k for k in missing if k not in EN] == []
