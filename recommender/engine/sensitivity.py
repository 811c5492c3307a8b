"""How stable is the ranking? Exact results for a weighted sum, plus seeded sampling.

Notation (../shared/reference/decision-analysis.md): S_i = sum_j w_j v_ij.

- Weight stability of criterion k: with w_k = t and the other weights rescaled in proportion,
  S_i(t) = t v_ik + (1 - t) R_ik, R_ik = sum_{j != k} w_j v_ij / (1 - w_k). Two models swap at
  t* = d_R / (d_R - d_v). The interval of w_k is bounded by the nearest t* that changes the order
  of the top K.
- What it takes: runner-up X overtakes leader L on criterion k alone when its value rises by
  dv = (S_L - S_X) / w_k, feasible if v_Xk + dv <= 1.
- Rank acceptability (SMAA): weights sampled from a seeded Dirichlet concentrated around the
  user's weights; the share of samples in which each model takes each rank.
- Most critical criterion: the one whose weight needs the smallest change to change the winner.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..messages import Message

__all__ = ["Sensitivity", "analyse", "reweigh"]

#: Dirichlet concentration: alpha = weights x this. Larger keeps samples nearer the user's.
CONCENTRATION = 30.0


@dataclass(frozen=True)
class Sensitivity:
    top_k: int
    stability: dict[str, tuple[float, float]]  #: weight interval keeping the top-K order
    what_it_takes: dict[str, list[Message]]  #: runner-up -> ways to overtake the leader
    acceptability: dict[str, list[float]]  #: model -> share of samples at rank 1..K
    samples: int
    seed: int
    most_critical: str | None  #: criterion whose smallest weight change changes the winner
    most_critical_change: float | None  #: that change (absolute, in weight units)

    def to_json(self) -> dict[str, Any]:
        return {
            "top_k": self.top_k,
            "weight_stability": {
                k: [round(a, 4), round(b, 4)] for k, (a, b) in self.stability.items()
            },
            "what_it_takes": {k: [m.text for m in v] for k, v in self.what_it_takes.items()},
            "what_it_takes_messages": {
                k: [m.to_json() for m in v] for k, v in self.what_it_takes.items()
            },
            "rank_acceptability": {
                k: [round(x, 4) for x in v] for k, v in self.acceptability.items()
            },
            "samples": self.samples,
            "seed": self.seed,
            "most_critical_criterion": self.most_critical,
            "most_critical_change": None
            if self.most_critical_change is None
            else round(self.most_critical_change, 4),
        }


def analyse(
    ids: list[str],
    names: list[str],
    values: np.ndarray,
    weights: np.ndarray,
    *,
    top_k: int = 3,
    samples: int = 1000,
    seed: int = 0,
) -> Sensitivity:
    """Sensitivity of the ranking of ``ids`` (rows of ``values``, criteria ``names`` as
    columns) under ``weights`` (summing to 1). Rows must be in rank order."""
    n = values.shape[0]
    k = min(top_k, n)
    scores = values @ weights
    stability: dict[str, tuple[float, float]] = {}
    critical: tuple[float, str] | None = None
    for j, name in enumerate(names):
        low, high, winner_change = _interval(values, weights, j, k)
        stability[name] = (low, high)
        if winner_change is not None and (critical is None or winner_change < critical[0]):
            critical = (winner_change, name)
    takes: dict[str, list[Message]] = {}
    for x in range(1, k):
        gap = scores[0] - scores[x]
        ways = []
        for j, name in enumerate(names):
            if weights[j] <= 0:
                continue
            needed = gap / weights[j]
            if values[x, j] + needed <= 1 + 1e-12:
                now = round(float(values[x, j]), 3)
                ways.append(
                    Message(
                        "takes_value",
                        {
                            "criterion": name,
                            "delta": round(float(needed), 3),
                            "value": now,
                            "target": round(now + float(needed), 3),
                        },
                    )
                )
        takes[ids[x]] = ways or [Message("takes_none")]
    acceptability = _acceptability(ids, values, weights, k, samples, seed)
    return Sensitivity(
        top_k=k,
        stability=stability,
        what_it_takes=takes,
        acceptability=acceptability,
        samples=samples,
        seed=seed,
        most_critical=None if critical is None else critical[1],
        most_critical_change=None if critical is None else critical[0],
    )


def reweigh(weights: Mapping[str, float], criterion: str, weight: float) -> dict[str, float]:
    """``weights`` with ``criterion`` set to ``weight`` and the others rescaled in proportion,
    still summing to 1: the move the stability intervals measure."""
    rest = 1 - weights[criterion]
    return {
        name: weight if name == criterion else (w * (1 - weight) / rest if rest > 1e-12 else 0.0)
        for name, w in weights.items()
    }


def _interval(
    values: np.ndarray, weights: np.ndarray, j: int, k: int
) -> tuple[float, float, float | None]:
    """Interval of w_j keeping the top-k order, and the smallest change of w_j that changes
    the winner (None if none in [0, 1])."""
    w = weights[j]
    rest = 1 - w
    others = np.delete(np.arange(len(weights)), j)
    r = np.zeros(values.shape[0]) if rest <= 1e-12 else values[:, others] @ weights[others] / rest
    v = values[:, j]
    low, high, winner = 0.0, 1.0, None
    n = values.shape[0]
    for a in range(min(k, n)):  # every pair with a model in the top k can change its order
        others_b = np.arange(a + 1, n)
        d_v, d_r = v[a] - v[others_b], r[a] - r[others_b]
        denominator = d_r - d_v
        valid = np.abs(denominator) >= 1e-15
        t = np.divide(d_r, denominator, out=np.full(len(others_b), np.nan), where=valid)
        swaps = valid & (t >= 0) & (t <= 1)
        below, above = swaps & (t < w), swaps & (t > w)
        if below.any():
            low = max(low, float(t[below].max()))
        if above.any():
            high = min(high, float(t[above].min()))
        if a == 0:
            changes = np.abs(t[swaps] - w)
            changes = changes[changes > 1e-12]
            if changes.size:
                winner = float(changes.min()) if winner is None else min(winner, changes.min())
    return low, high, winner


def _acceptability(
    ids: list[str], values: np.ndarray, weights: np.ndarray, k: int, samples: int, seed: int
) -> dict[str, list[float]]:
    rng = np.random.default_rng(seed)
    alpha = np.maximum(weights * CONCENTRATION, 1e-3)
    sampled = rng.dirichlet(alpha, size=samples)  # (samples, criteria)
    scores = sampled @ values.T  # (samples, models)
    # stable ranks: ties break by the deterministic order of the rows (model rank, then id)
    order = np.argsort(-scores, axis=1, kind="stable")
    counts = np.zeros((values.shape[0], k))
    for rank in range(k):
        np.add.at(counts[:, rank], order[:, rank], 1)
    shares = counts / samples
    return {ids[i]: shares[i].tolist() for i in range(values.shape[0]) if shares[i].sum() > 0}
