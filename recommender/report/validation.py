"""The validation-evidence section of a decision record: measured figures per model.

It is filled from a validation run (``recommender.validation``: ``ValidationRun.to_json()``)
by :func:`validation_evidence`, which maps the run's per-model metrics, sample outputs and
paired comparisons onto this typed section; the report never reads the run's own classes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import DecisionRecordInvalid

__all__ = [
    "PairedResult",
    "SampleOutput",
    "ValidationEvidence",
    "ValidationModel",
    "validation_evidence",
]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SampleOutput(_Section):
    prompt_id: str
    prompt: str | None = None
    output: str
    passed: bool | None = None


class ValidationModel(_Section):
    """One model's measured figures; None where the run did not measure it."""

    model_id: str
    status: str = "completed"
    failure: str | None = None
    prompts: int | None = None
    passed: int | None = None
    pass_rate: float | None = None
    pass_rate_ci: list[float] | None = None  #: 95% Wilson interval [low, high]
    load_time_s: float | None = None
    ttft_s: float | None = None  #: median time to first token, seconds
    decode_tokens_per_s: float | None = None
    latency_median_s: float | None = None
    latency_p95_s: float | None = None
    peak_memory_gb: float | None = None
    predicted_memory_gb: float | None = None
    predicted_decode_tokens_per_s: list[float] | None = None  #: the estimate's [low, high]
    samples: list[SampleOutput] = Field(default_factory=list)


class PairedResult(_Section):
    a: str
    b: str
    prompts: int
    only_a: int
    only_b: int
    p_value: float
    verdict: str


class ValidationEvidence(_Section):
    run_id: str
    created_at: str | None = None
    suite: str | None = None
    device: str | None = None
    models: list[ValidationModel]
    comparisons: list[PairedResult] = Field(default_factory=list)


#: Names a run may use for each field (first found wins), so the section reads runs whose
#: metric names differ slightly (e.g. ``ttft_median_s`` vs ``ttft_s``).
_ALIASES: dict[str, tuple[str, ...]] = {
    "model_id": ("model_id", "model", "model_key", "id"),
    "status": ("status",),
    "failure": ("failure", "message", "error"),
    "prompts": ("prompts", "n", "total", "n_prompts"),
    "passed": ("passed", "successes", "n_passed"),
    "pass_rate": ("pass_rate",),
    "pass_rate_ci": ("pass_rate_ci", "wilson_ci", "pass_rate_interval", "ci"),
    "load_time_s": ("load_time_s", "load_s"),
    "ttft_s": ("ttft_s", "ttft_median_s", "median_ttft_s"),
    "decode_tokens_per_s": ("decode_tokens_per_s", "tokens_per_s", "decode_tps"),
    "latency_median_s": ("latency_median_s", "median_latency_s", "latency_p50_s"),
    "latency_p95_s": ("latency_p95_s", "p95_latency_s"),
    "peak_memory_gb": ("peak_memory_gb", "peak_memory_gib", "memory_gb"),
    "predicted_memory_gb": ("predicted_memory_gb",),
    "predicted_decode_tokens_per_s": ("predicted_decode_tokens_per_s",),
}


def validation_evidence(run: Any) -> ValidationEvidence:
    """The evidence section from a ``ValidationRun``, its ``to_json()`` mapping, or an
    existing :class:`ValidationEvidence`."""
    if isinstance(run, ValidationEvidence):
        return run
    if not isinstance(run, Mapping) and hasattr(run, "to_json"):
        run = run.to_json()
    if isinstance(run, str | bytes):
        import json

        run = json.loads(run)
    if not isinstance(run, Mapping):
        raise DecisionRecordInvalid("validation: expected a validation run (or its JSON)")
    try:
        return ValidationEvidence.model_validate(dict(run))
    except ValidationError:
        pass  # not already in this shape: map a run's own JSON
    try:
        return ValidationEvidence(
            run_id=str(run.get("run_id") or run.get("id") or "unknown"),
            created_at=_opt_str(run.get("created_at")),
            suite=_opt_str(_first(run, ("suite", "suite_id", "prompts"))),
            device=_opt_str(run.get("device")),
            models=[_model(m) for m in _models(run)],
            comparisons=[
                PairedResult.model_validate({k: c[k] for k in PairedResult.model_fields if k in c})
                for c in run.get("comparisons") or []
            ],
        )
    except (ValidationError, TypeError, KeyError) as exc:
        raise DecisionRecordInvalid(f"validation: cannot read the run's results ({exc})") from None


def _models(run: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    models = run.get("models") or run.get("results") or []
    if isinstance(models, Mapping):  # keyed by model
        return [{"model_id": k, **v} for k, v in models.items()]
    return list(models)


def _first(data: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    for layer in (data, data.get("metrics") or {}, data.get("predicted") or {}):
        for name in names:
            if isinstance(layer, Mapping) and layer.get(name) is not None:
                return layer[name]
    return None


def _opt_str(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Mapping):
        return str(value.get("name") or value.get("id") or "")
    return str(value)


def _model(m: Mapping[str, Any]) -> ValidationModel:
    fields = {name: _first(m, names) for name, names in _ALIASES.items()}
    predicted = m.get("predicted") or {}
    if isinstance(predicted, Mapping):
        fields["predicted_memory_gb"] = fields["predicted_memory_gb"] or predicted.get("memory_gb")
        fields["predicted_decode_tokens_per_s"] = fields[
            "predicted_decode_tokens_per_s"
        ] or predicted.get("decode_tokens_per_s")
    if fields["pass_rate"] is None and fields["prompts"] and fields["passed"] is not None:
        fields["pass_rate"] = fields["passed"] / fields["prompts"]
    ci = fields["pass_rate_ci"]
    if isinstance(ci, Mapping):
        fields["pass_rate_ci"] = [ci.get("low"), ci.get("high")]
    samples = []
    for s in m.get("samples") or m.get("outputs") or []:
        samples.append(
            SampleOutput(
                prompt_id=str(s.get("prompt_id", "")),
                prompt=s.get("prompt"),
                output=str(s.get("output", "")),
                passed=s.get("passed"),
            )
        )
    clean = {k: v for k, v in fields.items() if v is not None}
    clean["model_id"] = str(clean.get("model_id", "unknown"))
    return ValidationModel(**clean, samples=samples[:3])
