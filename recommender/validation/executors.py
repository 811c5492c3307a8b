"""Executors run validation jobs (one model each) and stream back the worker's events.

The interface is small so a job can be dispatched elsewhere (a Ray or Slurm cluster) later: an
executor's ``start(job, workdir)`` returns a :class:`JobHandle` whose ``next_event(timeout)``
yields the worker's events (dicts, see :mod:`.worker`) and ``None`` on a timeout, ``kill()``
ends the job, ``returncode`` says how it ended. Executors register by name in
:data:`EXECUTORS`; ``local`` (a fresh ``python -m recommender.validation.worker`` subprocess per
model) is the default; ``ray`` (:mod:`.ray_executor`) places models on a Ray cluster by their
estimated memory and runs them in parallel. An executor may also have ``parallel`` (models the
runner may follow at once) and ``prepare(run, sources)`` (estimate and place every model
before any starts; returns each one's device and fit check).
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, Protocol

from ..errors import UnknownExecutorError
from .worker import EVENT_PREFIX

__all__ = [
    "EXECUTORS",
    "Executor",
    "JobHandle",
    "LocalExecutor",
    "QueuedEvents",
    "get_executor",
]

#: Sentinel event: the job's process has ended.
EXITED = {"event": "exited"}


class JobHandle(Protocol):
    """A running job."""

    pid: int | None

    def next_event(self, timeout: float) -> dict[str, Any] | None: ...

    def kill(self) -> None: ...

    @property
    def returncode(self) -> int | None: ...

    def stderr_tail(self) -> str: ...


class Executor(Protocol):
    """Starts jobs. ``job`` is the worker's JSON job (see :mod:`.worker`)."""

    name: str

    def start(self, job: dict[str, Any], workdir: Path) -> JobHandle: ...


class QueuedEvents:
    """A job whose events arrive on a queue (from a reader thread): ``next_event`` takes the
    next one, or None after ``timeout`` seconds."""

    _events: queue.Queue[dict[str, Any]]

    def next_event(self, timeout: float) -> dict[str, Any] | None:
        try:
            return self._events.get(timeout=max(timeout, 0.0))
        except queue.Empty:
            return None


class _LocalJob(QueuedEvents):
    def __init__(self, process: subprocess.Popen[str], stderr_path: Path) -> None:
        self.process = process
        self.pid: int | None = process.pid
        self._events: queue.Queue[dict[str, Any]] = queue.Queue()
        self._stderr_path = stderr_path
        assert process.stdout is not None
        self._reader = threading.Thread(target=self._read, args=(process.stdout,), daemon=True)
        self._reader.start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            if line.startswith(EVENT_PREFIX):
                try:
                    self._events.put(json.loads(line[len(EVENT_PREFIX) :]))
                except ValueError:
                    continue
        stream.close()
        self.process.wait()
        self._events.put(EXITED)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self._reader.join(timeout=10)  # it closes the pipe once it has read to the end

    @property
    def returncode(self) -> int | None:
        return self.process.poll()

    def stderr_tail(self, chars: int = 1500) -> str:
        try:
            return self._stderr_path.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return ""


class LocalExecutor:
    """One fresh Python subprocess per model on this machine: a crash or an out-of-memory kill
    ends that process only, and the GPU memory it held is freed when it exits."""

    name = "local"

    def start(self, job: dict[str, Any], workdir: Path) -> JobHandle:
        workdir.mkdir(parents=True, exist_ok=True)
        job_file = workdir / "job.json"
        job_file.write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
        stderr_path = workdir / "stderr.txt"
        env = dict(os.environ)
        package_root = str(Path(__file__).resolve().parents[2])
        # the worker imports this package, wherever the user's working directory is; an
        # existing PYTHONPATH (e.g. the tests' network guard) is kept
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
        env["HF_HUB_OFFLINE"] = "1"  # the worker loads local directories only
        env.setdefault("TOKENIZERS_PARALLELISM", "false")
        with stderr_path.open("w", encoding="utf-8") as stderr:
            process = subprocess.Popen(
                [sys.executable, "-m", "recommender.validation.worker", str(job_file)],
                stdout=subprocess.PIPE,
                stderr=stderr,
                stdin=subprocess.DEVNULL,
                text=True,
                encoding="utf-8",
                env=env,
                cwd=workdir,
            )
        return _LocalJob(process, stderr_path)


def _ray() -> Executor:
    from .ray_executor import RayExecutor  # Ray is imported only when asked for

    return RayExecutor()


#: Executor name -> factory.
EXECUTORS: dict[str, Callable[[], Executor]] = {"local": LocalExecutor, "ray": _ray}


def get_executor(executor: str | Executor | None) -> Executor:
    """An executor by name (default ``local``), or the given one."""
    if executor is None:
        executor = "local"
    if not isinstance(executor, str):
        return executor
    if executor not in EXECUTORS:
        raise UnknownExecutorError(executor, EXECUTORS, hint=f"(known: {', '.join(EXECUTORS)})")
    return EXECUTORS[executor]()
