"""The validation-evidence section of a decision record: measured figures per model.

It is filled from a validation run (``recommender.validation``: ``ValidationRun.to_json()``)
by :func:`validation_evidence`, which maps the run's per-model metrics, sample outputs and
paired comparisons onto this typed section; the report never reads the run's own classes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import DecisionRecordInvalid

if TYPE_CHECKING:
    from ..validation.results import ValidationRun

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
    #: ran in the catalogued model's place without being it: shown, never used to rank
    stand_in: bool = False
    #: a prediction was implausible beside the measurement (beyond 10x, above its roofline)
    prediction_flagged: bool = False
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
    status: str | None = None
    random_weights: bool = False  #: models ran with random weights: quality is meaningless
    models: list[ValidationModel]
    comparisons: list[PairedResult] = Field(default_factory=list)


#: Sample outputs shown per model.
_SAMPLES = 3


def validation_evidence(
    run: ValidationRun | Mapping[str, Any] | ValidationEvidence,
) -> ValidationEvidence:
    """The evidence section from a ``ValidationRun`` (recommender.validation), its
    ``to_json()`` mapping, or an existing :class:`ValidationEvidence`."""
    if isinstance(run, ValidationEvidence):
        return run
    if not isinstance(run, Mapping) and hasattr(run, "to_json"):  # a ValidationRun
        run = run.to_json()
    if not isinstance(run, Mapping):
        raise DecisionRecordInvalid("validation: expected a validation run (or its JSON)")
    try:
        prompts = {p["id"]: p.get("prompt") for p in run.get("prompts") or []}
        settings = run.get("settings") or {}
        models = [_model(m, prompts) for m in run["models"]]
        devices = sorted({d for m in run["models"] if (d := _device(m))})
        return ValidationEvidence(
            run_id=str(run["run_id"]),
            created_at=run.get("created_at"),
            suite=run.get("suite"),
            device=", ".join(devices) or settings.get("device"),
            status=run.get("status"),
            random_weights=bool(settings.get("random_weights")),
            models=models,
            comparisons=[
                PairedResult.model_validate({k: c[k] for k in PairedResult.model_fields})
                for c in run.get("comparisons") or []
            ],
        )
    except (ValidationError, TypeError, KeyError) as exc:
        raise DecisionRecordInvalid(
            f"validation: cannot read the run's results (missing or malformed {exc})"
        ) from None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _printable(text: str) -> str:
    """Model output without control characters (a small or broken model emits any bytes)."""
    return _CONTROL.sub("\ufffd", text)


def _device(m: Mapping[str, Any]) -> str | None:
    manifest = m.get("manifest") or {}
    value = manifest.get("device_name") or manifest.get("device")
    return None if value is None else str(value)


def _model(m: Mapping[str, Any], prompts: Mapping[str, str | None]) -> ValidationModel:
    metrics = m.get("metrics") or {}
    source = m.get("source") or {}
    ci = metrics.get("pass_rate_ci")
    # samples: the first failed answer (what goes wrong) and the first passed ones
    outputs = sorted(
        m.get("outputs") or [], key=lambda o: (o.get("passed") is not False, o["index"])
    )
    samples = [
        SampleOutput(
            prompt_id=o["prompt_id"],
            prompt=prompts.get(o["prompt_id"]),
            output=_printable(o["output"]),
            passed=o.get("passed"),
        )
        for o in outputs[:_SAMPLES]
    ]
    predicted = metrics.get("predicted_decode_tokens_per_s")
    return ValidationModel(
        model_id=str(source.get("kb_id") or m["key"]),
        status=m.get("status", "completed"),
        failure=None
        if not m.get("failure")
        else f"{m['failure']}" + (f": {m['message']}" if m.get("message") else ""),
        prompts=metrics.get("checked"),
        passed=metrics.get("passed"),
        pass_rate=metrics.get("pass_rate"),
        pass_rate_ci=None if ci is None else [float(x) for x in ci],
        load_time_s=metrics.get("load_s"),
        ttft_s=metrics.get("ttft_s"),
        decode_tokens_per_s=metrics.get("decode_tokens_per_s"),
        latency_median_s=metrics.get("latency_median_s"),
        latency_p95_s=metrics.get("latency_p95_s"),
        peak_memory_gb=metrics.get("peak_memory_gb"),
        predicted_memory_gb=metrics.get("predicted_memory_gb"),
        predicted_decode_tokens_per_s=None if predicted is None else [float(x) for x in predicted],
        stand_in=bool(source.get("stand_in")),
        prediction_flagged=bool(metrics.get("speed_flag") or metrics.get("memory_flag")),
        samples=samples,
    )
