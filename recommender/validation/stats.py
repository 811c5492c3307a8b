"""Statistics for validation runs: rate intervals, paired tests, latency summaries.

>>> low, high = wilson_interval(8, 10)
>>> round(low, 3), round(high, 3)
(0.49, 0.943)
>>> mcnemar_exact(0, 6)     # one model won all six disagreements
0.03125
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["PairedComparison", "compare_paired", "mcnemar_exact", "summarise", "wilson_interval"]

#: Significance level for "statistically tied".
ALPHA = 0.05


def wilson_interval(successes: int, n: int, *, z: float = 1.959964) -> tuple[float, float]:
    """Wilson score interval for a proportion (95% by default); (0, 1) when n is 0."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def mcnemar_exact(b: int, c: int) -> float:
    """Two-sided exact McNemar test (a sign test on the discordant pairs): ``b`` prompts only
    the first model passed, ``c`` only the second. The p-value; 1 with no discordant pairs."""
    n = b + c
    if n == 0:
        return 1.0
    k = min(b, c)
    tail = sum(math.comb(n, i) for i in range(k + 1)) / 2**n
    return float(min(1.0, 2 * tail))


@dataclass(frozen=True)
class PairedComparison:
    """Two models on the same prompts: who passed where the other failed, and the verdict."""

    a: str
    b: str
    prompts: int  #: prompts both answered
    only_a: int  #: prompts a passed and b failed
    only_b: int
    p_value: float  #: exact McNemar
    verdict: str  #: "a better", "b better" or "statistically tied"

    def to_json(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "prompts": self.prompts,
            "only_a": self.only_a,
            "only_b": self.only_b,
            "p_value": round(self.p_value, 6),
            "verdict": self.verdict,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PairedComparison:
        return cls(**data)


def compare_paired(
    a: str, passed_a: dict[str, bool], b: str, passed_b: dict[str, bool], *, alpha: float = ALPHA
) -> PairedComparison:
    """Paired comparison over the prompt ids both models answered."""
    common = sorted(set(passed_a) & set(passed_b))
    only_a = sum(1 for k in common if passed_a[k] and not passed_b[k])
    only_b = sum(1 for k in common if passed_b[k] and not passed_a[k])
    p = mcnemar_exact(only_a, only_b)
    if p >= alpha:
        verdict = "statistically tied"
    else:
        verdict = f"{a} better" if only_a > only_b else f"{b} better"
    return PairedComparison(a, b, len(common), only_a, only_b, p, verdict)


def summarise(values: Sequence[float]) -> dict[str, float] | None:
    """Median, p90, p95, mean, std, IQR and count of a sample; None when empty. Percentiles
    interpolate linearly (numpy's default)."""
    if not values:
        return None
    xs = sorted(values)
    n = len(xs)

    def pct(q: float) -> float:
        pos = (n - 1) * q
        lo, hi = math.floor(pos), math.ceil(pos)
        return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)

    mean = sum(xs) / n
    std = math.sqrt(sum((x - mean) ** 2 for x in xs) / (n - 1)) if n > 1 else 0.0
    return {
        "median": pct(0.5),
        "p90": pct(0.9),
        "p95": pct(0.95),
        "mean": mean,
        "std": std,
        "iqr": pct(0.75) - pct(0.25),
        "n": float(n),
    }
