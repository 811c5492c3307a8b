"""`modelrec fit` and `modelrec cost` answer for every model and hardware entry: a figure,
or a reason — never a crash."""

from __future__ import annotations

import pytest

from recommender import (
    EstimateError,
    HardwareProfile,
    PriceUnavailableError,
    Workload,
    api_cost,
    best_fit,
    load_knowledge_base,
    self_host_cost,
)

KB = load_knowledge_base()
OPEN = [m for m in KB.models if m.api is None]


def profile(hardware_id: str) -> HardwareProfile:
    hw = KB.hardware_item(hardware_id)
    if hw.memory_gb is None:  # a CPU platform: the user states the RAM
        return HardwareProfile.cpu(64, bandwidth_gbps=hw.memory_bandwidth_gbps)
    return HardwareProfile.from_kb(KB, hardware_id)


@pytest.mark.parametrize("hardware_id", [h.id for h in KB.hardware])
def test_fit_answers_for_every_open_model(hardware_id: str) -> None:
    hw = profile(hardware_id)
    for model in OPEN:
        try:
            fit = best_fit(model, hw)
        except EstimateError as exc:  # only a missing parameter count may stop it
            assert model.total_params_b is None and "parameter count" in str(exc)
            continue
        assert fit.fits or fit.reason, model.id
        if fit.fits and model.category == "image_generation":
            # a diffusion model's time per image is not a token rate: never estimated as one
            assert fit.decode_tokens_per_s is None and fit.ttft_s is None
            assert any("time per image not estimated" in n for n in fit.notes)
        elif fit.fits:
            assert fit.decode_tokens_per_s is not None and fit.decode_tokens_per_s[0] > 0
            assert fit.memory_gb <= fit.usable_gb + fit.offload_gb + 1e-9


def test_api_cost_answers_for_every_api_model() -> None:
    text, audio = Workload(1000), Workload(1000, input_tokens=0, audio_seconds=60)
    for model in (m for m in KB.models if m.api is not None):
        for workload in (text, audio):
            try:
                cost = api_cost(model, workload)
            except PriceUnavailableError as exc:
                assert str(exc), model.id
                continue
            assert cost.monthly_usd >= 0


def test_self_host_cost_answers_on_every_priced_gpu() -> None:
    model = KB.model("qwen2.5-7b-instruct")
    priced = [h for h in KB.hardware if h.rental_per_hour and h.memory_gb]
    assert len(priced) >= 10
    for hw in priced:
        try:
            cost = self_host_cost(model, hw, Workload(10_000))
        except EstimateError as exc:
            assert "does not fit" in str(exc)
            continue
        assert cost.monthly_usd is not None and cost.monthly_usd > 0
