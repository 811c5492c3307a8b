"""A small OpenAI-compatible server on 127.0.0.1, for tests and demonstrations only.

It serves ``GET /v1/models`` and ``POST /v1/chat/completions`` (streamed as server-sent events
or not, with token usage) from tiny local transformers models (:mod:`.tiny`) or from
deterministic text, and it can misbehave on purpose: answer 429 or 500 a number of times, stall
past a client's timeout, or stop serving after a number of answers (a server killed mid-run).
It is no inference server: use vLLM, llama.cpp's server, Ollama, LM Studio, SGLang or TGI for
real work. From the command line (the README's endpoint example)::

    python -m recommender.validation.fake_server --model tiny-a=models/a --port 8000

Only the standard library's ``http.server`` (and transformers for model-backed answers).
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

__all__ = ["EchoBackend", "FakeOpenAIServer", "Fault", "TinyBackend", "main"]


class EchoBackend:
    """Deterministic answers: the words of ``answer`` (default: the last user message), one
    word per token, ``token_delay_s`` apart."""

    def __init__(self, answer: str | None = None, token_delay_s: float = 0.0) -> None:
        self.answer, self.token_delay_s = answer, token_delay_s
        self.parameters: int | None = None

    def stream(self, messages: list[dict[str, Any]], max_tokens: int) -> Iterator[str]:
        text = self.answer
        if text is None:
            users = [m.get("content", "") for m in messages if m.get("role") == "user"]
            text = str(users[-1]) if users else ""
        for i, word in enumerate(text.split()[:max_tokens]):
            if self.token_delay_s:
                time.sleep(self.token_delay_s)
            yield word if i == 0 else " " + word

    def count(self, text: str) -> int:
        return len(text.split())


class TinyBackend:
    """Greedy answers from a local transformers model directory, streamed token by token."""

    def __init__(self, path: str | Path) -> None:
        import transformers

        from .sources import count_parameters

        self.path = str(path)
        self.tokenizer = transformers.AutoTokenizer.from_pretrained(
            self.path, local_files_only=True
        )
        self.model = transformers.AutoModelForCausalLM.from_pretrained(
            self.path, local_files_only=True
        )
        self.model.eval()  # type: ignore[no-untyped-call]
        self.parameters = count_parameters(self.path)
        self.lock = threading.Lock()  # one generation at a time

    def stream(self, messages: list[dict[str, Any]], max_tokens: int) -> Iterator[str]:
        import torch
        import transformers

        text = self.tokenizer.apply_chat_template(
            messages, add_generation_prompt=True, tokenize=False
        )
        inputs = self.tokenizer(text, return_tensors="pt", add_special_tokens=False)
        streamer = transformers.TextIteratorStreamer(
            self.tokenizer, skip_prompt=True, skip_special_tokens=True
        )
        pad = self.tokenizer.pad_token_id or self.tokenizer.eos_token_id

        def generate() -> None:
            with torch.inference_mode():
                self.model.generate(
                    **inputs,
                    max_new_tokens=max_tokens,
                    do_sample=False,
                    streamer=streamer,
                    pad_token_id=pad,
                )

        with self.lock:
            worker = threading.Thread(target=generate, daemon=True)
            worker.start()
            for piece in streamer:
                if piece:
                    yield piece
            worker.join()

    def count(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])


@dataclass
class Fault:
    """Misbehaviour for the next chat requests: ``status`` (429, 500...) ``times`` times, with
    an optional Retry-After header; or ``stall_s`` seconds of silence before answering."""

    status: int | None = None
    times: int = 1
    retry_after_s: float | None = None
    stall_s: float = 0.0


@dataclass
class _State:
    models: dict[str, Any]
    faults: list[Fault] = field(default_factory=list)
    serve_at_most: int | None = None  #: stop serving after this many answers
    answered: int = 0
    log: list[dict[str, Any]] = field(default_factory=list)  #: path, model, status per request
    lock: threading.Lock = field(default_factory=threading.Lock)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that gave up
            super().handle_error(request, client_address)


class FakeOpenAIServer:
    """Start with ``with FakeOpenAIServer({"name": backend}) as server:``; ``server.base_url``
    is ``http://127.0.0.1:PORT/v1``. Binds to 127.0.0.1 only."""

    def __init__(self, models: dict[str, Any], port: int = 0) -> None:
        self.state = _State(models)
        state = self.state

        class Handler(_Handler):
            pass

        Handler.state = state
        self.httpd = _QuietServer(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True
        Handler.server_ref = self
        self.port = int(self.httpd.server_address[1])
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self._thread: threading.Thread | None = None

    def start(self) -> FakeOpenAIServer:
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening and close the socket (connections are then refused)."""
        self.httpd.shutdown()
        self.httpd.server_close()

    def fail(self, status: int, times: int = 1, retry_after_s: float | None = None) -> None:
        with self.state.lock:
            self.state.faults.append(Fault(status=status, times=times, retry_after_s=retry_after_s))

    def stall(self, seconds: float, times: int = 1) -> None:
        with self.state.lock:
            self.state.faults.append(Fault(times=times, stall_s=seconds))

    def serve_at_most(self, answers: int) -> None:
        """After ``answers`` more answers, stop serving, as if the server were killed."""
        with self.state.lock:
            self.state.serve_at_most = self.state.answered + answers

    @property
    def log(self) -> list[dict[str, Any]]:
        return list(self.state.log)

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _Handler(BaseHTTPRequestHandler):
    state: _State
    server_ref: FakeOpenAIServer
    protocol_version = "HTTP/1.0"  # the body ends when the connection closes

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _json(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if self.path.rstrip("/") != "/v1/models":
            self._json(404, {"error": {"message": f"no route {self.path}"}})
            return
        data = [
            {
                "id": name,
                "object": "model",
                "owned_by": "modelrec-fake-server",
                # llama.cpp's server reports the parameter count the same way
                **(
                    {"meta": {"n_params": backend.parameters}}
                    if backend.parameters is not None
                    else {}
                ),
            }
            for name, backend in self.state.models.items()
        ]
        self.state.log.append({"path": self.path, "status": 200})
        self._json(200, {"object": "list", "data": data})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            self._json(400, {"error": {"message": "body is not JSON"}})
            return
        if self.path.rstrip("/") != "/v1/chat/completions":
            self._json(404, {"error": {"message": f"no route {self.path}"}})
            return
        name = body.get("model")
        state = self.state
        with state.lock:
            if state.serve_at_most is not None and state.answered >= state.serve_at_most:
                stop = True
            else:
                stop = False
            fault = state.faults[0] if state.faults else None
            if fault is not None:
                fault.times -= 1
                if fault.times <= 0:
                    state.faults.pop(0)
        if stop:
            # as if killed: stop listening; this connection closes without an answer
            threading.Thread(target=self.server_ref.stop, daemon=True).start()
            self.close_connection = True
            return
        entry = {
            "path": self.path,
            "model": name,
            "stream": bool(body.get("stream")),
            # whether a key came, and which: a test checks the client sent the right one
            "authorization": self.headers.get("Authorization"),
            "max_tokens": body.get("max_completion_tokens") or body.get("max_tokens"),
        }
        if fault is not None and fault.status is not None:
            entry["status"] = fault.status
            state.log.append(entry)
            headers = {}
            if fault.retry_after_s is not None:
                headers["Retry-After"] = f"{fault.retry_after_s:g}"
            self._json(fault.status, {"error": {"message": f"injected {fault.status}"}}, headers)
            return
        if fault is not None and fault.stall_s:
            time.sleep(fault.stall_s)
        backend = state.models.get(name)
        if backend is None:
            entry["status"] = 404
            state.log.append(entry)
            self._json(404, {"error": {"message": f"model '{name}' does not exist"}})
            return
        entry["status"] = 200
        state.log.append(entry)
        max_tokens = int(body.get("max_completion_tokens") or body.get("max_tokens") or 16)
        messages = body.get("messages") or []
        prompt_tokens = sum(backend.count(str(m.get("content", ""))) for m in messages)
        created = int(time.time())
        rid = f"chatcmpl-fake-{created}-{state.answered}"
        if not body.get("stream"):
            text = "".join(backend.stream(messages, max_tokens))
            out = backend.count(text)
            self._answered()
            self._json(
                200,
                {
                    "id": rid,
                    "object": "chat.completion",
                    "created": created,
                    "model": name,
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": text},
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": {
                        "prompt_tokens": prompt_tokens,
                        "completion_tokens": out,
                        "total_tokens": prompt_tokens + out,
                    },
                },
            )
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()

        def send(chunk: dict[str, Any] | str) -> None:
            data = chunk if isinstance(chunk, str) else json.dumps(chunk)
            self.wfile.write(f"data: {data}\n\n".encode())
            self.wfile.flush()

        def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
            return {
                "id": rid,
                "object": "chat.completion.chunk",
                "created": created,
                "model": name,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            }

        pieces = []
        send(chunk({"role": "assistant", "content": ""}))
        for piece in backend.stream(messages, max_tokens):
            pieces.append(piece)
            send(chunk({"content": piece}))
        send(chunk({}, "stop"))
        out = backend.count("".join(pieces))
        if (body.get("stream_options") or {}).get("include_usage"):
            send(
                {
                    "id": rid,
                    "object": "chat.completion.chunk",
                    "created": created,
                    "model": name,
                    "choices": [],
                    "usage": {
                        "prompt_tokens": prompt_tokens,
                        "completion_tokens": out,
                        "total_tokens": prompt_tokens + out,
                    },
                }
            )
        send("[DONE]")
        self._answered()

    def _answered(self) -> None:
        with self.state.lock:
            self.state.answered += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m recommender.validation.fake_server",
        description="A test OpenAI-compatible server on 127.0.0.1 backed by tiny local models "
        "(no inference server: for tests and demonstrations).",
    )
    parser.add_argument(
        "--model",
        action="append",
        default=[],
        metavar="NAME=DIR",
        help="serve the transformers model in DIR as NAME (repeat)",
    )
    parser.add_argument(
        "--echo", action="append", default=[], metavar="NAME", help="serve NAME echoing prompts"
    )
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    models: dict[str, Any] = {}
    for spec in args.model:
        name, _, directory = spec.partition("=")
        if not directory:
            parser.error(f"--model {spec}: give NAME=DIR")
        models[name] = TinyBackend(directory)
    for name in args.echo:
        models[name] = EchoBackend()
    if not models:
        parser.error("serve at least one --model NAME=DIR or --echo NAME")
    server = FakeOpenAIServer(models, port=args.port)
    print(f"test server (not for real use): {', '.join(models)} on {server.base_url}", flush=True)
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
