"""The decision engine's guarantees: hard constraints hold, scores are explained exactly,
results are deterministic, and bad answers get errors that name the field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from recommender import load_knowledge_base
from recommender.cli import main
from recommender.engine import (
    QuestionnaireError,
    Recommendation,
    load_questionnaire,
    parse_questionnaire,
    recommend,
)
from recommender.engine.capability import context_length
from recommender.matching import HashEmbedder, ModelMatcher

KB = load_knowledge_base()
EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))


@pytest.fixture(scope="module")
def model_matcher(tmp_path_factory: pytest.TempPathFactory) -> ModelMatcher:
    return ModelMatcher(KB, HashEmbedder(), cache=tmp_path_factory.mktemp("cache"))


def run(model_matcher: ModelMatcher, **answers: Any) -> Recommendation:
    base: dict[str, Any] = {
        "use_case": "a test scenario",
        "tasks": ["chat_assistant"],
        "languages": ["en"],
    }
    return recommend(parse_questionnaire({**base, **answers}), KB, model_matcher=model_matcher)


def test_commercial_use_without_legal_review_excludes_conditional_and_noncommercial(
    model_matcher: ModelMatcher,
) -> None:
    r = run(model_matcher, license={"commercial_use": True, "accept_conditions": False})
    shortlisted = [x.candidate for x in r.ranked]
    assert shortlisted
    for c in shortlisted:
        assert c.license.status == "allowed"
        assert not {"llama-3.1", "llama-3.3", "gemma", "cc-by-nc-4.0"} & set(c.license.licenses)
    reasons = {e.model_id: " ".join(e.reasons) for e in r.excluded}
    assert "legal review" in reasons["llama-3.1-8b-instruct"]
    assert "forbids commercial use" in reasons["c4ai-command-r-08-2024"]


def test_open_source_requirement_means_data_and_code_too(model_matcher: ModelMatcher) -> None:
    """An OSI licence on the weights is not open source AI: a lab that must reproduce its
    models gets OLMo-like models, and Apache-licensed weights-only models are excluded."""
    r = run(
        model_matcher,
        tasks=["chat_assistant"],
        deployment="private_cloud",
        license={"commercial_use": False, "require_open_source": True},
        top_k=50,
    )
    ranked = [x.candidate.model for x in r.ranked]
    assert ranked and all(m.family in ("olmo", "olmo-2", "olmo-3", "pythia") for m in ranked)
    reasons = {e.model_id: " ".join(e.reasons) for e in r.excluded}
    assert "training data and code" in reasons["gpt-oss-20b"]  # Apache-2.0, weights only
    assert "OSI-approved" in reasons["llama-3.1-8b-instruct"]
    # Without the requirement the fully open models still rank higher on openness.
    values = {
        x.candidate.model.id: x.values["openness"].value
        for x in run(model_matcher, tasks=["chat_assistant"], top_k=50).ranked
    }
    assert values["olmo-3-7b-instruct"] > values["gpt-oss-20b"]


def test_24gb_on_prem_never_shortlists_a_70b_model(model_matcher: ModelMatcher) -> None:
    r = run(
        model_matcher,
        deployment="on_prem",
        hardware={"vram_gb": 24},
        license={"accept_conditions": True},
        top_k=50,
    )
    for x in r.ranked:
        assert x.candidate.model.api is None
        assert (x.candidate.model.total_params_b or 0) < 60
        assert x.candidate.plan.fit is not None and x.candidate.plan.fit.fits
    reasons = {e.model_id: " ".join(e.reasons) for e in r.excluded}
    assert "GPU with 24 GB offers" in reasons["llama-3.3-70b-instruct"]
    assert "API not allowed" in reasons["claude-sonnet-4.5"]


def test_image_generation_shortlists_distinct_generators(model_matcher: ModelMatcher) -> None:
    r = run(
        model_matcher,
        use_case="product photos for our shop",
        tasks=["image_generation"],
        license={"commercial_use": True, "accept_conditions": False},
        deployment="private_cloud",
        workload={"requests_per_day": 2000, "input_tokens": 80, "output_tokens": 1},
    )
    # an editing model needs an image in every request: not a text-to-image generator
    (edit,) = [e for e in r.excluded if e.model_id == "qwen-image-edit-2511"]
    assert edit.details[0].message.params["missing"].code == "modality_needs"
    # the original Qwen-Image is ranked after the adequate models while its successor ranks
    top = [x.candidate.model.id for x in r.ranked if x.demoted_message is None]
    assert "qwen-image-2512" in top[:3] and "qwen-image" not in top
    (old,) = [x for x in r.ranked if x.candidate.model.id == "qwen-image"]
    assert old.demoted_message is not None
    assert old.demoted_message.params == {"successor": "qwen-image-2512"}
    # no time per image is made up: speed unknown, cost for one replica (a lower bound)
    for x in r.ranked[:3]:
        assert x.values["speed"].evidence == "unknown"
        assert x.candidate.plan.replicas == 1
        assert "cost_images_unknown_throughput" in {n.code for n in x.candidate.plan.notes}


def test_speech_task_ranks_speech_models(model_matcher: ModelMatcher) -> None:
    r = run(
        model_matcher,
        tasks=["speech_to_text"],
        languages=["ja"],
        license={"accept_conditions": True},
    )
    assert r.ranked and all("audio" in x.candidate.model.input_modalities for x in r.ranked)
    assert all(x.candidate.model.category == "speech_to_text" for x in r.ranked[:3])
    assert not any(x.candidate.model.category == "llm" for x in r.ranked)


def test_contributions_sum_to_the_score_and_ranking_is_deterministic(
    model_matcher: ModelMatcher,
) -> None:
    first = run(model_matcher, license={"accept_conditions": True}, deployment="any")
    again = run(model_matcher, license={"accept_conditions": True}, deployment="any")
    assert first.to_json() == again.to_json()
    assert sum(first.weights.values()) == pytest.approx(1)
    for x in first.ranked:
        assert sum(x.contributions.values()) == pytest.approx(x.score)
        assert all(0 <= v.value <= 1 for v in x.values.values())
    # adequate models by score, then the demoted ones (below the quality floor, shutting down)
    adequate = [x.score for x in first.ranked if x.demoted is None]
    demoted = [x.score for x in first.ranked if x.demoted is not None]
    assert [x.demoted is not None for x in first.ranked] == sorted(
        x.demoted is not None for x in first.ranked
    )
    assert adequate == sorted(adequate, reverse=True)
    assert demoted == sorted(demoted, reverse=True)


def test_no_shortlisted_model_violates_a_hard_constraint(model_matcher: ModelMatcher) -> None:
    r = run(
        model_matcher,
        languages=["ja"],
        deployment="private_cloud",
        license={"accept_conditions": True},
        workload={"context_tokens": 32768},
        budget_usd_per_month=2000,
        budget_is_hard=True,
    )
    assert r.ranked
    for x in r.ranked:
        m, plan = x.candidate.model, x.candidate.plan
        # tasks and undocumented languages are graded, not filters: only the modality binds
        assert m.api is None and m.category in ("llm", "vlm")
        support = next(s for s in x.candidate.languages if s.language == "ja")
        assert support.basis != "unsupported"
        limit, _ = context_length(KB, m)
        assert limit is not None and limit >= 32768  # stated, so an unknown never passes
        assert plan.monthly_usd is None or plan.monthly_usd <= 2000
    # unknowns a stated requirement needs: the context, or the size (does it fit the card?)
    assert r.unverified and all(
        {"context_unknown", "size_unknown"} >= {d.code for d in e.details} for e in r.unverified
    )
    assert any(d.code == "size_unknown" for e in r.unverified for d in e.details)


def test_pareto_set_is_not_dominated(model_matcher: ModelMatcher) -> None:
    r = run(model_matcher, license={"accept_conditions": True})
    by_id = {x.candidate.model.id: x for x in r.ranked}
    assert r.pareto
    for model_id in r.pareto:
        a = by_id[model_id]
        for b in r.ranked:
            if b.candidate.plan.monthly_usd is None or a.candidate.plan.monthly_usd is None:
                continue
            assert not (
                b.values["quality"].value > a.values["quality"].value
                and b.candidate.plan.monthly_usd < a.candidate.plan.monthly_usd
            )


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({"use_case": ""}, "use_case", "at least 3 characters"),
        ({"use_case": "x" * 10, "deployment": "moon"}, "deployment", "'on_prem'"),
        ({"use_case": "x" * 10, "deployment": "on_prem"}, "(top level)", "needs hardware"),
        ({"use_case": "x" * 10, "priorities": {"quality": 9}}, "priorities.quality", "less than"),
        ({"use_case": "x" * 10, "hardware": {"cpu_only": True}}, "hardware", "needs ram_gb"),
        ({"use_case": "x" * 10, "colour": "red"}, "colour", "unknown field"),
    ],
)
def test_bad_answers_name_the_field(answers: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(answers)
    assert any(f == field and message in m for f, m in caught.value.problems), caught.value


def test_unknown_task_and_criterion_are_named(model_matcher: ModelMatcher) -> None:
    with pytest.raises(QuestionnaireError, match=r"tasks\[0\]: unknown task 'chat'"):
        run(model_matcher, tasks=["chat"])
    with pytest.raises(QuestionnaireError, match=r"priorities\.beauty: unknown criterion"):
        run(model_matcher, priorities={"beauty": 3})


def test_examples_are_valid_questionnaires() -> None:
    assert len(EXAMPLES) >= 5
    for path in EXAMPLES:
        load_questionnaire(path)


def test_recommend_cli_contract(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "q.yaml"
    path.write_text(
        "use_case: Answer customer questions about our product\n"
        "tasks: [customer_support]\nlanguages: [en]\n"
        "license: {accept_conditions: true}\ntop_k: 3\n"
    )
    assert main(["recommend", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in (
        "kb_version",
        "tasks",
        "languages",
        "shortlist",
        "excluded",
        "pareto",
        "sensitivity",
        "advice",
    ):
        assert key in data
    sensitivity = data["sensitivity"]
    assert set(sensitivity["weight_stability"]) == set(data["weights"])
    assert sensitivity["seed"] == 0 and sensitivity["samples"] == 1000
    assert data["shortlist"][0]["model_id"] in sensitivity["rank_acceptability"]
    assert len(data["shortlist"]) == 3
    for item in data["shortlist"]:
        for key in (
            "rank",
            "model_id",
            "name",
            "hf_repo",
            "provider",
            "open_weights",
            "deployment",
            "license",
            "license_status",
            "score",
            "contributions",
            "memory_gb",
            "quantization",
            "context_length",
            "decode_tokens_per_s",
            "monthly_cost_usd",
            "evidence",
        ):
            assert key in item
        assert item["deployment"] in ("self_hosted", "api")
        assert item["license_status"] in ("allowed", "conditional")


def test_recommend_cli_bad_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("use_case: hi\ndeployment: moon\n")
    assert main(["recommend", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.yaml" in err and "deployment" in err and "Traceback" not in err


def test_quality_uses_published_benchmarks_where_there_are_any(
    model_matcher: ModelMatcher,
) -> None:
    r = run(model_matcher, tasks=["code_generation"], license={"accept_conditions": True})
    values = {x.candidate.model.id: x.values["quality"] for x in r.ranked}
    with_scores = [k for k, v in values.items() if v.evidence == "catalog"]
    assert with_scores and all("benchmarks" in values[k].detail for k in with_scores)
    assert any(v.evidence == "estimated" for v in values.values())


def test_speech_model_quality_is_judged_on_a_speech_scale(model_matcher: ModelMatcher) -> None:
    r = run(
        model_matcher,
        tasks=["speech_to_text"],
        languages=["en"],
        license={"accept_conditions": True},
    )
    quality = {x.candidate.model.id: x.quality.value for x in r.ranked if x.quality}
    assert quality["whisper-large-v3"] > quality["whisper-small"] > quality["whisper-tiny"] > 0


@pytest.mark.parametrize(
    ("answers", "approach", "variant"),
    [
        (
            {
                "use_case": "Answer questions from our internal manuals and policies",
                "tasks": ["rag_qa"],
            },
            "rag",
            None,
        ),
        (
            {
                "use_case": "Summarise clinical notes written by our doctors",
                "tasks": ["summarization"],
            },
            "fine_tuning",
            "domain",
        ),
        (
            {"use_case": "Help developers write Python code", "tasks": ["code_generation"]},
            "prompting",
            "code",
        ),
        (
            {"use_case": "Solve maths word problems step by step", "tasks": ["math_reasoning"]},
            "prompting",
            "reasoning",
        ),
        (
            {
                "use_case": "Find risky clauses in our 200-page contracts",
                "tasks": ["long_document_analysis"],
            },
            "prompting",
            None,
        ),
        (
            {"use_case": "Transcribe our call recordings", "tasks": ["speech_to_text"]},
            "prompting",
            "base",
        ),
    ],
)
def test_advice_follows_the_need(
    model_matcher: ModelMatcher, answers: dict[str, Any], approach: str, variant: str | None
) -> None:
    r = run(model_matcher, license={"accept_conditions": True}, **answers)
    assert r.advice is not None
    assert r.advice.approach == approach and r.advice.approach_reasons
    if variant:
        assert r.advice.variant == variant
    assert r.to_json()["advice"]["api_vs_open"]


@pytest.mark.parametrize(("requests_per_day", "advised"), [(200_000, True), (2_000, False)])
def test_high_volume_classification_is_told_to_measure_a_small_classifier(
    model_matcher: ModelMatcher, requests_per_day: int, advised: bool
) -> None:
    r = run(
        model_matcher,
        tasks=["classification"],
        workload={"requests_per_day": requests_per_day, "input_tokens": 300, "output_tokens": 10},
    )
    assert r.advice is not None
    codes = [m.code for m in r.advice.also_consider]
    assert ("advice_small_classifier" in codes) is advised
    if advised:
        (m,) = [m for m in r.advice.also_consider if m.code == "advice_small_classifier"]
        assert "200,000 requests a day" in m.text


def test_an_unknown_release_date_never_raises_the_prior() -> None:
    from datetime import date

    from recommender.engine.quality import prior

    v2 = KB.model("whisper-large-v2")  # known to the month only: 2022-12
    undated = v2.model_copy(update={"release_month": None})
    dated = v2.model_copy(update={"release_month": None, "release_date": date(2025, 6, 1)})
    assert prior(undated, None)[0] == prior(v2, None)[0] < prior(dated, None)[0]
    assert prior(undated, None)[1].params["released"].code == "prior_released_unknown"
    assert prior(v2, None)[1].params["released"].params == {"date": "2022-12"}
