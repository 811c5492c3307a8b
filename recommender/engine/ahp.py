"""Pairwise (AHP) weighting: weights from "A matters N times as much as B" answers.

Weights are the principal eigenvector of the reciprocal comparison matrix; consistency is
CR = CI / RI with CI = (lambda_max - n) / (n - 1) and Saaty's random index RI (n = 3..9:
0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45). CR above 0.1 means the answers contradict each other
enough to revisit them.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np

__all__ = ["RANDOM_INDEX", "AhpResult", "MissingComparisons", "ahp_weights"]

#: Saaty's random consistency index by matrix size.
RANDOM_INDEX = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45}


@dataclass(frozen=True)
class AhpResult:
    weights: dict[str, float]
    consistency_ratio: float
    consistent: bool  #: CR <= 0.1


class MissingComparisons(ValueError):
    """Pairs of criteria the comparisons leave out (each "a vs b")."""

    def __init__(self, pairs: list[str]) -> None:
        super().__init__(f"missing comparisons: {', '.join(pairs)}")
        self.pairs = pairs


def ahp_weights(comparisons: dict[tuple[str, str], float]) -> AhpResult:
    """Weights from pairwise ratios ``{(a, b): r}``: a matters r times as much as b (Saaty's
    1-9 scale; fractions mean the reverse). Every pair of the criteria named must be given.

    >>> r = ahp_weights({("quality", "cost"): 3, ("quality", "speed"): 6, ("cost", "speed"): 2})
    >>> {k: round(v, 2) for k, v in r.weights.items()}, round(r.consistency_ratio, 3)
    ({'quality': 0.67, 'cost': 0.22, 'speed': 0.11}, 0.0)
    """
    names: list[str] = []
    for a, b in comparisons:
        for name in (a, b):
            if name not in names:
                names.append(name)
    index = {name: i for i, name in enumerate(names)}
    n = len(names)
    matrix = np.ones((n, n))
    for (a, b), ratio in comparisons.items():
        if a == b or ratio <= 0:
            raise ValueError(f"{a} vs {b}: compare two different criteria with a positive ratio")
        matrix[index[a], index[b]] = ratio
        matrix[index[b], index[a]] = 1 / ratio
    given = {frozenset(pair) for pair in comparisons}
    missing = [f"{a} vs {b}" for a, b in combinations(names, 2) if frozenset((a, b)) not in given]
    if missing:
        raise MissingComparisons(missing)
    eigenvalues, eigenvectors = np.linalg.eig(matrix)
    top = int(np.argmax(eigenvalues.real))
    vector = np.abs(eigenvectors[:, top].real)
    weights = vector / vector.sum()
    lam = float(eigenvalues.real[top])
    ci = (lam - n) / (n - 1) if n > 2 else 0.0
    ri = RANDOM_INDEX.get(n, 1.49)
    cr = max(0.0, ci / ri) if ri else 0.0
    return AhpResult({name: float(weights[index[name]]) for name in names}, cr, cr <= 0.1)
