"""The wizard's state: every answer and result in one typed, JSON-serialisable object.

Widgets read from and write to a :class:`WizardState`; the state is saved in SQLite after every
change (:mod:`ui.sessions`) under the id carried in the URL. ``questionnaire_data`` maps it to the
questionnaire contract (DESIGN.md), so the wizard and a YAML file feed the same engine.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from recommender.engine.questionnaire import PRIORITY_PRESETS, Questionnaire, parse_questionnaire

__all__ = [
    "CRITERIA_ORDER",
    "PAGE_FIELDS",
    "STEPS",
    "TaskGuess",
    "WizardState",
    "default_importance",
    "page_of_field",
]

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
    "deployment": 2,
    "hardware": 2,
    "workload": 2,
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
    ignored, so a state saved by an earlier version still loads."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

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
    tasks: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list)

    # 2. constraints
    commercial_use: bool = True
    accept_conditions: bool = False
    require_open_source: bool = False
    deployment: Literal["on_prem", "private_cloud", "any"] = "any"
    hardware_mode: Literal["none", "catalog", "vram", "cpu"] = "none"
    gpu: str | None = None  #: hardware id from the catalogue
    gpu_count: int = Field(1, ge=1, le=64)
    vram_gb: float | None = None
    ram_gb: float | None = None
    requests_per_day: float = 1000
    input_tokens: int = 600
    output_tokens: int = 300
    context_tokens: int = 8192
    latency_p95_s: float | None = None
    concurrency: int = 1
    budget_usd_per_month: float | None = None
    budget_is_hard: bool = False

    # 3. priorities
    preset: Literal["balanced", "quality_first", "cost_first", "open_and_private"] = "balanced"
    importance: dict[str, int] = Field(default_factory=default_importance)
    use_pairwise: bool = False
    pairwise_criteria: list[str] = Field(default_factory=lambda: ["quality", "cost", "speed"])
    #: "a|b" -> how many times a matters as much as b (Saaty 1/9..9)
    pairwise: dict[str, float] = Field(default_factory=dict)
    top_k: int = Field(5, ge=1, le=50)

    # 5. validation
    validation_models: list[str] = Field(default_factory=list)
    validation_paths: list[str] = Field(default_factory=list)
    validation_suite: str | None = None
    validation_prompts: str | None = None  #: uploaded prompt file, as text
    validation_prompts_name: str | None = None
    validation_result: dict[str, Any] | None = None  #: the run, as its JSON

    # ------------------------------------------------------------------------------------------

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
        """The answers as a questionnaire mapping (the YAML contract in DESIGN.md)."""
        workload: dict[str, Any] = {
            "requests_per_day": self.requests_per_day,
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "context_tokens": self.context_tokens,
            "concurrency": self.concurrency,
        }
        if self.latency_p95_s is not None:
            workload["latency_p95_s"] = self.latency_p95_s
        data: dict[str, Any] = {
            "use_case": self.use_case,
            "license": {
                "commercial_use": self.commercial_use,
                "accept_conditions": self.accept_conditions,
                "require_open_source": self.require_open_source,
            },
            "deployment": self.deployment,
            "workload": workload,
            "budget_is_hard": self.budget_is_hard,
            "preset": self.preset,
            "priorities": dict(self.importance),
            "top_k": self.top_k,
        }
        if self.tasks:
            data["tasks"] = list(self.tasks)
        if self.languages:
            data["languages"] = list(self.languages)
        hardware = self.hardware_data()
        if hardware is not None:
            data["hardware"] = hardware
        if self.budget_usd_per_month is not None:
            data["budget_usd_per_month"] = self.budget_usd_per_month
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
        self.languages = list(data.get("languages") or [])
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
        ):
            if name in wl:
                setattr(self, name, wl[name])
        self.budget_usd_per_month = data.get("budget_usd_per_month")
        self.budget_is_hard = bool(data.get("budget_is_hard", False))
        self.preset = data.get("preset", "balanced")
        self.importance = {**default_importance(self.preset), **(data.get("priorities") or {})}
        self.top_k = int(data.get("top_k", 5))
