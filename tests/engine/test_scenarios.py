"""Expert scenarios (tests/engine/scenarios.yaml): realistic questionnaires, each run through the
whole engine with the real task matcher, checked against what an expert would accept at the top
and what must never appear. The reasoning for each is in the file; `expect` says what is checked.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml

from recommender import load_knowledge_base
from recommender.engine import Recommendation, load_questionnaire, parse_questionnaire, recommend
from recommender.engine.capability import base_chain
from recommender.matching import ModelMatcher, TaskMatcher, get_embedder

ROOT = Path(__file__).resolve().parents[2]
KB = load_knowledge_base()
SCENARIOS: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "scenarios.yaml").read_text(encoding="utf-8")
)["scenarios"]


def test_the_suite_is_large_and_half_japanese() -> None:
    assert len(SCENARIOS) >= 30
    assert sum(s["lang"] == "ja" for s in SCENARIOS) >= len(SCENARIOS) // 2
    assert len({s["id"] for s in SCENARIOS}) == len(SCENARIOS)
    for s in SCENARIOS:
        assert s["expert"].strip() and s["expect"], s["id"]
        for ids in (s["expect"].get(k, []) for k in ("top3_any", "never", "shortlist_any")):
            for model_id in ids:
                assert KB.get_model(model_id) is not None, (s["id"], model_id)


@pytest.fixture(scope="module")
def matchers() -> tuple[TaskMatcher, ModelMatcher]:
    embedder = get_embedder()
    return TaskMatcher(KB, embedder), ModelMatcher(KB, embedder)


def _effective_b(model: Any) -> float:
    if model.total_params_b is None:
        return math.inf
    if model.active_params_b:
        return math.sqrt(model.total_params_b * model.active_params_b)
    return float(model.total_params_b)


def _origins(model: Any) -> set[str | None]:
    found = set()
    for m in [model, *base_chain(KB, model)]:
        maker = KB.maker(m.creator)
        found.add(maker.country if maker else None)
    return found


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["id"] for s in SCENARIOS])
def test_scenario(scenario: dict[str, Any], matchers: tuple[TaskMatcher, ModelMatcher]) -> None:
    spec = scenario["questionnaire"]
    q = load_questionnaire(ROOT / spec["file"]) if "file" in spec else parse_questionnaire(spec)
    r: Recommendation = recommend(q, KB, matcher=matchers[0], model_matcher=matchers[1])
    expect = scenario["expect"]
    ids = [x.candidate.model.id for x in r.shortlist]
    top3 = r.shortlist[:3]
    why = f"{scenario['id']}: shortlist {ids}"

    assert r.ranked, why
    assert all(x.candidate.model.status != "retired" for x in r.ranked), why
    if any(x.demoted is None for x in r.ranked):
        assert all(x.demoted is None for x in top3), why
    if "top3_any" in expect:
        assert set(expect["top3_any"]) & set(ids[:3]), why
    if "shortlist_any" in expect:
        assert set(expect["shortlist_any"]) & set(ids), why
    for model_id in expect.get("never", []):
        assert model_id not in ids, why
    for x in top3:
        m = x.candidate.model
        if m.api is None and "top3_all_min_params_b" in expect:
            assert _effective_b(m) >= expect["top3_all_min_params_b"], why
        if m.api is None and "top3_all_min_total_b" in expect:
            assert (m.total_params_b or 0) >= expect["top3_all_min_total_b"], why
        if expect.get("top3_meet_latency") and m.api is None:
            assert x.candidate.plan.configuration is not None, why
            assert x.candidate.plan.configuration.meets_target, (why, m.id)
        if expect.get("top3_image_input"):
            assert "image" in m.input_modalities, why
    if "deployment" in expect:
        assert all(x.candidate.plan.deployment == expect["deployment"] for x in r.ranked), why
    if "license_status" in expect:
        assert all(x.candidate.license.status == expect["license_status"] for x in r.ranked)
    if expect.get("fully_open"):
        assert all(x.candidate.model.training_data_and_code_published for x in r.ranked), why
    if expect.get("stack"):
        assert r.stack and all(s.candidate.model.category == "embedding" for s in r.stack), why
    for model_id in expect.get("unverified", []):
        assert model_id in {e.model_id for e in r.unverified}, why
    for model_id in expect.get("not_excluded", []):
        assert model_id not in {e.model_id for e in r.excluded}, (why, model_id)
    for task in expect.get("tasks_include", []):
        assert task in {t["id"] for t in r.tasks}, why
    if "warning" in expect:
        assert any(expect["warning"] in w.text for w in r.warnings), (why, r.warnings)
    if "note" in expect:
        assert any(expect["note"] in n.text for n in r.notes), (why, r.notes)
    if "currency" in expect:
        assert q.currency == expect["currency"] or any(
            f"currency {expect['currency']}" in n.text for n in r.notes
        ), r.notes
        assert r.budget_usd is not None and r.budget_usd > 0
    for x in r.shortlist:
        api = x.candidate.model.api
        if api is None:
            continue
        handling = api.data_handling
        if "residency" in expect:
            assert handling is not None and expect["residency"] in handling.regions, why
        if expect.get("zero_retention"):
            assert handling is not None and handling.zero_retention_available, why
    if "no_origin" in expect:
        for x in r.ranked:
            assert expect["no_origin"] not in _origins(x.candidate.model), x.candidate.model.id
