"""DecisionRecord: built from the real engine, round-trips through JSON, rejects bad records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CREATED_AT, ROOT, validation_run

from recommender.engine import Recommendation, load_questionnaire, recommend
from recommender.errors import DecisionRecordInvalid
from recommender.estimate.cost import Workload, api_cost, self_host_cost
from recommender.kb import KnowledgeBase, load_knowledge_base
from recommender.report import DecisionRecord, render


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


@pytest.fixture(scope="module")
def code_case(kb: KnowledgeBase) -> tuple[Recommendation, DecisionRecord]:
    q = load_questionnaire(ROOT / "examples" / "code_assistant_api.yaml")
    rec = recommend(q, kb)
    return rec, DecisionRecord.build(q, rec, kb=kb, created_at=CREATED_AT)


@pytest.fixture(scope="module")
def onprem_record(kb: KnowledgeBase) -> DecisionRecord:
    q = load_questionnaire(ROOT / "examples" / "ja_support_onprem.yaml")
    return DecisionRecord.build(q, kb=kb, created_at="2026-01-02T03:04:05+09:00")


def test_record_carries_the_recommendation_contract(
    code_case: tuple[Recommendation, DecisionRecord],
) -> None:
    rec, record = code_case
    assert record.recommendation.to_json() == json.loads(json.dumps(rec.to_json()))
    assert [o.model_id for o in record.options] == [r.candidate.model.id for r in rec.shortlist]
    assert len(record.candidates) == len(rec.ranked)
    assert {e.model_id for e in record.excluded} == {e.model_id for e in rec.excluded}
    assert record.manifest.kb_version == rec.kb_version == record.kb_version
    assert record.manifest.questionnaire_hash == rec.questionnaire_hash
    assert record.manifest.created_at == CREATED_AT


def test_licences_of_the_shortlist_with_quotes_and_links(
    code_case: tuple[Recommendation, DecisionRecord], kb: KnowledgeBase
) -> None:
    _, record = code_case
    needed = {lid for o in record.options for lid in o.licenses}
    assert {x.id for x in record.licenses} == needed
    for detail in record.licenses:
        source = kb.license(detail.id)
        assert detail.url == source.url
        assert [c.quote for c in detail.clauses] == [c.quote for c in source.clauses]
        assert detail.mau_cap == source.conditions.mau_cap
    conditional = [o for o in record.options if o.license_status == "conditional"]
    assert conditional, "the example has a model whose licence has conditions"
    assert all(o.conditions for o in conditional)


def test_api_options_say_where_data_goes(
    code_case: tuple[Recommendation, DecisionRecord], kb: KnowledgeBase
) -> None:
    _, record = code_case
    api = [o for o in record.options if o.data_flow.kind == "api"]
    assert api
    for o in api:
        model = kb.model(o.model_id)
        assert model.api is not None and o.data_flow.provider == model.api.provider
        handling = model.api.data_handling
        assert o.data_flow.retention_days == (handling and handling.retention_days)


def test_break_even_is_where_the_costs_cross(
    code_case: tuple[Recommendation, DecisionRecord], kb: KnowledgeBase
) -> None:
    _, record = code_case
    (be,) = record.cost.break_even
    assert be.requests_per_day is not None
    q = record.questionnaire.workload
    own, api = kb.model(be.self_hosted), kb.model(be.api)
    hardware = kb.hardware_item(be.hardware_id)

    def costs(volume: float) -> tuple[float, float]:
        w = Workload(volume, q.input_tokens, q.output_tokens, latency_priority="medium")
        hosted = self_host_cost(own, hardware, w, gpus=be.gpus).monthly_usd
        assert hosted is not None
        return hosted, api_cost(api, w).monthly_usd

    hosted, through_api = costs(be.requests_per_day * 1.05)
    assert hosted < through_api
    hosted, through_api = costs(be.requests_per_day * 0.95)
    assert hosted > through_api


def test_on_prem_record_names_the_hardware_and_excludes_apis(
    onprem_record: DecisionRecord,
) -> None:
    record = onprem_record
    assert record.manifest.created_at == "2026-01-01T18:04:05Z"  # normalised to UTC
    assert not record.cost.api_allowed
    # what keeping data in house costs: APIs excluded only by the deployment answer, for reference
    references = [line for line in record.cost.lines if line.reference]
    assert references and all(line.deployment == "api" for line in references)
    (be,) = record.cost.break_even
    assert be.reference and be.api == references[0].model_id
    assert references[0].monthly_usd == min(line.monthly_usd or 0 for line in references)
    assert all(o.data_flow.kind == "on_prem" for o in record.options)
    assert all("RTX 4090" in (o.data_flow.hardware or "") for o in record.options)
    deployment = next(c for c in record.constraints if c.field == "deployment")
    assert deployment.key == "c_on_prem" and "RTX 4090" in deployment.params["hardware"]
    assert "api_not_allowed" in {c for e in record.excluded for c in e.categories}
    assert record.suggested_suite == "rag_qa"


def test_json_round_trip_is_byte_identical(onprem_record: DecisionRecord) -> None:
    text = onprem_record.to_json()
    again = DecisionRecord.from_json(text)
    assert again == onprem_record
    assert again.to_json() == text
    for fmt in ("md", "html", "json"):
        assert render(again, fmt) == render(onprem_record, fmt)
    assert render(again, "md", lang="ja") == render(onprem_record, "md", lang="ja")


def test_validation_run_becomes_evidence(
    code_case: tuple[Recommendation, DecisionRecord], kb: KnowledgeBase
) -> None:
    _, record = code_case
    ids = [o.model_id for o in record.options if o.hf_repo][:2]
    run = validation_run(ids)
    with_run = DecisionRecord.build(
        record.questionnaire, kb=kb, validation=run, created_at=CREATED_AT
    )
    evidence = with_run.validation
    assert evidence is not None and evidence.run_id == "run-test-1"
    assert [m.model_id for m in evidence.models] == ids
    first = evidence.models[0]
    assert first.passed == 2 and first.prompts == 3 and first.pass_rate_ci is not None
    assert first.pass_rate_ci[0] < 2 / 3 < first.pass_rate_ci[1]
    assert evidence.device == "NVIDIA GeForce RTX 3090"
    assert evidence.comparisons[0].a == ids[0]
    # the failed answer comes first among the samples: what goes wrong is what a reader needs
    assert first.samples[0].passed is False
    # measured values re-ranked the candidates: the run's models carry "measured" evidence
    # (with 2 and 1 of 3 prompts passed they may leave the shortlist; the notes say so)
    note = next(n for n in with_run.recommendation.notes if n.startswith("measured evidence"))
    assert all(model_id in note for model_id in ids)
    # and the record still round-trips
    assert DecisionRecord.from_json(with_run.to_json()).to_json() == with_run.to_json()


def test_bad_records_name_the_problem(onprem_record: DecisionRecord) -> None:
    with pytest.raises(DecisionRecordInvalid, match="not JSON"):
        DecisionRecord.from_json("{nope", source="d.json")
    with pytest.raises(DecisionRecordInvalid, match="schema_version"):
        DecisionRecord.from_json("{}")
    data = json.loads(onprem_record.to_json())
    del data["manifest"]["seed"]
    data["cost"]["requests_per_day"] = "many"
    with pytest.raises(DecisionRecordInvalid) as caught:
        DecisionRecord.from_json(data, source="d.json")
    message = str(caught.value)
    assert "d.json" in message and "manifest.seed" in message
    assert "cost.requests_per_day" in message
    with pytest.raises(DecisionRecordInvalid, match="ISO 8601"):
        DecisionRecord.build(onprem_record.questionnaire, created_at="yesterday")


def test_recommendation_from_another_knowledge_base_is_refused(
    code_case: tuple[Recommendation, DecisionRecord], kb_copy: Path
) -> None:
    rec, record = code_case
    tasks = kb_copy / "tasks.yaml"
    tasks.write_text(
        tasks.read_text(encoding="utf-8")
        .replace("description:", "description: ", 1)
        .replace("en: ", "en: Edited. ", 1),
        encoding="utf-8",
    )
    other = load_knowledge_base(kb_copy)
    assert other.kb_version != rec.kb_version
    with pytest.raises(DecisionRecordInvalid, match="kb_version"):
        DecisionRecord.build(record.questionnaire, rec, kb=other, created_at=CREATED_AT)


def test_nothing_passes_screening_still_reports(kb: KnowledgeBase) -> None:
    from recommender.engine import parse_questionnaire

    q = parse_questionnaire(
        {
            "use_case": "Translate contracts",
            "tasks": ["translation"],
            "languages": ["ja", "en"],
            "deployment": "on_prem",
            "hardware": {"cpu_only": True, "ram_gb": 1},
        }
    )
    record = DecisionRecord.build(q, kb=kb, created_at=CREATED_AT)
    assert record.options == [] and record.recommendation.sensitivity is None
    md = render(record, "md").decode()
    assert "No model passed screening" in md
    assert "run modelrec validate on the shortlist" not in md
    assert f"{len(record.excluded)} models were excluded" in md
    html = render(record, "html", lang="ja").decode()
    assert "スクリーニングを通過したモデルはありません" in html
