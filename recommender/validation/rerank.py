"""What measured evidence changed in a ranking: rank moves and score deltas per model.

``recommend(q, kb, evidence=run)`` re-scores with a run's measurements
(:meth:`~.results.ValidationRun.measured_values`); :func:`compare_rankings` lists, for every
model in either shortlist, where it was and where it is, and which criteria changed value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..engine.recommend import Recommendation

__all__ = ["RankChange", "compare_rankings"]


@dataclass(frozen=True)
class RankChange:
    """One model before and after the evidence. Ranks are 1-based over every candidate."""

    model_id: str
    rank_before: int | None
    rank_after: int | None
    score_before: float | None
    score_after: float | None
    changed: dict[str, tuple[float, float]]  #: criterion -> (value before, value after)
    evidence: dict[str, str]  #: criterion -> the measured detail behind the new value

    @property
    def moved(self) -> int:
        """Places gained (positive) or lost (negative)."""
        if self.rank_before is None or self.rank_after is None:
            return 0
        return self.rank_before - self.rank_after

    @property
    def score_delta(self) -> float:
        return (self.score_after or 0.0) - (self.score_before or 0.0)

    def to_json(self) -> dict[str, Any]:
        return {
            "model_id": self.model_id,
            "rank_before": self.rank_before,
            "rank_after": self.rank_after,
            "moved": self.moved,
            "score_before": None if self.score_before is None else round(self.score_before, 4),
            "score_after": None if self.score_after is None else round(self.score_after, 4),
            "score_delta": round(self.score_delta, 4),
            "changed": {k: [round(a, 4), round(b, 4)] for k, (a, b) in self.changed.items()},
            "evidence": self.evidence,
        }


def compare_rankings(before: Recommendation, after: Recommendation) -> list[RankChange]:
    """Changes between two recommendations for the same questionnaire: every model in either
    shortlist and every model whose values changed, by its rank after."""
    old = {r.candidate.model.id: r for r in before.ranked}
    new = {r.candidate.model.id: r for r in after.ranked}
    shown = {r.candidate.model.id for r in before.shortlist} | {
        r.candidate.model.id for r in after.shortlist
    }
    changes = []
    for model_id in sorted(set(old) | set(new)):
        a, b = old.get(model_id), new.get(model_id)
        changed: dict[str, tuple[float, float]] = {}
        evidence: dict[str, str] = {}
        if a is not None and b is not None:
            for name, value in b.values.items():
                prior = a.values.get(name)
                if prior is not None and (
                    abs(prior.value - value.value) > 1e-9 or prior.evidence != value.evidence
                ):
                    changed[name] = (prior.value, value.value)
                    if value.evidence == "measured":
                        evidence[name] = value.detail
        if model_id not in shown and not changed:
            continue
        changes.append(
            RankChange(
                model_id,
                None if a is None else a.rank,
                None if b is None else b.rank,
                None if a is None else a.score,
                None if b is None else b.score,
                changed,
                evidence,
            )
        )
    changes.sort(key=lambda c: (c.rank_after or 10**9, c.model_id))
    return changes
