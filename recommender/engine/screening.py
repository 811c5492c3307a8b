"""Hard constraints: which models may be considered at all, and why the others may not.

Each rule is a predicate over a model record and the answers; every exclusion carries typed
reasons (a code, its parameters and a sentence a stakeholder can read: "licence forbids
commercial use", "needs 41 GB at 32k context; you have 24 GB"). Must-haves are never weights: a
model either passes, is excluded here, or, when a fact a stated requirement needs is unknown,
goes to the "could not verify" list: an unknown never passes a hard requirement silently.

What is NOT a hard constraint: a task the model does not declare (graded evidence, see
:mod:`.capability`), a language it does not document (a penalty, unless the user asks for
documented support only), and defaults the user did not state (the task's typical context is
used for estimates; only a stated context excludes).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal
from weakref import WeakKeyDictionary

from ..errors import EstimateError, PriceUnavailableError
from ..estimate.calibration import community_calibration
from ..estimate.configure import Configuration, configure
from ..estimate.cost import (
    Workload,
    api_cost,
    price_plan,
    priced_hardware,
    reasoning_ratio,
    rental_price,
)
from ..estimate.fit import Fit, HardwareProfile
from ..estimate.plan import HostingPlan, hosting_plan
from ..estimate.runtimes import resolve_runtime
from ..kb.loader import KnowledgeBase
from ..kb.schema import HardwareRecord, LicenseRecord, ModelRecord
from ..messages import Message
from .capability import (
    LanguageSupport,
    TaskFit,
    base_chain,
    context_length,
    language_support,
    modality_mismatch,
    task_fit,
)
from .questionnaire import Questionnaire

__all__ = [
    "SHUTDOWN_WARNING_DAYS",
    "Candidate",
    "Exclusion",
    "LicenseVerdict",
    "Plan",
    "Reason",
    "Screening",
    "license_verdict",
    "screen",
]

LicenseStatus = Literal["allowed", "conditional", "not_allowed"]
#: A deprecated model shutting down within this many days is flagged and penalised.
SHUTDOWN_WARNING_DAYS = 183
#: Rented hardware options tried per model when looking for one that meets the latency target.
_RENTAL_OPTIONS = 8
#: Expected quality loss of a 4-bit quantisation: rented plans go no lower unless they must.
_ACCEPTABLE_LOSS = 0.05


@dataclass(frozen=True)
class Reason:
    """Why a model is excluded (or could not be verified), as data.

    ``code`` names the rule; ``message`` says it (a typed message, rendered per language);
    ``relax`` names the answer that would have to change to admit the model (None when nothing
    the user says can change it, e.g. a speech model for a text task)."""

    code: str
    message: Message
    relax: str | None = None

    @property
    def params(self) -> Mapping[str, Any]:
        """The message's figures, for relaxation suggestions."""
        return self.message.params

    @property
    def text(self) -> str:
        """The English sentence."""
        return self.message.text

    def __str__(self) -> str:
        return self.text


def _reason(
    code: str, relax: str | None = None, *, say: str | None = None, **params: Any
) -> Reason:
    """A reason with rule ``code`` whose message is ``say`` (default: the rule's own)."""
    return Reason(code, Message(say or code, params), relax)


@dataclass(frozen=True)
class LicenseVerdict:
    status: LicenseStatus
    licenses: list[str]  #: every licence the model is subject to
    classes: list[str]  #: their licence classes, in the same order
    conditions: list[Message]  #: obligations to surface (licence wording quoted)
    reason: Message | None = None  #: why it is not allowed (its code names the rule)

    @property
    def code(self) -> str | None:
        """The rule that refused it."""
        return None if self.reason is None else self.reason.code


@dataclass(frozen=True)
class Plan:
    """How a candidate would run for this team."""

    deployment: Literal["self_hosted", "api"]
    hardware_id: str | None = None
    hardware: str | None = None
    gpus: int | None = None
    replicas: int | None = None
    configuration: Configuration | None = None
    monthly_usd: float | None = None
    per_mtok_usd: float | None = None
    cost_basis: Message | None = None  #: "API list price", "rented (...)", "owned: ...", ...
    generated_tokens: float | None = None  #: per request: output + thinking
    reasoning_note: Message | None = None  #: the thinking-token assumption, when one applies
    notes: list[Message] = field(default_factory=list)

    @property
    def fit(self) -> Fit | None:
        """The hardware fit of the chosen configuration (None for APIs)."""
        return None if self.configuration is None else self.configuration.fit


@dataclass(frozen=True)
class Candidate:
    model: ModelRecord
    plan: Plan
    license: LicenseVerdict
    task_fits: list[TaskFit] = field(default_factory=list)  #: per task of the use case
    languages: list[LanguageSupport] = field(default_factory=list)  #: per required language
    flags: list[Reason] = field(default_factory=list)  #: warnings that do not exclude

    def flag(self, code: str) -> Reason | None:
        """Its flag with this code (``over_budget``, ``shutting_down``...), if raised."""
        return next((f for f in self.flags if f.code == code), None)


@dataclass(frozen=True)
class Exclusion:
    model_id: str
    details: list[Reason]

    @property
    def reasons(self) -> list[str]:
        return [r.text for r in self.details]

    @property
    def codes(self) -> list[str]:
        return [r.code for r in self.details]


@dataclass(frozen=True)
class Screening:
    candidates: list[Candidate]
    excluded: list[Exclusion]
    unverified: list[Exclusion]  #: a stated requirement depends on a fact that is unknown
    context_tokens: int  #: the context the estimates use
    context_stated: bool
    budget_usd: float | None


def _fully_open(model: ModelRecord) -> bool:
    """Weights, training code and data (information) all published: the OSI Open Source AI
    Definition's bar, which an OSI licence on the weights alone does not meet."""
    return bool(model.osi_open_source_ai or model.training_data_and_code_published)


def license_verdict(kb: KnowledgeBase, model: ModelRecord, q: Questionnaire) -> LicenseVerdict:
    """Allowed, allowed with conditions (listed, needs legal review), or not allowed (and why),
    over every licence the model is subject to. Memoised per knowledge base: the verdict
    depends only on the model and the licence answers."""
    key = (model.id, model.license, tuple(model.extra_licenses), q.license)
    memo = _VERDICTS.setdefault(kb, {})
    if key not in memo:
        memo[key] = _license_verdict(kb, model, q)
    return memo[key]


_VERDICTS: WeakKeyDictionary[KnowledgeBase, dict[Hashable, LicenseVerdict]] = WeakKeyDictionary()


def _license_verdict(kb: KnowledgeBase, model: ModelRecord, q: Questionnaire) -> LicenseVerdict:
    records = [kb.license(x) for x in [model.license, *model.extra_licenses]]
    ids = [r.id for r in records]
    classes: list[str] = [r.license_class for r in records]

    def refuse(code: str, **params: Any) -> LicenseVerdict:
        return LicenseVerdict("not_allowed", ids, classes, [], Message(code, params))

    for r in records:
        if r.license_class == "unlicensed":
            return refuse("license_unlicensed", name=r.name)
        if q.license.commercial_use and r.commercial_use == "no":
            return refuse("license_noncommercial", license=r.id, name=r.name)
        if q.license.commercial_use and r.conditions.non_production_only:
            return refuse("license_research_only", license=r.id)
        if q.license.require_open_source and not r.osi_approved:
            return refuse("license_not_osi", license=r.id)
    if q.license.require_open_source and not _fully_open(model):
        return refuse("open_weights_only")
    conditions = [c for r in records for c in _conditions(r)]
    conditional = any(r.commercial_use == "conditional" for r in records) or any(
        r.conditions.mau_cap
        or r.conditions.revenue_cap_usd
        or r.conditions.geographic_restriction
        or r.conditions.acceptable_use_policy
        or r.conditions.output_use_restriction
        for r in records
    )
    if conditional and not q.license.accept_conditions:
        return LicenseVerdict(
            "not_allowed",
            ids,
            classes,
            conditions,
            Message("license_conditions", {"licenses": "/".join(ids)}),
        )
    return LicenseVerdict("conditional" if conditional else "allowed", ids, classes, conditions)


def _conditions(r: LicenseRecord) -> list[Message]:
    """A licence's obligations; its own wording is kept as a quotation."""
    c = r.conditions
    items: list[tuple[str, dict[str, Any]] | None] = [
        ("cond_mau_cap", {"cap": c.mau_cap}) if c.mau_cap else None,
        ("cond_revenue_cap", {"cap": c.revenue_cap_usd}) if c.revenue_cap_usd else None,
        ("cond_attribution", {"text": c.attribution}) if c.attribution else None,
        ("cond_naming", {"text": c.naming_rule}) if c.naming_rule else None,
        ("cond_aup", {"url": c.acceptable_use_policy}) if c.acceptable_use_policy else None,
        ("cond_outputs", {"text": c.output_use_restriction}) if c.output_use_restriction else None,
        ("cond_geography", {"text": c.geographic_restriction})
        if c.geographic_restriction
        else None,
        ("cond_pass_on", {}) if c.restrictions_pass_on else None,
    ]
    return [Message(code, {"license": r.id, **params}) for code, params in filter(None, items)]


# ---------------------------------------------------------------------------------------------


def context_need(kb: KnowledgeBase, q: Questionnaire, tasks: list[str]) -> tuple[int, bool]:
    """The context the estimates use, and whether the user stated it (a hard requirement).

    Unstated: the largest typical context of the use case's tasks, at least one request's
    input plus output."""
    if q.workload.context_tokens is not None:
        return q.workload.context_tokens, True
    typical = [kb.tasks[t].typical_context_tokens or 0 for t in tasks if t in kb.tasks]
    request = q.workload.input_tokens + q.workload.output_tokens
    return max([request, *typical, 1024]), False


def _request_tokens(q: Questionnaire) -> int:
    return q.workload.input_tokens + q.workload.output_tokens


def _min_context(kb: KnowledgeBase, tasks: list[str]) -> int | None:
    """The context a task truly needs whatever the user says (e.g. long documents)."""
    needs = [kb.tasks[t].min_context_tokens for t in tasks if t in kb.tasks]
    known = [n for n in needs if n]
    return max(known) if known else None


def screen(
    kb: KnowledgeBase,
    q: Questionnaire,
    tasks: list[str],
    languages: list[str],
    *,
    today: date | None = None,
    budget_usd: float | None = None,
) -> Screening:
    """Apply every hard constraint; cheap checks first, the hardware fit last."""
    today = today or date.today()
    candidates: list[Candidate] = []
    excluded: list[Exclusion] = []
    unverified: list[Exclusion] = []
    context, stated = context_need(kb, q, tasks)
    workload = _workload(q)
    on_prem = _on_prem_hardware(kb, q)
    for model in kb.models:
        hard, unknown = _static_reasons(kb, model, q, tasks, languages, context, stated, today)
        verdict = license_verdict(kb, model, q)
        if verdict.status == "not_allowed" and verdict.reason:
            hard.append(Reason(verdict.reason.code, verdict.reason, _license_relax(verdict.code)))
        if hard:
            excluded.append(Exclusion(model.id, hard))
            continue
        if unknown:
            unverified.append(Exclusion(model.id, unknown))
            continue
        # an unstated context is an estimate, not a requirement: a model that does not fit at
        # the task's typical context may still run the requests at the least the task needs
        least = None if stated else max(_min_context(kb, tasks) or 0, _request_tokens(q))
        plan, why_not = _memoised_plan(kb, model, q, workload, on_prem, context)
        short_fit = None
        if plan is None and least is not None and least < context:
            smaller, _ = _memoised_plan(kb, model, q, workload, on_prem, least)
            if smaller is not None:
                longest = smaller.fit.max_context if smaller.fit is not None else None
                short_fit = _reason("short_context_fit", context=context, longest=longest or least)
                plan = replace(smaller, notes=[*smaller.notes, short_fit.message])
        if plan is None:
            assert why_not is not None
            # an unknown size is not a failure: whether it fits cannot be verified
            (unverified if why_not.code == "size_unknown" else excluded).append(
                Exclusion(model.id, [why_not])
            )
            continue
        over_budget = (
            budget_usd is not None
            and plan.monthly_usd is not None
            and plan.monthly_usd > budget_usd
        )
        if over_budget and q.budget_is_hard:
            excluded.append(
                Exclusion(
                    model.id,
                    [
                        _reason(
                            "over_budget",
                            "budget",
                            monthly_usd=plan.monthly_usd,
                            budget_usd=budget_usd,
                        )
                    ],
                )
            )
            continue
        fits = [task_fit(kb, model, t) for t in tasks]
        supports = [language_support(kb, model, lang) for lang in _language_scope(model, languages)]
        flags = _flags(model, plan, today)
        if over_budget:
            assert plan.monthly_usd is not None and budget_usd is not None
            flags.append(
                _reason(
                    "over_budget",
                    "budget",
                    say="over_budget_flag",
                    monthly_usd=plan.monthly_usd,
                    budget_usd=budget_usd,
                )
            )
        if short_fit is not None:
            flags.append(short_fit)
        limit, via = context_length(kb, model)
        if via is not None and limit is not None:
            flags.append(_reason("context_inherited", limit=limit, via=via))
        candidates.append(Candidate(model, plan, verdict, fits, supports, flags))
    return Screening(candidates, excluded, unverified, context, stated, budget_usd)


def _license_relax(code: str | None) -> str | None:
    return {
        "license_conditions": "license.accept_conditions",
        "license_noncommercial": "license.commercial_use",
        "license_research_only": "license.commercial_use",
        "license_not_osi": "license.require_open_source",
        "open_weights_only": "license.require_open_source",
    }.get(code or "")


def _language_scope(model: ModelRecord, languages: list[str]) -> list[str]:
    """The required languages that bear on this kind of model (an image generator's prompt
    language is not screened)."""
    if model.category == "image_generation":
        return []
    return languages


def _static_reasons(
    kb: KnowledgeBase,
    model: ModelRecord,
    q: Questionnaire,
    tasks: list[str],
    languages: list[str],
    context: int,
    stated: bool,
    today: date,
) -> tuple[list[Reason], list[Reason]]:
    """(reasons that exclude, unknowns that block a stated requirement)."""
    hard: list[Reason] = []
    unknown: list[Reason] = []
    primary = kb.tasks.get(tasks[0])
    if primary is not None:
        mismatch = modality_mismatch(model, primary)
        if mismatch:
            hard.append(Reason("task_modality", mismatch))
    is_api = model.api is not None
    if is_api and q.deployment in ("on_prem", "private_cloud"):
        hard.append(
            _reason(
                "api_not_allowed",
                "deployment",
                where=Message(f"where_{q.deployment}"),
                deployment=q.deployment,
            )
        )
    if not is_api and q.deployment == "api_only":
        hard.append(_reason("self_hosting_not_wanted", "deployment"))
    hard += _lifecycle_reasons(model, today)
    origin_hard, origin_unknown = _origin_reasons(kb, model, q)
    hard += origin_hard
    unknown += origin_unknown
    if is_api:
        api_hard, api_unknown = _data_handling_reasons(model, q)
        hard += api_hard
        unknown += api_unknown
    for lang in _language_scope(model, languages):
        support = language_support(kb, model, lang)
        if support.basis == "unsupported":
            listed = model.languages.get(lang) != "none"
            hard.append(
                _reason(
                    "language_unsupported",
                    say=None if listed else "language_unsupported_stated",
                    language=lang,
                    listed=sorted(model.languages),
                )
            )
        elif q.documented_languages_only and support.basis != "documented":
            hard.append(
                _reason(
                    "language_undocumented",
                    "documented_languages_only",
                    say="language_undocumented_via" if support.via else None,
                    language=lang,
                    basis=support.basis,
                    via=support.via,
                )
            )
    text_model = model.category in ("llm", "vlm", "embedding")
    need = context if stated else _min_context(kb, tasks)
    limit, via = context_length(kb, model)
    if need is not None and text_model:
        if limit is None:
            if stated:
                unknown.append(_reason("context_unknown", "workload.context_tokens", needed=need))
        elif need > limit:
            say = "context_too_short_base" if via else None if stated else "context_too_short_task"
            hard.append(
                _reason(
                    "context_too_short",
                    "workload.context_tokens" if stated else None,
                    say=say,
                    needed=need,
                    limit=limit,
                    via=via,
                    task=tasks[0],
                )
            )
    return hard, unknown


def _lifecycle_reasons(model: ModelRecord, today: date) -> list[Reason]:
    say = "retired_successor" if model.successor else None
    if model.status == "retired":
        return [
            _reason(
                "retired",
                say=say,
                retired_on=str(model.retired_on),
                successor=model.successor,
            )
        ]
    if (
        model.status == "deprecated"
        and model.shutdown_on is not None
        and model.shutdown_on <= today
    ):
        return [
            _reason(
                "retired",
                say=say,
                retired_on=str(model.shutdown_on),
                successor=model.successor,
            )
        ]
    return []


def _flags(model: ModelRecord, plan: Plan, today: date) -> list[Reason]:
    """Warnings shown with a candidate; they penalise (maturity) but do not exclude."""
    flags: list[Reason] = []
    if model.status == "deprecated":
        move = "_successor" if model.successor else ""
        shutdown = None if model.shutdown_on is None else str(model.shutdown_on)
        if model.shutdown_on is not None:
            days = (model.shutdown_on - today).days
            if days <= SHUTDOWN_WARNING_DAYS:
                flags.append(
                    _reason(
                        "shutting_down",
                        say="shutting_down" + move,
                        shutdown_on=shutdown,
                        days=days,
                        successor=model.successor,
                    )
                )
            else:
                flags.append(
                    _reason(
                        "deprecated",
                        say="deprecated_dated" + move,
                        shutdown_on=shutdown,
                        successor=model.successor,
                    )
                )
        else:
            flags.append(_reason("deprecated", say="deprecated" + move, successor=model.successor))
    config = plan.configuration
    if config is not None and config.meets_target is False:
        flags.append(
            _reason(
                "misses_latency_target",
                say=None if config.target_s is not None else "slower_than_reading",
            )
        )
    return flags


def _excluded_names(q: Questionnaire) -> set[str]:
    return {x.strip().lower() for x in q.exclude_providers}


def _origin_reasons(
    kb: KnowledgeBase, model: ModelRecord, q: Questionnaire
) -> tuple[list[Reason], list[Reason]]:
    """Provider and country-of-origin exclusions, over the model and the models it was tuned
    from (a fine-tune of an excluded maker's model is that maker's work too)."""
    names = _excluded_names(q)
    countries = set(q.exclude_countries)
    if not names and not countries:
        return [], []
    hard: list[Reason] = []
    unknown: list[Reason] = []
    lineage = [model, *base_chain(kb, model)]
    if model.api is not None and model.api.provider.lower() in names:
        hard.append(_reason("provider_excluded", "exclude_providers", provider=model.api.provider))
    makers: list[tuple[str, str | None, Any]] = []  # (creator label, base id or None, maker)
    for i, m in enumerate(lineage):
        makers.append((m.creator, None if i == 0 else m.id, kb.maker(m.creator)))
    root = lineage[-1].base_model
    if root is not None and kb.get_model(root) is None:
        # a base checkpoint that is not catalogued: its Hugging Face organisation says whose
        maker = kb.maker_of_repo(root)
        makers.append((maker.name if maker else root, root, maker))
    for creator, base, maker in makers:
        labels = {creator.lower()} | (
            {maker.id, maker.name.lower(), *(a.lower() for a in maker.aliases)} if maker else set()
        )
        if labels & names:
            hard.append(
                _reason(
                    "provider_excluded",
                    "exclude_providers",
                    say="base_maker_excluded" if base else "maker_excluded",
                    maker=creator,
                    base=base,
                )
            )
        if countries:
            if maker is None or maker.country is None:
                unknown.append(
                    _reason("origin_unknown", "exclude_countries", maker=creator, base=base)
                )
            elif maker.country in countries:
                hard.append(
                    _reason(
                        "origin_excluded",
                        "exclude_countries",
                        say="base_origin_excluded" if base else None,
                        maker=maker.name,
                        country=maker.country.upper(),
                        base=base,
                    )
                )
    return hard, unknown


def _data_handling_reasons(
    model: ModelRecord, q: Questionnaire
) -> tuple[list[Reason], list[Reason]]:
    assert model.api is not None
    hard: list[Reason] = []
    unknown: list[Reason] = []
    handling = model.api.data_handling
    if q.data_residency:
        regions = set(handling.regions) if handling is not None else set()
        wanted = set(q.data_residency)
        if not regions:
            unknown.append(
                _reason(
                    "residency_unknown",
                    "data_residency",
                    provider=model.api.provider,
                    regions=list(q.data_residency),
                )
            )
        elif not regions & wanted:
            hard.append(
                _reason(
                    "residency",
                    "data_residency",
                    wanted=list(q.data_residency),
                    regions=sorted(regions),
                )
            )
    if q.zero_retention:
        available = handling.zero_retention_available if handling is not None else None
        if available is None:
            unknown.append(
                _reason("retention_unknown", "zero_retention", provider=model.api.provider)
            )
        elif not available:
            hard.append(_reason("retention", "zero_retention", provider=model.api.provider))
    return hard, unknown


def _workload(q: Questionnaire) -> Workload:
    w = q.workload
    return Workload(
        requests_per_day=w.requests_per_day,
        input_tokens=w.input_tokens,
        output_tokens=w.output_tokens,
        latency_priority="high"
        if w.latency_p95_s is not None and w.latency_p95_s <= 2
        else "medium",
        audio_seconds=(w.audio_minutes_per_request or 0.0) * 60,
    )


def _on_prem_hardware(
    kb: KnowledgeBase, q: Questionnaire
) -> tuple[HardwareProfile, HardwareRecord | None] | None:
    """The user's own hardware when self-hosting may use it (on_prem, or 'any' with hardware
    given: then self-hosted plans run on it rather than on rentals)."""
    if q.hardware is None or q.deployment not in ("on_prem", "any"):
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


#: Plans per knowledge base: a plan depends only on the model record, the workload, the
#: hardware and the target, and the same ones recur across questionnaires (and wizard reruns).
_PLANS: WeakKeyDictionary[KnowledgeBase, dict[Hashable, tuple[Plan | None, Reason | None]]] = (
    WeakKeyDictionary()
)


def _memoised_plan(
    kb: KnowledgeBase,
    model: ModelRecord,
    q: Questionnaire,
    workload: Workload,
    on_prem: tuple[HardwareProfile, HardwareRecord | None] | None,
    context: int,
) -> tuple[Plan | None, Reason | None]:
    key = (
        model.model_dump_json(),
        workload,
        context,
        q.workload.concurrency,
        q.workload.latency_p95_s,
        q.deployment,
        None if on_prem is None else (on_prem[0], on_prem[1] and on_prem[1].id),
    )
    memo = _PLANS.setdefault(kb, {})
    if key not in memo:
        memo[key] = _plan(kb, model, q, workload, on_prem, context)
    return memo[key]


def _plan(
    kb: KnowledgeBase,
    model: ModelRecord,
    q: Questionnaire,
    workload: Workload,
    on_prem: tuple[HardwareProfile, HardwareRecord | None] | None,
    context: int,
) -> tuple[Plan | None, Reason | None]:
    ratio, ratio_note = reasoning_ratio(model)
    generated = workload.output_tokens * (1 + ratio)
    thinking = workload if not ratio else _with_output(workload, round(generated))
    if model.api is not None:
        try:
            cost = api_cost(model, thinking)
        except PriceUnavailableError as exc:
            return Plan(
                "api",
                generated_tokens=generated,
                reasoning_note=ratio_note,
                notes=[Message("note_cost_unknown", {"why": str(exc)})],
            ), None
        return Plan(
            "api",
            monthly_usd=cost.monthly_usd,
            per_mtok_usd=cost.per_mtok_usd,
            cost_basis=Message("cost_basis_api"),
            generated_tokens=generated,
            reasoning_note=ratio_note,
            notes=cost.notes,
        ), None
    if model.total_params_b is None:
        return None, _reason("size_unknown", say="size_unknown_params")
    concurrency = q.workload.concurrency
    target = q.workload.latency_p95_s

    def configured(profile: HardwareProfile) -> Configuration:
        hw = q.hardware
        # a runtime only when the questionnaire names one: the generic estimate otherwise
        runtime = resolve_runtime(kb, profile, hw.runtime) if hw and hw.runtime else None
        return configure(
            model,
            profile,
            context=context,
            concurrency=concurrency,
            prompt_tokens=workload.input_tokens,
            generated_tokens=generated,
            target_s=target,
            runtime=runtime,
            kv_dtype=hw.kv_dtype if hw else None,
            used_context=min(context, workload.input_tokens + round(generated)),
            community=community_calibration(),
        )

    if on_prem is not None:
        profile, record = on_prem
        config = configured(profile)
        if not config.fit.fits:
            memory = config.fit.short_of_memory
            return None, _reason(
                "does_not_fit",
                "hardware",
                say="does_not_fit_memory" if memory else None,
                why=config.fit.reason_message or config.fit.reason or "does not fit",
                hardware=profile.name,
                context=context,
                memory_gb=config.fit.memory_gb,
                usable_gb=config.fit.usable_gb,
            )
        plan = Plan(
            "self_hosted",
            hardware_id=profile.hardware_id,
            hardware=profile.name,
            gpus=profile.devices,
            configuration=config,
            generated_tokens=generated,
            reasoning_note=ratio_note,
            cost_basis=Message("cost_basis_owned_unknown"),
        )
        if record is None:
            return plan, None
        try:
            hosting = hosting_plan(
                model, record, gpus=profile.devices, basis="owned", fit=config.fit
            )
            own = price_plan(model, hosting, thinking)
        except EstimateError:
            return plan, None
        basis = (
            Message("cost_basis_owned", {"months": 36})
            if own.monthly_usd is not None
            else Message("cost_basis_owned_unknown")
        )
        return _self_hosted(own, config, basis, plan), None
    private = q.deployment == "private_cloud"
    options = priced_hardware(kb, model, context=context, concurrency=concurrency, private=private)
    if not options:
        return None, _reason(
            "no_priced_hardware",
            "deployment" if private else None,
            say="no_dedicated_rental" if private else "no_rental",
            context=context,
        )
    # Prefer the cheapest option that meets the target at 4-bit quality or better; accept a
    # heavier quantisation only when no such option exists; failing both, the cheapest that fits.
    chosen: tuple[HostingPlan, Configuration] | None = None
    heavy: tuple[HostingPlan, Configuration] | None = None
    fallback: tuple[HostingPlan, Configuration] | None = None
    for option in options[:_RENTAL_OPTIONS]:
        config = configured(HardwareProfile.from_record(option.hardware, count=option.gpus))
        if not config.fit.fits:
            continue
        fallback = fallback or (option, config)
        if config.meets_target is False:
            continue
        if config.fit.quality_loss <= _ACCEPTABLE_LOSS:
            chosen = (option, config)
            break
        heavy = heavy or (option, config)
    chosen = chosen or heavy
    chosen = chosen or fallback
    if chosen is None:
        return None, _reason("no_priced_hardware", say="no_rental_fits")
    option, config = chosen
    try:
        # the plan runs the configuration chosen for this team, not the generic best fit
        own = price_plan(model, replace(option, fit=config.fit), thinking)
    except EstimateError as exc:
        return None, _reason("no_priced_hardware", why=str(exc))
    price = rental_price(option.hardware, private=private)
    offering = (price.offering if price else None) or "rental"
    basis = (
        Message("cost_basis_rented_vendor", {"offering": offering, "vendor": price.vendor})
        if price and price.vendor
        else Message("cost_basis_rented", {"offering": offering})
    )
    blank = Plan("self_hosted", generated_tokens=generated, reasoning_note=ratio_note)
    return _self_hosted(own, config, basis, blank), None


def _self_hosted(own: HostingPlan, config: Configuration, basis: Message, plan: Plan) -> Plan:
    """``plan`` running ``config`` on the priced hosting plan ``own``."""
    return replace(
        plan,
        hardware_id=own.hardware_id,
        hardware=own.name,
        gpus=own.gpus,
        replicas=own.replicas,
        configuration=config,
        monthly_usd=own.monthly_usd,
        per_mtok_usd=own.per_mtok_usd,
        cost_basis=basis,
        notes=own.notes,
    )


def _with_output(workload: Workload, output_tokens: int) -> Workload:
    return replace(workload, output_tokens=max(1, output_tokens))
