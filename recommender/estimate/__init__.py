"""Hardware fit, speed and cost estimation (see ../shared/reference/estimation.md)."""

from ..errors import EstimateError, UnknownQuantizationError
from .calibration import (
    Calibration,
    CommunityCalibration,
    calibration_for,
    community_calibration,
    record_measurement,
)
from .compare import (
    BreakEven,
    CostComparison,
    CostEstimate,
    CostLine,
    break_even,
    compare_costs,
    reference_apis,
)
from .cost import (
    ApiCost,
    Workload,
    api_cost,
    break_even_requests_per_day,
    price_plan,
    self_host_cost,
)
from .fit import DEFAULT_CONTEXT, Fit, HardwareProfile, best_fit, estimate_fit
from .memory import KV_DTYPES, kv_bytes_per_token, kv_cache_gb, usable_memory_gb, weights_gb
from .plan import HostingPlan, hosting_plan, plan_hardware
from .quant import QUANTIZATIONS, Quantization, get_quantization, search_order
from .runtimes import default_runtime_id, resolve_runtime

__all__ = [
    "DEFAULT_CONTEXT",
    "KV_DTYPES",
    "QUANTIZATIONS",
    "ApiCost",
    "BreakEven",
    "Calibration",
    "CommunityCalibration",
    "CostComparison",
    "CostEstimate",
    "CostLine",
    "EstimateError",
    "Fit",
    "HardwareProfile",
    "HostingPlan",
    "Quantization",
    "UnknownQuantizationError",
    "Workload",
    "api_cost",
    "best_fit",
    "break_even",
    "break_even_requests_per_day",
    "calibration_for",
    "community_calibration",
    "compare_costs",
    "default_runtime_id",
    "estimate_fit",
    "get_quantization",
    "hosting_plan",
    "kv_bytes_per_token",
    "kv_cache_gb",
    "plan_hardware",
    "price_plan",
    "record_measurement",
    "reference_apis",
    "resolve_runtime",
    "search_order",
    "self_host_cost",
    "usable_memory_gb",
    "weights_gb",
]
