"""The recommendation as data: the ``modelrec recommend --json`` contract as immutable pydantic
models.

The engine ranks with rich objects (candidates carrying their model record, hosting plan and
fit); what leaves it — the CLI's JSON, the decision record the report renders, the charts the
wizard and the report draw — is this one typed value, built once by
:meth:`Recommendation.contract <recommender.engine.recommend.Recommendation.contract>`.
Its field names are the JSON contract of DESIGN.md (extended); a reader gets attributes, not
string keys, and a stored record that does not match is refused with the fields named.

Numbers keep the type the engine computed (``int | float`` where either occurs), so that
JSON -> model -> JSON is byte for byte: the stored examples are the regression baseline.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from ..messages import Message, message_from_json

__all__ = [
    "AdviceOut",
    "CandidatePoint",
    "ExclusionOut",
    "FlagOut",
    "LanguageSupportOut",
    "MessageOut",
    "QualityOut",
    "RecommendationOut",
    "RelaxationOut",
    "SensitivityOut",
    "ShortlistItem",
    "TaskFitOut",
    "TaskOut",
    "TieOut",
    "ValueOut",
]

Number = int | float


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class MessageOut(_Out):
    """A typed sentence: a code of the string tables and its parameters."""

    code: str
    params: dict[str, Any]

    @property
    def message(self) -> Message:
        return message_from_json(self.model_dump())


class ValueOut(_Out):
    value: Number
    evidence: str
    detail: str
    message: MessageOut


class QualityOut(_Out):
    value: Number
    low: Number
    high: Number
    basis: str
    basis_message: MessageOut
    scores: list[str]  #: each benchmark score used, with its normalised value
    below_floor: str | None  #: why the model is below the task's quality floor
    floor_message: MessageOut | None = None  #: the same, as a typed message


class TaskFitOut(_Out):
    task: str
    strength: Number
    basis: str
    via: str | None


class LanguageSupportOut(_Out):
    language: str
    level: str | None
    basis: str
    via: str | None


class FlagOut(_Out):
    code: str
    text: str
    message: MessageOut


class ShortlistItem(_Out):
    """One ranked candidate, with why it ranks where it does."""

    rank: int
    model_id: str
    name: str
    hf_repo: str | None
    provider: str | None
    open_weights: bool
    deployment: Literal["api", "self_hosted"]
    status: str
    license: str | None
    licenses: list[str]
    license_status: str
    license_conditions: list[str]
    condition_messages: list[MessageOut]
    score: Number
    contributions: dict[str, Number]
    values: dict[str, ValueOut]
    unknown_criteria: list[str]
    quality: QualityOut | None
    demoted: str | None
    demoted_message: MessageOut | None
    task_fit: list[TaskFitOut]
    language_support: list[LanguageSupportOut]
    flags: list[FlagOut]
    hardware: str | None
    gpus: int | None
    replicas: int | None
    memory_gb: Number | None
    quantization: str | None
    context_length: int | None
    decode_tokens_per_s: list[Number] | None
    answer_s: Number | None
    meets_latency_target: bool | None
    monthly_cost_usd: Number | None
    cost_per_mtok_usd: Number | None
    cost_basis: str | None
    cost_basis_message: MessageOut | None = None  #: the same, as a typed message
    reasoning_tokens: str | None
    reasoning_message: MessageOut | None = None  #: the same, as a typed message
    evidence: list[str]
    notes: list[str]
    note_messages: list[MessageOut] = []  #: the same, as typed messages


class TaskOut(_Out):
    id: str
    score: Number


class TieOut(_Out):
    tied: bool
    group: list[str]
    reason: str
    message: MessageOut


class ExclusionOut(_Out):
    model_id: str
    reasons: list[str]
    codes: list[str]
    messages: list[MessageOut]


class RelaxationOut(_Out):
    """An answer that alone blocks some models, and what changing it admits."""

    answer: str
    suggestion: str
    admits: list[str]
    code: str
    params: dict[str, Any]

    @property
    def message(self) -> Message:
        return message_from_json({"code": self.code, "params": self.params})


class SensitivityOut(_Out):
    top_k: int
    weight_stability: dict[str, list[Number]]
    what_it_takes: dict[str, list[str]]
    what_it_takes_messages: dict[str, list[MessageOut]]
    rank_acceptability: dict[str, list[Number]]
    samples: int
    seed: int
    most_critical_criterion: str | None
    most_critical_change: Number | None


class AdviceOut(_Out):
    approach: str
    approach_reasons: list[str]
    also_consider: list[str]
    variant: str | None
    variant_reasons: list[str]
    api_vs_open: list[str]
    messages: dict[str, list[MessageOut]]


class CandidatePoint(_Out):
    """Every ranked candidate as a point of the quality-cost chart."""

    model_id: str
    rank: int
    score: Number
    quality: Number
    monthly_cost_usd: Number | None
    deployment: Literal["api", "self_hosted"]
    pareto: bool


class RecommendationOut(_Out):
    """The ranked, explained shortlist as data (the ``recommend --json`` contract)."""

    kb_version: str
    questionnaire_hash: str
    tasks: list[TaskOut]
    languages: list[str]
    weights: dict[str, Number]
    context_tokens: int | None
    context_stated: bool
    currency: str
    budget_usd: Number | None
    shortlist: list[ShortlistItem]
    tie: TieOut | None
    stack: list[ShortlistItem]
    excluded: list[ExclusionOut]
    unverified: list[ExclusionOut]
    relaxations: list[RelaxationOut]
    warnings: list[str]
    warning_messages: list[MessageOut]
    pareto: list[str]
    sensitivity: SensitivityOut | None
    advice: AdviceOut | None
    notes: list[str]
    note_messages: list[MessageOut]

    def to_json(self) -> dict[str, Any]:
        """The JSON contract as plain data (what ``modelrec recommend --json`` prints)."""
        return self.model_dump(mode="json")
