"""Validation through an OpenAI-compatible endpoint: a local server or an API model.

vLLM, llama.cpp's server, Ollama, LM Studio, SGLang, TGI and the API providers all speak the
OpenAI chat-completions protocol. :func:`resolve_endpoint` checks an endpoint before a run (the
model is in its model list, a key named by environment variable is set, and, for a
knowledge-base model, that what it serves is that model: the parameter count when the model list
gives one, the model id for an API model; a mismatch is refused unless the run marks it as a
stand-in). :class:`EndpointExecutor` then answers a run's prompts through the official ``openai``
client, in a thread of this process, with the worker's event protocol (:mod:`.worker`), so the
runner stores, checks, resumes and cancels endpoint runs exactly as local ones:

- every request is streamed: time to first token is the first content chunk, decode speed the
  generated tokens after it over the time after it; tokens come from the response's usage
  (``stream_options.include_usage``), else from the chunks;
- at most ``concurrency`` requests at a time; each with a timeout (the run's prompt timeout);
  429, 5xx, dropped connections and timeouts are retried ``retries`` times with exponential
  back-off (a ``Retry-After`` header is honoured up to 30 s);
- cost: an API model's list prices (genai-prices, via :mod:`recommender.kb.prices`) x the
  tokens in each response's usage; a self-hosted endpoint's from the run's hourly price over
  the measured throughput;
- the key is read from the environment variable the user names, when a request is made; it is
  never written to the run, a log or a report, and is scrubbed from error messages.
"""

from __future__ import annotations

import itertools
import os
import queue
import re
import statistics
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from ..errors import ModelSourceError
from .executors import EXITED, QueuedEvents
from .sources import IdentityCheck, ModelSource

if TYPE_CHECKING:
    from ..kb.loader import KnowledgeBase
    from .suites import Prompt

__all__ = [
    "PARAMS_TOLERANCE",
    "EndpointExecutor",
    "endpoint_job",
    "endpoint_key",
    "resolve_endpoint",
    "safe_url",
]

#: A served model's parameter count may differ from the catalogue's by this fraction (the
#: catalogue rounds, embeddings are tied or not) before it counts as another model.
PARAMS_TOLERANCE = 0.15
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_NO_KEY = "no-key"  # sent when no key is named: local servers ignore it
_TRANSPORT_MODULES = ("httpx", "httpx2", "httpcore", "httpcore2", "h11")


def safe_url(url: str) -> str:
    """``url`` without user:password and query string (what may be shown or stored)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path.rstrip("/"), "", ""))


def endpoint_key(model: str, url: str) -> str:
    """The result key of an endpoint model: ``MODEL@HOST[:PORT]``."""
    parts = urlsplit(url)
    host = parts.hostname or "?"
    return f"{model}@{host}" + (f":{parts.port}" if parts.port else "")


def _api_key(env: str | None) -> str:
    if env is None:
        return _NO_KEY
    value = os.environ.get(env)
    if not value:
        raise ModelSourceError(
            f"--api-key-env {env}: the environment variable {env} is not set; set it to the "
            "key (export {env}=...) and run again".replace("{env}", env),
            code="endpoint_key_unset",
            params={"env": env},
        )
    return value


def _scrub(message: str, env: str | None) -> str:
    value = os.environ.get(env) if env else None
    if value:
        message = message.replace(value, "***")
    return re.sub(r"(?i)(bearer\s+)\S+", r"\1***", message)


def _client(url: str, env: str | None, timeout: float) -> Any:
    import openai

    # retries are ours (counted and reported), not the client's
    return openai.OpenAI(base_url=url, api_key=_api_key(env), max_retries=0, timeout=timeout)


def resolve_endpoint(
    url: str,
    model: str,
    *,
    kb: KnowledgeBase | None = None,
    kb_id: str | None = None,
    api_key_env: str | None = None,
    stand_in: bool = False,
    timeout_s: float = 30.0,
) -> ModelSource:
    """Check an endpoint and return its :class:`ModelSource` (kind ``endpoint``).

    Raises :class:`~recommender.errors.ModelSourceError` for a malformed URL, a URL that holds
    credentials, an unset key variable, an unreachable endpoint, a model it does not serve, or
    a served model that is not the knowledge-base model ``kb_id`` (unless ``stand_in``)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ModelSourceError(
            f"--endpoint {url!r}: give the base URL, e.g. http://127.0.0.1:8000/v1",
            code="endpoint_url",
            params={"url": url},
        )
    if parts.username or parts.password or parts.query:
        raise ModelSourceError(
            f"--endpoint {safe_url(url)}: the URL holds credentials or a query string; put the "
            "key in an environment variable and name it with --api-key-env",
            code="endpoint_credentials",
            params={"url": safe_url(url)},
        )
    if api_key_env is not None and not _ENV_NAME.match(api_key_env):
        raise ModelSourceError(
            f"--api-key-env {api_key_env!r}: give the name of an environment variable "
            "(e.g. OPENAI_API_KEY), not the key itself",
            code="endpoint_key_env_name",
            params={},  # never echo it: it may be the key itself
        )
    if not model.strip():
        raise ModelSourceError(
            "--endpoint-model: give the model name the endpoint serves",
            code="endpoint_model_missing",
        )
    record = None
    if kb_id is not None:
        from ..kb import load_knowledge_base

        kb = kb or load_knowledge_base()
        record = kb.model(kb_id)  # UnknownModelError names close matches
    served = _served_models(url, api_key_env, timeout_s)
    entry = next((m for m in served if m.get("id") == model), None)
    if entry is None:
        names = ", ".join(str(m.get("id")) for m in served[:12]) or "none"
        raise ModelSourceError(
            f"{safe_url(url)} does not serve '{model}' (it serves: {names}); "
            "give one of these with --endpoint-model",
            code="endpoint_not_served",
            params={
                "url": safe_url(url),
                "model": model,
                "served": [str(m.get("id")) for m in served[:12]],
            },
        )
    identity = None
    if record is not None:
        checks: list[IdentityCheck] = []
        identity = _identity(record, model, entry, checks)
        if identity.startswith("mismatch") and not stand_in:
            raise ModelSourceError(
                f"'{model}' at {safe_url(url)} is not {record.id}: {identity[len('mismatch: ') :]}"
                f"; to measure it anyway in {record.id}'s place, mark it a stand-in (--stand-in): "
                "its answers are then shown but never change the ranking",
                code="endpoint_mismatch",
                params={"model": model, "url": safe_url(url), "kb_id": record.id, "checks": checks},
            )
    price = None
    if record is not None and record.api is not None:
        price = _price(record)
    return ModelSource(
        key=endpoint_key(model, url),
        path=safe_url(url),
        kind="endpoint",
        kb_id=None if record is None else record.id,
        hf_repo=None if record is None else record.hf_repo,
        endpoint_model=model,
        api_key_env=api_key_env,
        stand_in=stand_in,
        identity=identity,
        price=price,
    )


def _served_models(url: str, env: str | None, timeout_s: float) -> list[dict[str, Any]]:
    import openai

    client = _client(url, env, timeout_s)
    try:
        page = client.models.list()
        return [m.model_dump() for m in page.data]
    except openai.AuthenticationError:
        raise ModelSourceError(
            f"{safe_url(url)} refused the key"
            + (f" in {env}" if env else " (none given: name its variable with --api-key-env)"),
            code="endpoint_refused_key",
            params={"url": safe_url(url), "env": env},
        ) from None
    except openai.APIStatusError as exc:
        raise ModelSourceError(
            f"{safe_url(url)}/models answered {exc.status_code}: {_scrub(str(exc), env)}",
            code="endpoint_status",
            params={
                "url": safe_url(url),
                "status": exc.status_code,
                "detail": _scrub(str(exc), env),
            },
        ) from None
    except openai.APIError as exc:
        raise ModelSourceError(
            f"cannot reach {safe_url(url)} ({type(exc).__name__}): is the server running, and "
            "is the URL its OpenAI base URL (usually ending in /v1)?",
            code="endpoint_unreachable",
            params={"url": safe_url(url), "error": type(exc).__name__},
        ) from None


def _identity(
    record: Any,
    served_id: str,
    entry: dict[str, Any],
    mismatches: list[IdentityCheck] | None = None,
) -> str:
    """``verified: ...``, ``unverified: ...`` or ``mismatch: ...`` for a served model against
    a knowledge-base record (the figures that disagree appended to ``mismatches``)."""
    found = [] if mismatches is None else mismatches
    if record.api is not None:
        want = record.api.model_id.lower()
        got = served_id.lower()
        if got == want or got.endswith("/" + want) or got.startswith(want + "-20"):
            return f"verified: the endpoint serves {served_id}, {record.id}'s API id"
        found.append({"what": "api_id", "found": served_id, "catalogued": want})
        return f"mismatch: the endpoint serves '{served_id}', {record.id}'s API id is '{want}'"
    meta = entry.get("meta") if isinstance(entry.get("meta"), dict) else {}
    n_params = meta.get("n_params") if meta else None
    if isinstance(n_params, int | float) and n_params > 0 and record.total_params_b:
        expected = record.total_params_b * 1e9
        ratio = float(n_params) / expected
        if abs(ratio - 1) <= PARAMS_TOLERANCE:
            return (
                f"verified: {_billions(float(n_params))} parameters served, "
                f"{record.total_params_b:g}B catalogued"
            )
        found.append(
            {
                "what": "parameters",
                "found": _billions(float(n_params)),
                "catalogued": f"{record.total_params_b:g}B",
            }
        )
        return (
            f"mismatch: it serves {_billions(float(n_params))} parameters, "
            f"{record.id} has {record.total_params_b:g}B"
        )
    repo = (record.hf_repo or "").lower()
    if repo and (served_id.lower() == repo or served_id.lower().endswith(repo.split("/")[-1])):
        return f"verified by name: the endpoint serves {served_id} ({record.hf_repo})"
    return "unverified: the endpoint's model list gives no parameter count or repo name"


def _billions(n: float) -> str:
    return f"{n / 1e9:.3g}B" if n >= 1e8 else f"{n / 1e6:.3g}M"


def _price(record: Any) -> dict[str, Any] | None:
    from ..errors import PriceUnavailableError
    from ..kb.prices import api_price

    try:
        p = api_price(record)
    except PriceUnavailableError:
        return None
    if p.input_per_mtok is None or p.output_per_mtok is None:
        return None
    return {
        "input_per_mtok": p.input_per_mtok,
        "output_per_mtok": p.output_per_mtok,
        "source": f"{p.source}, {p.provider_id}/{p.matched_model}",
    }


def endpoint_job(
    source: ModelSource,
    prompts: list[Prompt],
    done: set[int],
    settings: dict[str, Any],
    raw: dict[str, Any],
) -> dict[str, Any]:
    """The job an :class:`EndpointExecutor` runs: the runner's prompts and settings."""
    return {
        "model_key": source.key,
        "url": source.path,
        "endpoint_model": source.endpoint_model,
        "api_key_env": source.api_key_env,
        "price": source.price,
        "prompts": [
            {"index": i, "id": p.id, "messages": p.messages()} for i, p in enumerate(prompts)
        ],
        "done": sorted(done),
        "max_new_tokens": int(settings["max_new_tokens"]),
        "timeout_s": float(settings["prompt_timeout_s"]),
        "concurrency": int(settings.get("concurrency") or 4),
        "retries": int(settings.get("retries", 3)),
        "backoff_s": float(settings.get("retry_backoff_s", 1.0)),
        "seed": int(settings.get("seed", 0)),
        "usage_before": raw.get("usage") or {},
        "stand_in": source.stand_in,
        "identity": source.identity,
    }


class _Stopped(Exception):
    pass


class _Failed(Exception):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class _EndpointJob(QueuedEvents):
    """A job running in a thread of this process; events as the worker's."""

    pid: int | None = None

    def __init__(self, job: dict[str, Any]) -> None:
        self.job = job
        self._events: queue.Queue[dict[str, Any]] = queue.Queue()
        self._stop = threading.Event()
        self._code: int | None = None
        self._error_tail = ""
        self._thread = threading.Thread(target=self._main, daemon=True)
        self._thread.start()

    def kill(self) -> None:
        self._stop.set()
        self._thread.join(timeout=float(self.job.get("timeout_s", 30)) + 5)

    @property
    def returncode(self) -> int | None:
        return self._code

    def stderr_tail(self) -> str:
        return self._error_tail

    def _emit(self, event: str, **data: Any) -> None:
        self._events.put({"event": event, **data})

    def _main(self) -> None:
        self._emit("started", pid=None)
        try:
            _Session(self.job, self._emit, self._stop).run()
            self._code = 0
        except _Stopped:
            self._code = -15
        except _Failed as exc:
            self._emit("error", kind=exc.kind, message=str(exc))
            self._code = 3
        except Exception as exc:  # a bug here must end the job, not hang the run
            message = _scrub(f"{type(exc).__name__}: {exc}", self.job.get("api_key_env"))
            self._error_tail = message
            self._emit("error", kind="crashed", message=message)
            self._code = 1
        self._events.put(EXITED)


class EndpointExecutor:
    """Runs endpoint jobs (see :func:`endpoint_job`) in a thread of this process: the work is
    the server's, so no subprocess is needed."""

    name = "endpoint"

    def start(self, job: dict[str, Any], workdir: Path) -> _EndpointJob:
        return _EndpointJob(job)


class _Session:
    def __init__(
        self, job: dict[str, Any], emit: Callable[..., None], stop: threading.Event
    ) -> None:
        self.job, self.emit, self.stop = job, emit, stop
        self.env: str | None = job.get("api_key_env")
        self.client = _client(job["url"], self.env, float(job["timeout_s"]))
        # parameters an endpoint may refuse, dropped or renamed on a 400 that names them
        self.params: dict[str, Any] = {
            "max_tokens": int(job["max_new_tokens"]),
            "temperature": 0.0,
            "seed": int(job.get("seed", 0)),
            "stream_options": {"include_usage": True},
        }
        self.lock = threading.Lock()
        self.retries = 0
        self.usage = {"prompt_tokens": 0, "completion_tokens": 0, "requests": 0}
        self.cost_usd = 0.0
        self.timings: list[dict[str, Any]] = []

    # one request, with retries

    def _request(
        self, messages: list[dict[str, Any]], max_tokens: int | None = None
    ) -> dict[str, Any]:
        import openai

        retries, backoff = int(self.job["retries"]), float(self.job["backoff_s"])
        attempt = 0
        adapted = 0
        while True:
            if self.stop.is_set():
                raise _Stopped
            try:
                return self._stream(messages, max_tokens)
            except _Stopped:
                raise
            except openai.BadRequestError as exc:
                text = str(exc).lower()
                if adapted < 4 and self._adapt(text):
                    adapted += 1
                    continue
                raise _Failed(
                    "load_error",
                    f"the endpoint refused the request (400): {_scrub(str(exc), self.env)}",
                ) from None
            except (openai.AuthenticationError, openai.PermissionDeniedError) as exc:
                raise _Failed(
                    "load_error",
                    f"the endpoint refused the key ({exc.status_code})"
                    + (f" in {self.env}" if self.env else ""),
                ) from None
            except openai.NotFoundError as exc:
                raise _Failed(
                    "load_error",
                    f"the endpoint answered 404 for '{self.job['endpoint_model']}': "
                    f"{_scrub(str(exc), self.env)}",
                ) from None
            except (
                openai.RateLimitError,
                openai.InternalServerError,
                openai.APIConnectionError,
            ) as exc:
                transient: Exception = exc
            except openai.APIStatusError as exc:
                raise _Failed(
                    "crashed",
                    f"the endpoint answered {exc.status_code}: {_scrub(str(exc), self.env)}",
                ) from None
            except Exception as exc:
                # a connection dropped mid-stream surfaces as the HTTP library's own error
                if type(exc).__module__.split(".")[0] not in _TRANSPORT_MODULES:
                    raise
                transient = exc
            what = _describe(transient)
            if attempt >= retries:
                kind = "timeout" if isinstance(transient, openai.APITimeoutError) else "crashed"
                raise _Failed(
                    kind, f"{what} after {attempt + 1} tries ({safe_url(self.job['url'])})"
                )
            delay = backoff * 2**attempt
            header = _retry_after(transient)
            if header is not None:
                delay = min(max(header, 0.0), 30.0)
            attempt += 1
            with self.lock:
                self.retries += 1
            if self.stop.wait(delay):
                raise _Stopped

    def _adapt(self, text: str) -> bool:
        """Adjust to a 400 that names a parameter (newer OpenAI models take
        max_completion_tokens; reasoning models refuse temperature; some servers refuse
        stream_options or seed). True when something changed."""
        p = self.params
        if "max_tokens" in text and "max_tokens" in p:
            p["max_completion_tokens"] = p.pop("max_tokens")
            return True
        for name in ("temperature", "stream_options", "seed"):
            if name in text and name in p:
                del p[name]
                return True
        return False

    def _stream(self, messages: list[dict[str, Any]], max_tokens: int | None) -> dict[str, Any]:
        params = dict(self.params)
        if max_tokens is not None:
            params.pop("max_tokens", None)
            params.pop("max_completion_tokens", None)
            params[
                "max_completion_tokens" if "max_completion_tokens" in self.params else "max_tokens"
            ] = max_tokens
        started = time.perf_counter()
        stream = self.client.chat.completions.create(
            model=self.job["endpoint_model"], messages=messages, stream=True, **params
        )
        stamps: list[float] = []
        parts: list[str] = []
        usage = None
        try:
            for chunk in stream:
                if self.stop.is_set():
                    raise _Stopped
                if getattr(chunk, "usage", None) is not None:
                    usage = chunk.usage
                for choice in chunk.choices or []:
                    text = getattr(choice.delta, "content", None)
                    if text:
                        stamps.append(time.perf_counter())
                        parts.append(text)
        finally:
            stream.close()
        end = time.perf_counter()
        completion = int(usage.completion_tokens) if usage is not None else len(parts)
        prompt_tokens = int(usage.prompt_tokens) if usage is not None else None
        ttft = (stamps[0] - started) if stamps else end - started
        decode_s = end - stamps[0] if stamps else 0.0
        return {
            "output": "".join(parts),
            "output_tokens": completion,
            "prompt_tokens": prompt_tokens,
            "tokens_from": "usage" if usage is not None else "chunks",
            "latency_s": end - started,
            "ttft_s": ttft,
            "decode_tokens_per_s": (completion - 1) / decode_s
            if completion > 1 and decode_s > 0
            else None,
            "itl_s": [b - a for a, b in itertools.pairwise(stamps)],
        }

    def _account(self, answer: dict[str, Any]) -> None:
        with self.lock:
            self.usage["requests"] += 1
            self.usage["completion_tokens"] += int(answer["output_tokens"])
            self.usage["prompt_tokens"] += int(answer["prompt_tokens"] or 0)
            price = self.job.get("price")
            if price:
                self.cost_usd += (
                    int(answer["prompt_tokens"] or 0) * price["input_per_mtok"]
                    + int(answer["output_tokens"]) * price["output_per_mtok"]
                ) / 1e6

    # the run

    def run(self) -> None:
        import openai

        started = time.perf_counter()
        try:
            served = [m.id for m in self.client.models.list().data]
        except openai.APIError as exc:
            raise _Failed(
                "crashed", f"cannot reach {safe_url(self.job['url'])}: {_describe(exc)}"
            ) from None
        if self.job["endpoint_model"] not in served:
            raise _Failed(
                "load_error",
                f"{safe_url(self.job['url'])} no longer serves '{self.job['endpoint_model']}'",
            )
        self.emit(
            "loaded",
            load_s=None,
            memory_after_load_gb=None,
            manifest=self._manifest(time.perf_counter() - started),
        )
        prompts = self.job["prompts"]
        todo = [p for p in prompts if p["index"] not in set(self.job.get("done", []))]
        if todo:
            warm = self._request(todo[0]["messages"], max_tokens=2)
            self._account(warm)
            self.emit("warmup", cold_call_s=warm["latency_s"])
        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=max(1, int(self.job["concurrency"]))) as pool:
            futures = [pool.submit(self._answer, p) for p in todo]
            finished, _ = wait(futures, return_when=FIRST_EXCEPTION)
            failed = [f for f in finished if f.exception() is not None]
            if failed:
                self.stop.set()  # the others stop at their next chunk or retry
                error = failed[0].exception()
                assert error is not None
                raise error
        elapsed = time.perf_counter() - began
        if self.timings:
            self._perf()
        before = self.job.get("usage_before") or {}
        usage = {k: int(before.get(k, 0)) + int(v) for k, v in self.usage.items()}
        cost = float(before.get("cost_usd", 0.0)) + self.cost_usd
        if self.job.get("price"):
            usage_cost: dict[str, Any] = {"cost_usd": cost}
        else:
            usage_cost = {}
        generated = sum(int(t["output_tokens"]) for t in self.timings)
        self.emit(
            "done",
            peak_memory_gb=None,
            model_memory_gb=None,
            throughput_tokens_per_s=generated / elapsed if elapsed > 0 and generated else None,
            batch_size=int(self.job["concurrency"]),
            usage={**usage, **usage_cost},
            retries=self.retries,
            cost_per_mtok_usd=cost / usage["completion_tokens"] * 1e6
            if self.job.get("price") and usage["completion_tokens"]
            else None,
        )

    def _answer(self, prompt: dict[str, Any]) -> None:
        answer = self._request(prompt["messages"])
        self._account(answer)
        with self.lock:
            self.timings.append(answer)
        self.emit(
            "prompt",
            index=prompt["index"],
            output=answer["output"],
            output_tokens=answer["output_tokens"],
            prompt_tokens=answer["prompt_tokens"],
            latency_s=answer["latency_s"],
            ttft_s=answer["ttft_s"],
            batch_size=1,
        )

    def _perf(self) -> None:
        t = self.timings
        rates = [x["decode_tokens_per_s"] for x in t if x["decode_tokens_per_s"]]
        median_run = sorted(t, key=lambda x: x["latency_s"])[len(t) // 2]
        ttft = statistics.median(x["ttft_s"] for x in t)
        decode = statistics.median(rates) if rates else None
        self.emit(
            "perf",
            ttft_s=ttft,
            decode_tokens_per_s=decode,
            tpot_s=None if not decode else 1.0 / decode,
            itl_s=median_run["itl_s"],
            e2e_s=statistics.median(x["latency_s"] for x in t),
            new_tokens=median_run["output_tokens"],
            prompt_tokens=median_run["prompt_tokens"],
            repeats=len(t),
            tokens_from=median_run["tokens_from"],
            concurrency=int(self.job["concurrency"]),
        )

    def _manifest(self, connect_s: float) -> dict[str, Any]:
        import platform

        import openai

        price = self.job.get("price")
        return {
            "device": "endpoint",
            "device_name": f"endpoint {urlsplit(self.job['url']).netloc}",
            "endpoint": safe_url(self.job["url"]),
            "endpoint_model": self.job["endpoint_model"],
            "identity": self.job.get("identity"),
            "stand_in": bool(self.job.get("stand_in")),
            "connect_s": round(connect_s, 4),
            "concurrency": int(self.job["concurrency"]),
            "openai": openai.__version__,
            "python": platform.python_version(),
            "price_source": None if not price else price["source"],
            "random_weights": False,
        }


def _describe(exc: Exception) -> str:
    import openai

    if isinstance(exc, openai.APITimeoutError):
        return "request timed out"
    if isinstance(exc, openai.RateLimitError):
        return "rate limited (429)"
    if isinstance(exc, openai.APIStatusError):
        return f"server error ({exc.status_code})"
    return f"connection failed ({type(exc).__name__})"


def _retry_after(exc: Exception) -> float | None:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    value = headers.get("retry-after")
    try:
        return None if value is None else float(value)
    except ValueError:
        return None
