"""One embedding cache for the matching tests: the taxonomy and the model descriptions are
embedded once per session and embedder, not once per test. Each test still gets its own
MODELREC_HOME; only its ``cache`` folder is shared (entries are keyed by content, so sharing
cannot mix them up)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def embedding_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("embedding-cache")


@pytest.fixture(autouse=True)
def _shared_embedding_cache(_isolated_home: None, embedding_cache: Path) -> None:
    home = Path(os.environ["MODELREC_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    (home / "cache").symlink_to(embedding_cache, target_is_directory=True)
