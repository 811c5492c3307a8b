"""Cost comparisons: several models priced for one workload, the break-even volume between a
self-hosting plan and an API, and APIs priced for reference.

:class:`CostLine` and :class:`BreakEven` are what ``modelrec cost`` prints and what a decision
record stores (``recommender.report``), so both are strict, JSON round-trippable models.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field

from ..errors import PriceUnavailableError
from ..kb.loader import KnowledgeBase
from ..kb.schema import HardwareRecord, ModelRecord
from .cost import (
    ApiCost,
    Workload,
    api_cost,
    break_even_requests_per_day,
    cheapest_hardware,
    price_plan,
)
from .fit import EstimateError, Fit
from .plan import HostingPlan, hosting_plan

__all__ = [
    "BreakEven",
    "CostComparison",
    "CostEstimate",
    "CostLine",
    "break_even",
    "compare_costs",
    "reference_apis",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CostLine(_Frozen):
    """One model's monthly cost; ``monthly_usd`` None means unknown."""

    model_id: str
    deployment: Literal["self_hosted", "api"]
    monthly_usd: float | None = None
    per_mtok_usd: float | None = None
    hardware: str | None = None  #: hardware id, when self-hosted
    gpus: int | None = None  #: per replica
    replicas: int | None = None
    reference: bool = False  #: an API the deployment answer excluded, priced for comparison

    @classmethod
    def of(cls, cost: ApiCost | HostingPlan, **details: Any) -> Self:
        """The line of a model priced through its API or on a priced self-hosting plan
        (``details``: further fields)."""
        if isinstance(cost, HostingPlan):
            where = {"hardware": cost.hardware_id, "gpus": cost.gpus, "replicas": cost.replicas}
            details = {"deployment": "self_hosted", **where, **details}
        return cls(
            model_id=cost.model_id,
            monthly_usd=cost.monthly_usd,
            per_mtok_usd=cost.per_mtok_usd,
            **{"deployment": "api", **details},
        )


class CostEstimate(CostLine):
    """A :class:`CostLine` with how it was worked out (``notes``: the formulas and facts used,
    or why the cost is unknown)."""

    per_request_usd: float | None = None  #: APIs
    quantization: str | None = None  #: self-hosted
    mode: Literal["rental", "owned"] | None = None  #: self-hosted
    notes: list[str] = Field(default_factory=list)


class BreakEven(_Frozen):
    """Above ``requests_per_day``, self-hosting ``self_hosted`` on ``gpus`` x ``hardware_id``
    costs less than ``api`` (None: never, up to a billion a day, or no price for the
    hardware)."""

    self_hosted: str
    hardware_id: str
    gpus: int
    api: str
    owned: bool
    requests_per_day: float | None
    reference: bool = False  #: against an API the deployment answer excluded


class CostComparison(_Frozen):
    workload: Workload
    lines: list[CostEstimate]
    break_even: list[BreakEven]


def compare_costs(
    kb: KnowledgeBase,
    models: list[ModelRecord],
    workload: Workload,
    *,
    hardware: HardwareRecord | None = None,
    gpus: int = 1,
    owned: bool = False,
    amortize_months: int = 36,
) -> CostComparison:
    """Monthly cost of ``workload`` for each model, and break-even volumes between each
    self-hosted model and each priced API model.

    Open models run on ``hardware`` x ``gpus`` when given, else on the cheapest catalogued
    hardware that fits and has a price (rental, or purchase when ``owned``). A model that cannot
    be priced gets a line with unknown cost and the reason in its notes.
    """
    context = workload.input_tokens + workload.output_tokens
    lines: list[CostEstimate] = []
    hosting: list[tuple[ModelRecord, HostingPlan]] = []
    priced_apis: list[ModelRecord] = []
    for model in models:
        if model.api is not None:
            try:
                cost = api_cost(model, workload)
            except PriceUnavailableError as exc:
                lines.append(CostEstimate(model_id=model.id, deployment="api", notes=[str(exc)]))
                continue
            priced_apis.append(model)
            lines.append(
                CostEstimate.of(
                    cost, per_request_usd=cost.per_request_usd, notes=[n.text for n in cost.notes]
                )
            )
            continue
        try:
            plan = (
                hosting_plan(
                    model,
                    hardware,
                    gpus=gpus,
                    context=context,
                    basis="owned" if owned else "rental",
                )
                if hardware is not None
                else cheapest_hardware(kb, model, context=context, owned=owned)
            )
            if plan is None:
                raise EstimateError("no priced catalogued hardware runs it")
            plan = price_plan(model, plan, workload, amortize_months=amortize_months)
        except EstimateError as exc:
            lines.append(
                CostEstimate(model_id=model.id, deployment="self_hosted", notes=[str(exc)])
            )
            continue
        hosting.append((model, plan))
        lines.append(
            CostEstimate.of(
                plan,
                quantization=plan.quantization,
                mode=plan.mode,
                notes=[n.text for n in plan.notes],
            )
        )
    return CostComparison(
        workload=workload,
        lines=lines,
        break_even=[
            break_even(
                model,
                plan.hardware,
                api_model,
                workload,
                gpus=plan.gpus,
                owned=owned,
                amortize_months=amortize_months,
                fit=plan.fit,
            )
            for model, plan in hosting
            for api_model in priced_apis
        ],
    )


def break_even(
    model: ModelRecord,
    hardware: HardwareRecord,
    api_model: ModelRecord,
    workload: Workload,
    *,
    gpus: int = 1,
    owned: bool = False,
    amortize_months: int = 36,
    fit: Fit | None = None,
    reference: bool = False,
) -> BreakEven:
    """The daily volume above which self-hosting ``model`` on ``gpus`` x ``hardware`` per
    replica costs less than ``api_model`` (None when it never does, it does not fit, or one of
    the two has no price). ``fit``: the plan's configuration, when already chosen (default:
    the best precision that fits this workload's requests)."""
    try:
        plan = hosting_plan(
            model,
            hardware,
            gpus=gpus,
            context=workload.input_tokens + workload.output_tokens,
            basis="owned" if owned else "rental",
            fit=fit,
        )
        volume = break_even_requests_per_day(
            model, plan, api_model, workload, amortize_months=amortize_months
        )
    except (EstimateError, PriceUnavailableError):
        volume = None
    return BreakEven(
        self_hosted=model.id,
        hardware_id=hardware.id,
        gpus=gpus,
        api=api_model.id,
        owned=owned,
        requests_per_day=volume,
        reference=reference,
    )


def reference_apis(
    models: Iterable[ModelRecord], workload: Workload, *, limit: int = 3
) -> list[CostLine]:
    """The ``limit`` cheapest of ``models`` through their APIs for ``workload`` (those without a
    price left out), marked as references: what keeping data in house is compared with when
    the deployment answer excluded every API."""
    priced = []
    for model in models:
        try:
            priced.append(api_cost(model, workload))
        except PriceUnavailableError:
            continue
    priced.sort(key=lambda cost: (cost.monthly_usd, cost.model_id))
    return [CostLine.of(cost, reference=True) for cost in priced[:limit]]
