"""Validation harness speed on the CPU, against a naive transformers pipeline in the same run.

Same model (a small llama-architecture model with random weights, built locally), same prompts
(the built-in customer_support and chat_assistant suites, 16 prompts in English and Japanese),
greedy decoding, the same max_new_tokens:

- baseline: ``transformers.pipeline("text-generation")``, one prompt at a time, model loaded
  once, one warm-up call;
- harness, batch 1 and batched (all 16 prompts in one batch, left padding): the worker's own
  generation code, timed in this process like the baseline, rounds interleaved (other jobs
  share the machine; the best round of each path is compared, medians shown too);
- then ``run_validation`` end to end (a worker subprocess, loading, warm-up, checks, SQLite) at
  batch 1 and batched: its answers must equal the pipeline's on the batch-1 path.

Tokens/s is generated tokens (the pipeline's answers re-tokenised; the same answers for every
path) over generation time.

Usage: .venv/bin/python benchmarks/harness.py [--max-new-tokens 32] [--hidden 256]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from recommender.store import Store
from recommender.validation import build_tiny_model, load_suite, run_validation, worker


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-new-tokens", type=int, default=32)
    parser.add_argument("--hidden", type=int, default=256)
    parser.add_argument("--layers", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    import torch
    import transformers

    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, torch {torch.__version__}, transformers "
        f"{transformers.__version__}, {torch.get_num_threads()} threads"
    )
    prompts = [*load_suite("customer_support").prompts, *load_suite("chat_assistant").prompts]
    with tempfile.TemporaryDirectory() as tmp:
        path = build_tiny_model(
            Path(tmp) / "model",
            hidden_size=args.hidden,
            num_layers=args.layers,
            num_heads=8,
            num_kv_heads=4,
            intermediate_size=args.hidden * 3,
            vocab_size=2000,
            seed=3,
        )
        model = transformers.AutoModelForCausalLM.from_pretrained(path)
        tokenizer = transformers.AutoTokenizer.from_pretrained(path)
        params = sum(p.numel() for p in model.parameters())
        print(
            f"model: llama, {params / 1e6:.1f}M parameters, fp32; {len(prompts)} prompts, "
            f"max_new_tokens {args.max_new_tokens}, greedy"
        )

        pipe = transformers.pipeline("text-generation", model=model, tokenizer=tokenizer)
        settings = {
            "max_new_tokens": args.max_new_tokens,
            "do_sample": False,
            "return_full_text": False,
        }
        pipe(prompts[0].messages(), **settings)  # warm-up
        jobs = [{"index": i, "messages": p.messages()} for i, p in enumerate(prompts)]

        def baseline() -> tuple[float, list[str]]:
            start = time.perf_counter()
            texts = [pipe(p.messages(), **settings)[0]["generated_text"] for p in prompts]
            return time.perf_counter() - start, texts

        def harness(batch: int) -> float:
            # the worker's generation code (recommender.validation.worker), in this process so
            # both paths share the same conditions; its events go nowhere
            tokenizer.padding_side = "left"
            gen = worker._Generator(
                torch,
                model,
                tokenizer,
                "cpu",
                {"max_new_tokens": args.max_new_tokens, "batch_size": batch},
            )
            with contextlib.redirect_stdout(io.StringIO()):
                gen.answer(jobs)
            return gen.generation_s

        # other jobs share this machine: interleave the paths and keep each one's best round
        times: dict[str, list[float]] = {"pipeline": [], "harness-1": [], "harness-16": []}
        baseline_texts: list[str] = []
        for _ in range(args.rounds):
            seconds, baseline_texts = baseline()
            times["pipeline"].append(seconds)
            times["harness-1"].append(harness(1))
            times["harness-16"].append(harness(len(prompts)))
        tokens = sum(
            len(tokenizer(t, add_special_tokens=False)["input_ids"]) for t in baseline_texts
        )

        # the real thing, end to end: subprocess, load, warm-up, answers checked and stored
        runs = {}
        for batch in (1, len(prompts)):
            start = time.perf_counter()
            run = run_validation(
                [str(path)], prompts=prompts, device="cpu", batch_size=batch,
                max_new_tokens=args.max_new_tokens, store=Store(Path(tmp) / f"r{batch}.db"),
            )  # fmt: skip
            (m,) = run.models
            assert m.status == "completed", m.message
            runs[batch] = (m, time.perf_counter() - start)

    base = min(times["pipeline"])
    base_median = statistics.median(times["pipeline"])
    print(
        f"\n{tokens} tokens generated per pass; best of {args.rounds} interleaved rounds "
        "(median in brackets)"
    )
    print(f"{'path':<32}{'s':>7}{'tokens/s':>10}{'ratio':>7}")
    for name, label in (
        ("pipeline", "pipeline, one prompt at a time"),
        ("harness-1", "harness, batch 1"),
        ("harness-16", f"harness, batch {len(prompts)}"),
    ):
        best, med = min(times[name]), statistics.median(times[name])
        print(
            f"{label:<32}{best:>7.2f}{tokens / best:>10.1f}{base / best:>7.2f}"
            f"   ({tokens / med:.1f} tokens/s, ratio {base_median / med:.2f})"
        )
    for batch, (m, wall) in runs.items():
        outputs = [o.output for o in sorted(m.outputs, key=lambda o: o.index)]
        same = sum(a == b for a, b in zip(outputs, baseline_texts, strict=True))
        print(
            f"run_validation batch {batch}: {wall:.1f} s end to end (load {m.metrics.load_s:.1f}"
            f" s), throughput {m.metrics.throughput_tokens_per_s:.1f} tokens/s, answers "
            f"identical to the pipeline's: {same}/{len(prompts)}"
        )


if __name__ == "__main__":
    main()
