"""Will a model run on given hardware, at which precision, how fast: with the working shown.

:func:`estimate_fit` answers for one quantisation; :func:`best_fit` tries precisions from best
quality downwards and returns the first that fits. Every result lists the formulas and the facts
it used in ``notes``. Speed is a range: decode is memory-bound (bandwidth / bytes read per
token x efficiency), time to first token compute-bound (prefill FLOPs / peak FLOPS x efficiency).

- A runtime profile (knowledge/runtimes.yaml) sets the overheads, usable memory, the formats
  searched and the default KV-cache precision; without one, a generic runtime is assumed.
- Placement: on the device; a mixture of experts with its routed experts partly in system RAM
  (llama.cpp ``--n-cpu-moe``: decode reads those experts' bytes at the RAM's bandwidth); or whole
  layers in RAM. Offload happens only when fitting on the device at 4-bit quality fails and the
  profile has RAM to offload to; without RAM, a MoE that does not fit comes back with the
  expert-offload option as ``Fit.alternative``.
- Decode speed is given with the KV cache at ``used_context`` tokens (a request's prompt +
  output) and, as the worst case, filled to the full context.
- The efficiency range: the user's measurements (``modelrec calibrate``) first, then the
  community table (calibration.py), then a prior by run mode.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import EstimateError
from ..kb.loader import KnowledgeBase
from ..kb.schema import HardwareRecord, ModelRecord, RuntimeRecord
from ..messages import Message
from .memory import (
    GIB,
    kv_bytes_per_token,
    kv_cache_gb,
    kv_dtype_bytes,
    overhead_gb,
    usable_memory_gb,
    weights_gb,
)
from .quant import Quantization, get_quantization, search_order

if TYPE_CHECKING:
    from .calibration import Calibration, CommunityCalibration, CommunityEntry

__all__ = ["DEFAULT_CONTEXT", "EstimateError", "Fit", "HardwareProfile", "best_fit", "estimate_fit"]

#: Context estimated at when the user gives none (never the advertised maximum).
DEFAULT_CONTEXT = 8192
#: Decode efficiency (fraction of the bandwidth roofline), low..high, by run mode. Priors from
#: llmfit (0.55) and whichllm (0.40-0.55); replaced by calibration from measurements.
_DECODE_EFFICIENCY = {"gpu": (0.5, 0.9), "unified": (0.4, 0.75), "cpu": (0.35, 0.7)}
_TENSOR_PARALLEL_FACTOR = 0.9
#: Quantise down to this expected quality loss (4-bit) before offloading weights to system RAM.
_OFFLOAD_BEFORE_LOSS = 0.05
#: Prefill efficiency (fraction of dense peak FLOPS), low..high.
_PREFILL_EFFICIENCY = (0.4, 0.85)


@dataclass(frozen=True)
class HardwareProfile:
    """The machine a model would run on: ``devices`` identical GPUs, or a CPU, or unified memory."""

    name: str
    memory_gb: float  #: per device, GiB
    bandwidth_gbps: float  #: per device, GB/s
    devices: int = 1
    bf16_tflops: float | None = None  #: per device, dense
    unified: bool = False
    cpu_only: bool = False
    hardware_id: str | None = None
    #: System RAM that may hold the weights that do not fit on the GPU (partial offload), GiB.
    offload_ram_gb: float = 0.0
    #: Bandwidth of that RAM, GB/s (dual-channel DDR4-3200 by default).
    offload_bandwidth_gbps: float = 50.0
    vendor: str | None = None  #: "NVIDIA", "AMD", "Apple", "Intel"... when catalogued
    kind: str | None = None  #: the catalogue's kind (gpu_consumer, gpu_datacenter, ...)

    @property
    def platform(self) -> str:
        """What runtimes run on: nvidia, amd, apple, intel or cpu ("" when unknown)."""
        if self.cpu_only:
            return "cpu"
        vendor = (self.vendor or "").lower()
        return vendor if vendor in ("nvidia", "amd", "apple", "intel") else ""

    @property
    def hardware_class(self) -> str:
        """The class community measurements are pooled by: vendor + discrete / unified."""
        if self.cpu_only:
            return "cpu"
        return f"{self.platform or 'unknown'}-{'unified' if self.unified else 'discrete'}"

    def with_offload(self, ram_gb: float, *, bandwidth_gbps: float = 50.0) -> HardwareProfile:
        """This GPU profile, allowed to spill weights into ``ram_gb`` of system RAM."""
        if self.cpu_only or self.unified:
            raise EstimateError(
                "offload applies to discrete GPUs; CPU and unified memory "
                "already hold the whole model in RAM"
            )
        if ram_gb <= 0:
            raise EstimateError("offload RAM must be a positive number of GB")
        from dataclasses import replace

        return replace(
            self,
            offload_ram_gb=ram_gb,
            offload_bandwidth_gbps=bandwidth_gbps,
        )

    @classmethod
    def from_kb(cls, kb: KnowledgeBase, name: str, *, count: int = 1) -> HardwareProfile:
        """A catalogued accelerator by id, name or alias (``count`` of them)."""
        return cls.from_record(kb.hardware_item(name), count=count)

    @classmethod
    def from_record(cls, hw: HardwareRecord, *, count: int = 1) -> HardwareProfile:
        """``count`` of a catalogued accelerator."""
        if hw.memory_gb is None:
            raise EstimateError(
                f"'{hw.id}' is a CPU platform: state its RAM (HardwareProfile.cpu(ram_gb), "
                "or --cpu-only --ram-gb on the command line)"
            )
        if count < 1:
            raise EstimateError("the GPU count must be at least 1")
        return cls(
            name=hw.name if count == 1 else f"{count} x {hw.name}",
            memory_gb=hw.memory_gb,
            bandwidth_gbps=hw.memory_bandwidth_gbps,
            devices=count,
            bf16_tflops=hw.bf16_tflops,
            unified=hw.unified_memory,
            hardware_id=hw.id,
            vendor=hw.vendor,
            kind=hw.kind,
        )

    @classmethod
    def vram(cls, gb: float, *, bandwidth_gbps: float = 500.0) -> HardwareProfile:
        """An unnamed GPU with ``gb`` GiB; bandwidth defaults to a mid-range card's."""
        if gb <= 0:
            raise EstimateError("VRAM must be a positive number of GB")
        return cls(name=f"GPU with {gb:g} GB", memory_gb=gb, bandwidth_gbps=bandwidth_gbps)

    @classmethod
    def cpu(cls, ram_gb: float, *, bandwidth_gbps: float = 50.0) -> HardwareProfile:
        """CPU only; bandwidth defaults to dual-channel DDR4-3200 (~50 GB/s)."""
        if ram_gb <= 0:
            raise EstimateError("RAM must be a positive number of GB")
        return cls(
            name=f"CPU with {ram_gb:g} GB RAM",
            memory_gb=ram_gb,
            bandwidth_gbps=bandwidth_gbps,
            cpu_only=True,
        )


@dataclass(frozen=True)
class Fit:
    """The answer for one model, quantisation and hardware profile. Memory in GiB."""

    model_id: str
    hardware: str
    quantization: str
    fits: bool
    memory_gb: float  #: total needed across devices
    weights_gb: float
    kv_cache_gb: float
    overhead_gb: float
    usable_gb: float  #: total usable across devices
    headroom_gb: float  #: usable - needed (negative: short by that much)
    context: int
    concurrency: int
    quality_loss: float  #: prior fraction of quality lost to quantisation
    decode_tokens_per_s: tuple[float, float] | None  #: per sequence, low..high
    ttft_s: tuple[float, float] | None  #: for a prompt of ``context`` tokens, low..high
    max_context: int | None  #: longest context that fits at this quantisation
    reason_message: Message | None = None  #: why it does not fit; None when it fits
    roofline_tokens_per_s: float | None = None  #: decode bound by bandwidth alone (efficiency 1)
    offload_gb: float = 0.0  #: weights held in system RAM (partial offload)
    calibrated: bool = False  #: the decode range comes from measurements on this hardware
    notes: list[str] = field(default_factory=list)
    #: where the weights live: "gpu" (or the one memory of a CPU / unified machine),
    #: "layer_offload" (some layers in system RAM), "expert_offload" (MoE experts in RAM)
    placement: str = "gpu"
    runtime: str | None = None  #: runtime profile id the estimate assumes; None: generic
    kv_dtype: str = "f16"  #: KV-cache precision
    used_context: int | None = None  #: tokens in the KV cache the decode speed is given at
    #: decode tokens/s with the KV cache filled to ``context`` (the worst case), low..high
    decode_worst_tokens_per_s: tuple[float, float] | None = None
    #: when it does not fit on the GPU alone: the expert-offload placement it could use,
    #: estimated with enough system RAM at the profile's RAM bandwidth
    alternative: Fit | None = None

    @property
    def short_of_memory(self) -> bool:
        """It does not fit for want of memory alone (more memory, or a smaller precision,
        would make it fit)."""
        return self.reason_message is not None and self.reason_message.code == "fit_needs_memory"

    @property
    def reason(self) -> str | None:
        """Why it does not fit, in English (rendered when asked: fits are estimated by the
        hundred thousand, their reasons read a few times)."""
        return None if self.reason_message is None else self.reason_message.text

    def to_json(self) -> dict[str, object]:
        """The contract shape of ``modelrec fit --json`` (DESIGN.md)."""
        return {
            "model_id": self.model_id,
            "hardware": self.hardware,
            "fits": self.fits,
            "memory_gb": round(self.memory_gb, 2),
            "weights_gb": round(self.weights_gb, 2),
            "kv_cache_gb": round(self.kv_cache_gb, 2),
            "overhead_gb": round(self.overhead_gb, 2),
            "usable_gb": round(self.usable_gb, 2),
            "headroom_gb": round(self.headroom_gb, 2),
            "quantization": self.quantization,
            "quality_loss": self.quality_loss,
            "context": self.context,
            "concurrency": self.concurrency,
            "max_context": self.max_context,
            "reason": self.reason,
            "decode_tokens_per_s": _rounded(self.decode_tokens_per_s, 1),
            "roofline_tokens_per_s": None
            if self.roofline_tokens_per_s is None
            else round(self.roofline_tokens_per_s, 1),
            "calibrated": self.calibrated,
            "offload_gb": round(self.offload_gb, 2),
            "ttft_s": _rounded(self.ttft_s, 3),
            "placement": self.placement,
            "runtime": self.runtime,
            "kv_dtype": self.kv_dtype,
            "used_context": self.used_context,
            "decode_worst_tokens_per_s": _rounded(self.decode_worst_tokens_per_s, 1),
            "alternative": None if self.alternative is None else self.alternative.to_json(),
            "notes": self.notes,
        }


def _rounded(pair: tuple[float, float] | None, digits: int) -> list[float] | None:
    return None if pair is None else [round(pair[0], digits), round(pair[1], digits)]


def estimate_fit(
    model: ModelRecord,
    hardware: HardwareProfile,
    *,
    quantization: str | Quantization | None = None,
    context: int = DEFAULT_CONTEXT,
    concurrency: int = 1,
    kv_bytes: float | None = None,
    calibration: Calibration | None = None,
    runtime: RuntimeRecord | None = None,
    kv_dtype: str | None = None,
    used_context: int | None = None,
    community: CommunityCalibration | None = None,
) -> Fit:
    """Memory, fit and speed of ``model`` on ``hardware`` at one quantisation (default: the
    precision its weights ship in).

    - ``runtime``: a runtime profile (knowledge/runtimes.yaml): its overheads, the formats it
      runs, its default KV-cache precision. None: a generic runtime (0.65 GiB + 10% of the
      weights, any format).
    - ``kv_dtype`` (``f16``, ``q8_0``, ``q4_0``, ``fp8``) or raw ``kv_bytes`` per element.
    - ``used_context``: tokens actually in the KV cache while decoding (a request's prompt +
      output); speed is given there and at the full ``context`` as the worst case.
    - With a ``calibration`` for this hardware, the decode range uses the measured efficiency;
      else a ``community`` calibration for its hardware class and runtime, if it has one.
    """
    if quantization is None:  # the precision the weights ship in
        quant = search_order(model.shipped_precision)[0]
    elif isinstance(quantization, str):
        quant = get_quantization(quantization)
    else:
        quant = quantization
    if context < 1 or concurrency < 1:
        raise EstimateError("context and concurrency must be at least 1")
    if model.api is not None:
        raise EstimateError(f"'{model.id}' is an API model: it runs on the provider's hardware")
    if kv_dtype is None and kv_bytes is None:
        kv_dtype = runtime.default_kv_dtype if runtime is not None else "f16"
    if kv_dtype is not None:
        kv_bytes = kv_dtype_bytes(kv_dtype)
    assert kv_bytes is not None
    used = context if used_context is None else max(1, min(used_context, context))
    notes: list[str] = []
    if runtime is not None:
        notes.append(f"runtime: {runtime.name} ({runtime.source})")
    w = weights_gb(model, quant)
    notes.append(
        f"weights = {model.total_params_b:g}B params x {quant.bits_per_weight:.2f} bits "
        f"({quant.name}) = {w:.2f} GB"
    )
    if model.active_params_b is not None:
        notes.append(
            "mixture of experts: memory holds all experts; decode reads "
            f"{model.active_params_b:g}B active parameters per token"
        )
    kv = 0.0
    if model.geometry is not None:
        kv = kv_cache_gb(model, context=context, concurrency=concurrency, kv_bytes=kv_bytes)
        per_token = kv_bytes_per_token(model.geometry, kv_bytes=kv_bytes, context=context)
        notes.append(
            f"KV cache = {per_token / 1024:.1f} KiB/token ({_kv_formula(model)}, "
            f"{kv_dtype or f'{kv_bytes:g} bytes'}) x {context:,} tokens x {concurrency} "
            f"sequence(s) = {kv:.2f} GB"
        )
    else:
        notes.append("no architecture geometry in the knowledge base: KV cache not counted")
    devices = hardware.devices
    over = _overhead(model, w / devices, context, hardware, runtime, notes) * devices
    need = w + kv + over
    kind = "cpu" if hardware.cpu_only else "unified" if hardware.unified else "gpu"
    if runtime is not None and runtime.memory_utilization is not None and kind == "gpu":
        usable = hardware.memory_gb * runtime.memory_utilization * devices
        rule = f"{runtime.name} reserves {runtime.memory_utilization:g} of each GPU"
    elif runtime is not None and runtime.gpu_margin_gb is not None and kind == "gpu":
        usable = max(0.0, hardware.memory_gb - runtime.gpu_margin_gb) * devices
        rule = f"{runtime.name} leaves {runtime.gpu_margin_gb:g} GB free per GPU"
    else:
        usable = usable_memory_gb(hardware.memory_gb, kind=kind) * devices
        rule = {
            "gpu": "min(0.9 x total, total - 1.5) per GPU",
            "unified": "unified memory: min(0.85 x total, total - 1.5)",
            "cpu": "RAM: min(0.8 x total, total - 2)",
        }[kind]
    notes.append(f"usable = {usable:.1f} GB of {hardware.memory_gb * devices:g} GB ({rule})")
    blocker = _blocker(model, hardware, quant, context, notes, runtime, kv_dtype)
    offload = 0.0
    placement = "gpu"
    ram_read_share = 0.0  # share of the weight bytes read per token that come from system RAM
    if blocker is None and need > usable and hardware.offload_ram_gb > 0:
        spare_ram = usable_memory_gb(hardware.offload_ram_gb, kind="cpu")
        experts = _expert_split(model, quant) if _can_offload_experts(runtime) else None
        if experts is not None:
            expert_gb, expert_share_read = experts
            on_gpu_base = need - expert_gb
            room = usable - on_gpu_base
            if room > 0 and expert_gb - min(room, expert_gb) <= spare_ram:
                in_ram = max(0.0, expert_gb - room)
                if in_ram > 0:
                    offload, placement = in_ram, "expert_offload"
                    ram_read_share = expert_share_read * in_ram / expert_gb
                    notes.append(
                        f"expert offload: {in_ram:.1f} of {expert_gb:.1f} GB of routed-expert "
                        f"weights in system RAM ({spare_ram:.1f} GB usable of "
                        f"{hardware.offload_ram_gb:g} GB), attention, shared weights, KV cache"
                        f" and {expert_gb - in_ram:.1f} GB of experts on the GPU (llama.cpp "
                        "--n-cpu-moe); decode reads "
                        f"{ram_read_share:.0%} of its weight bytes from RAM"
                    )
        if (
            placement == "gpu"
            and need - usable <= min(spare_ram, w)
            and _can_offload_layers(runtime)
        ):
            offload, placement = need - usable, "layer_offload"
            ram_read_share = offload / w if w else 0.0
            notes.append(
                f"partial offload: {offload:.1f} GB of weights ({offload / w:.0%}) in system RAM "
                f"({spare_ram:.1f} GB usable of {hardware.offload_ram_gb:g} GB); "
                "decode slows to the RAM's pace for that share"
            )
    if blocker is None and need - offload > usable:
        blocker = Message(
            "fit_needs_memory",
            {
                "memory_gb": need,
                "context": context,
                "concurrency": concurrency,
                "quantization": quant.name,
                "hardware": hardware.name,
                "usable_gb": usable,
            },
        )
    fits = blocker is None
    decode = ttft = roofline = worst = None
    if calibration is not None and calibration.hardware_id != hardware.hardware_id:
        calibration = None  # measured elsewhere: not evidence for this hardware
    read = _bytes_read_per_token(model, quant, used, kv_bytes)
    ram_bytes = _active_weight_bytes(model, quant) * ram_read_share
    if blocker is None or blocker.code == "fit_needs_memory":
        roofline = _roofline(hardware, read, ram_bytes)
    if fits and not model.timed_in_tokens:
        notes.append(
            "time per image not estimated: a diffusion model's speed depends on its steps and "
            "resolution, not on a token decode rate; measure it"
        )
    elif fits:
        assert roofline is not None
        if placement != "gpu":
            calibration = None  # measured without offload: not evidence for this mode
        band = _efficiency_band(hardware, placement, calibration, community, runtime, notes)
        moe = model.active_params_b is not None

        def speeds(tps: float) -> tuple[float, float]:
            if isinstance(band, tuple):
                return tps * band[0], tps * band[1]
            return band.decode_range(tps, moe=moe)

        _decode_range(hardware, roofline, read, used, ram_bytes, notes)
        decode = speeds(roofline)
        if used < context:
            read_full = _bytes_read_per_token(model, quant, context, kv_bytes)
            worst = speeds(_roofline(hardware, read_full, ram_bytes))
            notes.append(
                f"speed at {used:,} tokens in the KV cache (the request); with it filled to "
                f"{context:,}: {worst[0]:.1f}-{worst[1]:.1f} tokens/s (worst case)"
            )
        else:
            worst = decode
        ttft = _ttft_range(model, hardware, quant, context, notes)
    kind_label = {"expert_offload": "experts", "layer_offload": "layers"}.get(placement, "")
    return Fit(
        model_id=model.id,
        hardware=hardware.name
        + (f" + {offload:.1f} GB of {kind_label} in system RAM" if offload else ""),
        quantization=quant.name,
        fits=fits,
        memory_gb=need,
        weights_gb=w,
        kv_cache_gb=kv,
        overhead_gb=over,
        usable_gb=usable,
        headroom_gb=usable - (need - offload),
        context=context,
        concurrency=concurrency,
        quality_loss=quant.quality_loss,
        decode_tokens_per_s=decode,
        ttft_s=ttft,
        max_context=_max_context(
            model,
            usable
            + (usable_memory_gb(hardware.offload_ram_gb, kind="cpu") if offload else 0)
            - w
            - over,
            concurrency,
            kv_bytes,
        ),
        reason_message=blocker,
        roofline_tokens_per_s=roofline,
        offload_gb=offload,
        calibrated=decode is not None and (calibration is not None or _used_community(notes)),
        notes=notes,
        placement=placement,
        runtime=None if runtime is None else runtime.id,
        kv_dtype=kv_dtype or f"{kv_bytes:g} bytes",
        used_context=used,
        decode_worst_tokens_per_s=worst,
    )


def _used_community(notes: list[str]) -> bool:
    return any(n.startswith("calibrated from community") for n in notes)


def _overhead(
    model: ModelRecord,
    weights_per_device: float,
    context: int,
    hw: HardwareProfile,
    runtime: RuntimeRecord | None,
    notes: list[str],
) -> float:
    """Runtime memory per device besides weights and KV cache, GiB."""
    if runtime is None:
        over = overhead_gb(weights_per_device, cpu_only=hw.cpu_only)
        notes.append(
            f"overhead = {over * hw.devices:.2f} GB (runtime context + 10% of weights per device)"
        )
        return over
    parts = [f"{runtime.runtime_overhead_gb:g} runtime"]
    over = runtime.runtime_overhead_gb
    if runtime.compute_buffer_gb_per_1k_tokens:
        buffers = runtime.compute_buffer_gb_per_1k_tokens * context / 1024
        over += buffers
        parts.append(f"{buffers:.2f} compute buffers at {context:,} tokens")
    if runtime.activation_fraction:
        over += runtime.activation_fraction * weights_per_device
        parts.append(f"{runtime.activation_fraction:.0%} of weights for activations")
    workspace = runtime.activation_workspace_gb
    if model.active_params_b is not None and runtime.activation_workspace_moe_gb is not None:
        workspace = runtime.activation_workspace_moe_gb
    if workspace:
        over += workspace
        parts.append(f"{workspace:g} activation workspace")
    notes.append(f"overhead = {over * hw.devices:.2f} GB ({' + '.join(parts)} per device)")
    return over


def _can_offload_experts(runtime: RuntimeRecord | None) -> bool:
    return runtime is None or runtime.expert_offload


def _can_offload_layers(runtime: RuntimeRecord | None) -> bool:
    return runtime is None or runtime.layer_offload


def expert_params_b(model: ModelRecord) -> tuple[float, float] | None:
    """(routed-expert parameters, of which read per token), billions, for a mixture of
    experts whose geometry gives the expert counts; None otherwise.

    From total T, active A, and k of E experts per token: the experts hold X with
    T - X + X k/E = A, so X = (T - A) / (1 - k/E); a token reads X k/E of them.
    """
    g = model.geometry
    if (
        model.active_params_b is None
        or model.total_params_b is None
        or g is None
        or g.num_experts is None
        or g.experts_per_token is None
    ):
        return None
    share = g.experts_per_token / g.num_experts
    experts = (model.total_params_b - model.active_params_b) / (1 - share)
    return experts, experts * share


def _expert_split(model: ModelRecord, quant: Quantization) -> tuple[float, float] | None:
    """(GiB of routed-expert weights, share of the weight bytes read per token that are
    expert bytes)."""
    split = expert_params_b(model)
    if split is None:
        return None
    experts, read = split
    active = model.active_params_b
    assert active is not None
    return experts * 1e9 * quant.bytes_per_weight / GIB, read / active


def best_fit(
    model: ModelRecord,
    hardware: HardwareProfile,
    *,
    context: int = DEFAULT_CONTEXT,
    concurrency: int = 1,
    candidates: tuple[Quantization, ...] | None = None,
    calibration: Calibration | None = None,
    runtime: RuntimeRecord | None = None,
    kv_dtype: str | None = None,
    used_context: int | None = None,
    community: CommunityCalibration | None = None,
    offer_offload: bool = True,
) -> Fit:
    """The best-quality quantisation that fits; if none does, the smallest attempt (fits=False).

    With offload RAM available, fitting wholly on the GPU at 4-bit quality or better comes first:
    spilling weights to system RAM costs far more speed than quantising does quality. A mixture
    of experts then keeps its attention and shared weights on the GPU and the experts in RAM.
    Without offload RAM, a mixture of experts that does not fit on the GPU comes back with the
    expert-offload placement it could use as ``alternative`` (RAM needed, speed).
    """
    if candidates is None:
        candidates = search_order(model.shipped_precision)
    if runtime is not None:
        candidates = runtime_candidates(model, candidates, runtime)
    options = {
        "context": context,
        "concurrency": concurrency,
        "calibration": calibration,
        "runtime": runtime,
        "kv_dtype": kv_dtype,
        "used_context": used_context,
        "community": community,
    }
    if hardware.offload_ram_gb > 0:
        from dataclasses import replace

        on_gpu = best_fit(
            model,
            replace(hardware, offload_ram_gb=0.0),
            candidates=tuple(q for q in candidates if q.quality_loss <= _OFFLOAD_BEFORE_LOSS),
            offer_offload=False,
            **options,  # type: ignore[arg-type]
        )
        if on_gpu.fits:
            on_gpu.notes.append("fits on the GPU alone: system RAM offload not needed")
            return on_gpu
        # Offloading: the most compact acceptable precision spills the least to slow RAM.
        acceptable = sorted(
            (q for q in candidates if q.quality_loss <= _OFFLOAD_BEFORE_LOSS),
            # llama.cpp (GGUF) is the runtime that splits layers between GPU and RAM well
            key=lambda q: (q.family != "gguf", q.bytes_per_weight, q.quality_loss),
        )
        candidates = (*acceptable, *(q for q in candidates if q not in acceptable))
    last: Fit | None = None
    for quant in candidates:
        if quant.needs_gpu and hardware.cpu_only:
            continue
        fit = estimate_fit(model, hardware, quantization=quant, **options)  # type: ignore[arg-type]
        if not fit.fits and not fit.short_of_memory:
            return fit  # not a matter of memory: no other precision helps
        if fit.fits:
            if quant is not candidates[0]:
                fit.notes.append(
                    f"{candidates[0].name} does not fit; {quant.name} is the "
                    f"best precision that does (expected quality loss "
                    f"{quant.quality_loss:.0%}, a prior)"
                )
            return fit
        last = fit
    assert last is not None
    last.notes.append("does not fit at any supported precision")
    if offer_offload and hardware.offload_ram_gb == 0:
        return _with_offload_offer(model, hardware, last, candidates, options)
    return last


def runtime_candidates(
    model: ModelRecord, candidates: tuple[Quantization, ...], runtime: RuntimeRecord
) -> tuple[Quantization, ...]:
    """The formats of ``candidates`` the runtime runs; when it runs none of them (a GGUF
    runtime and a bf16 search order that only offers other families), the searched formats it
    runs, best quality first."""
    runs = [q for q in candidates if q.name in runtime.quantizations]
    if runs:
        return tuple(runs)
    return tuple(
        get_quantization(name)
        for name in runtime.quantizations
        if get_quantization(name).searched or name == model.shipped_precision
    )


def _with_offload_offer(
    model: ModelRecord,
    hardware: HardwareProfile,
    fit: Fit,
    candidates: tuple[Quantization, ...],
    options: Mapping[str, object],
) -> Fit:
    """``fit`` with the expert-offload placement a mixture of experts could use instead,
    assuming enough system RAM at the profile's RAM bandwidth."""
    from dataclasses import replace

    runtime = options["runtime"]
    if (
        hardware.cpu_only
        or hardware.unified
        or expert_params_b(model) is None
        or not _can_offload_experts(runtime)  # type: ignore[arg-type]
    ):
        return fit
    acceptable = sorted(
        (q for q in candidates if q.quality_loss <= _OFFLOAD_BEFORE_LOSS),
        key=lambda q: (q.family != "gguf", q.bytes_per_weight, q.quality_loss),
    )
    if not acceptable:
        return fit
    quant = acceptable[0]
    split = _expert_split(model, quant)
    assert split is not None
    # RAM whose usable share (min(0.8 x, x - 2)) holds every expert: the most it may need
    ram = max(split[0] / 0.8, split[0] + 2.0)
    ram = float(int(ram) + 1)
    option = estimate_fit(
        model,
        hardware.with_offload(ram, bandwidth_gbps=hardware.offload_bandwidth_gbps),
        quantization=quant,
        **options,  # type: ignore[arg-type]
    )
    if not option.fits or option.placement != "expert_offload":
        return fit
    needed_ram = option.offload_gb
    option.notes.append(
        f"needs about {needed_ram:.1f} GB of free system RAM for the experts (RAM bandwidth "
        f"assumed {hardware.offload_bandwidth_gbps:g} GB/s, dual-channel DDR4-3200; "
        "state yours with --offload-ram-gb)"
    )
    fit.notes.append(
        f"as a mixture of experts it runs with its experts in system RAM: {option.quantization}"
        f", {needed_ram:.1f} GB of experts in RAM (see the alternative)"
    )
    return replace(fit, alternative=option)


def _blocker(
    model: ModelRecord,
    hw: HardwareProfile,
    quant: Quantization,
    context: int,
    notes: list[str],
    runtime: RuntimeRecord | None = None,
    kv_dtype: str | None = None,
) -> Message | None:
    """A reason it cannot run that no amount of memory fixes."""
    if model.context_length is not None and context > model.context_length:
        return Message("fit_context_over", {"context": context, "limit": model.context_length})
    if quant.needs_gpu and hw.cpu_only:
        return Message("fit_needs_cuda", {"quantization": quant.name})
    if runtime is not None:
        if hw.platform and hw.platform not in runtime.platforms:
            return Message(
                "fit_runtime_platform", {"runtime": runtime.name, "platform": hw.platform}
            )
        if quant.name not in runtime.quantizations:
            return Message(
                "fit_runtime_quantization",
                {
                    "runtime": runtime.name,
                    "quantization": quant.name,
                    "supported": list(runtime.quantizations),
                },
            )
        if kv_dtype is not None and kv_dtype not in runtime.kv_dtypes:
            return Message(
                "fit_runtime_kv",
                {
                    "runtime": runtime.name,
                    "kv_dtype": kv_dtype,
                    "supported": list(runtime.kv_dtypes),
                },
            )
    if hw.devices > 1:
        return _tensor_parallel_problem(model, hw.devices)
    return None


def _kv_formula(model: ModelRecord) -> str:
    g = model.geometry
    assert g is not None
    layers = g.kv_cache_layers or g.num_layers
    if g.attention == "mla":
        return f"MLA: {layers} layers x ({g.kv_lora_rank} + {g.qk_rope_head_dim}) x bytes"
    text = f"2 x {layers} layers x {g.num_kv_heads} kv heads x {g.effective_head_dim} x bytes"
    if g.sliding_window:
        text += (
            f"; {g.full_attention_layers or 0} full-attention layers, the rest keep "
            f"{g.sliding_window:,} tokens"
        )
    return text


def _tensor_parallel_problem(model: ModelRecord, devices: int) -> Message | None:
    g = model.geometry
    if g is None:
        return None
    heads = (
        [g.num_attention_heads] if g.attention == "mla" else [g.num_attention_heads, g.num_kv_heads]
    )
    bad = [h for h in heads if h % devices]
    if bad:
        if len(heads) == 1:
            return Message("fit_tensor_parallel", {"devices": devices, "heads": heads[0]})
        return Message(
            "fit_tensor_parallel_kv",
            {"devices": devices, "heads": heads[0], "kv_heads": heads[1]},
        )
    return None


def _active_weight_bytes(model: ModelRecord, quant: Quantization) -> float:
    active = model.active_params_b or model.total_params_b
    assert active is not None
    return active * 1e9 * quant.bytes_per_weight


def _bytes_read_per_token(
    model: ModelRecord, quant: Quantization, context: int, kv_bytes: float
) -> float:
    """Active weights, plus the KV cache of a sequence filled to ``context``."""
    read = _active_weight_bytes(model, quant)
    if model.geometry is not None:
        read += kv_bytes_per_token(model.geometry, kv_bytes=kv_bytes, context=context) * context
    return read


def _roofline(hw: HardwareProfile, read: float, ram_bytes: float) -> float:
    """Decode tokens/s if every byte moved at peak bandwidth; with offload, ``ram_bytes`` of
    the bytes read per token move at the system RAM's bandwidth."""
    gpu = hw.bandwidth_gbps * 1e9 * hw.devices
    ram = hw.offload_bandwidth_gbps * 1e9
    return 1 / ((read - ram_bytes) / gpu + ram_bytes / ram)


def _efficiency_band(
    hw: HardwareProfile,
    placement: str,
    calibration: Calibration | None,
    community: CommunityCalibration | None,
    runtime: RuntimeRecord | None,
    notes: list[str],
) -> tuple[float, float] | CommunityEntry:
    """Fraction of the roofline decode reaches, low..high: the user's own measurements on
    this hardware first, then community measurements for its class, runtime and placement
    (a :class:`CommunityEntry`), then the prior by run mode."""
    offloaded = placement != "gpu"
    mode = "cpu" if hw.cpu_only or offloaded else "unified" if hw.unified else "gpu"
    prior = _DECODE_EFFICIENCY[mode]
    low, high = prior
    if hw.devices > 1:
        low, high = low * _TENSOR_PARALLEL_FACTOR, high * _TENSOR_PARALLEL_FACTOR
    if calibration is not None:
        notes.append(calibration.describe(prior))
        return calibration.decode_band
    if community is not None and runtime is not None and hw.devices == 1:
        entry = community.entry(hw.hardware_class, runtime.id, "offload" if offloaded else "gpu")
        if entry is not None:
            notes.append(entry.describe(prior))
            return entry
    label = "offload" if offloaded else mode
    notes.append(f"efficiency {low:.2f}-{high:.2f} ({label}; a prior until measured)")
    return low, high


def _decode_range(
    hw: HardwareProfile,
    roofline: float,
    read: float,
    context: int,
    ram_bytes: float,
    notes: list[str],
) -> None:
    where = f"{hw.bandwidth_gbps * hw.devices:g} GB/s"
    if ram_bytes:
        where = (
            f"({(read - ram_bytes) / 1e9:.2f} GB at {hw.bandwidth_gbps * hw.devices:g} GB/s + "
            f"{ram_bytes / 1e9:.2f} GB at {hw.offload_bandwidth_gbps:g} GB/s RAM)"
        )
        notes.append(
            f"decode = 1 / {where} per token (active weights + KV at {context:,} tokens) = "
            f"{roofline:.1f} tokens/s roofline"
        )
    else:
        notes.append(
            f"decode = {where} / {read / 1e9:.2f} GB read per token "
            f"(active weights + KV at {context:,} tokens) = {roofline:.1f} tokens/s roofline"
        )


def _ttft_range(
    model: ModelRecord, hw: HardwareProfile, quant: Quantization, context: int, notes: list[str]
) -> tuple[float, float] | None:
    active = model.active_params_b or model.total_params_b
    assert active is not None
    if hw.bf16_tflops is None:
        notes.append("time to first token unknown: no TFLOPS figure for this hardware")
        return None
    flops = 2 * active * 1e9 * context
    peak = hw.bf16_tflops * 1e12 * hw.devices
    memory_time = active * 1e9 * quant.bytes_per_weight / (hw.bandwidth_gbps * 1e9 * hw.devices)
    low, high = _PREFILL_EFFICIENCY
    fast, slow = max(flops / (peak * high), memory_time), max(flops / (peak * low), memory_time)
    notes.append(
        f"time to first token = 2 x {active:g}B active x {context:,} prompt tokens / "
        f"({hw.bf16_tflops * hw.devices:g} TFLOPS x {low}-{high})"
    )
    return fast, slow


def _max_context(
    model: ModelRecord, free_gb: float, concurrency: int, kv_bytes: float
) -> int | None:
    """Longest context (tokens, up to the model's limit) whose KV cache fits in ``free_gb``."""
    if model.geometry is None or free_gb <= 0:
        return None if model.geometry is None else 0
    limit = model.context_length or 1 << 20

    def fits(tokens: int) -> bool:
        return (
            kv_cache_gb(model, context=tokens, concurrency=concurrency, kv_bytes=kv_bytes)
            <= free_gb
        )

    if fits(limit):
        return limit
    lo, hi = 0, limit  # fits(lo) is true, fits(hi) false; KV grows monotonically with context
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if fits(mid) else (lo, mid)
    return lo
