""" "Detect this machine": system RAM from ``os.sysconf`` and GPUs from torch when available.

torch is imported only when the button is pressed (it takes seconds); without it, or without a
CUDA device, the machine is reported as CPU-only with its RAM.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from recommender.kb import KnowledgeBase

__all__ = ["DetectedGpu", "Machine", "detect_machine", "system_ram_gb"]


@dataclass(frozen=True)
class DetectedGpu:
    name: str  #: as the driver reports it, e.g. "NVIDIA H100 80GB HBM3"
    memory_gb: float  #: total device memory, GiB
    hardware_id: str | None  #: the catalogue entry it matches, if any


@dataclass(frozen=True)
class Machine:
    ram_gb: float | None
    gpus: list[DetectedGpu] = field(default_factory=list)


def system_ram_gb() -> float | None:
    """Physical memory in GB (GiB), or None where ``os.sysconf`` cannot tell."""
    try:
        pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None
    if pages <= 0 or size <= 0:
        return None
    return round(pages * size / 2**30, 1)


def _cuda_gpus() -> list[tuple[str, float]]:
    try:
        import torch
    except ImportError:
        return []
    if not torch.cuda.is_available():
        return []
    out = []
    for i in range(torch.cuda.device_count()):
        props = torch.cuda.get_device_properties(i)
        out.append((str(props.name), round(props.total_memory / 2**30, 1)))
    return out


def match_hardware(kb: KnowledgeBase, name: str) -> str | None:
    """The catalogue id for a driver's GPU name ("NVIDIA GeForce RTX 4090" -> its entry)."""
    from recommender.errors import NotFoundError

    try:
        return kb.hardware_item(name).id
    except NotFoundError:
        pass
    lowered = name.lower().replace("nvidia", "").replace("geforce", "").strip()
    best: tuple[int, str] | None = None
    for record in kb.hardware:
        for candidate in (record.name, *record.aliases):
            c = candidate.lower().replace("nvidia", "").replace("geforce", "").strip()
            if c and (c in lowered or lowered in c) and (best is None or len(c) > best[0]):
                best = (len(c), record.id)
    return None if best is None else best[1]


def detect_machine(kb: KnowledgeBase | None = None) -> Machine:
    gpus = [
        DetectedGpu(name, memory, match_hardware(kb, name) if kb is not None else None)
        for name, memory in _cuda_gpus()
    ]
    return Machine(system_ram_gb(), gpus)
