"""Weight formats: bytes per weight, and the expected quality cost of each (a prior).

GGUF bits per weight come from llama.cpp itself (ggml-org/llama.cpp, read 2026-12-04):

- the k-quant *mixes* (``Q4_K_M`` etc.: most tensors at the named type, some at a higher one)
  and the legacy types: the file size ``tools/quantize/quantize.cpp`` lists for Llama-3-8B
  (8.03 B parameters), e.g. ``Q4_K_M : 4.58G`` = 4.58 GiB x 8 / 8.03e9 = 4.90 bits per weight,
  so the embedding and output tensors kept at higher precision are counted as in a real file;
- the i-quants: the bits per weight that same table states (``IQ4_XS : 4.25 bpw`` ...);
- MXFP4 and NVFP4: ggml's block sizes (``ggml/src/ggml-common.h``: ``block_mxfp4`` 17 bytes per
  32 weights = 4.25 bpw; ``block_nvfp4`` 36 bytes per 64 = 4.5 bpw);
- MLX affine quantisation (group 64, an fp16 scale and bias per group): 4 + 32/64 = 4.5 bpw at
  4 bits, 8.5 at 8 bits.

The quality-loss prior is the fraction of task quality a quantised model is expected to lose
(whichllm's table for the k-quants, ../shared/reference/estimation.md); formats outside that
table take the prior of the k-quant of the same bit width (stated as such in ``note``).
Measured evidence replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import UnknownQuantizationError

__all__ = [
    "QUANTIZATIONS",
    "Quantization",
    "UnknownQuantizationError",
    "get_quantization",
    "search_order",
]


@dataclass(frozen=True)
class Quantization:
    """A weight format as it bears on memory, speed and quality."""

    name: str
    bytes_per_weight: float
    quality_loss: float  #: expected fraction of task quality lost (prior, 0 = none)
    family: str  #: "native", "int", "gptq_awq", "bnb", "gguf", "mx"
    needs_gpu: bool = False  #: kernels exist only for CUDA (bitsandbytes, AWQ, GPTQ)
    searched: bool = True  #: tried when looking for the best fit (else only when asked for)
    note: str = ""

    @property
    def bits_per_weight(self) -> float:
        return self.bytes_per_weight * 8


#: llama.cpp's quantize table: GiB of a Llama-3-8B (8.03 B parameters) file -> bits per weight.
def _llama3_8b_bpw(gib: float) -> float:
    return gib * 2**30 * 8 / 8.03e9


def _gguf(name: str, gib: float, loss: float, **kw: object) -> Quantization:
    return Quantization(name, _llama3_8b_bpw(gib) / 8, loss, "gguf", **kw)  # type: ignore[arg-type]


_NEAREST = "quality prior of the k-quant of the same bit width"

#: Best quality first: the order in which a fit search tries them.
QUANTIZATIONS: tuple[Quantization, ...] = (
    Quantization("bf16", 2.0, 0.0, "native", note="also fp16 (and F16/BF16 GGUF)"),
    Quantization("fp8", 1.0, 0.01, "native", needs_gpu=True, note="Hopper/Ada and newer"),
    Quantization("int8", 1.0, 0.01, "int", note="LLM.int8 / W8A16"),
    _gguf("q8_0", 7.96, 0.01),
    Quantization("mlx_8bit", 8.5 / 8, 0.01, "mlx", searched=False, note="MLX, group 64"),
    _gguf("q6_k", 6.14, 0.02),
    _gguf("q5_k_m", 5.33, 0.03),
    _gguf("q5_k_s", 5.21, 0.03, searched=False, note=_NEAREST),
    _gguf("q5_0", 5.21, 0.03, searched=False, note=_NEAREST),
    Quantization(
        "mxfp4", 4.25 / 8, 0.04, "mx", searched=False, note="gpt-oss ships its MoE weights in it"
    ),
    Quantization(
        "nvfp4", 4.5 / 8, 0.05, "mx", needs_gpu=True, searched=False, note="Blackwell; " + _NEAREST
    ),
    Quantization("awq", 0.5 + 0.0625, 0.05, "gptq_awq", needs_gpu=True, note="4-bit, group 128"),
    Quantization("gptq", 0.5 + 0.0625, 0.05, "gptq_awq", needs_gpu=True, note="4-bit, group 128"),
    Quantization("nf4", 0.5 + 0.0625, 0.05, "bnb", needs_gpu=True, note="bitsandbytes 4-bit"),
    Quantization("mlx_4bit", 4.5 / 8, 0.05, "mlx", searched=False, note="MLX, group 64"),
    _gguf("q4_k_m", 4.58, 0.05),
    _gguf("q4_k_s", 4.37, 0.05, searched=False, note=_NEAREST),
    _gguf("q4_0", 4.34, 0.05, searched=False, note=_NEAREST),
    Quantization("iq4_nl", 4.5 / 8, 0.05, "gguf", searched=False, note=_NEAREST),
    Quantization("iq4_xs", 4.25 / 8, 0.05, "gguf", searched=False, note=_NEAREST),
    _gguf("q3_k_l", 4.03, 0.08, searched=False, note=_NEAREST),
    _gguf("q3_k_m", 3.74, 0.08),
    Quantization("iq3_m", 3.66 / 8, 0.08, "gguf", searched=False, note=_NEAREST),
    _gguf("q3_k_s", 3.41, 0.08, searched=False, note=_NEAREST),
    Quantization("iq3_xxs", 3.06 / 8, 0.08, "gguf", searched=False, note=_NEAREST),
    _gguf("q2_k", 2.96, 0.25),
    Quantization("iq2_m", 2.7 / 8, 0.25, "gguf", searched=False, note=_NEAREST),
    Quantization("iq2_xxs", 2.06 / 8, 0.25, "gguf", searched=False, note=_NEAREST),
)
_BY_NAME = {q.name: q for q in QUANTIZATIONS}
_ALIASES = {
    "fp16": "bf16",
    "f16": "bf16",
    "bfloat16": "bf16",
    "float16": "bf16",
    "int4": "awq",
    "4bit": "nf4",
    "8bit": "int8",
    "q4_k": "q4_k_m",
    "q5_k": "q5_k_m",
    "q3_k": "q3_k_m",
    "mxfp4_moe": "mxfp4",
}


#: A model's shipped precision -> the format its weights take in memory.
SHIPPED = {
    "bf16": "bf16",
    "fp16": "bf16",
    "fp32": "bf16",
    "fp8": "fp8",
    "mxfp4": "mxfp4",
    "int4": "awq",
}


def search_order(shipped_precision: str | None) -> tuple[Quantization, ...]:
    """Formats to try for a model, best quality first, starting at what it ships in (nothing
    is gained by up-casting) and skipping formats only used on request."""
    start = get_quantization(SHIPPED[shipped_precision or "bf16"])
    begin = QUANTIZATIONS.index(start)
    tail = tuple(
        q
        for q in QUANTIZATIONS[begin + 1 :]
        if q.searched and q.bytes_per_weight < start.bytes_per_weight
    )
    return (start, *tail)


def get_quantization(name: str) -> Quantization:
    """A format by name (case-insensitive; ``fp16`` = ``bf16``, ``Q4_K_M`` = ``q4_k_m``)."""
    key = name.strip().lower().replace("-", "_")
    key = _ALIASES.get(key, key)
    try:
        return _BY_NAME[key]
    except KeyError:
        raise UnknownQuantizationError(name, [*_BY_NAME, *_ALIASES]) from None
