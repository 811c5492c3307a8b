"""Use case <-> model: how well each model's description and specialisations fit the need.

The engine uses this as a criterion, so that "summarise clinical notes" lifts medical fine-tunes
and "契約書レビュー" lifts legal ones. Two parts, both shown:

- semantic: how far the cosine similarity between the use case and the model's one-paragraph
  description (name, description, domains), with the same embedder as task matching, rises above
  the use case's median similarity to the taxonomy's English exemplars, relative to how far those
  exemplars rise above other tasks' (:func:`.matcher.typical_margin`); clipped to [0, 1].
  Measured from a background because embedders differ in where unrelated texts sit: MiniLM's
  cosines spread over 0..0.6, e5's sit in 0.75..0.87. The background is a fixed reference, in
  the descriptions' language, not the other models: removing one model never moves another's
  score, so never reorders a ranking;
- domain: 1 when the use case's detected domain (keywords in English and Japanese) is one of the
  model's declared ``domains``. This bridges languages where the embedder does not (the
  descriptions are English; MiniLM is English-only).

score = 0.6 x semantic fit + 0.4 x domain, in [0, 1].
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..kb.loader import KnowledgeBase
from ..kb.schema import ModelRecord
from .embedders import Embedder, cached_embeddings, get_embedder
from .matcher import _exemplars, _normalise, typical_margin
from .signals import detect_domain

__all__ = ["ModelFit", "ModelMatcher"]

_SEMANTIC_WEIGHT = 0.6


@dataclass(frozen=True)
class ModelFit:
    model_id: str
    score: float  #: 0..1, see the module docstring
    semantic: float  #: cosine similarity of use case and model description
    semantic_fit: float  #: 0..1, the similarity above the use case's background (module doc)
    domain_match: bool  #: the use case's domain is one the model specialises in


def describe(model: ModelRecord) -> str:
    """The text a model is matched by."""
    parts = [model.name + ".", model.description]
    if model.domains:
        parts.append(f"Specialised in {', '.join(model.domains)}.")
    return " ".join(p for p in parts if p)


class ModelMatcher:
    """Scores every model in the knowledge base against use-case texts. The model
    descriptions are embedded once per (embedder, kb_version) and cached on disk."""

    def __init__(
        self, kb: KnowledgeBase, embedder: Embedder | None = None, *, cache: Path | None = None
    ) -> None:
        self.kb = kb
        self.embedder = embedder or get_embedder()
        self.model_ids = [m.id for m in kb.models]
        self._domains = [set(m.domains) for m in kb.models]
        texts = [describe(m) for m in kb.models]
        self._vectors = cached_embeddings(self.embedder, texts, "models", kb.kb_version, cache)
        # the English task exemplars, from the task matcher's cache entry
        exemplars = _exemplars(kb)
        reference = cached_embeddings(
            self.embedder, [_normalise(e.text) for e in exemplars], "tasks", kb.kb_version, cache
        )
        english = [i for i, e in enumerate(exemplars) if e.lang == "en"]
        self._reference = reference[english]
        self._typical_margin = typical_margin(
            self._reference @ self._reference.T, [exemplars[i].task for i in english]
        )

    def score(self, text: str) -> list[ModelFit]:
        """Every model's fit to ``text``, best first (ties by id)."""
        return self.score_many([text])[0]

    def score_many(self, texts: Sequence[str]) -> list[list[ModelFit]]:
        import numpy as np

        if not texts:
            return []
        # normalised as the task matcher normalises it, so the engine embeds a use case once
        queries = self.embedder.embed([_normalise(t) for t in texts])
        # rounded: a document embedded in another batch differs in the last float32 bits, and a
        # model's fit must not depend on which other models were embedded with it
        sims = np.round(queries @ self._vectors.T, 5)
        background = np.median(queries @ self._reference.T, axis=1, keepdims=True)
        fit = np.clip((sims - background) / self._typical_margin, 0.0, 1.0)
        out = []
        for row, text in enumerate(texts):
            domain = detect_domain(text).domain
            fits = [
                ModelFit(
                    model_id=model_id,
                    score=_SEMANTIC_WEIGHT * float(fit[row, i])
                    + (1 - _SEMANTIC_WEIGHT) * (domain in self._domains[i]),
                    semantic=float(sims[row, i]),
                    semantic_fit=float(fit[row, i]),
                    domain_match=domain in self._domains[i],
                )
                for i, model_id in enumerate(self.model_ids)
            ]
            out.append(sorted(fits, key=lambda f: (-f.score, f.model_id)))
        return out
