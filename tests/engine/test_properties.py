"""Properties of the engine over generated inputs (hypothesis)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommender import load_knowledge_base
from recommender.engine import QuestionnaireError, parse_questionnaire, recommend
from recommender.engine.capability import context_length, modality_mismatch
from recommender.engine.contract import RecommendationOut
from recommender.kb import KnowledgeBase
from recommender.matching import HashEmbedder, ModelMatcher, TaskMatcher, get_embedder

KB = load_knowledge_base()
TASKS = sorted(KB.tasks)
USE_CASES = [
    "社内規程のPDFを検索して回答するボット",
    "Summarise customer calls and draft follow-up emails",
    "コールセンターの通話を文字起こししたい",
    "autocomplete code in our IDE, Python and TypeScript",
    "classify support tickets by product and urgency",
    "generate product images for our online shop",
    "契約書のリスクを洗い出す",
    "translate manuals from Japanese to English",
]
FAST: dict[str, Any] = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow],
    "derandomize": True,  # the same examples every run: a failure reproduces
}

answers = st.fixed_dictionaries(
    {"use_case": st.sampled_from(USE_CASES) | st.text(min_size=0, max_size=40)},
    optional={
        "tasks": st.lists(st.sampled_from([*TASKS, "not_a_task"]), min_size=1, max_size=2),
        "languages": st.lists(
            st.sampled_from(["en", "ja", "zh", "fr", "de", "es", "ko", "xx1"]), max_size=2
        ),
        "license": st.fixed_dictionaries(
            {},
            optional={
                "commercial_use": st.booleans(),
                "accept_conditions": st.booleans(),
                "require_open_source": st.booleans(),
            },
        ),
        "deployment": st.sampled_from(
            ["on_prem", "private_cloud", "any", "api_only"] * 4 + ["cloud"]
        ),
        "hardware": st.one_of(
            st.fixed_dictionaries({"vram_gb": st.floats(-1, 200)}),
            st.fixed_dictionaries(
                {"cpu_only": st.just(True)}, optional={"ram_gb": st.floats(1, 256)}
            ),
            st.fixed_dictionaries({"gpus": st.just([{"name": "rtx-4090", "count": 1}])}),
        ),
        "workload": st.fixed_dictionaries(
            {},
            optional={
                "requests_per_day": st.floats(-0.5, 1e6),
                "context_tokens": st.integers(0, 300_000),
                "latency_p95_s": st.floats(0.1, 30),
            },
        ),
        "priorities": st.dictionaries(
            st.sampled_from(["quality", "cost", "speed", "openness", "fit", "colour"]),
            st.sampled_from([0, 1, 2, 3, 4, 5] * 3 + [-1, 6]),
            max_size=3,
        ),
        "top_k": st.integers(0, 52),
    },
)


@pytest.fixture(scope="module")
def matchers() -> tuple[TaskMatcher, ModelMatcher]:
    """The real embedder: the engine is under test, and task inference is part of it."""
    embedder = get_embedder("minilm")
    return TaskMatcher(KB, embedder), ModelMatcher(KB, embedder)


@settings(max_examples=2000, **FAST)
@given(data=answers)
def test_any_answers_give_a_result_that_respects_the_constraints_or_a_named_error(
    data: dict[str, Any], matchers: tuple[TaskMatcher, ModelMatcher]
) -> None:
    """2,000 generated questionnaires, each run through the whole engine: a valid one gives a
    result in which no candidate breaks a hard constraint; an invalid one a clear error."""
    task_matcher, model_matcher = matchers
    try:
        q = parse_questionnaire(data)
        r = recommend(q, KB, matcher=task_matcher, model_matcher=model_matcher)
    except QuestionnaireError as exc:
        assert exc.problems and all(field and message for field, message in exc.problems)
        return
    tasks = {t["id"] for t in r.tasks}
    assert q.tasks is None or tasks == set(q.tasks)
    primary = KB.tasks[r.tasks[0]["id"]]
    for x in r.ranked:
        m = x.candidate.model
        # tasks are graded evidence, not tags: only a modality mismatch rules a model out
        assert modality_mismatch(m, primary) is None, (m.id, primary.id)
        assert x.candidate.license.status in ("allowed", "conditional")
        assert m.status != "retired"
        if q.deployment in ("on_prem", "private_cloud"):
            assert m.api is None
        if q.deployment == "api_only":
            assert m.api is not None
        if q.context_stated and m.category in ("llm", "vlm", "embedding"):
            # an unknown never passes a stated requirement
            limit, _ = context_length(KB, m)
            assert limit is not None and limit >= (q.workload.context_tokens or 0), m.id
        if q.license.commercial_use:
            assert all(
                KB.license(lic).commercial_use != "no" for lic in x.candidate.license.licenses
            )
        assert sum(x.contributions.values()) == pytest.approx(x.score)
    assert len(r.shortlist) == min(q.top_k, len(r.ranked))
    excluded = {e.model_id for e in r.excluded}
    unverified = {e.model_id for e in r.unverified}
    ranked = {x.candidate.model.id for x in r.ranked}
    assert excluded.isdisjoint(ranked) and unverified.isdisjoint(ranked | excluded)
    assert excluded | unverified | ranked == {m.id for m in KB.models}
    assert all(e.reasons for e in r.excluded) and all(e.reasons for e in r.unverified)


@settings(max_examples=60, **FAST)
@given(data=answers)
def test_the_typed_contract_holds_whatever_the_answers(
    data: dict[str, Any], matchers: tuple[TaskMatcher, ModelMatcher]
) -> None:
    """The recommendation as the CLI prints it and reports embed it validates as the typed
    contract, and JSON -> contract -> JSON is the identity (stored records re-render)."""
    task_matcher, model_matcher = matchers
    try:
        q = parse_questionnaire(data)
        r = recommend(q, KB, matcher=task_matcher, model_matcher=model_matcher)
    except QuestionnaireError:
        return
    text = json.dumps(r.to_json())
    assert json.dumps(RecommendationOut.model_validate_json(text).to_json()) == text
    assert [i.model_id for i in r.contract().shortlist] == [
        x.candidate.model.id for x in r.shortlist
    ]


def without(kb: KnowledgeBase, model_id: str) -> KnowledgeBase:
    return kb.with_models(m for m in kb.models if m.id != model_id)


@settings(max_examples=12, **FAST)
@given(
    task=st.sampled_from(["chat_assistant", "summarization", "code_generation", "translation"]),
    pick=st.integers(0, 1000),
)
def test_removing_another_model_never_reorders_the_rest(task: str, pick: int) -> None:
    q = parse_questionnaire(
        {
            "use_case": "a generated scenario",
            "tasks": [task],
            "languages": ["en"],
            "license": {"accept_conditions": True},
            "deployment": "on_prem",
            "hardware": {"vram_gb": 48},
        }
    )
    model_matcher = ModelMatcher(KB, HashEmbedder())
    full = [x.candidate.model.id for x in recommend(q, KB, model_matcher=model_matcher).ranked]
    assert len(full) >= 3
    # any model but the winner, and not a base model another ranked model was tuned from: a
    # fine-tune inherits its base record's languages and evidence, so removing the base
    # legitimately changes the fine-tune's standing; nor a successor of another ranked model,
    # whose predecessor is ranked after the adequate models only while it is a candidate
    bases = {KB.model(m).base_model for m in full}
    successors = {s.id for m in full for s in KB.successor_chain(KB.model(m))}
    removable = [m for m in full[1:] if m not in bases | successors]
    gone = removable[pick % len(removable)]
    smaller = without(KB, gone)
    rest = [
        x.candidate.model.id
        for x in recommend(q, smaller, model_matcher=ModelMatcher(smaller, HashEmbedder())).ranked
    ]
    assert rest == [m for m in full if m != gone]
