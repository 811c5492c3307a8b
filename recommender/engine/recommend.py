"""recommend(): questionnaire -> explained, ranked shortlist (DESIGN.md data flow).

Tasks and languages come from the answers, or are inferred from the use case (whose text also
suggests answers the questionnaire leaves out: :func:`apply_suggestions`); screening removes what
the constraints forbid, with typed reasons, and sets aside what a stated requirement cannot be
verified for; every remaining candidate is scored by the registered criteria, S = sum_j w_j v_j
over the criteria whose value is known (weights rescaled over them), with the exact
contributions. Models below the task's quality floor, shutting down soon, or unknown on the
user's first priority rank after the adequate ones. Equal scores break by model id, so the same
questionnaire and kb_version always give the same ranking. Whether the leader is a justified
winner or statistically tied is decided by :func:`_tie`; a RAG use case also gets a retrieval
model (:func:`_retrieval_stack`); relaxations say what would admit more models.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol
from weakref import WeakKeyDictionary

import numpy as np

from ..errors import UnknownTaskError, closest_matches
from ..estimate.money import Rates, rates_for
from ..kb.loader import KnowledgeBase, load_knowledge_base
from ..matching.signals import detect_domain
from ..messages import Message
from .advice import Advice, advise
from .ahp import MissingComparisons, ahp_weights
from .contract import CandidatePoint, RecommendationOut
from .criteria import CRITERIA, Context, Value, quality_of
from .quality import QualityEstimate, estimate_quality
from .questionnaire import (
    Hardware,
    Questionnaire,
    QuestionnaireError,
    QuestionnaireProblem,
    knowledge_problems,
)
from .relax import Relaxation, relaxations
from .screening import Candidate, Exclusion, Screening, screen
from .sensitivity import Sensitivity, analyse, reweigh

if TYPE_CHECKING:
    from ..matching.matcher import MatchResult
    from ..matching.models import ModelFit

__all__ = [
    "DEFAULT_IMPORTANCE",
    "TASK_THRESHOLD",
    "Ranked",
    "Recommendation",
    "Tie",
    "apply_suggestions",
    "pareto_front",
    "recommend",
    "weights_for",
]

#: Ranks examined by the sensitivity analysis (the top of the shortlist).
SENSITIVITY_TOP_K = 5
#: Importance of the criteria the questionnaire's priorities do not set: tie-breakers.
DEFAULT_IMPORTANCE = {"license_friction": 0, "maturity": 1, "semantic_match": 1}
#: The leader is called a winner only if it ranks first in at least this share of the sampled
#: weightings (and its margin exceeds the quality uncertainty).
TIE_ACCEPTABILITY = 0.5
#: Inferred tasks at or above this probability join the best one (the engine and the wizard's
#: pre-selection use the same threshold).
TASK_THRESHOLD = 0.25
#: Tasks whose answers come from the team's documents: a retrieval (embedding) model joins the
#: generator in the recommended stack.
_RETRIEVAL_TASKS = {"rag_qa"}


class TaskInference(Protocol):
    """Infers tasks from use-case texts (a :class:`~recommender.matching.TaskMatcher`)."""

    def match(self, texts: Sequence[str]) -> list[MatchResult]: ...


class SemanticScorer(Protocol):
    """Scores models against a use case (a :class:`~recommender.matching.ModelMatcher`)."""

    def score(self, text: str) -> list[ModelFit]: ...


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
    contributions: dict[str, float]  #: w_j v_j / (sum of the known criteria's weights)
    values: dict[str, Value]
    quality: QualityEstimate | None = None
    demoted_message: Message | None = None  #: why it ranks below the adequate models

    @property
    def demoted(self) -> str | None:
        """Why it is ranked below the adequate models, in English."""
        return None if self.demoted_message is None else self.demoted_message.text

    @property
    def unknown(self) -> list[str]:
        """Criteria left out of this candidate's score because their value is unknown."""
        return [k for k, v in self.values.items() if v.evidence == "unknown"]


@dataclass(frozen=True)
class Tie:
    """Whether the leader is a justified winner, or the top is statistically tied."""

    tied: bool
    group: list[str]  #: the leader and every model tied with it (just the leader when clear)
    message: Message  #: why

    @property
    def reason(self) -> str:
        """Why, in English."""
        return self.message.text

    def to_json(self) -> dict[str, Any]:
        return {
            "tied": self.tied,
            "group": self.group,
            "reason": self.reason,
            "message": self.message.to_json(),
        }


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
    notes: list[Message] = field(default_factory=list)
    unverified: list[Exclusion] = field(default_factory=list)
    relaxations: list[Relaxation] = field(default_factory=list)
    tie: Tie | None = None
    warnings: list[Message] = field(default_factory=list)  #: what the constraints cost
    context_tokens: int | None = None
    context_stated: bool = False
    currency: str = "USD"
    rates: Rates | None = None
    budget_usd: float | None = None
    stack: list[Ranked] = field(default_factory=list)  #: retrieval models for a RAG stack

    @property
    def shortlist(self) -> list[Ranked]:
        return self.ranked[: self.top_k]

    @property
    def thin(self) -> bool:
        """Fewer candidates than asked for."""
        return len(self.ranked) < self.top_k

    def contract(self) -> RecommendationOut:
        """The recommendation as immutable, typed data: what the CLI's JSON, the decision
        record, the wizard's tables and the charts read (built once)."""
        return self._contract

    @cached_property
    def _contract(self) -> RecommendationOut:
        return RecommendationOut.model_validate(self._json())

    def to_json(self) -> dict[str, Any]:
        """The ``modelrec recommend --json`` contract (DESIGN.md), extended."""
        return self.contract().to_json()

    def candidate_points(self) -> list[CandidatePoint]:
        """Every ranked candidate as a point of the quality-cost chart, best first."""
        pareto = set(self.pareto)
        return [
            CandidatePoint(
                model_id=r.candidate.model.id,
                rank=r.rank,
                score=round(r.score, 4),
                quality=round(r.values["quality"].value, 4),
                monthly_cost_usd=None
                if r.candidate.plan.monthly_usd is None
                else round(r.candidate.plan.monthly_usd, 2),
                deployment=r.candidate.plan.deployment,
                pareto=r.candidate.model.id in pareto,
            )
            for r in self.ranked
        ]

    def ranks_with_weight(self, criterion: str, weight: float) -> list[dict[str, Any]]:
        """Ranks when ``criterion`` gets ``weight`` and the other weights are rescaled in
        proportion: one row per candidate, best first, with its rank before. Scored as the
        engine scores (its value functions are fixed, so this is exact): a criterion whose
        value is unknown is left out and the known weights rescaled, and demoted candidates
        (shutting down, below the quality floor...) stay after the others."""
        weights = reweigh(self.weights, criterion, weight)
        scored = sorted(
            (
                (r.demoted_message is not None, -score_values(r.values, weights), r)
                for r in self.ranked
            ),
            key=lambda s: (s[0], s[1], s[2].candidate.model.id),
        )
        return [
            {
                "model_id": r.candidate.model.id,
                "name": r.candidate.model.name,
                "rank": i + 1,
                "rank_before": r.rank,
                "score": round(-neg, 4),
            }
            for i, (_, neg, r) in enumerate(scored)
        ]

    def _json(self) -> dict[str, Any]:
        return {
            "kb_version": self.kb_version,
            "questionnaire_hash": self.questionnaire_hash,
            "tasks": self.tasks,
            "languages": self.languages,
            "weights": {k: round(v, 4) for k, v in self.weights.items()},
            "context_tokens": self.context_tokens,
            "context_stated": self.context_stated,
            "currency": self.currency,
            "budget_usd": None if self.budget_usd is None else round(self.budget_usd, 2),
            "shortlist": [_item(r) for r in self.shortlist],
            "tie": None if self.tie is None else self.tie.to_json(),
            "stack": [_item(r) for r in self.stack],
            "excluded": [_exclusion_json(e) for e in self.excluded],
            "unverified": [_exclusion_json(e) for e in self.unverified],
            "relaxations": [r.to_json() for r in self.relaxations],
            "warnings": [w.text for w in self.warnings],
            "warning_messages": [w.to_json() for w in self.warnings],
            "pareto": self.pareto,
            "sensitivity": None if self.sensitivity is None else self.sensitivity.to_json(),
            "advice": None if self.advice is None else self.advice.to_json(),
            "notes": [n.text for n in self.notes],
            "note_messages": [n.to_json() for n in self.notes],
        }


def _exclusion_json(e: Exclusion) -> dict[str, Any]:
    return {
        "model_id": e.model_id,
        "reasons": e.reasons,
        "codes": e.codes,
        "messages": [r.message.to_json() for r in e.details],
    }


def _item(r: Ranked) -> dict[str, Any]:
    m, plan, fit = r.candidate.model, r.candidate.plan, r.candidate.plan.fit
    config = plan.configuration
    notes = plan.notes + ([] if config is None else config.notes)
    q = r.quality
    return {
        "rank": r.rank,
        "model_id": m.id,
        "name": m.name,
        "hf_repo": m.hf_repo,
        "provider": m.api.provider if m.api else m.creator,
        "open_weights": m.open_weights,
        "deployment": plan.deployment,
        "status": m.status,
        "license": m.license,
        "licenses": r.candidate.license.licenses,
        "license_status": r.candidate.license.status,
        "license_conditions": [c.text for c in r.candidate.license.conditions],
        "condition_messages": [c.to_json() for c in r.candidate.license.conditions],
        "score": round(r.score, 4),
        "contributions": {k: round(v, 4) for k, v in r.contributions.items()},
        "values": {
            k: {
                "value": round(v.value, 4),
                "evidence": v.evidence,
                "detail": v.detail,
                "message": v.message.to_json(),
            }
            for k, v in r.values.items()
        },
        "unknown_criteria": r.unknown,
        "quality": None
        if q is None
        else {
            "value": round(q.value, 4),
            "low": round(q.low, 4),
            "high": round(q.high, 4),
            "basis": q.basis,
            "basis_message": q.basis_message.to_json(),
            "scores": q.scores,
            "below_floor": q.below_floor,
            "floor_message": None if q.floor_message is None else q.floor_message.to_json(),
        },
        "demoted": r.demoted,
        "demoted_message": None if r.demoted_message is None else r.demoted_message.to_json(),
        "task_fit": [
            {"task": t.task, "strength": t.strength, "basis": t.basis, "via": t.via}
            for t in r.candidate.task_fits
        ],
        "language_support": [
            {"language": s.language, "level": s.level, "basis": s.basis, "via": s.via}
            for s in r.candidate.languages
        ],
        "flags": [
            {"code": f.code, "text": f.text, "message": f.message.to_json()}
            for f in r.candidate.flags
        ],
        "hardware": plan.hardware,
        "gpus": plan.gpus,
        "replicas": plan.replicas,
        "memory_gb": None if fit is None else round(fit.memory_gb, 2),
        "quantization": None if fit is None else fit.quantization,
        "context_length": m.context_length,
        "decode_tokens_per_s": None
        if fit is None or fit.decode_tokens_per_s is None
        else [round(x, 1) for x in fit.decode_tokens_per_s],
        "answer_s": None
        if config is None or config.answer_s is None
        else round(config.answer_s, 2),
        "meets_latency_target": None if config is None else config.meets_target,
        "monthly_cost_usd": None if plan.monthly_usd is None else round(plan.monthly_usd, 2),
        "cost_per_mtok_usd": None if plan.per_mtok_usd is None else round(plan.per_mtok_usd, 4),
        "cost_basis": None if plan.cost_basis is None else plan.cost_basis.text,
        "cost_basis_message": None if plan.cost_basis is None else plan.cost_basis.to_json(),
        "reasoning_tokens": None if plan.reasoning_note is None else plan.reasoning_note.text,
        "reasoning_message": None if plan.reasoning_note is None else plan.reasoning_note.to_json(),
        "evidence": sorted({v.evidence for v in r.values.values()}),
        "notes": [n.text for n in notes],
        "note_messages": [n.to_json() for n in notes],
    }


def weights_for(q: Questionnaire, notes: list[Message] | None = None) -> dict[str, float]:
    """Normalised weights: from pairwise (AHP) answers when given, else from the importance
    answers (0-5). Unknown criterion names and incomplete comparisons are errors."""
    if q.pairwise:
        return _pairwise_weights(q, notes if notes is not None else [])
    importance = {**DEFAULT_IMPORTANCE, **q.importance()}
    if q.license.require_open_source and not (q.priorities or {}).get("openness"):
        importance["openness"] = max(importance.get("openness", 0), 3)
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
        raise QuestionnaireError(
            [
                QuestionnaireProblem(
                    "priorities", "every importance is 0: give at least one > 0", "all_zero"
                )
            ]
        )
    return {name: importance.get(name, 0) / total for name in CRITERIA}


def _pairwise_weights(q: Questionnaire, notes: list[Message]) -> dict[str, float]:
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
    except MissingComparisons as exc:
        problem = QuestionnaireProblem(
            "pairwise", str(exc), "missing_pairs", {"pairs": ", ".join(exc.pairs)}
        )
        raise QuestionnaireError([problem]) from None
    except ValueError as exc:
        raise QuestionnaireError([("pairwise", str(exc))]) from None
    notes.append(
        Message(
            "note_ahp" if result.consistent else "note_ahp_inconsistent",
            {"ratio": result.consistency_ratio},
        )
    )
    return {name: result.weights.get(name, 0.0) for name in CRITERIA}


def recommend(
    q: Questionnaire,
    kb: KnowledgeBase | None = None,
    *,
    matcher: TaskInference | None = None,
    model_matcher: SemanticScorer | None = None,
    evidence: Evidence | None = None,
    today: date | None = None,
    stack: bool = True,
) -> Recommendation:
    """Rank every model for ``q``. ``matcher`` (a TaskMatcher) infers tasks when the answers
    give none; ``model_matcher`` (a ModelMatcher) scores the semantic-match criterion. Both are
    built with the default embedder when needed and not given.

    ``evidence`` (a :class:`~recommender.validation.ValidationRun`, or anything with
    ``measured_values(candidate, ctx, estimated) -> {criterion: Value}``) replaces estimates with
    measurements (evidence "measured") for the models it measured: quality from the pass rate,
    speed from measured decode speed, fit from measured memory. ``today`` fixes the date the
    lifecycle rules use (default: the current date). ``stack`` adds the retrieval model of a
    RAG stack."""
    kb = kb or load_knowledge_base()
    problems = knowledge_problems(q.model_dump(mode="json", exclude_none=True), kb)
    if problems:
        raise QuestionnaireError(problems)
    notes: list[Message] = []
    q, suggested_tasks = apply_suggestions(q, notes)
    weights = weights_for(q, notes)
    tasks = _tasks(q, kb, matcher, notes)
    for task in suggested_tasks:
        if task not in {t["id"] for t in tasks}:
            tasks.append({"id": task, "score": 1.0})
    task_ids = [t["id"] for t in tasks]
    languages = q.languages
    if languages is None:
        from ..matching import detect_languages

        languages = detect_languages(q.use_case).languages
        notes.append(
            Message("note_languages", {"languages": languages})
            if languages
            else Message("note_no_languages")
        )
    rates = rates_for(kb, {str(k): v for k, v in (q.exchange_rates or {}).items()})
    budget_usd = _budget_usd(q, rates)
    screened = screen(kb, q, task_ids, languages, today=today, budget_usd=budget_usd)
    candidates = screened.candidates
    if not screened.context_stated:
        notes.append(
            Message("note_context", {"tokens": screened.context_tokens, "tasks": task_ids})
        )
    domain = detect_domain(q.use_case)
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
        tasks=task_ids,
        languages=languages,
        latency_target_s=q.workload.latency_p95_s,
        output_tokens=q.workload.output_tokens,
        semantic=semantic,
        benchmarks=kb.benchmarks,
        task_records=kb.tasks,
        language_weights=q.language_weights,
        input_tokens=q.workload.input_tokens,
        # the domain counts only when the text names one (words as evidence)
        domain=domain.domain if domain.domain != "general" and domain.evidence else None,
    )
    scored: list[_Scored] = []
    measured: list[Message] = []
    quality_leads = weights.get("quality", 0) >= max(
        weights.get("cost", 0), weights.get("speed", 0)
    )
    top_priority = max(weights, key=lambda k: (weights[k], k == "quality"))
    for c in candidates:
        values = {name: crit.function(c, ctx) for name, crit in CRITERIA.items()}
        if evidence is not None:
            replaced = evidence.measured_values(c, ctx, values)
            if replaced:
                values.update(replaced)
                measured.append(
                    Message(
                        "note_measured_model", {"model": c.model.id, "criteria": sorted(replaced)}
                    )
                )
        score, contributions = _score(values, weights)
        quality = quality_of(c, ctx)
        demoted: Message | None = None
        shutting = c.flag("shutting_down")
        if shutting is not None:
            demoted = shutting.message
        elif (
            quality.floor_message is not None
            and quality_leads
            and values["quality"].evidence != "measured"
        ):
            demoted = Message("below_floor", {"why": quality.floor_message})
        elif values[top_priority].evidence == "unknown" and top_priority != "quality":
            demoted = Message("top_priority_unknown", {"criterion": top_priority})
        scored.append((demoted is not None, score, c, contributions, values, quality, demoted))
    scored = _demote_replaced(kb, scored)
    scored.sort(key=lambda s: (s[0], -s[1], s[2].model.id))
    ranked = [
        Ranked(i + 1, c, score, contrib, values, quality, demoted)
        for i, (_, score, c, contrib, values, quality, demoted) in enumerate(scored)
    ]
    if evidence is not None:
        run = getattr(evidence, "id", None)
        notes.append(
            Message(
                "note_measured" if measured else "note_measured_none",
                {"run": run or "-", "models": measured},
            )
        )
    sensitivity = None
    # weights move the order among the adequate models; the demoted stay after them
    adequate = [r for r in ranked if r.demoted is None]
    pool = adequate if len(adequate) >= 2 else ranked
    if len(pool) >= 2:
        names = list(CRITERIA)
        sensitivity = analyse(
            [r.candidate.model.id for r in pool],
            names,
            np.array([[_imputed(r, n) for n in names] for r in pool]),
            np.array([weights[n] for n in names]),
            top_k=min(q.top_k, SENSITIVITY_TOP_K),
            seed=q.seed,
        )
    retrieval: list[Ranked] = []
    if stack and set(task_ids) & _RETRIEVAL_TASKS and "embeddings_search" not in task_ids:
        retrieval = _retrieval_stack(q, kb, today, ranked[0] if ranked else None)
    return Recommendation(
        kb_version=kb.kb_version,
        questionnaire_hash=_hash(q),
        tasks=tasks,
        languages=languages,
        weights=weights,
        ranked=ranked,
        excluded=sorted(screened.excluded, key=lambda e: e.model_id),
        pareto=_pareto(ranked),
        top_k=q.top_k,
        sensitivity=sensitivity,
        advice=advise(
            q.use_case,
            task_ids,
            domain.domain,
            q.deployment,
            ranked[: q.top_k],
            ranked,
            requests_per_day=q.workload.requests_per_day,
        ),
        notes=notes,
        unverified=sorted(screened.unverified, key=lambda e: e.model_id),
        relaxations=relaxations(screened.excluded, screened.unverified),
        tie=_tie(ranked, weights, sensitivity),
        warnings=_constraint_warnings(kb, screened, ranked, ctx),
        context_tokens=screened.context_tokens,
        context_stated=screened.context_stated,
        currency=q.currency,
        rates=rates,
        budget_usd=budget_usd,
        stack=retrieval,
    )


#: A scored candidate before ranking: (demoted?, score, candidate, contributions, values,
#: quality, why demoted).
_Scored = tuple[
    bool, float, Candidate, dict[str, float], dict[str, Value], QualityEstimate, Message | None
]


def _demote_replaced(kb: KnowledgeBase, scored: list[_Scored]) -> list[_Scored]:
    """Demote a model whose successor is a candidate scoring at least as well: the newer model
    of the same line is the one to shortlist, and the older one only crowds out alternatives
    (the original Qwen-Image beside Qwen-Image-2512)."""
    best = {c.model.id: score for demoted, score, c, *_ in scored if not demoted}
    out = []
    for demoted, score, c, contributions, values, quality, why in scored:
        newer = None
        if not demoted:
            newer = next(
                (m.id for m in kb.successor_chain(c.model) if best.get(m.id, -1.0) >= score),
                None,
            )
        if newer is not None:
            why = Message("successor_ranked", {"successor": newer})
        out.append((why is not None, score, c, contributions, values, quality, why))
    return out


def apply_suggestions(q: Questionnaire, notes: list[Message]) -> tuple[Questionnaire, list[str]]:
    """The answers the use-case text suggests, applied where the questionnaire leaves them
    unstated (each applied one is noted with the words that suggested it); and the tasks the
    text adds (e.g. rag_qa for "answering from our manuals") when tasks are inferred."""
    from ..matching.suggest import suggest_answers

    stated = q.model_fields_set
    workload_stated = q.workload.model_fields_set if "workload" in stated else set()
    top: dict[str, Any] = {}
    workload: dict[str, Any] = {}
    tasks: list[str] = []
    suggestions = suggest_answers(q.use_case)
    for s in suggestions:
        words = list(s.evidence)
        if s.field == "tasks":
            if q.tasks is None:
                tasks.append(str(s.value))
                notes.append(
                    Message("note_task_added", {"task": s.value, "words": words, "why": s.note})
                )
            continue
        if s.field.startswith("workload."):
            name = s.field.split(".", 1)[1]
            if name not in workload_stated:
                workload[name] = s.value
                notes.append(
                    Message(
                        "note_suggested",
                        {"field": s.field, "value": f"{s.value:g}", "words": words},
                    )
                )
            continue
        budget_given = s.field == "budget_per_month" and "budget_usd_per_month" in stated
        if s.field in stated or budget_given:
            continue
        if s.field in ("budget_per_month", "currency") and "currency" in stated:
            # a budget in the text is in the text's currency: apply it only in that currency
            said = next((x.value for x in suggestions if x.field == "currency"), None)
            if said != q.currency:
                if s.field == "budget_per_month":
                    notes.append(
                        Message(
                            "note_budget_currency",
                            {"said": said, "words": words, "currency": q.currency},
                        )
                    )
                continue
        value = s.value
        if s.field == "deployment" and value == "on_prem" and q.hardware is None:
            value = "private_cloud"
            notes.append(Message("note_private_cloud", {"words": words}))
        elif s.field == "deployment" and value == "api_only" and q.hardware is not None:
            continue
        else:
            shown = f"{value:,.0f}" if isinstance(value, float) else value
            notes.append(
                Message("note_suggested", {"field": s.field, "value": shown, "words": words})
            )
        top[s.field] = value
    if workload:
        top["workload"] = q.workload.model_dump(exclude_unset=True) | workload
    if not top:
        return q, tasks
    data = q.model_dump(exclude_unset=True) | top
    from .questionnaire import parse_questionnaire

    try:
        return parse_questionnaire(data, source="questionnaire with suggested answers"), tasks
    except QuestionnaireError:
        notes.append(Message("note_conflict"))
        return q, tasks


def _budget_usd(q: Questionnaire, rates: Rates) -> float | None:
    if q.budget_per_month is not None:
        return rates.to_usd(q.budget_per_month, q.currency)
    return q.budget_usd_per_month


def score_values(values: dict[str, Value], weights: dict[str, float]) -> float:
    """A candidate's score under ``weights``, as the ranking computes it."""
    return _score(values, weights)[0]


def _score(values: dict[str, Value], weights: dict[str, float]) -> tuple[float, dict[str, float]]:
    """The weighted sum over the criteria whose value is known, weights rescaled to sum to 1
    over them: an unknown value is left out, never guessed."""
    known = {k: w for k, w in weights.items() if values[k].evidence != "unknown"}
    total = sum(known.values())
    if total <= 0:
        return 0.0, dict.fromkeys(weights, 0.0)
    contributions = {
        k: (known[k] / total) * values[k].value if k in known else 0.0 for k in weights
    }
    return sum(contributions.values()), contributions


def _imputed(r: Ranked, name: str) -> float:
    """The value the sensitivity analysis uses: an unknown criterion takes the candidate's own
    score, which leaves its weighted sum unchanged (the same as leaving it out)."""
    v = r.values[name]
    return r.score if v.evidence == "unknown" else v.value


def _tie(ranked: list[Ranked], weights: dict[str, float], s: Sensitivity | None) -> Tie | None:
    """A justified leader, or a statistical tie: the leader's margin within one standard error
    of the difference of the quality estimates (each interval's half-width read as two standard
    errors, weighted by the quality weight), or the leader first in fewer than half of the
    sampled weightings."""
    if not ranked:
        return None
    leader = ranked[0]
    if len(ranked) == 1:
        return Tie(False, [leader.candidate.model.id], Message("tie_only"))
    wq = weights.get("quality", 0.0)
    h_lead = leader.quality.half_width if leader.quality else 0.0
    group = [leader.candidate.model.id]
    rivals = [r for r in ranked[1:] if r.demoted is None][: SENSITIVITY_TOP_K - 1]
    if not rivals:
        return Tie(False, group, Message("tie_only_adequate"))
    for r in rivals:
        h = r.quality.half_width if r.quality else 0.0
        margin = wq * (h_lead**2 + h**2) ** 0.5 / 2
        if leader.score - r.score <= margin:
            group.append(r.candidate.model.id)
    share = None
    if s is not None:
        share = s.acceptability.get(leader.candidate.model.id, [0.0])[0]
    if len(group) > 1:
        return Tie(True, group, Message("tie_margin", {"group": group}))
    if share is not None and share < TIE_ACCEPTABILITY:
        runners = (
            [m for m, shares in s.acceptability.items() if shares and shares[0] >= 0.1]
            if s is not None
            else []
        )
        group = list(dict.fromkeys([leader.candidate.model.id, *runners]))
        return Tie(
            True,
            group,
            Message(
                "tie_share", {"leader": leader.candidate.model.id, "share": share, "group": group}
            ),
        )
    runner = rivals[0]
    params: dict[str, Any] = {
        "leader": leader.candidate.model.id,
        "runner": runner.candidate.model.id,
        "gap": leader.score - runner.score,
    }
    if share is not None:
        return Tie(False, group, Message("leader_share", {**params, "share": share}))
    return Tie(False, group, Message("leader", params))


#: A constraint "limits quality" when what it keeps out is estimated this much better (0..1).
LIMITS_QUALITY_GAP = 0.15


def _constraint_warnings(
    kb: KnowledgeBase, screened: Screening, ranked: list[Ranked], ctx: Context
) -> list[Message]:
    """Say when the constraints keep quality far below what is available: the best model that
    fits the hardware versus the best one excluded only for memory; the leader versus the
    models ranked last for being over the budget."""
    return [*_hardware_warning(kb, screened, ranked, ctx), *_budget_warning(screened, ranked)]


def _budget_warning(screened: Screening, ranked: list[Ranked]) -> list[Message]:
    """The leader against the best model over the (soft) budget and, when it is not that one,
    the least costly over-budget model that still clears :data:`LIMITS_QUALITY_GAP`: what a
    higher budget would buy, in figures a decision maker can weigh. Only models with published
    scores count: a prior from list price alone would make every dear model look better."""
    if screened.budget_usd is None or not ranked or ranked[0].quality is None:
        return []
    leader = ranked[0]
    assert leader.quality is not None
    here = leader.quality.value
    over = [
        (r.quality.value, r.candidate.plan.monthly_usd, r.candidate.model.id)
        for r in ranked
        if r.quality is not None
        and r.demoted_message is None
        and r.quality.scores  # a claim of better quality rests on published scores, not price
        and r.candidate.plan.monthly_usd is not None
        and r.candidate.flag("over_budget") is not None
        and r.quality.value - here >= LIMITS_QUALITY_GAP
    ]
    if not over:
        return []
    best = max(over, key=lambda o: (o[0], -o[1]))
    cheapest = min(over, key=lambda o: (o[1], -o[0]))
    params = {
        "leader": leader.candidate.model.id,
        "here": here,
        "model": best[2],
        "there": best[0],
        "monthly_usd": best[1],
        "budget_usd": screened.budget_usd,
    }
    if cheapest[2] == best[2]:
        return [Message("budget_limits_quality", params)]
    return [
        Message(
            "budget_limits_quality_cheaper",
            {
                **params,
                "cheaper": cheapest[2],
                "cheaper_q": cheapest[0],
                "cheaper_usd": cheapest[1],
            },
        )
    ]


def _hardware_warning(
    kb: KnowledgeBase, screened: Screening, ranked: list[Ranked], ctx: Context
) -> list[Message]:
    from .capability import task_fit

    memory_bound = [e for e in screened.excluded if {r.relax for r in e.details} == {"hardware"}]
    if not memory_bound:
        return []
    best_here = max((r.quality.value for r in ranked if r.quality), default=0.0)
    best_out: tuple[float, str, float | None] | None = None
    for e in memory_bound:
        m = kb.model(e.model_id)
        q = estimate_quality(
            m,
            tasks=ctx.tasks,
            languages=ctx.languages,
            benchmarks=ctx.benchmarks,
            task_records=ctx.task_records,
            task_fits=[task_fit(kb, m, t) for t in ctx.tasks],
            per_mtok_usd=None,
            domain=ctx.domain,
        )
        need = next((r.params.get("memory_gb") for r in e.details if r.params), None)
        if best_out is None or q.value > best_out[0]:
            best_out = (q.value, m.id, need)
    if best_out is None or best_out[0] - best_here < LIMITS_QUALITY_GAP:
        return []
    value, model_id, need = best_out
    return [
        Message(
            "hardware_limits_quality_need" if need else "hardware_limits_quality",
            {"here": best_here, "model": model_id, "need": need, "there": value},
        )
    ]


def _retrieval_stack(
    q: Questionnaire, kb: KnowledgeBase, today: date | None, generator: Ranked | None
) -> list[Ranked]:
    """The embedding models for the retrieval step, under the same constraints. On the team's
    own hardware the embedder runs beside the leading generator, in the memory it leaves."""
    # the retrieval model embeds chunks and queries: its context is the chunk, not the prompt
    workload = q.workload.model_copy(update={"context_tokens": None, "latency_p95_s": None})
    update: dict[str, Any] = {
        "tasks": ["embeddings_search"],
        "top_k": 3,
        "pairwise": None,
        "priorities": None,
        "workload": workload,
    }
    fit = generator.candidate.plan.fit if generator is not None else None
    if q.deployment == "on_prem" and q.hardware is not None and fit is not None:
        left = max(fit.headroom_gb, 0.5)
        if q.hardware.cpu_only:
            update["hardware"] = q.hardware.model_copy(update={"ram_gb": left})
        else:
            # the headroom is already usable memory (the card's margin is taken): state the
            # card size whose usable share, min(0.9 x, x - 1.5), is exactly that headroom
            update["hardware"] = Hardware(vram_gb=max(left + 1.5, left / 0.9))
    sub = q.model_copy(update=update)
    key = (sub.model_dump_json(), today)
    memo = _STACKS.setdefault(kb, {})
    if key not in memo:
        rec = recommend(sub, kb, model_matcher=_NoSemantic(), today=today, stack=False)
        memo[key] = rec.shortlist
    return memo[key]


#: Retrieval stacks per knowledge base, by the sub-questionnaire: the wizard re-ranks the same
#: answers many times while only the priorities move.
_STACKS: WeakKeyDictionary[KnowledgeBase, dict[tuple[str, date | None], list[Ranked]]] = (
    WeakKeyDictionary()
)


class _NoSemantic:
    """Model matcher for the retrieval sub-ranking: the use case describes the generator."""

    def score(self, text: str) -> list[ModelFit]:
        return []


def _tasks(
    q: Questionnaire, kb: KnowledgeBase, matcher: TaskInference | None, notes: list[Message]
) -> list[dict[str, Any]]:
    if q.tasks:
        problems = [
            (
                f"tasks[{i}]",
                str(UnknownTaskError(t, kb.tasks, suggestions=closest_matches(t, kb.tasks, n=3)))
                + f"; task ids: {', '.join(kb.tasks)}",
            )
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
        if t is result.tasks[0] or t.score >= TASK_THRESHOLD
    ]
    notes.append(
        Message(
            "note_tasks_confirm" if result.needs_confirmation else "note_tasks",
            {"tasks": [t["id"] for t in tasks], "confidence": result.confidence},
        )
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
