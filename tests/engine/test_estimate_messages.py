"""The estimate's sentences in the recommendation (cost basis, thinking tokens, plan and
configuration notes, why a model does not fit) come as typed messages too: their English text
is the string field next to them, and in Japanese they read as Japanese (no English sentence
outside quotations and names)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from recommender.engine import load_questionnaire, recommend
from recommender.engine.contract import ShortlistItem
from recommender.estimate import HardwareProfile, best_fit, estimate_fit
from recommender.kb import load_knowledge_base
from recommender.messages import Message

ROOT = Path(__file__).resolve().parents[2]
#: API, rented, owned, per-image and per-audio-minute plans between them.
EXAMPLES = [
    "code_assistant_api",
    "ja_support_onprem",
    "commercial_image_generation",
    "onprem_transcription",
]
#: Four or more English words in a row: a sentence, or most of one.
_SENTENCE = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[ ,;:()]+[A-Za-z][A-Za-z'’-]*){3,}")
_QUOTED = re.compile(r"「[^」]*」")


@pytest.fixture(scope="module")
def items() -> list[ShortlistItem]:
    kb = load_knowledge_base()
    out: list[ShortlistItem] = []
    for name in EXAMPLES:
        q = load_questionnaire(ROOT / "examples" / f"{name}.yaml", kb=kb)
        data = recommend(q, kb).contract()
        out += [*data.shortlist, *data.stack]
    return out


def _typed(item: ShortlistItem) -> list[Message]:
    out = [m.message for m in (item.cost_basis_message, item.reasoning_message) if m]
    return out + [m.message for m in item.note_messages]


def _names() -> list[str]:
    """Names a Japanese sentence keeps as written: hardware, price vendors, the price list."""
    kb = load_knowledge_base()
    names = {h.name for h in kb.hardware} | {h.id for h in kb.hardware}
    for h in kb.hardware:
        for price in (h.rental_per_hour, h.private_rental_per_hour):
            if price is not None and price.vendor:
                names.add(price.vendor)
    return sorted(names, key=len, reverse=True)


@pytest.mark.slow
def test_the_typed_copies_say_what_the_strings_say(items: list[ShortlistItem]) -> None:
    assert items
    for item in items:
        basis, reasoning = item.cost_basis_message, item.reasoning_message
        assert (basis.message.text if basis else None) == item.cost_basis
        assert (reasoning.message.text if reasoning else None) == item.reasoning_tokens
        assert [m.message.text for m in item.note_messages] == item.notes


@pytest.mark.slow
def test_the_estimate_reads_as_japanese(items: list[ShortlistItem]) -> None:
    names = _names()
    seen: set[str] = set()
    for item in items:
        for message in _typed(item):
            seen.add(message.code)
            text = _QUOTED.sub("", message.render("ja"))
            for name in names:
                text = text.replace(name, "")
            assert not _SENTENCE.search(text), (message.code, message.render("ja"))
    # the cost bases and formulas of API, rented and owned plans were all among them
    expected = {
        "cost_basis_api",
        "cost_basis_rented_vendor",
        "cost_api_per_request",
        "cost_api_monthly",
        "cost_peak",
        "cost_batch",
        "cost_rental",
        "cost_monthly_gpu",
        "config_answer_default",
    }
    assert expected <= seen, expected - seen
    assert seen & {"cost_basis_owned", "cost_basis_owned_unknown"}


def test_why_a_model_does_not_fit_reads_as_japanese() -> None:
    kb = load_knowledge_base()
    qwen, llama = kb.model("qwen2.5-7b-instruct"), kb.model("llama-3.1-8b-instruct")
    h100 = HardwareProfile.from_kb(kb, "h100-sxm")
    vllm, mlx = kb.runtime("vllm"), kb.runtime("mlx")
    fits = {
        "fit_tensor_parallel_kv": best_fit(qwen, HardwareProfile.from_kb(kb, "rtx-4090", count=3)),
        "fit_context_over": best_fit(kb.model("gemma-2-9b-it"), h100, context=32768),
        "fit_needs_cuda": estimate_fit(llama, HardwareProfile.cpu(64), quantization="awq"),
        "fit_runtime_quantization": estimate_fit(llama, h100, quantization="q4_k_m", runtime=vllm),
        "fit_runtime_kv": estimate_fit(llama, h100, runtime=vllm, kv_dtype="q8_0"),
        "fit_runtime_platform": estimate_fit(llama, h100, runtime=mlx),
        "fit_needs_memory": estimate_fit(kb.model("llama-3.1-70b-instruct"), h100),
    }
    for code, fit in fits.items():
        why = fit.reason_message
        assert not fit.fits and why is not None and why.code == code, (code, fit.reason)
        assert why.text == fit.reason
        japanese = why.render("ja")
        for name in (h100.name, "vLLM", "MLX", "q4_k_m", "q8_0", "awq", "bf16", "fp16"):
            japanese = japanese.replace(name, "")
        assert not _SENTENCE.search(japanese), (code, why.render("ja"))
