"""Every examples/ scenario: the Japanese report reads as Japanese (checked mechanically: no
English sentence outside quotations, model names, licence names, hardware names and URLs), and
re-rendering its recorded JSON reproduces the report byte for byte, in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from recommender.engine import load_questionnaire, recommend
from recommender.kb import load_knowledge_base
from recommender.report import DecisionRecord, render

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
#: Four or more English words in a row: a sentence, or most of one.
_SENTENCE = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[ ,;:()]+[A-Za-z][A-Za-z'’-]*){3,}")
_QUOTED = re.compile(r"「[^」]*」|“[^”]*”|`[^`]*`")


@pytest.fixture(scope="module")
def records() -> dict[str, DecisionRecord]:
    kb = load_knowledge_base()
    out = {}
    for path in EXAMPLES:
        q = load_questionnaire(path, kb=kb)
        out[path.stem] = DecisionRecord.build(
            q, recommend(q, kb), kb=kb, created_at="2026-12-04T00:00:00Z", currency="JPY"
        )
    return out


def _names() -> list[str]:
    kb = load_knowledge_base()
    names = {m.name for m in kb.models} | {m.id for m in kb.models}
    names |= {x.name for x in kb.licenses.values()}
    names |= {h.name for h in kb.hardware}
    return sorted(names, key=len, reverse=True)


def _english_sentences(report: str, names: list[str]) -> list[str]:
    found = []
    for line in report.splitlines():
        if line.startswith(">"):  # the use case as the user wrote it; quoted licence clauses
            continue
        text = re.sub(r"\\(.)", r"\1", line)  # Markdown escapes
        text = re.sub(r"https?://\S+", "", text)
        text = _QUOTED.sub("", text)
        for name in names:
            text = text.replace(name, "")
        if _SENTENCE.search(text):
            found.append(line)
    return found


@pytest.mark.slow
def test_japanese_reports_read_as_japanese(records: dict[str, DecisionRecord]) -> None:
    names = _names()
    for stem, record in records.items():
        report = render(record, "md", lang="ja").decode()
        # amounts in yen: no dollar amount outside quotations
        assert not re.search(r"\$\d", _QUOTED.sub("", report)), stem
        assert _english_sentences(report, names) == [], stem
        # the engine's own accounts are rendered in Japanese, not quoted in English
        assert "算出の内訳：「" not in report and "下限を下回ります：「" not in report, stem


@pytest.mark.slow
def test_recorded_json_renders_the_same_report(records: dict[str, DecisionRecord]) -> None:
    for stem, record in records.items():
        again = DecisionRecord.from_json(record.to_json())
        for lang in ("en", "ja"):
            assert render(again, "md", lang=lang) == render(record, "md", lang=lang), stem


def test_the_check_finds_an_english_sentence() -> None:
    report = "- 品質: the leader is ahead of the others\n- 引用「Keep the NOTICE file in place」"
    assert _english_sentences(report, []) == ["- 品質: the leader is ahead of the others"]
