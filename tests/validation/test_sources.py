"""Model sources (local directory, Hugging Face cache, knowledge-base id) and the fit check."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from recommender.errors import ModelSourceError, UnknownModelError
from recommender.validation import check_fit, resolve_model
from recommender.validation.sources import count_parameters


def _cache(repo: str, model: Path) -> Path:
    """Lay ``model`` out as the Hugging Face cache does: blobs, a ref, a snapshot of links."""
    root = Path(os.environ["HF_HOME"]) / "hub" / f"models--{repo.replace('/', '--')}"
    revision = "0123456789abcdef0123456789abcdef01234567"
    snapshot = root / "snapshots" / revision
    (root / "blobs").mkdir(parents=True)
    snapshot.mkdir(parents=True)
    (root / "refs").mkdir()
    (root / "refs" / "main").write_text(revision)
    for i, file in enumerate(sorted(model.iterdir())):
        blob = root / "blobs" / f"blob{i}"
        shutil.copy(file, blob)
        (snapshot / file.name).symlink_to(blob)
    return snapshot


def test_a_cached_repo_resolves_case_insensitively(tiny_models: dict[str, Path]) -> None:
    snapshot = _cache("Tiny-Org/Tiny-Chat", tiny_models["a"])
    source = resolve_model("tiny-org/tiny-chat")
    assert (source.kind, Path(source.path), source.kb_id) == ("hf_cache", snapshot, None)


def test_a_kb_id_resolves_to_its_cached_repo(tiny_models: dict[str, Path]) -> None:
    snapshot = _cache("Qwen/Qwen3-4B", tiny_models["b"])
    source = resolve_model("qwen3-4b")
    assert source.kind == "hf_cache" and Path(source.path) == snapshot
    assert (source.kb_id, source.hf_repo) == ("qwen3-4b", "Qwen/Qwen3-4B")


def test_a_directory_can_stand_for_a_kb_model(tiny_models: dict[str, Path]) -> None:
    # a 51k-parameter folder is not Qwen3 4B: refused, unless marked a stand-in
    with pytest.raises(ModelSourceError, match=r"is not qwen3-4b: 0.0514M parameters .*--stand-in"):
        resolve_model(f"QWEN3-4B={tiny_models['a']}")
    source = resolve_model(f"QWEN3-4B={tiny_models['a']}", stand_in=True)
    assert (source.kind, source.kb_id, source.stand_in) == ("local", "qwen3-4b", True)
    assert source.identity and source.identity.startswith("mismatch: ")
    assert "num_hidden_layers 2 in config.json, 36 catalogued" in source.identity
    assert source.to_json()["stand_in"] is True
    with pytest.raises(UnknownModelError, match="qwen3-4b"):
        resolve_model(f"qwen3-4bb={tiny_models['a']}")


def test_sources_that_cannot_run_say_why(tiny_models: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(ModelSourceError, match="not a local directory, a knowledge-base id"):
        resolve_model("no-such-thing")
    with pytest.raises(ModelSourceError, match="--download"):
        resolve_model("someone/uncached-model")
    with pytest.raises(ModelSourceError, match="not a directory holding a model"):
        resolve_model(str(tmp_path / "missing"))


def test_fit_check_counts_parameters_from_the_safetensors_headers(
    tiny_models: dict[str, Path],
) -> None:
    import transformers

    model = transformers.AutoModelForCausalLM.from_pretrained(tiny_models["a"])
    params = sum(p.numel() for p in model.parameters())
    assert count_parameters(tiny_models["a"]) == params
    fit = check_fit(str(tiny_models["a"]), device="cpu", dtype="auto", tokens=100, batch_size=4)
    assert fit.parameters == params and fit.bytes_per_weight == 4.0  # fp32 on the CPU
    # KV: 2 x 2 layers x 2 kv heads x (32 / 4) head dim x 4 bytes x 100 tokens x 4 sequences
    assert fit.kv_cache_gb * 2**30 == pytest.approx(2 * 2 * 2 * 8 * 4 * 100 * 4)
    assert fit.needed_gb == pytest.approx(fit.weights_gb + fit.kv_cache_gb + fit.overhead_gb)
    assert fit.fits and fit.limit.startswith("free RAM")
    capped = check_fit(
        str(tiny_models["a"]), device="cpu", dtype="bfloat16", tokens=100, batch_size=4,
        memory_limit_gb=0.1,
    )  # fmt: skip
    assert not capped.fits and capped.bytes_per_weight == 2.0
    assert capped.reason and "the memory cap of 0.1 GB allows 0.10 GB" in capped.reason
