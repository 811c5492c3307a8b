"""Expected task quality as an estimate with an uncertainty, and the evidence behind it.

1. Evidence: every published score that informs the use case's tasks (``informs`` in
   ``knowledge/benchmarks.yaml``: a task weight, or ``general``), mapped to 0..1 over the
   benchmark's fixed bounds; the relevance-weighted mean E, with W = the sum of relevances.
   Duplicate scores of one benchmark are averaged first. Benchmarks of another language count
   only when that language is needed; domain benchmarks fully when the use case is of that
   domain, else only for models of that domain. When the model has scores for the task itself,
   general-ability scores count at half their relevance.
2. Prior P from what every record has: size (effective parameters; mixture-of-experts at the
   geometric mean of total and active) and release date for open models; list price (a weak
   proxy for the provider's tier) and release date for API models.
3. Combined: (P + k W E) / (1 + k W), k = :data:`EVIDENCE_STRENGTH`: two fully relevant scores
   outweigh the prior three to one. The interval half-width shrinks from
   :data:`PRIOR_HALF_WIDTH` with the evidence: h = PRIOR_HALF_WIDTH / sqrt(1 + k W).
4. Task capability: a task the model does not declare (implied by a related one, or only the
   general ability of an instruction-tuned model) scales the value by 0.75 + 0.25 x strength and
   widens the interval, unless scores that inform the task itself show it.
5. Quantisation: times (1 - the precision's expected quality loss).
6. Quality floor: a model below the task's ``min_params_b`` with no score informing the task,
   or run at a 2-bit precision (whose loss no published score measures), is flagged "below the
   quality floor". A base (not instruction-tuned) language model is scaled by 0.7 for any task:
   it needs fine-tuning before it follows requests.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from ..kb.schema import BenchmarkRecord, ModelRecord, TaskRecord
from ..messages import Message
from .capability import TaskFit

__all__ = [
    "EVIDENCE_STRENGTH",
    "PRIOR_HALF_WIDTH",
    "QualityEstimate",
    "estimate_quality",
    "relevant_scores",
]

EVIDENCE_STRENGTH = 1.5
PRIOR_HALF_WIDTH = 0.25
#: Release dates mapped to 0 and 1 in the recency part of the prior.
_OLD, _NEW = date(2023, 1, 1), date(2026, 9, 1)
#: Effective parameters (billions) mapped to 0 and 1 in the size part of the prior, by kind.
_SIZE_BOUNDS = {
    "speech_to_text": (0.03, 2.0),
    "text_to_speech": (0.05, 2.0),
    "embedding": (0.02, 8.0),
    "image_generation": (0.5, 20.0),
}
_LLM_SIZE = (0.5, 400.0)
#: Quantisation loss from which a model with thin evidence is below the floor (2-bit).
_HEAVY_QUANT = 0.2


@dataclass(frozen=True)
class QualityEstimate:
    value: float  #: 0..1 expected quality for the use case's tasks
    low: float
    high: float
    prior: float
    evidence: float | None  #: E, the relevance-weighted mean of the scores used
    evidence_weight: float  #: W, the sum of their relevances
    scores: list[str] = field(default_factory=list)  #: "MMLU-Pro 71.2 (0.76)" each
    task_scores: int = 0  #: scores informing a task itself (not only general ability)
    #: why the model is below the task's quality floor
    floor_message: Message | None = None
    #: how the value was reached: the prior, the benchmarks, each factor applied
    detail_message: Message | None = None

    @property
    def half_width(self) -> float:
        return (self.high - self.low) / 2

    @property
    def basis_message(self) -> Message:
        """What the estimate rests on, as a typed message."""
        if not self.scores:
            return Message("basis_prior")
        n = len(self.scores)
        if self.task_scores:
            return Message("basis_task", {"n": n, "k": self.task_scores})
        return Message("basis_general", {"n": n})

    @property
    def basis(self) -> str:
        """What the estimate rests on, in English."""
        return self.basis_message.text

    @property
    def below_floor(self) -> str | None:
        """Why the model is below the task's quality floor, in English (None when it is not)."""
        return None if self.floor_message is None else self.floor_message.text

    @property
    def detail(self) -> str:
        """How the value was reached, in English."""
        return "" if self.detail_message is None else self.detail_message.text


def _log_scale(x: float, low: float, high: float) -> float:
    return min(1.0, max(0.0, math.log10(x / low) / math.log10(high / low)))


def _recency(released: date | None) -> float:
    """0 for a release at or before 2023, 1 at or after :data:`_NEW`. An unknown release date
    counts as the oldest: a fact missing from the catalogue never raises a model's prior."""
    if released is None:
        return 0.0
    span = (_NEW - _OLD).days
    return min(1.0, max(0.0, (released - _OLD).days / span))


def prior(model: ModelRecord, per_mtok_usd: float | None) -> tuple[float, Message]:
    """The prior expected quality from size (or price) and release date, and what it rests
    on."""
    recency = _recency(model.released)
    when = (
        Message("prior_released", {"date": model.released_text})
        if model.released_text
        else Message("prior_released_unknown")
    )
    if model.api is not None:
        if per_mtok_usd is None:
            return 0.4 + 0.2 * recency, Message("prior_api_unpriced", {"released": when})
        tier = _log_scale(max(per_mtok_usd, 1e-6), 0.1, 30)
        return (
            0.3 + 0.4 * tier + 0.2 * recency,
            Message("prior_api_tier", {"per_mtok_usd": per_mtok_usd, "released": when}),
        )
    assert model.total_params_b is not None
    size = model.total_params_b
    if model.active_params_b:
        size = math.sqrt(model.total_params_b * model.active_params_b)
    low, high = _SIZE_BOUNDS.get(model.category, _LLM_SIZE)
    return (
        0.05 + 0.5 * _log_scale(size, low, high) + 0.25 * recency,
        Message("prior_size", {"params_b": size, "released": when}),
    )


#: General-ability scores count at this share of their relevance when the model also has
#: scores for the task itself: specific evidence speaks louder than broad knowledge tests.
GENERAL_DISCOUNT = 0.5
#: Tasks on which general knowledge-and-reasoning scores say nothing: a speech recogniser's or
#: an image generator's quality is not its MMLU.
NOT_GENERAL = frozenset(
    {"speech_to_text", "text_to_speech", "image_generation", "embeddings_search"}
)


def relevant_scores(
    model: ModelRecord,
    tasks: list[str],
    languages: list[str],
    benchmarks: Mapping[str, BenchmarkRecord],
    domain: str | None = None,
) -> list[tuple[BenchmarkRecord, float, float, bool]]:
    """(benchmark, mean value, relevance, informs a task itself) for each benchmark with a
    score that bears on the use case. A benchmark of the use case's ``domain`` (MedQA for a
    medical use case) informs it fully, whichever model took it."""
    by_bench: dict[str, list[float]] = {}
    for score in model.benchmarks:
        if score.benchmark in benchmarks:
            by_bench.setdefault(score.benchmark, []).append(score.value)
    found = []
    for bench_id, values in sorted(by_bench.items()):
        bench = benchmarks[bench_id]
        if bench.languages and not set(bench.languages) & set(languages):
            continue
        if bench.domain is not None and bench.domain not in (domain, *model.domains):
            continue
        task_rel = max((bench.informs.get(t, 0.0) for t in tasks), default=0.0)
        if bench.domain is not None and bench.domain == domain:
            task_rel = 1.0
        general = 0.0 if set(tasks) <= NOT_GENERAL else bench.informs.get("general", 0.0)
        relevance = max(task_rel, general)
        if relevance > 0:
            found.append((bench, sum(values) / len(values), relevance, task_rel > 0))
    if any(own for *_, own in found):
        found = [(b, v, rel if own else rel * GENERAL_DISCOUNT, own) for b, v, rel, own in found]
    return found


def estimate_quality(
    model: ModelRecord,
    *,
    tasks: list[str],
    languages: list[str],
    benchmarks: Mapping[str, BenchmarkRecord],
    task_records: Mapping[str, TaskRecord],
    task_fits: list[TaskFit],
    per_mtok_usd: float | None,
    quality_loss: float = 0.0,
    quantization: str | None = None,
    domain: str | None = None,
) -> QualityEstimate:
    """The quality estimate for ``model`` on ``tasks`` (see the module docstring)."""
    p, prior_detail = prior(model, per_mtok_usd)
    found = relevant_scores(model, tasks, languages, benchmarks, domain)
    weight = sum(rel for _, _, rel, _ in found)
    task_scores = sum(1 for *_, own in found if own)
    evidence = None
    value = p
    if found:
        evidence = sum(bench.normalise(v) * rel for bench, v, rel, _ in found) / weight
        value = (p + EVIDENCE_STRENGTH * weight * evidence) / (1 + EVIDENCE_STRENGTH * weight)
    half = PRIOR_HALF_WIDTH / math.sqrt(1 + EVIDENCE_STRENGTH * weight)
    parts = [Message("quality_prior", {"prior": p, "basis": prior_detail})]
    if found:
        parts.append(Message("quality_benchmarks", {"evidence": evidence, "weight": weight}))
    primary = task_fits[0] if task_fits else None
    if model.variant == "base" and model.category in ("llm", "vlm") and primary is not None:
        value *= 0.7
        half += 0.05
        parts.append(Message("quality_base_model", {"factor": 0.7}))
    elif primary is not None and primary.basis != "declared" and task_scores == 0:
        factor = 0.75 + 0.25 * primary.strength
        value *= factor
        half += 0.05 * (1 - primary.strength)
        parts.append(Message("quality_task_fit", {"factor": factor, "fit": primary.message}))
    if (
        model.variant == "reasoning"
        and task_scores == 0
        and set(tasks) & {"math_reasoning", "code_generation", "agents_tool_use", "text_to_sql"}
    ):
        value += 0.05
        parts.append(Message("quality_reasoning", {"bonus": 0.05}))
    if quality_loss:
        value *= 1 - quality_loss
        loss = {"factor": 1 - quality_loss, "quantization": quantization}
        parts.append(Message("quality_quantization", loss))
    value = min(1.0, max(0.0, value))
    floor = _below_floor(model, tasks, task_records, task_scores, weight, quality_loss)
    scores = [f"{bench.name} {v:g} ({bench.normalise(v):.2f})" for bench, v, _, _ in found]
    return QualityEstimate(
        value=value,
        low=max(0.0, value - half),
        high=min(1.0, value + half),
        prior=p,
        evidence=evidence,
        evidence_weight=weight,
        scores=scores,
        task_scores=task_scores,
        floor_message=floor,
        detail_message=Message("quality_detail", {"parts": parts}),
    )


def _below_floor(
    model: ModelRecord,
    tasks: list[str],
    task_records: Mapping[str, TaskRecord],
    task_scores: int,
    weight: float,
    quality_loss: float,
) -> Message | None:
    if quality_loss >= _HEAVY_QUANT:
        return Message("floor_heavy_quantization", {"loss": quality_loss})
    floors = [
        (task_records[t].min_params_b, t)
        for t in tasks
        if t in task_records and task_records[t].min_params_b
    ]
    if not floors or model.total_params_b is None or task_scores:
        return None
    floor, task = max(floors, key=lambda f: f[0] or 0.0)
    assert floor is not None
    size = model.total_params_b
    if model.active_params_b:
        size = math.sqrt(model.total_params_b * model.active_params_b)
    if size < floor:
        return Message("floor_params", {"params_b": size, "floor_b": floor, "task": task})
    return None
