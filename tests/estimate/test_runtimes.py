"""Runtime profiles, KV-cache precision, GGUF formats, MoE expert offload, speed at the context
used, and the community calibration: figures checked by hand (formulas in the comments)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
import yaml

from recommender import load_knowledge_base
from recommender.cli import main
from recommender.errors import EstimateError
from recommender.estimate import HardwareProfile, best_fit, estimate_fit, get_quantization
from recommender.estimate.calibration import (
    COMMUNITY_TABLE,
    Calibration,
    CommunityCalibration,
    CommunityEntry,
    community_calibration,
)
from recommender.estimate.fit import expert_params_b
from recommender.estimate.memory import GIB
from recommender.estimate.runtimes import default_runtime_id, resolve_runtime

KB = load_knowledge_base()
LLAMA_CPP = KB.runtime("llama.cpp")
QWEN_MOE = KB.model("qwen3-30b-a3b-instruct-2507")  # 30.5B total, 3.3B active, 128 experts / 8
RTX_3060 = HardwareProfile.from_kb(KB, "RTX 3060")  # 12 GB, 360 GB/s
#: llama-quantize's table: Q4_K_M is 4.58 GiB for Llama-3-8B's 8.03e9 parameters.
Q4_K_M_BYTES = 4.58 * 2**30 / 8.03e9


def test_gguf_formats_carry_llama_cpp_bits_per_weight() -> None:
    assert get_quantization("Q4_K_M").bits_per_weight == pytest.approx(4.8996, abs=1e-3)
    assert get_quantization("q8_0").bits_per_weight == pytest.approx(7.96 * 2**33 / 8.03e9)
    assert get_quantization("IQ4_XS").bits_per_weight == 4.25  # stated in the table
    assert get_quantization("mxfp4").bits_per_weight == 17 * 8 / 32  # ggml block_mxfp4
    assert get_quantization("nvfp4").bits_per_weight == 36 * 8 / 64  # ggml block_nvfp4
    assert get_quantization("mlx_4bit").bits_per_weight == 4 + 32 / 64  # fp16 scale + bias
    assert get_quantization("q4_k") is get_quantization("q4_k_m")  # llama-quantize alias


def test_every_runtime_names_known_formats_and_sources() -> None:
    assert set(KB.runtimes) == {"llama.cpp", "ollama", "vllm", "transformers", "mlx"}
    for runtime in KB.runtimes.values():
        for name in runtime.quantizations:
            get_quantization(name)  # raises on an unknown name
        assert runtime.default_kv_dtype in runtime.kv_dtypes
        assert runtime.source.startswith("https://")
    assert KB.runtime("SGLang").id == "vllm" and KB.runtime("llamacpp").id == "llama.cpp"
    with pytest.raises(EstimateError, match="unknown runtime 'tgi'; choose one of"):
        KB.runtime("tgi")


def test_kv_dtype_q8_0_stores_34_bytes_per_32_values() -> None:
    f16 = estimate_fit(QWEN_MOE, RTX_3060, quantization="q4_k_m", runtime=LLAMA_CPP)
    q8 = estimate_fit(QWEN_MOE, RTX_3060, quantization="q4_k_m", runtime=LLAMA_CPP, kv_dtype="q8_0")
    per_token_f16 = 2 * 48 * 4 * 128 * 2  # K and V x layers x kv heads x head_dim x 2 bytes
    assert f16.kv_cache_gb == pytest.approx(per_token_f16 * 8192 / GIB)  # 0.75 GiB
    assert q8.kv_cache_gb == pytest.approx(2 * 48 * 4 * 128 * 34 / 32 * 8192 / GIB)  # 0.398
    assert q8.kv_dtype == "q8_0" and q8.memory_gb == pytest.approx(
        f16.memory_gb - f16.kv_cache_gb + q8.kv_cache_gb
    )
    with pytest.raises(EstimateError, match="unknown KV-cache precision 'q5'"):
        estimate_fit(QWEN_MOE, RTX_3060, kv_dtype="q5")


def test_cli_kv_dtype_changes_the_kv_figure(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["fit", "llama-3.1-8b-instruct", "--gpu", "RTX 4090", "--quant", "q4_k_m", "--json"]
    main(argv)
    f16 = json.loads(capsys.readouterr().out)
    main([*argv, "--kv-dtype", "q8_0"])
    q8 = json.loads(capsys.readouterr().out)
    # 128 KiB/token at 16 bits (Llama-3.1-8B) -> 68 KiB at q8_0; 8,192 tokens
    assert f16["kv_cache_gb"] == 1.0 and q8["kv_cache_gb"] == round(68 * 1024 * 8192 / GIB, 2)
    assert q8["runtime"] == "llama.cpp" and q8["kv_dtype"] == "q8_0"


def test_runtime_overheads_and_refusals() -> None:
    m = KB.model("llama-3.1-8b-instruct")
    fit = estimate_fit(m, RTX_3060, quantization="q4_k_m", runtime=LLAMA_CPP, context=4096)
    # 0.5 GiB runtime + 0.075 GiB per 1,024 tokens of compute buffers
    assert fit.overhead_gb == pytest.approx(0.5 + 0.075 * 4)
    assert fit.usable_gb == pytest.approx(12 - 1.0)  # llama.cpp --fit leaves 1 GiB
    h100 = HardwareProfile.from_kb(KB, "h100-sxm")
    vllm = resolve_runtime(KB, h100)
    assert vllm is not None and vllm.id == default_runtime_id(h100) == "vllm"
    on_vllm = estimate_fit(m, h100, runtime=vllm)
    assert on_vllm.usable_gb == pytest.approx(0.9 * 80)  # gpu_memory_utilization
    assert on_vllm.overhead_gb == pytest.approx(0.65 + 4.8)  # CUDA context + dense workspace
    assert "vLLM does not run q4_k_m" in (
        estimate_fit(m, h100, quantization="q4_k_m", runtime=vllm).reason or ""
    )
    assert "offers no q8_0 KV cache" in (
        estimate_fit(m, h100, runtime=vllm, kv_dtype="q8_0").reason or ""
    )
    mlx = KB.runtime("mlx")
    assert "does not run on nvidia" in (estimate_fit(m, h100, runtime=mlx).reason or "")
    # a GGUF runtime searches GGUF formats only
    assert best_fit(m, RTX_3060, runtime=LLAMA_CPP).quantization == "q8_0"


def test_moe_expert_split_from_the_expert_counts() -> None:
    split = expert_params_b(QWEN_MOE)
    assert split is not None
    experts, read = split
    # T - X + X k/E = A  ->  X = (30.5 - 3.3) / (1 - 8/128) = 29.013
    assert experts == pytest.approx(27.2 / (1 - 8 / 128))
    assert read == pytest.approx(experts * 8 / 128)  # 1.813B of them read per token
    assert expert_params_b(KB.model("llama-3.1-8b-instruct")) is None


def test_rtx_3060_offers_expert_offload_with_a_speed_estimate(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["fit", "qwen3-30b-a3b-instruct-2507", "--gpu", "RTX 3060", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert out["fits"] is False
    alt = out["alternative"]
    assert alt["fits"] and alt["placement"] == "expert_offload"
    assert alt["quantization"] == "q4_k_m"
    # Hand check. Weights 30.5e9 x Q4_K_M; experts 29.013e9 x Q4_K_M = 16.55 GiB.
    weights = 30.5e9 * Q4_K_M_BYTES / GIB
    expert_gb = 27.2 / (1 - 8 / 128) * 1e9 * Q4_K_M_BYTES / GIB
    kv = 2 * 48 * 4 * 128 * 2 * 8192 / GIB
    need = weights + kv + 0.5 + 0.075 * 8  # runtime + compute buffers at 8,192 tokens
    room = (12 - 1.0) - (need - expert_gb)  # GPU memory left for experts
    in_ram = expert_gb - room
    assert alt["offload_gb"] == pytest.approx(in_ram, abs=0.01)  # about 8.3 GiB
    # Decode roofline at 512 + 256 tokens: RAM bytes = the active experts' bytes x the share
    # of experts in RAM; the rest (and the KV cache) at the card's 360 GB/s.
    active_expert_bytes = 27.2 / (1 - 8 / 128) * 8 / 128 * 1e9 * Q4_K_M_BYTES
    ram_bytes = active_expert_bytes * in_ram / expert_gb
    read = 3.3e9 * Q4_K_M_BYTES + 2 * 48 * 4 * 128 * 2 * 768
    roofline = 1 / ((read - ram_bytes) / 360e9 + ram_bytes / 50e9)
    assert alt["roofline_tokens_per_s"] == pytest.approx(roofline, abs=0.1)  # about 63
    low, high = alt["decode_tokens_per_s"]
    assert 5 < low < roofline and high > low


def test_expert_offload_is_chosen_when_it_is_the_only_way_to_fit() -> None:
    with_ram = best_fit(QWEN_MOE, RTX_3060.with_offload(32), runtime=LLAMA_CPP)
    assert with_ram.fits and with_ram.placement == "expert_offload"
    assert "experts in system RAM" in with_ram.hardware
    # RAM for a 2-bit model's spill only: a lower precision; none at all: no fit
    assert best_fit(QWEN_MOE, RTX_3060.with_offload(6), runtime=LLAMA_CPP).quantization == "q2_k"
    assert not best_fit(QWEN_MOE, RTX_3060.with_offload(2), runtime=LLAMA_CPP).fits
    # a card that holds it: stays on the GPU
    big = best_fit(QWEN_MOE, HardwareProfile.from_kb(KB, "rtx-5090").with_offload(32))
    assert big.placement == "gpu"
    # a dense model has no experts: layers are offloaded instead
    dense = best_fit(KB.model("qwen3-32b"), RTX_3060.with_offload(64), runtime=LLAMA_CPP)
    assert dense.fits and dense.placement == "layer_offload"
    # expert offload beats spilling whole layers at the same memory
    layers_only = LLAMA_CPP.model_copy(update={"expert_offload": False})
    layers = estimate_fit(
        QWEN_MOE, RTX_3060.with_offload(32), quantization="q4_k_m", runtime=layers_only
    )
    assert layers.placement == "layer_offload" and with_ram.quantization == "q4_k_m"
    assert with_ram.decode_tokens_per_s and layers.decode_tokens_per_s
    assert with_ram.decode_tokens_per_s[0] > layers.decode_tokens_per_s[0]


def test_speed_at_the_context_used_with_full_context_the_worst_case() -> None:
    m = KB.model("llama-3.1-8b-instruct")
    hw = HardwareProfile.from_kb(KB, "rtx-4090")
    fit = estimate_fit(m, hw, quantization="q4_k_m", context=32768, used_context=1024)
    full = estimate_fit(m, hw, quantization="q4_k_m", context=32768)
    assert fit.decode_worst_tokens_per_s == pytest.approx(full.decode_tokens_per_s)
    assert fit.decode_tokens_per_s and full.decode_tokens_per_s
    # bytes per token: 8.03e9 x Q4_K_M + 128 KiB x tokens in the cache
    weights = 8.03e9 * Q4_K_M_BYTES
    ratio = (weights + 131072 * 32768) / (weights + 131072 * 1024)
    assert fit.decode_tokens_per_s[0] / full.decode_tokens_per_s[0] == pytest.approx(ratio)


def test_community_entry_adds_a_fixed_time_per_token() -> None:
    entry = CommunityEntry("nvidia-discrete", "llama.cpp", 0.8, 0.9, 1.1, 10, "test", 2.0, 3.0)
    # 100 tokens/s roofline at efficiency 0.8 = 12.5 ms, + 2 ms = 14.5 ms per token
    low, high = entry.decode_range(100.0, moe=False)
    assert (low, high) == pytest.approx((0.9 / 0.0145, 1.1 / 0.0145))
    assert entry.decode_range(100.0, moe=True)[0] == pytest.approx(0.9 / 0.0175)


def test_community_table_applies_and_user_measurements_come_first() -> None:
    table = community_calibration()
    assert table is not None and "MIT" in table.source
    m = KB.model("llama-3.1-8b-instruct")
    hw = HardwareProfile.from_kb(KB, "rtx-4090")
    entry = table.entry("nvidia-discrete", "llama.cpp")
    assert entry is not None and entry.measurements >= 5
    fit = estimate_fit(
        m, hw, quantization="q4_k_m", runtime=LLAMA_CPP, used_context=768, community=table
    )
    assert fit.calibrated and any("community measurements" in n for n in fit.notes)
    assert fit.roofline_tokens_per_s is not None
    assert fit.decode_tokens_per_s == pytest.approx(
        entry.decode_range(fit.roofline_tokens_per_s, moe=False)
    )
    mine = Calibration("rtx-4090", decode_efficiency=0.5, measurements=3)
    own = estimate_fit(
        m,
        hw,
        quantization="q4_k_m",
        runtime=LLAMA_CPP,
        used_context=768,
        community=table,
        calibration=mine,
    )
    assert own.decode_tokens_per_s == pytest.approx(
        (fit.roofline_tokens_per_s * 0.5 * 0.85, fit.roofline_tokens_per_s * 0.5 * 1.2)
    )
    assert not any("community" in n for n in own.notes)
    # no entry for the class: the prior
    intel = replace(hw, vendor="Intel", hardware_id=None)
    prior = estimate_fit(m, intel, quantization="q4_k_m", runtime=LLAMA_CPP, community=table)
    assert not prior.calibrated and any("a prior until measured" in n for n in prior.notes)


def test_shipped_tables_name_catalogued_models_and_carry_the_licence() -> None:
    mapping = yaml.safe_load((COMMUNITY_TABLE.parent / "community_models.yaml").read_text())
    assert mapping["mapped"] and mapping["unmapped"]
    for item in mapping["mapped"]:
        KB.model(item["model"])
        get_quantization(item["quantization"])
    assert all(item["why"] for item in mapping["unmapped"])
    assert "Alex Jones" in (COMMUNITY_TABLE.parent / "LICENSE-llmfit").read_text()
    table = CommunityCalibration.from_file(COMMUNITY_TABLE)
    assert all(0 < e.low <= 1 <= e.high for e in table.entries)


def test_questionnaire_runtime_is_checked_against_the_profiles() -> None:
    from recommender.engine.questionnaire import Questionnaire, knowledge_problems

    data = {
        "use_case": "chat assistant for our engineers",
        "deployment": "on_prem",
        "hardware": {"gpus": [{"name": "RTX 3060"}], "runtime": "lama", "kv_dtype": "q8_0"},
    }
    assert knowledge_problems(data, KB) == [
        (
            "hardware.runtime",
            "unknown runtime 'lama'; choose one of llama.cpp, mlx, ollama, transformers, vllm",
        )
    ]
    data["hardware"]["runtime"] = "ollama"  # type: ignore[index]
    assert knowledge_problems(data, KB) == []
    q = Questionnaire.model_validate(data)
    assert q.hardware is not None and q.hardware.kv_dtype == "q8_0"
