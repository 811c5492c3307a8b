"""Rate intervals and paired tests against independent implementations and textbook values."""

from __future__ import annotations

import random

import pytest
from scipy.stats import binomtest

from recommender.validation.stats import compare_paired, mcnemar_exact, summarise, wilson_interval


def test_wilson_interval_textbook_values() -> None:
    # Newcombe (1998), table I: 81/263 -> 0.2553-0.3662; and the edge cases
    low, high = wilson_interval(81, 263)
    assert (round(low, 4), round(high, 4)) == (0.2553, 0.3662)
    assert wilson_interval(0, 10)[0] == 0.0 and wilson_interval(10, 10)[1] == pytest.approx(1.0)
    assert wilson_interval(0, 0) == (0.0, 1.0)


def test_exact_mcnemar_matches_scipy_binomial_test() -> None:
    rng = random.Random(7)
    for _ in range(200):
        b, c = rng.randint(0, 30), rng.randint(0, 30)
        if b + c == 0:
            assert mcnemar_exact(b, c) == 1.0
            continue
        expected = binomtest(b, b + c, 0.5).pvalue
        assert mcnemar_exact(b, c) == pytest.approx(expected, rel=1e-9)


def test_paired_comparison_verdicts() -> None:
    a = {f"p{i}": True for i in range(12)}
    b = {f"p{i}": i < 2 for i in range(12)}
    better = compare_paired("a", a, "b", b)
    assert (better.only_a, better.only_b, better.verdict) == (10, 0, "a better")
    tied = compare_paired("a", a, "c", {f"p{i}": i != 3 for i in range(12)})
    assert tied.verdict == "statistically tied" and tied.p_value == 1.0
    # only the prompts both answered count
    assert compare_paired("a", a, "d", {"p0": False, "x": True}).prompts == 1


def test_summary_percentiles() -> None:
    s = summarise([float(x) for x in range(1, 101)])
    assert s is not None
    assert s["median"] == pytest.approx(50.5)
    assert s["p95"] == pytest.approx(95.05)
    assert s["iqr"] == pytest.approx(49.5)
    assert summarise([]) is None
