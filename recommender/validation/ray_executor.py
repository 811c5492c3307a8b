"""The Ray executor: validation jobs placed on a Ray cluster by estimated memory, run in parallel.

``run_validation(..., executor="ray")`` or ``modelrec validate --executor ray [--address ADDR]``.
Without an address (and without ``RAY_ADDRESS``) a local Ray is started for the run, listening
on 127.0.0.1 only; with one, the run joins that cluster (``ray start --head``, KubeRay) and
ships this package to its workers.

Before anything starts, every model's memory is estimated (:func:`.sources.check_fit`) and the
models are packed onto the cluster's GPUs (:mod:`.placement`): a fraction of a GPU in proportion
to the estimate, whole GPUs of one node for larger models, CPU and memory on a cluster without
GPUs. The plan is shown (``A (40.0 GB): 2 x 24 GB · B (9.0 GB) and C (9.0 GB) share 1 x 48
GB``); a model no node can hold is refused (``does_not_fit``) and the others run.

Each model gets one Ray actor, on the node of its placement, holding that resource request;
the actor loads the model once and answers one task per prompt batch (the worker's own code,
:class:`.worker.Session`, so answers and measurements are the local executor's). Each batch's
answers are checked and written to the same SQLite store as it completes, so ``--resume``
skips finished prompts. A lost worker or node is restarted and its unfinished batches retried,
``retries`` times (default 2); after that the model ends as ``crashed`` while the others carry
on. Cancelling the run (or a timeout) kills the model's actor. Ray is imported only here, when
this executor is used (``pip install 'modelrec[ray]'``).
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import queue
import subprocess
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ValidationHarnessError
from .executors import EXITED, QueuedEvents
from .placement import ClusterNode, Placement, Plan, plan_placement
from .sources import FitCheck, ModelSource, check_fit

if TYPE_CHECKING:
    from .runner import _Run

__all__ = ["RayExecutor"]

GIB = 2**30
_PACKAGE_ROOT = Path(__file__).resolve().parents[2]


class RayExecutor:
    """Runs each model in a Ray actor placed by its estimated memory (see the module doc).

    - ``address``: a Ray cluster to join (``ray://HOST:10001``, ``HOST:6379``, ``auto``);
      default: ``RAY_ADDRESS``, else a local Ray started for this process.
    - ``retries``: restarts of a lost worker (and retries of its unfinished batches).
    - ``num_cpus``: CPUs of the local Ray (default: all).
    - ``gpu_memory_gb``: each GPU's memory, when the nodes cannot say (no ``nvidia-smi``).
    - ``show``: called with the placement plan before the run starts.

    After a run, :attr:`plan` is the placement and :attr:`sent` the prompt indices each model
    was asked to answer.
    """

    name = "ray"
    #: Models the runner may start at once; Ray queues those that must wait for resources.
    parallel = 64

    def __init__(
        self,
        address: str | None = None,
        *,
        retries: int = 2,
        num_cpus: int | None = None,
        gpu_memory_gb: float | None = None,
        show: Callable[[str], None] | None = None,
    ) -> None:
        if importlib.util.find_spec("ray") is None:
            raise ValidationHarnessError(
                "the ray executor needs Ray: pip install 'modelrec[ray]' (or pip install ray)"
            )
        if retries < 0:
            raise ValidationHarnessError("retries must be 0 or more")
        self.address, self.retries, self.num_cpus = address, retries, num_cpus
        self.gpu_memory_gb, self.show = gpu_memory_gb, show
        self.plan: Plan | None = None
        self.sent: dict[str, list[int]] = {}
        self._cancel: threading.Event | None = None
        self._cpus = 1.0
        self._lock = threading.Lock()
        self._actor_class: Any = None
        self.ray = self._connect()  # a cluster that cannot be reached fails before any run

    # cluster

    def _connect(self) -> Any:
        local = self.address is None and not os.environ.get("RAY_ADDRESS")
        if local:
            # a local Ray for this run takes the loopback address (read when ray is imported)
            os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
        import ray

        if ray.is_initialized():
            return ray
        options: dict[str, Any] = {
            "include_dashboard": False,
            "logging_level": "ERROR",
            "log_to_driver": False,
        }
        try:
            if local:
                # its workers, started by Ray's processes with this process's environment,
                # import this package wherever it lies (a runtime_env would do it too, but
                # makes each actor wait for a fresh worker instead of a ready one)
                path = os.environ.get("PYTHONPATH", "")
                if str(_PACKAGE_ROOT) not in path.split(os.pathsep):
                    os.environ["PYTHONPATH"] = os.pathsep.join(
                        filter(None, [str(_PACKAGE_ROOT), path])
                    )
                ray.init(num_cpus=self.num_cpus, _node_ip_address="127.0.0.1", **options)
            else:
                ray.init(address=self.address, **options)
        except Exception as exc:
            where = self.address or os.environ.get("RAY_ADDRESS") or "a local Ray"
            raise ValidationHarnessError(
                f"cannot start or reach Ray ({where}): {type(exc).__name__}: {exc}"
            ) from None
        return ray

    def nodes(self, *, gpus: bool = True) -> list[ClusterNode]:
        """The cluster's live nodes, with each GPU's memory (``gpus=False``: CPUs only)."""
        nodes = []
        for n in self.ray.nodes():
            if not n.get("Alive"):
                continue
            resources = n.get("Resources", {})
            count = int(resources.get("GPU", 0)) if gpus else 0
            memory: tuple[float, ...] = ()
            if count:
                memory = self._gpu_memory(n["NodeID"], n["NodeManagerAddress"], count)
            nodes.append(
                ClusterNode(
                    id=n["NodeID"],
                    name=n["NodeManagerAddress"],
                    cpus=float(resources.get("CPU", 0)),
                    memory_gb=float(resources.get("memory", 0)) / GIB,
                    gpu_memory_gb=memory,
                )
            )
        return nodes

    def _gpu_memory(self, node_id: str, name: str, gpus: int) -> tuple[float, ...]:
        if self.gpu_memory_gb is not None:
            return (self.gpu_memory_gb,) * gpus
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

        probe = self.ray.remote(num_cpus=0)(_gpu_memory_mib).options(
            scheduling_strategy=NodeAffinitySchedulingStrategy(node_id, soft=False)
        )
        try:
            mib = self.ray.get(probe.remote(), timeout=60)
        except Exception as exc:
            cause = getattr(exc, "cause", None) or exc  # a task's error, without Ray's traceback
            raise ValidationHarnessError(
                f"cannot read the GPU memory of Ray node {name} ({type(cause).__name__}: "
                f"{cause}); give it with --gpu-memory-gb"
            ) from None
        if len(mib) < gpus:
            raise ValidationHarnessError(
                f"Ray node {name} offers {gpus} GPUs but nvidia-smi lists {len(mib)}; give the "
                "memory of each with --gpu-memory-gb"
            )
        return tuple(m / 1024 for m in mib[:gpus])

    # the runner's hooks

    def prepare(self, run: _Run, sources: Sequence[ModelSource]) -> dict[str, tuple[str, FitCheck]]:
        """Estimate every model, place them on the cluster, show the plan: for each model the
        device it runs on and its fit check (refused where no node can hold it)."""
        s = run.settings
        self._cancel = run.cancel
        self._cpus = float(s.get("threads") or 1)
        nodes = self.nodes(gpus=s["device"] != "cpu")
        device = s["device"]
        if device == "auto":
            device = "cuda" if any(n.gpu_memory_gb for n in nodes) else "cpu"
        largest = max(
            (
                n.gpu_usable_gb * len(n.gpu_memory_gb) if device == "cuda" else n.memory_gb
                for n in nodes
            ),
            default=0.0,
        )
        cap = s["memory_limit_gb"]
        fits: dict[str, FitCheck] = {}
        for source in sources:
            try:
                fits[source.key] = check_fit(
                    source.path,
                    device=device,
                    dtype=s["dtype"],
                    tokens=run.fit_tokens(),
                    batch_size=int(s["batch_size"]),
                    memory_limit_gb=cap if cap is not None else largest,
                    trust_remote_code=source.key in s["trust_remote_code"],
                )
            except Exception:
                continue  # the runner's own check reports it (load_error)
        # a model over the user's cap is refused by that cap; the others are placed
        needs = [(k, f.needed_gb) for k, f in fits.items() if cap is None or f.needed_gb <= cap]
        plan = plan_placement(needs, nodes, device=device, cpus_per_model=self._cpus)
        with self._lock:
            self.plan = plan
        out: dict[str, tuple[str, FitCheck]] = {}
        for key, fit in fits.items():
            placed = next((p for p in plan.placements if p.key == key), None)
            if placed is not None and placed.refused:
                fit = replace(
                    fit,
                    fits=False,
                    available_gb=largest,
                    limit="the largest Ray node",
                    reason=f"no Ray node can hold it: {placed.reason}",
                )
            out[key] = (device, fit)
        if self.show is not None and plan.placements:
            self.show(_describe_cluster(nodes) + "\n" + plan.describe())
        return out

    def start(self, job: dict[str, Any], workdir: Path) -> _RayJob:
        key = job["model_key"]
        placement = None
        with self._lock:
            if self.plan is not None:
                placement = next((p for p in self.plan.placements if p.key == key), None)
        options = self._options(placement)
        if placement is not None and placement.gpus >= 1:
            job = dict(job, gpus=int(placement.gpus))
        with self._lock:
            if self._actor_class is None:
                self._actor_class = self.ray.remote(_ModelActor)
        actor = self._actor_class.options(**options).remote(job)
        handle = _RayJob(self, actor, job, placement)
        handle.wait_until_placed(self._cancel)
        handle.begin()
        return handle

    def _options(self, placement: Placement | None) -> dict[str, Any]:
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

        options: dict[str, Any] = {
            "num_cpus": self._cpus,
            "max_restarts": self.retries,
            "max_task_retries": self.retries,
        }
        if self.address is not None or os.environ.get("RAY_ADDRESS"):
            # a cluster's workers get this package (and read models from local paths only); on
            # a local Ray they inherit this process's environment, so they start from Ray's
            # pool of ready workers
            options["runtime_env"] = {
                "py_modules": [str(_PACKAGE_ROOT / "recommender")],
                "env_vars": {"HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"},
            }
        if placement is not None and placement.node is not None:
            if placement.gpus > 0:
                options["num_gpus"] = placement.gpus
            else:
                options["memory"] = placement.memory_bytes
            # soft: the planned node while it lives, another one if it goes away
            options["scheduling_strategy"] = NodeAffinitySchedulingStrategy(
                placement.node.id, soft=True
            )
        return options


def _describe_cluster(nodes: Sequence[ClusterNode]) -> str:
    gpus = sum(len(n.gpu_memory_gb) for n in nodes)
    cpus = sum(n.cpus for n in nodes)
    what = f"{gpus} GPU{'s' if gpus != 1 else ''}, " if gpus else ""
    return (
        f"Ray placement ({len(nodes)} node{'s' if len(nodes) != 1 else ''}: {what}{cpus:g} CPUs):"
    )


def _gpu_memory_mib() -> list[float]:
    """Each GPU's total memory on this node (runs there, as a Ray task)."""
    out = subprocess.run(
        ["nvidia-smi", "--query-gpu=memory.total", "--format=csv,noheader,nounits"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    ).stdout
    return [float(line) for line in out.split() if line.strip()]


class _ModelActor:
    """One model on its placement (a Ray actor): loads it on first use, then answers one
    prompt batch per call. Each call returns the worker's events and this process's id."""

    def __init__(self, job: dict[str, Any]) -> None:
        self.job = job
        self.session: Any = None
        self.by_index = {p["index"]: p for p in job["prompts"]}

    def _call(self, phase: Callable[[Any], Any]) -> dict[str, Any]:
        from . import worker

        events: list[dict[str, Any]] = []
        result: Any = None
        worker._sink = events.append
        try:
            if self.session is None:  # first call, or the first after a restart
                self.session = worker.Session(self.job)
                self.session.warmup()
            result = phase(self.session)
        except worker._Failure as exc:
            events.append({"event": "error", "kind": exc.kind, "message": str(exc)})
        except Exception as exc:
            events.append(
                {"event": "error", "kind": "crashed", "message": f"{type(exc).__name__}: {exc}"}
            )
        finally:
            worker._sink = None
        return {"pid": os.getpid(), "events": events, "result": result}

    def ping(self) -> int:
        return os.getpid()

    def load(self) -> dict[str, Any]:
        return self._call(lambda session: None)

    def order(self, indices: list[int]) -> dict[str, Any]:
        prompts = [self.by_index[i] for i in indices]
        return self._call(lambda session: [p["index"] for p in session.order(prompts)])

    def answer(self, indices: list[int]) -> dict[str, Any]:
        prompts = [self.by_index[i] for i in indices]
        return self._call(lambda session: session.answer(prompts))

    def finish(self, perf: bool) -> dict[str, Any]:
        return self._call(lambda session: session.finish(perf=perf))


class _RayJob(QueuedEvents):
    """A model running in its actor, seen by the runner like a worker subprocess: a thread
    drives the actor (load, one call per prompt batch, finish) and queues the events."""

    def __init__(
        self,
        executor: RayExecutor,
        actor: Any,
        job: dict[str, Any],
        placement: Placement | None,
    ) -> None:
        self.executor, self.ray, self.actor, self.job = executor, executor.ray, actor, job
        self.placement = placement
        self.key: str = job["model_key"]
        self.pid: int | None = None
        self.restarts = 0
        self.finished = False
        self.killed = False
        self.error = ""
        self._events: queue.Queue[dict[str, Any]] = queue.Queue()
        self._thread = threading.Thread(target=self._drive, daemon=True)

    def wait_until_placed(self, cancel: threading.Event | None) -> None:
        """Wait while Ray queues the actor behind models holding the resources it needs
        (not counted against the load timeout); a cancelled run stops waiting."""
        ref = self.actor.ping.remote()
        while True:
            ready, _ = self.ray.wait([ref], timeout=0.5)
            if ready:
                try:
                    self.pid = int(self.ray.get(ready[0]))
                except Exception as exc:  # the actor could not start
                    self.error = f"{type(exc).__name__}: {exc}"
                return
            if cancel is not None and cancel.is_set():
                return

    def begin(self) -> None:
        self._thread.start()

    def _put(self, events: list[dict[str, Any]], *, reload: bool = False) -> bool:
        """Queue events; False once an error ended the model."""
        for event in events:
            kind = event["event"]
            if reload and kind in ("loaded", "warmup"):
                continue  # the model loaded again after a restart: its first load counts
            if kind == "loaded":  # where it runs, in the model's manifest
                event["manifest"] = {**event["manifest"], **self._placed()}
            elif kind == "done":
                event["worker_restarts"] = self.restarts
            self._events.put(event)
            if kind == "error":
                return False
        return True

    def _result(self, ref: Any, *, reload: bool = True) -> dict[str, Any] | None:
        result: dict[str, Any] = self.ray.get(ref)
        if self.pid is not None and result["pid"] != self.pid:
            self.restarts += 1
        self.pid = result["pid"]
        return result if self._put(result["events"], reload=reload) else None

    def _drive(self) -> None:
        job = self.job
        try:
            if self.error:
                raise RuntimeError(self.error)
            if self.pid is None:  # cancelled while queued
                return
            self._events.put({"event": "started", "pid": self.pid})
            if self._result(self.actor.load.remote(), reload=False) is None:
                return
            done = set(job.get("done", []))
            todo = [p["index"] for p in job["prompts"] if p["index"] not in done]
            ordered = self._result(self.actor.order.remote(todo))
            if ordered is None:
                return
            order: list[int] = ordered["result"]
            size = max(1, int(job.get("batch_size", 8)))
            batches = [order[i : i + size] for i in range(0, len(order), size)]
            with self.executor._lock:
                self.executor.sent.setdefault(self.key, []).extend(order)
            # all batches queued at once: the actor takes them in order, each call's answers
            # are stored as it completes, and a restarted actor retries the unfinished ones
            refs = [self.actor.answer.remote(batch) for batch in batches]
            for ref in refs:
                if self._result(ref) is None:
                    return
            final = self._result(self.actor.finish.remote(bool(job.get("perf", True))))
            if final is not None:
                self.finished = True
        except Exception as exc:
            if not self.killed:
                self._events.put(self._lost(exc))
        finally:
            self._events.put(EXITED)

    def _placed(self) -> dict[str, Any]:
        placed: dict[str, Any] = {"executor": "ray"}
        p = self.placement
        if p is not None and p.node is not None:
            placed["ray_node"] = p.node.name
            if p.gpus:
                placed["ray_gpus"] = p.gpus
        return placed

    def _lost(self, exc: Exception) -> dict[str, Any]:
        from ray.exceptions import RayActorError

        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if isinstance(exc, RayActorError):
            allowed = self.executor.retries
            message = (
                f"the Ray worker was lost and not restarted again ({allowed} restart"
                f"{'s' if allowed != 1 else ''} allowed): {type(exc).__name__}: {first}"
            )
        else:
            message = f"{type(exc).__name__}: {first}"
        return {"event": "error", "kind": "crashed", "message": message[:1000]}

    def kill(self) -> None:
        self.killed = True
        with contextlib.suppress(Exception):  # already gone
            self.ray.kill(self.actor, no_restart=True)
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    @property
    def returncode(self) -> int | None:
        if self._thread.is_alive():
            return None
        return 0 if self.finished else 1

    def stderr_tail(self) -> str:
        return self.error
