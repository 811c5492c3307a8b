"""Shared pieces of the report tests: the stored decision record and a validation run.

``data/decision.json`` is a record built by the real engine from
``examples/code_assistant_api.yaml`` (API and self-hosted options, a break-even volume, a licence
with conditions) plus the validation run below, at a fixed time. It is stored so the snapshot
tests check rendering, not knowledge-base drift. Rebuild it (and the snapshots) with
``.venv/bin/python tests/report/regenerate.py`` after a deliberate change.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from recommender.report import DecisionRecord

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DATA = HERE / "data"
RECORD = DATA / "decision.json"
SNAPSHOTS = DATA / "snapshots"
CREATED_AT = "2026-11-23T09:30:00Z"
#: Injected through the use case and a model output: must stay text everywhere.
HOSTILE = (
    '<script>alert("x")</script><img src="http://127.0.0.1:9/pixel.png"> '
    "[click](javascript:alert(1)) | cell | # heading **bold** &amp;"
)


def validation_run(model_ids: list[str], *, hostile_output: str | None = None) -> object:
    """A ValidationRun built with the validation package's own classes (figures are test
    data): two models on three prompts, one paired comparison."""
    from recommender.validation import (
        CheckResult,
        Metrics,
        ModelResult,
        Prompt,
        PromptOutput,
        ValidationRun,
        compare_paired,
        wilson_interval,
    )

    prompts = tuple(
        Prompt.from_json({"id": f"p{i}", "prompt": f"Write a function number {i}."})
        for i in range(3)
    )
    models = []
    for n, model_id in enumerate(model_ids[:2]):
        passed = [True, n == 0, False]
        outputs = tuple(
            PromptOutput(
                index=i,
                prompt_id=p.id,
                output=(hostile_output if hostile_output and i == 0 else f"def f{i}(): ...")
                + f" # {model_id}",
                output_tokens=12,
                latency_s=0.8 + 0.1 * i,
                ttft_s=0.05,
                batch_size=1,
                checks=(CheckResult("contains", passed[i], "looked for 'def'"),),
            )
            for i, p in enumerate(prompts)
        )
        k = sum(passed)
        models.append(
            ModelResult(
                key=model_id,
                source={"kb_id": model_id},
                status="completed",
                metrics=Metrics(
                    load_s=4.2 + n,
                    ttft_s=0.05,
                    decode_tokens_per_s=41.5 - 10 * n,
                    latency_median_s=0.9,
                    latency_p95_s=0.99,
                    peak_memory_gb=13.1 + n,
                    answered=3,
                    checked=3,
                    passed=k,
                    pass_rate=k / 3,
                    pass_rate_ci=wilson_interval(k, 3),
                    predicted_memory_gb=12.8 + n,
                    predicted_decode_tokens_per_s=(36.0, 65.0),
                ),
                outputs=outputs,
                manifest={"device_name": "NVIDIA GeForce RTX 3090"},
            )
        )
    comparisons = (
        compare_paired(
            models[0].key,
            models[0].passed_by_prompt(),
            models[1].key,
            models[1].passed_by_prompt(),
        ),
    )
    return ValidationRun(
        id="run-test-1",
        status="completed",
        created_at="2026-11-22T18:00:00Z",
        suite="code_generation",
        prompts=prompts,
        settings={"device": "cuda", "random_weights": False},
        models=tuple(models),
        comparisons=comparisons,
    )


@pytest.fixture(scope="session")
def stored_record() -> DecisionRecord:
    return DecisionRecord.from_json(RECORD.read_bytes(), source=str(RECORD))
