"""Task matching end to end with the real embedders (e5-small, the default; MiniLM) and the
shipped taxonomy."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
import yaml

from recommender import load_knowledge_base
from recommender.cli import main
from recommender.matching import HashEmbedder, TaskMatcher, get_embedder

KB = load_knowledge_base()
HERE = Path(__file__).parent
#: development set: its errors guided the taxonomy's phrasings
CASES = yaml.safe_load((HERE / "dev_set.yaml").read_text())["cases"]
#: held-out test set: written independently, never used to tune anything
HELD_OUT = yaml.safe_load((HERE / "test_set.yaml").read_text())["cases"]


@pytest.fixture(scope="module")
def matcher(embedding_cache: Path) -> TaskMatcher:
    return TaskMatcher(KB, get_embedder(), cache=embedding_cache)


def top_k_accuracy(
    matcher: TaskMatcher, cases: list[dict[str, object]], k: int, mode: str = "hybrid"
) -> float:
    results = matcher.match([str(c["text"]) for c in cases], top_k=k, mode=mode)  # type: ignore[arg-type]
    hits = [
        any(t.id in c["tasks"] for t in r.tasks)  # type: ignore[operator]
        for r, c in zip(results, cases, strict=True)
    ]
    return sum(hits) / len(hits)


# The aim is top-1 >= 0.85 and top-3 >= 0.97 in each language. Measured with e5-small (the
# default; benchmarks/RESULTS.md): held-out en 0.943 / 0.981, ja 0.930 / 0.982; development en
# 0.982 / 1.000, ja 0.966 / 1.000. These floors sit a little under the measurements and guard
# against regressions (MiniLM's held-out figures, en 0.849 / 0.962 and ja 0.895 / 0.965, would
# fail them).
@pytest.mark.parametrize(
    ("name", "lang", "top1", "top3"),
    [
        ("held_out", "en", 0.9, 0.96),
        ("held_out", "ja", 0.9, 0.96),
        ("development", "en", 0.95, 0.98),
        ("development", "ja", 0.94, 0.98),
    ],
)
def test_accuracy(matcher: TaskMatcher, name: str, lang: str, top1: float, top3: float) -> None:
    cases = [c for c in (HELD_OUT if name == "held_out" else CASES) if c["lang"] == lang]
    assert len(cases) >= 50
    assert top_k_accuracy(matcher, cases, 1) >= top1
    assert top_k_accuracy(matcher, cases, 3) >= top3


def test_confident_answers_are_almost_always_right(matcher: TaskMatcher) -> None:
    results = matcher.match([str(c["text"]) for c in HELD_OUT])
    sure = [(r, c) for r, c in zip(results, HELD_OUT, strict=True) if not r.needs_confirmation]
    assert len(sure) >= 0.6 * len(HELD_OUT)
    right = sum(r.tasks[0].id in c["tasks"] for r, c in sure)  # type: ignore[operator]
    assert right >= 0.95 * len(sure)


def test_hybrid_beats_either_signal_alone(matcher: TaskMatcher) -> None:
    for mode in ("embedding", "lexical"):
        assert top_k_accuracy(matcher, CASES, 1) >= top_k_accuracy(matcher, CASES, 1, mode)
        assert top_k_accuracy(matcher, CASES, 3) >= top_k_accuracy(matcher, CASES, 3, mode)


def test_labels_of_both_sets_are_known_tasks() -> None:
    for case in [*CASES, *HELD_OUT]:
        assert set(case["tasks"]) <= set(KB.tasks), case["text"]
    assert not {c["text"] for c in CASES} & {c["text"] for c in HELD_OUT}


def test_result_carries_languages_domain_and_evidence(matcher: TaskMatcher) -> None:
    (r,) = matcher.match(
        ["電子カルテの記載から患者の既往歴と服薬情報を抜き出したい。英語の論文も扱う"]
    )
    assert r.tasks[0].id == "information_extraction"
    assert r.languages.languages == ["ja", "en"] and r.domain.domain == "medical"
    assert r.tasks[0].matched and 0 < r.confidence <= 1
    assert sum(t.score for t in matcher.match(["x"], top_k=20)[0].tasks) == pytest.approx(1)
    assert r.embedder == "multilingual-e5-small-q4" and not r.notes  # e5 understands Japanese


def test_minilm_is_selectable_with_its_own_weights(embedding_cache: Path) -> None:
    minilm = TaskMatcher(KB, get_embedder("minilm"), cache=embedding_cache)
    assert minilm.weights.embedding_not_understood == 0.2  # its leave-one-out choice
    en, ja = minilm.match(
        [
            "Transcribe recorded customer phone calls into text",
            "レシートの画像から金額を読み取りたい",
        ]
    )
    assert (en.tasks[0].id, ja.tasks[0].id) == ("speech_to_text", "document_ocr")
    assert not en.notes and any("English-only" in n for n in ja.notes)
    assert ja.embedder == "all-MiniLM-L6-v2"


def test_weights_are_the_ones_tuned_for_the_embedder(matcher: TaskMatcher) -> None:
    from recommender.matching.matcher import TUNED

    assert matcher.weights == TUNED[matcher.embedder.name]


def test_confident_and_unsure_matches(matcher: TaskMatcher) -> None:
    clear, clear_ja, *vague = matcher.match(
        [
            "Transcribe recorded customer phone calls into text",
            "レシートの画像から金額を読み取りたい",
            "help",
            "improve things",
            "いい感じにしたい",
        ]
    )
    assert clear.tasks[0].id == "speech_to_text" and not clear.needs_confirmation
    assert clear_ja.tasks[0].id == "document_ocr" and not clear_ja.needs_confirmation
    for r in vague:
        assert r.needs_confirmation and r.confidence < clear.confidence and len(r.tasks) > 1


def test_taxonomy_embeddings_are_cached_so_a_query_embeds_only_itself(tmp_path: Path) -> None:
    class Counting:
        def __init__(self) -> None:
            self.inner = get_embedder()
            self.name, self.multilingual, self.texts = self.inner.name, False, 0

        def embed(self, texts: Sequence[str]) -> np.ndarray:
            self.texts += len(texts)
            return self.inner.embed(texts)

        def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
            self.texts += len(texts)
            return self.inner.embed_documents(texts)

    first = Counting()
    TaskMatcher(KB, first, cache=tmp_path)
    assert first.texts > 100  # the taxonomy was embedded once
    second = Counting()
    again = TaskMatcher(KB, second, cache=tmp_path)
    again.match(["summarise meeting notes"])
    assert second.texts == 1
    assert len(list(tmp_path.glob(f"tasks-*-{KB.kb_version}-*.npy"))) == 1


def test_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    TaskMatcher(KB, HashEmbedder(), cache=tmp_path)
    (cached,) = tmp_path.glob("*.npy")
    cached.write_bytes(b"not numpy")
    TaskMatcher(KB, HashEmbedder(), cache=tmp_path).match(["translate manuals"])
    assert np.load(cached).shape[0] > 0


def test_empty_text_is_refused(matcher: TaskMatcher) -> None:
    with pytest.raises(ValueError, match="empty"):
        matcher.match(["  "])


def test_match_cli_many_texts_in_one_process(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "match",
                "社内規程のPDFを検索して回答するボット",
                "Generate product photos for our shop",
                "--json",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert [d["tasks"][0]["id"] for d in data] == ["rag_qa", "image_generation"]
    for d in data:
        assert {"text", "tasks", "languages", "confidence", "domain"} <= set(d)
        assert d["tasks"] == sorted(d["tasks"], key=lambda t: -t["score"])
    assert main(["match", "社内規程のPDFを検索して回答するボット", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["languages"] == ["ja"]
    assert main(["match", "Generate product photos for our shop"]) == 0
    out = capsys.readouterr().out
    assert "image_generation" in out and "CLOSEST PHRASING" in out


def test_match_cli_errors(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["match", " "])
    assert exit_info.value.code == 2 and "empty" in capsys.readouterr().err
    assert main(["match", "hello", "--embedder", "nobody/nothing"]) == 1
    assert "not in the local Hugging Face cache" in capsys.readouterr().err


def test_model_match_surfaces_domain_specialists_in_both_languages(embedding_cache: Path) -> None:
    from recommender.matching import ModelMatcher

    models = ModelMatcher(KB, get_embedder(), cache=embedding_cache)
    assert models.embedder.name == "multilingual-e5-small-q4"  # the task matcher's embedder
    for text in (
        "Summarise clinical notes for our doctors",
        "臨床メモを要約して医師の負担を減らしたい",
    ):
        top = [f.model_id for f in models.score(text)[:5]]
        medical = {m.id for m in KB.models if "medical" in m.domains}
        assert len(medical & set(top)) >= 3, (text, top)
    legal = models.score("契約書のリスク条項をチェックしたい")[0]
    assert legal.domain_match and "legal" in KB.model(legal.model_id).domains
    general = models.score("a friendly chatbot")
    assert not any(f.domain_match for f in general) and 0 <= general[-1].score <= 1
    for fit in general:
        assert 0 <= fit.semantic_fit <= 1
        assert fit.score == pytest.approx(0.6 * fit.semantic_fit + 0.4 * fit.domain_match)
    # e5's cosines are compressed (all near 0.8): the fit is measured from the text's background,
    # so a clear use case still separates its models from the rest, and more than a vague one
    clinical = models.score("Summarise clinical notes for our doctors")
    assert clinical[0].semantic_fit > 0.3 > clinical[len(clinical) // 2].semantic_fit
    assert max(f.semantic_fit for f in models.score("help")) < clinical[0].semantic_fit


def test_a_models_fit_does_not_depend_on_the_other_models(embedding_cache: Path) -> None:
    """The background a fit is measured from is the taxonomy, not the other models: removing a
    model must not move the others' scores (the engine's rankings rely on it)."""
    from recommender.matching import ModelMatcher

    text = "Summarise clinical notes for our doctors"
    full = ModelMatcher(KB, HashEmbedder(), cache=embedding_cache).score(text)
    gone = full[1].model_id
    smaller = KB.with_models(m for m in KB.models if m.id != gone)
    rest = ModelMatcher(smaller, HashEmbedder(), cache=embedding_cache).score(text)
    assert rest == [f for f in full if f.model_id != gone]


def test_match_cli_lists_models(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["match", "Summarise clinical notes", "--models", "3", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["models"]) == 3 and all(m["domain_match"] for m in data["models"])
