"""The Ray executor on a real local Ray (started once for the module, 2 CPUs, on 127.0.0.1), with
the tiny models: two models at once, a worker killed, restarted, killed again (a typed failure
while the other model finishes), resume without repeats, the same answers as the local
executor, a model no node can hold refused before anything starts, cancellation."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import sqlite3
import struct
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import modelrec_netguard
import psutil
import pytest

from recommender.cli import main
from recommender.errors import ValidationHarnessError
from recommender.store import Store
from recommender.validation import ProgressEvent, Prompt, run_validation
from recommender.validation.checks import parse_check
from recommender.validation.ray_executor import RayExecutor

pytestmark = [pytest.mark.slow, pytest.mark.localhost]

FAST = {"device": "cpu", "max_new_tokens": 32, "threads": 1}


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[Any]:
    """A local Ray for the module, bound to the loopback (the network guard allows no other),
    with 2 CPUs and one logical GPU (the other tests ask for --device cpu)."""
    with pytest.MonkeyPatch.context() as mp:
        # read when ray is imported: the node takes 127.0.0.1 instead of probing for its address
        mp.setenv("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
        # Ray's own processes, and the workers they start, talk over 127.0.0.1
        mp.setenv("MODELREC_NETGUARD", "localhost")
        import ray

        modelrec_netguard.allow_localhost(True)
        try:
            ray.init(
                num_cpus=2,
                num_gpus=1,  # a logical GPU (none is there): the GPU placement's plumbing
                include_dashboard=False,
                _node_ip_address="127.0.0.1",
                logging_level="ERROR",
                log_to_driver=False,
            )
        finally:
            modelrec_netguard.allow_localhost(False)
    yield ray
    ray.shutdown()


def _prompts(n: int) -> list[Prompt]:
    check = parse_check({"type": "length", "max_chars": 1000})
    return [Prompt(id=f"q{i}", prompt=f"Question number {i}: what is {i} + {i}?", language="en",
                   checks=(check,)) for i in range(n)]  # fmt: skip


def _rows(db: Path, run_id: str, model: str) -> dict[int, tuple[str, str]]:
    with contextlib.closing(sqlite3.connect(db)) as c:
        rows = c.execute(
            "SELECT prompt_index, output, completed_at FROM validation_outputs "
            "WHERE run_id = ? AND model_key = ?",
            (run_id, model),
        ).fetchall()
    return {i: (out, at) for i, out, at in rows}


def test_two_models_in_parallel_a_killed_worker_resume_and_the_local_answers(
    ray_cluster: Any, tiny_models: dict[str, Path], tmp_path: Path
) -> None:
    a, b = str(tiny_models["a"]), str(tiny_models["b"])
    prompts = _prompts(8)
    store = Store(tmp_path / "ray.db")
    executor = RayExecutor(retries=1)
    events: list[tuple[float, ProgressEvent]] = []
    killed: list[int] = []

    def kill_the_restarted_actor() -> None:
        # Ray restarts model a's actor in a new process ("ray::_ModelActor"): kill it too, while
        # it loads the model again; that uses up the one restart allowed
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            of_b = {e.pid for _, e in events if e.model == b and e.pid}
            for proc in psutil.process_iter(["pid", "cmdline"]) if of_b else ():
                cmd = proc.info["cmdline"] or [""]
                if cmd[0].startswith("ray::_ModelActor") and proc.pid not in {*killed, *of_b}:
                    killed.append(proc.pid)
                    os.kill(proc.pid, signal.SIGKILL)
                    return
            time.sleep(0.02)

    watcher = threading.Thread(target=kill_the_restarted_actor, daemon=True)

    def kill_a_after_one_answer(e: ProgressEvent) -> None:
        events.append((time.monotonic(), e))
        if e.model == a and e.status == "running" and e.done >= 1 and e.pid and not killed:
            killed.append(e.pid)
            os.kill(e.pid, signal.SIGKILL)
            watcher.start()

    run = run_validation(
        [a, b], prompts=prompts, batch_size=1, store=store, run_id="ray", executor=executor,
        progress=kill_a_after_one_answer, **FAST,
    )  # fmt: skip
    watcher.join()
    ra, rb = run.models
    assert len(killed) == 2  # the first worker, then the one Ray restarted
    assert ra.failure == "crashed"
    assert "lost and not restarted again (1 restart allowed)" in (ra.message or "")
    assert rb.status == "completed" and len(rb.outputs) == 8  # the other model carried on
    assert rb.manifest["executor"] == "ray" and rb.manifest["ray_node"] == "127.0.0.1"
    assert run.status == "partial"

    # both models' workers were at work at once: b's started before a's ended, and a's
    # before b's ended (one after another, b's worker would start once a has finished)
    def span(model: str) -> tuple[float, float]:
        times = [t for t, e in events if e.model == model]
        return min(t for t, e in events if e.model == model and e.pid), max(times)

    (a0, a1), (b0, b1) = span(a), span(b)
    assert a0 < b1 and b0 < a1

    # resume: only the prompts model a has not answered are asked again
    before = _rows(store.path, "ray", a)
    assert 1 <= len(before) < 8  # what the first worker answered before it was killed
    asked = len(executor.sent[a])
    resumed = run_validation([], resume=True, run_id="ray", store=store, executor=executor)
    assert resumed.status == "completed"
    assert sorted(executor.sent[a][asked:]) == sorted(set(range(8)) - set(before))
    assert b not in executor.sent or len(executor.sent[b]) == 8  # b was finished: not rerun
    after = _rows(store.path, "ray", a)
    assert sorted(after) == list(range(8))
    assert {i: after[i] for i in before} == before  # answers already stored are untouched

    # the same answers and check results as the default executor
    local = run_validation(
        [a, b], prompts=prompts, batch_size=1, store=Store(tmp_path / "local.db"), **FAST
    )
    for ray_model, local_model in zip(resumed.models, local.models, strict=True):
        assert [(o.index, o.output, o.passed) for o in ray_model.outputs] == [
            (o.index, o.output, o.passed) for o in local_model.outputs
        ]
        assert ray_model.metrics.pass_rate == local_model.metrics.pass_rate


def _too_big_for_any_node(tiny: Path, target: Path) -> Path:
    """The tiny model's config with a safetensors header claiming 100 billion parameters (the
    fit check reads headers only; nothing is ever loaded)."""
    target.mkdir()
    shutil.copy(tiny / "config.json", target / "config.json")
    header = json.dumps(
        {"w": {"dtype": "F32", "shape": [100_000, 1_000_000], "data_offsets": [0, 0]}}
    ).encode()
    (target / "model.safetensors").write_bytes(struct.pack("<Q", len(header)) + header)
    return target


def test_a_model_no_node_can_hold_is_refused_before_start(
    ray_cluster: Any,
    tiny_models: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    huge = _too_big_for_any_node(tiny_models["a"], tmp_path / "huge")
    prompts = tmp_path / "prompts.jsonl"
    prompts.write_text("\n".join(json.dumps(p.to_json()) for p in _prompts(2)), encoding="utf-8")
    code = main(
        ["validate", "--model", str(huge), "--prompts", str(prompts), "--device", "cpu",
         "--executor", "ray", "--worker-retries", "0", "--no-progress", "--json"]
    )  # fmt: skip
    assert code == 0
    out = capsys.readouterr()
    (m,) = json.loads(out.out)["models"]
    assert m["failure"] == "does_not_fit"
    assert re.match(r"no Ray node can hold it: needs 41\d\.\d GB", m["message"])
    assert "the largest node (127.0.0.1) offers" in m["message"]
    assert m["outputs"] == [] and m["metrics"]["load_s"] is None  # never started
    # the plan, shown before the run
    assert "Ray placement (1 node: 2 CPUs):" in out.err
    assert f"{huge} refused: needs 41" in out.err
    assert ray_cluster.is_initialized()  # the test's cluster was used, and left running


def test_options_of_the_ray_executor_need_it(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["validate", "--model", "x", "--suite", "chat_assistant", "--address", "auto"])
    assert exc.value.code == 2
    assert "--address, --worker-retries and --gpu-memory-gb go with --executor ray" in (
        capsys.readouterr().err
    )


def test_cancelling_kills_the_models_actor(ray_cluster: Any, tiny_models: dict[str, Path]) -> None:
    cancel = threading.Event()
    pids: list[int] = []

    def stop(e: ProgressEvent) -> None:
        if e.status == "loading" and e.pid:
            pids.append(e.pid)
            cancel.set()

    run = run_validation(
        [str(tiny_models["a"])], prompts=_prompts(2), cancel=cancel, progress=stop,
        executor=RayExecutor(), **FAST,
    )  # fmt: skip
    assert run.status == "cancelled" and run.models[0].failure == "cancelled"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # ray.kill ends the actor's process
        try:
            os.kill(pids[0], 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the cancelled model's actor is still running")


def test_gpu_placement_asks_ray_for_a_fraction_of_a_gpu(
    ray_cluster: Any, tiny_models: dict[str, Path]
) -> None:
    # this machine has no nvidia-smi: the GPU's memory must be given
    with pytest.raises(ValidationHarnessError) as exc:
        RayExecutor().nodes()
    assert str(exc.value) == (
        "cannot read the GPU memory of Ray node 127.0.0.1 (FileNotFoundError: [Errno 2] No such "
        "file or directory: 'nvidia-smi'); give it with --gpu-memory-gb"
    )
    shown: list[str] = []
    executor = RayExecutor(gpu_memory_gb=24, show=shown.append)
    run = run_validation(
        [str(tiny_models["a"])], prompts=_prompts(1), executor=executor, max_new_tokens=4
    )
    (placed,) = executor.plan.placements if executor.plan else ()
    assert executor.plan and executor.plan.device == "cuda"
    assert 0 < placed.gpus <= 0.05  # ~0.7 GB of the 21.6 usable: Ray scheduled the fraction
    assert shown[0].splitlines() == [
        "Ray placement (1 node: 1 GPU, 2 CPUs):",
        f"{tiny_models['a']} ({placed.needed_gb:.1f} GB): 1 x 24 GB",
    ]
    # the actor ran the worker with device cuda, which it cannot find here
    (m,) = run.models
    assert m.failure == "load_error" and "no CUDA GPU is available" in (m.message or "")
