"""Measured speed corrects the estimator: per hardware, the decode efficiency actually seen.

A measurement is a decode rate observed for a model on some hardware (from the validation
harness, or entered by hand with ``modelrec calibrate add``). Its efficiency is measured /
roofline (bandwidth / bytes read per token). The calibrated efficiency of a hardware is the median
over its measurements; estimates then use it with a narrow band (0.85-1.2x, the "high
confidence" band of ../shared/reference/estimation.md) instead of the wide prior, and say so.

Community measurements (``knowledge/calibration/community_efficiency.yaml``, derived from the
llmfit community benchmarks, MIT) give a decode-efficiency range per hardware class (vendor +
discrete/unified) and runtime: :class:`CommunityCalibration`. They apply when the user has no
measurements of their own for the hardware; the user's always come first.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from ..kb.schema import ModelRecord
from ..store import Store
from .fit import EstimateError, HardwareProfile, estimate_fit

__all__ = [
    "COMMUNITY_TABLE",
    "Calibration",
    "CommunityCalibration",
    "CommunityEntry",
    "Measurement",
    "calibration_for",
    "community_calibration",
    "list_measurements",
    "record_measurement",
]

#: Band around a calibrated efficiency: measured figures are trusted, not exact.
CALIBRATED_BAND = (0.85, 1.2)


@dataclass(frozen=True)
class Measurement:
    hardware_id: str
    devices: int
    model_id: str
    quantization: str
    context: int
    decode_tokens_per_s: float
    predicted_roofline_tokens_per_s: float
    peak_memory_gb: float | None
    source: str
    measured_at: str

    @property
    def efficiency(self) -> float:
        return self.decode_tokens_per_s / self.predicted_roofline_tokens_per_s


@dataclass(frozen=True)
class Calibration:
    """The decode efficiency measured on one hardware, and how many measurements support it."""

    hardware_id: str
    decode_efficiency: float
    measurements: int

    @property
    def decode_band(self) -> tuple[float, float]:
        low, high = CALIBRATED_BAND
        return self.decode_efficiency * low, self.decode_efficiency * high

    def describe(self, prior: tuple[float, float]) -> str:
        low, high = self.decode_band
        return (
            f"calibrated: decode efficiency {self.decode_efficiency:.2f} measured on "
            f"{self.hardware_id} ({self.measurements} measurement"
            f"{'s' if self.measurements != 1 else ''}), band {low:.2f}-{high:.2f} "
            f"instead of the prior {prior[0]:.2f}-{prior[1]:.2f}"
        )


def record_measurement(
    store: Store,
    model: ModelRecord,
    hardware: HardwareProfile,
    *,
    decode_tokens_per_s: float,
    quantization: str,
    context: int,
    peak_memory_gb: float | None = None,
    source: str,
) -> Measurement:
    """Store one measured decode rate with the roofline the estimator predicts for it."""
    if hardware.hardware_id is None:
        raise EstimateError("calibration needs a catalogued hardware (use --gpu NAME)")
    if decode_tokens_per_s <= 0:
        raise EstimateError("a measured decode rate must be positive")
    fit = estimate_fit(
        model, hardware, quantization=quantization, context=context, calibration=None
    )
    if fit.roofline_tokens_per_s is None:
        raise EstimateError(f"cannot calibrate with '{model.id}': {fit.reason}")
    measurement = Measurement(
        hardware_id=hardware.hardware_id,
        devices=hardware.devices,
        model_id=model.id,
        quantization=fit.quantization,
        context=context,
        decode_tokens_per_s=decode_tokens_per_s,
        predicted_roofline_tokens_per_s=fit.roofline_tokens_per_s,
        peak_memory_gb=peak_memory_gb,
        source=source,
        measured_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    with store.transaction() as db:
        db.execute(
            "INSERT INTO measurements (hardware_id, devices, model_id, quantization, context,"
            " decode_tokens_per_s, predicted_roofline_tokens_per_s, peak_memory_gb, source,"
            " measured_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                measurement.hardware_id,
                measurement.devices,
                measurement.model_id,
                measurement.quantization,
                measurement.context,
                measurement.decode_tokens_per_s,
                measurement.predicted_roofline_tokens_per_s,
                measurement.peak_memory_gb,
                measurement.source,
                measurement.measured_at,
            ),
        )
    return measurement


def list_measurements(store: Store, hardware_id: str | None = None) -> list[Measurement]:
    query = "SELECT * FROM measurements"
    params: tuple[str, ...] = ()
    if hardware_id is not None:
        query, params = query + " WHERE hardware_id = ?", (hardware_id,)
    with store.connect() as db:
        rows = db.execute(query + " ORDER BY id", params).fetchall()
    return [Measurement(**{k: v for k, v in dict(row).items() if k != "id"}) for row in rows]


def calibration_for(store: Store, hardware_id: str) -> Calibration | None:
    """The calibrated decode efficiency for ``hardware_id``, or None without measurements."""
    measured = list_measurements(store, hardware_id)
    if not measured:
        return None
    return Calibration(
        hardware_id=hardware_id,
        decode_efficiency=statistics.median(m.efficiency for m in measured),
        measurements=len(measured),
    )


#: The shipped community-derived table (see benchmarks/community_calibration.py).
COMMUNITY_TABLE = (
    Path(__file__).resolve().parents[2] / "knowledge" / "calibration" / "community_efficiency.yaml"
)


@dataclass(frozen=True)
class CommunityEntry:
    """How decode speed relates to the roofline in community measurements, for one hardware
    class, runtime and placement.

    Time per token = roofline time / ``efficiency`` + ``per_token_overhead_ms`` (+
    ``moe_overhead_ms`` for a mixture of experts: routing and many small expert matmuls); the
    fixed part is why small models reach a smaller share of the roofline than large ones.
    The range is that point x ``low``..``high`` (quantiles of measured / point, each point
    predicted without its own measurement).
    """

    hardware_class: str
    runtime: str
    efficiency: float
    low: float
    high: float
    measurements: int
    source: str
    per_token_overhead_ms: float = 0.0
    moe_overhead_ms: float = 0.0
    placement: str = "gpu"  #: "gpu" (all on the device) or "offload" (some weights in RAM)

    def decode_range(self, roofline_tps: float, *, moe: bool) -> tuple[float, float]:
        seconds = 1 / (roofline_tps * self.efficiency)
        seconds += (self.per_token_overhead_ms + (self.moe_overhead_ms if moe else 0)) / 1e3
        return self.low / seconds, self.high / seconds

    def describe(self, prior: tuple[float, float]) -> str:
        fixed = ""
        if self.per_token_overhead_ms or self.moe_overhead_ms:
            fixed = f" + {self.per_token_overhead_ms:.2f} ms per token"
            if self.moe_overhead_ms:
                fixed += f" (+ {self.moe_overhead_ms:.2f} ms for MoE)"
        return (
            f"calibrated from community measurements: {self.runtime} on {self.hardware_class}"
            f"{' with offload' if self.placement != 'gpu' else ''}: time per token = roofline "
            f"time / {self.efficiency:.2f}{fixed}, range x{self.low:.2f}-{self.high:.2f} "
            f"({self.measurements} measurements; {self.source}) instead of the prior "
            f"efficiency {prior[0]:.2f}-{prior[1]:.2f}"
        )


@dataclass(frozen=True)
class CommunityCalibration:
    """Community decode-efficiency ranges by (hardware class, runtime)."""

    entries: tuple[CommunityEntry, ...]
    source: str = ""

    def entry(
        self, hardware_class: str, runtime: str, placement: str = "gpu"
    ) -> CommunityEntry | None:
        for e in self.entries:
            if (e.hardware_class, e.runtime, e.placement) == (hardware_class, runtime, placement):
                return e
        return None

    @classmethod
    def from_file(cls, path: Path) -> CommunityCalibration:
        import yaml

        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            source = str(data["source"])
            entries = tuple(
                CommunityEntry(
                    hardware_class=str(e["hardware_class"]),
                    runtime=str(e["runtime"]),
                    efficiency=float(e["efficiency"]),
                    low=float(e["low"]),
                    high=float(e["high"]),
                    measurements=int(e["measurements"]),
                    source=str(data.get("short_source", "llmfit community, MIT")),
                    per_token_overhead_ms=float(e.get("per_token_overhead_ms", 0.0)),
                    moe_overhead_ms=float(e.get("moe_overhead_ms", 0.0)),
                    placement=str(e.get("placement", "gpu")),
                )
                for e in data["entries"]
            )
        except (OSError, KeyError, TypeError, ValueError, yaml.YAMLError) as exc:
            raise EstimateError(
                f"{path}: not a community calibration table ({exc}); regenerate it with "
                "benchmarks/community_calibration.py"
            ) from exc
        return cls(entries, source)


@lru_cache(maxsize=4)
def community_calibration(path: Path = COMMUNITY_TABLE) -> CommunityCalibration | None:
    """The shipped community table, or None when it is absent."""
    if not path.is_file():
        return None
    return CommunityCalibration.from_file(path)
