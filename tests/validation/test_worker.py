"""The worker's generation loop in-process: batching, out-of-memory back-off, events."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from recommender.validation import worker
from recommender.validation.worker import EVENT_PREFIX


def _events(text: str) -> list[dict[str, Any]]:
    return [json.loads(line[len(EVENT_PREFIX) :]) for line in text.splitlines()]


@pytest.fixture(scope="module")
def loaded(tiny_models: dict[str, Path]) -> tuple[Any, Any, Any]:
    import torch
    import transformers

    model = transformers.AutoModelForCausalLM.from_pretrained(tiny_models["a"]).eval()
    tokenizer = transformers.AutoTokenizer.from_pretrained(tiny_models["a"])
    tokenizer.padding_side = "left"
    return torch, model, tokenizer


def _prompts(n: int) -> list[dict[str, Any]]:
    return [
        {"index": i, "messages": [{"role": "user", "content": f"質問 {i}: 返品できますか？"}]}
        for i in range(n)
    ]


def test_out_of_memory_halves_the_batch_and_keeps_every_answer(
    loaded: tuple[Any, Any, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    torch, model, tokenizer = loaded
    reference = worker._Generator(torch, model, tokenizer, "cpu", {"max_new_tokens": 6,
                                                                  "batch_size": 1})  # fmt: skip
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        reference.answer(_prompts(5))
    expected = {e["index"]: e["output"] for e in _events(out.getvalue())}

    real_generate = model.generate
    sizes: list[int] = []

    def generate(**kwargs: Any) -> Any:
        # no CUDA here: stand in for a GPU that holds at most two sequences
        sizes.append(kwargs["input_ids"].shape[0])
        if kwargs["input_ids"].shape[0] > 2:
            raise torch.OutOfMemoryError("CUDA out of memory (simulated)")
        return real_generate(**kwargs)

    monkeypatch.setattr(model, "generate", generate)
    gen = worker._Generator(torch, model, tokenizer, "cpu", {"max_new_tokens": 6, "batch_size": 8})
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        gen.answer(_prompts(5))
    events = _events(out.getvalue())
    assert gen.batch_size == 2 and sizes[:2] == [5, 4] and max(sizes[2:]) == 2
    assert sorted(e["index"] for e in events) == [0, 1, 2, 3, 4]
    assert {e["batch_size"] for e in events} <= {1, 2}
    # left padding in a batch of two: greedy answers as at batch 1 on this model
    assert {e["index"]: e["output"] for e in events} == expected


def test_out_of_memory_at_batch_one_is_a_typed_failure(
    loaded: tuple[Any, Any, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    torch, model, tokenizer = loaded

    def generate(**kwargs: Any) -> Any:
        raise torch.OutOfMemoryError("CUDA out of memory (simulated)")

    monkeypatch.setattr(model, "generate", generate)
    gen = worker._Generator(torch, model, tokenizer, "cpu", {"max_new_tokens": 4, "batch_size": 2})
    with pytest.raises(worker._Failure) as info, contextlib.redirect_stdout(io.StringIO()):
        gen.answer(_prompts(3))
    assert info.value.kind == "out_of_memory" and "batch size 1" in str(info.value)


def test_perf_run_decodes_exactly_the_asked_tokens(loaded: tuple[Any, Any, Any]) -> None:
    torch, model, tokenizer = loaded
    gen = worker._Generator(torch, model, tokenizer, "cpu", {"max_new_tokens": 12})
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        gen.perf(_prompts(1)[0])
    (perf,) = _events(out.getvalue())
    assert perf["new_tokens"] == 12 and len(perf["itl_s"]) == 11
    assert perf["decode_tokens_per_s"] == pytest.approx(11 / (perf["e2e_s"] - perf["ttft_s"]))
    assert perf["tpot_s"] == pytest.approx((perf["e2e_s"] - perf["ttft_s"]) / 11)
