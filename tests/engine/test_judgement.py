"""The engine's judgement rules, each on a case built to exercise it: graded task capability and
languages, unknowns that never pass a stated requirement, defaults that are not constraints,
origins and data handling, lifecycle, quality with an uncertainty, ties, relaxations and the
answers the use-case text suggests."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommender import load_knowledge_base
from recommender.engine import Recommendation, parse_questionnaire, recommend
from recommender.engine.capability import context_length, language_support, task_fit
from recommender.engine.criteria import Context, answer_time, speed_of, speed_value
from recommender.engine.quality import estimate_quality
from recommender.engine.recommend import Tie, _tie
from recommender.estimate.configure import default_target
from recommender.matching import HashEmbedder, ModelMatcher
from recommender.matching.suggest import suggest_answers

KB = load_knowledge_base()
TODAY = date(2026, 12, 4)
FAST: dict[str, Any] = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    "derandomize": True,
}


@pytest.fixture(scope="module")
def model_matcher() -> ModelMatcher:
    return ModelMatcher(KB, HashEmbedder())


def run(mm: ModelMatcher, **answers: Any) -> Recommendation:
    base: dict[str, Any] = {"use_case": "a test scenario", "tasks": ["chat_assistant"]}
    q = parse_questionnaire({**base, **answers})
    return recommend(q, KB, model_matcher=mm, today=TODAY)


# -- capability ---------------------------------------------------------------------------------


def test_task_capability_is_graded_declared_implied_general() -> None:
    coder = next(
        m for m in KB.models if "code_generation" in m.tasks and "text_to_sql" not in m.tasks
    )
    assert task_fit(KB, coder, "code_generation").basis == "declared"
    implied = task_fit(KB, coder, "text_to_sql")
    assert implied.basis == "implied" and implied.via == "code_generation"
    assert implied.strength == KB.tasks["code_generation"].implies["text_to_sql"]
    chat = KB.model("gemma-4-31b-it")
    general = task_fit(KB, chat, "text_to_sql")
    assert general.basis in ("general", "implied") and 0 < general.strength < 1
    whisper = KB.model("whisper-large-v3")
    assert task_fit(KB, whisper, "text_to_sql").basis == "none"


def test_languages_are_documented_inherited_unknown_or_unsupported() -> None:
    swallow = KB.model("qwen3-swallow-8b-rl-v0.2")
    assert language_support(KB, swallow, "ja").basis == "documented"
    # a fine-tune whose card is silent on a language inherits its base model's support
    base = KB.model(swallow.base_model or "")
    lang = next(x for x in base.languages if x not in swallow.languages and x != "ja")
    inherited = language_support(KB, swallow, lang)
    assert inherited.basis == "inherited" and inherited.via == base.id
    # speech and embedding cards list every language they handle
    english_asr = KB.model("parakeet-tdt-0.6b-v2")
    assert language_support(KB, english_asr, "ja").basis == "unsupported"
    # an LLM card's list is what was tested: another language is unknown, not unsupported
    llm = next(
        m for m in KB.models if m.category == "llm" and m.languages and "sw" not in m.languages
    )
    assert language_support(KB, llm, "sw").basis in ("unknown", "inherited")


def test_a_code_model_is_not_excluded_for_text_to_sql_or_an_inherited_language(
    model_matcher: ModelMatcher,
) -> None:
    """The issue's case: Japanese text-to-SQL on 24 GB returned no candidate at all."""
    r = run(
        model_matcher,
        use_case="社内の分析担当者が日本語で質問すると、PostgreSQLのSQLを生成するツール",
        tasks=["text_to_sql"],
        languages=["ja"],
        deployment="on_prem",
        hardware={"vram_gb": 24},
    )
    assert len(r.ranked) > 20
    reasons = {e.model_id: " ".join(e.reasons) for e in r.excluded}
    for model_id in ("qwen3-32b", "qwen2.5-coder-32b-instruct", "qwen3-coder-next"):
        assert "text_to_sql" not in reasons.get(model_id, "")
        assert "ja" not in reasons.get(model_id, "")


def test_an_unknown_context_never_passes_a_stated_requirement(model_matcher: ModelMatcher) -> None:
    r = run(model_matcher, tasks=["long_document_analysis"], workload={"context_tokens": 131072})
    unverified = {e.model_id: e for e in r.unverified}
    assert "saul-7b-instruct-v1" in unverified
    assert unverified["saul-7b-instruct-v1"].codes == ["context_unknown"]
    for x in r.ranked:
        if x.candidate.model.category in ("llm", "vlm"):
            limit, _ = context_length(KB, x.candidate.model)
            assert limit is not None and limit >= 131072


def test_an_unstated_context_excludes_nothing_the_task_does_not_need(
    model_matcher: ModelMatcher,
) -> None:
    """The medical-exam case: 2k- and 4k-context models were excluded by a default 8,192."""
    unstated = run(
        model_matcher,
        tasks=["chat_assistant"],
        deployment="on_prem",
        hardware={"gpus": [{"name": "A100 80GB SXM"}]},
        license={"commercial_use": False, "accept_conditions": True},
    )
    reasons = {e.model_id: " ".join(e.reasons) for e in unstated.excluded}
    for model_id in ("biomistral-7b", "meditron-70b", "medgemma-27b-text-it"):
        assert "context" not in reasons.get(model_id, ""), reasons.get(model_id)
    assert not unstated.context_stated
    assert any("excludes no model" in n.text for n in unstated.notes)


@settings(max_examples=8, **FAST)
@given(
    task=st.sampled_from(["chat_assistant", "summarization", "rag_qa", "code_generation"]),
    gb=st.sampled_from([12, 24, 48]),
)
def test_removing_a_default_never_removes_an_admitted_candidate(
    task: str, gb: int, model_matcher: ModelMatcher
) -> None:
    """Stating the least context the task needs admits no model that leaving it unstated
    excluded: the default drives estimates, not exclusions."""
    answers: dict[str, Any] = {
        "tasks": [task],
        "deployment": "on_prem",
        "hardware": {"vram_gb": gb},
        "license": {"accept_conditions": True},
    }
    least = max(KB.tasks[task].min_context_tokens or 0, 600 + 300)
    stated = {
        x.candidate.model.id
        for x in run(model_matcher, **answers, workload={"context_tokens": least}).ranked
    }
    unstated = {x.candidate.model.id for x in run(model_matcher, **answers).ranked}
    assert stated <= unstated, sorted(stated - unstated)


# -- origins, data handling, deployment, lifecycle ---------------------------------------------


def test_country_exclusion_reaches_fine_tunes_of_excluded_bases(
    model_matcher: ModelMatcher,
) -> None:
    r = run(
        model_matcher,
        tasks=["code_generation"],
        languages=["ja"],
        exclude_countries=["cn"],
        license={"accept_conditions": True},
        top_k=50,
    )
    reasons = {e.model_id: " ".join(e.reasons) for e in r.excluded}
    assert "made by Alibaba Qwen (CN)" in reasons["qwen3-swallow-32b-rl-v0.2"]
    assert "(CN)" in reasons["deepseek-v4-flash"]
    # a base checkpoint that is not catalogued is traced through its Hugging Face organisation
    assert "(CN)" in reasons["deepseek-r1-distill-llama-70b"] or "Meta" not in reasons.get(
        "deepseek-r1-distill-llama-70b", ""
    )
    assert all(x.candidate.model.creator != "Alibaba Qwen" for x in r.ranked)


def test_provider_exclusion_and_api_only(model_matcher: ModelMatcher) -> None:
    r = run(
        model_matcher,
        deployment="api_only",
        exclude_providers=["openai"],
        license={"accept_conditions": True},
        top_k=50,
    )
    assert r.ranked and all(x.candidate.model.api is not None for x in r.ranked)
    assert all(
        x.candidate.model.api.provider != "openai" for x in r.ranked if x.candidate.model.api
    )


def test_residency_and_zero_retention_unknowns_are_not_ranked(model_matcher: ModelMatcher) -> None:
    r = run(
        model_matcher,
        deployment="api_only",
        data_residency=["jp"],
        zero_retention=True,
        license={"accept_conditions": True},
        top_k=50,
    )
    for x in r.ranked:
        handling = x.candidate.model.api.data_handling if x.candidate.model.api else None
        assert handling is not None and "jp" in handling.regions
        assert handling.zero_retention_available is True
    codes = {c for e in r.unverified for c in e.codes}
    assert codes & {"residency_unknown", "retention_unknown"}


def test_retired_models_never_rank_and_shutdowns_rank_last(model_matcher: ModelMatcher) -> None:
    r = run(model_matcher, deployment="api_only", license={"accept_conditions": True}, top_k=50)
    assert all(x.candidate.model.status != "retired" for x in r.ranked)
    retired = {e.model_id: e for e in r.excluded if "retired" in e.codes}
    assert "claude-sonnet-4.5" in retired
    assert "2026-11-30" in retired["claude-sonnet-4.5"].reasons[0]
    shutting = [x for x in r.ranked if any(f.code == "shutting_down" for f in x.candidate.flags)]
    assert shutting and all(x.demoted for x in shutting)
    first_demoted = min(x.rank for x in r.ranked if x.demoted)
    assert all(x.rank >= first_demoted for x in shutting)


# -- quality, speed, ties -------------------------------------------------------------------------


def test_more_evidence_gives_a_narrower_interval() -> None:
    model = KB.model("gemma-4-31b-it")

    def estimate(scores: int) -> Any:
        m = model.model_copy(update={"benchmarks": model.benchmarks[:scores]})
        return estimate_quality(
            m,
            tasks=["chat_assistant"],
            languages=["en"],
            benchmarks=KB.benchmarks,
            task_records=KB.tasks,
            task_fits=[task_fit(KB, m, "chat_assistant")],
            per_mtok_usd=None,
        )

    widths = [estimate(n).half_width for n in (0, 1, 3, len(model.benchmarks))]
    assert widths == sorted(widths, reverse=True) and widths[0] > widths[-1]
    assert estimate(0).basis.startswith("prior")


def test_the_quality_account_is_typed_and_reads_in_japanese() -> None:
    """How the estimate was reached and why it is below the floor are messages: the English
    text for the JSON contract, the same account in Japanese for the report and the wizard."""
    coder = next(
        m
        for m in KB.models
        if "code_generation" in m.tasks and "text_to_sql" not in m.tasks and m.total_params_b
    )
    q = estimate_quality(
        coder,
        tasks=["text_to_sql"],
        languages=["en"],
        benchmarks={},
        task_records=KB.tasks,
        task_fits=[task_fit(KB, coder, "text_to_sql")],
        per_mtok_usd=None,
        quality_loss=0.25,
        quantization="q2_k",
    )
    assert q.detail_message is not None and q.floor_message is not None
    assert q.detail == q.detail_message.text
    assert q.detail.startswith(f"prior {q.prior:.2f} (")
    assert "implied by its declared Code generation" in q.detail
    assert q.detail.endswith("; x0.75: q2_k quantisation (a prior)")
    assert q.below_floor == q.floor_message.text and q.below_floor.startswith("a 2-bit")
    ja = q.detail_message.render("ja") + q.floor_message.render("ja")
    assert "×0.75：q2_k 量子化（事前推定）" in ja and "2ビット量子化" in ja
    assert not re.search(r"prior|implied|declared|quantisation|effective|release", ja), ja


def test_normalisation_is_monotone_and_bounded() -> None:
    for bench in KB.benchmarks.values():
        low, high = bench.scale
        points = [low + (high - low) * i / 20 for i in range(21)]
        values = [bench.normalise(p) for p in points]
        assert all(0 <= v <= 1 for v in values)
        ordered = values if bench.higher_is_better else values[::-1]
        assert ordered == sorted(ordered), bench.id


def test_meeting_the_latency_target_earns_the_full_speed_value() -> None:
    assert speed_value(2.9, 3.0) == 1.0 == speed_value(0.1, 3.0)
    assert speed_value(30.0, 3.0) == pytest.approx(0.0)
    assert 0 < speed_value(6.0, 3.0) < 1
    assert default_target(300) == 60.0  # reading speed plus the prompt allowance


def test_estimated_and_measured_speed_are_scored_by_one_function() -> None:
    ctx = Context(["chat_assistant"], ["en"], None, 300, {})
    answer = answer_time(0.5, 300, 10.0)
    params = {"tokens_per_s": 10.0, "device": "cpu"}
    measured = speed_of(answer, 300, ctx, "measured", "measured_speed", params)
    assert answer == 30.5 and measured.value == speed_value(30.5, default_target(300))
    assert measured.message.code == "measured_speed_assumed"
    assert measured.detail == "~30.5 s per answer vs 60 s (assumed) (measured 10 tokens/s on cpu)"
    stated = Context(["chat_assistant"], ["en"], 3.0, 300, {})
    fast = speed_of(2.0, 300, stated, "estimated", "value_speed", {"quantization": "bf16"})
    assert fast.value == 1.0 and fast.detail == "~2.0 s per answer (bf16) vs 3 s"


def test_the_tie_rule_fires_on_near_ties_and_not_on_clear_leads(
    model_matcher: ModelMatcher,
) -> None:
    r = run(model_matcher, tasks=["chat_assistant"], license={"accept_conditions": True})
    leader, runner = r.ranked[0], r.ranked[1]
    near = [leader, runner.__class__(**{**runner.__dict__, "score": leader.score - 0.001})]
    tie = _tie(near, r.weights, None)
    assert isinstance(tie, Tie) and tie.tied and runner.candidate.model.id in tie.group
    clear = [leader, runner.__class__(**{**runner.__dict__, "score": leader.score - 0.5})]
    tie = _tie(clear, r.weights, None)
    assert tie is not None and not tie.tied and tie.group == [leader.candidate.model.id]


@settings(max_examples=6, **FAST)
@given(task=st.sampled_from(["chat_assistant", "code_generation", "summarization"]))
def test_with_quality_weighted_highest_a_clearly_worse_model_never_leads(
    task: str, model_matcher: ModelMatcher
) -> None:
    r = run(
        model_matcher, tasks=[task], preset="quality_first", license={"accept_conditions": True}
    )
    leader = r.ranked[0]
    assert leader.quality is not None
    for x in r.ranked[1:]:
        if x.quality is None or x.demoted:
            continue
        # a model whose whole interval lies above the leader's is never ranked below it on
        # convenience alone
        assert not x.quality.low > leader.quality.high + 0.15, (x.candidate.model.id, task)


# -- relaxations and suggestions -----------------------------------------------------------------


def test_an_empty_shortlist_names_the_relaxations_that_admit_models(
    model_matcher: ModelMatcher,
) -> None:
    r = run(
        model_matcher,
        tasks=["chat_assistant"],
        languages=["ja"],
        deployment="on_prem",
        hardware={"vram_gb": 2},
        documented_languages_only=True,
        workload={"context_tokens": 200000},
    )
    assert r.thin
    answers = {x.answer for x in r.relaxations}
    assert answers & {"hardware", "workload.context_tokens", "documented_languages_only"}
    for relaxation in r.relaxations:
        assert relaxation.admits and relaxation.suggestion


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("データは社外に出せない", {"deployment": "on_prem"}),
        (
            "月額予算は5万円以内。クラウドAPIも可。",
            {"deployment": "any", "budget_per_month": 50000.0, "currency": "JPY"},
        ),
        (
            "about $2k per month, 3000 requests a day",
            {"budget_per_month": 2000.0, "currency": "USD", "workload.requests_per_day": 3000.0},
        ),
        (
            "1日3千件、3秒以内に回答",
            {"workload.requests_per_day": 3000.0, "workload.latency_p95_s": 3.0},
        ),
        ("Customer-support chatbot answering from our product manuals", {"tasks": "rag_qa"}),
        ("API only, we have no GPUs", {"deployment": "api_only"}),
        ("a friendly chatbot", {}),
    ],
)
def test_the_use_case_text_suggests_answers(text: str, expected: dict[str, Any]) -> None:
    found = {s.field: s.value for s in suggest_answers(text)}
    assert found == expected
    for s in suggest_answers(text):
        assert (s.evidence and all(w in text for w in s.evidence)) or "\u5186" in text


def test_suggested_answers_apply_only_where_unstated(model_matcher: ModelMatcher) -> None:
    r = run(
        model_matcher,
        use_case="社内FAQを参照して回答するボット。データは社外に出せない。月額予算は5万円以内",
        tasks=None,
        languages=["ja"],
    )
    assert any(
        "deployment private_cloud" in n.text for n in r.notes
    )  # no hardware: rented, private
    assert all(x.candidate.model.api is None for x in r.ranked)
    assert r.budget_usd == pytest.approx(50000 / KB.currencies["JPY"].per_usd)
    stated = run(model_matcher, use_case="データは社外に出せない", deployment="any")
    assert any(x.candidate.model.api is not None for x in stated.ranked)
