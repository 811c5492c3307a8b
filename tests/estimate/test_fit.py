"""Hand-checked memory and speed figures (../shared/reference/estimation.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from recommender import load_knowledge_base
from recommender.cli import main
from recommender.estimate import (
    HardwareProfile,
    UnknownQuantizationError,
    best_fit,
    estimate_fit,
    get_quantization,
    kv_bytes_per_token,
    weights_gb,
)
from recommender.estimate.memory import GIB
from recommender.kb.schema import Geometry, ModelRecord

KB = load_knowledge_base()


def model_like(base: str, **update: Any) -> ModelRecord:
    record = KB.model(base).model_copy(update=update)
    return ModelRecord.model_validate(record.model_dump())


#: Llama-3.x 70B geometry, from its config.json (80 layers, 64 heads, 8 KV heads, hidden 8192).
LLAMA_70B = model_like(
    "llama-3.1-8b-instruct",
    id="llama-70b-like",
    total_params_b=70.6,
    geometry=Geometry(
        num_layers=80, num_attention_heads=64, num_kv_heads=8, hidden_size=8192, attention="gqa"
    ),
)


def test_llama_3_1_8b_caches_128_kib_per_token_and_16_gib_at_128k() -> None:
    m = KB.model("llama-3.1-8b-instruct")
    assert m.geometry is not None
    assert kv_bytes_per_token(m.geometry) == 128 * 1024
    fit = estimate_fit(m, HardwareProfile.from_kb(KB, "h100-sxm"), context=131072)
    assert fit.kv_cache_gb == pytest.approx(16.0)


def test_70b_llama_caches_320_kib_per_token() -> None:
    assert LLAMA_70B.geometry is not None
    assert kv_bytes_per_token(LLAMA_70B.geometry) == 320 * 1024


def test_deepseek_v3_mla_cache_is_about_70_kb_not_25x_more() -> None:
    g = KB.model("deepseek-v3").geometry
    assert g is not None
    mla = kv_bytes_per_token(g)
    assert mla == 61 * (512 + 64) * 2 == pytest.approx(70e3, rel=0.01)
    naive = 2 * g.num_layers * g.num_kv_heads * g.effective_head_dim * 2
    assert naive / mla == pytest.approx(25, rel=0.05)


def test_70b_at_q4_does_not_fit_one_24gb_gpu() -> None:
    fit = estimate_fit(LLAMA_70B, HardwareProfile.from_kb(KB, "rtx-4090"), quantization="q4_k_m")
    assert not fit.fits and fit.reason is not None and fit.reason.startswith("needs ")
    assert fit.weights_gb > 24
    assert not best_fit(LLAMA_70B, HardwareProfile.from_kb(KB, "rtx-4090")).fits


def test_8b_bf16_fits_80gb_with_decode_near_bandwidth_over_weight_bytes() -> None:
    m = KB.model("llama-3.1-8b-instruct")
    h100 = HardwareProfile.from_kb(KB, "h100-sxm")
    fit = best_fit(m, h100, context=512)
    assert fit.fits and fit.quantization == "bf16" and fit.headroom_gb > 40
    roofline = 3350e9 / (8.03e9 * 2)
    assert fit.decode_tokens_per_s is not None
    low, high = fit.decode_tokens_per_s
    assert low == pytest.approx(0.5 * roofline, rel=0.05)
    assert high == pytest.approx(0.9 * roofline, rel=0.05)
    assert fit.ttft_s is not None and 0 < fit.ttft_s[0] < fit.ttft_s[1]


def test_moe_memory_uses_total_and_speed_active_parameters() -> None:
    moe = KB.model("deepseek-v3")
    dense = model_like("deepseek-v3", id="dense-671b", active_params_b=None)
    hw = HardwareProfile.from_kb(KB, "h100-sxm", count=16)
    moe_fit = estimate_fit(moe, hw, quantization="fp8")
    dense_fit = estimate_fit(dense, hw, quantization="fp8")
    assert moe_fit.weights_gb == dense_fit.weights_gb == pytest.approx(671e9 / GIB)
    assert moe_fit.decode_tokens_per_s and dense_fit.decode_tokens_per_s
    ratio = moe_fit.decode_tokens_per_s[0] / dense_fit.decode_tokens_per_s[0]
    assert ratio == pytest.approx(671 / 37, rel=0.1)


def test_sliding_window_caches_less_at_long_context() -> None:
    gemma = KB.model("gemma-2-9b-it")
    full = model_like(
        "gemma-2-9b-it",
        id="gemma-no-window",
        context_length=32768,
        geometry=gemma.geometry.model_copy(  # type: ignore[union-attr]
            update={"sliding_window": None, "full_attention_layers": None}
        ),
    )
    windowed = model_like("gemma-2-9b-it", id="gemma-window", context_length=32768)
    hw = HardwareProfile.from_kb(KB, "h100-sxm")
    at_4k = [estimate_fit(m, hw, context=4096).kv_cache_gb for m in (full, windowed)]
    at_32k = [estimate_fit(m, hw, context=32768).kv_cache_gb for m in (full, windowed)]
    assert at_4k[0] == pytest.approx(at_4k[1])  # within the window: the same
    assert at_32k[1] < 0.6 * at_32k[0]  # half the layers keep only 4k tokens


def test_hybrid_models_cache_only_attention_layers() -> None:
    m = KB.model("llama-3.1-8b-instruct")
    assert m.geometry is not None
    hybrid = m.geometry.model_copy(update={"kv_cache_layers": 8})
    assert kv_bytes_per_token(hybrid) == kv_bytes_per_token(m.geometry) / 4


def test_tensor_parallel_refuses_head_counts_that_do_not_divide() -> None:
    m = KB.model("qwen2.5-7b-instruct")  # 28 heads, 4 KV heads
    three = best_fit(m, HardwareProfile.from_kb(KB, "rtx-4090", count=3))
    assert not three.fits and "tensor parallel impossible" in (three.reason or "")
    assert three.quantization == "bf16"  # stops at once: no precision fixes it
    assert best_fit(m, HardwareProfile.from_kb(KB, "rtx-4090", count=2)).fits


def test_context_beyond_the_model_limit_is_refused() -> None:
    fit = best_fit(
        KB.model("gemma-2-9b-it"), HardwareProfile.from_kb(KB, "h100-sxm"), context=32768
    )
    assert not fit.fits and "exceeds the model's limit of 8,192" in (fit.reason or "")


def test_cpu_only_skips_gpu_only_formats_and_is_slower() -> None:
    m = KB.model("llama-3.1-8b-instruct")
    cpu = best_fit(m, HardwareProfile.cpu(16))
    assert cpu.fits and cpu.quantization in ("int8", "q8_0")
    gpu = best_fit(m, HardwareProfile.from_kb(KB, "rtx-4090"))
    assert cpu.decode_tokens_per_s and gpu.decode_tokens_per_s
    assert cpu.decode_tokens_per_s[1] < gpu.decode_tokens_per_s[0]
    assert "needs a CUDA GPU" in (
        estimate_fit(m, HardwareProfile.cpu(64), quantization="awq").reason or ""
    )


def test_unified_memory_uses_its_own_rule() -> None:
    mac = HardwareProfile.from_kb(KB, "apple-m3-max-128gb")
    fit = estimate_fit(KB.model("llama-3.1-8b-instruct"), mac)
    assert fit.usable_gb == pytest.approx(min(0.85 * 128, 128 - 1.5))


def test_usable_memory_rules_by_kind() -> None:
    m = KB.model("llama-3.1-8b-instruct")
    assert estimate_fit(m, HardwareProfile.vram(80)).usable_gb == pytest.approx(72)
    assert estimate_fit(m, HardwareProfile.vram(24)).usable_gb == pytest.approx(21.6)
    assert estimate_fit(m, HardwareProfile.cpu(64)).usable_gb == pytest.approx(51.2)


def test_longest_context_that_fits_is_the_largest_that_fits() -> None:
    m = KB.model("llama-3.1-8b-instruct")
    hw = HardwareProfile.vram(24)
    fit = estimate_fit(m, hw, quantization="bf16", context=1024)
    assert fit.max_context is not None and 1024 < fit.max_context < 131072
    assert estimate_fit(m, hw, context=fit.max_context).fits
    assert not estimate_fit(m, hw, context=fit.max_context + 64).fits


def test_weight_bytes_match_a_real_safetensors_file(tmp_path: Path) -> None:
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    config = LlamaConfig(
        vocab_size=1000,
        hidden_size=256,
        intermediate_size=704,
        num_hidden_layers=4,
        num_attention_heads=8,
        num_key_value_heads=2,
    )
    model = LlamaForCausalLM(config).to(torch.bfloat16)
    model.save_pretrained(tmp_path, safe_serialization=True)
    file_bytes = sum(p.stat().st_size for p in tmp_path.glob("*.safetensors"))
    record = model_like(
        "llama-3.1-8b-instruct", id="tiny", total_params_b=model.num_parameters() / 1e9
    )
    predicted = weights_gb(record, get_quantization("bf16")) * GIB
    assert predicted == pytest.approx(file_bytes, rel=0.01)  # the header is a few KB


def test_unknown_names_get_close_matches(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(UnknownQuantizationError, match="q4_k_m"):
        get_quantization("q4km")
    assert main(["fit", "qwen2.5-7b-instruct", "--gpu", "RTX 4900"]) == 1
    assert "did you mean: rtx-4090" in capsys.readouterr().err
    assert main(["fit", "qwen2.5-7b-instrukt", "--gpu", "rtx4090"]) == 1
    assert "qwen2.5-7b-instruct" in capsys.readouterr().err


def test_fit_cli_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fit", "Qwen/Qwen2.5-7B-Instruct", "--gpu", "rtx4090", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in (
        "fits",
        "memory_gb",
        "weights_gb",
        "kv_cache_gb",
        "overhead_gb",
        "quantization",
        "decode_tokens_per_s",
        "ttft_s",
        "notes",
    ):
        assert key in data
    assert data["fits"] is True and len(data["decode_tokens_per_s"]) == 2
    assert main(["fit", "llama-3.1-8b-instruct", "--vram-gb", "8", "--quant", "bf16"]) == 1
    out = capsys.readouterr().out
    assert "does NOT fit" in out and "why      needs" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["fit", "bge-m3", "--cpu-only"], "--cpu-only needs --ram-gb"),
        (["fit", "bge-m3", "--gpu", "rtx-4090", "--ram-gb", "8"], "--ram-gb goes with"),
        (["fit", "bge-m3", "--vram-gb", "-3"], "must be positive"),
        (["fit", "bge-m3", "--gpu", "rtx-4090", "--gpus", "two"], "expected a whole number"),
    ],
)
def test_fit_cli_usage_errors(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2 and message in capsys.readouterr().err


def test_api_models_are_refused_with_a_reason(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fit", "gpt-4o-mini", "--gpu", "h100-sxm"]) == 1
    assert "API model" in capsys.readouterr().err


def test_partial_offload_spills_weights_to_ram_and_slows_decode() -> None:
    rtx = HardwareProfile.from_kb(KB, "rtx-4090")
    assert not best_fit(LLAMA_70B, rtx).fits
    fit = best_fit(LLAMA_70B, rtx.with_offload(64))
    assert fit.fits and fit.offload_gb > 0
    assert fit.quantization == "q4_k_m"  # the most compact acceptable format spills least
    assert "in system RAM" in fit.hardware
    assert fit.decode_tokens_per_s is not None and fit.decode_tokens_per_s[1] < 5
    on_gpu_only = best_fit(KB.model("qwen2.5-7b-instruct"), rtx.with_offload(64))
    assert on_gpu_only.offload_gb == 0 and on_gpu_only.quantization == "bf16"
    assert "offload not needed" in on_gpu_only.notes[-1]


def test_offload_cannot_exceed_the_ram() -> None:
    fit = best_fit(LLAMA_70B, HardwareProfile.from_kb(KB, "rtx-4090").with_offload(4))
    assert not fit.fits


def test_shipped_precision_is_the_ceiling() -> None:
    fp8_model = model_like("deepseek-v3", id="fp8-shipped", shipped_precision="fp8")
    sixteen = HardwareProfile.from_kb(KB, "h100-sxm", count=16)  # 671 GB of fp8 weights
    fit = best_fit(fp8_model, sixteen)
    assert fit.fits and fit.quantization == "fp8"  # never up-cast to bf16
    assert estimate_fit(fp8_model, sixteen).quantization == "fp8"
    assert get_quantization("mxfp4").searched is False


def test_offload_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "fit",
                "qwen2.5-7b-instruct",
                "--vram-gb",
                "8",
                "--quant",
                "bf16",
                "--offload-ram-gb",
                "32",
                "--json",
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out)["offload_gb"] > 0
    with pytest.raises(SystemExit):
        main(["fit", "qwen2.5-7b-instruct", "--cpu-only", "--ram-gb", "8", "--offload-ram-gb", "8"])
