"""Two models validated with the Ray executor (in parallel) against the default executor (one
after another), wall time end to end, in the same run.

Two small models with random weights built locally (llama and qwen2 architectures), the 16
prompts of the built-in customer_support and chat_assistant suites, greedy, one CPU thread per
model (so the two Ray actors use the machine's two cores, one each), batches of 4:

- local: ``run_validation(..., executor="local")``: a worker subprocess per model, one after
  the other (the default);
- ray: ``run_validation(..., executor=RayExecutor())`` on a local Ray started once before the
  timed rounds (its start is reported apart): one actor per model, both at once.

Each path's wall time includes every model's process start, imports, loading, warm-up,
answers, checks, SQLite writes and the batch-1 performance run. The paths alternate for
``--rounds`` rounds (other jobs share the machine); each path's best round is compared, medians
in brackets. The answers of the two paths must be identical.

Usage: .venv/bin/python benchmarks/harness_ray.py [--rounds 2] [--max-new-tokens 32]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from recommender.store import Store
from recommender.validation import build_tiny_model, load_suite, run_validation


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-new-tokens", type=int, default=32)
    parser.add_argument("--hidden", type=int, default=256)
    parser.add_argument("--layers", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    import ray
    import torch

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, torch {torch.__version__}, ray {ray.__version__}; "
        f"load average {os.getloadavg()[0]:.1f} (other jobs share the machine)"
    )
    prompts = [*load_suite("customer_support").prompts, *load_suite("chat_assistant").prompts]
    settings = {
        "prompts": prompts,
        "device": "cpu",
        "threads": 1,
        "batch_size": 4,
        "max_new_tokens": args.max_new_tokens,
    }
    with tempfile.TemporaryDirectory() as tmp:
        models = [
            str(
                build_tiny_model(
                    Path(tmp) / arch,
                    arch=arch,
                    hidden_size=args.hidden,
                    num_layers=args.layers,
                    num_heads=8,
                    num_kv_heads=4,
                    intermediate_size=args.hidden * 3,
                    vocab_size=2000,
                    seed=seed,
                )
            )
            for seed, arch in enumerate(("llama", "qwen2"), start=3)
        ]
        print(
            f"models: llama and qwen2, hidden {args.hidden}, {args.layers} layers, random "
            f"weights, fp32; {len(prompts)} prompts, max_new_tokens {args.max_new_tokens}, "
            "batches of 4, greedy, 1 thread per model"
        )
        from recommender.validation.ray_executor import RayExecutor

        start = time.perf_counter()
        executor = RayExecutor(num_cpus=2)
        ray_start = time.perf_counter() - start

        times: dict[str, list[float]] = {"local": [], "ray": []}
        answers: dict[str, list[list[str]]] = {}
        for r in range(args.rounds):
            for name, chosen in (("local", "local"), ("ray", executor)):
                start = time.perf_counter()
                run = run_validation(
                    models, store=Store(Path(tmp) / f"{name}{r}.db"), executor=chosen, **settings
                )
                times[name].append(time.perf_counter() - start)
                assert all(m.status == "completed" for m in run.models), [
                    m.message for m in run.models
                ]
                answers[name] = [[o.output for o in m.outputs] for m in run.models]

    base, base_median = min(times["local"]), statistics.median(times["local"])
    print(f"\nlocal Ray start (once, not in the rounds): {ray_start:.1f} s")
    print(f"best of {args.rounds} interleaved rounds (median in brackets)")
    print(f"{'executor':<40}{'wall s':>8}{'ratio':>7}")
    for name, label in (
        ("local", "local: one model after the other"),
        ("ray", "ray: both models at once"),
    ):
        best, med = min(times[name]), statistics.median(times[name])
        ratio = f"{base / best:>7.2f}   ({med:.1f} s, {base_median / med:.2f})"
        print(f"{label:<40}{best:>8.1f}{ratio}")
    pairs = zip(answers["local"], answers["ray"], strict=True)
    same = sum(a == b for x, y in pairs for a, b in zip(x, y, strict=True))
    print(f"answers identical on both executors: {same}/{2 * len(prompts)}")


if __name__ == "__main__":
    main()
