"""Memory a model needs: weights, KV cache and runtime overhead; and memory a device offers.

Units: ``_gb`` here means GiB (2**30 bytes), the unit GPU memory is marketed in ("24 GB" cards
hold 24 GiB). Formulas and figures: ../shared/reference/estimation.md.

>>> from recommender import load_knowledge_base
>>> g = load_knowledge_base().model("llama-3.1-8b-instruct").geometry
>>> kv_bytes_per_token(g)          # 2 x 32 layers x 8 kv heads x 128 x 2 bytes = 128 KiB
131072.0
"""

from __future__ import annotations

from typing import get_args

from ..errors import EstimateError
from ..kb.schema import Geometry, KvDtype, ModelRecord
from .quant import Quantization

__all__ = [
    "GIB",
    "KV_BYTES",
    "KV_DTYPES",
    "kv_bytes_per_token",
    "kv_cache_gb",
    "kv_dtype_bytes",
    "overhead_gb",
    "usable_memory_gb",
    "weights_gb",
]

GIB = 2**30
#: Bytes per cached key/value element by KV-cache precision. llama.cpp's ``-ctk/-ctv q8_0`` and
#: ``q4_0`` store ggml blocks of 32 values: 34 and 18 bytes (ggml/src/ggml-common.h); vLLM's
#: ``--kv-cache-dtype fp8`` one byte.
KV_BYTES = {
    "f16": 2.0,
    "bf16": 2.0,
    "fp16": 2.0,
    "q8_0": 34 / 32,
    "fp8": 1.0,
    "q4_0": 18 / 32,
    "q8": 1.0,
    "q4": 0.5,
}
#: KV-cache precisions a user may choose (``--kv-dtype``): the schema's ``KvDtype``.
KV_DTYPES: tuple[str, ...] = get_args(KvDtype)


def kv_dtype_bytes(name: str) -> float:
    """Bytes per cached element for a KV-cache precision name (``f16``, ``q8_0``, ``q4_0``,
    ``fp8``)."""
    key = name.strip().lower().replace("-", "_")
    if key not in KV_BYTES:
        raise EstimateError(
            f"unknown KV-cache precision '{name}'; choose one of {', '.join(KV_DTYPES)}"
        )
    return KV_BYTES[key]


def weights_gb(model: ModelRecord, quant: Quantization) -> float:
    """Weights in GiB: total parameters (MoE: all experts) x bytes per weight."""
    if model.total_params_b is None:
        raise EstimateError(
            f"'{model.id}' has no parameter count in the knowledge base, so its memory cannot "
            "be estimated; add total_params_b with its source"
        )
    return model.total_params_b * 1e9 * quant.bytes_per_weight / GIB


def kv_bytes_per_token(g: Geometry, *, kv_bytes: float = 2.0, context: int | None = None) -> float:
    """Bytes of KV cache per token of context, summed over layers.

    - MHA/GQA/MQA: 2 (K and V) x kv heads x head_dim x bytes, per layer.
    - MLA: (kv_lora_rank + qk_rope_head_dim) x bytes per layer: one latent, not per head.
    - Sliding window: layers that slide cache at most ``sliding_window`` tokens, so at a given
      ``context`` the average per token is lower; without ``context`` the full-context figure.
    - Hybrids with state-space layers: only ``kv_cache_layers`` cache keys and values.
    """
    layers = g.kv_cache_layers or g.num_layers
    if g.attention == "mla":
        assert g.kv_lora_rank is not None and g.qk_rope_head_dim is not None
        per_layer = (g.kv_lora_rank + g.qk_rope_head_dim) * kv_bytes
    else:
        per_layer = 2 * g.num_kv_heads * g.effective_head_dim * kv_bytes
    if g.sliding_window is None or context is None or context <= g.sliding_window:
        return float(per_layer * layers)
    full = min(g.full_attention_layers or 0, layers)
    cached_tokens = full * context + (layers - full) * g.sliding_window
    return float(per_layer * cached_tokens / context)


def kv_cache_gb(
    model: ModelRecord, *, context: int, concurrency: int = 1, kv_bytes: float = 2.0
) -> float:
    """KV cache in GiB for ``concurrency`` sequences of ``context`` tokens each."""
    if model.geometry is None:
        raise EstimateError(f"'{model.id}' has no architecture geometry in the knowledge base")
    per_token = kv_bytes_per_token(model.geometry, kv_bytes=kv_bytes, context=context)
    return per_token * context * concurrency / GIB


def overhead_gb(weights: float, *, cpu_only: bool = False) -> float:
    """Runtime overhead in GiB: CUDA context (~0.65 GiB; ~0.5 GiB for a CPU runtime) plus
    activations and workspace, taken as 10% of the weights (transformers reports up to 20%,
    llama.cpp less; calibrated by measurements)."""
    return (0.5 if cpu_only else 0.65) + 0.10 * weights


def usable_memory_gb(total: float, *, kind: str = "gpu") -> float:
    """What a model may use of a device's memory, GiB.

    - discrete GPU: min(0.9 x total, total - 1.5). vLLM's default gpu_memory_utilization is
      0.9; runtime overhead is counted separately (:func:`overhead_gb`), so the stricter
      0.8 rule some tools use would count the same margin twice (gpt-oss-120b, which OpenAI
      ships to run on one 80 GB GPU, would not fit).
    - unified memory (Apple silicon, Strix Halo): min(0.85 x total, total - 1.5); the OS and
      apps share it.
    - CPU RAM: min(0.8 x total, total - 2); the OS and other programs need their share.
    """
    if kind == "unified":
        return max(0.0, min(0.85 * total, total - 1.5))
    if kind == "cpu":
        return max(0.0, min(0.8 * total, total - 2.0))
    return max(0.0, min(0.9 * total, total - 1.5))
