"""Every check type on answers in English and Japanese: passing, failing, and bad parameters."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from recommender.errors import UnknownCheckError
from recommender.validation import CHECKS, run_check
from recommender.validation.checks import chrf, parse_check, rouge_l, written_language
from recommender.validation.suites import Prompt

# (check, answer that passes, answer that fails) per language; every registered type appears
CASES = {
    "contains": [
        ({"type": "contains", "values": ["reset", "link"]}, "Use the Reset link.", "Call us."),
        (
            {"type": "contains", "values": ["再設定"]},
            "パスワードを再設定してください",
            "お電話ください",
        ),
        (
            {"type": "contains", "values": ["申し訳", "お詫び"], "mode": "any"},
            "大変申し訳ございません",
            "承知しました",
        ),
    ],
    "not_contains": [
        ({"type": "not_contains", "values": ["as an AI"]}, "Here it is.", "As an AI, I can't."),
        (
            {"type": "not_contains", "values": ["返金できません"]},
            "返金いたします",
            "返金できません",
        ),
    ],
    "regex": [
        ({"type": "regex", "pattern": r"Answer:\s*84\b"}, "so Answer: 84", "Answer: 841"),
        ({"type": "regex", "pattern": r"答え[:：]\s*90"}, "答え：90", "答えは九十"),
    ],
    "json_schema": [
        (
            {"type": "json_schema", "schema": {"type": "object", "required": ["total"]}},
            'Here: ```json\n{"total": 5}\n```',
            '{"sum": 5}',
        ),
        (
            {
                "type": "json_schema",
                "schema": {"type": "object", "properties": {"name": {"const": "山田"}}},
            },
            '結果は {"name": "山田"} です',
            "JSONはありません",
        ),
    ],
    "length": [
        ({"type": "length", "min_chars": 5, "max_chars": 20}, "short answer", "x" * 21),
        ({"type": "length", "max_chars": 10}, "はい、そうです", "これは十文字を超える長い回答です"),
    ],
    "language": [
        ({"type": "language", "expected": "en"}, "Your order ships today.", "本日発送します"),
        ({"type": "language", "expected": "ja"}, "本日発送します。", "It ships today."),
    ],
    "similarity": [
        (
            {"type": "similarity", "reference": "The meeting moved to Friday.", "threshold": 0.7},
            "The meeting was moved to Friday.",
            "Bananas are rich in potassium.",
        ),
        (
            {"type": "similarity", "reference": "会議は金曜日に変更されました", "threshold": 0.9},
            "会議は金曜日に変更されました",
            "Bananas are rich in potassium.",
        ),
    ],
    "rouge_l": [
        (
            {"type": "rouge_l", "reference": "the launch moves to May", "threshold": 0.5},
            "The launch moves to May.",
            "Sales were strong.",
        ),
        (
            {"type": "rouge_l", "reference": "発売は5月に延期", "threshold": 0.5},
            "発売は5月に延期されます",
            "売上は好調でした",
        ),
    ],
    "chrf": [
        (
            {"type": "chrf", "reference": "Your order will be shipped tomorrow.", "threshold": 0.5},
            "Your order will ship tomorrow.",
            "Thank you very much.",
        ),
        (
            {"type": "chrf", "reference": "ご注文の商品は明日発送されます。", "threshold": 0.4},
            "ご注文の商品は明日発送します。",
            "ありがとうございました。",
        ),
    ],
}


def test_every_registered_check_is_covered() -> None:
    assert set(CASES) == set(CHECKS)


@pytest.mark.parametrize(
    ("check", "good", "bad"),
    [case for cases in CASES.values() for case in cases],
    ids=[f"{name}-{i}" for name, cases in CASES.items() for i in range(len(cases))],
)
def test_check_passes_and_fails(check: dict[str, object], good: str, bad: str) -> None:
    passed, failed = run_check(check, good), run_check(check, bad)
    assert passed.passed, passed.detail
    assert not failed.passed, failed.detail
    assert failed.detail


def test_reference_comes_from_the_prompt() -> None:
    prompt = Prompt(id="p", prompt="Translate", reference="明日発送します")
    assert run_check({"type": "chrf"}, "明日発送します", prompt).score == pytest.approx(1.0)
    missing = run_check({"type": "rouge_l"}, "anything", Prompt(id="q", prompt="x"))
    assert not missing.passed and "no reference" in missing.detail


def test_unknown_check_type_lists_the_known_ones() -> None:
    with pytest.raises(UnknownCheckError) as info:
        parse_check({"type": "contain", "values": ["x"]})
    assert "contains" in str(info.value) and "json_schema" in str(info.value)
    with pytest.raises(UnknownCheckError) as info:
        parse_check({"kind": "contains", "values": ["x"]})  # the key is `type`
    assert "needs 'type:'" in str(info.value) and "keys given: kind, values" in str(info.value)


@pytest.mark.parametrize(
    "bad",
    [
        {"type": "regex", "pattern": "("},
        {"type": "length"},
        {"type": "length", "min_chars": 9, "max_chars": 3},
        {"type": "contains", "values": []},
        {"type": "contains", "values": ["x"], "colour": "red"},
        {"type": "json_schema", "schema": {"type": "no-such-type"}},
        {"type": "language", "expected": "klingon"},
    ],
)
def test_bad_parameters_are_rejected(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        parse_check(bad)


def test_overlap_scores_on_known_values() -> None:
    # LCS "the cat on the mat" = 5 of 6 tokens both ways
    assert rouge_l("the cat sat on the mat", "the cat is on the mat") == pytest.approx(5 / 6)
    # Japanese is scored per character: LCS 4 = all of the answer, 4 of the 5 in the reference
    assert rouge_l("本日発送", "本日は発送") == pytest.approx(
        2 * (4 / 4) * (4 / 5) / (4 / 4 + 4 / 5)
    )
    assert chrf("identical text", "identical text") == pytest.approx(1.0)
    assert chrf("abc", "xyz") == 0.0
    assert 0 < chrf("ご注文は明日発送", "ご注文の商品は明日発送") < 1


def test_written_language() -> None:
    assert written_language("これはペンです")[0] == "ja"
    assert written_language("東京大学")[0] == "zh"  # kanji without kana reads as Chinese
    assert written_language("This is a pen")[0] == "en"
    assert written_language("1234 !!")[0] is None
