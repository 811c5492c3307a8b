"""The results of a validation run: per model, per prompt, and between models.

A :class:`ValidationRun` holds each model's :class:`ModelResult` (status, a typed failure when
it failed, :class:`Metrics`, every answer with its check results), paired comparisons between
the models, and the run's settings and prompts. ``to_json()`` / ``from_json()`` round-trip, so a
decision record can embed a run and rebuild it. A run is also the ``evidence`` that
``recommend(q, kb, evidence=run)`` uses: :meth:`ValidationRun.measured_values`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any, Literal

from .checks import CheckResult
from .stats import PairedComparison, compare_paired, summarise, wilson_interval
from .suites import Prompt

if TYPE_CHECKING:
    from ..engine.criteria import Context, Value
    from ..engine.screening import Candidate

__all__ = [
    "FAILURE_KINDS",
    "Failure",
    "Metrics",
    "ModelResult",
    "PromptOutput",
    "ValidationRun",
]

#: Why a model has no (complete) result. Each is a result, never an exception.
#: How many prompts' worth of evidence the estimated quality counts for when a measured pass
#: rate is blended in (a posterior mean with the estimate as the prior).
PRIOR_PROMPTS = 8

#: A measurement more than this many times above or below its prediction is flagged, and the
#: prediction not shown: something it assumes does not hold.
PLAUSIBLE_RATIO = 10.0

FAILURE_KINDS = ("load_error", "does_not_fit", "out_of_memory", "timeout", "crashed", "cancelled")
Failure = Literal["load_error", "does_not_fit", "out_of_memory", "timeout", "crashed", "cancelled"]
Status = Literal["pending", "completed", "failed"]


@dataclass(frozen=True)
class PromptOutput:
    """One model's answer to one prompt, with its check results."""

    index: int
    prompt_id: str
    output: str
    output_tokens: int  #: generated tokens, counted by re-tokenising the text
    latency_s: float  #: end to end for the batch the prompt was in
    ttft_s: float | None
    batch_size: int
    checks: tuple[CheckResult, ...]

    @property
    def passed(self) -> bool | None:
        """All checks passed; None when the prompt has no checks."""
        return all(c.passed for c in self.checks) if self.checks else None

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "prompt_id": self.prompt_id,
            "output": self.output,
            "output_tokens": self.output_tokens,
            "latency_s": self.latency_s,
            "ttft_s": self.ttft_s,
            "batch_size": self.batch_size,
            "checks": [c.to_json() for c in self.checks],
            "passed": self.passed,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PromptOutput:
        return cls(
            index=data["index"],
            prompt_id=data["prompt_id"],
            output=data["output"],
            output_tokens=data["output_tokens"],
            latency_s=data["latency_s"],
            ttft_s=data.get("ttft_s"),
            batch_size=data["batch_size"],
            checks=tuple(CheckResult.from_json(c) for c in data["checks"]),
        )


@dataclass(frozen=True)
class Metrics:
    """What was measured for one model. Times in seconds, memory in GiB, None = not measured.

    Speed comes from the batch-1 performance run (``min_new_tokens = max_new_tokens``, median of
    three); latency percentiles from the quality run (batched, so per-batch end to end);
    ``cost_per_mtok_usd`` is the hourly price over the batched throughput, and
    ``cost_per_mtok_single_stream_usd`` over batch-1 decode speed (an upper bound).
    """

    load_s: float | None = None
    cold_call_s: float | None = None
    ttft_s: float | None = None
    decode_tokens_per_s: float | None = None  #: per sequence, batch 1
    tpot_s: float | None = None
    itl_median_s: float | None = None
    latency_median_s: float | None = None
    latency_p95_s: float | None = None
    latency_iqr_s: float | None = None
    throughput_tokens_per_s: float | None = None  #: generated tokens / generation time, batched
    batch_size: int | None = None  #: the batch size the quality run ended with
    peak_memory_gb: float | None = None  #: process peak (GPU: max allocated)
    model_memory_gb: float | None = None  #: peak minus the process before loading (CPU)
    memory_after_load_gb: float | None = None
    answered: int = 0
    checked: int = 0  #: answered prompts that have checks
    passed: int = 0
    pass_rate: float | None = None
    pass_rate_ci: tuple[float, float] | None = None  #: Wilson 95%
    perplexity: float | None = None
    perplexity_tokens: int | None = None
    cost_per_mtok_usd: float | None = None
    cost_per_mtok_single_stream_usd: float | None = None
    predicted_memory_gb: float | None = None  #: the fit check before loading
    predicted_decode_tokens_per_s: tuple[float, float] | None = None
    #: why a prediction is not shown beside the measurement: above the roofline it rests on,
    #: or more than PLAUSIBLE_RATIO times off (a wrong assumption, not a forecast to print)
    speed_flag: str | None = None
    memory_flag: str | None = None
    prompt_tokens: int | None = None  #: endpoint runs: tokens billed, from the responses' usage
    completion_tokens: int | None = None
    cost_usd: float | None = None  #: endpoint runs of API models: list price x usage
    retries: int | None = None  #: endpoint runs: requests retried after 429, 5xx, timeouts

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        for k, v in out.items():
            if isinstance(v, tuple):
                out[k] = list(v)
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Metrics:
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {
            k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in known
        }
        return cls(**values)


@dataclass(frozen=True)
class ModelResult:
    """One model's result. ``failure`` is set when it did not complete; the answers it gave
    before failing are kept."""

    key: str  #: the model as the user named it
    source: dict[str, Any]  #: ModelSource.to_json()
    status: Status
    failure: Failure | None = None
    message: str | None = None
    metrics: Metrics = field(default_factory=Metrics)
    outputs: tuple[PromptOutput, ...] = ()
    fit: dict[str, Any] | None = None  #: FitCheck.to_json()
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def kb_id(self) -> str | None:
        value = self.source.get("kb_id")
        return str(value) if value else None

    def passed_by_prompt(self) -> dict[str, bool]:
        return {o.prompt_id: bool(o.passed) for o in self.outputs if o.passed is not None}

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "source": self.source,
            "status": self.status,
            "failure": self.failure,
            "message": self.message,
            "metrics": self.metrics.to_json(),
            "outputs": [o.to_json() for o in self.outputs],
            "fit": self.fit,
            "manifest": self.manifest,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ModelResult:
        return cls(
            key=data["key"],
            source=data["source"],
            status=data["status"],
            failure=data.get("failure"),
            message=data.get("message"),
            metrics=Metrics.from_json(data.get("metrics", {})),
            outputs=tuple(PromptOutput.from_json(o) for o in data.get("outputs", [])),
            fit=data.get("fit"),
            manifest=data.get("manifest", {}),
        )


@dataclass(frozen=True)
class ValidationRun:
    """A validation run: settings, prompts, per-model results, paired comparisons."""

    id: str
    status: Literal["running", "completed", "partial", "cancelled", "interrupted"]
    created_at: str
    suite: str
    prompts: tuple[Prompt, ...]
    settings: dict[str, Any]
    models: tuple[ModelResult, ...]
    comparisons: tuple[PairedComparison, ...] = ()

    def result(self, name: str) -> ModelResult:
        """A model's result by the name it was given or the knowledge-base id it stands for."""
        for m in self.models:
            if name in (m.key, m.kb_id):
                return m
        raise KeyError(name)

    def to_json(self) -> dict[str, Any]:
        return {
            "run_id": self.id,
            "status": self.status,
            "created_at": self.created_at,
            "suite": self.suite,
            "prompts": [p.to_json() for p in self.prompts],
            "settings": self.settings,
            "models": [m.to_json() for m in self.models],
            "comparisons": [c.to_json() for c in self.comparisons],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ValidationRun:
        return cls(
            id=data["run_id"],
            status=data["status"],
            created_at=data["created_at"],
            suite=data["suite"],
            prompts=tuple(Prompt.from_json(p) for p in data["prompts"]),
            settings=data["settings"],
            models=tuple(ModelResult.from_json(m) for m in data["models"]),
            comparisons=tuple(PairedComparison.from_json(c) for c in data["comparisons"]),
        )

    # evidence for the ranking

    def measured_values(
        self, candidate: Candidate, ctx: Context, estimated: dict[str, Value]
    ) -> dict[str, Value]:
        """Measured values replacing the ``estimated`` ones for ``candidate`` (evidence
        "measured"):
        quality from the pass rate (real weights only); speed from measured TTFT and batch-1
        decode speed, and fit from measured memory plus the estimated KV cache at the team's
        context, when the run's device is the kind the plan runs on (a CPU measurement says
        nothing about a GPU deployment, nor the reverse). Empty when this run has no completed
        result for the model."""
        from ..engine.criteria import Value, answer_time, fit_value, speed_of
        from ..messages import Message

        found = [
            m for m in self.models if m.kb_id == candidate.model.id and m.status == "completed"
        ]
        if not found:
            return {}
        if found[0].source.get("stand_in"):
            return {}  # another model in this one's place: its figures say nothing about it
        m = found[0].metrics
        where = found[0].manifest.get("device_name") or found[0].manifest.get("device") or "?"
        values: dict[str, Value] = {}
        fit = candidate.plan.fit
        if found[0].source.get("kind") == "endpoint":
            # an API model measured through its own API runs where it will run; a self-hosted
            # endpoint runs on hardware this tool does not know, so estimates are kept
            same_kind = candidate.model.api is not None and fit is None
            fit = None
        else:
            same_kind = fit is not None and same_setup(
                found[0].manifest, fit.hardware, fit.quantization
            )
        random_weights = bool(self.settings.get("random_weights"))
        if m.pass_rate is not None and m.pass_rate_ci is not None and not random_weights:
            low, high = m.pass_rate_ci
            plan = candidate.plan.fit
            kept = (
                ""
                if same_kind or plan is None
                else f"; speed and memory measured on {where}, estimates kept for "
                f"{plan.hardware} at {plan.quantization}"
            )
            # A handful of prompts is noisy evidence: the estimate counts as PRIOR_PROMPTS
            # prompts' worth, so 8 of 8 passed moves quality half-way to 1, not all the way.
            prior = estimated["quality"].value
            blended = (PRIOR_PROMPTS * prior + m.passed) / (PRIOR_PROMPTS + m.checked)
            params = {
                "passed": m.passed,
                "checked": m.checked,
                "rate": m.pass_rate,
                "low": low,
                "high": high,
                "suite": self.suite,
                "run": self.id,
                "prior": prior,
                "prompts": PRIOR_PROMPTS,
                "device": where,
                "hardware": None if fit is None else fit.hardware,
            }
            code = "measured_quality" if not kept else "measured_quality_elsewhere"
            values["quality"] = Value(blended, "measured", Message(code, params))
        if not same_kind:
            return values
        if m.decode_tokens_per_s:
            generated = candidate.plan.generated_tokens or float(ctx.output_tokens)
            values["speed"] = speed_of(
                answer_time(m.ttft_s, generated, m.decode_tokens_per_s),
                generated,
                ctx,
                "measured",
                "measured_speed",
                {"tokens_per_s": m.decode_tokens_per_s, "device": where},
            )
        if fit is not None and m.model_memory_gb is not None:
            need = m.model_memory_gb + fit.kv_cache_gb
            headroom = fit.usable_gb - need
            values["fit"] = Value(
                fit_value(headroom, fit.usable_gb),
                "measured",
                Message(
                    "measured_fit",
                    {
                        "headroom_gb": headroom,
                        "memory_gb": m.model_memory_gb,
                        "device": where,
                        "kv_gb": fit.kv_cache_gb,
                        "context": fit.context,
                    },
                ),
            )
        return values


def _gpu_number(name: str) -> str | None:
    """The model number of a GPU name (``4090``, ``h100``, ``a6000``), for matching a
    measured device with a catalogued one."""
    import re

    name = re.sub(r"^\d+\s*x\s*", "", name.lower())
    for token in re.findall(r"[a-z]*\d+[a-z]*", name):
        if not re.fullmatch(r"\d+gb?|hbm\d*e?|gddr\d*x?", token):
            return str(token)
    return None


_DTYPE_PRECISION = {"float32": "fp32", "bfloat16": "bf16", "float16": "fp16"}


def same_setup(manifest: dict[str, Any], hardware: str, precision: str) -> bool:
    """Was a run measured on the hardware and at the precision the plan assumes? A CPU
    measurement for a CPU plan, the same GPU model for a GPU plan; and the same precision."""
    device = manifest.get("device")
    if device not in ("cpu", "cuda"):
        return False
    dtype = str(manifest.get("dtype"))
    if _DTYPE_PRECISION.get(dtype, dtype) != precision:
        return False
    if hardware.startswith("CPU"):
        return bool(device == "cpu")
    if device != "cuda":
        return False
    ours = _gpu_number(str(manifest.get("device_name") or ""))
    return ours is not None and ours == _gpu_number(hardware)


def build_metrics(
    raw: dict[str, Any],
    outputs: list[PromptOutput],
    *,
    price_per_hour_usd: float | None,
) -> Metrics:
    """Metrics from the worker's raw measurements and the answers."""
    latencies = summarise([o.latency_s for o in outputs])
    checked = [o for o in outputs if o.passed is not None]
    passed = sum(1 for o in checked if o.passed)
    throughput = raw.get("throughput_tokens_per_s")
    decode = raw.get("decode_tokens_per_s")

    def cost(rate: float | None) -> float | None:
        if price_per_hour_usd is None or not rate:
            return None
        return price_per_hour_usd / (3600 * rate) * 1e6

    itl = raw.get("itl_s") or []
    raw_predicted = raw.get("predicted_decode_tokens_per_s")
    roofline = (raw.get("fit") or {}).get("roofline_decode_tokens_per_s")
    predicted, speed_flag = plausible_speed(
        decode, None if raw_predicted is None else tuple(raw_predicted), roofline
    )
    predicted_memory, memory_flag = plausible_memory(
        raw.get("model_memory_gb"), raw.get("predicted_memory_gb")
    )
    usage = raw.get("usage") or {}
    api_cost = raw.get("cost_per_mtok_usd")
    return Metrics(
        load_s=raw.get("load_s"),
        cold_call_s=raw.get("cold_call_s"),
        ttft_s=raw.get("ttft_s"),
        decode_tokens_per_s=decode,
        tpot_s=raw.get("tpot_s"),
        itl_median_s=(summarise(itl) or {}).get("median"),
        latency_median_s=None if latencies is None else latencies["median"],
        latency_p95_s=None if latencies is None else latencies["p95"],
        latency_iqr_s=None if latencies is None else latencies["iqr"],
        throughput_tokens_per_s=throughput,
        batch_size=raw.get("batch_size"),
        peak_memory_gb=raw.get("peak_memory_gb"),
        model_memory_gb=raw.get("model_memory_gb"),
        memory_after_load_gb=raw.get("memory_after_load_gb"),
        answered=len(outputs),
        checked=len(checked),
        passed=passed,
        pass_rate=passed / len(checked) if checked else None,
        pass_rate_ci=wilson_interval(passed, len(checked)) if checked else None,
        perplexity=raw.get("perplexity"),
        perplexity_tokens=raw.get("perplexity_tokens"),
        cost_per_mtok_usd=api_cost if api_cost is not None else cost(throughput),
        cost_per_mtok_single_stream_usd=None if api_cost is not None else cost(decode),
        predicted_memory_gb=predicted_memory,
        predicted_decode_tokens_per_s=predicted,
        speed_flag=speed_flag,
        memory_flag=memory_flag,
        prompt_tokens=usage.get("prompt_tokens"),
        completion_tokens=usage.get("completion_tokens"),
        cost_usd=usage.get("cost_usd"),
        retries=raw.get("retries"),
    )


def plausible_speed(
    measured: float | None,
    predicted: tuple[float, float] | None,
    roofline: float | None = None,
) -> tuple[tuple[float, float] | None, str | None]:
    """The prediction to show beside a measured decode speed, or None and why not: a
    measurement above the roofline the prediction rests on, or more than
    :data:`PLAUSIBLE_RATIO` times off, says an assumption (the memory bandwidth, the
    hardware) does not hold, so the prediction is not a forecast worth printing."""
    if measured is None or predicted is None or measured <= 0:
        return predicted, None
    low, high = float(predicted[0]), float(predicted[1])
    if roofline and measured > float(roofline) * 1.05:
        return None, (
            f"measured {measured:.1f} tokens/s is above the {float(roofline):.0f} tokens/s "
            "roofline the prediction rests on: the prediction is not shown"
        )
    middle = (low + high) / 2
    ratio = middle / measured if middle >= measured else measured / middle
    if middle > 0 and ratio > PLAUSIBLE_RATIO:
        return None, (
            f"predicted {low:.0f}-{high:.0f} tokens/s is {ratio:.0f}x the measured "
            f"{measured:.1f}: beyond {PLAUSIBLE_RATIO:.0f}x, so the prediction (its assumed "
            "memory bandwidth and efficiency) does not describe this run and is not shown"
        )
    return (low, high), None


def plausible_memory(
    measured: float | None, predicted: float | None
) -> tuple[float | None, str | None]:
    """The memory prediction to show beside a measurement, or None and why not (more than
    :data:`PLAUSIBLE_RATIO` times off)."""
    if measured is None or predicted is None or measured <= 0 or predicted <= 0:
        return predicted, None
    ratio = max(measured / predicted, predicted / measured)
    if ratio > PLAUSIBLE_RATIO:
        return None, (
            f"predicted {predicted:.2f} GB is {ratio:.0f}x off the measured {measured:.2f} GB: "
            "the prediction is not shown"
        )
    return predicted, None


def paired_comparisons(models: tuple[ModelResult, ...]) -> tuple[PairedComparison, ...]:
    """Every pair of models with checked answers to common prompts."""
    scored = [m for m in models if m.passed_by_prompt()]
    out = []
    for i, a in enumerate(scored):
        for b in scored[i + 1 :]:
            pa, pb = a.passed_by_prompt(), b.passed_by_prompt()
            if set(pa) & set(pb):
                out.append(compare_paired(a.key, pa, b.key, pb))
    return tuple(out)
