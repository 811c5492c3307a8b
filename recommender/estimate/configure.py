"""Per-candidate configuration search: the precision that meets the latency target at the least
quality loss, rather than simply the best precision that fits.

An answer takes the time to first token for the request's prompt plus the generated tokens
(visible output, and a reasoning model's thinking) at the slow end of the decode estimate. A
configuration meets the target when that time is within it. Without a stated target, the
default target is the answer at reading speed (:data:`DEFAULT_MIN_DECODE_TPS` tokens/s per
sequence: below it people wait on every sentence) plus :data:`DEFAULT_PROMPT_ALLOWANCE_S` for
reading the prompt, so a laptop is not given an int8 model at 1-2 tokens/s when a 4-bit one
reads fluently, and a 120k-token prompt on a small card is not called fast.

Search: every precision that fits, best quality first; the first that meets the target wins. If
none does, the fastest wins and the result says that no configuration meets the target.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..kb.schema import ModelRecord, RuntimeRecord
from ..messages import Message
from .fit import Fit, HardwareProfile, best_fit, estimate_fit, runtime_candidates
from .quant import search_order

if TYPE_CHECKING:
    from .calibration import CommunityCalibration

__all__ = [
    "DEFAULT_MIN_DECODE_TPS",
    "DEFAULT_PROMPT_ALLOWANCE_S",
    "Configuration",
    "answer_seconds",
    "configure",
    "default_target",
]

#: Decode speed per sequence below which reading an answer stalls (tokens/s): about the pace
#: of reading, so the floor used when the user states no latency target. An assumption.
DEFAULT_MIN_DECODE_TPS = 10.0
#: Seconds allowed for reading the prompt when no latency target is stated. An assumption.
DEFAULT_PROMPT_ALLOWANCE_S = 30.0


def default_target(generated_tokens: float) -> float:
    """The latency target assumed when the user states none (see the module docstring)."""
    return generated_tokens / DEFAULT_MIN_DECODE_TPS + DEFAULT_PROMPT_ALLOWANCE_S


@dataclass(frozen=True)
class Configuration:
    """The chosen way to run a model on a hardware profile."""

    fit: Fit
    answer_s: float | None  #: slow-end time for one full answer; None when not estimable
    target_s: float | None  #: the stated latency target, if any
    meets_target: bool | None  #: None when it cannot be judged (speed unknown)
    considered: int = 0  #: precisions that fit and were compared
    notes: list[Message] = field(default_factory=list)


def answer_seconds(fit: Fit, *, prompt_tokens: int, generated_tokens: float) -> float | None:
    """TTFT for ``prompt_tokens`` (scaled from the fit's full-context estimate) plus
    ``generated_tokens`` at the slow end of the decode range."""
    if fit.decode_tokens_per_s is None:
        return None
    ttft = 0.0
    if fit.ttft_s is not None and fit.context > 0:
        ttft = fit.ttft_s[1] * min(1.0, prompt_tokens / fit.context)
    return ttft + generated_tokens / max(fit.decode_tokens_per_s[0], 1e-9)


def configure(
    model: ModelRecord,
    hardware: HardwareProfile,
    *,
    context: int,
    concurrency: int = 1,
    prompt_tokens: int,
    generated_tokens: float,
    target_s: float | None,
    runtime: RuntimeRecord | None = None,
    kv_dtype: str | None = None,
    used_context: int | None = None,
    community: CommunityCalibration | None = None,
) -> Configuration:
    """The best precision of ``model`` on ``hardware`` for this latency target (see module).

    ``runtime``, ``kv_dtype``, ``used_context`` and ``community`` go to
    :func:`~recommender.estimate.fit.estimate_fit` (None: a generic runtime, 16-bit KV cache,
    speed at the full context, no community calibration).
    """
    options = {
        "context": context,
        "concurrency": concurrency,
        "runtime": runtime,
        "kv_dtype": kv_dtype,
        "used_context": used_context,
        "community": community,
    }
    if hardware.offload_ram_gb > 0:  # layer placement between GPU and RAM: best_fit decides
        fit = best_fit(model, hardware, **options)  # type: ignore[arg-type]
        return _judge(fit, prompt_tokens, generated_tokens, target_s, considered=1)
    fitting: list[Fit] = []
    candidates = search_order(model.shipped_precision)
    if runtime is not None:
        candidates = runtime_candidates(model, candidates, runtime)
    for quant in candidates:
        if quant.needs_gpu and hardware.cpu_only:
            continue
        fit = estimate_fit(model, hardware, quantization=quant, **options)  # type: ignore[arg-type]
        if fit.reason is not None and not fit.reason.startswith("needs "):
            return _judge(fit, prompt_tokens, generated_tokens, target_s, considered=0)
        if fit.fits:
            fitting.append(fit)
    if not fitting:
        fit = best_fit(model, hardware, **options)  # type: ignore[arg-type]
        return _judge(fit, prompt_tokens, generated_tokens, target_s, considered=0)
    judged = [
        _judge(f, prompt_tokens, generated_tokens, target_s, considered=len(fitting))
        for f in fitting
    ]
    best = judged[0]
    for option in judged:
        if option.meets_target:
            chosen = option
            break
    else:
        timed = [o for o in judged if o.answer_s is not None]
        chosen = min(timed, key=lambda o: o.answer_s or 0.0) if timed else best
    if chosen is not best:
        slower = (
            Message("config_takes", {"answer_s": best.answer_s})
            if best.answer_s is not None
            else Message("config_is_slower")
        )
        chosen.notes.append(
            Message(
                "config_precision",
                {
                    "best": best.fit.quantization,
                    "slower": slower,
                    "chosen": chosen.fit.quantization,
                    "which": Message("config_meets" if chosen.meets_target else "config_fastest"),
                    "loss": chosen.fit.quality_loss,
                },
            )
        )
    return chosen


def _judge(
    fit: Fit,
    prompt_tokens: int,
    generated_tokens: float,
    target_s: float | None,
    *,
    considered: int,
) -> Configuration:
    notes: list[Message] = []
    if not fit.fits:
        return Configuration(fit, None, target_s, None, considered, notes)
    answer = answer_seconds(fit, prompt_tokens=prompt_tokens, generated_tokens=generated_tokens)
    if answer is None or fit.decode_tokens_per_s is None:
        return Configuration(fit, None, target_s, None, considered, notes)
    if target_s is not None:
        meets = answer <= target_s
        notes.append(
            Message(
                "config_answer",
                {
                    "answer_s": answer,
                    "prompt_tokens": prompt_tokens,
                    "generated_tokens": generated_tokens,
                    "tokens_per_s": fit.decode_tokens_per_s[0],
                    "target_s": target_s,
                    "verdict": _verdict(meets),
                },
            )
        )
    else:
        assumed = default_target(generated_tokens)
        meets = answer <= assumed
        notes.append(
            Message(
                "config_answer_default",
                {
                    "answer_s": answer,
                    "assumed_s": assumed,
                    "min_tokens_per_s": DEFAULT_MIN_DECODE_TPS,
                    "prompt_s": DEFAULT_PROMPT_ALLOWANCE_S,
                    "verdict": _verdict(meets),
                },
            )
        )
    return Configuration(fit, answer, target_s, meets, considered, notes)


def _verdict(meets: bool) -> Message:
    return Message("target_met" if meets else "target_missed")
