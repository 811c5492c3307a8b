"""Placement: which models run where on a cluster, decided from the fit check's memory estimate.

:func:`plan_placement` takes each model's estimated memory and the cluster's nodes (GPUs with
their memory, or CPUs and RAM) and packs the models, largest first, onto the GPUs without
exceeding any: a model that fits one GPU gets a fraction of it in proportion to its estimate
(several small models share a GPU), a larger one whole GPUs of one node, a model no node can
hold is refused before anything starts. Models that do not fit beside the others wait for the
next round. :meth:`Plan.describe` says it in one line, e.g.
``A (40.0 GB): 2 x 24 GB · B (9.0 GB) and C (9.0 GB) share 1 x 48 GB``.

Pure arithmetic: no Ray here (the Ray executor, :mod:`.ray_executor`, turns each
:class:`Placement` into a resource request: whole or fractional GPUs, or CPU and memory).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..estimate.memory import usable_memory_gb

__all__ = ["ClusterNode", "Placement", "Plan", "plan_placement"]

#: Fractions of a GPU are requested in hundredths (rounded up: never less than the estimate).
_STEP = 100


@dataclass(frozen=True)
class ClusterNode:
    """One node as the scheduler sees it."""

    id: str
    name: str  #: its address, for messages
    cpus: float
    memory_gb: float  #: memory the scheduler may hand out on this node (Ray's ``memory``)
    gpu_memory_gb: tuple[float, ...] = ()  #: each GPU's total memory

    @property
    def gpu_usable_gb(self) -> float:
        """What a model may use of one GPU (the smallest, when they differ)."""
        return usable_memory_gb(min(self.gpu_memory_gb), kind="gpu") if self.gpu_memory_gb else 0

    def gpu_label(self, count: int = 1) -> str:
        return f"{count} x {min(self.gpu_memory_gb):.0f} GB"


@dataclass(frozen=True)
class Placement:
    """Where one model runs. ``gpus``: whole GPUs (> 1) or a fraction of one; 0 on CPUs."""

    key: str
    needed_gb: float
    node: ClusterNode | None  #: None: refused
    gpus: float = 0.0
    round: int = 0  #: 0 starts at once; later rounds wait for earlier models to finish
    bin: int = -1  #: which GPU (or node, on CPUs) it shares, within its round
    reason: str | None = None  #: why it was refused

    @property
    def refused(self) -> bool:
        return self.node is None

    @property
    def memory_bytes(self) -> int:
        """Memory to reserve on a CPU node (the estimate)."""
        return math.ceil(self.needed_gb * 2**30)


@dataclass(frozen=True)
class Plan:
    device: str  #: ``cuda`` or ``cpu``
    placements: tuple[Placement, ...]
    nodes: tuple[ClusterNode, ...] = field(default=())

    def get(self, key: str) -> Placement:
        return next(p for p in self.placements if p.key == key)

    def describe(self) -> str:
        """One line per round; refused models last."""
        names = len({p.node.id for p in self.placements if p.node is not None}) > 1
        lines = []
        placed = [p for p in self.placements if not p.refused]
        for r in sorted({p.round for p in placed}):
            groups: dict[tuple[str, int], list[Placement]] = {}
            for p in placed:
                if p.round == r:
                    assert p.node is not None
                    groups.setdefault((p.node.id, p.bin), []).append(p)
            parts = []
            for members in groups.values():
                node = members[0].node
                assert node is not None
                who = " and ".join(f"{p.key} ({p.needed_gb:.1f} GB)" for p in members)
                if self.device == "cuda":
                    where = node.gpu_label(max(1, int(members[0].gpus)))
                    where += f" on {node.name}" if names else ""
                else:
                    where = f"{node.name} ({node.cpus:g} CPUs, {node.memory_gb:.0f} GB)"
                verb = " share " if len(members) > 1 else ": "
                parts.append(who + verb + where)
            lines.append(("" if r == 0 else "then: ") + " · ".join(parts))
        for p in self.placements:
            if p.refused:
                lines.append(f"{p.key} refused: {p.reason}")
        return "\n".join(lines)


def plan_placement(
    needs: Sequence[tuple[str, float]],
    nodes: Sequence[ClusterNode],
    *,
    device: str,
    cpus_per_model: float = 1.0,
) -> Plan:
    """Place models (``(key, estimated GB)``) on ``nodes``, largest first (best fit: the
    fullest GPU or node that still holds the model, so room stays for the larger ones)."""
    order = sorted(needs, key=lambda kv: (-kv[1], kv[0]))
    placements: dict[str, Placement] = {}
    if device == "cuda":
        _place_gpus(order, nodes, placements)
    else:
        _place_cpus(order, nodes, placements, cpus_per_model)
    return Plan(device, tuple(placements[k] for k, _ in needs), tuple(nodes))


def _place_gpus(
    order: Sequence[tuple[str, float]], nodes: Sequence[ClusterNode], out: dict[str, Placement]
) -> None:
    gpu_nodes = [n for n in nodes if n.gpu_memory_gb]
    if not gpu_nodes:
        for key, need in order:
            out[key] = Placement(key, need, None, reason="the cluster has no GPU")
        return
    biggest = max(gpu_nodes, key=lambda n: n.gpu_usable_gb * len(n.gpu_memory_gb))
    # free[(node index, gpu index)] = usable GB left in the current round
    round_, free = 0, _fresh(gpu_nodes)
    pending = list(order)
    while pending:
        left = []
        for key, need in pending:
            if not any(need <= n.gpu_usable_gb * len(n.gpu_memory_gb) for n in gpu_nodes):
                out[key] = Placement(
                    key,
                    need,
                    None,
                    reason=f"needs {need:.1f} GB; the largest node has "
                    f"{biggest.gpu_label(len(biggest.gpu_memory_gb))} "
                    f"({biggest.gpu_usable_gb * len(biggest.gpu_memory_gb):.1f} GB usable)",
                )
                continue
            single = [(room, slot) for slot, room in free.items() if need <= room and room > 0]
            if single:  # best fit: the fullest GPU that holds it
                _, slot = min(single)
                node = gpu_nodes[slot[0]]
                fraction = min(1.0, math.ceil(need / node.gpu_usable_gb * _STEP) / _STEP)
                free[slot] -= fraction * node.gpu_usable_gb
                out[key] = Placement(key, need, node, fraction, round_, _bin(gpu_nodes, slot))
                continue
            whole = _whole_gpus(need, gpu_nodes, free)
            if whole is None:
                left.append((key, need))
                continue
            n, slots = whole
            for slot in slots:
                free[slot] = 0.0
            node = gpu_nodes[n]
            out[key] = Placement(
                key, need, node, float(len(slots)), round_, _bin(gpu_nodes, slots[0])
            )
        if len(left) == len(pending):  # nothing more fits beside what runs: next round
            round_, free = round_ + 1, _fresh(gpu_nodes)
        pending = left


def _fresh(nodes: Sequence[ClusterNode]) -> dict[tuple[int, int], float]:
    return {
        (i, g): n.gpu_usable_gb for i, n in enumerate(nodes) for g in range(len(n.gpu_memory_gb))
    }


def _bin(nodes: Sequence[ClusterNode], slot: tuple[int, int]) -> int:
    return sum(len(n.gpu_memory_gb) for n in nodes[: slot[0]]) + slot[1]


def _whole_gpus(
    need: float, nodes: Sequence[ClusterNode], free: dict[tuple[int, int], float]
) -> tuple[int, list[tuple[int, int]]] | None:
    """Untouched GPUs of one node that together hold ``need`` (the fewest, on the node that
    leaves the least unused)."""
    best: tuple[float, int, list[tuple[int, int]]] | None = None
    for i, node in enumerate(nodes):
        count = math.ceil(need / node.gpu_usable_gb) if node.gpu_usable_gb else 0
        empty = [s for s in sorted(free) if s[0] == i and free[s] >= node.gpu_usable_gb]
        if 0 < count <= len(empty):
            waste = count * node.gpu_usable_gb - need
            if best is None or waste < best[0]:
                best = (waste, i, empty[:count])
    return None if best is None else (best[1], best[2])


def _place_cpus(
    order: Sequence[tuple[str, float]],
    nodes: Sequence[ClusterNode],
    out: dict[str, Placement],
    cpus_per_model: float,
) -> None:
    usable = [n for n in nodes if n.cpus >= cpus_per_model]
    if not usable:
        for key, need in order:
            out[key] = Placement(
                key, need, None, reason=f"no node has the {cpus_per_model:g} CPUs asked for"
            )
        return
    biggest = max(usable, key=lambda n: n.memory_gb)
    round_ = 0
    room = [n.memory_gb for n in usable]
    slots = [int(n.cpus // cpus_per_model) for n in usable]
    pending = list(order)
    while pending:
        left = []
        for key, need in pending:
            if need > biggest.memory_gb:
                out[key] = Placement(
                    key,
                    need,
                    None,
                    reason=f"needs {need:.1f} GB; the largest node ({biggest.name}) offers "
                    f"{biggest.memory_gb:.1f} GB of memory",
                )
                continue
            fits = [(room[i], i) for i in range(len(usable)) if need <= room[i] and slots[i] > 0]
            if not fits:
                left.append((key, need))
                continue
            _, i = min(fits)
            room[i] -= need
            slots[i] -= 1
            out[key] = Placement(key, need, usable[i], 0.0, round_, i)
        if len(left) == len(pending):
            round_ += 1
            room = [n.memory_gb for n in usable]
            slots = [int(n.cpus // cpus_per_model) for n in usable]
        pending = left
