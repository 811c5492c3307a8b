"""Criteria: each maps a candidate to a value in [0, 1] over bounds fixed here, never the
min/max of the current candidates, so adding or removing a model cannot reorder the others.

A criterion registers itself with :func:`criterion`; the engine weighs every registered one.
Each returns its value and where the value comes from (catalog / estimated / unknown).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..kb.schema import BenchmarkRecord
from .screening import Candidate

__all__ = [
    "CRITERIA",
    "Context",
    "Criterion",
    "Value",
    "benchmark_evidence",
    "criterion",
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


@dataclass(frozen=True)
class Value:
    value: float  #: 0..1, higher is better
    evidence: str  #: "catalog", "estimated" or "unknown"
    detail: str  #: the figure behind the value, for the report


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


#: Parameter counts (billions) that map to 0 and 1 in the size prior, by kind of model: a 1.5B
#: speech model is large for its kind, a 1.5B chat model small.
_SIZE_BOUNDS = {
    "speech_to_text": (0.03, 2.0),
    "text_to_speech": (0.05, 2.0),
    "embedding": (0.02, 1.0),
    "image_generation": (0.5, 15.0),
}


def benchmark_evidence(c: Candidate, ctx: Context) -> tuple[float, list[str]] | None:
    """Relevance-weighted mean of the model's published scores that inform the tasks, each
    mapped to 0..1 over the benchmark's fixed bounds (``knowledge/benchmarks.yaml``); None
    without relevant scores. A benchmark of another language counts only when that language is
    needed; one of a domain (medical) only for models of that domain."""
    values, weights, used = [], [], []
    for b in c.model.benchmarks:
        bench = ctx.benchmarks.get(b.benchmark)
        if bench is None:
            continue
        if bench.languages and not set(bench.languages) & set(ctx.languages):
            continue
        if bench.domain is not None and bench.domain not in c.model.domains:
            continue
        relevance = max(
            [bench.informs.get(t, 0.0) for t in ctx.tasks] + [bench.informs.get("general", 0.0)]
        )
        if relevance <= 0:
            continue
        values.append(bench.normalise(b.value))
        weights.append(relevance)
        used.append(f"{bench.name} {b.value:g}")
    if not values:
        return None
    return sum(v * w for v, w in zip(values, weights, strict=True)) / sum(weights), used


@criterion(
    "quality",
    "Expected task quality: published benchmark scores that inform the task (benchmarks.yaml "
    "says which, and how much), each mapped to 0..1 over fixed bounds, their relevance-weighted "
    "mean averaged with equal weight to a prior; without relevant scores the prior alone. "
    "Prior: open models by parameter count on a log scale (LLMs 0.5B -> 0, 700B -> 1; "
    "speech 0.03B-2B, embeddings 0.02B-1B, image 0.5B-15B; mixture-of-experts at the "
    "geometric mean of total and active), API models by list price (a weak proxy for tier: "
    "$0.1 -> 0.4, $75 per 1M tokens -> 1). Reasoning variants +0.1 on maths, code and agent "
    "tasks; superseded models -0.15; times (1 - expected quality loss of quantising).",
)
def _quality(c: Candidate, ctx: Context) -> Value:
    m = c.model
    if m.api is not None:
        price = c.plan.per_mtok_usd
        if price is None:
            return Value(0.6, "unknown", "API model without a price: middle prior")
        v = 0.4 + 0.6 * _log_scale(max(price, 1e-6), 0.1, 75)
        detail = f"API tier from ${price:.2f} per 1M tokens"
    else:
        assert m.total_params_b is not None
        size = m.total_params_b
        if m.active_params_b:
            size = math.sqrt(m.total_params_b * m.active_params_b)
        low, high = _SIZE_BOUNDS.get(m.category, (0.5, 700))
        v = _log_scale(size, low, high)
        detail = f"size prior: {size:.3g}B effective parameters"
    evidence = "estimated"
    found = benchmark_evidence(c, ctx)
    if found is not None:
        score, used = found
        v = 0.5 * v + 0.5 * score
        evidence = "catalog"
        detail += f"; benchmarks {score:.2f} ({', '.join(used)})"
    if m.variant == "reasoning" and set(ctx.tasks) & {
        "math_reasoning",
        "code_generation",
        "agents_tool_use",
    }:
        v += 0.1
    if m.status == "superseded":
        v -= 0.15
    if c.plan.fit is not None:
        v *= 1 - c.plan.fit.quality_loss
        if c.plan.fit.quality_loss:
            detail += f"; {c.plan.fit.quantization} costs ~{c.plan.fit.quality_loss:.0%}"
    return Value(min(1.0, max(0.0, v)), evidence, detail)


_LEVEL = {"strong": 1.0, "good": 0.7, "basic": 0.3}


@criterion("language", "Support for the weakest required language: strong 1, good 0.7, basic 0.3.")
def _language(c: Candidate, ctx: Context) -> Value:
    if not ctx.languages or c.model.category in ("image_generation", "text_to_speech"):
        return Value(1.0, "catalog", "no language requirement applies")
    levels = [_LEVEL.get(c.model.languages.get(lang, ""), 0.0) for lang in ctx.languages]
    worst = min(levels)
    return Value(
        worst,
        "catalog",
        ", ".join(f"{lang}: {c.model.languages.get(lang, 'unknown')}" for lang in ctx.languages),
    )


@criterion("cost", "Monthly cost at the stated volume, log scale: $10 -> 1, $100,000 -> 0.")
def _cost(c: Candidate, ctx: Context) -> Value:
    monthly = c.plan.monthly_usd
    if monthly is None:
        return Value(0.5, "unknown", "cost unknown")
    return Value(
        1 - _log_scale(max(monthly, 10.0), 10, 100_000), "estimated", f"${monthly:,.0f} per month"
    )


@criterion(
    "speed",
    "Self-hosted: time for a full answer (TTFT + output / decode speed, the slow end of the "
    "estimate) against the latency target (1 when within it, target/time beyond), or without a "
    "target decode speed on a log scale (5 -> 0, 100 tokens/s -> 1). API: unknown, 0.5.",
)
def _speed(c: Candidate, ctx: Context) -> Value:
    fit = c.plan.fit
    if fit is None or fit.decode_tokens_per_s is None:
        return Value(0.5, "unknown", "speed unknown")
    slow = fit.decode_tokens_per_s[0]
    ttft = fit.ttft_s[1] if fit.ttft_s else 0.0
    answer_s = ttft + ctx.output_tokens / slow
    evidence = "measured" if fit.calibrated else "estimated"
    if ctx.latency_target_s is not None:
        v = min(1.0, ctx.latency_target_s / answer_s)
        return Value(v, evidence, f"~{answer_s:.1f} s per answer vs {ctx.latency_target_s:g} s")
    return Value(_log_scale(slow, 5, 100), evidence, f"{slow:.0f}+ tokens/s")


@criterion("fit", "Memory headroom: headroom / usable memory, 0 -> 0 and 40% or more -> 1; API 1.")
def _fit(c: Candidate, ctx: Context) -> Value:
    fit = c.plan.fit
    if fit is None:
        return Value(1.0, "catalog", "runs on the provider's hardware")
    share = max(fit.headroom_gb, 0.0) / max(fit.usable_gb, 1e-9)
    return Value(min(1.0, share / 0.4), "estimated", f"{fit.headroom_gb:.1f} GB headroom")


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
    "models meeting the OSI Open Source AI Definition.",
)
def _openness(c: Candidate, ctx: Context) -> Value:
    if c.model.osi_open_source_ai:
        return Value(1.0, "catalog", "meets the OSI Open Source AI Definition")
    # the most restrictive licence the model is subject to decides
    worst = min(c.license.classes, key=lambda cls: _OPENNESS[cls])
    if c.model.training_data_and_code_published:
        return Value(_OPENNESS[worst], "catalog", f"licence class {worst}; data and code published")
    return Value(
        _OPENNESS[worst] * _WEIGHTS_ONLY, "catalog", f"licence class {worst}; weights only"
    )


@criterion("license_friction", "Allowed 1; allowed with conditions that need legal review 0.5.")
def _license_friction(c: Candidate, ctx: Context) -> Value:
    value = 1.0 if c.license.status == "allowed" else 0.5
    return Value(value, "catalog", f"{c.license.status} ({len(c.license.conditions)} conditions)")


@criterion("maturity", "Lifecycle: current 1, superseded 0.4.")
def _maturity(c: Candidate, ctx: Context) -> Value:
    value = {"current": 1.0, "superseded": 0.4}.get(c.model.status, 0.2)
    return Value(value, "catalog", c.model.status)


@criterion(
    "semantic_match",
    "How well the model's description and declared specialisations fit the use case "
    "(0.6 x embedding similarity + 0.4 x domain match).",
)
def _semantic(c: Candidate, ctx: Context) -> Value:
    if c.model.id not in ctx.semantic:
        return Value(0.0, "unknown", "not computed")
    return Value(ctx.semantic[c.model.id], "estimated", f"{ctx.semantic[c.model.id]:.2f}")
