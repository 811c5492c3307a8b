"""A loopback stand-in for the Hugging Face Hub API, serving repos the tests build.

It answers the requests ``huggingface_hub`` makes for ``kb add`` and ``kb refresh``: model info
(``/api/models/ORG/NAME[/revision/REV]``), file metadata (HEAD on ``/ORG/NAME/resolve/REV/FILE``
with ``X-Repo-Commit``, ``ETag`` and ``Content-Length``), file downloads and byte ranges (the
safetensors headers), with the Hub's error codes (``RepoNotFound``, ``EntryNotFound``,
``GatedRepo``). Every request is logged so a test can check that no weights were downloaded.
"""

from __future__ import annotations

import hashlib
import json
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Repo:
    """One model repo on the stand-in Hub."""

    sha: str
    files: dict[str, bytes] = field(default_factory=dict)
    card: dict[str, Any] = field(default_factory=dict)
    pipeline_tag: str | None = "text-generation"
    gated: bool | str = False
    downloads: int = 1000
    delay_s: float = 0.0  #: the model-info answer waits this long (timeouts)


def safetensors_bytes(tensors: dict[str, tuple[str, list[int]]]) -> bytes:
    """A valid safetensors file: the header, then zero bytes for the data."""
    sizes = {"BF16": 2, "F16": 2, "F32": 4, "F8_E4M3": 1, "I32": 4}
    header: dict[str, Any] = {"__metadata__": {"format": "pt"}}
    offset = 0
    for name, (dtype, shape) in tensors.items():
        n = sizes[dtype]
        for d in shape:
            n *= d
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + n]}
        offset += n
    blob = json.dumps(header).encode()
    return struct.pack("<Q", len(blob)) + blob + b"\0" * offset


class HubStub:
    """Start with :func:`serve`; ``repos`` may be changed while it runs."""

    def __init__(self) -> None:
        self.repos: dict[str, Repo] = {}
        self.log: list[tuple[str, str, str | None]] = []  #: (method, path, range header)
        self.url = ""


def _handler(hub: HubStub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_HEAD(self) -> None:
            self._answer(head=True)

        def do_GET(self) -> None:
            self._answer(head=False)

        def _send(self, status: int, body: bytes, headers: dict[str, str], head: bool) -> None:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def _error(self, status: int, code: str, head: bool) -> None:
            body = json.dumps({"error": code}).encode()
            self._send(
                status, body, {"X-Error-Code": code, "Content-Type": "application/json"}, head
            )

        def _answer(self, *, head: bool) -> None:
            path = self.path.split("?", 1)[0]
            hub.log.append((self.command, path, self.headers.get("Range")))
            parts = [p for p in path.split("/") if p]
            if parts[:2] == ["api", "models"] and len(parts) >= 4:
                repo = hub.repos.get(f"{parts[2]}/{parts[3]}")
                if repo is None:
                    return self._error(404, "RepoNotFound", head)
                if (
                    len(parts) >= 6
                    and parts[4] == "revision"
                    and parts[5]
                    not in (
                        repo.sha,
                        "main",
                    )
                ):
                    return self._error(404, "RevisionNotFound", head)
                time.sleep(repo.delay_s)
                info = {
                    "id": f"{parts[2]}/{parts[3]}",
                    "sha": repo.sha,
                    "private": False,
                    "gated": repo.gated,
                    "downloads": repo.downloads,
                    "likes": 3,
                    "createdAt": "2026-11-20T09:00:00.000Z",
                    "pipeline_tag": repo.pipeline_tag,
                    "cardData": repo.card,
                    "tags": [],
                    "siblings": [{"rfilename": f} for f in sorted(repo.files)],
                }
                body = json.dumps(info).encode()
                return self._send(200, body, {"Content-Type": "application/json"}, head)
            if len(parts) >= 5 and parts[2] == "resolve":
                repo = hub.repos.get(f"{parts[0]}/{parts[1]}")
                if repo is None:
                    return self._error(404, "RepoNotFound", head)
                if repo.gated:
                    return self._error(403, "GatedRepo", head)
                name = "/".join(parts[4:])
                if name not in repo.files:
                    return self._error(404, "EntryNotFound", head)
                data = repo.files[name]
                headers = {
                    "X-Repo-Commit": repo.sha,
                    "ETag": '"' + hashlib.sha256(data).hexdigest() + '"',
                    "Accept-Ranges": "bytes",
                }
                wanted = self.headers.get("Range")
                if wanted and wanted.startswith("bytes=") and not head:
                    start_s, _, end_s = wanted[6:].partition("-")
                    start, end = int(start_s), min(int(end_s or len(data) - 1), len(data) - 1)
                    headers["Content-Range"] = f"bytes {start}-{end}/{len(data)}"
                    return self._send(206, data[start : end + 1], headers, head)
                if head:
                    self.send_response(200)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    return None
                return self._send(200, data, headers, head)
            return self._error(404, "RepoNotFound", head)

    return Handler


@contextmanager
def serve() -> Iterator[HubStub]:
    """A running stand-in Hub on 127.0.0.1 (a free port); stopped on exit."""
    hub = HubStub()

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request: Any, client_address: Any) -> None:
            pass  # a client that gave up (the timeout test) is not an error here

    server = Server(("127.0.0.1", 0), _handler(hub))
    hub.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hub
    finally:
        server.shutdown()
        server.server_close()
