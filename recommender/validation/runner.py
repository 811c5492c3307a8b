"""run_validation(): run models on prompts, one isolated job per model, and keep every result.

For each model: resolve it to a local directory, check it fits (:func:`.sources.check_fit`)
before loading, start a job with the executor (a fresh subprocess by default), check each answer
as it arrives and write it to SQLite at once. A model that fails ends as a typed result (load
error, does not fit, out of memory, timeout, crashed, cancelled) with its message, and the
others carry on. A run killed midway resumes with ``resume=True``: finished models are kept,
answered prompts are not asked again.
"""

from __future__ import annotations

import json
import secrets
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UnknownRunError, ValidationHarnessError
from ..store import Store, process_owner
from .checks import run_check
from .executors import EXITED, Executor, get_executor
from .results import (
    Failure,
    ModelResult,
    PromptOutput,
    ValidationRun,
    build_metrics,
    paired_comparisons,
)
from .sources import FitCheck, ModelSource, check_fit, resolve_model
from .suites import Prompt, PromptSuite, load_prompts, load_suite

if TYPE_CHECKING:
    from ..kb.loader import KnowledgeBase

__all__ = ["ProgressEvent", "list_runs", "load_run", "run_validation"]


@dataclass(frozen=True)
class ProgressEvent:
    """What a progress bar needs: which model, how many of its prompts are done, and its
    status (``checking_fit``, ``loading``, ``running``, ``completed`` or a failure kind)."""

    model: str
    model_index: int  #: 0-based position of the model in the run
    models: int  #: models in the run
    done: int  #: this model's prompts answered so far
    total: int  #: this model's prompts
    status: str
    message: str | None = None
    pid: int | None = None  #: the worker's process id while it runs (local executor)


Progress = Callable[[ProgressEvent], None]
#: Failures a resumed run tries again.
_RETRIED = ("crashed", "timeout", "cancelled")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def run_validation(
    models: Sequence[str],
    *,
    suite: str | PromptSuite | None = None,
    prompts: str | Path | Sequence[Prompt] | None = None,
    language: str | None = None,
    device: str = "auto",
    dtype: str = "auto",
    store: Store | None = None,
    run_id: str | None = None,
    resume: bool = False,
    progress: Progress | None = None,
    executor: str | Executor | None = None,
    max_new_tokens: int = 64,
    perf_tokens: int | None = None,
    batch_size: int = 8,
    load_timeout_s: float = 900.0,
    prompt_timeout_s: float = 300.0,
    model_timeout_s: float = 7200.0,
    memory_limit_gb: float | None = None,
    trust_remote_code: Sequence[str] = (),
    random_weights: bool = False,
    download: bool = False,
    perplexity_text: str | None = None,
    price_per_hour_usd: float | None = None,
    price_source: str | None = None,
    threads: int | None = None,
    seed: int = 0,
    cancel: threading.Event | None = None,
    kb: KnowledgeBase | None = None,
    endpoints: Sequence[ModelSource | dict[str, Any]] = (),
    concurrency: int = 4,
    retries: int = 3,
    retry_backoff_s: float = 1.0,
    stand_in: Sequence[str] = (),
) -> ValidationRun:
    """Run ``models`` on a prompt suite and return the :class:`ValidationRun`.

    - ``models``: knowledge-base ids, local directories, cached Hugging Face repo ids, or
      ``KB_ID=DIRECTORY`` (a local copy standing for a knowledge-base model).
    - ``suite`` (a built-in name, ``name:ja`` for one language) or ``prompts`` (a YAML, JSONL or
      CSV file, or Prompt objects); ``language`` keeps only that language's prompts.
    - ``device``: ``auto`` (CUDA when available), ``cpu`` or ``cuda``; ``dtype`` ``auto`` is
      bf16 on CUDA and fp32 on the CPU.
    - ``store``: the SQLite store (default: the user's); each answer is written as it arrives.
    - ``resume=True`` with ``run_id``: continue that run (its own models, prompts and
      settings); answered prompts are not asked again.
    - ``progress``: called with a :class:`ProgressEvent` after every step.
    - ``executor``: ``"local"`` (default) or an :class:`~.executors.Executor`.
    - timeouts: loading, each prompt (the time between two answers), the whole model.
    - ``memory_limit_gb``: the fit check's cap (default: free memory of the device).
    - ``trust_remote_code``: the model names (as given) allowed to run their repository's code.
    - ``random_weights``: build each model from its config with random weights (speed and
      memory only; no quality figures enter the ranking).
    - ``price_per_hour_usd``: the hardware price for $/1M tokens (``price_source`` says whence).
    - ``cancel``: set it to stop; the running model ends as ``cancelled``.
    - ``endpoints``: OpenAI-compatible endpoints to run too, as resolved
      :class:`~.sources.ModelSource` (:func:`.endpoint.resolve_endpoint`) or its keyword
      arguments (``url``, ``model``, ``kb_id``, ``api_key_env``, ``stand_in``); they run with
      ``concurrency`` requests at a time, each retried ``retries`` times with back-off from
      ``retry_backoff_s`` on 429, 5xx and dropped connections.
    - ``stand_in``: the models (as named) that run in a knowledge-base model's place without
      being it; a ``KB_ID=DIR`` folder that does not match the catalogue is refused otherwise.
    """
    store = store or Store()
    chosen_executor = get_executor(executor)  # an unknown name fails before a run is created
    if resume:
        if run_id is None:
            raise ValidationHarnessError("resume needs the id of the run to continue (--resume ID)")
        config = _load_config(store, run_id)
    else:
        config = _new_config(
            models,
            suite=suite,
            prompts=prompts,
            language=language,
            settings={
                "device": device,
                "dtype": dtype,
                "max_new_tokens": max_new_tokens,
                "perf_tokens": perf_tokens,
                "batch_size": batch_size,
                "load_timeout_s": load_timeout_s,
                "prompt_timeout_s": prompt_timeout_s,
                "model_timeout_s": model_timeout_s,
                "memory_limit_gb": memory_limit_gb,
                "trust_remote_code": sorted(trust_remote_code),
                "random_weights": random_weights,
                "download": download,
                "price_per_hour_usd": price_per_hour_usd,
                "price_source": price_source,
                "threads": threads,
                "seed": seed,
                "perplexity": perplexity_text is not None,
                "concurrency": concurrency,
                "retries": retries,
                "retry_backoff_s": retry_backoff_s,
            },
            kb=kb,
            endpoints=endpoints,
            stand_in=stand_in,
        )
        if perplexity_text is not None:
            config["perplexity_text"] = perplexity_text
        run_id = run_id or f"{datetime.now(UTC):%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"
        _create_run(store, run_id, config)
    run = _Run(store, run_id, config, chosen_executor, progress, cancel)
    run.execute()
    return load_run(run_id, store)


def _new_config(
    models: Sequence[str],
    *,
    suite: str | PromptSuite | None,
    prompts: str | Path | Sequence[Prompt] | None,
    language: str | None,
    settings: dict[str, Any],
    kb: KnowledgeBase | None,
    endpoints: Sequence[ModelSource | dict[str, Any]] = (),
    stand_in: Sequence[str] = (),
) -> dict[str, Any]:
    if not models and not endpoints:
        raise ValidationHarnessError(
            "name at least one model to validate (--model, or --endpoint with --endpoint-model)",
            code="no_models",
        )
    if len(set(models)) != len(models):
        raise ValidationHarnessError("a model is named twice", code="model_twice")
    if int(settings.get("concurrency") or 1) < 1 or int(settings.get("retries") or 0) < 0:
        raise ValidationHarnessError("concurrency must be at least 1 and retries at least 0")
    unknown_stand_in = set(stand_in) - set(models)
    if unknown_stand_in:
        raise ValidationHarnessError(
            f"stand_in names models not in the run: {', '.join(sorted(unknown_stand_in))}"
        )
    if (suite is None) == (prompts is None):
        raise ValidationHarnessError(
            "give either a suite (--suite NAME) or prompts (--prompts FILE)"
        )
    for name in ("max_new_tokens", "batch_size"):
        if int(settings[name]) < 1:
            raise ValidationHarnessError(f"{name} must be at least 1")
    for name in ("load_timeout_s", "prompt_timeout_s", "model_timeout_s"):
        if not float(settings[name]) > 0:
            raise ValidationHarnessError(f"{name} must be positive")
    if settings["device"] not in ("auto", "cpu", "cuda"):
        raise ValidationHarnessError(
            f"device must be auto, cpu or cuda, not '{settings['device']}'"
        )
    if settings["dtype"] not in ("auto", "float32", "bfloat16", "float16"):
        raise ValidationHarnessError(
            f"dtype must be auto, float32, bfloat16 or float16, not '{settings['dtype']}'"
        )
    unknown_trust = set(settings["trust_remote_code"]) - set(models)
    if unknown_trust:
        raise ValidationHarnessError(
            f"trust_remote_code names models not in the run: {', '.join(sorted(unknown_trust))}"
        )
    if isinstance(suite, PromptSuite):
        chosen = suite.only(language)
    elif suite is not None:
        chosen = load_suite(suite, language=language)
    elif isinstance(prompts, str | Path):
        chosen = load_prompts(prompts).only(language)
    else:
        assert prompts is not None
        from .suites import suite_from_prompts

        chosen = suite_from_prompts(list(prompts)).only(language)
    # every model resolves before any work starts: a typo is an error, not a failed result
    sources = [
        resolve_model(m, kb, download=bool(settings["download"]), stand_in=m in stand_in)
        for m in models
    ]
    if endpoints:
        from .endpoint import resolve_endpoint

        for e in endpoints:
            sources.append(e if isinstance(e, ModelSource) else resolve_endpoint(kb=kb, **e))
    if len({s.key for s in sources}) != len(sources):
        raise ValidationHarnessError("a model is named twice", code="model_twice")
    return {
        "suite": chosen.name,
        "prompts": [p.to_json() for p in chosen.prompts],
        "models": [s.to_json() for s in sources],
        "settings": settings,
    }


def _create_run(store: Store, run_id: str, config: dict[str, Any]) -> None:
    now = _now()
    with store.transaction() as db:
        if db.execute("SELECT 1 FROM validation_runs WHERE id = ?", (run_id,)).fetchone():
            raise ValidationHarnessError(
                f"run '{run_id}' exists already: resume it (--resume {run_id}) or pick a new id"
            )
        db.execute(
            "INSERT INTO validation_runs (id, created_at, updated_at, status, config) "
            "VALUES (?, ?, ?, 'running', ?)",
            (run_id, now, now, json.dumps(config, ensure_ascii=False)),
        )
        for position, source in enumerate(config["models"]):
            db.execute(
                "INSERT INTO validation_models (run_id, model_key, position, status, updated_at) "
                "VALUES (?, ?, ?, 'pending', ?)",
                (run_id, source["key"], position, now),
            )


def _load_config(store: Store, run_id: str) -> dict[str, Any]:
    with store.connect() as db:
        row = db.execute("SELECT config FROM validation_runs WHERE id = ?", (run_id,)).fetchone()
    if row is None:
        raise UnknownRunError(run_id, list_runs(store), hint="(`modelrec validate --list-runs`)")
    config: dict[str, Any] = json.loads(row["config"])
    return config


def list_runs(store: Store | None = None) -> list[str]:
    """Ids of the stored validation runs, oldest first."""
    store = store or Store()
    with store.connect() as db:
        return [r["id"] for r in db.execute("SELECT id FROM validation_runs ORDER BY created_at")]


class _Run:
    def __init__(
        self,
        store: Store,
        run_id: str,
        config: dict[str, Any],
        executor: Executor,
        progress: Progress | None,
        cancel: threading.Event | None,
    ) -> None:
        self.store, self.run_id, self.config = store, run_id, config
        self.settings: dict[str, Any] = config["settings"]
        self.prompts = [Prompt.from_json(p) for p in config["prompts"]]
        self.executor, self.progress, self.cancel = executor, progress, cancel
        self._progress_lock = threading.Lock()

    def execute(self) -> None:
        sources = [ModelSource(**s) for s in self.config["models"]]
        cancelled = False
        # this process owns the run until it ends: a store opened after a kill -9 sees the
        # owner gone and marks the run interrupted
        with self.store.transaction() as db:
            db.execute(
                "UPDATE validation_runs SET status = 'running', owner = ?, updated_at = ? "
                "WHERE id = ?",
                (process_owner(), _now(), self.run_id),
            )
        todo = []
        for position, source in enumerate(sources):
            row = self._model_row(source.key)
            # a resumed run retries what an interruption ended (its answers are kept), not
            # what would fail the same way again (load error, does not fit, out of memory)
            retry = row["status"] == "pending" or row["failure"] in _RETRIED
            if retry:
                todo.append((position, source))
        # an executor that places models itself (ray) estimates them all before any starts
        prepare = getattr(self.executor, "prepare", None)
        planned = prepare(self, [s for _, s in todo]) if prepare is not None and todo else {}
        parallel = min(int(getattr(self.executor, "parallel", 1)), len(todo))

        def run_one(position: int, source: ModelSource) -> bool:
            if self.cancel is not None and self.cancel.is_set():
                self._finish_model(source.key, "failed", "cancelled", "the run was cancelled", {})
                return True
            self._run_model(position, len(sources), source, planned.get(source.key))
            return False

        if parallel > 1:
            cancelled = self._run_parallel(run_one, todo, parallel)
        else:
            for position, source in todo:
                cancelled = run_one(position, source) or cancelled
        statuses = [self._model_row(s.key) for s in sources]
        status = (
            "cancelled"
            if cancelled or any(r["failure"] == "cancelled" for r in statuses)
            else "completed"
            if all(r["status"] == "completed" for r in statuses)
            else "partial"
        )
        with self.store.transaction() as db:
            db.execute(
                "UPDATE validation_runs SET status = ?, updated_at = ?, owner = NULL, "
                "tmp_dir = NULL WHERE id = ?",
                (status, _now(), self.run_id),
            )

    def _run_parallel(
        self,
        run_one: Callable[[int, ModelSource], bool],
        todo: list[tuple[int, ModelSource]],
        parallel: int,
    ) -> bool:
        """Models at once, each in a thread following its job; an interruption (Ctrl-C)
        cancels them all and, once they are recorded as cancelled, goes up."""
        from concurrent.futures import ThreadPoolExecutor

        if self.cancel is None:
            self.cancel = threading.Event()
        with ThreadPoolExecutor(parallel, thread_name_prefix="modelrec-validate") as pool:
            futures = [pool.submit(run_one, position, source) for position, source in todo]
            try:
                results = [f.result() for f in futures]  # every model, not the first
                return any(results)
            except BaseException:
                self.cancel.set()
                raise

    def fit_tokens(self) -> int:
        """Tokens per sequence the fit check counts: the longest prompt and the answer."""
        longest = max((len(p.prompt) + len(p.system or "") for p in self.prompts), default=0)
        # tokens per character is at most ~1 for the scripts we see; +64 for the chat template
        return longest + 64 + int(self.settings["max_new_tokens"])

    # store

    def _model_row(self, key: str) -> dict[str, Any]:
        with self.store.connect() as db:
            row = db.execute(
                "SELECT * FROM validation_models WHERE run_id = ? AND model_key = ?",
                (self.run_id, key),
            ).fetchone()
        return dict(row)

    def _done_indices(self, key: str) -> set[int]:
        with self.store.connect() as db:
            rows = db.execute(
                "SELECT prompt_index FROM validation_outputs WHERE run_id = ? AND model_key = ?",
                (self.run_id, key),
            ).fetchall()
        return {int(r[0]) for r in rows}

    def _save_raw(self, key: str, raw: dict[str, Any], manifest: dict[str, Any]) -> None:
        with self.store.transaction() as db:
            db.execute(
                "UPDATE validation_models SET metrics = ?, manifest = ?, status = 'pending', "
                "updated_at = ? WHERE run_id = ? AND model_key = ?",
                (json.dumps(raw), json.dumps(manifest), _now(), self.run_id, key),
            )

    def _save_output(self, key: str, event: dict[str, Any]) -> None:
        prompt = self.prompts[event["index"]]
        results = [run_check(c, event["output"], prompt) for c in prompt.checks]
        output = PromptOutput(
            index=event["index"],
            prompt_id=prompt.id,
            output=event["output"],
            output_tokens=int(event["output_tokens"]),
            latency_s=float(event["latency_s"]),
            ttft_s=event.get("ttft_s"),
            batch_size=int(event["batch_size"]),
            checks=tuple(results),
        )
        with self.store.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO validation_outputs (run_id, model_key, prompt_index, "
                "prompt_id, output, output_tokens, latency_s, ttft_s, batch_size, checks, passed, "
                "completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    self.run_id,
                    key,
                    output.index,
                    output.prompt_id,
                    output.output,
                    output.output_tokens,
                    output.latency_s,
                    output.ttft_s,
                    output.batch_size,
                    json.dumps([c.to_json() for c in results], ensure_ascii=False),
                    -1 if output.passed is None else int(output.passed),
                    _now(),
                ),
            )

    def _finish_model(
        self,
        key: str,
        status: str,
        failure: Failure | None,
        message: str | None,
        raw: dict[str, Any] | None,
        manifest: dict[str, Any] | None = None,
    ) -> None:
        with self.store.transaction() as db:
            sets = "status = ?, failure = ?, message = ?, updated_at = ?"
            params: list[Any] = [status, failure, message, _now()]
            if raw is not None:
                sets += ", metrics = ?"
                params.append(json.dumps(raw))
            if manifest is not None:
                sets += ", manifest = ?"
                params.append(json.dumps(manifest))
            db.execute(
                f"UPDATE validation_models SET {sets} WHERE run_id = ? AND model_key = ?",
                (*params, self.run_id, key),
            )

    # one model

    def _notify(self, event: ProgressEvent) -> None:
        if self.progress is not None:
            with self._progress_lock:  # models running at once report one at a time
                self.progress(event)

    def _run_model(
        self,
        position: int,
        count: int,
        source: ModelSource,
        planned: tuple[str, FitCheck] | None = None,
    ) -> None:
        key = source.key
        total = len(self.prompts)
        done = self._done_indices(key)
        row = self._model_row(key)
        raw: dict[str, Any] = json.loads(row["metrics"] or "{}")
        manifest: dict[str, Any] = json.loads(row["manifest"] or "{}")

        def notify(status: str, message: str | None = None, pid: int | None = None) -> None:
            self._notify(
                ProgressEvent(key, position, count, len(done), total, status, message, pid)
            )

        if source.kind == "endpoint":
            self._run_endpoint(source, raw, manifest, done, notify, total)
            return

        notify("checking_fit")
        s = self.settings
        # an executor that placed the models (ray) gives each one's device and fit check
        device = s["device"] if planned is None else planned[0]
        if device == "auto":
            import torch

            device = "cuda" if torch.cuda.is_available() else "cpu"
        try:
            fit = (
                planned[1]
                if planned is not None
                else check_fit(
                    source.path,
                    device=device,
                    dtype=s["dtype"],
                    tokens=self.fit_tokens(),
                    batch_size=int(s["batch_size"]),
                    memory_limit_gb=s["memory_limit_gb"],
                    trust_remote_code=key in s["trust_remote_code"],
                )
            )
        except Exception as exc:
            self._finish_model(key, "failed", "load_error", f"fit check failed: {exc}", raw)
            notify("load_error", str(exc))
            return
        raw["fit"] = fit.to_json()
        raw["predicted_memory_gb"] = fit.needed_gb
        raw["predicted_decode_tokens_per_s"] = (
            None
            if fit.predicted_decode_tokens_per_s is None
            else list(fit.predicted_decode_tokens_per_s)
        )
        if not fit.fits:
            self._finish_model(key, "failed", "does_not_fit", fit.reason, raw)
            notify("does_not_fit", fit.reason)
            return
        job = {
            "model_key": key,
            "path": source.path,
            "device": device,
            "dtype": s["dtype"],
            "prompts": [
                {"index": i, "id": p.id, "messages": p.messages()}
                for i, p in enumerate(self.prompts)
            ],
            "done": sorted(done),
            "max_new_tokens": s["max_new_tokens"],
            "perf_tokens": s["perf_tokens"],
            "batch_size": s["batch_size"],
            "trust_remote_code": key in s["trust_remote_code"],
            "random_weights": s["random_weights"],
            "perplexity_text": self.config.get("perplexity_text"),
            "seed": s["seed"],
            "threads": s["threads"],
            "perf": "perf_done" not in raw or len(done) < total,
        }
        notify("loading")
        with tempfile.TemporaryDirectory(prefix="modelrec-validate-") as tmp:
            with self.store.transaction() as db:
                db.execute(
                    "UPDATE validation_runs SET tmp_dir = ? WHERE id = ?", (tmp, self.run_id)
                )
            handle = self.executor.start(job, Path(tmp))
            failure, message = self._follow(handle, key, raw, manifest, done, notify, total)
        if failure is None:
            self._finish_model(key, "completed", None, None, raw, manifest)
            notify("completed")
        else:
            self._finish_model(key, "failed", failure, message, raw, manifest)
            notify(failure, message)

    def _run_endpoint(
        self,
        source: ModelSource,
        raw: dict[str, Any],
        manifest: dict[str, Any],
        done: set[int],
        notify: Callable[..., None],
        total: int,
    ) -> None:
        """An OpenAI-compatible endpoint: no fit check (the server holds the model), the
        endpoint executor instead of the run's."""
        from .endpoint import EndpointExecutor, endpoint_job

        job = endpoint_job(source, self.prompts, done, self.settings, raw)
        notify("loading")
        handle = EndpointExecutor().start(job, Path(tempfile.gettempdir()))
        failure, message = self._follow(handle, source.key, raw, manifest, done, notify, total)
        if failure is None:
            self._finish_model(source.key, "completed", None, None, raw, manifest)
            notify("completed")
        else:
            self._finish_model(source.key, "failed", failure, message, raw, manifest)
            notify(failure, message)

    def _follow(
        self,
        handle: Any,
        key: str,
        raw: dict[str, Any],
        manifest: dict[str, Any],
        done: set[int],
        notify: Callable[..., None],
        total: int,
    ) -> tuple[Failure | None, str | None]:
        s = self.settings
        started = time.monotonic()
        last = started
        loaded = False
        finished = False
        error: tuple[Failure, str] | None = None
        try:
            while True:
                now = time.monotonic()
                if self.cancel is not None and self.cancel.is_set():
                    return "cancelled", "the run was cancelled"
                if now - started > float(s["model_timeout_s"]):
                    return "timeout", (
                        f"model timeout: no result within {s['model_timeout_s']:g} s "
                        f"({len(done)} of {total} prompts answered)"
                    )
                if not loaded:
                    limit, what = float(s["load_timeout_s"]), "loading"
                else:
                    # the batch-1 performance run repeats three generations
                    factor = 4 if len(done) >= total else 1
                    limit, what = float(s["prompt_timeout_s"]) * factor, "a prompt"
                if now - last > limit:
                    return "timeout", (
                        f"{what} took longer than {limit:g} s ({len(done)} of {total} "
                        "prompts answered)"
                    )
                event = handle.next_event(min(0.2, max(0.0, limit - (now - last))))
                if event is None:
                    continue
                last = time.monotonic()
                kind = event.get("event")
                if kind == "started":
                    notify("loading", pid=event.get("pid"))
                elif kind == "loaded":
                    loaded = True
                    raw["load_s"] = event["load_s"]
                    raw["memory_after_load_gb"] = event["memory_after_load_gb"]
                    manifest.update(event["manifest"])
                    self._save_raw(key, raw, manifest)
                    notify("running", pid=handle.pid)
                elif kind == "warmup":
                    raw["cold_call_s"] = event["cold_call_s"]
                elif kind == "prompt":
                    self._save_output(key, event)
                    done.add(int(event["index"]))
                    notify("running", pid=handle.pid)
                elif kind == "perf":
                    raw.update({k: v for k, v in event.items() if k != "event"})
                    raw["perf_done"] = True
                    self._save_raw(key, raw, manifest)
                elif kind == "perplexity":
                    raw["perplexity"] = event["perplexity"]
                    raw["perplexity_tokens"] = event["tokens"]
                elif kind == "done":
                    raw.update({k: v for k, v in event.items() if k != "event"})
                    finished = True
                elif kind == "error":
                    error = (event["kind"], event["message"])
                elif event is EXITED or kind == "exited":
                    break
        finally:
            handle.kill()
        if error is not None:
            return error
        if not finished:
            code = handle.returncode
            how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit {code}"
            tail = handle.stderr_tail().strip().splitlines()[-3:]
            return "crashed", (
                f"the worker ended without finishing ({how}; {len(done)} of {total} prompts "
                "answered)" + (f": {' | '.join(tail)}" if tail else "")
            )
        if len(done) < total:
            return "crashed", f"the worker finished with {len(done)} of {total} prompts answered"
        return None, None


def load_run(run_id: str, store: Store | None = None) -> ValidationRun:
    """The stored run ``run_id``, rebuilt from SQLite (including a partial one)."""
    store = store or Store()
    with store.connect() as db:
        run = db.execute("SELECT * FROM validation_runs WHERE id = ?", (run_id,)).fetchone()
        if run is None:
            raise UnknownRunError(
                run_id, list_runs(store), hint="(`modelrec validate --list-runs`)"
            )
        model_rows = db.execute(
            "SELECT * FROM validation_models WHERE run_id = ? ORDER BY position", (run_id,)
        ).fetchall()
        output_rows = db.execute(
            "SELECT * FROM validation_outputs WHERE run_id = ? ORDER BY model_key, prompt_index",
            (run_id,),
        ).fetchall()
    config = json.loads(run["config"])
    settings = config["settings"]
    sources = {s["key"]: s for s in config["models"]}
    by_model: dict[str, list[PromptOutput]] = {}
    for r in output_rows:
        by_model.setdefault(r["model_key"], []).append(
            PromptOutput(
                index=r["prompt_index"],
                prompt_id=r["prompt_id"],
                output=r["output"],
                output_tokens=r["output_tokens"],
                latency_s=r["latency_s"],
                ttft_s=r["ttft_s"],
                batch_size=r["batch_size"],
                checks=tuple(_check_from_json(c) for c in json.loads(r["checks"])),
            )
        )
    results = []
    for r in model_rows:
        raw = json.loads(r["metrics"] or "{}")
        outputs = by_model.get(r["model_key"], [])
        results.append(
            ModelResult(
                key=r["model_key"],
                source=sources[r["model_key"]],
                status=r["status"],
                failure=r["failure"],
                message=r["message"],
                metrics=build_metrics(
                    raw, outputs, price_per_hour_usd=settings.get("price_per_hour_usd")
                ),
                outputs=tuple(outputs),
                fit=raw.get("fit"),
                manifest=json.loads(r["manifest"] or "{}"),
            )
        )
    models = tuple(results)
    return ValidationRun(
        id=run_id,
        status=run["status"],
        created_at=run["created_at"],
        suite=config["suite"],
        prompts=tuple(Prompt.from_json(p) for p in config["prompts"]),
        settings=settings,
        models=models,
        comparisons=paired_comparisons(models),
    )


def _check_from_json(data: dict[str, Any]) -> Any:
    from .checks import CheckResult

    return CheckResult.from_json(data)
