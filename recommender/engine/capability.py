"""Can a model do the task, in the languages needed? Graded evidence, not a tag match.

Task capability, strongest first:

- declared: the model card documents the task (``tasks`` in its record): strength 1;
- implied: a declared task implies it (``implies`` in ``knowledge/tasks.yaml``, e.g.
  code_generation implies text_to_sql at 0.8): that strength;
- general: an instruction-tuned language model of any size can attempt any text task
  (:data:`GENERAL_STRENGTH`), a base model barely (:data:`BASE_STRENGTH`);
- a modality mismatch (a speech model for a text task) is the only thing that makes a model
  unable to do a task at all.

Language support, strongest first: documented on the model card; inherited from the base model
(a fine-tune keeps its base's languages unless its card narrows them, which the record says with
``none``); unknown. Only a documented ``none`` (or the user asking for documented support only)
excludes; an unknown language is a penalty with its reason shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..kb.loader import KnowledgeBase
from ..kb.schema import ModelRecord, TaskRecord
from ..messages import Message

__all__ = [
    "BASE_STRENGTH",
    "GENERAL_STRENGTH",
    "LanguageSupport",
    "TaskFit",
    "base_chain",
    "context_length",
    "language_support",
    "modality_mismatch",
    "task_fit",
]

#: Strength of "an instruction-tuned LLM can attempt any text task" (weak evidence).
GENERAL_STRENGTH = 0.3
#: The same for base (not instruction-tuned) models, which need fine-tuning first.
BASE_STRENGTH = 0.1


@dataclass(frozen=True)
class TaskFit:
    task: str
    strength: float  #: 0..1: 1 declared, the implication's strength, or general ability
    basis: Literal["declared", "implied", "general", "none"]
    via: str | None = None  #: the declared task that implies this one

    @property
    def message(self) -> Message:
        """What the fit rests on, as a typed message."""
        return Message(
            f"task_fit_{self.basis}",
            {"task": self.task, "via": self.via, "strength": self.strength},
        )


def modality_mismatch(model: ModelRecord, task: TaskRecord) -> Message | None:
    """Why ``model`` cannot take the task's input or give its output; None when it can."""
    missing_in = [m for m in task.input_modalities if m not in model.input_modalities]
    missing_out = [m for m in task.output_modalities if m not in model.output_modalities]
    needs = [m for m in model.required_inputs if m not in task.input_modalities]
    if not missing_in and not missing_out and not needs:
        return None
    if needs and not missing_in and not missing_out:
        missing = Message("modality_needs", {"what": needs})
    elif missing_in and missing_out:
        missing = Message("modality_both", {"inputs": missing_in, "outputs": missing_out})
    elif missing_in:
        missing = Message("modality_in", {"what": missing_in})
    else:
        missing = Message("modality_out", {"what": missing_out})
    return Message(
        "task_modality",
        {
            "task": task.id,
            "inputs": list(task.input_modalities),
            "outputs": list(task.output_modalities),
            "category": model.category,
            "missing": missing,
        },
    )


def _io(task: TaskRecord) -> str:
    return f"{'+'.join(task.input_modalities)} in, {'+'.join(task.output_modalities)} out"


def task_fit(kb: KnowledgeBase, model: ModelRecord, task_id: str) -> TaskFit:
    """How strongly the evidence says ``model`` can do ``task_id`` (modalities permitting)."""
    if task_id in model.tasks:
        return TaskFit(task_id, 1.0, "declared")
    best: TaskFit | None = None
    for declared in model.tasks:
        record = kb.tasks.get(declared)
        strength = record.implies.get(task_id) if record is not None else None
        if strength is not None and (best is None or strength > best.strength):
            best = TaskFit(task_id, strength, "implied", declared)
    general = _general_strength(kb, model, task_id)
    if best is not None and best.strength >= general:
        return best
    if general > 0:
        return TaskFit(task_id, general, "general")
    return TaskFit(task_id, 0.0, "none")


def _general_strength(kb: KnowledgeBase, model: ModelRecord, task_id: str) -> float:
    task = kb.tasks.get(task_id)
    text_task = task is not None and task.output_modalities == ["text"]
    if not text_task or model.category not in ("llm", "vlm"):
        return 0.0
    return BASE_STRENGTH if model.variant == "base" else GENERAL_STRENGTH


def base_chain(kb: KnowledgeBase, model: ModelRecord, *, limit: int = 6) -> list[ModelRecord]:
    """The catalogued models ``model`` was tuned from, nearest first."""
    chain: list[ModelRecord] = []
    seen = {model.id}
    current = model
    while current.base_model and len(chain) < limit:
        base = kb.get_model(current.base_model)
        if base is None:
            break
        if base.id in seen:
            break
        seen.add(base.id)
        chain.append(base)
        current = base
    return chain


@dataclass(frozen=True)
class LanguageSupport:
    language: str
    level: Literal["strong", "good", "basic"] | None  #: None: unsupported or unknown
    basis: Literal["documented", "inherited", "unknown", "unsupported"]
    via: str | None = None  #: the base model it is inherited from

    @property
    def message(self) -> Message:
        """How the model supports the language, as a typed message."""
        return Message(
            f"support_{self.basis}",
            {"language": self.language, "level": self.level, "via": self.via},
        )

    def describe(self) -> str:
        if self.basis == "documented":
            return f"{self.language}: {self.level} (model card)"
        if self.basis == "inherited":
            return f"{self.language}: {self.level}, inherited from its base {self.via}"
        if self.basis == "unsupported":
            return f"{self.language}: documented as not supported"
        return f"{self.language}: unknown (not documented)"


#: Kinds of model whose cards list every language they handle: a speech recogniser, a voice or
#: an embedding model trained for English does not do Japanese. LLM cards list what was tested.
EXHAUSTIVE_LANGUAGE_LISTS = ("speech_to_text", "text_to_speech", "embedding")


def language_support(kb: KnowledgeBase, model: ModelRecord, language: str) -> LanguageSupport:
    """Documented, inherited from the base model, unsupported, or unknown."""
    level = model.languages.get(language)
    if level == "none":
        return LanguageSupport(language, None, "unsupported")
    if level is not None:
        return LanguageSupport(language, level, "documented")
    if model.languages and model.category in EXHAUSTIVE_LANGUAGE_LISTS:
        return LanguageSupport(language, None, "unsupported")
    for base in base_chain(kb, model):
        inherited = base.languages.get(language)
        if inherited == "none":
            return LanguageSupport(language, None, "unknown")
        if inherited is not None:
            return LanguageSupport(language, inherited, "inherited", base.id)
    return LanguageSupport(language, None, "unknown")


def context_length(kb: KnowledgeBase, model: ModelRecord) -> tuple[int | None, str | None]:
    """The model's context length, or its nearest base model's (fine-tuning rarely changes it)
    with that base's id; (None, None) when neither is recorded."""
    if model.context_length is not None:
        return model.context_length, None
    for base in base_chain(kb, model):
        if base.context_length is not None:
            return base.context_length, base.id
    return None, None
