"""Pairwise (AHP) weighting and its consistency ratio."""

from __future__ import annotations

import numpy as np
import pytest

from recommender import load_knowledge_base
from recommender.engine import QuestionnaireError, parse_questionnaire, recommend
from recommender.engine.ahp import ahp_weights
from recommender.matching import HashEmbedder, ModelMatcher


def test_consistent_answers_give_proportional_weights_and_zero_cr() -> None:
    true = {"a": 0.5, "b": 0.3, "c": 0.2}
    pairs = {(x, y): true[x] / true[y] for x, y in (("a", "b"), ("a", "c"), ("b", "c"))}
    result = ahp_weights(pairs)
    assert result.weights == pytest.approx(true)
    assert result.consistency_ratio == pytest.approx(0, abs=1e-9) and result.consistent


def test_contradictory_answers_are_flagged() -> None:
    # a > b, b > c, but c > a: a cycle no weighting can satisfy
    result = ahp_weights({("a", "b"): 5, ("b", "c"): 5, ("c", "a"): 5})
    assert result.consistency_ratio > 0.1 and not result.consistent


def test_matches_the_eigenvector_computed_directly() -> None:
    rng = np.random.default_rng(1)
    names = ["q", "c", "s", "o"]
    pairs = {
        (names[i], names[j]): float(rng.choice([1 / 3, 1 / 2, 1, 2, 3, 5]))
        for i in range(4)
        for j in range(i + 1, 4)
    }
    m = np.ones((4, 4))
    for (a, b), r in pairs.items():
        i, j = names.index(a), names.index(b)
        m[i, j], m[j, i] = r, 1 / r
    values, vectors = np.linalg.eig(m)
    v = np.abs(vectors[:, np.argmax(values.real)].real)
    expected = v / v.sum()
    assert [ahp_weights(pairs).weights[n] for n in names] == pytest.approx(list(expected))


def test_missing_and_invalid_comparisons() -> None:
    with pytest.raises(ValueError, match="missing comparisons: b vs c"):
        ahp_weights({("a", "b"): 2, ("a", "c"): 3})
    with pytest.raises(ValueError, match="two different criteria"):
        ahp_weights({("a", "a"): 2})


def test_questionnaire_pairwise_weighting() -> None:
    kb = load_knowledge_base()
    q = parse_questionnaire(
        {
            "use_case": "general chat",
            "tasks": ["chat_assistant"],
            "languages": ["en"],
            "license": {"accept_conditions": True},
            "pairwise": [
                {"a": "quality", "b": "cost", "ratio": 3},
                {"a": "quality", "b": "speed", "ratio": 5},
                {"a": "cost", "b": "speed", "ratio": 2},
            ],
        }
    )
    r = recommend(q, kb, model_matcher=ModelMatcher(kb, HashEmbedder()))
    assert {k for k, w in r.weights.items() if w > 0} == {"quality", "cost", "speed"}
    assert r.weights["quality"] > r.weights["cost"] > r.weights["speed"]
    assert any("consistency ratio" in n.text for n in r.notes)
    with pytest.raises(QuestionnaireError, match="unknown criterion"):
        recommend(
            parse_questionnaire(
                {
                    "use_case": "general chat",
                    "tasks": ["chat_assistant"],
                    "pairwise": [{"a": "beauty", "b": "cost", "ratio": 2}],
                }
            ),
            kb,
        )
    with pytest.raises(QuestionnaireError, match="missing comparisons"):
        recommend(
            parse_questionnaire(
                {
                    "use_case": "general chat",
                    "tasks": ["chat_assistant"],
                    "pairwise": [
                        {"a": "quality", "b": "cost", "ratio": 2},
                        {"a": "quality", "b": "speed", "ratio": 2},
                    ],
                }
            ),
            kb,
        )
