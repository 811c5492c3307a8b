"""End to end: real tiny transformers models run in worker subprocesses, results in SQLite.

The CLI run is shared by the module: two tiny models (one standing for a knowledge-base model)
and a copy with corrupt weights, on the built-in Japanese customer-support prompts.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from recommender.cli import main
from recommender.engine import load_questionnaire, recommend
from recommender.errors import (
    ModelSourceError,
    UnknownExecutorError,
    UnknownRunError,
    ValidationHarnessError,
)
from recommender.kb import load_knowledge_base
from recommender.store import Store
from recommender.validation import (
    LocalExecutor,
    ProgressEvent,
    Prompt,
    ValidationRun,
    compare_rankings,
    load_run,
    mcnemar_exact,
    run_validation,
)
from recommender.validation.results import PRIOR_PROMPTS

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
QUESTIONNAIRE = ROOT / "examples" / "ja_support_onprem.yaml"
STAND_IN = "mistral-nemo-instruct-2407"  # in that questionnaire's shortlist
FAST = {"device": "cpu", "max_new_tokens": 8, "threads": 1}


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("validation-home")


@contextlib.contextmanager
def _modelrec_home(home: Path) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MODELREC_HOME", str(home))
        yield


@pytest.fixture(scope="module")
def cli_run(tiny_models: dict[str, Path], home: Path) -> dict[str, Any]:
    """`modelrec validate ... --json` on three models; the parsed output."""
    text = home / "domain.txt"
    text.write_text("返品は商品到着後30日以内に受け付けます。" * 5, encoding="utf-8")
    out = io.StringIO()
    with _modelrec_home(home), contextlib.redirect_stdout(out):
        code = main(
            [
                "validate",
                "--model", f"{STAND_IN}={tiny_models['a']}", "--stand-in",
                "--model", str(tiny_models["b"]),
                "--model", str(tiny_models["broken"]),
                "--suite", "customer_support", "--language", "ja",
                "--device", "cpu", "--max-new-tokens", "8", "--batch-size", "2",
                "--threads", "1", "--hardware", "rtx-4090",
                "--perplexity-text", str(text),
                "--questionnaire", str(QUESTIONNAIRE),
                "--no-progress", "--json",
            ]
        )  # fmt: skip
    assert code == 0
    payload: dict[str, Any] = json.loads(out.getvalue())
    return payload


def test_outputs_metrics_and_checks_are_recorded(cli_run: dict[str, Any]) -> None:
    run = ValidationRun.from_json(cli_run)
    a = run.result(STAND_IN)
    b = run.models[1]
    assert run.suite == "customer_support:ja" and len(run.prompts) == 4
    for m in (a, b):
        assert m.status == "completed" and m.failure is None
        assert sorted(o.index for o in m.outputs) == [0, 1, 2, 3]
        for o, p in zip(m.outputs, run.prompts, strict=True):
            assert o.prompt_id == p.id
            assert [c.type for c in o.checks] == [c.type for c in p.checks]
            assert o.output_tokens > 0  # re-tokenised text (random bytes may split differently)
            assert o.batch_size in (1, 2) and o.latency_s > 0
        x = m.metrics
        assert x.load_s and x.load_s > 0 and x.cold_call_s and x.cold_call_s > 0
        assert x.ttft_s and x.ttft_s > 0 and x.decode_tokens_per_s and x.decode_tokens_per_s > 0
        assert x.latency_median_s and x.latency_p95_s and x.latency_p95_s >= x.latency_median_s
        assert x.peak_memory_gb and x.peak_memory_gb > 0.05
        assert x.predicted_memory_gb and x.predicted_memory_gb > 0
        assert x.answered == x.checked == 4 and x.pass_rate == x.passed / 4
        assert x.pass_rate_ci and x.pass_rate_ci[0] <= x.pass_rate <= x.pass_rate_ci[1]
        assert x.throughput_tokens_per_s and x.throughput_tokens_per_s > 0
        # $/1M = hourly / (3600 x tokens/s) x 1e6 at the catalogued RTX 4090 rental price
        price = run.settings["price_per_hour_usd"]
        expected = price / (3600 * x.throughput_tokens_per_s) * 1e6
        assert x.cost_per_mtok_usd == pytest.approx(expected)
        assert x.perplexity and x.perplexity > 1 and x.perplexity_tokens
        assert m.manifest["dtype"] == "float32" and m.manifest["device"] == "cpu"
        assert m.manifest["torch"] and m.manifest["transformers"]
    assert a.manifest["model_type"] == "llama" and b.manifest["model_type"] == "qwen2"
    # the fit check's CPU roofline (50 GB/s over a 0.2 MB model) is no forecast for a tiny
    # model whose time goes to overheads: flagged, not printed beside the measurement
    assert a.metrics.predicted_decode_tokens_per_s is None
    assert a.metrics.speed_flag and "not shown" in a.metrics.speed_flag
    assert [o.output for o in a.outputs] != [o.output for o in b.outputs]


def test_corrupt_weights_fail_as_a_typed_result(cli_run: dict[str, Any]) -> None:
    broken = ValidationRun.from_json(cli_run).models[2]
    assert broken.status == "failed" and broken.failure == "load_error"
    assert broken.message and broken.outputs == ()
    assert cli_run["status"] == "partial"


def test_paired_comparison(cli_run: dict[str, Any]) -> None:
    run = ValidationRun.from_json(cli_run)
    (c,) = run.comparisons
    a, b = run.models[0].passed_by_prompt(), run.models[1].passed_by_prompt()
    only_a = sum(1 for k in a if a[k] and not b[k])
    only_b = sum(1 for k in a if b[k] and not a[k])
    assert (c.prompts, c.only_a, c.only_b) == (4, only_a, only_b)
    assert c.p_value == pytest.approx(mcnemar_exact(only_a, only_b))
    assert c.verdict == "statistically tied"  # four prompts cannot separate two models


def test_the_stored_run_round_trips(cli_run: dict[str, Any], home: Path) -> None:
    stored = load_run(cli_run["run_id"], Store(home / "modelrec.db"))
    payload = dict(cli_run)
    payload.pop("reranked")
    assert stored.to_json() == payload
    assert ValidationRun.from_json(json.loads(json.dumps(payload))) == stored


def test_measurements_rerank_the_shortlist(cli_run: dict[str, Any], home: Path) -> None:
    from recommender.matching import ModelMatcher, TaskMatcher, get_embedder

    stand_in_run = load_run(cli_run["run_id"], Store(home / "modelrec.db"))
    kb = load_knowledge_base()
    q = load_questionnaire(QUESTIONNAIRE)
    with _modelrec_home(home):  # the embeddings the CLI run cached
        embedder = get_embedder()
        kw = {"matcher": TaskMatcher(kb, embedder), "model_matcher": ModelMatcher(kb, embedder)}
        before = recommend(q, kb, **kw)
        unchanged = recommend(q, kb, evidence=stand_in_run, **kw)
    # a stand-in (a tiny folder in a 12B model's place) changes nothing in the ranking
    assert stand_in_run.result(STAND_IN).source["stand_in"] is True
    assert [(r.candidate.model.id, r.score) for r in unchanged.ranked] == [
        (r.candidate.model.id, r.score) for r in before.ranked
    ]
    reranked = cli_run["reranked"]
    assert reranked["recommendation"]["shortlist"] == before.to_json()["shortlist"]
    # the same figures from the model itself (a verified source) re-rank it
    run = _verified(stand_in_run)
    with _modelrec_home(home):
        after = recommend(q, kb, evidence=run, **kw)
    old = next(r for r in before.ranked if r.candidate.model.id == STAND_IN)
    new = next(r for r in after.ranked if r.candidate.model.id == STAND_IN)
    m = run.result(STAND_IN).metrics
    assert new.values["quality"].evidence == "measured"
    # the pass rate, blended with the estimate counted as PRIOR_PROMPTS prompts
    prior = old.values["quality"].value
    expected = (PRIOR_PROMPTS * prior + m.passed) / (PRIOR_PROMPTS + m.checked)
    assert new.values["quality"].value == pytest.approx(expected)
    assert min(prior, m.pass_rate) <= new.values["quality"].value <= max(prior, m.pass_rate)
    assert old.values["quality"].evidence != "measured"
    # measured on the CPU, the plan runs on an RTX 4090: speed and memory stay estimates
    assert new.values["speed"] == old.values["speed"] and new.values["fit"] == old.values["fit"]
    assert "estimates kept for NVIDIA GeForce RTX 4090" in new.values["quality"].detail
    # everyone else keeps the same values
    others = {r.candidate.model.id: r.values for r in before.ranked if r is not old}
    for r in after.ranked:
        if r.candidate.model.id != STAND_IN:
            assert r.values == others[r.candidate.model.id]
    changes = {c.model_id: c for c in compare_rankings(before, after)}
    change = changes[STAND_IN]
    assert change.rank_before == old.rank and change.rank_after == new.rank
    assert change.score_after == pytest.approx(new.score)
    assert change.evidence["quality"].startswith("pass rate")
    assert any("measured evidence" in n.text and STAND_IN in n.text for n in after.notes)
    # for a CPU deployment the CPU measurements replace the speed and fit estimates, when
    # measured at the precision the plan runs at; at another precision they do not
    cpu_team = load_questionnaire(ROOT / "examples" / "cpu_laptop.yaml")
    with _modelrec_home(home):
        on_cpu = recommend(cpu_team, kb, evidence=run, **kw)
    r = next(r for r in on_cpu.ranked if r.candidate.model.id == STAND_IN)
    assert r.candidate.plan.fit is not None and r.candidate.plan.fit.quantization != "fp32"
    assert r.values["speed"].evidence != "measured" and r.values["fit"].evidence != "measured"
    same_precision = _verified(stand_in_run, dtype=r.candidate.plan.fit.quantization)
    with _modelrec_home(home):
        on_cpu = recommend(cpu_team, kb, evidence=same_precision, **kw)
    r = next(r for r in on_cpu.ranked if r.candidate.model.id == STAND_IN)
    assert {r.values[k].evidence for k in ("quality", "speed", "fit")} == {"measured"}
    assert f"measured {m.decode_tokens_per_s:.0f} tokens/s" in r.values["speed"].detail


def _verified(run: ValidationRun, dtype: str | None = None) -> ValidationRun:
    """``run`` as if its stand-in had been the catalogued model itself (and, with ``dtype``,
    measured at that precision)."""
    import dataclasses

    models = []
    for m in run.models:
        if m.kb_id == STAND_IN:
            source = {**m.source, "stand_in": False}
            manifest = m.manifest if dtype is None else {**m.manifest, "dtype": dtype}
            m = dataclasses.replace(m, source=source, manifest=manifest)
        models.append(m)
    return dataclasses.replace(run, models=tuple(models))


def test_show_prints_the_run_and_the_reranked_shortlist(
    cli_run: dict[str, Any], home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with _modelrec_home(home):
        code = main(
            ["validate", "--show", cli_run["run_id"], "--questionnaire", str(QUESTIONNAIRE)]
        )
    out = capsys.readouterr().out
    assert code == 0
    assert f"run {cli_run['run_id']} · suite customer_support:ja (4 prompts)" in out
    assert "PASS (95% CI)" in out and "load_error" in out
    assert "statistically tied" in out
    assert "cs-ja-password" in out  # answers side by side
    assert "shortlist re-ranked with the measurements" in out
    assert f"{STAND_IN} (tiny-a) [stand-in]: a stand-in for {STAND_IN}" in out
    assert "0.0514M parameters in its safetensors" in out
    assert "stand-ins, shown above but never used to re-rank" in out
    assert "not in the knowledge base, so not re-ranked" in out


def _prompts(n: int) -> list[Prompt]:
    from recommender.validation.checks import parse_check

    check = parse_check({"type": "length", "max_chars": 1000})
    return [Prompt(id=f"q{i}", prompt=f"Question number {i}: what is {i} + {i}?", language="en",
                   checks=(check,)) for i in range(n)]  # fmt: skip


def _rows(db: Path, run_id: str) -> dict[int, tuple[str, str]]:
    with contextlib.closing(sqlite3.connect(db)) as c:
        try:
            rows = c.execute(
                "SELECT prompt_index, output, completed_at FROM validation_outputs "
                "WHERE run_id = ?",
                (run_id,),
            ).fetchall()
        except sqlite3.OperationalError:  # the command has not created its tables yet
            return {}
    return {i: (out, at) for i, out, at in rows}


def test_a_worker_killed_with_sigkill_is_a_typed_result_and_resume_completes(
    tiny_models: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store()
    events: list[ProgressEvent] = []

    def kill_worker(e: ProgressEvent) -> None:
        events.append(e)
        if e.status == "running" and e.done >= 2 and e.pid and not getattr(kill_worker, "done", 0):
            kill_worker.done = 1  # type: ignore[attr-defined]
            os.kill(e.pid, signal.SIGKILL)

    run = run_validation(
        [str(tiny_models["a"])], prompts=_prompts(10), batch_size=1, store=store,
        run_id="crash", progress=kill_worker, **FAST,
    )  # fmt: skip
    (m,) = run.models
    assert m.failure == "crashed" and "killed by signal 9" in (m.message or "")
    answered = {o.index for o in m.outputs}
    assert 2 <= len(answered) < 10
    before = _rows(store.path, "crash")
    # `modelrec validate --resume` asks only for the prompts not answered yet
    assert main(["validate", "--resume", "crash", "--json", "--no-progress"]) == 0
    resumed = json.loads(capsys.readouterr().out)
    assert resumed["status"] == "completed"
    assert resumed["models"][0]["status"] == "completed"
    after = _rows(store.path, "crash")
    assert sorted(after) == list(range(10))
    assert {i: after[i] for i in before} == before  # finished prompts untouched


def test_a_run_killed_midway_resumes_without_repeating_work(
    tiny_models: dict[str, Path], tmp_path: Path
) -> None:
    prompts = tmp_path / "prompts.jsonl"
    prompts.write_text(
        "\n".join(json.dumps(p.to_json()) for p in _prompts(16)) + "\n", encoding="utf-8"
    )
    home = tmp_path / "home"
    env = dict(os.environ, MODELREC_HOME=str(home))
    modelrec = str(Path(sys.executable).with_name("modelrec"))
    process = subprocess.Popen(
        [modelrec, "validate", "--model", str(tiny_models["a"]), "--prompts", str(prompts),
         "--device", "cpu", "--batch-size", "1", "--max-new-tokens", "24", "--threads", "1",
         "--run-id", "killed", "--no-progress"],
        env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    db = home / "modelrec.db"
    deadline = time.monotonic() + 180
    try:
        while time.monotonic() < deadline:
            if db.exists() and len(_rows(db, "killed")) >= 3:
                break
            assert process.poll() is None, "the run ended before it could be killed"
            time.sleep(0.05)
        os.killpg(process.pid, signal.SIGKILL)  # the command and its worker, mid-run
    finally:
        process.wait()
    before = _rows(db, "killed")
    assert 3 <= len(before) < 16
    with contextlib.closing(sqlite3.connect(db)) as c:
        status, tmp_dir = c.execute(
            "SELECT status, tmp_dir FROM validation_runs WHERE id = 'killed'"
        ).fetchone()
    assert status == "running" and Path(tmp_dir).name.startswith("modelrec-validate-")
    assert Path(tmp_dir).is_dir()  # left behind by the killed command
    # the next process to open the store sees the owner gone
    assert load_run("killed", Store(db)).status == "interrupted"
    assert not Path(tmp_dir).exists()
    increments: list[int] = []
    run = run_validation(
        [], resume=True, run_id="killed", store=Store(db),
        progress=lambda e: increments.append(e.done) if e.status == "running" else None,
    )  # fmt: skip
    assert run.status == "completed"
    after = _rows(db, "killed")
    assert sorted(after) == list(range(16))
    assert {i: after[i] for i in before} == before
    # prompts answered in the resumed session: exactly the missing ones
    assert increments[0] == len(before) and max(increments) == 16


def test_a_model_larger_than_the_memory_cap_is_refused_before_loading(
    tiny_models: dict[str, Path],
) -> None:
    class CountingExecutor(LocalExecutor):
        started = 0

        def start(self, job: dict[str, Any], workdir: Path) -> Any:
            CountingExecutor.started += 1
            return super().start(job, workdir)

    statuses: list[str] = []
    run = run_validation(
        [str(tiny_models["a"])], prompts=_prompts(2), memory_limit_gb=0.05,
        executor=CountingExecutor(), progress=lambda e: statuses.append(e.status), **FAST,
    )  # fmt: skip
    (m,) = run.models
    assert m.failure == "does_not_fit" and "memory cap of 0.05 GB" in (m.message or "")
    assert m.metrics.load_s is None and m.outputs == ()
    assert m.fit and m.fit["needed_gb"] > 0.05 and m.fit["parameters"] > 10_000
    assert CountingExecutor.started == 0
    assert statuses[-1] == "does_not_fit"


def test_timeouts_fire(tiny_models: dict[str, Path]) -> None:
    a = str(tiny_models["a"])
    run = run_validation([a], prompts=_prompts(2), prompt_timeout_s=0.001, **FAST)
    (m,) = run.models
    assert m.failure == "timeout" and "took longer than 0.001 s" in (m.message or "")
    run = run_validation([str(tiny_models["a"])], prompts=_prompts(2), model_timeout_s=0.3, **FAST)
    assert run.models[0].failure == "timeout"
    assert "model timeout" in (run.models[0].message or "")


def test_cancelling_stops_the_running_model(tiny_models: dict[str, Path]) -> None:
    cancel = threading.Event()

    def stop(e: ProgressEvent) -> None:
        if e.status == "loading":
            cancel.set()

    run = run_validation(
        [str(tiny_models["a"]), str(tiny_models["b"])], prompts=_prompts(2), cancel=cancel,
        progress=stop, **FAST,
    )  # fmt: skip
    assert run.status == "cancelled"
    assert [m.failure for m in run.models] == ["cancelled", "cancelled"]


def test_random_weights_mode_measures_speed_from_the_config_alone(
    tiny_models: dict[str, Path], tmp_path: Path
) -> None:
    config_only = tmp_path / "config-only"
    config_only.mkdir()
    (config_only / "config.json").write_text(
        (tiny_models["a"] / "config.json").read_text(), encoding="utf-8"
    )
    run = run_validation([str(config_only)], prompts=_prompts(2), random_weights=True, **FAST)
    (m,) = run.models
    assert m.status == "completed", m.message
    assert m.manifest["random_weights"] is True
    assert m.metrics.decode_tokens_per_s and m.metrics.decode_tokens_per_s > 0
    assert m.metrics.predicted_memory_gb and m.fit and m.fit["parameters"] > 10_000


def test_bad_requests_are_errors_before_any_work(tiny_models: dict[str, Path]) -> None:
    a = str(tiny_models["a"])
    with pytest.raises(ModelSourceError, match=r"no config\.json"):
        run_validation([str(tiny_models["a"].parent)], prompts=_prompts(1))
    with pytest.raises(ModelSourceError, match="not in the local Hugging Face cache"):
        run_validation(["qwen3-4b"], prompts=_prompts(1))
    with pytest.raises(ModelSourceError, match="API model"):
        run_validation(["gpt-4o"], prompts=_prompts(1))
    with pytest.raises(ValidationHarnessError, match="either a suite"):
        run_validation([a])
    with pytest.raises(ValidationHarnessError, match="trust_remote_code names models"):
        run_validation([a], prompts=_prompts(1), trust_remote_code=["other"])
    with pytest.raises(UnknownExecutorError, match="local"):
        run_validation([a], prompts=_prompts(1), executor="slurm")
    with pytest.raises(UnknownRunError):
        run_validation([], resume=True, run_id="nope")
    with contextlib.closing(sqlite3.connect(Store().path)) as c:
        assert c.execute("SELECT COUNT(*) FROM validation_runs").fetchone()[0] == 0


def test_cli_errors_are_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["validate", "--model", str(tmp_path), "--suite", "customer_support"]) == 1
    assert "modelrec: error: model" in capsys.readouterr().err
    assert main(["validate", "--model", str(tmp_path), "--suite", "no_such_suite"]) == 1
    assert "unknown prompt suite 'no_such_suite'" in capsys.readouterr().err
    assert main(["validate", "--show", "nope"]) == 1
    assert "unknown validation run 'nope'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["validate", "--suite", "customer_support"])  # no --model: a usage error
