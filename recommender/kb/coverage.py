"""How much published evidence backs the catalogue: the share of current models with two or
more benchmark scores relevant to their tasks (``modelrec kb stats``, the importers' report).

A score is relevant to a model when its benchmark informs one of the model's declared tasks or
``general`` ability (``informs`` in ``knowledge/benchmarks.yaml``), and, for a domain benchmark,
when the model is of that domain. Japanese-capable models (documented, or inherited from their
base, as ``strong`` or ``good``) are also counted for a Japanese score.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .loader import KnowledgeBase
from .schema import ModelRecord

__all__ = ["Coverage", "CoverageGroup", "evidence_coverage", "relevant_benchmarks"]

#: Scores a model needs for its quality estimate to rest on evidence rather than a prior.
ENOUGH = 2


def relevant_benchmarks(kb: KnowledgeBase, model: ModelRecord) -> set[str]:
    """Distinct benchmark ids among ``model``'s scores that inform its tasks or ``general``."""
    found = set()
    for score in model.benchmarks:
        bench = kb.benchmark(score.benchmark)
        if bench is None:
            continue
        if bench.domain is not None and bench.domain not in model.domains:
            continue
        if any(bench.informs.get(t, 0) > 0 for t in (*model.tasks, "general")):
            found.add(bench.id)
    return found


def _ja_level(kb: KnowledgeBase, model: ModelRecord) -> str | None:
    from ..engine.capability import language_support  # the engine's inheritance rule

    return language_support(kb, model, "ja").level


@dataclass(frozen=True)
class CoverageGroup:
    total: int
    covered: int

    @property
    def share(self) -> float:
        return self.covered / self.total if self.total else 0.0

    def text(self) -> str:
        return f"{self.covered}/{self.total} ({100 * self.share:.0f}%)" if self.total else "0/0"

    def to_json(self) -> dict[str, Any]:
        return {"total": self.total, "covered": self.covered, "share": round(self.share, 3)}


@dataclass(frozen=True)
class Coverage:
    """Evidence coverage of current models."""

    llm_vlm: CoverageGroup  #: current LLMs and VLMs, open and API together
    llm_vlm_open: CoverageGroup
    llm_vlm_api: CoverageGroup
    by_category: dict[tuple[str, str], CoverageGroup]  #: (category, open|api) -> group
    japanese: CoverageGroup  #: Japanese-capable current LLMs/VLMs with a Japanese score
    thin: tuple[tuple[str, int], ...]  #: current LLMs/VLMs below ENOUGH: (id, relevant count)
    ja_missing: tuple[str, ...]

    def lines(self) -> list[str]:
        return [
            f"current LLM/VLM with >= {ENOUGH} relevant benchmarks: {self.llm_vlm.text()}",
            f"  open weights: {self.llm_vlm_open.text()}",
            f"  API:          {self.llm_vlm_api.text()}",
            "Japanese-capable current LLM/VLM with a Japanese score: " + self.japanese.text(),
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "llm_vlm": self.llm_vlm.to_json(),
            "llm_vlm_open": self.llm_vlm_open.to_json(),
            "llm_vlm_api": self.llm_vlm_api.to_json(),
            "by_category": {
                f"{c}/{a}": g.to_json() for (c, a), g in sorted(self.by_category.items())
            },
            "japanese": self.japanese.to_json(),
        }


def _group(flags: Iterable[bool]) -> CoverageGroup:
    values = list(flags)
    return CoverageGroup(len(values), sum(values))


def evidence_coverage(kb: KnowledgeBase) -> Coverage:
    """Coverage of the current models in ``kb``."""
    current = [m for m in kb.models if m.status == "current"]
    ok = {m.id: len(relevant_benchmarks(kb, m)) >= ENOUGH for m in current}
    text = [m for m in current if m.category in ("llm", "vlm")]

    def key(m: ModelRecord) -> tuple[str, str]:
        return str(m.category), "open" if m.open_weights else "api"

    by_category = {
        k: _group(ok[m.id] for m in current if key(m) == k) for k in sorted(set(map(key, current)))
    }
    capable = [m for m in text if _ja_level(kb, m) in ("strong", "good")]
    has_ja = {
        m.id: any(
            (b := kb.benchmark(s.benchmark)) is not None and "ja" in b.languages
            for s in m.benchmarks
        )
        for m in capable
    }
    return Coverage(
        llm_vlm=_group(ok[m.id] for m in text),
        llm_vlm_open=_group(ok[m.id] for m in text if m.open_weights),
        llm_vlm_api=_group(ok[m.id] for m in text if not m.open_weights),
        by_category=by_category,
        japanese=_group(has_ja.values()),
        thin=tuple((m.id, len(relevant_benchmarks(kb, m))) for m in text if not ok[m.id]),
        ja_missing=tuple(m.id for m in capable if not has_ja[m.id]),
    )
