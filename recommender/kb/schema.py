"""Strict pydantic records for everything in ``knowledge/``: models, licences, tasks, hardware.

Every field says its unit. Every fact-bearing record carries ``source`` (a URL or document name)
and ``as_of`` (the date the facts were read); a value nobody could check is ``null`` and the
product shows it as unknown. Records reject unknown fields (``extra="forbid"``) so a typo in a
knowledge file is an error, not a silently ignored key.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, Strict, StringConstraints, model_validator

__all__ = [
    "API_CAPABILITIES",
    "ApiAccess",
    "ApiCapabilities",
    "ApiPerformance",
    "Attention",
    "BenchmarkRecord",
    "BenchmarkScore",
    "CurrencyRecord",
    "DataHandling",
    "Geometry",
    "HardwareKind",
    "HardwareRecord",
    "LicenseClass",
    "LicenseClause",
    "LicenseConditions",
    "LicenseRecord",
    "Localized",
    "MakerRecord",
    "Modality",
    "ModelCategory",
    "ModelRecord",
    "Price",
    "ReasoningOverhead",
    "Record",
    "RuntimeRecord",
    "ScoreRecord",
    "Sourced",
    "TaskRecord",
    "UnitPrices",
    "UserAdded",
]

#: Record ids: lower-case ASCII, digits and ``. _ -``; stable, used in URLs and reports.
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=120)]
#: ISO 639-1 language code, e.g. ``en``, ``ja``.
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
#: A calendar date; YAML's unquoted 2024-07-23 and the quoted string both work.
Date = Annotated[date, Strict(False)]
#: Two numbers written as a YAML list, e.g. ``[0, 100]``.
Pair = Annotated[tuple[float, float], Strict(False)]
HfRepo = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")]

Modality = Literal["text", "image", "audio", "video", "embedding"]
#: strong / good / basic: documented support at that level; none: documented as NOT supported
#: (the model card says so). A language absent from a record is unknown, not unsupported.
SupportLevel = Literal["strong", "good", "basic", "none"]
Status = Literal["current", "superseded", "deprecated", "retired"]
ModelCategory = Literal[
    "llm", "vlm", "speech_to_text", "text_to_speech", "image_generation", "embedding", "other"
]
Attention = Literal["mha", "gqa", "mqa", "mla"]
LicenseClass = Literal[
    "osi_permissive",
    "osi_copyleft",
    "open_rail",
    "community_restricted",
    "noncommercial",
    "proprietary_api",
    "unlicensed",  # no licence stated: default copyright, no rights granted
]
HardwareKind = Literal[
    "gpu_consumer", "gpu_workstation", "gpu_datacenter", "unified_memory", "cpu", "accelerator"
]

#: Capability flags an API model declares (see :class:`ApiCapabilities`).
API_CAPABILITIES = ("tools", "vision", "json_output", "reasoning")


class Record(BaseModel):
    """Base of every knowledge record: strict, immutable."""

    # strict: "8192" is not an int and 1 is not a bool; a knowledge file says what it means.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, str_strip_whitespace=True)


class Sourced(Record):
    """A record whose facts come from somewhere: where, and when they were read."""

    source: NonEmpty = Field(description="URL or document the record's facts come from.")
    as_of: Date = Field(description="Date the facts were read from the source (YYYY-MM-DD).")
    checked: list[NonEmpty] = Field(
        default_factory=list,
        description="Fields checked against stored public material (e.g. 'geometry', 'license').",
    )
    notes: str | None = Field(default=None, description="Caveats a reader should know.")


class Localized(Record):
    """A text in English and Japanese."""

    en: NonEmpty
    ja: NonEmpty


# ---------------------------------------------------------------------------------------------
# Models


class Geometry(Record):
    """Transformer shape, enough for KV-cache and speed maths. Copy it from ``config.json``.

    Vision-language configs nest the text model under ``text_config``: record that one.
    """

    num_layers: int = Field(gt=0, description="Decoder layers (num_hidden_layers).")
    num_attention_heads: int = Field(gt=0, description="Query heads per layer.")
    num_kv_heads: int = Field(gt=0, description="Key/value heads per layer (num_key_value_heads).")
    head_dim: int | None = Field(
        default=None, gt=0, description="Per-head dimension; null means hidden_size / heads."
    )
    hidden_size: int = Field(gt=0, description="Model (residual stream) width.")
    attention: Attention = Field(
        description="mha: kv heads = heads; gqa: 1 < kv heads < heads; mqa: 1 kv head; "
        "mla: multi-head latent attention (DeepSeek-V2/V3), cache = kv_lora_rank + rope dims."
    )
    kv_lora_rank: int | None = Field(default=None, gt=0, description="MLA latent rank (mla only).")
    qk_rope_head_dim: int | None = Field(
        default=None, gt=0, description="MLA decoupled RoPE key dimension (mla only)."
    )
    sliding_window: int | None = Field(
        default=None, gt=0, description="Sliding-window span in tokens, for layers that slide."
    )
    full_attention_layers: int | None = Field(
        default=None,
        ge=0,
        description="With a sliding window: layers that attend to the full context "
        "(the rest slide). Null with a window means every layer slides.",
    )
    kv_cache_layers: int | None = Field(
        default=None,
        gt=0,
        description="Layers that keep a KV cache, for hybrids with state-space or linear "
        "layers (Jamba, Granite 4, Qwen3-Next). Null means all layers.",
    )
    num_experts: int | None = Field(
        default=None,
        gt=1,
        description="Mixture of experts: routed experts per MoE layer (config num_experts / "
        "num_local_experts / n_routed_experts). Shared experts are not counted.",
    )
    experts_per_token: int | None = Field(
        default=None,
        gt=0,
        description="Mixture of experts: routed experts each token uses (num_experts_per_tok).",
    )

    @property
    def effective_head_dim(self) -> int:
        """``head_dim``, or ``hidden_size // num_attention_heads`` when the config omits it."""
        return self.head_dim or self.hidden_size // self.num_attention_heads

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        heads, kv = self.num_attention_heads, self.num_kv_heads
        if self.attention == "mla":
            if self.kv_lora_rank is None or self.qk_rope_head_dim is None:
                raise ValueError("attention 'mla' needs kv_lora_rank and qk_rope_head_dim")
            return self
        if self.kv_lora_rank is not None or self.qk_rope_head_dim is not None:
            raise ValueError("kv_lora_rank and qk_rope_head_dim are for attention 'mla' only")
        if heads % kv:
            raise ValueError(f"num_kv_heads ({kv}) must divide num_attention_heads ({heads})")
        expected = {"mha": kv == heads, "mqa": kv == 1, "gqa": 1 < kv < heads}[self.attention]
        if not expected:
            raise ValueError(
                f"attention '{self.attention}' does not match {heads} heads / {kv} kv heads "
                "(mha: equal; mqa: 1 kv head; gqa: in between)"
            )
        if self.full_attention_layers is not None:
            if self.sliding_window is None:
                raise ValueError("full_attention_layers is only meaningful with sliding_window")
            if self.full_attention_layers > self.num_layers:
                raise ValueError("full_attention_layers cannot exceed num_layers")
        if self.kv_cache_layers is not None and self.kv_cache_layers > self.num_layers:
            raise ValueError("kv_cache_layers cannot exceed num_layers")
        if (self.num_experts is None) != (self.experts_per_token is None):
            raise ValueError("num_experts and experts_per_token go together")
        if self.num_experts is not None and (self.experts_per_token or 0) >= self.num_experts:
            raise ValueError("experts_per_token must be below num_experts")
        return self


class BenchmarkScore(Record):
    """One published benchmark result, with where it was published.

    ``benchmark`` names a record of ``knowledge/benchmarks.yaml`` by id or by one of its aliases
    (the name as the source printed it); the value is on that benchmark's scale unless ``scale``
    says the source used another one, in which case the loader converts it.
    """

    benchmark: NonEmpty = Field(description="Benchmark id or alias from benchmarks.yaml.")
    value: float = Field(description="The score, on the benchmark's scale (or on `scale`).")
    scale: Pair | None = Field(
        default=None,
        description="[min, max] of the scale the source published the value on, when it is not "
        "the benchmark's own (e.g. Japanese MT-Bench as 0-1 instead of 0-10); converted at load.",
    )
    setting: str | None = Field(default=None, description="e.g. '5-shot', 'pass@1', 'CoT'.")
    source: NonEmpty = Field(description="URL or document that reports the score.")
    as_of: Date = Field(description="Date the score was read.")


class ScoreRecord(BenchmarkScore):
    """A benchmark score kept outside its model's record: imported from a leaderboard or a
    results snapshot by a script (``scripts/import_*.py``) into ``knowledge/evidence/``. The
    loader adds it to the model's ``benchmarks``."""

    model: NonEmpty = Field(description="Knowledge-base id of the model scored.")


class ReasoningOverhead(Record):
    """Hidden thinking tokens a reasoning model spends per visible output token, typically."""

    ratio: float = Field(gt=0, le=100, description="Thinking tokens per visible output token.")
    source: NonEmpty
    as_of: Date
    notes: str | None = None


class ApiCapabilities(Record):
    """What an API model supports. Null: not known."""

    tools: bool | None = Field(default=None, description="Function / tool calling.")
    vision: bool | None = Field(default=None, description="Image input.")
    json_output: bool | None = Field(default=None, description="Structured / JSON-schema output.")
    reasoning: bool | None = Field(default=None, description="Extended thinking / reasoning mode.")


class DataHandling(Record):
    """What the provider does with inputs, for the API tier a business would use."""

    retention_days: int | None = Field(
        default=None, ge=0, description="Days inputs/outputs are kept by default; 0 = none."
    )
    trains_on_inputs: bool | None = Field(
        default=None, description="Whether inputs are used for training by default."
    )
    regions: list[NonEmpty] = Field(
        default_factory=list, description="Where processing can be pinned, e.g. 'us', 'eu', 'jp'."
    )
    zero_retention_available: bool | None = Field(
        default=None, description="A zero-data-retention option exists (often on request)."
    )
    source: NonEmpty = Field(description="The provider's data-usage policy.")
    as_of: Date


class ApiPerformance(Record):
    """Published speed of an API model: the provider's figure or an independent measurement."""

    output_tokens_per_s: float | None = Field(
        default=None, gt=0, description="Median output (decode) speed, tokens per second."
    )
    ttft_s: float | None = Field(
        default=None, gt=0, description="Median time to first token, seconds (typical prompt)."
    )
    source: NonEmpty = Field(description="Who measured or published it, and where.")
    as_of: Date
    notes: str | None = None


class UnitPrices(Record):
    """List prices in a modality's own unit, for models genai-prices does not price per token
    (images, audio). Null: that unit is not sold or not known."""

    per_image_usd: float | None = Field(
        default=None, gt=0, description="One generated image at the standard size and quality."
    )
    per_image_hd_usd: float | None = Field(
        default=None, gt=0, description="One image at the highest listed size/quality."
    )
    per_audio_minute_usd: float | None = Field(
        default=None, gt=0, description="One minute of audio transcribed or generated."
    )
    per_million_characters_usd: float | None = Field(
        default=None, gt=0, description="Text-to-speech billed per character: 1M characters."
    )
    source: NonEmpty
    as_of: Date
    notes: str | None = None


class ApiAccess(Record):
    """How a hosted model is reached, and the key that prices it."""

    provider: NonEmpty = Field(description="Provider name, e.g. 'openai', 'anthropic'.")
    model_id: NonEmpty = Field(description="The id sent in API requests.")
    price_provider: str | None = Field(
        default=None, description="genai-prices provider id; null = same as `provider`."
    )
    price_model: str | None = Field(
        default=None, description="genai-prices model ref; null = same as `model_id`."
    )
    unpriced_reason: str | None = Field(
        default=None,
        description="Why genai-prices cannot price this model (e.g. billed per image or per "
        "minute of audio); null when it can. The product then shows the cost as unknown.",
    )
    max_output_tokens: int | None = Field(default=None, gt=0, description="Tokens.")
    capabilities: ApiCapabilities = Field(default_factory=ApiCapabilities)
    data_handling: DataHandling | None = None
    performance: ApiPerformance | None = Field(
        default=None, description="Published output speed and time to first token."
    )
    unit_prices: UnitPrices | None = Field(
        default=None, description="Per-image / per-minute prices (modalities not priced per token)."
    )


class UserAdded(Record):
    """Where a record of the user's overlay (``$MODELREC_HOME/knowledge``) came from: written by
    ``modelrec kb add`` or ``kb refresh``, never shipped. The overlay record replaces a shipped
    one with the same id."""

    via: Literal["kb add", "kb refresh"] = Field(description="The command that wrote it.")
    kind: Literal["hub", "folder"] = Field(description="Read from the Hub or a local folder.")
    location: NonEmpty = Field(
        description="The Hugging Face URL, or the local folder (which holds the weights)."
    )
    revision: str | None = Field(
        default=None, description="Hub commit the facts were read at (null for a folder)."
    )
    read_at: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}T")] = Field(
        description="When the facts were read (ISO 8601, UTC)."
    )
    downloads: int | None = Field(
        default=None, ge=0, description="Hub downloads in the last 30 days, when read: popularity."
    )
    missing: list[NonEmpty] = Field(
        default_factory=list,
        description="Facts no file gave (left null or guessed): fill them in with `kb edit`.",
    )


class ModelRecord(Sourced):
    """One checkpoint (open weights) or one API model.

    Open-weight models give ``hf_repo``; API models give ``api``; never both: the same weights
    served by an API are a separate record because different terms govern them.
    """

    id: Id
    name: NonEmpty = Field(description="Display name.")
    aliases: list[NonEmpty] = Field(
        default_factory=list, description="Other names users type; matched case-insensitively."
    )
    creator: NonEmpty = Field(description="Organisation that trained it.")
    family: NonEmpty = Field(description="Model family, e.g. 'llama-3.1', 'qwen3'.")
    description: str = Field(default="", description="One paragraph: what it is good for.")
    domains: list[NonEmpty] = Field(
        default_factory=list, description="Specialisations, e.g. 'medical', 'legal', 'code'."
    )
    hf_repo: HfRepo | None = Field(default=None, description="Hugging Face repo of the weights.")
    api: ApiAccess | None = None
    release_date: Date | None = None
    release_month: (
        Annotated[str, StringConstraints(pattern=r"^(19|20)\d\d-(0[1-9]|1[0-2])$")] | None
    ) = Field(
        default=None,
        description="The release month (YYYY-MM) when the source gives no day; leave "
        "release_date empty then.",
    )
    status: Status = Field(
        default="current",
        description="superseded: a newer model replaces it (name it in `successor`); "
        "deprecated: the provider announced its retirement (`shutdown_on` when dated); "
        "retired: it can no longer be used (`retired_on`).",
    )
    successor: str | None = Field(default=None, description="Id of the model that replaces it.")
    shutdown_on: Date | None = Field(
        default=None, description="Announced shutdown date of a deprecated model."
    )
    retired_on: Date | None = Field(
        default=None, description="Date a retired model stopped being served (or withdrawn)."
    )
    reasoning_overhead: ReasoningOverhead | None = Field(
        default=None,
        description="Typical hidden thinking tokens per output token (reasoning models), sourced.",
    )
    variant: Literal["base", "instruct", "reasoning", "domain", "code"]
    architecture: Literal["decoder_only", "encoder_only", "encoder_decoder", "diffusion", "other"]
    input_modalities: list[Modality] = Field(min_length=1)
    required_inputs: list[Modality] = Field(
        default_factory=list,
        description="Inputs every request must carry, beyond what a task gives (an image-editing "
        "model needs an image to edit): a task that does not give them excludes the model.",
    )
    output_modalities: list[Modality] = Field(min_length=1)
    tasks: list[NonEmpty] = Field(min_length=1, description="Task ids from tasks.yaml.")
    languages: dict[LanguageCode, SupportLevel] = Field(
        default_factory=dict,
        description="ISO 639-1 code -> support level (strong / good / basic). Absent: unknown.",
    )
    total_params_b: float | None = Field(
        default=None, gt=0, description="Total parameters, billions."
    )
    active_params_b: float | None = Field(
        default=None, gt=0, description="Parameters used per token, billions (MoE); else total."
    )
    context_length: int | None = Field(default=None, gt=0, description="Max context, tokens.")
    geometry: Geometry | None = None
    shipped_precision: Literal["bf16", "fp16", "fp32", "fp8", "mxfp4", "int4"] | None = Field(
        default=None,
        description="Precision the published weights come in, when it matters for memory: "
        "fp8 (DeepSeek-V3/R1), mxfp4 (gpt-oss). Null means bf16/fp16. Estimates never assume "
        "more bytes per weight than this.",
    )
    license: Id = Field(description="Licence id from licenses.yaml.")
    extra_licenses: list[Id] = Field(
        default_factory=list,
        description="Further licences it is also subject to, e.g. a fine-tune trained on "
        "outputs of a model under other terms (Llama-3.1-Swallow: Llama 3.1 and Gemma terms).",
    )
    open_weights: bool
    gated: bool = Field(default=False, description="Hub download needs accepting terms.")
    requires_remote_code: bool = Field(
        default=False, description="Loading needs trust_remote_code (custom modelling code)."
    )
    base_model: str | None = Field(
        default=None, description="Knowledge-base id or HF repo of the model it was tuned from."
    )
    mof_class: Literal["I", "II", "III"] | None = Field(
        default=None, description="Model Openness Framework class, where classified."
    )
    osi_open_source_ai: bool | None = Field(
        default=None, description="Meets the OSI Open Source AI Definition 1.0 (null: unknown)."
    )
    training_data_and_code_published: bool | None = Field(
        default=None,
        description="The training data (or data information sufficient to rebuild it) and the "
        "training code are published, beyond the weights (null: not recorded).",
    )
    benchmarks: list[BenchmarkScore] = Field(default_factory=list)
    user_added: UserAdded | None = Field(
        default=None,
        description="Set on records of the user's overlay: where and when they were read.",
    )

    @property
    def category(self) -> ModelCategory:
        """What kind of model this is, from its modalities."""
        ins, outs = set(self.input_modalities), set(self.output_modalities)
        if "embedding" in outs:
            return "embedding"
        if "image" in outs:
            return "image_generation"
        if "audio" in outs:
            return "text_to_speech"
        if "text" in outs:
            if "audio" in ins and "text" not in ins:
                return "speech_to_text"
            return "vlm" if ins & {"image", "video"} else "llm"
        return "other"

    @property
    def timed_in_tokens(self) -> bool:
        """Its speed and throughput follow from a token decode rate. Not an image generator's:
        a diffusion model's time per image depends on its steps and resolution, which the
        knowledge base does not hold."""
        return self.category != "image_generation"

    @property
    def local_folder(self) -> str | None:
        """The folder a user-added model was read from (its weights live there), if any."""
        ua = self.user_added
        return ua.location if ua is not None and ua.kind == "folder" else None

    @property
    def released(self) -> date | None:
        """When it was released, to the day or (``release_month``) the month's first day."""
        if self.release_date is not None or self.release_month is None:
            return self.release_date
        year, month = self.release_month.split("-")
        return date(int(year), int(month), 1)

    @property
    def released_text(self) -> str | None:
        """The release date as precise as it is known: ``2024-10-01`` or ``2022-12``."""
        if self.release_date is not None:
            return self.release_date.isoformat()
        return self.release_month

    @property
    def deployment(self) -> Literal["self_hosted", "api"]:
        return "api" if self.api is not None else "self_hosted"

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.open_weights and self.hf_repo is None and not self.local_folder:
            raise ValueError("open_weights models need hf_repo")
        if not self.open_weights and self.api is None:
            raise ValueError("models without open weights need an api block")
        if self.hf_repo is not None and self.api is not None:
            raise ValueError("give hf_repo or api, not both (one record per way of access)")
        active, total = self.active_params_b, self.total_params_b
        if active is not None and total is not None and active > total:
            raise ValueError("active_params_b cannot exceed total_params_b")
        if self.status == "superseded" and not self.successor:
            raise ValueError("a superseded model names its successor")
        if self.status == "retired" and self.retired_on is None:
            raise ValueError("a retired model gives retired_on (the date it stopped being served)")
        if self.retired_on is not None and self.status != "retired":
            raise ValueError("retired_on is for status 'retired' only")
        if self.shutdown_on is not None and self.status != "deprecated":
            raise ValueError(
                "shutdown_on is for status 'deprecated' (a past shutdown: status 'retired' "
                "with retired_on)"
            )
        if self.successor == self.id:
            raise ValueError("a model cannot succeed itself")
        if set(self.required_inputs) - set(self.input_modalities):
            raise ValueError("required_inputs must be among input_modalities")
        if self.release_date is not None and self.release_month is not None:
            raise ValueError(
                "give release_date (the day is known) or release_month (only the month), not both"
            )
        if self.base_model is not None and self.base_model in (self.id, self.hf_repo):
            raise ValueError("base_model cannot be the model itself")
        return self


# ---------------------------------------------------------------------------------------------
# Makers and benchmarks


#: ISO 3166-1 alpha-2 country code, lower case (``us``, ``cn``, ``jp``, ``fr``).
CountryCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]


class MakerRecord(Sourced):
    """An organisation that trains models: where it is based, for origin requirements."""

    id: Id
    name: NonEmpty
    aliases: list[NonEmpty] = Field(
        default_factory=list, description="Names model records use for it in `creator`."
    )
    country: CountryCode | None = Field(
        description="Country of its headquarters (ISO 3166-1 alpha-2); null when there is no "
        "single one (international collaborations) or it is not stated."
    )
    hf_orgs: list[NonEmpty] = Field(
        default_factory=list,
        description="Hugging Face organisations that publish its models (e.g. Qwen, "
        "meta-llama): a fine-tune whose base checkpoint is not catalogued is traced through it.",
    )


class BenchmarkRecord(Sourced):
    """A benchmark, what it tells about a model, and how its scores map to 0..1.

    ``bounds`` are fixed (the score read as 0 and as 1: roughly chance level and the best
    published results in late 2026), never the range of the current catalogue, so adding a
    model cannot reorder the others. For a lower-is-better metric (error rates) the first
    bound is the larger number.
    """

    id: Id
    name: NonEmpty
    aliases: list[NonEmpty] = Field(
        default_factory=list, description="Names sources print it under (matched exactly)."
    )
    measures: NonEmpty = Field(description="What a high score shows, in one sentence.")
    informs: dict[NonEmpty, Annotated[float, Field(gt=0, le=1)]] = Field(
        min_length=1,
        description="Task id (or 'general' for broad ability) -> how directly the benchmark "
        "speaks to it, 0-1.",
    )
    languages: list[LanguageCode] = Field(
        default_factory=list,
        description="Languages it tests when not English/language-neutral, e.g. [ja].",
    )
    domain: str | None = Field(default=None, description="Specialisation it tests (medical...).")
    scale: Pair = Field(description="[min, max] of the published scale.")
    bounds: Pair = Field(description="[score read as 0, score read as 1].")

    @property
    def higher_is_better(self) -> bool:
        return self.bounds[1] > self.bounds[0]

    def normalise(self, value: float) -> float:
        """``value`` (on this benchmark's scale) as 0..1 between the fixed bounds, clipped."""
        low, high = self.bounds
        return min(1.0, max(0.0, (value - low) / (high - low)))

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        lo, hi = self.scale
        if lo >= hi:
            raise ValueError("scale is [min, max] with min < max")
        if self.bounds[0] == self.bounds[1]:
            raise ValueError("bounds must differ (score read as 0, score read as 1)")
        if not all(lo <= b <= hi for b in self.bounds):
            raise ValueError(f"bounds {list(self.bounds)} must lie on the scale [{lo:g}, {hi:g}]")
        return self


class CurrencyRecord(Sourced):
    """A currency money is shown in, and its exchange rate against the US dollar (prices in
    the sources are in USD; amounts are computed in USD and shown in the user's currency)."""

    id: Id
    code: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = Field(
        description="ISO 4217 code, e.g. JPY."
    )
    symbol: NonEmpty
    per_usd: float = Field(gt=0, description="Units of this currency per US dollar.")
    decimals: int = Field(default=2, ge=0, le=4, description="Digits shown after the point.")


# ---------------------------------------------------------------------------------------------
# Licences


class LicenseConditions(Record):
    """Every obligation a licence puts on a user. Each field must be present in the file
    (write null for "none"), so an omitted condition cannot pass as an absent one."""

    mau_cap: int | None = Field(
        gt=0, description="Monthly active users above which a separate licence is needed."
    )
    revenue_cap_usd: int | None = Field(
        gt=0, description="Annual revenue (USD) above which a separate licence is needed."
    )
    attribution: str | None = Field(description="Attribution text or duty, e.g. 'Built with …'.")
    naming_rule: str | None = Field(description="Rule for naming derivative models.")
    acceptable_use_policy: str | None = Field(description="URL of the acceptable-use policy.")
    output_use_restriction: str | None = Field(
        description="Limits on using outputs, e.g. to train other models."
    )
    geographic_restriction: str | None = Field(description="Where the licence grants no rights.")
    restrictions_pass_on: bool = Field(
        description="Derivatives and redistributions must carry the use restrictions."
    )
    notice_required: bool = Field(description="A NOTICE / licence copy must ship with it.")
    non_production_only: bool = Field(description="Research, evaluation or non-production only.")


class LicenseClause(Record):
    """A quoted clause, so a legal reviewer sees the words, not a paraphrase."""

    topic: NonEmpty = Field(description="e.g. 'mau_cap', 'attribution', 'commercial_use'.")
    quote: NonEmpty = Field(description="The clause, verbatim.")


class LicenseRecord(Sourced):
    """A licence as it bears on a user deciding whether they may deploy a model."""

    id: Id
    name: NonEmpty
    url: NonEmpty = Field(description="Where the licence text is.")
    spdx: str | None = Field(default=None, description="SPDX identifier, where one exists.")
    license_class: LicenseClass
    commercial_use: Literal["yes", "conditional", "no"]
    osi_approved: bool = Field(description="The licence itself is OSI-approved.")
    conditions: LicenseConditions
    clauses: list[LicenseClause] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.license_class in ("noncommercial", "unlicensed") and self.commercial_use != "no":
            raise ValueError(f"a {self.license_class} licence has commercial_use 'no'")
        if self.license_class == "osi_permissive" and self.commercial_use != "yes":
            raise ValueError("an osi_permissive licence has commercial_use 'yes'")
        return self


# ---------------------------------------------------------------------------------------------
# Tasks


class TaskRecord(Record):
    """A task users need done: the matching vocabulary (ids are a contract, see DESIGN.md)."""

    id: Id
    name: Localized
    description: Localized
    phrasings: dict[Literal["en", "ja"], list[NonEmpty]] = Field(
        default_factory=dict, description="Typical ways users describe the task, per language."
    )
    input_modalities: list[Modality] = Field(min_length=1)
    output_modalities: list[Modality] = Field(min_length=1)
    prompt_suite: str | None = Field(default=None, description="Prompt suite id, if any.")
    typical_context_tokens: int | None = Field(
        default=None,
        gt=0,
        description="Context a typical request of this task needs (prompt + retrieved or pasted "
        "material + answer), used when the user states none. A modelling default, not a limit.",
    )
    min_context_tokens: int | None = Field(
        default=None,
        gt=0,
        description="Context the task cannot do without whatever the user states (e.g. whole "
        "documents in one pass); a model with less is excluded.",
    )
    implies: dict[NonEmpty, Annotated[float, Field(gt=0, lt=1)]] = Field(
        default_factory=dict,
        description="Other tasks a model that does this one can usually do, with the strength "
        "of that inference (0-1; a declared task counts 1).",
    )
    min_params_b: float | None = Field(
        default=None,
        gt=0,
        description="Quality floor: below this many (effective) billion parameters, models are "
        "flagged as likely inadequate for the task unless benchmarks say otherwise.",
    )
    checks: list[
        Literal[
            "contains",
            "not_contains",
            "regex",
            "json_schema",
            "length",
            "language",
            "similarity",
            "rouge_l",
            "chrf",
        ]
    ] = Field(default_factory=list, description="Kinds of automatic checks its prompts use.")


# ---------------------------------------------------------------------------------------------
# Hardware


class Price(Record):
    """A price with its provenance."""

    usd: float = Field(gt=0, description="US dollars (per hour for rentals, once for purchase).")
    vendor: str | None = Field(default=None, description="Who charges it.")
    offering: Literal["community_cloud", "secure_cloud", "hyperscaler"] | None = Field(
        default=None,
        description="For rentals: community_cloud (third-party hosts, shared marketplaces), "
        "secure_cloud (the provider's own data centres, dedicated), hyperscaler (AWS, Azure, "
        "GCP). Private-cloud plans use only secure_cloud and hyperscaler offerings.",
    )
    source: NonEmpty
    as_of: Date


class HardwareRecord(Sourced):
    """An accelerator or CPU platform a model could run on."""

    id: Id
    name: NonEmpty
    aliases: list[NonEmpty] = Field(default_factory=list)
    vendor: NonEmpty
    kind: HardwareKind
    memory_gb: float | None = Field(
        gt=0,
        description="Memory per device in GB as the vendor states it (GPU 'GB' are GiB); "
        "null for CPU platforms, whose RAM the user states.",
    )
    memory_bandwidth_gbps: float = Field(gt=0, description="Peak memory bandwidth, GB/s.")
    bf16_tflops: float | None = Field(
        default=None, gt=0, description="Dense (no sparsity) BF16/FP16 tensor TFLOPS."
    )
    unified_memory: bool = Field(
        default=False, description="CPU and accelerator share one memory (Apple silicon etc.)."
    )
    rental_per_hour: Price | None = Field(default=None, description="Typical on-demand rental.")
    private_rental_per_hour: Price | None = Field(
        default=None,
        description="On-demand rental in a secure-cloud or hyperscaler offering (dedicated "
        "hosts), the price a private-cloud plan pays; null when only community hosts list it.",
    )
    purchase: Price | None = Field(default=None, description="Typical purchase price per device.")
    tdp_w: float | None = Field(default=None, gt=0, description="Board power, watts.")

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.memory_gb is None and self.kind != "cpu":
            raise ValueError("memory_gb is required except for CPU platforms")
        return self


_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def is_record_id(text: str) -> bool:
    """True if ``text`` has the shape of a knowledge-base id (not a ``org/name`` repo)."""
    return bool(_ID_RE.match(text))


# ---------------------------------------------------------------------------------------------
# Runtimes

KvDtype = Literal["f16", "q8_0", "q4_0", "fp8"]


class RuntimeRecord(Sourced):
    """An inference runtime as it bears on memory and speed: what it holds besides weights and
    KV cache, its defaults, and the weight formats it runs (names from estimate/quant.py)."""

    id: Id
    name: NonEmpty
    aliases: list[NonEmpty] = Field(default_factory=list)
    platforms: list[Literal["nvidia", "amd", "apple", "intel", "cpu"]] = Field(
        min_length=1, description="Hardware it runs on."
    )
    quantizations: list[NonEmpty] = Field(
        min_length=1, description="Weight formats it runs, best quality first."
    )
    kv_dtypes: list[KvDtype] = Field(min_length=1, description="KV-cache precisions it offers.")
    default_kv_dtype: KvDtype = Field(description="KV-cache precision when none is chosen.")
    default_context: int | None = Field(
        default=None,
        gt=0,
        description="Context (tokens) it allocates when none is set; null: the model's limit "
        "or as configured.",
    )
    runtime_overhead_gb: float = Field(
        ge=0, description="GiB held per device besides weights and KV (driver context, runtime)."
    )
    compute_buffer_gb_per_1k_tokens: float = Field(
        default=0.0, ge=0, description="Scratch buffers that grow with context, GiB per 1,024."
    )
    activation_fraction: float = Field(
        default=0.0, ge=0, le=1, description="Activations as a fraction of the weights."
    )
    activation_workspace_gb: float = Field(
        default=0.0, ge=0, description="Fixed activation workspace per device, GiB (dense)."
    )
    activation_workspace_moe_gb: float | None = Field(
        default=None, ge=0, description="The same for mixture-of-experts models, GiB."
    )
    memory_utilization: float | None = Field(
        default=None,
        gt=0,
        le=1,
        description="Fraction of GPU memory it reserves up front (vLLM gpu_memory_utilization);"
        " null: it allocates what it needs.",
    )
    gpu_margin_gb: float | None = Field(
        default=None,
        ge=0,
        description="GiB it leaves free on each discrete GPU when it sizes itself to the card "
        "(llama.cpp --fit); null: the generic rule min(0.9 x total, total - 1.5).",
    )
    layer_offload: bool = Field(
        default=False, description="Can hold some layers' weights in system RAM."
    )
    expert_offload: bool = Field(
        default=False,
        description="Can keep MoE expert weights in system RAM and the rest on the GPU "
        "(llama.cpp --n-cpu-moe / -ot).",
    )
