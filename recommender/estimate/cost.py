"""What a workload costs per month: through an API, on rented GPUs, or on hardware you own.

- API: genai-prices prices one request of the user's shape (long-context tiers included);
  monthly = per request x requests per day x 30.4.
- Self-hosted: the replicas the peak load needs (llm-d-planner: peak requests/s = requests/day /
  (active hours x 3600) x peak factor; replicas = ceil(1.2 x peak / requests/s per replica)) x
  GPUs per replica x $/GPU-hour x 730 h, or for owned hardware the purchase price amortised over
  ``amortize_months`` plus power.
- Break-even: the daily volume at which self-hosting costs the same as an API.
Every result carries the formula and the facts it used in ``notes`` (typed messages).
Self-hosting is priced on a :class:`~recommender.estimate.plan.HostingPlan`, whose fit is
computed once; comparisons of several models live in :mod:`.compare`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Literal

from ..errors import PriceUnavailableError
from ..kb.loader import KnowledgeBase
from ..kb.prices import prices_source, request_cost_usd
from ..kb.schema import HardwareRecord, ModelRecord, Price
from ..messages import Message
from .fit import EstimateError, Fit, HardwareProfile
from .memory import kv_bytes_per_token
from .plan import HostingPlan, PriceBasis, hosting_plan, plan_hardware

__all__ = [
    "ASSUMED_REASONING_RATIO",
    "HOURS_PER_MONTH",
    "ApiCost",
    "Workload",
    "api_cost",
    "break_even_requests_per_day",
    "cheapest_hardware",
    "price_plan",
    "priced_hardware",
    "reasoning_ratio",
    "rental_price",
    "self_host_cost",
]

HOURS_PER_MONTH = 730.0
DAYS_PER_MONTH = HOURS_PER_MONTH / 24
#: Peak-to-average factor by how much latency matters (llm-d-planner).
PEAK_FACTOR = {"low": 1.5, "medium": 2.0, "high": 2.5}
#: Replicas are sized with 20% spare capacity above the peak.
_SPARE = 1.2
#: Sequences decoded together in a batch, at most (a serving engine's typical ceiling).
_MAX_BATCH = 32


@dataclass(frozen=True)
class Workload:
    """The traffic to serve. Tokens per request; ``active_hours`` is when the traffic comes."""

    requests_per_day: float
    input_tokens: int = 600
    output_tokens: int = 300
    cached_input_tokens: int = 0
    latency_priority: Literal["low", "medium", "high"] = "medium"
    active_hours_per_day: float = 8.0
    audio_seconds: float = 0.0  #: per request, for speech-to-text

    def __post_init__(self) -> None:
        if self.requests_per_day < 0:
            raise EstimateError("requests per day cannot be negative")
        if self.input_tokens < 0 or self.output_tokens < 1:
            raise EstimateError("a request has >= 0 input tokens and >= 1 output token")
        if not 0 < self.active_hours_per_day <= 24:
            raise EstimateError("active hours per day must be between 0 and 24")
        if self.audio_seconds < 0:
            raise EstimateError("audio seconds per request cannot be negative")

    @property
    def peak_requests_per_s(self) -> float:
        rate = self.requests_per_day / (self.active_hours_per_day * 3600)
        return rate * PEAK_FACTOR[self.latency_priority]

    @property
    def tokens_per_month(self) -> float:
        return self.requests_per_day * DAYS_PER_MONTH * (self.input_tokens + self.output_tokens)

    def with_volume(self, requests_per_day: float) -> Workload:
        from dataclasses import replace

        return replace(self, requests_per_day=requests_per_day)


@dataclass(frozen=True)
class ApiCost:
    model_id: str
    monthly_usd: float
    per_request_usd: float
    per_mtok_usd: float  #: blended over input and output tokens
    notes: list[Message] = field(default_factory=list)


#: Thinking tokens per visible output token assumed for a reasoning model whose record gives no
#: sourced ratio. An assumption, shown as one wherever it is used; a sourced
#: ``reasoning_overhead`` in the model's record replaces it.
ASSUMED_REASONING_RATIO = 2.0


def reasoning_ratio(model: ModelRecord) -> tuple[float, Message | None]:
    """Hidden thinking tokens per output token, and where the figure comes from (None when the
    model does not think before answering)."""
    if model.reasoning_overhead is not None:
        r = model.reasoning_overhead
        return r.ratio, Message(
            "reasoning_sourced", {"ratio": r.ratio, "source": r.source, "as_of": str(r.as_of)}
        )
    if model.variant == "reasoning":
        return ASSUMED_REASONING_RATIO, Message(
            "reasoning_assumed", {"ratio": ASSUMED_REASONING_RATIO}
        )
    return 0.0, None


def api_cost(model: ModelRecord, workload: Workload) -> ApiCost:
    """Monthly cost of ``workload`` through ``model``'s API, in the modality's own unit: per
    image for image generation and per audio minute where the provider lists one (the record's
    ``api.unit_prices``), otherwise per token (genai-prices)."""
    unit = _unit_price_request(model, workload)
    if unit is not None:
        per_request, notes = unit
        monthly = per_request * workload.requests_per_day * DAYS_PER_MONTH
        notes.append(_monthly("cost_unit_monthly", per_request, workload, monthly))
        tokens = workload.input_tokens + workload.output_tokens
        return ApiCost(model.id, monthly, per_request, per_request / max(tokens, 1) * 1e6, notes)
    per_request = request_cost_usd(
        model,
        input_tokens=workload.input_tokens,
        output_tokens=workload.output_tokens,
        cached_input_tokens=workload.cached_input_tokens,
        audio_seconds=workload.audio_seconds,
    )
    monthly = per_request * workload.requests_per_day * DAYS_PER_MONTH
    tokens = workload.input_tokens + workload.output_tokens
    notes = [
        Message(
            "cost_api_per_request",
            {
                "input_tokens": workload.input_tokens,
                "output_tokens": workload.output_tokens,
                "prices": prices_source(),
                "per_request": per_request,
            },
        ),
        _monthly("cost_api_monthly", per_request, workload, monthly),
    ]
    return ApiCost(model.id, monthly, per_request, per_request / tokens * 1e6, notes)


def _monthly(code: str, per_request: float, workload: Workload, monthly: float) -> Message:
    return Message(
        code,
        {
            "per_request": per_request,
            "requests_per_day": workload.requests_per_day,
            "days": DAYS_PER_MONTH,
            "monthly": monthly,
        },
    )


def _unit_price_request(
    model: ModelRecord, workload: Workload
) -> tuple[float, list[Message]] | None:
    prices = model.api.unit_prices if model.api is not None else None
    if model.category == "image_generation":
        if prices is None or prices.per_image_usd is None:
            raise PriceUnavailableError(
                f"'{model.id}' is billed per image and the knowledge base has no per-image price"
            )
        return prices.per_image_usd, [
            Message(
                "cost_per_image",
                {"usd": prices.per_image_usd, "source": prices.source, "as_of": str(prices.as_of)},
            )
        ]
    if model.category == "speech_to_text" and prices and prices.per_audio_minute_usd:
        minutes = workload.audio_seconds / 60
        if minutes <= 0:
            raise PriceUnavailableError(
                f"'{model.id}' is billed per audio minute: give the audio length per request"
            )
        return prices.per_audio_minute_usd * minutes, [
            Message(
                "cost_per_audio",
                {
                    "minutes": minutes,
                    "usd": prices.per_audio_minute_usd,
                    "source": prices.source,
                    "as_of": str(prices.as_of),
                },
            )
        ]
    return None


def self_host_cost(
    model: ModelRecord,
    hardware: HardwareRecord,
    workload: Workload,
    *,
    gpus: int = 1,
    owned: bool = False,
    amortize_months: int = 36,
    power_usd_per_kwh: float = 0.15,
    context: int | None = None,
    fit: Fit | None = None,
    private: bool = False,
) -> HostingPlan:
    """Monthly cost of serving ``workload`` with ``model`` on replicas of ``gpus`` GPUs: the
    plan of :func:`~recommender.estimate.plan.hosting_plan`, priced by :func:`price_plan`.

    ``fit`` is the configuration already chosen (default: the best precision that fits the
    longest request, ``context``, else this workload's requests); ``private`` prices a rental
    at the secure-cloud / hyperscaler rate (dedicated hosts), the only kind a private-cloud
    plan may use."""
    plan = hosting_plan(
        model,
        hardware,
        gpus=gpus,
        context=context or workload.input_tokens + workload.output_tokens,
        basis="owned" if owned else "private_rental" if private else "rental",
        fit=fit,
    )
    return price_plan(
        model,
        plan,
        workload,
        amortize_months=amortize_months,
        power_usd_per_kwh=power_usd_per_kwh,
    )


def price_plan(
    model: ModelRecord,
    plan: HostingPlan,
    workload: Workload,
    *,
    amortize_months: int = 36,
    power_usd_per_kwh: float = 0.15,
) -> HostingPlan:
    """``plan`` with its cost for ``workload``: the replicas the peak load needs x GPUs x the
    hourly price at the plan's basis (owned: purchase over ``amortize_months`` plus power)."""
    profile = HardwareProfile.from_record(plan.hardware, count=plan.gpus)
    capacity, notes = _requests_per_s(model, profile, plan.fit, workload)
    if capacity is None:  # not estimable: one replica, and the cost is a lower bound
        replicas = 1
    else:
        peak = workload.peak_requests_per_s
        replicas = max(1, math.ceil(_SPARE * peak / capacity)) if peak > 0 else 1
        notes.append(
            Message(
                "cost_peak",
                {
                    "requests_per_day": workload.requests_per_day,
                    "active_hours": workload.active_hours_per_day,
                    "factor": PEAK_FACTOR[workload.latency_priority],
                    "priority": workload.latency_priority,
                    "peak": peak,
                    "capacity": capacity,
                    "replicas": replicas,
                },
            )
        )
    hourly = _hourly_usd(
        plan.hardware,
        plan.basis,
        amortize_months,
        power_usd_per_kwh,
        notes,
    )
    monthly = None if hourly is None else hourly * plan.gpus * replicas * HOURS_PER_MONTH
    if monthly is not None:
        notes.append(
            Message(
                "cost_monthly_gpu",
                {
                    "hourly": hourly,
                    "gpus": plan.gpus,
                    "replicas": replicas,
                    "hours": HOURS_PER_MONTH,
                    "monthly": monthly,
                },
            )
        )
    tokens = workload.tokens_per_month
    return replace(
        plan,
        usd_per_hour=None if hourly is None else hourly * plan.gpus,
        replicas=replicas,
        requests_per_s_per_replica=capacity,
        monthly_usd=monthly,
        per_mtok_usd=None if monthly is None or tokens == 0 else monthly / tokens * 1e6,
        notes=notes,
    )


def break_even_requests_per_day(
    model: ModelRecord,
    plan: HostingPlan,
    api_model: ModelRecord,
    workload: Workload,
    *,
    amortize_months: int = 36,
    power_usd_per_kwh: float = 0.15,
    max_requests_per_day: float = 1e9,
) -> float | None:
    """The daily volume above which self-hosting ``model`` on ``plan`` costs less than
    ``api_model``.

    Self-hosting cost is a step function of volume (whole replicas) and the API's is linear,
    so the crossing is searched by bisection. None if the hardware has no price or the API is
    cheaper at every volume up to ``max_requests_per_day``.
    """

    def gap(volume: float) -> float:
        own = price_plan(
            model,
            plan,
            workload.with_volume(volume),
            amortize_months=amortize_months,
            power_usd_per_kwh=power_usd_per_kwh,
        ).monthly_usd
        assert own is not None
        return api_cost(api_model, workload.with_volume(volume)).monthly_usd - own

    if _hourly_usd(plan.hardware, plan.basis, amortize_months, power_usd_per_kwh, []) is None:
        return None
    if gap(max_requests_per_day) <= 0:
        return None
    low, high = 0.0, max_requests_per_day
    for _ in range(60):
        mid = (low + high) / 2
        low, high = (low, mid) if gap(mid) > 0 else (mid, high)
        if high - low < 1:
            break
    return high


def _requests_per_s(
    model: ModelRecord, hw: HardwareProfile, fit: Fit, workload: Workload
) -> tuple[float | None, list[Message]]:
    """Requests/s one replica sustains with continuous batching: the lower of the memory-bound
    decode rate (each step reads the weights once plus every sequence's KV cache) and the
    compute-bound rate (2 x active params FLOPs per token, prefill and decode). None for a
    model whose speed is not a token rate (an image generator)."""
    if not model.timed_in_tokens:
        return None, [Message("cost_images_unknown_throughput", {})]
    active = model.active_params_b or model.total_params_b
    assert active is not None
    context = workload.input_tokens + workload.output_tokens
    per_seq_kv = 0.0
    if model.geometry is not None:
        per_seq_kv = kv_bytes_per_token(model.geometry, context=context) * context
    free = max(fit.headroom_gb + fit.kv_cache_gb, 0.0) * 2**30
    batch = _MAX_BATCH if per_seq_kv == 0 else max(1, min(_MAX_BATCH, int(free // per_seq_kv)))
    weights_read = active * 1e9 * _bytes_per_weight(fit)
    bandwidth = hw.bandwidth_gbps * 1e9 * hw.devices * 0.5  # low end of the decode efficiency
    steps_per_s = bandwidth / (weights_read + batch * per_seq_kv / 2)  # KV half-full on average
    memory_bound = steps_per_s * batch / workload.output_tokens
    notes = [Message("cost_batch", {"batch": batch, "rate": memory_bound})]
    rate = memory_bound
    if hw.bf16_tflops is not None:
        flops = hw.bf16_tflops * 1e12 * hw.devices * 0.4
        compute_bound = flops / (2 * active * 1e9 * context)
        notes.append(Message("cost_compute_bound", {"rate": compute_bound}))
        rate = min(rate, compute_bound)
    return rate, notes


def _bytes_per_weight(fit: Fit) -> float:
    from .quant import get_quantization

    return get_quantization(fit.quantization).bytes_per_weight


def rental_price(hardware: HardwareRecord, *, private: bool = False) -> Price | None:
    """The hourly rental a plan pays: any offering, or only a dedicated one (``private``)."""
    if private:
        return hardware.private_rental_per_hour
    return hardware.rental_per_hour


def _hourly_usd(
    hardware: HardwareRecord,
    basis: PriceBasis,
    months: int,
    kwh_price: float,
    notes: list[Message],
) -> float | None:
    """USD per GPU-hour at ``basis``; why (or why it is unknown) goes into ``notes``."""
    if basis != "owned":
        private = basis == "private_rental"
        price = rental_price(hardware, private=private)
        if price is None:
            code = "cost_no_dedicated_rental" if private else "cost_no_rental"
            notes.append(Message(code, {"hardware": hardware.id}))
            return None
        facts = {"usd": price.usd, "source": price.source, "as_of": str(price.as_of)}
        if price.vendor:
            notes.append(Message("cost_rental", {**facts, "vendor": price.vendor}))
        else:
            notes.append(Message("cost_rental_typical", facts))
        return price.usd
    if hardware.purchase is None:
        notes.append(Message("cost_no_purchase", {"hardware": hardware.id}))
        return None
    capital = hardware.purchase.usd / (months * HOURS_PER_MONTH)
    power = (hardware.tdp_w or 0) / 1000 * kwh_price
    notes.append(
        Message(
            "cost_owned" if hardware.tdp_w else "cost_owned_no_tdp",
            {
                "purchase": hardware.purchase.usd,
                "source": hardware.purchase.source,
                "as_of": str(hardware.purchase.as_of),
                "months": months,
                "capital": capital,
                "tdp_w": hardware.tdp_w or 0,
                "kwh_usd": kwh_price,
                "power": power,
            },
        )
    )
    return capital + power


def cheapest_hardware(
    kb: KnowledgeBase,
    model: ModelRecord,
    *,
    context: int,
    concurrency: int = 1,
    owned: bool = False,
    private: bool = False,
) -> HostingPlan | None:
    """The plan on the catalogued accelerator (and GPU count) with the lowest hourly price that
    runs ``model`` at ``context`` tokens: rental price (dedicated offerings only when
    ``private``), or purchase price when ``owned``."""
    plans = priced_hardware(
        kb, model, context=context, concurrency=concurrency, owned=owned, private=private
    )
    return plans[0] if plans else None


def priced_hardware(
    kb: KnowledgeBase,
    model: ModelRecord,
    *,
    context: int,
    concurrency: int = 1,
    owned: bool = False,
    private: bool = False,
) -> list[HostingPlan]:
    """A plan on every catalogued accelerator that runs ``model`` (fewest GPUs that fit) and has
    the price asked for, cheapest first: per hour for a rental (``usd_per_hour`` set), by
    purchase price when ``owned`` (``usd_per_hour`` comes with :func:`price_plan`)."""
    basis: PriceBasis = "owned" if owned else "private_rental" if private else "rental"
    priced = []
    for option in plan_hardware(model, kb, context=context, concurrency=concurrency):
        price = (
            option.hardware.purchase if owned else rental_price(option.hardware, private=private)
        )
        if price is not None:
            hourly = None if owned else price.usd * option.gpus
            plan = replace(option, basis=basis, usd_per_hour=hourly)
            priced.append((price.usd * option.gpus, plan.hardware_id, plan))
    return [plan for *_, plan in sorted(priced, key=lambda t: (t[0], t[1]))]
