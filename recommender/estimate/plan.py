"""Where a model is self-hosted: the hosting plan (hardware, GPUs, fit and, once a workload is
priced, its cost), and the reverse question, which hardware runs a model, cheapest first."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal
from weakref import WeakKeyDictionary

from ..kb.loader import KnowledgeBase
from ..kb.schema import HardwareRecord, ModelRecord
from ..messages import Message
from .fit import DEFAULT_CONTEXT, EstimateError, Fit, HardwareProfile, best_fit

__all__ = ["HostingPlan", "PriceBasis", "hosting_plan", "plan_hardware"]

#: GPU counts tried per accelerator (tensor parallel needs counts that divide the heads).
GPU_COUNTS = (1, 2, 4, 8)

#: Which price a plan pays: any rental, a dedicated (secure-cloud or hyperscaler) rental, or
#: hardware the team owns (purchase amortised plus power).
PriceBasis = Literal["rental", "private_rental", "owned"]


@dataclass(frozen=True)
class HostingPlan:
    """One way to self-host a model: ``gpus`` x ``hardware`` per replica, with the fit computed
    once. :func:`~recommender.estimate.cost.price_plan` fills in the cost for a workload
    (``replicas`` and the monthly figures); until then only a rental's ``usd_per_hour`` is known.
    """

    model_id: str
    hardware: HardwareRecord
    gpus: int  #: per replica
    fit: Fit
    basis: PriceBasis = "rental"
    usd_per_hour: float | None = None  #: all GPUs of one replica at ``basis``; None: unknown
    replicas: int | None = None  #: replicas the workload's peak needs (once priced)
    requests_per_s_per_replica: float | None = None
    monthly_usd: float | None = None  #: None when the hardware has no price at ``basis``
    per_mtok_usd: float | None = None
    notes: list[Message] = field(default_factory=list)  #: the formulas and facts the cost used

    @property
    def hardware_id(self) -> str:
        return self.hardware.id

    @property
    def name(self) -> str:
        """'2 x NVIDIA RTX 4090'."""
        return self.fit.hardware

    @property
    def quantization(self) -> str:
        return self.fit.quantization

    @property
    def mode(self) -> Literal["rental", "owned"]:
        return "owned" if self.basis == "owned" else "rental"


def hosting_plan(
    model: ModelRecord,
    hardware: HardwareRecord,
    *,
    gpus: int = 1,
    context: int = DEFAULT_CONTEXT,
    basis: PriceBasis = "rental",
    fit: Fit | None = None,
) -> HostingPlan:
    """``model`` on ``gpus`` x ``hardware`` per replica; ``fit`` is the configuration already
    chosen (default: the best precision that fits at ``context`` tokens). Raises
    :class:`EstimateError` when it does not fit."""
    profile = HardwareProfile.from_record(hardware, count=gpus)
    if fit is None:
        fit = best_fit(model, profile, context=context)
    if not fit.fits:
        raise EstimateError(f"'{model.id}' does not fit {profile.name}: {fit.reason}")
    return HostingPlan(model.id, hardware, gpus, fit, basis)


def plan_hardware(
    model: ModelRecord,
    kb: KnowledgeBase,
    *,
    context: int = DEFAULT_CONTEXT,
    concurrency: int = 1,
    counts: tuple[int, ...] = GPU_COUNTS,
) -> list[HostingPlan]:
    """For each catalogued accelerator, the fewest GPUs that run ``model`` (best precision that
    fits), rental plans not yet priced for a workload; sorted by rental price per hour, plans
    without a known price last.

    Memoised per knowledge base: the answer depends only on its hardware, the model record and
    the arguments, and the engine asks it for every candidate of every questionnaire.
    """
    key = (model.model_dump_json(), context, concurrency, counts)
    memo = _MEMO.setdefault(kb, {})
    if key not in memo:
        memo[key] = _plan(model, kb, context, concurrency, counts)
    return list(memo[key])


_MEMO: WeakKeyDictionary[
    KnowledgeBase, dict[tuple[str, int, int, tuple[int, ...]], list[HostingPlan]]
] = WeakKeyDictionary()


def _plan(
    model: ModelRecord,
    kb: KnowledgeBase,
    context: int,
    concurrency: int,
    counts: tuple[int, ...],
) -> list[HostingPlan]:
    options: list[HostingPlan] = []
    for hw in kb.hardware:
        if hw.memory_gb is None:
            continue  # CPU platforms: RAM is the user's to state
        for count in counts if not hw.unified_memory else (1,):
            fit = best_fit(
                model,
                HardwareProfile.from_kb(kb, hw.id, count=count),
                context=context,
                concurrency=concurrency,
            )
            if fit.fits:
                price = hw.rental_per_hour.usd * count if hw.rental_per_hour else None
                options.append(HostingPlan(model.id, hw, count, fit, usd_per_hour=price))
                break
    return sorted(
        options,
        key=lambda o: (
            o.usd_per_hour is None,
            o.usd_per_hour or 0.0,
            o.fit.quality_loss,
            o.hardware_id,
        ),
    )
