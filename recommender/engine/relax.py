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

from .screening import Exclusion, Reason

__all__ = ["Relaxation", "relaxations"]


@dataclass(frozen=True)
class Relaxation:
    answer: str  #: the questionnaire answer to change, e.g. "workload.context_tokens"
    suggestion: str  #: the change, in words
    admits: list[str]  #: model ids it would admit

    def to_json(self) -> dict[str, Any]:
        return {"answer": self.answer, "suggestion": self.suggestion, "admits": self.admits}

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
        limits = [p["limit"] for p in params if "limit" in p]
        needed = next((p["needed"] for p in params if "needed" in p), None)
        if limits and needed:
            best = max(limits)
            admitted = sorted(
                m for m, rs in models if all(r.params.get("limit", 0) >= best for r in rs)
            )
            return Relaxation(
                key,
                f"a context of {best:,} tokens instead of {needed:,} (split or shorten the input)",
                admitted or ids,
            )
        return Relaxation(key, "leave the context length unstated or confirm it", ids)
    if key == "hardware":
        needs = sorted(p["memory_gb"] for p in params if "memory_gb" in p)
        if needs:
            smallest = needs[0]
            admitted = sorted(
                m for m, rs in models if any(r.params.get("memory_gb", 1e9) <= smallest for r in rs)
            )
            return Relaxation(
                key,
                f"hardware with about {smallest * 1.15:,.0f} GB of GPU memory (or rent it)",
                admitted,
            )
        return Relaxation(key, "more GPU memory, or rented GPUs", ids)
    if key == "budget":
        costs = sorted(p["monthly_usd"] for p in params if "monthly_usd" in p)
        lowest = costs[0] if costs else None
        text = f"a budget of ${lowest:,.0f}/month" if lowest else "a larger budget"
        return Relaxation(key, text, ids)
    text = _SIMPLE.get(key, f"change {key}")
    return Relaxation(key, text, ids)


_SIMPLE = {
    "deployment": "allow the other kind of deployment (deployment: any)",
    "license.accept_conditions": "accept licence conditions after legal review "
    "(license.accept_conditions: true)",
    "license.commercial_use": "non-commercial use only (license.commercial_use: false)",
    "license.require_open_source": "accept open weights without open training data and code "
    "(license.require_open_source: false)",
    "documented_languages_only": "accept inherited or undocumented language support "
    "(documented_languages_only: false) and validate the language on your prompts",
    "exclude_providers": "allow the excluded makers or providers",
    "exclude_countries": "allow models whose origin is unrecorded or in an excluded country",
    "data_residency": "relax the data-residency regions",
    "zero_retention": "accept providers without (or without a recorded) zero-retention option",
}
