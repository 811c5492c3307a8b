"""Monthly cost through APIs, rented and owned GPUs; break-even volume; hardware plans."""

from __future__ import annotations

import json
from datetime import date

import pytest

from recommender import load_knowledge_base
from recommender.cli import main
from recommender.estimate.compare import reference_apis
from recommender.estimate.cost import (
    DAYS_PER_MONTH,
    HOURS_PER_MONTH,
    Workload,
    api_cost,
    break_even_requests_per_day,
    cheapest_hardware,
    price_plan,
    self_host_cost,
)
from recommender.estimate.fit import EstimateError
from recommender.estimate.plan import HostingPlan, hosting_plan, plan_hardware
from recommender.kb.schema import HardwareRecord, Price

KB = load_knowledge_base()
PRICE_SOURCE = dict(source="https://example.org/test-price", as_of=date(2026, 11, 1))


def gpu(rental: float | None = 0.70, purchase: float | None = 1800.0) -> HardwareRecord:
    """The catalogue's RTX 4090 with prices set by the test."""
    record = KB.hardware_item("rtx-4090")
    return record.model_copy(
        update={
            "rental_per_hour": None if rental is None else Price(usd=rental, **PRICE_SOURCE),
            "purchase": None if purchase is None else Price(usd=purchase, **PRICE_SOURCE),
        }
    )


def test_api_cost_is_per_request_price_times_volume() -> None:
    m = KB.model("gpt-4o-mini")
    cost = api_cost(m, Workload(3000, input_tokens=600, output_tokens=300))
    assert cost.per_request_usd == pytest.approx((600 * 0.15 + 300 * 0.6) / 1e6)
    assert cost.monthly_usd == pytest.approx(cost.per_request_usd * 3000 * DAYS_PER_MONTH)
    assert cost.per_mtok_usd == pytest.approx(cost.per_request_usd / 900 * 1e6)
    assert any("genai-prices" in n.text for n in cost.notes)


def test_self_hosting_is_replicas_times_gpus_times_hours() -> None:
    m = KB.model("qwen2.5-7b-instruct")
    small = self_host_cost(m, gpu(), Workload(3000))
    assert small.replicas == 1 and small.quantization == "bf16"
    assert small.monthly_usd == pytest.approx(0.70 * HOURS_PER_MONTH)
    big = self_host_cost(m, gpu(), Workload(5_000_000))
    assert big.replicas > 1
    assert big.monthly_usd == pytest.approx(0.70 * HOURS_PER_MONTH * big.replicas)
    assert big.per_mtok_usd is not None and small.per_mtok_usd is not None
    assert big.per_mtok_usd < small.per_mtok_usd  # the fixed cost spreads over more tokens


def test_peak_factor_follows_latency_priority() -> None:
    m = KB.model("qwen2.5-7b-instruct")
    relaxed = self_host_cost(m, gpu(), Workload(3_000_000, latency_priority="low"))
    strict = self_host_cost(m, gpu(), Workload(3_000_000, latency_priority="high"))
    assert strict.replicas > relaxed.replicas


def test_owned_hardware_amortises_purchase_and_adds_power() -> None:
    m = KB.model("qwen2.5-7b-instruct")
    owned = self_host_cost(
        m, gpu(), Workload(3000), owned=True, amortize_months=36, power_usd_per_kwh=0.20
    )
    hourly = 1800 / (36 * HOURS_PER_MONTH) + 0.450 * 0.20
    assert owned.mode == "owned"
    assert owned.monthly_usd == pytest.approx(hourly * HOURS_PER_MONTH)


def test_missing_price_is_unknown_not_zero() -> None:
    cost = self_host_cost(KB.model("qwen2.5-7b-instruct"), gpu(rental=None), Workload(3000))
    assert cost.monthly_usd is None and cost.per_mtok_usd is None
    assert any("cost unknown" in n.text for n in cost.notes)


def test_model_that_does_not_fit_is_an_error() -> None:
    with pytest.raises(EstimateError, match="does not fit"):
        self_host_cost(KB.model("deepseek-v3"), gpu(), Workload(10))


def on_gpu(model_id: str, **prices: float | None) -> HostingPlan:
    """A rental plan for a request of the default workload's size on :func:`gpu`."""
    return hosting_plan(KB.model(model_id), gpu(**prices), context=900)


def test_break_even_is_where_self_hosting_becomes_cheaper() -> None:
    own, api = KB.model("qwen2.5-7b-instruct"), KB.model("claude-sonnet-4.5")
    load = Workload(1000)
    volume = break_even_requests_per_day(own, on_gpu(own.id), api, load)
    assert volume is not None and volume > 0

    def monthly(v: float) -> tuple[float, float]:
        w = load.with_volume(v)
        hosted = self_host_cost(own, gpu(), w).monthly_usd
        assert hosted is not None
        return hosted, api_cost(api, w).monthly_usd

    hosted, via_api = monthly(volume * 1.01)
    assert hosted <= via_api
    hosted, via_api = monthly(volume * 0.99)
    assert hosted > via_api


def test_no_break_even_without_a_price() -> None:
    own, api = KB.model("qwen2.5-7b-instruct"), KB.model("gpt-4o-mini")
    plan = on_gpu(own.id, rental=None)
    assert break_even_requests_per_day(own, plan, api, Workload(1000)) is None


def test_workload_rejects_impossible_values() -> None:
    with pytest.raises(EstimateError, match="negative"):
        Workload(-1)
    with pytest.raises(EstimateError, match="active hours"):
        Workload(10, active_hours_per_day=30)


def test_plan_lists_hardware_that_fits_cheapest_first() -> None:
    options = plan_hardware(KB.model("qwen2.5-7b-instruct"), KB)
    assert options and all(o.fit.fits for o in options)
    priced = [o.usd_per_hour for o in options if o.usd_per_hour is not None]
    assert priced == sorted(priced)
    seen_unpriced = False
    for o in options:  # options without a known price come last
        seen_unpriced |= o.usd_per_hour is None
        assert not (seen_unpriced and o.usd_per_hour is not None)


def test_plan_for_a_huge_model_needs_many_gpus() -> None:
    options = plan_hardware(KB.model("deepseek-v3"), KB)
    assert all(o.gpus > 1 or o.fit.usable_gb > 200 for o in options)


def test_cost_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "cost",
                "gpt-4o-mini",
                "qwen2.5-7b-instruct",
                "--requests-per-day",
                "3000",
                "--gpu",
                "rtx-4090",
                "--json",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    by_id = {r["model_id"]: r for r in data["lines"]}
    assert by_id["gpt-4o-mini"]["deployment"] == "api"
    assert by_id["gpt-4o-mini"]["monthly_usd"] > 0
    assert by_id["qwen2.5-7b-instruct"]["hardware"] == "rtx-4090"
    assert data["break_even"][0]["api"] == "gpt-4o-mini"
    assert main(["cost", "gpt-4o-mini", "--requests-per-day", "3000"]) == 0
    assert "PER MONTH" in capsys.readouterr().out


def test_cost_cli_shows_the_currency_asked_for(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["cost", "gpt-4o-mini", "--requests-per-day", "3000"]
    assert main(argv) == 0
    dollars = capsys.readouterr().out
    assert main([*argv, "--currency", "JPY"]) == 0
    yen = capsys.readouterr().out
    monthly_usd = api_cost(KB.model("gpt-4o-mini"), Workload(3000)).monthly_usd
    assert f"${monthly_usd:,.2f}" in dollars and "amounts in" not in dollars
    rate = KB.currencies["JPY"].per_usd
    assert f"¥{monthly_usd * rate:,.2f}" in yen
    assert f"amounts in JPY: 1 USD = {rate:g} JPY" in yen


def test_currency_choices_are_the_questionnaires() -> None:
    from typing import get_args

    from recommender.cli._common import CURRENCIES
    from recommender.engine.questionnaire import Currency

    assert get_args(Currency) == CURRENCIES


def test_cheapest_plan_is_priced_on_the_fit_it_found() -> None:
    m, load = KB.model("qwen2.5-7b-instruct"), Workload(3000)
    plan = cheapest_hardware(KB, m, context=900)
    assert plan is not None and plan.monthly_usd is None  # not priced for a workload yet
    priced = price_plan(m, plan, load)
    assert priced.fit is plan.fit and priced.replicas == 1
    again = self_host_cost(m, plan.hardware, load, gpus=plan.gpus)  # fits afresh
    assert priced.monthly_usd == again.monthly_usd and priced.fit == again.fit
    assert priced.usd_per_hour == plan.usd_per_hour  # the rental it was chosen for


def test_reference_apis_are_the_cheapest_priced_ones() -> None:
    models = [KB.model(m) for m in ("claude-sonnet-4.5", "gpt-4o-mini", "whisper-1")]
    lines = reference_apis(models, Workload(3000), limit=2)
    assert [line.model_id for line in lines] == ["gpt-4o-mini", "claude-sonnet-4.5"]
    assert all(line.reference and line.deployment == "api" for line in lines)


def test_fit_plan_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fit", "qwen2.5-7b-instruct", "--plan", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["options"] and data["options"][0]["fits"] is True


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["cost", "gpt-4o-mini", "--requests-per-day", "-5"], "must not be negative"),
        (["cost", "gpt-4o-mini"], "--requests-per-day"),
        (["fit", "bge-m3", "--plan", "--gpu", "rtx-4090"], "--plan searches the catalogue"),
        (["fit", "bge-m3"], "give the hardware"),
        (["cost", "gpt-4o-mini", "--requests-per-day", "5", "--currency", "GBP"], "--currency"),
    ],
)
def test_cost_and_plan_usage_errors(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2 and message in capsys.readouterr().err


def test_break_even_uses_the_same_amortisation_as_the_cost() -> None:
    own, api = KB.model("qwen2.5-7b-instruct"), KB.model("claude-sonnet-4.5")
    plan = hosting_plan(own, gpu(), context=900, basis="owned")
    fast = break_even_requests_per_day(own, plan, api, Workload(1000), amortize_months=12)
    slow = break_even_requests_per_day(own, plan, api, Workload(1000), amortize_months=60)
    assert fast is not None and slow is not None
    assert fast > slow  # paying the card off faster costs more per month


def test_compare_costs_prices_each_model_or_says_why_not() -> None:
    from recommender.estimate import compare_costs

    models = [KB.model(m) for m in ("gpt-4o-mini", "whisper-1", "qwen2.5-7b-instruct")]
    result = compare_costs(KB, models, Workload(3000), hardware=gpu())
    lines = {line.model_id: line for line in result.lines}
    assert lines["gpt-4o-mini"].monthly_usd is not None
    assert lines["whisper-1"].monthly_usd is None
    assert "give the audio length" in lines["whisper-1"].notes[-1]
    assert lines["qwen2.5-7b-instruct"].hardware == "rtx-4090"
    assert [(b.self_hosted, b.api) for b in result.break_even] == [
        ("qwen2.5-7b-instruct", "gpt-4o-mini")
    ]
