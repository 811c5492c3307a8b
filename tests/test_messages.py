"""Typed messages: every code renders in every language, Japanese reads as Japanese, English
counts agree in number, and a message survives its JSON form."""

from __future__ import annotations

import re
import string
from typing import Any

import pytest

from recommender.message_strings import MESSAGES, NAMES
from recommender.messages import LANGS, Message, fill, message_from_json, render

#: Sample values per format spec; ids are ASCII on purpose (they must survive, and the check
#: below removes them before looking for English words).
_SAMPLES: dict[str, Any] = {
    "task": "code_generation",
    "suite": "code_generation",
    "tasks": ["code_generation", "rag_qa"],
    "criterion": "quality",
    "field": "deployment",
    "lang": "ja",
    "langs": ["en", "ja"],
    "modality": "text",
    "modalities": ["text", "image"],
    "category": "embedding",
    "license_class": "open_rail",
    "money": 1234.5,
    "quote": "Keep the NOTICE file",
    "list": ["model-a", "model-b"],
    "clauses": [Message("quality_reasoning", {"bonus": 0.05}), Message("prior_released_unknown")],
    "criteria": ["quality", "speed"],
    "words": ["社内マニュアル"],
    "offering": "secure_cloud",
    "priority": "high",
}
#: Nested messages by parameter name.
_NESTED = {
    "where": Message("where_on_prem"),
    "missing": Message("modality_in", {"what": ["audio"]}),
}
_ID = "model-x1"


def _params(template: str, count: int = 2) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for _, name, spec, _ in string.Formatter().parse(template):
        if not name:
            continue
        kind = (spec or "").split("/")[0]
        if name in _NESTED:
            params[name] = _NESTED[name]
        elif kind == "count":
            params[name] = count
        elif kind in _SAMPLES:
            params[name] = _SAMPLES[kind]
        elif spec:  # a number format: ",", ".2f", ".0%", ",.0f"
            params[name] = 0.25 if "%" in spec or "f" in spec else 1234
        else:
            params.setdefault(name, _ID)
    return params


#: Technical words a Japanese sentence may keep (acronyms, units, questionnaire keys quoted for
#: the YAML file).
_ALLOWED = re.compile(
    r"(?<![A-Za-z])(API|GPU|GPUs|CUDA|GB|kWh|OSI|AI|AHP|KV|RAG|LoRA|SPDX|true|false|any|deployment|license|"
    r"private_cloud|accept_conditions|commercial_use|require_open_source|documented_languages_only)(?![A-Za-z])"
)
_QUOTED = re.compile(r"「[^」]*」")
_CJK = "\u3040-\u30ff\u3400-\u9fff\uff01-\uff60"
_SPACED = re.compile(rf"[{_CJK}] +[{_CJK}]")


def _english_words(text: str) -> list[str]:
    text = _QUOTED.sub("", text)
    text = text.replace(_ID, "").replace("model-a", "").replace("model-b", "")
    text = _ALLOWED.sub("", text)
    return re.findall(r"[A-Za-z]{2,}", text)


def test_every_code_has_every_language() -> None:
    for lang in LANGS:
        assert set(MESSAGES[lang]) == set(MESSAGES["en"]), lang
        assert set(NAMES[lang]) == set(NAMES["en"]), lang


@pytest.mark.parametrize("code", sorted(MESSAGES["en"]))
def test_each_code_renders_in_both_languages(code: str) -> None:
    params = _params(MESSAGES["en"][code] + MESSAGES["ja"][code])
    english = render(Message(code, params), "en")
    japanese = render(Message(code, params), "ja")
    assert english and japanese and "{" not in english + japanese
    assert not _english_words(japanese), (code, japanese)
    assert not _SPACED.search(japanese), (code, japanese)
    one = render(Message(code, _params(MESSAGES["en"][code], count=1)), "en")
    assert not re.search(r"\b1 \w+s\b", one), one


def test_counts_agree_in_number() -> None:
    assert fill("{n:count/model/models}", "en", n=1) == "1 model"
    assert fill("{n:count/model/models}", "en", n=2) == "2 models"
    assert fill("{n:count/day/days}", "en", n="1,000") == "1,000 days"
    msg = Message("advice_code_models", {"n": 1, "example": "m"})
    assert msg.text.startswith("1 code model passed")


def test_names_come_from_the_tables_and_ids_stay_in_json() -> None:
    msg = Message("top_priority_unknown", {"criterion": "semantic_match"})
    assert "semantic_match" not in msg.render("en")
    assert "用途との一致" in msg.render("ja")
    assert msg.to_json()["params"] == {"criterion": "semantic_match"}
    task = Message("advice_embedding_model", {"task": "embeddings_search"})
    assert "embeddings_search" not in task.render("ja")


def test_quotations_stay_in_their_language_marked_in_japanese() -> None:
    msg = Message("cond_attribution", {"license": "apache-2.0", "text": "Keep the NOTICE file"})
    assert msg.text == "apache-2.0: attribution — Keep the NOTICE file"
    assert "「Keep the NOTICE file」" in msg.render("ja")


def test_json_round_trip_with_nested_messages_and_money() -> None:
    msg = Message(
        "api_not_allowed", {"where": Message("where_private_cloud"), "deployment": "private"}
    )
    again = message_from_json(msg.to_json())
    assert again == msg and again.render("ja") == msg.render("ja")
    budget = Message("over_budget", {"monthly_usd": 200.0, "budget_usd": 100.0})
    assert budget.text == "costs $200/month; the budget is $100"
    assert "¥30,000" in budget.render("ja", money=lambda usd: f"¥{usd * 150:,.0f}")


def test_a_missing_code_is_an_error() -> None:
    with pytest.raises(KeyError, match="no message 'nonexistent'"):
        render(Message("nonexistent"), "ja")
