"""The questionnaire: what a team needs, as a validated record (contract in DESIGN.md).

Every field is optional except ``use_case``. A YAML file or the wizard fills it; invalid answers
raise :class:`QuestionnaireError`, which lists every problem with the field to fix.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..errors import ModelrecError, closest_matches
from ..inputs import MAX_ID_CHARS, echo
from ..kb.schema import KvDtype
from .languages import ISO_639_1

if TYPE_CHECKING:
    from ..kb.loader import KnowledgeBase

__all__ = [
    "PRIORITY_PRESETS",
    "GpuAnswer",
    "Hardware",
    "LicenseAnswers",
    "PairwiseAnswer",
    "Questionnaire",
    "QuestionnaireError",
    "QuestionnaireProblem",
    "WorkloadAnswers",
    "knowledge_problems",
    "language_shares",
    "load_questionnaire",
    "parse_questionnaire",
]

#: Importance (0-5) of each criterion when the user picks a preset instead of sliders. Quality
#: leads every preset but cost_first; openness counts only where the user asks for it (the
#: open_and_private preset, an openness priority, or require_open_source).
PRIORITY_PRESETS: dict[str, dict[str, int]] = {
    "balanced": {"quality": 5, "cost": 3, "speed": 2, "openness": 0, "language": 2, "fit": 1},
    "quality_first": {"quality": 5, "cost": 1, "speed": 1, "openness": 0, "language": 2, "fit": 1},
    "cost_first": {"quality": 3, "cost": 5, "speed": 2, "openness": 0, "language": 2, "fit": 1},
    "open_and_private": {
        "quality": 5,
        "cost": 2,
        "speed": 2,
        "openness": 4,
        "language": 2,
        "fit": 1,
    },
}
Deployment = Literal["on_prem", "private_cloud", "any", "api_only"]
Currency = Literal["USD", "JPY", "EUR"]
Preset = Literal["balanced", "quality_first", "cost_first", "open_and_private"]

Importance = Annotated[int, Field(ge=0, le=5)]
#: An id or short name (a task, GPU, maker, country, criterion): at most MAX_ID_CHARS characters.
Id = Annotated[str, StringConstraints(min_length=1, max_length=MAX_ID_CHARS)]
#: Longest list of ids accepted in one answer (tasks, languages, makers, countries ...).
MAX_LIST_ITEMS = 200
#: Longest use-case text accepted (characters): a few paragraphs describe any use case.
MAX_USE_CASE_CHARS = 4000
#: Common non-ISO language codes people type, and what they mean.
_LANGUAGE_HINTS = {
    "jp": ["ja"],
    "cn": ["zh"],
    "kr": ["ko"],
    "gr": ["el"],
    "dk": ["da"],
    "se": ["sv"],
    "cz": ["cs"],
    "ua": ["uk"],
    "vn": ["vi"],
    "br": ["pt"],
}


def _invalid(code: str, message: str, **params: Any) -> PydanticCustomError:
    """A validation error with its own ``code`` and ``params`` (from which the wizard renders it
    in the user's language) and ``message`` in English."""
    return PydanticCustomError(code, "{message}", {"message": message, **params})


class QuestionnaireProblem(tuple[str, str]):
    """One problem with the answers: a ``(field, message)`` pair (so it unpacks as one) that
    also carries a machine-readable ``code`` (pydantic's error type, or one of ours such as
    ``unknown_gpu``, ``not_utf8``) and its ``params`` (limits, the value given, close matches),
    from which the message can be rendered in another language."""

    code: str
    params: dict[str, Any]

    def __new__(
        cls, field: str, message: str, code: str = "invalid", params: dict[str, Any] | None = None
    ) -> QuestionnaireProblem:
        self = super().__new__(cls, (field, message))
        self.code = code
        self.params = dict(params or {})
        return self

    @property
    def field(self) -> str:
        return self[0]

    @property
    def message(self) -> str:
        return self[1]

    def to_json(self) -> dict[str, Any]:
        return {"field": self[0], "code": self.code, "params": self.params, "message": self[1]}


class QuestionnaireError(ModelrecError):
    """Answers that do not validate. ``problems`` lists every :class:`QuestionnaireProblem`
    (each a ``(field, message)`` pair with a code and parameters), all found in one pass;
    ``source`` is the file (or "questionnaire")."""

    def __init__(
        self,
        problems: list[tuple[str, str]] | list[QuestionnaireProblem],
        source: str = "questionnaire",
    ) -> None:
        self.problems: list[QuestionnaireProblem] = [
            p if isinstance(p, QuestionnaireProblem) else QuestionnaireProblem(p[0], p[1])
            for p in problems
        ]
        self.source = source
        n = len(self.problems)
        lines = [f"{echo(source, 200)}: {n} problem{'s' if n != 1 else ''}:"]
        lines += [f"  {field}: {message}" for field, message in self.problems]
        super().__init__("\n".join(lines))


def language_shares(data: Any) -> Any:
    """Answers with ``languages: {ja: 0.8, en: 0.2}`` read as languages [ja, en] and their
    ``language_weights`` (a mapping of answers; anything else as it is)."""
    if isinstance(data, dict) and isinstance(data.get("languages"), dict):
        shares = data["languages"]
        data = {**data, "languages": list(shares)}
        if "language_weights" not in data:
            data["language_weights"] = shares
    return data


class _Answers(BaseModel):
    # numbers are finite (no .inf / .nan); every range is a constraint on its field below
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False
    )


class LicenseAnswers(_Answers):
    commercial_use: bool = Field(True, description="The model will be used commercially.")
    accept_conditions: bool = Field(
        False,
        description="Legal review accepts conditions: MAU caps, acceptable-use policies, "
        "naming and attribution rules.",
    )
    require_open_source: bool = Field(
        False, description="Require an OSI-approved licence (weights, code and data terms)."
    )


class GpuAnswer(_Answers):
    name: Id
    count: int = Field(1, ge=1, le=64)


class PairwiseAnswer(_Answers):
    a: Id
    b: Id
    ratio: float = Field(gt=0, le=9, description="Saaty scale 1-9; 1/3 means b matters 3x a.")


class Hardware(_Answers):
    gpus: list[GpuAnswer] = Field(default_factory=list, max_length=8)
    vram_gb: float | None = Field(
        None, gt=0, le=10_000, description="Per GPU, when not from the catalog (GB, up to 10,000)."
    )
    cpu_only: bool = False
    ram_gb: float | None = Field(None, gt=0, le=100_000, description="System RAM, GB.")
    runtime: str | None = Field(
        None,
        description="Inference runtime: llama.cpp, ollama, vllm (sglang), transformers or mlx "
        "(knowledge/runtimes.yaml); its overheads, formats and community-calibrated speed "
        "then apply. Left out: a generic runtime (any format, 0.65 GB + 10% overhead).",
    )
    kv_dtype: KvDtype | None = Field(
        None, description="KV-cache precision; default: the runtime's (f16)."
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.cpu_only and (self.gpus or self.vram_gb):
            raise _invalid("cpu_excludes_gpus", "cpu_only excludes gpus and vram_gb")
        if self.cpu_only and self.ram_gb is None:
            raise _invalid("cpu_ram", "cpu_only needs ram_gb (the machine's RAM in GB)")
        if len({g.name for g in self.gpus}) > 1:
            raise _invalid(
                "one_gpu", "give one GPU model (with a count); mixed GPUs are not supported"
            )
        if not (self.gpus or self.vram_gb or self.cpu_only):
            raise _invalid(
                "hardware_empty",
                "hardware gives none of gpus (from the catalog), vram_gb, or cpu_only with ram_gb",
            )
        return self


class WorkloadAnswers(_Answers):
    requests_per_day: float = Field(
        1000,
        ge=0,
        le=1e9,
        description="Requests (an image, an audio file or a text request each) per day.",
    )
    input_tokens: int = Field(600, ge=0, le=10_000_000, description="Per request.")
    output_tokens: int = Field(300, ge=1, le=1_000_000, description="Per request.")
    context_tokens: int | None = Field(
        None,
        ge=1,
        le=100_000_000,
        description="Longest context a request needs. Stated, it is a hard requirement; left "
        "out, the task's typical context is used for the estimates and excludes nothing.",
    )
    latency_p95_s: float | None = Field(
        None, gt=0, le=86_400, description="Target for a full answer."
    )
    concurrency: int = Field(1, ge=1, le=100_000, description="Requests served at the same time.")
    audio_minutes_per_request: float | None = Field(
        None, gt=0, le=1440, description="Speech tasks: minutes of audio per request."
    )


class Questionnaire(_Answers):
    use_case: Annotated[str, StringConstraints(min_length=3, max_length=MAX_USE_CASE_CHARS)]
    tasks: list[Id] | None = Field(None, max_length=MAX_LIST_ITEMS)
    languages: list[Id] | None = Field(
        None,
        max_length=MAX_LIST_ITEMS,
        description="ISO 639-1 codes. In YAML also a mapping code -> share of the traffic "
        "({ja: 0.8, en: 0.2}: mainly Japanese, some English), which fills language_weights.",
    )
    language_weights: dict[Id, float] | None = Field(
        None,
        max_length=MAX_LIST_ITEMS,
        description="Share of the traffic per language (weighs the language criterion).",
    )
    documented_languages_only: bool = Field(
        False,
        description="Exclude models whose support for a required language is not documented "
        "(by default an undocumented language is a penalty, inherited support counts).",
    )
    license: LicenseAnswers = Field(default_factory=LicenseAnswers)
    deployment: Deployment = Field(
        "any",
        description="on_prem: your hardware; private_cloud: GPUs you rent in a dedicated "
        "(secure/hyperscaler) cloud; any: self-hosted or API; api_only: API models only.",
    )
    hardware: Hardware | None = None
    workload: WorkloadAnswers = Field(default_factory=WorkloadAnswers)
    exclude_providers: list[Id] = Field(
        default_factory=list,
        max_length=MAX_LIST_ITEMS,
        description="Makers or API providers not to use (maker ids or names, e.g. deepseek, "
        "openai); fine-tunes of their models are excluded too.",
    )
    exclude_countries: list[Id] = Field(
        default_factory=list,
        max_length=MAX_LIST_ITEMS,
        description="ISO 3166-1 codes of countries whose makers' models are not to be used "
        "(origin includes the base model's maker).",
    )
    data_residency: list[Id] = Field(
        default_factory=list,
        max_length=MAX_LIST_ITEMS,
        description="Regions where an API must be able to process data (e.g. jp, eu); "
        "self-hosted models keep data where you run them.",
    )
    zero_retention: bool = Field(
        False, description="APIs must offer zero data retention (no prompts or outputs kept)."
    )
    currency: Currency = Field("USD", description="Currency of the budget and of displayed money.")
    exchange_rates: dict[Currency, Annotated[float, Field(gt=0, le=1e6)]] | None = Field(
        None, description="Units of a currency per US dollar, overriding the knowledge base's."
    )
    budget_per_month: float | None = Field(
        None, gt=0, le=1e12, description="Monthly budget in `currency`."
    )
    budget_usd_per_month: float | None = Field(
        None, gt=0, le=1e12, description="Monthly budget in US dollars (or give budget_per_month)."
    )
    budget_is_hard: bool = Field(False, description="Exclude options above the budget.")
    priorities: dict[Id, Importance] | None = Field(None, max_length=MAX_LIST_ITEMS)
    pairwise: list[PairwiseAnswer] | None = Field(
        None,
        max_length=MAX_LIST_ITEMS,
        description="Optional AHP weighting: 'a matters ratio times as much as b' for every "
        "pair of the criteria compared; replaces importance answers when given.",
    )
    preset: Preset = "balanced"
    top_k: int = Field(5, ge=1, le=50)
    seed: int = Field(
        0, ge=0, le=2**32 - 1, description="For the sampled sensitivity analysis (0 to 2^32-1)."
    )

    @model_validator(mode="before")
    @classmethod
    def _language_mapping(cls, data: Any) -> Any:
        return language_shares(data)

    @field_validator("languages")
    @classmethod
    def _iso_languages(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        bad = [x for x in value if x not in ISO_639_1]
        if bad:
            hints = []
            for code in bad:
                near = _LANGUAGE_HINTS.get(str(code).lower()) or closest_matches(
                    str(code).lower(), ISO_639_1, n=3
                )
                hints.append(
                    f"'{echo(code)}'" + (f" (did you mean {', '.join(near)}?)" if near else "")
                )
            raise _invalid(
                "language_code",
                f"not an ISO 639-1 language code: {', '.join(hints)}; use two letters such as "
                "en, ja, zh, ko, de, fr",
                bad=[echo(code) for code in bad],
                nearest=[
                    _LANGUAGE_HINTS.get(str(code).lower())
                    or closest_matches(str(code).lower(), ISO_639_1, n=3)
                    for code in bad
                ],
            )
        if len(set(value)) != len(value):
            raise _invalid("language_twice", "a language is listed twice")
        return value

    @field_validator("exclude_countries")
    @classmethod
    def _countries(cls, value: list[str]) -> list[str]:
        bad = [x for x in value if not (len(x) == 2 and x.isalpha() and x.islower())]
        if bad:
            raise _invalid(
                "country_code",
                f"not an ISO 3166-1 alpha-2 code: {', '.join(repr(echo(b)) for b in bad)}; use "
                "two lower-case letters such as cn, us, jp",
                bad=[echo(b) for b in bad],
            )
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.deployment == "on_prem" and self.hardware is None:
            raise _invalid(
                "on_prem_hardware",
                "deployment 'on_prem' needs hardware: gpus (from the catalog), vram_gb, or "
                "cpu_only with ram_gb",
            )
        if (
            self.budget_is_hard
            and self.budget_per_month is None
            and (self.budget_usd_per_month is None)
        ):
            raise _invalid(
                "hard_budget",
                "budget_is_hard needs a budget (budget_per_month or budget_usd_per_month)",
            )
        if self.budget_per_month is not None and self.budget_usd_per_month is not None:
            raise _invalid(
                "budget_twice",
                "give budget_per_month (in `currency`) or budget_usd_per_month, not both",
            )
        if self.language_weights is not None:
            extra = sorted(set(self.language_weights) - set(self.languages or []))
            if extra:
                raise _invalid(
                    "weights",
                    f"language_weights names languages not in languages: {extra}",
                    names=", ".join(extra),
                )
            if any(not (0 < w <= 1) for w in self.language_weights.values()):
                raise _invalid(
                    "weight_range", "language_weights are shares between 0 (excluded) and 1"
                )
        if self.deployment == "private_cloud" and self.hardware is not None:
            raise _invalid(
                "private_cloud_hardware",
                "deployment 'private_cloud' rents dedicated GPUs, so hardware is not used: "
                "remove hardware, or choose 'on_prem' (or 'any') to run on it",
            )
        if self.deployment == "api_only" and self.hardware is not None:
            raise _invalid(
                "api_only_hardware",
                "deployment 'api_only' uses no hardware of yours: remove hardware, or choose "
                "'any' to compare APIs with self-hosting on it",
            )
        return self

    @property
    def context_stated(self) -> bool:
        """The user gave the context a request needs (a hard requirement)."""
        return self.workload.context_tokens is not None

    def importance(self) -> dict[str, int]:
        """The importance answers, on top of the preset's."""
        return {**PRIORITY_PRESETS[self.preset], **(self.priorities or {})}


def knowledge_problems(data: dict[str, Any], kb: KnowledgeBase) -> list[QuestionnaireProblem]:
    """Answers that name something the knowledge base must hold: task ids, catalogue GPUs (an
    ambiguous name asks which part), makers to exclude, currencies. Works on the raw mapping, so
    these problems are reported together with the questionnaire's own."""
    problems: list[QuestionnaireProblem] = []
    tasks = data.get("tasks")
    if isinstance(tasks, list):
        for i, task in enumerate(tasks):
            if isinstance(task, str) and len(task) <= MAX_ID_CHARS and task not in kb.tasks:
                near = closest_matches(task[:MAX_ID_CHARS], kb.tasks, n=3)
                hint = f"; did you mean {', '.join(near)}?" if near else ""
                problems.append(
                    QuestionnaireProblem(
                        f"tasks[{i}]",
                        f"unknown task '{echo(task)}'{hint}; task ids: {', '.join(kb.tasks)}",
                        "unknown_task",
                        {"value": echo(task), "nearest": near, "valid": list(kb.tasks)},
                    )
                )
    hardware = data.get("hardware")
    gpus = hardware.get("gpus") if isinstance(hardware, dict) else None
    if isinstance(gpus, list):
        for i, gpu in enumerate(gpus):
            name = gpu.get("name") if isinstance(gpu, dict) else None
            if not isinstance(name, str) or not name.strip() or len(name) > MAX_ID_CHARS:
                continue  # the schema reports these
            matches = kb.hardware_matches(name)
            if len(matches) > 1:
                choices = ", ".join(
                    f"{h.id} ({h.memory_gb:g} GB)" if h.memory_gb else h.id for h in matches[:8]
                )
                problems.append(
                    QuestionnaireProblem(
                        f"hardware.gpus[{i}].name",
                        f"'{echo(name)}' could mean {choices}: give the exact part",
                        "ambiguous_gpu",
                        {"value": echo(name), "nearest": [h.id for h in matches[:8]]},
                    )
                )
            elif not matches:
                near = closest_matches(name, [h.id for h in kb.hardware], n=3)
                hint = f"; did you mean {', '.join(near)}?" if near else ""
                problems.append(
                    QuestionnaireProblem(
                        f"hardware.gpus[{i}].name",
                        f"unknown GPU '{echo(name)}'{hint} (`modelrec kb list hardware` lists "
                        "them; or give vram_gb)",
                        "unknown_gpu",
                        {"value": echo(name), "nearest": near},
                    )
                )
    runtime = hardware.get("runtime") if isinstance(hardware, dict) else None
    if isinstance(runtime, str) and kb.runtimes:
        from ..errors import EstimateError

        try:
            kb.runtime(runtime)
        except EstimateError as exc:
            problems.append(
                QuestionnaireProblem(
                    "hardware.runtime", str(exc), "unknown_runtime", {"value": echo(runtime)}
                )
            )
    excluded = data.get("exclude_providers")
    if isinstance(excluded, list):
        providers = {m.api.provider.lower() for m in kb.models if m.api is not None}
        for i, name in enumerate(excluded):
            if not isinstance(name, str) or len(name) > MAX_ID_CHARS:
                continue
            if kb.maker(name) is None and name.lower() not in providers:
                known = sorted({*(x.id for x in kb.makers.values()), *providers})
                near = closest_matches(name, known, n=3)
                hint = f"; did you mean {', '.join(near)}?" if near else ""
                problems.append(
                    QuestionnaireProblem(
                        f"exclude_providers[{i}]",
                        f"unknown maker or provider '{echo(name)}'{hint}",
                        "unknown_provider",
                        {"value": echo(name), "nearest": near},
                    )
                )
    currency = data.get("currency")
    if isinstance(currency, str) and kb.currencies and currency not in kb.currencies:
        problems.append(
            QuestionnaireProblem(
                "currency",
                f"no exchange rate for {echo(currency)}; known: {', '.join(kb.currencies)}",
                "unknown_currency",
                {"value": echo(currency), "valid": list(kb.currencies)},
            )
        )
    return problems


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The answers model that holds the last part of ``loc`` (for "did you mean" on fields)."""
    model: type[BaseModel] = Questionnaire
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        if info is None:
            return None
        inner = [
            t
            for t in (info.annotation, *getattr(info.annotation, "__args__", ()))
            if isinstance(t, type) and issubclass(t, BaseModel)
        ]
        inner += [
            a
            for t in getattr(info.annotation, "__args__", ())
            for a in getattr(t, "__args__", ())
            if isinstance(a, type) and issubclass(a, BaseModel)
        ]
        if not inner:
            return None
        model = inner[0]
    return model


def _schema_problem(error: Any) -> QuestionnaireProblem:
    """One pydantic error as a problem: the field path, a message with the valid values or the
    nearest field names, the user's value echoed short."""
    loc = tuple(error["loc"])
    field = ".".join(echo(p, 40) if isinstance(p, str) else f"[{p}]" for p in loc)
    field = field.replace(".[", "[") or "(top level)"
    kind = str(error["type"])
    params: dict[str, Any] = {
        k: v
        for k, v in (error.get("ctx") or {}).items()
        if isinstance(v, int | float | str | list) and k != "message"
    }
    value = error.get("input")
    if isinstance(value, str | int | float | bool):
        params["value"] = echo(value)
    message = str(error["msg"]).removeprefix("Value error, ")
    if kind == "extra_forbidden":
        model = _model_at(loc)
        near = (
            closest_matches(str(loc[-1])[:MAX_ID_CHARS], model.model_fields, n=3) if model else []
        )
        params = {"nearest": near}
        message = "unknown field" + (
            f"; did you mean {', '.join(near)}?"
            if near
            else " (check the spelling; see the questionnaire in README)"
        )
    elif kind == "missing":
        message = "required"
    return QuestionnaireProblem(field, message, kind, params)


def parse_questionnaire(
    data: object, *, source: str = "questionnaire", kb: KnowledgeBase | None = None
) -> Questionnaire:
    """Validate answers (a mapping), raising :class:`QuestionnaireError` with every problem:
    the answers' own and, with ``kb``, those naming what the knowledge base must hold."""
    if not isinstance(data, dict):
        raise QuestionnaireError(
            [QuestionnaireProblem("(top level)", "expected a mapping of answers", "not_mapping")],
            source,
        )
    known = knowledge_problems(data, kb) if kb is not None else []
    try:
        q = Questionnaire.model_validate(data)
    except ValidationError as exc:
        problems = [_schema_problem(error) for error in exc.errors(include_url=False)]
        raise QuestionnaireError([*problems, *known], source) from None
    if known:
        raise QuestionnaireError(known, source)
    return q


def load_questionnaire(path: str | Path, *, kb: KnowledgeBase | None = None) -> Questionnaire:
    """Read and validate a questionnaire YAML file (with ``kb``: against it too). The file passes
    the input boundary first (:mod:`recommender.inputs`: size, UTF-8, YAML limits)."""
    import yaml

    from ..inputs import InputFileError, decode_utf8, read_bytes
    from ..kb._yaml import DuplicateKeyError, load_yaml, malformed

    path = Path(path)
    source = str(path)
    try:
        text = decode_utf8(read_bytes(path, "questionnaire"), source)
    except InputFileError as exc:
        raise QuestionnaireError(
            [QuestionnaireProblem("(file)", exc.reason, exc.code, exc.params)], source
        ) from None
    try:
        data = load_yaml(text)
    except DuplicateKeyError as exc:
        raise QuestionnaireError(
            [QuestionnaireProblem("(yaml)", echo(str(exc), 200), "duplicate_key")], source
        ) from None
    except yaml.YAMLError as exc:  # a YAML syntax error, with its position, or a YAML bomb
        line, message = malformed(exc)
        where = f"line {line}: " if line is not None else ""
        raise QuestionnaireError(
            [QuestionnaireProblem("(yaml)", where + echo(message, 300), "malformed_yaml")], source
        ) from None
    return parse_questionnaire(dict(data) if isinstance(data, dict) else data, source=source, kb=kb)
