"""Tiny real transformers models shared by the validation tests (built once per session)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from recommender.validation.tiny import build_tiny_model, corrupt_weights


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two tiny models of different architectures and weights, and a copy with corrupt
    weights (a broken download)."""
    root = tmp_path_factory.mktemp("tiny")
    a = build_tiny_model(root / "tiny-a", arch="llama", seed=1)
    b = build_tiny_model(root / "tiny-b", arch="qwen2", seed=2)
    broken = root / "tiny-broken"
    shutil.copytree(a, broken)
    corrupt_weights(broken)
    return {"a": a, "b": b, "broken": broken}
