"""Use-case text -> tasks, with a calibrated confidence and the phrases that drove it.

Each task is represented by its exemplars in ``knowledge/tasks.yaml``: names, descriptions and
typical phrasings in English and Japanese. A query is compared with every exemplar by two signals:

- embedding cosine similarity (default multilingual-e5-small, English and Japanese; the
  English-only all-MiniLM-L6-v2 and other sentence-transformers models are selectable);
- lexical cosine similarity of TF-IDF over character 1-3-grams (:mod:`.lexical`), which needs no
  word segmentation and so works for Japanese.

A task's signal score is the mean of its best few exemplar similarities. Each signal is
standardised across tasks (z-scores), which also absorbs e5's compressed cosines, and the two are
fused with weights that depend on whether the embedder understands the query's language; a
softmax with a fixed temperature turns the fused scores into probabilities. The weights and
temperature were chosen per embedder (:data:`TUNED`) on the taxonomy's own phrasings by
leave-one-out (``benchmarks/matching.py --tune``), never on the evaluation sets.

The confidence is the best task's probability times the strength of the evidence: how far the
query's similarity to that task rises above its similarity to exemplars in general, relative to
how far a task's own exemplars rise above the others'.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..kb.loader import KnowledgeBase
from .embedders import Embedder, cached_embeddings, get_embedder
from .lexical import CharNgramTfidf
from .signals import DomainGuess, LanguageGuess, detect_domain, detect_languages

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "TUNED",
    "FusionWeights",
    "MatchResult",
    "Mode",
    "TaskMatcher",
    "TaskScore",
    "typical_margin",
]

Mode = Literal["hybrid", "embedding", "lexical"]


@dataclass(frozen=True)
class FusionWeights:
    """How much the embedding signal counts (the lexical signal gets the rest), and the
    softmax temperature. Chosen by leave-one-out on the taxonomy phrasings, per embedder
    (:data:`TUNED`)."""

    embedding_understood: float = 0.7  #: query in a language the embedder understands
    embedding_not_understood: float = 0.25  #: e.g. Japanese with the English MiniLM
    temperature: float = 0.25
    top_exemplars: int = 3  #: a task's score is the mean of its best this-many exemplars
    ngram_range: tuple[int, int] = (1, 3)  #: character n-grams of the lexical signal
    #: Lexical signal ignores hiragana runs: in Japanese they mostly carry grammar
    #: (particles, inflections), while kanji, katakana and Latin letters carry the topic.
    drop_hiragana: bool = True
    #: Below this confidence the user is asked to choose between the candidates.
    confirm_below: float = 0.7
    #: Texts with fewer content characters than this (letters, digits, kanji, katakana) carry
    #: proportionally less evidence: "help" or 「いい感じに」 say little about the task.
    min_content_chars: int = 12


#: FusionWeights chosen by leave-one-out (``benchmarks/matching.py --tune --drop-hiragana``)
#: for each built-in embedder, by its name; other embedders get the defaults.
TUNED: dict[str, FusionWeights] = {
    "multilingual-e5-small-q4": FusionWeights(),
    "all-MiniLM-L6-v2": FusionWeights(embedding_not_understood=0.2),
}


@dataclass(frozen=True)
class TaskScore:
    id: str
    score: float  #: calibrated probability that this is the task meant
    embedding: float  #: best-two mean cosine similarity to the task's exemplars
    lexical: float  #: same, for character n-gram TF-IDF
    matched: str  #: the exemplar most like the query


@dataclass(frozen=True)
class MatchResult:
    text: str
    tasks: list[TaskScore]  #: best first
    confidence: float  #: probability of the best task x strength of the evidence, 0..1
    needs_confirmation: bool  #: ask the user to choose among ``tasks``
    languages: LanguageGuess
    domain: DomainGuess
    mode: Mode
    embedder: str
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The shape of ``modelrec match --json`` (DESIGN.md, extended)."""
        return {
            "text": self.text,
            "tasks": [
                {"id": t.id, "score": round(t.score, 4), "matched": t.matched} for t in self.tasks
            ],
            "confidence": round(self.confidence, 4),
            "needs_confirmation": self.needs_confirmation,
            "languages": self.languages.languages,
            "written_in": self.languages.written_in,
            "multilingual": self.languages.multilingual,
            "domain": {
                "id": self.domain.domain,
                "confidence": self.domain.confidence,
                "evidence": self.domain.evidence,
            },
            "evidence": [f"closest phrasing for {t.id}: {t.matched!r}" for t in self.tasks[:1]]
            + self.languages.evidence,
            "mode": self.mode,
            "embedder": self.embedder,
        }


@dataclass(frozen=True)
class _Exemplar:
    task: str
    text: str
    lang: str


class TaskMatcher:
    """Matches use-case texts to the knowledge base's tasks. Build once, match many texts:
    the exemplar embeddings are computed once per (embedder, kb_version) and cached on disk,
    so a query embeds only the query."""

    def __init__(
        self,
        kb: KnowledgeBase,
        embedder: Embedder | None = None,
        *,
        weights: FusionWeights | None = None,
        cache: Path | None = None,
    ) -> None:
        self.kb = kb
        self.embedder = embedder or get_embedder()
        self.weights = weights or TUNED.get(self.embedder.name, FusionWeights())
        self.exemplars = _exemplars(kb)
        self.task_ids = sorted({e.task for e in self.exemplars})
        self._task_index = {t: i for i, t in enumerate(self.task_ids)}
        self._owner = [self._task_index[e.task] for e in self.exemplars]
        #: per task, the indices of its exemplars' columns in every similarity matrix
        self._columns = [
            [i for i, owner in enumerate(self._owner) if owner == t]
            for t in range(len(self.task_ids))
        ]
        texts = [_normalise(e.text) for e in self.exemplars]
        self._tfidf = CharNgramTfidf(
            ngram_range=self.weights.ngram_range,
            preprocessor=_content_only if self.weights.drop_hiragana else None,
        )
        self._lexical = self._tfidf.fit_transform(texts)
        self._vectors = cached_embeddings(self.embedder, texts, "tasks", kb.kb_version, cache)
        self._typical = self._typical_similarity()

    def _typical_similarity(self) -> tuple[float, float]:
        """How far above the background a clear request comes to its task, per signal
        (embedding, lexical): see :func:`typical_margin`."""
        owner = self._owner
        return (
            typical_margin(self._vectors @ self._vectors.T, owner),
            typical_margin((self._lexical @ self._lexical.T).toarray(), owner),
        )

    def evidence(self, emb_margin: float, lex_margin: float, understood: bool) -> float:
        """0..1: how far the query's similarity to its best task's exemplars rises above its
        similarity to exemplars in general (``*_margin``), relative to how far a task's own
        exemplars rise above the rest."""
        w = (
            self.weights.embedding_understood
            if understood
            else self.weights.embedding_not_understood
        )
        emb_ratio = max(emb_margin, 0.0) / max(self._typical[0], 1e-9)
        lex_ratio = max(lex_margin, 0.0) / max(self._typical[1], 1e-9)
        return min(1.0, w * emb_ratio + (1 - w) * lex_ratio)

    # -- scoring -----------------------------------------------------------------------------

    def similarities(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Embedding and lexical cosine similarity of each text to each exemplar."""
        norm = [_normalise(t) for t in texts]
        emb = self.embedder.embed(norm) @ self._vectors.T
        lex = (self._tfidf.transform(norm) @ self._lexical.T).toarray()
        return emb, lex

    def signal_scores(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Per-task embedding and lexical scores, shape (len(texts), tasks)."""
        emb, lex = self.similarities(texts)
        return self._per_task(emb), self._per_task(lex)

    def _per_task(self, sims: np.ndarray, exclude: np.ndarray | None = None) -> np.ndarray:
        """Mean of the best ``top_exemplars`` similarities per task; ``exclude`` masks
        exemplars (leave-one-out)."""
        import numpy as np

        out = np.zeros((sims.shape[0], len(self.task_ids)), dtype=np.float64)
        for t, columns in enumerate(self._columns):
            cols = sims[:, columns]
            if exclude is not None:
                cols = np.where(exclude[:, columns], -np.inf, cols)
            top = -np.sort(-cols, axis=1)[:, : self.weights.top_exemplars]
            top = np.where(np.isinf(top), top[:, :1], top)  # one exemplar left: use it twice
            out[:, t] = top.mean(axis=1)
        return out

    def fuse(
        self, emb: np.ndarray, lex: np.ndarray, understood: Sequence[bool], mode: Mode = "hybrid"
    ) -> np.ndarray:
        """Probabilities over tasks from the two signals (rows: queries)."""
        import numpy as np

        z_emb, z_lex = _standardise(emb), _standardise(lex)
        if mode == "embedding":
            fused = z_emb
        elif mode == "lexical":
            fused = z_lex
        else:
            w = np.array(
                [
                    self.weights.embedding_understood
                    if ok
                    else self.weights.embedding_not_understood
                    for ok in understood
                ]
            )[:, None]
            fused = w * z_emb + (1 - w) * z_lex
        logits = fused / self.weights.temperature
        logits -= logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        return probs / probs.sum(axis=1, keepdims=True)  # type: ignore[no-any-return]

    def understands(self, language: LanguageGuess) -> bool:
        return self.embedder.multilingual or language.written_in in (None, "en")

    # -- the API -----------------------------------------------------------------------------

    def match(
        self, texts: Sequence[str], *, top_k: int = 5, mode: Mode = "hybrid"
    ) -> list[MatchResult]:
        """Tasks for each text, best first, with languages, domain and confidence."""
        import numpy as np

        texts = [t.strip() for t in texts]
        if not texts:
            return []
        for t in texts:
            if not t:
                raise ValueError("a use-case text is empty: describe what the model should do")
        languages = [detect_languages(t) for t in texts]
        emb_sims, lex_sims = self.similarities(texts)
        emb, lex = self._per_task(emb_sims), self._per_task(lex_sims)
        probs = self.fuse(emb, lex, [self.understands(lang) for lang in languages], mode)
        nearest = self._nearest_exemplars(emb_sims + lex_sims)
        results = []
        for row, text in enumerate(texts):
            order = np.argsort(-probs[row], kind="stable")[:top_k]
            tasks = [
                TaskScore(
                    id=self.task_ids[t],
                    score=float(probs[row, t]),
                    embedding=float(emb[row, t]),
                    lexical=float(lex[row, t]),
                    matched=nearest[row][t],
                )
                for t in order
            ]
            notes = []
            if not self.understands(languages[row]) and mode != "lexical":
                notes.append(
                    f"the embedder {self.embedder.name} is English-only: for text in "
                    f"'{languages[row].written_in}' the lexical signal carries more weight"
                )
            top = order[0]
            strength = self.evidence(
                _best(emb_sims[row], self._owner, top) - float(np.median(emb_sims[row])),
                _best(lex_sims[row], self._owner, top) - float(np.median(lex_sims[row])),
                self.understands(languages[row]),
            )
            content = len(re.findall(r"[^\W_\u3041-\u309f]", _normalise(text)))
            strength *= min(1.0, content / self.weights.min_content_chars)
            # calibrated probability of the best task, discounted when the evidence is weak
            confidence = tasks[0].score * strength
            results.append(
                MatchResult(
                    text=text,
                    tasks=tasks,
                    confidence=confidence,
                    needs_confirmation=confidence < self.weights.confirm_below,
                    languages=languages[row],
                    domain=detect_domain(text),
                    mode=mode,
                    embedder=self.embedder.name,
                    notes=notes,
                )
            )
        return results

    def _nearest_exemplars(self, sims: np.ndarray) -> list[dict[int, str]]:
        """Per text and task, the exemplar with the highest summed similarity."""
        import numpy as np

        best = np.empty((sims.shape[0], len(self.task_ids)), dtype=np.int64)
        for t, columns in enumerate(self._columns):
            best[:, t] = np.asarray(columns)[np.argmax(sims[:, columns], axis=1)]
        return [
            {t: self.exemplars[best[row, t]].text for t in range(len(self.task_ids))}
            for row in range(sims.shape[0])
        ]


def typical_margin(sims: np.ndarray, owner: Sequence[object]) -> float:
    """How far a task's exemplars rise above the rest, from their similarities to each other
    (``sims``, square) and the task of each (``owner``): the median over exemplars of the
    similarity to the closest other exemplar of the same task, less the median similarity
    between exemplars of different tasks. Measured from the background, because embedders
    differ in where unrelated texts sit (MiniLM near 0.1, e5 near 0.8)."""
    import numpy as np

    tasks = np.asarray(owner)
    same = (tasks[:, None] == tasks[None, :]) & ~np.eye(len(tasks), dtype=bool)
    other = tasks[:, None] != tasks[None, :]
    paired = same.any(axis=1)
    if not paired.any() or not other.any():
        return 1.0  # no two exemplars of a task, or a single task: no scale to measure
    closest = np.where(same, sims, -np.inf).max(axis=1)[paired]
    return max(float(np.median(closest) - np.median(sims[other])), 1e-6)


def _best(sims: np.ndarray, owner: list[int], task: int) -> float:
    return float(max(v for v, o in zip(sims, owner, strict=True) if o == task))


def _exemplars(kb: KnowledgeBase) -> list[_Exemplar]:
    out = []
    for task in kb.tasks.values():
        out += [
            _Exemplar(task.id, task.name.en, "en"),
            _Exemplar(task.id, task.name.ja, "ja"),
            _Exemplar(task.id, task.description.en, "en"),
            _Exemplar(task.id, task.description.ja, "ja"),
        ]
        for lang, phrasings in task.phrasings.items():
            out += [_Exemplar(task.id, p, lang) for p in phrasings]
    return out


def _normalise(text: str) -> str:
    """NFKC (full-width letters and digits to ASCII), lower case, single spaces."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).lower()).strip()


_HIRAGANA_RUN = re.compile(r"[\u3041-\u309f]+")


def _content_only(text: str) -> str:
    """The text with hiragana runs replaced by spaces (see FusionWeights.drop_hiragana)."""
    return _HIRAGANA_RUN.sub(" ", text)


def _standardise(scores: np.ndarray) -> np.ndarray:
    mean = scores.mean(axis=1, keepdims=True)
    std = scores.std(axis=1, keepdims=True)
    return (scores - mean) / (std + 1e-9)  # type: ignore[no-any-return]
