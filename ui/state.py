"""The wizard's state: every answer and result in one typed, JSON-serialisable object.

Widgets read from and write to a :class:`WizardState`; the state is saved in SQLite after every
change (:mod:`ui.sessions`) under the id carried in the URL. ``questionnaire_data`` maps it to the
questionnaire contract (DESIGN.md), so the wizard and a YAML file feed the same engine.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from recommender.engine.questionnaire import PRIORITY_PRESETS, Questionnaire, parse_questionnaire

__all__ = [
    "CRITERIA_ORDER",
    "CURRENCIES",
    "DEFAULT_CURRENCY",
    "DEPLOYMENTS",
    "PAGE_FIELDS",
    "STEPS",
    "TaskGuess",
    "WizardState",
    "default_importance",
    "page_of_field",
]

Deployment = Literal["any", "api_only", "private_cloud", "on_prem"]
Currency = Literal["USD", "JPY", "EUR"]
#: Deployment answers in display order (the questionnaire's ``deployment``).
DEPLOYMENTS: tuple[Deployment, ...] = ("any", "api_only", "private_cloud", "on_prem")
#: Currencies a budget and the costs can be given in.
CURRENCIES: tuple[Currency, ...] = ("USD", "JPY", "EUR")
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


class WizardState(BaseModel):
    """Everything the user has answered or produced. Unknown keys in an old saved state are
    ignored and renamed ones are mapped, so a state saved by an earlier version still loads."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    @model_validator(mode="before")
    @classmethod
    def _renamed(cls, data: Any) -> Any:
        """``budget_usd_per_month`` (before budgets had a currency) -> a budget in USD."""
        if isinstance(data, dict) and "budget_usd_per_month" in data:
            data = dict(data)
            usd = data.pop("budget_usd_per_month")
            if "budget_per_month" not in data:
                data["budget_per_month"] = usd
                if usd is not None:
                    data["currency"] = "USD"
        return data

    lang: Literal["en", "ja"] = "en"
    step: int = Field(1, ge=1, le=len(STEPS))
    #: the furthest page reached through "next" (the sidebar links up to it)
    reached: int = Field(1, ge=1, le=len(STEPS))

    # 1. use case
    example: str | None = None  #: the example file the answers started from
    use_case: str = ""
    analysed_text: str | None = None  #: the text the inference below was made from
    inferred_tasks: list[TaskGuess] = Field(default_factory=list)
    confidence: float | None = None
    needs_confirmation: bool = False
    detected_languages: list[str] = Field(default_factory=list)
    domain: str | None = None
    domain_evidence: list[str] = Field(default_factory=list)  #: the words that name the domain
    tasks: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list)
    #: share of the traffic per language (from an example file; no widget sets it)
    language_weights: dict[str, float] = Field(default_factory=dict)

    # 2. constraints
    commercial_use: bool = True
    accept_conditions: bool = False
    require_open_source: bool = False
    deployment: Deployment = "any"
    hardware_mode: Literal["none", "catalog", "vram", "cpu"] = "none"
    gpu: str | None = None  #: hardware id from the catalogue
    gpu_count: int = Field(1, ge=1, le=64)
    vram_gb: float | None = None
    ram_gb: float | None = None
    requests_per_day: float = 1000
    input_tokens: int = 600
    output_tokens: int = 300
    #: None: not stated (the task's typical context is used and excludes nothing)
    context_tokens: int | None = None
    latency_p95_s: float | None = None
    concurrency: int = 1
    audio_minutes_per_request: float | None = None  #: speech tasks
    # origin and data handling
    exclude_providers: list[str] = Field(default_factory=list)  #: maker or API provider names
    exclude_countries: list[str] = Field(default_factory=list)  #: ISO 3166-1 alpha-2, lower case
    data_residency: list[str] = Field(default_factory=list)  #: region codes: jp, eu, us, ...
    zero_retention: bool = False
    documented_languages_only: bool = False
    # budget
    #: None: the interface language's currency (DEFAULT_CURRENCY) until one is chosen or a
    #: budget is given, so switching the language never changes what a budget amount means
    currency: Currency | None = None
    exchange_rates: dict[str, float] = Field(default_factory=dict)  #: overrides, units per USD
    budget_per_month: float | None = None  #: in ``effective_currency``
    budget_is_hard: bool = False

    # 3. priorities
    preset: Literal["balanced", "quality_first", "cost_first", "open_and_private"] = "balanced"
    importance: dict[str, int] = Field(default_factory=default_importance)
    use_pairwise: bool = False
    pairwise_criteria: list[str] = Field(default_factory=lambda: ["quality", "cost", "speed"])
    #: "a|b" -> how many times a matters as much as b (Saaty 1/9..9)
    pairwise: dict[str, float] = Field(default_factory=dict)
    #: the user chose to rank with these comparisons although they contradict each other
    pairwise_confirmed: bool = False
    top_k: int = Field(5, ge=1, le=50)

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
        return self.currency or DEFAULT_CURRENCY.get(self.lang, "USD")

    @property
    def uses_hardware(self) -> bool:
        """Whether the deployment takes a hardware answer (rented GPUs and APIs do not)."""
        return self.deployment in ("on_prem", "any")

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
        """The answers as a questionnaire mapping (the YAML contract in DESIGN.md).

        Every answer the wizard shows is stated, the empty ones as None ("no budget", "context
        not stated"): the engine fills unstated answers from the use-case text, and in the
        wizard that happens only when the user applies a suggestion on the first page."""
        workload: dict[str, Any] = {
            "requests_per_day": self.requests_per_day,
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "context_tokens": self.context_tokens,
            "latency_p95_s": self.latency_p95_s,
            "concurrency": self.concurrency,
            "audio_minutes_per_request": self.audio_minutes_per_request,
        }
        currency = self.effective_currency
        data: dict[str, Any] = {
            "use_case": self.use_case,
            "license": {
                "commercial_use": self.commercial_use,
                "accept_conditions": self.accept_conditions,
                "require_open_source": self.require_open_source,
            },
            "deployment": self.deployment,
            "workload": workload,
            "exclude_providers": list(self.exclude_providers),
            "exclude_countries": list(self.exclude_countries),
            "data_residency": list(self.data_residency),
            "zero_retention": self.zero_retention,
            "documented_languages_only": self.documented_languages_only,
            "currency": currency,
            "budget_per_month": self.budget_per_month,
            "budget_is_hard": self.budget_is_hard,
            "preset": self.preset,
            "priorities": dict(self.importance),
            "top_k": self.top_k,
        }
        if currency in self.exchange_rates:
            data["exchange_rates"] = {currency: self.exchange_rates[currency]}
        if self.tasks:
            data["tasks"] = list(self.tasks)
        if self.languages:
            data["languages"] = list(self.languages)
            weights = {k: v for k, v in self.language_weights.items() if k in self.languages}
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
        language and resetting what was derived from earlier answers."""
        fresh = WizardState(lang=self.lang)
        for name in WizardState.model_fields:
            if name != "lang":
                setattr(self, name, getattr(fresh, name))
        self.example = example
        self.use_case = str(data.get("use_case", ""))
        self.tasks = list(data.get("tasks") or [])
        languages = data.get("languages") or []
        self.languages = list(languages)
        weights = data.get("language_weights")
        if weights is None and isinstance(languages, dict):  # {ja: 0.8, en: 0.2}
            weights = languages
        self.language_weights = dict(weights or {})
        self.documented_languages_only = bool(data.get("documented_languages_only", False))
        lic = data.get("license") or {}
        self.commercial_use = bool(lic.get("commercial_use", True))
        self.accept_conditions = bool(lic.get("accept_conditions", False))
        self.require_open_source = bool(lic.get("require_open_source", False))
        self.deployment = data.get("deployment", "any")
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
        wl = data.get("workload") or {}
        for name in (
            "requests_per_day",
            "input_tokens",
            "output_tokens",
            "context_tokens",
            "latency_p95_s",
            "concurrency",
            "audio_minutes_per_request",
        ):
            if name in wl:
                setattr(self, name, wl[name])
        self.exclude_providers = [str(x) for x in data.get("exclude_providers") or []]
        self.exclude_countries = [str(x) for x in data.get("exclude_countries") or []]
        self.data_residency = [str(x) for x in data.get("data_residency") or []]
        self.zero_retention = bool(data.get("zero_retention", False))
        self.exchange_rates = {
            str(k): float(v) for k, v in (data.get("exchange_rates") or {}).items()
        }
        if data.get("budget_per_month") is not None:
            self.budget_per_month = data["budget_per_month"]
            self.currency = data.get("currency", "USD")
        elif data.get("budget_usd_per_month") is not None:
            self.budget_per_month, self.currency = data["budget_usd_per_month"], "USD"
        elif "currency" in data:
            self.currency = data["currency"]
        self.budget_is_hard = bool(data.get("budget_is_hard", False))
        self.preset = data.get("preset", "balanced")
        self.importance = {**default_importance(self.preset), **(data.get("priorities") or {})}
        self.top_k = int(data.get("top_k", 5))
