"""Hard constraints: which models may be considered at all, and why the others may not.

Each rule is a predicate over a model record and the answers; every exclusion carries reasons a
stakeholder can read ("licence forbids commercial use", "needs 41 GB at 32k context; you have 24
GB"). Must-haves are never weights: a model either passes or is excluded here.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Literal
from weakref import WeakKeyDictionary

from ..errors import EstimateError, PriceUnavailableError
from ..estimate.cost import Workload, api_cost, cheapest_hardware, self_host_cost
from ..estimate.fit import Fit, HardwareProfile, best_fit
from ..kb.loader import KnowledgeBase
from ..kb.schema import HardwareRecord, LicenseRecord, ModelRecord
from .questionnaire import Questionnaire

__all__ = ["Candidate", "Exclusion", "LicenseVerdict", "Plan", "license_verdict", "screen"]

LicenseStatus = Literal["allowed", "conditional", "not_allowed"]
_SUPPORT = {"strong", "good", "basic"}


@dataclass(frozen=True)
class LicenseVerdict:
    status: LicenseStatus
    licenses: list[str]  #: every licence the model is subject to
    classes: list[str]  #: their licence classes, in the same order
    conditions: list[str]  #: obligations to surface (quoted where the licence is quoted)
    reason: str | None = None  #: why it is not allowed


@dataclass(frozen=True)
class Plan:
    """How a candidate would run for this team."""

    deployment: Literal["self_hosted", "api"]
    hardware_id: str | None = None
    hardware: str | None = None
    gpus: int | None = None
    replicas: int | None = None
    fit: Fit | None = None
    monthly_usd: float | None = None
    per_mtok_usd: float | None = None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Candidate:
    model: ModelRecord
    plan: Plan
    license: LicenseVerdict


@dataclass(frozen=True)
class Exclusion:
    model_id: str
    reasons: list[str]


def _fully_open(model: ModelRecord) -> bool:
    """Weights, training code and data (information) all published: the OSI Open Source AI
    Definition's bar, which an OSI licence on the weights alone does not meet."""
    return bool(model.osi_open_source_ai or model.training_data_and_code_published)


def license_verdict(kb: KnowledgeBase, model: ModelRecord, q: Questionnaire) -> LicenseVerdict:
    """Allowed, allowed with conditions (listed, needs legal review), or not allowed (and why),
    over every licence the model is subject to."""
    records = [kb.license(x) for x in [model.license, *model.extra_licenses]]
    ids = [r.id for r in records]
    classes: list[str] = [r.license_class for r in records]

    def refuse(reason: str) -> LicenseVerdict:
        return LicenseVerdict("not_allowed", ids, classes, [], reason)

    for r in records:
        if r.license_class == "unlicensed":
            return refuse(f"{r.name}: no rights are granted")
        if q.license.commercial_use and r.commercial_use == "no":
            return refuse(f"licence {r.id} forbids commercial use ({r.name})")
        if q.license.commercial_use and r.conditions.non_production_only:
            return refuse(f"licence {r.id} allows research or evaluation only")
        if q.license.require_open_source and not r.osi_approved:
            return refuse(f"licence {r.id} is not OSI-approved open source")
    if q.license.require_open_source and not _fully_open(model):
        return refuse(
            "open weights only: its training data and code are not recorded as published, "
            "which open source AI (OSI definition) needs beyond an open licence"
        )
    conditions = [c for r in records for c in _conditions(r)]
    conditional = any(r.commercial_use == "conditional" for r in records) or any(
        r.conditions.mau_cap or r.conditions.revenue_cap_usd or r.conditions.geographic_restriction
        for r in records
    )
    if conditional and not q.license.accept_conditions:
        return LicenseVerdict(
            "not_allowed",
            ids,
            classes,
            conditions,
            f"licence {'/'.join(ids)} has conditions that need legal review "
            "(license.accept_conditions is false)",
        )
    return LicenseVerdict("conditional" if conditional else "allowed", ids, classes, conditions)


def _conditions(r: LicenseRecord) -> list[str]:
    c = r.conditions
    items = [
        f"{r.id}: more than {c.mau_cap:,} monthly active users needs a separate licence"
        if c.mau_cap
        else None,
        f"{r.id}: annual revenue above ${c.revenue_cap_usd:,} needs a separate licence"
        if c.revenue_cap_usd
        else None,
        f"{r.id}: attribution — {c.attribution}" if c.attribution else None,
        f"{r.id}: naming — {c.naming_rule}" if c.naming_rule else None,
        f"{r.id}: acceptable-use policy {c.acceptable_use_policy}"
        if c.acceptable_use_policy
        else None,
        f"{r.id}: outputs — {c.output_use_restriction}" if c.output_use_restriction else None,
        f"{r.id}: geography — {c.geographic_restriction}" if c.geographic_restriction else None,
        f"{r.id}: use restrictions pass on to derivatives and users"
        if c.restrictions_pass_on
        else None,
    ]
    return [i for i in items if i]


def screen(
    kb: KnowledgeBase, q: Questionnaire, tasks: list[str], languages: list[str]
) -> tuple[list[Candidate], list[Exclusion]]:
    """Apply every hard constraint; cheap checks first, the hardware fit last."""
    candidates: list[Candidate] = []
    excluded: list[Exclusion] = []
    workload = _workload(q)
    on_prem = _on_prem_hardware(kb, q)
    for model in kb.models:
        reasons = _static_reasons(model, q, tasks, languages)
        verdict = license_verdict(kb, model, q)
        if verdict.status == "not_allowed" and verdict.reason:
            reasons.append(verdict.reason)
        if reasons:
            excluded.append(Exclusion(model.id, reasons))
            continue
        plan, why_not = _memoised_plan(kb, model, q, workload, on_prem)
        if plan is None:
            excluded.append(Exclusion(model.id, [why_not or "no way to run it"]))
            continue
        if (
            q.budget_is_hard
            and q.budget_usd_per_month is not None
            and plan.monthly_usd is not None
            and plan.monthly_usd > q.budget_usd_per_month
        ):
            excluded.append(
                Exclusion(
                    model.id,
                    [
                        f"costs ${plan.monthly_usd:,.0f}/month; the budget is "
                        f"${q.budget_usd_per_month:,.0f}"
                    ],
                )
            )
            continue
        candidates.append(Candidate(model, plan, verdict))
    return candidates, excluded


def _static_reasons(
    model: ModelRecord, q: Questionnaire, tasks: list[str], languages: list[str]
) -> list[str]:
    reasons = []
    primary = tasks[0]
    if primary not in model.tasks:
        reasons.append(f"does not do {primary} (it does: {', '.join(model.tasks)})")
    if model.api is not None and q.deployment != "any":
        where = "on your own hardware" if q.deployment == "on_prem" else "in your own cloud"
        reasons.append(f"API not allowed: data must stay {where}")
    if model.status == "deprecated":
        successor = f"; successor {model.successor}" if model.successor else ""
        reasons.append(f"being retired by its provider{successor}")
    if model.category in ("llm", "vlm", "speech_to_text", "embedding"):
        missing = [lang for lang in languages if model.languages.get(lang) not in _SUPPORT]
        if missing:
            reasons.append(f"no documented support for {', '.join(missing)}")
    needed = q.workload.context_tokens
    if model.context_length is not None and needed > model.context_length:
        reasons.append(f"context {needed:,} tokens exceeds its limit of {model.context_length:,}")
    return reasons


def _workload(q: Questionnaire) -> Workload:
    w = q.workload
    return Workload(
        requests_per_day=w.requests_per_day,
        input_tokens=w.input_tokens,
        output_tokens=w.output_tokens,
        latency_priority="high"
        if w.latency_p95_s is not None and w.latency_p95_s <= 2
        else "medium",
    )


def _on_prem_hardware(
    kb: KnowledgeBase, q: Questionnaire
) -> tuple[HardwareProfile, HardwareRecord | None] | None:
    if q.deployment != "on_prem" or q.hardware is None:
        return None
    hw = q.hardware
    if hw.cpu_only:
        assert hw.ram_gb is not None
        return HardwareProfile.cpu(hw.ram_gb), None
    if hw.gpus:
        record = kb.hardware_item(hw.gpus[0].name)
        profile = HardwareProfile.from_record(record, count=hw.gpus[0].count)
        return profile, record
    assert hw.vram_gb is not None
    return HardwareProfile.vram(hw.vram_gb), None


#: Plans per knowledge base: a plan depends only on the model record, the workload and the
#: hardware, and the same ones recur across questionnaires (and across the wizard's reruns).
_PLANS: WeakKeyDictionary[KnowledgeBase, dict[Hashable, tuple[Plan | None, str | None]]] = (
    WeakKeyDictionary()
)


def _memoised_plan(
    kb: KnowledgeBase,
    model: ModelRecord,
    q: Questionnaire,
    workload: Workload,
    on_prem: tuple[HardwareProfile, HardwareRecord | None] | None,
) -> tuple[Plan | None, str | None]:
    key = (
        model.model_dump_json(),
        workload,
        q.workload.context_tokens,
        q.workload.concurrency,
        None if on_prem is None else (on_prem[0], on_prem[1] and on_prem[1].id),
    )
    memo = _PLANS.setdefault(kb, {})
    if key not in memo:
        memo[key] = _plan(kb, model, q, workload, on_prem)
    return memo[key]


def _plan(
    kb: KnowledgeBase,
    model: ModelRecord,
    q: Questionnaire,
    workload: Workload,
    on_prem: tuple[HardwareProfile, HardwareRecord | None] | None,
) -> tuple[Plan | None, str | None]:
    if model.api is not None:
        try:
            cost = api_cost(model, workload)
        except PriceUnavailableError as exc:
            return Plan("api", notes=[f"cost unknown: {exc}"]), None
        return Plan("api", monthly_usd=cost.monthly_usd, per_mtok_usd=cost.per_mtok_usd), None
    if model.total_params_b is None:
        return None, "cannot estimate memory: its parameter count is unknown"
    context, concurrency = q.workload.context_tokens, q.workload.concurrency
    if on_prem is not None:
        profile, record = on_prem
        fit = best_fit(model, profile, context=context, concurrency=concurrency)
        if not fit.fits:
            return None, fit.reason
        plan = Plan(
            "self_hosted",
            hardware_id=profile.hardware_id,
            hardware=profile.name,
            gpus=profile.devices,
            fit=fit,
        )
        if record is not None:
            try:
                own = self_host_cost(
                    model, record, workload, gpus=profile.devices, owned=True, context=context
                )
            except EstimateError:
                return plan, None
            return Plan(
                "self_hosted",
                hardware_id=record.id,
                hardware=profile.name,
                gpus=profile.devices,
                replicas=own.replicas,
                fit=fit,
                monthly_usd=own.monthly_usd,
                per_mtok_usd=own.per_mtok_usd,
            ), None
        return plan, None
    where = cheapest_hardware(kb, model, context=context, concurrency=concurrency)
    if where is None:
        return None, f"no priced catalogued hardware (up to 8 GPUs) runs it at {context:,} tokens"
    record, gpus = where
    try:
        own = self_host_cost(model, record, workload, gpus=gpus, context=context)
    except EstimateError as exc:
        return None, str(exc)
    return Plan(
        "self_hosted",
        hardware_id=record.id,
        hardware=own.fit.hardware,
        gpus=gpus,
        replicas=own.replicas,
        fit=own.fit,
        monthly_usd=own.monthly_usd,
        per_mtok_usd=own.per_mtok_usd,
    ), None
