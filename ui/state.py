"""The wizard's state: every answer and result in one typed, JSON-serialisable object.

Widgets read from and write to a :class:`WizardState`; the state is saved in SQLite after every
change (:mod:`ui.sessions`) under the id carried in the URL. The answers are a
:class:`QuestionnaireDraft` (``WizardState.answers``): the questionnaire's own fields, names and
sections (DESIGN.md), held half-filled, so ``questionnaire_data`` is their dump plus what only the
wizard's widgets hold (hardware, pairwise comparisons), and the wizard and a YAML file feed the
same engine.
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from recommender.engine.questionnaire import (
    PRIORITY_PRESETS,
    Currency,
    Deployment,
    LicenseAnswers,
    Preset,
    Questionnaire,
    WorkloadAnswers,
    language_shares,
    parse_questionnaire,
)

__all__ = [
    "CRITERIA_ORDER",
    "CURRENCIES",
    "DEFAULT_CURRENCY",
    "DEPLOYMENTS",
    "NOT_IN_DRAFT",
    "PAGE_FIELDS",
    "STEPS",
    "LicenseDraft",
    "QuestionnaireDraft",
    "TaskGuess",
    "WizardState",
    "WorkloadDraft",
    "default_importance",
    "page_of_field",
]

#: Deployment answers in display order (the questionnaire's ``deployment``).
DEPLOYMENTS: tuple[Deployment, ...] = ("any", "api_only", "private_cloud", "on_prem")
#: Currencies a budget and the costs can be given in.
CURRENCIES: tuple[Currency, ...] = get_args(Currency)
#: The currency each interface language starts with, until the user chooses one.
DEFAULT_CURRENCY: dict[str, Currency] = {"en": "USD", "ja": "JPY"}

#: The wizard's pages, in order (``WizardState.step`` is an index into this, from 1).
STEPS = ("use_case", "constraints", "priorities", "shortlist", "validate", "report")

#: Criteria the importance sliders set, in display order (the engine's CRITERIA registry).
CRITERIA_ORDER = (
    "quality",
    "cost",
    "speed",
    "language",
    "fit",
    "openness",
    "license_friction",
    "maturity",
    "semantic_match",
)

#: Which page asks for which questionnaire field (the first part of a problem's field path).
PAGE_FIELDS: dict[str, int] = {
    "use_case": 1,
    "tasks": 1,
    "languages": 1,
    "license": 2,
    "language_weights": 1,
    "documented_languages_only": 2,
    "deployment": 2,
    "hardware": 2,
    "workload": 2,
    "exclude_providers": 2,
    "exclude_countries": 2,
    "data_residency": 2,
    "zero_retention": 2,
    "currency": 2,
    "exchange_rates": 2,
    "budget_per_month": 2,
    "budget_usd_per_month": 2,
    "budget_is_hard": 2,
    "priorities": 3,
    "pairwise": 3,
    "preset": 3,
    "top_k": 3,
}


def page_of_field(field: str) -> int | None:
    """The page that asks for ``field`` (a problem's path such as ``hardware.ram_gb``)."""
    head = field.split(".", 1)[0].split("[", 1)[0].split(" ", 1)[0]
    return PAGE_FIELDS.get(head)


def default_importance(preset: str = "balanced") -> dict[str, int]:
    """Slider values for ``preset``; criteria the preset leaves out get the engine's default."""
    from recommender.engine.recommend import DEFAULT_IMPORTANCE

    return {**DEFAULT_IMPORTANCE, **PRIORITY_PRESETS[preset]}


class TaskGuess(BaseModel):
    id: str
    score: float  #: calibrated probability 0..1


_Section = TypeVar("_Section", bound=BaseModel)


def _without_limits(section: type[_Section]) -> type[_Section]:
    """``section`` with its fields' limits (ranges, lengths) lifted; types and defaults stay."""
    for info in section.model_fields.values():
        info.metadata = []
    section.model_rebuild(force=True)
    return section


@_without_limits
class LicenseDraft(LicenseAnswers):
    """The licence answers as the wizard holds them: :class:`LicenseAnswers`' fields, mutable."""

    model_config = ConfigDict(extra="ignore", frozen=False, validate_assignment=True)


@_without_limits
class WorkloadDraft(WorkloadAnswers):
    """The workload answers as the wizard holds them: :class:`WorkloadAnswers`' fields and
    defaults, mutable and without their limits (a draft holds any number a widget gives: the
    questionnaire says what is wrong with it, as a problem shown by its field)."""

    model_config = ConfigDict(extra="ignore", frozen=False, validate_assignment=True)


#: Questionnaire fields the draft does not hold: the wizard asks for the hardware and the
#: pairwise comparisons with widgets of its own (on :class:`WizardState`), an old budget field
#: is read as ``budget_per_month`` in US dollars, and the seed is never asked.
NOT_IN_DRAFT = frozenset({"hardware", "pairwise", "budget_usd_per_month", "seed"})


class QuestionnaireDraft(BaseModel):
    """The answers given so far, with the questionnaire's field names and sections
    (:class:`~recommender.engine.questionnaire.Questionnaire`) but none of its checks: an empty
    use case, a number out of range or a hard budget without an amount are held as given, and
    :meth:`WizardState.questionnaire` reports each by its field. Where the wizard's answer
    differs from the questionnaire's: lists are empty rather than None; ``currency`` None
    follows the interface language (``WizardState.effective_currency``) until a currency or a
    budget is given; ``priorities`` holds every slider; ``exchange_rates`` may hold overrides
    of several currencies (the chosen currency's is sent)."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    @model_validator(mode="before")
    @classmethod
    def _read(cls, data: Any) -> Any:
        """``languages: {ja: 0.8, en: 0.2}`` -> languages and their shares (as the
        questionnaire reads it); ``budget_usd_per_month`` -> a budget in USD."""
        data = language_shares(data)
        if isinstance(data, dict) and "budget_usd_per_month" in data:
            data = dict(data)
            usd = data.pop("budget_usd_per_month")
            if usd is not None and data.get("budget_per_month") is None:
                data["budget_per_month"], data["currency"] = usd, "USD"
        return data

    use_case: str = ""
    tasks: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list)
    #: share of the traffic per language (from an example file; no widget sets it)
    language_weights: dict[str, float] = Field(default_factory=dict)
    documented_languages_only: bool = False
    license: LicenseDraft = Field(default_factory=LicenseDraft)
    deployment: Deployment = "any"
    workload: WorkloadDraft = Field(default_factory=WorkloadDraft)
    exclude_providers: list[str] = Field(default_factory=list)  #: maker or API provider names
    exclude_countries: list[str] = Field(default_factory=list)  #: ISO 3166-1 alpha-2, lower case
    data_residency: list[str] = Field(default_factory=list)  #: region codes: jp, eu, us, ...
    zero_retention: bool = False
    #: None: the interface language's currency (DEFAULT_CURRENCY) until one is chosen or a
    #: budget is given, so switching the language never changes what a budget amount means
    currency: Currency | None = None
    exchange_rates: dict[str, float] = Field(default_factory=dict)  #: overrides, units per USD
    budget_per_month: float | None = None  #: in ``WizardState.effective_currency``
    budget_is_hard: bool = False
    #: the importance sliders, every criterion (CRITERIA_ORDER)
    priorities: dict[str, int] = Field(default_factory=default_importance)
    preset: Preset = "balanced"
    top_k: int = 5


#: Where the answers of a state saved before :class:`QuestionnaireDraft` (flat fields) go.
_FLAT_ANSWERS: dict[str, tuple[str, ...]] = {
    **{name: ("license", name) for name in LicenseDraft.model_fields},
    **{name: ("workload", name) for name in WorkloadDraft.model_fields},
    **{name: (name,) for name in QuestionnaireDraft.model_fields},
    "budget_usd_per_month": ("budget_usd_per_month",),
    "importance": ("priorities",),
}


class WizardState(BaseModel):
    """Everything the user has answered or produced: the answers (:attr:`answers`, a
    questionnaire draft) and what only the wizard holds (the page, the use-case analysis, the
    hardware and pairwise widgets, the validation run). Unknown keys in an old saved state are
    ignored and renamed ones are mapped, so a state saved by an earlier version still loads."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    @model_validator(mode="before")
    @classmethod
    def _flat(cls, data: Any) -> Any:
        """A state saved before the answers were a draft: its flat answer fields (``use_case``,
        ``requests_per_day``, ``importance`` ...) -> ``answers``."""
        if not isinstance(data, dict) or "answers" in data:
            return data
        data = dict(data)
        answers: dict[str, Any] = {}
        for name, path in _FLAT_ANSWERS.items():
            if name in data:
                *sections, field = path
                target = answers
                for section in sections:
                    target = target.setdefault(section, {})
                target[field] = data.pop(name)
        if answers:
            data["answers"] = answers
        return data

    lang: Literal["en", "ja"] = "en"
    step: int = Field(1, ge=1, le=len(STEPS))
    #: the furthest page reached through "next" (the sidebar links up to it)
    reached: int = Field(1, ge=1, le=len(STEPS))

    answers: QuestionnaireDraft = Field(default_factory=QuestionnaireDraft)

    # 1. use case
    example: str | None = None  #: the example file the answers started from
    analysed_text: str | None = None  #: the text the inference below was made from
    inferred_tasks: list[TaskGuess] = Field(default_factory=list)
    confidence: float | None = None
    needs_confirmation: bool = False
    detected_languages: list[str] = Field(default_factory=list)
    domain: str | None = None
    domain_evidence: list[str] = Field(default_factory=list)  #: the words that name the domain

    # 2. constraints: the hardware widgets (``hardware_data`` makes the answer of them)
    hardware_mode: Literal["none", "catalog", "vram", "cpu"] = "none"
    gpu: str | None = None  #: hardware id from the catalogue
    gpu_count: int = Field(1, ge=1, le=64)
    vram_gb: float | None = None
    ram_gb: float | None = None

    # 3. priorities: pairwise comparisons (``pairwise_data`` makes the answer of them)
    use_pairwise: bool = False
    pairwise_criteria: list[str] = Field(default_factory=lambda: ["quality", "cost", "speed"])
    #: "a|b" -> how many times a matters as much as b (Saaty 1/9..9)
    pairwise: dict[str, float] = Field(default_factory=dict)
    #: the user chose to rank with these comparisons although they contradict each other
    pairwise_confirmed: bool = False

    # 5. validation
    validation_models: list[str] = Field(default_factory=list)
    validation_paths: list[str] = Field(default_factory=list)
    validation_paths_stand_in: bool = False  #: the folders are stand-ins, never re-ranked
    #: OpenAI-compatible endpoints: url, model, kb_id, api_key_env (a name, never a key),
    #: stand_in
    validation_endpoints: list[dict[str, Any]] = Field(default_factory=list)
    validation_languages: list[str] | None = None  #: None: the use case's languages
    validation_pending: str | None = None  #: the id of a run started and not yet finished
    validation_suite: str | None = None
    validation_prompts: str | None = None  #: uploaded prompt file, as text
    validation_prompts_name: str | None = None
    validation_result: dict[str, Any] | None = None  #: the run, as its JSON

    # ------------------------------------------------------------------------------------------

    @property
    def effective_currency(self) -> Currency:
        """The currency of the budget and of the costs shown."""
        return self.answers.currency or DEFAULT_CURRENCY.get(self.lang, "USD")

    @property
    def uses_hardware(self) -> bool:
        """Whether the deployment takes a hardware answer (rented GPUs and APIs do not)."""
        return self.answers.deployment in ("on_prem", "any")

    def hardware_data(self) -> dict[str, Any] | None:
        if self.hardware_mode == "catalog":
            if not self.gpu:
                return None
            return {"gpus": [{"name": self.gpu, "count": self.gpu_count}]}
        if self.hardware_mode == "vram":
            return {"vram_gb": self.vram_gb} if self.vram_gb is not None else None
        if self.hardware_mode == "cpu":
            data: dict[str, Any] = {"cpu_only": True}
            if self.ram_gb is not None:
                data["ram_gb"] = self.ram_gb
            return data
        return None

    def pairwise_data(self) -> list[dict[str, Any]]:
        out = []
        for key, ratio in sorted(self.pairwise.items()):
            a, b = key.split("|", 1)
            if a in self.pairwise_criteria and b in self.pairwise_criteria:
                out.append({"a": a, "b": b, "ratio": ratio})
        return out

    def questionnaire_data(self) -> dict[str, Any]:
        """The answers as a questionnaire mapping (the YAML contract in DESIGN.md): the draft's
        dump, with the currency shown and its rate, and the hardware and pairwise widgets.

        Every answer the wizard shows is stated, the empty ones as None ("no budget", "context
        not stated"): the engine fills unstated answers from the use-case text, and in the
        wizard that happens only when the user applies a suggestion on the first page. Tasks
        and languages not chosen are left out (the engine infers tasks from the text)."""
        answers = self.answers
        data = answers.model_dump(exclude={"tasks", "languages", "language_weights"})
        data["currency"] = currency = self.effective_currency
        data.pop("exchange_rates")
        if currency in answers.exchange_rates:
            data["exchange_rates"] = {currency: answers.exchange_rates[currency]}
        if answers.tasks:
            data["tasks"] = list(answers.tasks)
        if answers.languages:
            data["languages"] = list(answers.languages)
            shares = answers.language_weights
            weights = {k: v for k, v in shares.items() if k in answers.languages}
            if weights:
                data["language_weights"] = weights
        hardware = self.hardware_data() if self.uses_hardware else None
        if hardware is not None:
            data["hardware"] = hardware
        if self.use_pairwise:
            data["pairwise"] = self.pairwise_data()
        return data

    def questionnaire(self) -> Questionnaire:
        """The answers parsed and validated as the engine's questionnaire (raises
        QuestionnaireError, with the problems, for answers that do not validate)."""
        return parse_questionnaire(self.questionnaire_data(), source="wizard")

    def apply_questionnaire(self, data: dict[str, Any], *, example: str | None = None) -> None:
        """Fill the answers from a questionnaire mapping (an example file), keeping the
        language and resetting what was derived from earlier answers. A budget without a
        currency is in US dollars (the questionnaire's default); the importance sliders start
        from the preset's."""
        fresh = WizardState(lang=self.lang)
        for name in WizardState.model_fields:
            if name != "lang":
                setattr(self, name, getattr(fresh, name))
        self.example = example
        given = {k: v for k, v in data.items() if v is not None}
        if given.get("budget_per_month") is not None:
            given.setdefault("currency", "USD")
        preset = given.get("preset", "balanced")
        given["priorities"] = {**default_importance(preset), **given.get("priorities", {})}
        self.answers = QuestionnaireDraft.model_validate(given)
        hw = data.get("hardware") or {}
        if hw.get("gpus"):
            gpu = hw["gpus"][0]
            self.hardware_mode, self.gpu, self.gpu_count = (
                "catalog",
                gpu["name"],
                gpu.get("count", 1),
            )
        elif hw.get("cpu_only"):
            self.hardware_mode, self.ram_gb = "cpu", hw.get("ram_gb")
        elif hw.get("vram_gb"):
            self.hardware_mode, self.vram_gb = "vram", hw["vram_gb"]
