"""Record-level rules of the knowledge schema."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from recommender.kb.schema import Geometry, HardwareRecord, LicenseRecord, ModelRecord


def geometry(**overrides: Any) -> dict[str, Any]:
    base = dict(
        num_layers=32, num_attention_heads=32, num_kv_heads=8, hidden_size=4096, attention="gqa"
    )
    return {**base, **overrides}


def open_model(**overrides: Any) -> dict[str, Any]:
    base = dict(
        id="m",
        name="M",
        creator="c",
        family="f",
        hf_repo="org/m",
        variant="instruct",
        architecture="decoder_only",
        input_modalities=["text"],
        output_modalities=["text"],
        tasks=["chat_assistant"],
        license="apache-2.0",
        open_weights=True,
        source="https://example.org/m",
        as_of="2026-11-23",
    )
    return {**base, **overrides}


def test_head_dim_defaults_to_hidden_over_heads() -> None:
    assert Geometry(**geometry()).effective_head_dim == 128
    assert Geometry(**geometry(head_dim=256)).effective_head_dim == 256


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (dict(num_kv_heads=5), "must divide"),
        (dict(attention="mha"), "does not match"),
        (dict(num_kv_heads=1, attention="gqa"), "does not match"),
        (dict(attention="mla"), "needs kv_lora_rank"),
        (dict(kv_lora_rank=512), "for attention 'mla' only"),
        (dict(full_attention_layers=4), "only meaningful with sliding_window"),
        (dict(sliding_window=4096, full_attention_layers=40), "cannot exceed num_layers"),
    ],
)
def test_inconsistent_geometry_is_rejected(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Geometry(**geometry(**overrides))


def test_mla_geometry_needs_its_ranks() -> None:
    g = Geometry(
        **geometry(num_kv_heads=32, attention="mla", kv_lora_rank=512, qk_rope_head_dim=64)
    )
    assert g.kv_lora_rank == 512


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (dict(hf_repo=None), "open_weights models need hf_repo"),
        (dict(open_weights=False, hf_repo=None), "need an api block"),
        (dict(active_params_b=9, total_params_b=8), "cannot exceed total_params_b"),
        (dict(status="superseded"), "names its successor"),
        (dict(context_length="8192"), "valid integer"),
        (dict(gated=1), "valid boolean"),
        (dict(languages={"english": "strong"}), "pattern"),
        (dict(colour="blue"), "Extra inputs"),
        (dict(as_of="last week"), "valid date"),
        (dict(release_date="2025-07-21", release_month="2025-07"), "not both"),
        (dict(release_month="2025-13"), "pattern"),
        (dict(release_month="July 2025"), "pattern"),
        (dict(required_inputs=["image"]), "among input_modalities"),
    ],
)
def test_inconsistent_model_is_rejected(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        ModelRecord(**open_model(**overrides))


@pytest.mark.parametrize(
    ("inputs", "outputs", "category"),
    [
        (["text"], ["text"], "llm"),
        (["text", "image"], ["text"], "vlm"),
        (["audio"], ["text"], "speech_to_text"),
        (["text"], ["audio"], "text_to_speech"),
        (["text"], ["image"], "image_generation"),
        (["text"], ["embedding"], "embedding"),
    ],
)
def test_category_follows_modalities(inputs: list[str], outputs: list[str], category: str) -> None:
    m = ModelRecord(**open_model(input_modalities=inputs, output_modalities=outputs))
    assert m.category == category
    assert m.deployment == "self_hosted"


def test_licence_conditions_must_all_be_written() -> None:
    conditions = dict(
        mau_cap=None,
        revenue_cap_usd=None,
        attribution=None,
        naming_rule=None,
        acceptable_use_policy=None,
        output_use_restriction=None,
        geographic_restriction=None,
        restrictions_pass_on=False,
        notice_required=True,
        non_production_only=False,
    )
    record = dict(
        id="x",
        name="X",
        url="https://x",
        license_class="osi_permissive",
        commercial_use="yes",
        osi_approved=True,
        source="https://x",
        as_of="2026-01-01",
        conditions=conditions,
    )
    assert LicenseRecord(**record).conditions.mau_cap is None
    del conditions["mau_cap"]
    with pytest.raises(ValidationError, match="Field required"):
        LicenseRecord(**record)


def test_noncommercial_licence_cannot_claim_commercial_use() -> None:
    with pytest.raises(ValidationError, match="commercial_use 'no'"):
        LicenseRecord.model_validate(
            dict(
                id="x",
                name="X",
                url="u",
                license_class="noncommercial",
                commercial_use="yes",
                osi_approved=False,
                source="s",
                as_of="2026-01-01",
                conditions=dict.fromkeys(
                    [
                        "mau_cap",
                        "revenue_cap_usd",
                        "attribution",
                        "naming_rule",
                        "acceptable_use_policy",
                        "output_use_restriction",
                        "geographic_restriction",
                    ]
                )
                | dict(restrictions_pass_on=False, notice_required=False, non_production_only=True),
            )
        )


def test_only_cpu_platforms_may_omit_memory() -> None:
    base = dict(
        id="h",
        name="H",
        vendor="v",
        memory_gb=None,
        memory_bandwidth_gbps=100,
        source="s",
        as_of="2026-01-01",
    )
    assert HardwareRecord(**base, kind="cpu").memory_gb is None
    with pytest.raises(ValidationError, match="memory_gb is required"):
        HardwareRecord(**base, kind="gpu_consumer")


def test_a_release_known_to_the_month_is_dated_to_its_first_day_and_shown_as_the_month() -> None:
    from datetime import date

    m = ModelRecord(**open_model(release_month="2022-12"))
    assert (m.release_date, m.released, m.released_text) == (None, date(2022, 12, 1), "2022-12")
    d = ModelRecord(**open_model(release_date="2025-07-21"))
    assert (d.released, d.released_text) == (date(2025, 7, 21), "2025-07-21")
    assert ModelRecord(**open_model()).released is None
