"""Which inference runtime an estimate assumes: the one named, or the one a user of that
hardware would most likely run (profiles in knowledge/runtimes.yaml)."""

from __future__ import annotations

from ..kb.loader import KnowledgeBase
from ..kb.schema import RuntimeRecord
from .fit import HardwareProfile

__all__ = ["default_runtime_id", "resolve_runtime"]


def default_runtime_id(hardware: HardwareProfile) -> str:
    """vLLM on data-centre GPUs and multi-GPU servers (a serving stack that batches and splits
    across GPUs); llama.cpp everywhere else (consumer and workstation cards, Apple and other
    unified memory, CPUs), which is what Ollama, LM Studio and llama-server run."""
    discrete = not hardware.cpu_only and not hardware.unified
    if discrete and (hardware.devices > 1 or hardware.kind == "gpu_datacenter"):
        return "vllm"
    return "llama.cpp"


def resolve_runtime(
    kb: KnowledgeBase, hardware: HardwareProfile, name: str | None = None
) -> RuntimeRecord | None:
    """The runtime named (id, name or alias), else the default for ``hardware``; None when the
    knowledge base holds no runtime profiles."""
    if name is not None:
        return kb.runtime(name)
    if not kb.runtimes:
        return None
    return kb.runtimes.get(default_runtime_id(hardware))
