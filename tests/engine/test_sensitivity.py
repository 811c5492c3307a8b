"""Sensitivity mathematics checked against brute force on random decision matrices."""

from __future__ import annotations

import numpy as np
import pytest

from recommender.engine.sensitivity import analyse


def ranked(values: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    order = np.argsort(-(values @ weights), kind="stable")
    return values[order], order


def reweigh(weights: np.ndarray, j: int, t: float) -> np.ndarray:
    out = weights * (1 - t) / (1 - weights[j])
    out[j] = t
    return out


@pytest.mark.parametrize("seed", range(20))
def test_stability_interval_is_exactly_where_the_top_k_order_holds(seed: int) -> None:
    rng = np.random.default_rng(seed)
    values, weights = rng.random((8, 5)), rng.dirichlet(np.ones(5))
    values, _ = ranked(values, weights)
    ids, names = [f"m{i}" for i in range(8)], [f"c{j}" for j in range(5)]
    result = analyse(ids, names, values, weights, top_k=3, samples=200, seed=seed)

    def top(w: np.ndarray) -> list[int]:
        return list(np.argsort(-(values @ w), kind="stable")[:3])

    for j, name in enumerate(names):
        low, high = result.stability[name]
        assert low <= weights[j] <= high
        for t in np.linspace(low, high, 7)[1:-1]:  # strictly inside: the order holds
            assert top(reweigh(weights, j, t)) == [0, 1, 2]
        if high < 1 - 1e-6:  # just beyond: it changes
            assert top(reweigh(weights, j, min(1.0, high + 1e-4))) != [0, 1, 2]
        if low > 1e-6:
            assert top(reweigh(weights, j, max(0.0, low - 1e-4))) != [0, 1, 2]


@pytest.mark.parametrize("seed", range(10))
def test_what_it_takes_is_exactly_enough(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    values, weights = rng.random((5, 4)), rng.dirichlet(np.ones(4))
    values, _ = ranked(values, weights)
    names = [f"c{j}" for j in range(4)]
    result = analyse([f"m{i}" for i in range(5)], names, values, weights, top_k=3)
    for i, model in enumerate(["m1", "m2"], start=1):
        for way in result.what_it_takes[model]:
            if way.code == "takes_none":
                continue
            name, delta = way.params["criterion"], way.params["delta"]
            j = names.index(name)
            better = values[i].copy()
            better[j] += delta + 1e-3
            assert better @ weights > values[0] @ weights
            assert better[j] <= 1 + 1e-3


def test_acceptability_is_seeded_and_shares_sum_to_one() -> None:
    rng = np.random.default_rng(7)
    values, weights = rng.random((6, 4)), rng.dirichlet(np.ones(4))
    values, _ = ranked(values, weights)
    ids = [f"m{i}" for i in range(6)]
    a = analyse(ids, ["a", "b", "c", "d"], values, weights, top_k=3, samples=500, seed=3)
    b = analyse(ids, ["a", "b", "c", "d"], values, weights, top_k=3, samples=500, seed=3)
    assert a.acceptability == b.acceptability
    for rank in range(3):
        assert sum(v[rank] for v in a.acceptability.values()) == pytest.approx(1)
    assert a.most_critical in ("a", "b", "c", "d")


def test_a_dominant_leader_is_stable() -> None:
    values = np.array([[0.9, 0.9, 0.9], [0.2, 0.3, 0.1], [0.1, 0.1, 0.2]])
    weights = np.array([0.5, 0.3, 0.2])
    result = analyse(["a", "b", "c"], ["x", "y", "z"], values, weights, top_k=2, samples=300)
    assert result.acceptability["a"][0] == 1.0
    assert [m.text for m in result.what_it_takes["b"]] == ["no single criterion suffices"]
    assert result.most_critical is None


@pytest.mark.parametrize("seed", range(20))
def test_pareto_sweep_matches_the_pairwise_definition(seed: int) -> None:
    from recommender.engine.recommend import pareto_front

    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 60))
    quality = rng.integers(0, 8, n) / 8.0  # coarse values create ties
    cost = rng.integers(1, 8, n).astype(float)
    expected = [
        not any(
            (quality[b] >= quality[a] and cost[b] <= cost[a])
            and (quality[b] > quality[a] or cost[b] < cost[a])
            for b in range(n)
        )
        for a in range(n)
    ]
    assert list(pareto_front(quality, cost)) == expected
