"""What would it take to get (more) candidates? The binding constraints and the smallest
relaxations that admit models, from the typed exclusion reasons.

A model counts for a relaxation when every reason it was excluded for names the same answer
(``Reason.relax``): changing that one answer admits it. The suggestion is the smallest change
that admits at least one model (a context of 4,096 instead of 8,192; a GPU with 40 GB; a budget
of $1,200), listing the models it admits, best known first.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ..messages import Message
from .screening import Exclusion, Reason

__all__ = ["Relaxation", "relaxations"]


@dataclass(frozen=True)
class Relaxation:
    answer: str  #: the questionnaire answer to change, e.g. "workload.context_tokens"
    message: Message  #: the change, as a typed message
    admits: list[str]  #: model ids it would admit

    @property
    def suggestion(self) -> str:
        """The change, in English."""
        return self.message.text

    def to_json(self) -> dict[str, Any]:
        return {
            "answer": self.answer,
            "suggestion": self.suggestion,
            "admits": self.admits,
            **self.message.to_json(),
        }

    def describe(self, limit: int = 5) -> str:
        shown = ", ".join(self.admits[:limit]) + (
            f" and {len(self.admits) - limit} more" if len(self.admits) > limit else ""
        )
        n = len(self.admits)
        return f"{self.suggestion}: admits {n} model{'s' if n != 1 else ''} ({shown})"


def relaxations(excluded: list[Exclusion], unverified: list[Exclusion]) -> list[Relaxation]:
    """One relaxation per answer that alone blocks some models, most admitted first."""
    blocked: dict[str, list[tuple[str, list[Reason]]]] = defaultdict(list)
    for e in [*excluded, *unverified]:
        keys = {r.relax for r in e.details}
        if len(keys) == 1 and None not in keys:
            (key,) = keys
            assert key is not None
            blocked[key].append((e.model_id, e.details))
    found = [_relaxation(key, models) for key, models in blocked.items()]
    return sorted(found, key=lambda r: (-len(r.admits), r.answer))


def _relaxation(key: str, models: list[tuple[str, list[Reason]]]) -> Relaxation:
    ids = sorted(m for m, _ in models)
    params = [r.params for _, rs in models for r in rs]
    if key == "workload.context_tokens":
        limits = [p["limit"] for p in params if p.get("limit")]
        needed = next((p["needed"] for p in params if p.get("needed")), None)
        if limits and needed:
            best = max(limits)
            admitted = sorted(
                m for m, rs in models if all((r.params.get("limit") or 0) >= best for r in rs)
            )
            return Relaxation(
                key, Message("relax_context", {"best": best, "needed": needed}), admitted or ids
            )
        return Relaxation(key, Message("relax_context_unknown"), ids)
    if key == "hardware":
        needs = sorted(p["memory_gb"] for p in params if p.get("memory_gb") is not None)
        if needs:
            smallest = needs[0]
            admitted = sorted(
                m
                for m, rs in models
                if any((r.params.get("memory_gb") or 1e9) <= smallest for r in rs)
            )
            return Relaxation(
                key, Message("relax_hardware", {"memory_gb": smallest * 1.15}), admitted
            )
        return Relaxation(key, Message("relax_hardware_any"), ids)
    if key == "budget":
        costs = sorted(p["monthly_usd"] for p in params if p.get("monthly_usd"))
        if costs:
            return Relaxation(key, Message("relax_budget", {"monthly_usd": costs[0]}), ids)
        return Relaxation(key, Message("relax_budget_any"), ids)
    if f"relax_{key}" in _SIMPLE:
        return Relaxation(key, Message(f"relax_{key}"), ids)
    return Relaxation(key, Message("relax_other", {"answer": key}), ids)


#: Answers whose relaxation is one fixed sentence (string tables: ``relax_<answer>``).
_SIMPLE = frozenset(
    f"relax_{key}"
    for key in (
        "deployment",
        "license.accept_conditions",
        "license.commercial_use",
        "license.require_open_source",
        "documented_languages_only",
        "exclude_providers",
        "exclude_countries",
        "data_residency",
        "zero_retention",
    )
)
