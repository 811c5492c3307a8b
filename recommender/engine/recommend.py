"""recommend(): questionnaire -> explained, ranked shortlist (DESIGN.md data flow).

Tasks and languages come from the answers, or are inferred from the use case; screening removes
what the constraints forbid, with reasons; every remaining candidate is scored by the registered
criteria, S = sum_j w_j v_j, with the exact per-criterion contributions w_j v_j; ties break by
model id, so the same questionnaire and kb_version always give the same ranking.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from ..errors import UnknownTaskError
from ..kb.loader import KnowledgeBase, load_knowledge_base
from ..matching.signals import detect_domain
from .advice import Advice, advise
from .ahp import ahp_weights
from .criteria import CRITERIA, Context, Value
from .questionnaire import Questionnaire, QuestionnaireError
from .screening import Candidate, Exclusion, screen
from .sensitivity import Sensitivity, analyse

__all__ = [
    "DEFAULT_IMPORTANCE",
    "Ranked",
    "Recommendation",
    "pareto_front",
    "recommend",
    "weights_for",
]

#: Ranks examined by the sensitivity analysis (the top of the shortlist).
SENSITIVITY_TOP_K = 5
#: Importance of the criteria the questionnaire's priorities do not set.
DEFAULT_IMPORTANCE = {"license_friction": 2, "maturity": 2, "semantic_match": 2}


class Evidence(Protocol):
    """Measurements that replace estimates (a validation run is one)."""

    def measured_values(
        self, candidate: Candidate, ctx: Context, estimated: dict[str, Value]
    ) -> dict[str, Value]:
        """Criterion values measured for ``candidate`` (``estimated``: its values before the
        measurements); empty when it was not measured."""
        ...


@dataclass(frozen=True)
class Ranked:
    rank: int
    candidate: Candidate
    score: float
    contributions: dict[str, float]  #: w_j v_j; they sum to ``score``
    values: dict[str, Value]


@dataclass(frozen=True)
class Recommendation:
    kb_version: str
    questionnaire_hash: str
    tasks: list[dict[str, Any]]
    languages: list[str]
    weights: dict[str, float]
    ranked: list[Ranked]  #: every candidate, best first
    excluded: list[Exclusion]
    pareto: list[str]  #: model ids no other candidate beats on both quality and cost
    top_k: int
    sensitivity: Sensitivity | None = None  #: None with fewer than two candidates
    advice: Advice | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def shortlist(self) -> list[Ranked]:
        return self.ranked[: self.top_k]

    def to_json(self) -> dict[str, Any]:
        """The ``modelrec recommend --json`` contract (DESIGN.md)."""
        return {
            "kb_version": self.kb_version,
            "questionnaire_hash": self.questionnaire_hash,
            "tasks": self.tasks,
            "languages": self.languages,
            "weights": {k: round(v, 4) for k, v in self.weights.items()},
            "shortlist": [_item(r) for r in self.shortlist],
            "excluded": [{"model_id": e.model_id, "reasons": e.reasons} for e in self.excluded],
            "pareto": self.pareto,
            "sensitivity": None if self.sensitivity is None else self.sensitivity.to_json(),
            "advice": None if self.advice is None else self.advice.to_json(),
            "notes": self.notes,
        }


def _item(r: Ranked) -> dict[str, Any]:
    m, plan, fit = r.candidate.model, r.candidate.plan, r.candidate.plan.fit
    return {
        "rank": r.rank,
        "model_id": m.id,
        "name": m.name,
        "hf_repo": m.hf_repo,
        "provider": m.api.provider if m.api else m.creator,
        "open_weights": m.open_weights,
        "deployment": plan.deployment,
        "license": m.license,
        "licenses": r.candidate.license.licenses,
        "license_status": r.candidate.license.status,
        "license_conditions": r.candidate.license.conditions,
        "score": round(r.score, 4),
        "contributions": {k: round(v, 4) for k, v in r.contributions.items()},
        "values": {
            k: {"value": round(v.value, 4), "evidence": v.evidence, "detail": v.detail}
            for k, v in r.values.items()
        },
        "hardware": plan.hardware,
        "gpus": plan.gpus,
        "replicas": plan.replicas,
        "memory_gb": None if fit is None else round(fit.memory_gb, 2),
        "quantization": None if fit is None else fit.quantization,
        "context_length": m.context_length,
        "decode_tokens_per_s": None
        if fit is None or fit.decode_tokens_per_s is None
        else [round(x, 1) for x in fit.decode_tokens_per_s],
        "monthly_cost_usd": None if plan.monthly_usd is None else round(plan.monthly_usd, 2),
        "cost_per_mtok_usd": None if plan.per_mtok_usd is None else round(plan.per_mtok_usd, 4),
        "evidence": sorted({v.evidence for v in r.values.values()}),
        "notes": plan.notes,
    }


def weights_for(q: Questionnaire, notes: list[str] | None = None) -> dict[str, float]:
    """Normalised weights: from pairwise (AHP) answers when given, else from the importance
    answers (0-5). Unknown criterion names and incomplete comparisons are errors."""
    if q.pairwise:
        return _pairwise_weights(q, notes if notes is not None else [])
    importance = {**DEFAULT_IMPORTANCE, **q.importance()}
    unknown = [k for k in importance if k not in CRITERIA]
    if unknown:
        raise QuestionnaireError(
            [
                (f"priorities.{k}", f"unknown criterion; known: {', '.join(CRITERIA)}")
                for k in unknown
            ]
        )
    total = sum(importance.get(name, 0) for name in CRITERIA)
    if total == 0:
        raise QuestionnaireError([("priorities", "every importance is 0: give at least one > 0")])
    return {name: importance.get(name, 0) / total for name in CRITERIA}


def _pairwise_weights(q: Questionnaire, notes: list[str]) -> dict[str, float]:
    assert q.pairwise is not None
    unknown = sorted({n for p in q.pairwise for n in (p.a, p.b) if n not in CRITERIA})
    if unknown:
        raise QuestionnaireError(
            [
                (f"pairwise ({name})", f"unknown criterion; known: {', '.join(CRITERIA)}")
                for name in unknown
            ]
        )
    try:
        result = ahp_weights({(p.a, p.b): p.ratio for p in q.pairwise})
    except ValueError as exc:
        raise QuestionnaireError([("pairwise", str(exc))]) from None
    notes.append(
        f"weights from pairwise comparisons (AHP): consistency ratio "
        f"{result.consistency_ratio:.3f}"
        + ("" if result.consistent else " > 0.1: the comparisons contradict each other; revisit")
    )
    return {name: result.weights.get(name, 0.0) for name in CRITERIA}


def recommend(
    q: Questionnaire,
    kb: KnowledgeBase | None = None,
    *,
    matcher: Any = None,
    model_matcher: Any = None,
    evidence: Evidence | None = None,
) -> Recommendation:
    """Rank every model for ``q``. ``matcher`` (a TaskMatcher) infers tasks when the answers
    give none; ``model_matcher`` (a ModelMatcher) scores the semantic-match criterion. Both are
    built with the default embedder when needed and not given.

    ``evidence`` (a :class:`~recommender.validation.ValidationRun`, or anything with
    ``measured_values(candidate, ctx, estimated) -> {criterion: Value}``) replaces estimates with
    measurements (evidence "measured") for the models it measured: quality from the pass rate,
    speed from measured decode speed, fit from measured memory."""
    kb = kb or load_knowledge_base()
    notes: list[str] = []
    weights = weights_for(q, notes)
    tasks = _tasks(q, kb, matcher, notes)
    languages = q.languages
    if languages is None:
        from ..matching import detect_languages

        languages = detect_languages(q.use_case).languages
        notes.append(f"languages inferred from the use case: {', '.join(languages) or 'none'}")
    candidates, excluded = screen(kb, q, [t["id"] for t in tasks], languages)
    semantic: dict[str, float] = {}
    if candidates and weights.get("semantic_match", 0) > 0:
        if model_matcher is None:
            from ..matching import ModelMatcher

            model_matcher = ModelMatcher(kb)
        allowed = {c.model.id for c in candidates}
        semantic = {
            f.model_id: f.score for f in model_matcher.score(q.use_case) if f.model_id in allowed
        }
    ctx = Context(
        tasks=[t["id"] for t in tasks],
        languages=languages,
        latency_target_s=q.workload.latency_p95_s,
        output_tokens=q.workload.output_tokens,
        semantic=semantic,
        benchmarks=kb.benchmarks,
    )
    scored = []
    measured: list[str] = []
    for c in candidates:
        values = {name: crit.function(c, ctx) for name, crit in CRITERIA.items()}
        if evidence is not None:
            replaced = evidence.measured_values(c, ctx, values)
            if replaced:
                values.update(replaced)
                measured.append(f"{c.model.id} ({', '.join(sorted(replaced))})")
        contributions = {name: weights[name] * values[name].value for name in CRITERIA}
        scored.append((sum(contributions.values()), c, contributions, values))
    scored.sort(key=lambda s: (-s[0], s[1].model.id))
    ranked = [
        Ranked(i + 1, c, score, contrib, values)
        for i, (score, c, contrib, values) in enumerate(scored)
    ]
    if evidence is not None:
        run = getattr(evidence, "id", None)
        notes.append(
            f"measured evidence{f' from validation run {run}' if run else ''} replaced estimates "
            f"for: {', '.join(measured) if measured else 'no candidate (none was measured)'}"
        )
    sensitivity = None
    if len(ranked) >= 2:
        names = list(CRITERIA)
        sensitivity = analyse(
            [r.candidate.model.id for r in ranked],
            names,
            np.array([[r.values[n].value for n in names] for r in ranked]),
            np.array([weights[n] for n in names]),
            top_k=min(q.top_k, SENSITIVITY_TOP_K),
            seed=q.seed,
        )
    return Recommendation(
        kb_version=kb.kb_version,
        questionnaire_hash=_hash(q),
        tasks=tasks,
        languages=languages,
        weights=weights,
        ranked=ranked,
        excluded=sorted(excluded, key=lambda e: e.model_id),
        pareto=_pareto(ranked),
        top_k=q.top_k,
        sensitivity=sensitivity,
        advice=advise(
            q.use_case,
            [t["id"] for t in tasks],
            detect_domain(q.use_case).domain,
            q.deployment,
            ranked[: q.top_k],
            ranked,
        ),
        notes=notes,
    )


def _tasks(
    q: Questionnaire, kb: KnowledgeBase, matcher: Any, notes: list[str]
) -> list[dict[str, Any]]:
    if q.tasks:
        problems = [
            (f"tasks[{i}]", str(UnknownTaskError(t, kb.tasks)))
            for i, t in enumerate(q.tasks)
            if t not in kb.tasks
        ]
        if problems:
            raise QuestionnaireError(problems)
        return [{"id": t, "score": 1.0} for t in q.tasks]
    if matcher is None:
        from ..matching import TaskMatcher

        matcher = TaskMatcher(kb)
    (result,) = matcher.match([q.use_case])
    tasks = [
        {"id": t.id, "score": round(t.score, 4)}
        for t in result.tasks
        if t is result.tasks[0] or t.score >= 0.25
    ]
    notes.append(
        f"tasks inferred from the use case: {', '.join(t['id'] for t in tasks)} (confidence "
        f"{result.confidence:.2f}{'; please confirm' if result.needs_confirmation else ''})"
    )
    return tasks


def _pareto(ranked: list[Ranked]) -> list[str]:
    """Candidates with a known cost that no other beats on quality and monthly cost both."""
    known = [r for r in ranked if r.candidate.plan.monthly_usd is not None]
    mask = pareto_front(
        np.array([r.values["quality"].value for r in known]),
        np.array([float(r.candidate.plan.monthly_usd or 0) for r in known]),
    )
    return sorted(r.candidate.model.id for r, keep in zip(known, mask, strict=True) if keep)


def pareto_front(quality: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """Boolean mask of the points no other point dominates (quality at least as high and cost
    at least as low, one of them strictly). O(n log n): sweep by rising cost, keeping the best
    quality seen so far."""
    n = len(quality)
    if n == 0:
        return np.zeros(0, dtype=bool)
    order = np.lexsort((-quality, cost))  # by cost, then best quality first
    mask = np.zeros(n, dtype=bool)
    best = -np.inf
    i = 0
    while i < n:
        j = i  # points with the same cost form a group
        while j + 1 < n and cost[order[j + 1]] == cost[order[i]]:
            j += 1
        group = order[i : j + 1]
        top = quality[group[0]]
        if top > best:  # the group's best beats every cheaper point
            mask[group[quality[group] == top]] = True
            best = top
        i = j + 1
    return mask


def _hash(q: Questionnaire) -> str:
    blob = json.dumps(q.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]
