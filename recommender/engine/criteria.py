"""Criteria: each maps a candidate to a value in [0, 1] over bounds fixed here, never the
min/max of the current candidates, so adding or removing a model cannot reorder the others.

The value functions satisfice where an expert does (../shared/reference/decision-analysis.md):

- quality leads, as an estimate with an uncertainty (:mod:`.quality`);
- speed scores against the latency target: meeting it is what matters, beyond it nothing is
  gained; missing it by a factor f costs log10(f) (10x too slow: 0);
- memory headroom matters only as a safety margin (10% of usable memory free is enough);
- licence friction and maturity are small tie-breakers unless the user raises them; accepted
  licence conditions cost nothing by default;
- a value nobody knows (an API's speed with no published figure, a cost without a price) is
  ``unknown``: the criterion is left out of that candidate's weighted sum, with the weights of
  the others rescaled, never a made-up middle value.

A criterion registers itself with :func:`criterion`; the engine weighs every registered one.
Each returns its value and where the value comes from (catalog / estimated / measured / unknown).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..estimate.configure import default_target
from ..kb.schema import BenchmarkRecord, TaskRecord
from ..messages import Message
from .quality import QualityEstimate, estimate_quality
from .screening import Candidate

__all__ = [
    "CRITERIA",
    "LANGUAGE_LEVELS",
    "Context",
    "Criterion",
    "Value",
    "answer_time",
    "criterion",
    "fit_value",
    "quality_of",
    "speed_of",
    "speed_value",
]


@dataclass(frozen=True)
class Context:
    """What the value functions need beyond the candidate."""

    tasks: list[str]
    languages: list[str]
    latency_target_s: float | None
    output_tokens: int
    semantic: dict[str, float]  #: model id -> use-case fit 0..1 (empty: not computed)
    benchmarks: Mapping[str, BenchmarkRecord] = field(default_factory=dict)  #: by id
    task_records: Mapping[str, TaskRecord] = field(default_factory=dict)  #: by id
    language_weights: Mapping[str, float] | None = None  #: share of traffic per language
    input_tokens: int = 600
    domain: str | None = None  #: the use case's domain, when the text names one
    #: quality estimates computed for this ranking, by model id (the criterion and the engine's
    #: floor, tie and report all read the same one)
    qualities: dict[str, QualityEstimate] = field(default_factory=dict)


@dataclass(frozen=True)
class Value:
    value: float  #: 0..1, higher is better
    evidence: str  #: "catalog", "estimated", "measured" or "unknown"
    message: Message  #: the figure behind the value, for the report

    @property
    def detail(self) -> str:
        """The figure behind the value, in English."""
        return self.message.text


@dataclass(frozen=True)
class Criterion:
    name: str
    description: str
    function: Callable[[Candidate, Context], Value]


CRITERIA: dict[str, Criterion] = {}


def criterion(
    name: str, description: str
) -> Callable[[Callable[[Candidate, Context], Value]], Callable[[Candidate, Context], Value]]:
    def register(
        fn: Callable[[Candidate, Context], Value],
    ) -> Callable[[Candidate, Context], Value]:
        CRITERIA[name] = Criterion(name, description, fn)
        return fn

    return register


def _log_scale(x: float, low: float, high: float) -> float:
    """0 at ``low``, 1 at ``high``, logarithmic between, clipped."""
    return min(1.0, max(0.0, math.log10(x / low) / math.log10(high / low)))


def quality_of(c: Candidate, ctx: Context) -> QualityEstimate:
    """The quality estimate of a candidate (its evidence, prior, interval and floor), computed
    once per ranking."""
    found = ctx.qualities.get(c.model.id)
    if found is None:
        found = ctx.qualities[c.model.id] = _estimate(c, ctx)
    return found


def _estimate(c: Candidate, ctx: Context) -> QualityEstimate:
    fit = c.plan.fit
    return estimate_quality(
        c.model,
        tasks=ctx.tasks,
        languages=ctx.languages,
        benchmarks=ctx.benchmarks,
        task_records=ctx.task_records,
        task_fits=c.task_fits,
        per_mtok_usd=c.plan.per_mtok_usd if c.model.api is not None else None,
        quality_loss=fit.quality_loss if fit is not None else 0.0,
        quantization=fit.quantization if fit is not None else None,
        domain=ctx.domain,
    )


#: How much of the quality interval's half-width is subtracted before ranking: a decision
#: maker who must defend the choice prefers a model whose quality is shown by published scores
#: to one whose equal point estimate rests on a prior.
RISK_AVERSION = 0.5


@criterion(
    "quality",
    "Expected task quality, an estimate with an interval: published benchmark scores that "
    "inform the task (benchmarks.yaml says which, and how much), each mapped to 0..1 over fixed "
    "bounds, weighed against a prior from size and release date (open models) or list price "
    "and release date (API models); scaled down for tasks the model does not declare and for "
    "quantisation. Ranked on the estimate minus half the interval's half-width, so thin "
    "evidence costs a little.",
)
def _quality(c: Candidate, ctx: Context) -> Value:
    q = quality_of(c, ctx)
    evidence = "catalog" if q.scores else "estimated"
    ranked = max(0.0, q.value - RISK_AVERSION * q.half_width)
    detail = Message(
        "value_quality",
        {
            "value": q.value,
            "low": q.low,
            "high": q.high,
            "basis": q.basis_message,
            "detail": q.detail_message,
        },
    )
    return Value(ranked, evidence, detail)


#: Language support level -> value; inherited support counts 0.9 of documented support.
LANGUAGE_LEVELS = {"strong": 1.0, "good": 0.75, "basic": 0.4}
_INHERITED = 0.9
_UNKNOWN_LANGUAGE = 0.25
#: A language with published benchmark scores counts at least this much whatever its label.
_TESTED_LANGUAGE = 0.9


@criterion(
    "language",
    "Support for the required languages: documented strong 1, good 0.75, basic 0.4; inherited "
    "from the base model x0.9; undocumented 0.25; at least 0.9 with published benchmark scores "
    "in the language. The weakest language decides, or the "
    "traffic-weighted mean when shares are given ('mainly Japanese, some English').",
)
def _language(c: Candidate, ctx: Context) -> Value:
    if not c.languages:
        return Value(1.0, "catalog", Message("value_no_language"))
    values = {}
    tested = _tested_languages(c, ctx)
    for s in c.languages:
        if s.level is None:
            values[s.language] = _UNKNOWN_LANGUAGE
        else:
            values[s.language] = LANGUAGE_LEVELS[s.level] * (
                _INHERITED if s.basis == "inherited" else 1.0
            )
        if s.language in tested:  # published scores in the language show it works
            values[s.language] = max(values[s.language], _TESTED_LANGUAGE)
    weights = ctx.language_weights
    if weights:
        total = sum(weights.get(lang, 0.0) for lang in values) or 1.0
        value = sum(v * weights.get(lang, 0.0) for lang, v in values.items()) / total
    else:
        value = min(values.values())
    supports = [s.message for s in c.languages]
    if tested:
        supports.append(Message("value_language_tested", {"languages": sorted(tested)}))
    return Value(value, "catalog", Message("value_language", {"supports": supports}))


def _tested_languages(c: Candidate, ctx: Context) -> set[str]:
    """Required languages in which the model has published benchmark scores."""
    found: set[str] = set()
    for score in c.model.benchmarks:
        bench = ctx.benchmarks.get(score.benchmark)
        if bench is not None:
            found |= set(bench.languages) & {s.language for s in c.languages}
    return found


@criterion(
    "cost",
    "Monthly cost at the stated volume (thinking tokens included), log scale: $10 -> 1, "
    "$100,000 -> 0; 0 above a stated budget. Unknown cost is left out of the score.",
)
def _cost(c: Candidate, ctx: Context) -> Value:
    monthly = c.plan.monthly_usd
    if monthly is None:
        return Value(0.0, "unknown", Message("value_cost_unknown"))
    over = c.flag("over_budget")
    if over is not None:
        return Value(0.0, "estimated", over.message)
    return Value(
        1 - _log_scale(max(monthly, 10.0), 10, 100_000),
        "estimated",
        Message(
            "value_cost",
            {"monthly_usd": monthly, "basis": c.plan.cost_basis or Message("cost_basis_estimate")},
        ),
    )


def speed_value(answer_s: float, target_s: float) -> float:
    """1 when the answer comes within the target; a factor f too slow costs log10(f)."""
    return 1.0 if answer_s <= target_s else max(0.0, 1 - math.log10(answer_s / target_s))


def answer_time(ttft_s: float | None, generated_tokens: float, tokens_per_s: float) -> float:
    """Seconds for a full answer from a time to first token and a decode speed."""
    return (ttft_s or 0.0) + generated_tokens / tokens_per_s


def speed_of(
    answer_s: float,
    generated_tokens: float,
    ctx: Context,
    evidence: str,
    code: str,
    params: Mapping[str, object],
) -> Value:
    """The speed value of an answer taking ``answer_s`` against the team's latency target, or
    against the default target for ``generated_tokens`` when none is stated (the message's code
    then ends in ``_assumed``). ``params`` fill the message beside the answer time and target.
    The engine's estimates and a validation run's measurements both score speed here."""
    target = ctx.latency_target_s or default_target(generated_tokens)
    return Value(
        speed_value(answer_s, target),
        evidence,
        Message(
            code if ctx.latency_target_s else f"{code}_assumed",
            {"answer_s": answer_s, **params, "target_s": target},
        ),
    )


@criterion(
    "speed",
    "Time for a full answer (time to first token + output and thinking tokens at the slow end "
    "of the decode estimate; APIs from published speed figures) against the latency target: 1 "
    "when met, minus log10 of how many times too slow otherwise. Without a target, the answer "
    "at reading speed (10 tokens/s) plus 30 s for the prompt. Unknown speed is left out.",
)
def _speed(c: Candidate, ctx: Context) -> Value:
    generated = c.plan.generated_tokens or float(ctx.output_tokens)
    if c.model.api is not None:
        perf = c.model.api.performance
        if perf is None or perf.output_tokens_per_s is None:
            return Value(0.0, "unknown", Message("value_speed_unpublished"))
        return speed_of(
            answer_time(perf.ttft_s, generated, perf.output_tokens_per_s),
            generated,
            ctx,
            "catalog",
            "value_speed_api",
            {"tokens_per_s": perf.output_tokens_per_s, "source": f"{perf.source}, {perf.as_of}"},
        )
    config = c.plan.configuration
    fit = c.plan.fit
    if config is None or config.answer_s is None or fit is None or not fit.decode_tokens_per_s:
        return Value(0.0, "unknown", Message("value_speed_unknown"))
    evidence = "measured" if fit.calibrated else "estimated"
    return speed_of(
        config.answer_s,
        generated,
        ctx,
        evidence,
        "value_speed",
        {"quantization": fit.quantization},
    )


@criterion(
    "fit",
    "Memory headroom as a safety margin: 10% or more of usable memory free scores 1, a tight "
    "fit 0.6; APIs 1 (the provider's hardware).",
)
def _fit(c: Candidate, ctx: Context) -> Value:
    fit = c.plan.fit
    if fit is None:
        return Value(1.0, "catalog", Message("value_fit_api"))
    return Value(
        fit_value(fit.headroom_gb, fit.usable_gb),
        "estimated",
        Message("value_fit", {"headroom_gb": fit.headroom_gb}),
    )


def fit_value(headroom_gb: float, usable_gb: float) -> float:
    """Headroom as a safety margin: 10% of usable memory free or more is 1, none 0.6."""
    share = max(headroom_gb, 0.0) / max(usable_gb, 1e-9)
    return min(1.0, 0.6 + 4 * share)


_OPENNESS = {
    "osi_permissive": 1.0,
    "osi_copyleft": 0.9,
    "open_rail": 0.7,
    "community_restricted": 0.5,
    "noncommercial": 0.3,
    "proprietary_api": 0.0,
    "unlicensed": 0.0,
}


#: Weights alone, however permissive their licence, are not the whole of openness: the training
#: data and code are what make a model reproducible and inspectable (OSI Open Source AI).
_WEIGHTS_ONLY = 0.8


@criterion(
    "openness",
    "Licence class (OSI permissive 1, copyleft 0.9, RAIL 0.7, community 0.5, non-commercial 0.3, "
    "API 0), x 0.8 when only the weights are published (training data and code not); 1 for "
    "models meeting the OSI Open Source AI Definition. Counts only when the user asks for "
    "openness.",
)
def _openness(c: Candidate, ctx: Context) -> Value:
    if c.model.osi_open_source_ai:
        return Value(1.0, "catalog", Message("value_open_source_ai"))
    # the most restrictive licence the model is subject to decides
    worst = min(c.license.classes, key=lambda cls: _OPENNESS[cls])
    if c.model.training_data_and_code_published:
        return Value(
            _OPENNESS[worst], "catalog", Message("value_open_data", {"license_class": worst})
        )
    return Value(
        _OPENNESS[worst] * _WEIGHTS_ONLY,
        "catalog",
        Message("value_open_weights", {"license_class": worst}),
    )


@criterion(
    "license_friction",
    "Allowed 1; allowed with conditions 0.6. Counts only when the user raises it: conditions "
    "the user has accepted cost nothing by default.",
)
def _license_friction(c: Candidate, ctx: Context) -> Value:
    value = 1.0 if c.license.status == "allowed" else 0.6
    n = len(c.license.conditions)
    return Value(value, "catalog", Message(f"value_license_{c.license.status}", {"conditions": n}))


@criterion(
    "maturity",
    "Lifecycle: current 1, superseded 0.6, deprecated 0.4, shutting down within six months 0.1.",
)
def _maturity(c: Candidate, ctx: Context) -> Value:
    status = c.model.status
    shutting = c.flag("shutting_down")
    if shutting is not None:
        return Value(0.1, "catalog", shutting.message)
    value = {"current": 1.0, "superseded": 0.6, "deprecated": 0.4}.get(status, 0.0)
    code = "value_status_successor" if c.model.successor else "value_status"
    detail = Message(code, {"status": status, "successor": c.model.successor})
    return Value(value, "catalog", detail)


@criterion(
    "semantic_match",
    "How well the model's description and declared specialisations fit the use case "
    "(0.6 x semantic fit of the embeddings, measured against a background, + 0.4 x domain "
    "match).",
)
def _semantic(c: Candidate, ctx: Context) -> Value:
    if c.model.id not in ctx.semantic:
        return Value(0.0, "unknown", Message("value_not_computed"))
    score = ctx.semantic[c.model.id]
    return Value(score, "estimated", Message("value_semantic", {"score": score}))
