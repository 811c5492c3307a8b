"""Decision-engine speed, against straightforward pandas baselines in the same run.

1. recommend() warm on every example questionnaire (knowledge base loaded, matchers built,
   hardware plans memoised), against scoring the same candidates with a pandas row loop.
2. rank + Pareto + 1,000-sample sensitivity over a synthetic 10,000-model decision matrix
   (9 criteria), against a pandas row loop for the scores, a pairwise Pareto check, and a
   sample-by-sample rank loop.
3. recommend() cold: every example at contexts no earlier call used (so every hardware plan
   and fit is computed, as for a user's first answers), against the same calls warm.
Usage: .venv/bin/python benchmarks/recommend.py
"""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path

import numpy as np
import pandas as pd
from _timing import median_seconds

from recommender import load_knowledge_base
from recommender.engine import load_questionnaire, recommend
from recommender.engine.recommend import pareto_front
from recommender.engine.sensitivity import analyse
from recommender.matching import ModelMatcher, TaskMatcher, get_embedder

ROOT = Path(__file__).resolve().parent.parent


def row_loop_scores(values: pd.DataFrame, weights: dict[str, float]) -> pd.Series:
    scores = {}
    for model_id, row in values.iterrows():
        scores[model_id] = sum(weights[c] * row[c] for c in weights)
    return pd.Series(scores).sort_values(ascending=False)


def main() -> None:
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    kb = load_knowledge_base()
    embedder = get_embedder()
    tm, mm = TaskMatcher(kb, embedder), ModelMatcher(kb, embedder)
    print(f"\n1. recommend() warm, {len(kb.models)} models (kb {kb.kb_version}); medians of 5")
    print(f"{'questionnaire':34} {'ms':>7} {'baseline ms':>12} {'candidates':>11}")
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        q = load_questionnaire(path)
        result = recommend(q, kb, matcher=tm, model_matcher=mm)  # warms the plan memo
        ours = median_seconds(lambda q=q: recommend(q, kb, matcher=tm, model_matcher=mm))
        values = pd.DataFrame(
            {r.candidate.model.id: {k: v.value for k, v in r.values.items()} for r in result.ranked}
        ).T
        base = median_seconds(lambda v=values, w=result.weights: row_loop_scores(v, w))
        print(f"{path.name:34} {ours * 1000:7.1f} {base * 1000:12.1f} {len(result.ranked):11d}")

    print("\n2. synthetic 10,000 models x 9 criteria; rank + Pareto + 1,000-sample sensitivity")
    rng = np.random.default_rng(0)
    n, m = 10_000, 9
    values = rng.random((n, m))
    cost = rng.lognormal(6, 2, n)
    weights = rng.dirichlet(np.ones(m))
    names = [f"c{j}" for j in range(m)]
    ids = [f"m{i}" for i in range(n)]

    def ours() -> None:
        order = np.argsort(-(values @ weights), kind="stable")
        ranked = values[order]
        pareto_front(ranked[:, 0], cost[order])
        analyse([ids[i] for i in order], names, ranked, weights, top_k=5, samples=1000)

    frame = pd.DataFrame(values, columns=names, index=ids)
    frame["cost"] = cost
    sample_weights = rng.dirichlet(weights * 30, size=1000)

    def baseline() -> None:
        scores = row_loop_scores(frame[names], dict(zip(names, weights, strict=True)))
        q, c = frame["c0"], frame["cost"]
        [not ((q >= q[i]) & (c <= c[i]) & ((q > q[i]) | (c < c[i]))).any() for i in frame.index]
        for w in sample_weights:
            frame[names].dot(w).rank(ascending=False)
        return scores

    t_ours = median_seconds(ours, repeat=3)
    t_base = median_seconds(baseline, repeat=1)
    print(f"ours {t_ours:.3f} s; pandas baseline {t_base:.1f} s; ratio {t_base / t_ours:.0f}x")

    print("\n3. recommend() cold (new contexts: every plan and fit computed) vs warm")
    cold = warm = 0.0
    calls = 0
    for context in (3_000, 12_000, 40_000):
        for path in sorted((ROOT / "examples").glob("*.yaml")):
            q = load_questionnaire(path)
            q = q.model_copy(
                update={"workload": q.workload.model_copy(update={"context_tokens": context})}
            )
            start = time.perf_counter()
            recommend(q, kb, matcher=tm, model_matcher=mm)
            cold += time.perf_counter() - start
            warm += median_seconds(lambda q=q: recommend(q, kb, matcher=tm, model_matcher=mm))
            calls += 1
    print(
        f"{calls} questionnaires: cold {cold / calls * 1000:.0f} ms each, warm "
        f"{warm / calls * 1000:.0f} ms each; cold/warm {cold / warm:.1f}x"
    )


if __name__ == "__main__":
    main()
