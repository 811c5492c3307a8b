"""Keep the knowledge base current on the user's machine: add a Hub or local model, refresh.

``modelrec kb add SOURCE`` reads a model's own files, never its weights: ``config.json`` (the
geometry the KV-cache maths needs, the context length), the safetensors headers (exact parameter
counts and dtypes: ``huggingface_hub``'s safetensors metadata call, which fetches header byte
ranges; for a folder, the header bytes of each file), and the card (licence tag, gating, base
model, languages, pipeline tag). :func:`draft_record` turns those facts into a
:class:`~.schema.ModelRecord` whose ``checked`` lists what came from files and whose
``user_added.missing`` lists what did not; :func:`write_overlay` writes it under
``$MODELREC_HOME/knowledge/models/`` (the loader's overlay), never into the shipped files.

:func:`refresh_open_models` re-reads the Hub metadata of catalogued open models (revision, gating,
licence tag, downloads) and returns the differences; :func:`refresh_prices` fetches API prices
with genai-prices' own updater and returns what changed. Both write only when asked.

The Hub is reached only here, on those explicit commands; ``HF_HUB_OFFLINE`` makes every call
raise :class:`~recommender.errors.HubUnreachable` before anything is read. The token comes only
from the ``HF_TOKEN`` environment variable (a token saved by ``hf auth login`` is not used).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..errors import HubUnreachable, ModelMetadataError, closest_matches
from ..inputs import safetensors_counts
from .loader import KnowledgeBase, default_overlay_dir
from .schema import Geometry, ModelRecord, UserAdded

__all__ = [
    "DEFAULT_TIMEOUT_S",
    "Change",
    "Draft",
    "ModelFacts",
    "PriceChange",
    "add_model",
    "draft_record",
    "geometry_from_config",
    "hub_endpoint",
    "map_license",
    "overlay_file",
    "parse_source",
    "read_folder",
    "read_hub",
    "read_source",
    "refresh_open_models",
    "refresh_prices",
    "save_prices",
    "write_overlay",
]

#: Seconds to wait for each Hub request before giving up.
DEFAULT_TIMEOUT_S = 10.0
_DEFAULT_ENDPOINT = "https://huggingface.co"
_REPO = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")


def hub_endpoint() -> str:
    """The Hub to read: ``$HF_ENDPOINT`` (read now, not at import), else huggingface.co."""
    return (os.environ.get("HF_ENDPOINT") or _DEFAULT_ENDPOINT).rstrip("/")


def _offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().upper() in ("1", "ON", "YES", "TRUE")


def _token() -> str | bool:
    """The token from HF_TOKEN, or False: never one saved on disk by another tool."""
    return os.environ.get("HF_TOKEN") or False


@dataclass(frozen=True)
class ModelFacts:
    """What a model's files say, before it becomes a record."""

    kind: str  #: "hub" or "folder"
    location: str  #: the Hub URL or the folder's absolute path
    repo: str | None  #: "org/name" for the Hub
    revision: str | None  #: the commit read (Hub)
    config: Mapping[str, Any] | None  #: config.json, None when there is none
    params_by_dtype: Mapping[str, int] | None  #: safetensors dtype -> parameter count
    card: Mapping[str, Any]  #: model-card metadata (licence, language, base_model, ...)
    pipeline_tag: str | None
    gated: bool | None  #: None for a folder
    downloads: int | None  #: Hub downloads in the last 30 days
    created: date | None  #: when the Hub repo was created
    notes: tuple[str, ...] = ()  #: what could not be read, and why

    @property
    def name(self) -> str:
        return self.repo.split("/", 1)[1] if self.repo else Path(self.location).name


def parse_source(source: str) -> tuple[str, str | None] | Path:
    """A local folder (when one exists at ``source``), else ``(repo, revision)`` from
    ``org/name[@revision]``."""
    path = Path(source).expanduser()
    if path.is_dir():
        return path.resolve()
    repo, _, revision = source.partition("@")
    if not _REPO.match(repo):
        raise ModelMetadataError(
            f"'{source}' is neither a folder nor a Hub repo id (org/name, optionally @revision)"
        )
    return repo, revision or None


def read_source(source: str, *, timeout: float = DEFAULT_TIMEOUT_S) -> ModelFacts:
    """Facts about ``source``: a local model folder or a Hub repo ``org/name[@revision]``."""
    parsed = parse_source(source)
    if isinstance(parsed, Path):
        return read_folder(parsed)
    repo, revision = parsed
    if _offline():
        raise HubUnreachable(
            f"'{source}' is not a folder here, and reading it as a Hub repo needs the Hub: "
            "offline (HF_HUB_OFFLINE is set), nothing changed"
        )
    return read_hub(repo, revision, timeout=timeout)


# ---------------------------------------------------------------------------------------------
# Reading the Hub


def _hub_api() -> Any:
    if _offline():
        raise HubUnreachable(
            "offline: HF_HUB_OFFLINE is set, so the Hub was not contacted and nothing changed "
            "(unset it to read the Hub)"
        )
    from huggingface_hub import HfApi

    return HfApi(endpoint=hub_endpoint(), token=_token())


def _hub_error(exc: Exception, repo: str, what: str, timeout: float) -> ModelMetadataError:
    """A huggingface_hub or network exception as a message for the user."""
    import httpx2
    from huggingface_hub import errors as hf

    where = hub_endpoint()
    if isinstance(exc, hf.OfflineModeIsEnabled):
        return HubUnreachable(f"offline: HF_HUB_OFFLINE is set; nothing changed ({what})")
    if isinstance(exc, hf.GatedRepoError):
        return ModelMetadataError(
            f"{repo} is gated: accept its terms on {where}/{repo} and set HF_TOKEN to a token "
            f"of that account ({what})"
        )
    if isinstance(exc, hf.RevisionNotFoundError):
        return ModelMetadataError(f"{repo} has no such revision on {where} ({what})")
    if isinstance(exc, hf.RepositoryNotFoundError):
        return ModelMetadataError(
            f"no model '{repo}' on {where} (check the spelling; a private repo needs HF_TOKEN)"
        )
    if isinstance(exc, httpx2.TimeoutException):
        return ModelMetadataError(
            f"the Hub at {where} did not answer within {timeout:g} s ({what}); nothing changed "
            "(try again, or raise --timeout)"
        )
    if isinstance(exc, httpx2.TransportError):
        return HubUnreachable(f"cannot reach the Hub at {where} (no network?): nothing changed")
    return ModelMetadataError(f"reading {repo} from {where} failed ({what}): {exc}")


def _hub_info(api: Any, repo: str, revision: str | None, timeout: float) -> Any:
    try:
        return api.model_info(repo, revision=revision, timeout=timeout)
    except Exception as exc:
        raise _hub_error(exc, repo, "model info", timeout) from None


def read_hub(
    repo: str, revision: str | None = None, *, timeout: float = DEFAULT_TIMEOUT_S
) -> ModelFacts:
    """Facts about a Hub repo: its info and card, config.json and the safetensors headers.

    A gated repo without access, or a file the repo lacks, leaves those facts out (with a note);
    a repo that does not exist, a timeout or no network raise :class:`ModelMetadataError`.
    """
    from huggingface_hub import errors as hf

    api = _hub_api()
    info = _hub_info(api, repo, revision, timeout)
    sha = info.sha or revision
    notes: list[str] = []
    config: dict[str, Any] | None = None
    try:
        path = api.hf_hub_download(repo, "config.json", revision=sha, etag_timeout=timeout)
        config = json.loads(Path(path).read_text(encoding="utf-8"))
    except hf.GatedRepoError:
        notes.append("config.json not readable: the repo is gated (accept its terms, set HF_TOKEN)")
    except (hf.EntryNotFoundError, hf.RemoteEntryNotFoundError):
        notes.append("the repo has no config.json")
    except json.JSONDecodeError as exc:
        notes.append(f"config.json is not JSON ({exc.msg})")
    except Exception as exc:
        raise _hub_error(exc, repo, "config.json", timeout) from None
    params: dict[str, int] | None = None
    try:
        meta = api.get_safetensors_metadata(repo, revision=sha, timeout=timeout)
        params = {k: int(v) for k, v in meta.parameter_count.items()}
    except hf.GatedRepoError:
        notes.append("safetensors headers not readable: the repo is gated")
    except hf.NotASafetensorsRepoError:
        notes.append("no safetensors weights (model.safetensors or an index): no exact count")
    except hf.SafetensorsParsingError as exc:
        notes.append(f"safetensors header not parsed: {exc}")
    except Exception as exc:
        raise _hub_error(exc, repo, "safetensors headers", timeout) from None
    card = info.card_data.to_dict() if info.card_data is not None else {}
    return ModelFacts(
        kind="hub",
        location=f"{hub_endpoint()}/{repo}",
        repo=repo,
        revision=sha,
        config=config,
        params_by_dtype=params,
        card=card,
        pipeline_tag=info.pipeline_tag or card.get("pipeline_tag"),
        gated=bool(info.gated) if info.gated is not None else None,
        downloads=info.downloads,
        created=info.created_at.date() if info.created_at else None,
        notes=tuple(notes),
    )


# ---------------------------------------------------------------------------------------------
# Reading a folder


def read_folder(folder: str | os.PathLike[str]) -> ModelFacts:
    """Facts about a local model folder: config.json, the safetensors headers (the first bytes
    of each file: weights are not loaded) and the README's metadata block."""
    root = Path(folder).expanduser().resolve()
    if not root.is_dir():
        raise ModelMetadataError(f"{root}: no such folder")
    notes: list[str] = []
    config: dict[str, Any] | None = None
    config_file = root / "config.json"
    if config_file.is_file():
        try:
            config = json.loads(config_file.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ModelMetadataError(f"{config_file}: not a JSON file ({exc})") from None
    else:
        notes.append("the folder has no config.json")
    shards = sorted(root.glob("*.safetensors"))
    params: dict[str, int] | None = None
    if shards:
        params = {}
        for shard in shards:
            try:
                counts = safetensors_counts(shard)
            except ValueError as exc:
                raise ModelMetadataError(str(exc)) from None
            for dtype, count in counts.items():
                params[dtype] = params.get(dtype, 0) + count
    else:
        notes.append("no .safetensors files in the folder: no exact parameter count")
    card = _readme_metadata(root / "README.md")
    if config is None and not shards:
        raise ModelMetadataError(
            f"{root} holds no model: neither config.json nor .safetensors files"
        )
    return ModelFacts(
        kind="folder",
        location=str(root),
        repo=None,
        revision=None,
        config=config,
        params_by_dtype=params,
        card=card,
        pipeline_tag=card.get("pipeline_tag"),
        gated=None,
        downloads=None,
        created=None,
        notes=tuple(notes),
    )


def _readme_metadata(readme: Path) -> dict[str, Any]:
    """The YAML block at the top of a model card (between ``---`` lines); {} if none."""
    if not readme.is_file():
        return {}
    text = readme.read_text(encoding="utf-8", errors="replace")
    match = re.match(r"^---\s*\n(.*?)\n---\s*(\n|$)", text, re.DOTALL)
    if not match:
        return {}
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


# ---------------------------------------------------------------------------------------------
# From facts to a record

#: Hub pipeline tag -> (input modalities, output modalities, tasks).
_PIPELINES: dict[str, tuple[list[str], list[str], list[str]]] = {
    "text-generation": (["text"], ["text"], ["chat_assistant"]),
    "text2text-generation": (["text"], ["text"], ["chat_assistant"]),
    "image-text-to-text": (["text", "image"], ["text"], ["image_understanding", "chat_assistant"]),
    "automatic-speech-recognition": (["audio"], ["text"], ["speech_to_text"]),
    "text-to-speech": (["text"], ["audio"], ["text_to_speech"]),
    "text-to-audio": (["text"], ["audio"], ["text_to_speech"]),
    "text-to-image": (["text"], ["image"], ["image_generation"]),
    "feature-extraction": (["text"], ["embedding"], ["embeddings_search"]),
    "sentence-similarity": (["text"], ["embedding"], ["embeddings_search"]),
}
_PRECISIONS = {"BF16": "bf16", "F16": "fp16", "F32": "fp32", "F8_E4M3": "fp8", "F8_E5M2": "fp8"}


@dataclass(frozen=True)
class Draft:
    """A record drafted from a model's files, with what the user should fill in."""

    record: ModelRecord
    missing: tuple[str, ...]  #: facts no file gave (null in the record, or to check)
    notes: tuple[str, ...]  #: what was read, and how to read the record


def map_license(kb: KnowledgeBase, tag: str | None, name: str | None = None) -> str | None:
    """The catalogued licence a card's ``license`` tag (or, for "other", its ``license_name``)
    names: by id, SPDX id or name, ignoring case and ``-``/``_``/spaces; None if none."""

    def compact(text: str) -> str:
        return "".join(ch for ch in text.lower() if ch not in " -_")

    index: dict[str, str] = {}
    for lic in kb.licenses.values():
        for key in (lic.id, lic.spdx, lic.name):
            if key:
                index.setdefault(compact(key), lic.id)
    for candidate in (tag, name):
        if candidate and candidate.lower() != "other":
            found = index.get(compact(candidate))
            if found:
                return found
    return None


def _model_id(name: str) -> str:
    text = re.sub(r"[^a-z0-9._-]+", "-", name.lower()).strip("-._")
    return text[:120] or "model"


def _listed(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value if v]


def geometry_from_config(
    config: Mapping[str, Any],
) -> tuple[Geometry | None, int | None, str | None]:
    """Geometry, context length and a note on what could not be read, from config.json."""
    text: Mapping[str, Any] = config
    for key in ("text_config", "llm_config", "language_config"):
        if isinstance(config.get(key), dict):
            text = config[key]
            break

    def first(*keys: str) -> Any:
        for key in keys:
            value = text.get(key, config.get(key))
            if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                return value
        return None

    context = first("max_position_embeddings", "n_positions", "max_seq_len", "seq_length")
    layers = first("num_hidden_layers", "n_layer", "num_layers")
    heads = first("num_attention_heads", "n_head")
    hidden = first("hidden_size", "n_embd", "d_model")
    if not (layers and heads and hidden):
        return None, context, "config.json lacks layers, heads or width: no geometry"
    kv = first("num_key_value_heads", "num_kv_heads", "multi_query_group_num") or heads
    lora, rope = first("kv_lora_rank"), first("qk_rope_head_dim")
    if lora and rope:
        attention = "mla"
    else:
        lora = rope = None
        attention = "mha" if kv == heads else ("mqa" if kv == 1 else "gqa")
    window = first("sliding_window") if text.get("use_sliding_window", True) else None
    layer_types = [str(t) for t in text.get("layer_types") or []]
    full = sum(t == "full_attention" for t in layer_types)
    sliding = sum(t == "sliding_attention" for t in layer_types)
    cached = (full + sliding) if layer_types and full + sliding < len(layer_types) else None
    try:
        geometry = Geometry.model_validate(
            {
                "num_layers": layers,
                "num_attention_heads": heads,
                "num_kv_heads": kv,
                "head_dim": first("head_dim"),
                "hidden_size": hidden,
                "attention": attention,
                "kv_lora_rank": lora,
                "qk_rope_head_dim": rope,
                "sliding_window": window,
                "full_attention_layers": full if window and layer_types else None,
                "kv_cache_layers": cached or None,
            }
        )
    except ValidationError as exc:
        reason = exc.errors()[0]["msg"].removeprefix("Value error, ")
        return None, context, f"config.json geometry not usable: {reason}"
    return geometry, context, None


def draft_record(
    facts: ModelFacts,
    kb: KnowledgeBase,
    *,
    model_id: str | None = None,
    license_id: str | None = None,
    tasks: Sequence[str] = (),
    name: str | None = None,
    now: datetime | None = None,
) -> Draft:
    """A model record from ``facts``: ``checked`` names what came from files, null is unknown.

    Raises :class:`ModelMetadataError` when the licence cannot be mapped to a catalogued one
    (the message says how to choose: ``license_id``), when the kind of model cannot be told
    (give ``tasks``), or when the id or repo is already catalogued.
    """
    now = now or datetime.now(UTC).replace(microsecond=0)
    card = facts.card
    checked: list[str] = []
    missing: list[str] = []
    notes: list[str] = list(facts.notes)
    record_id = model_id or _model_id(facts.name)
    _check_new(kb, record_id, facts.repo)

    # licence
    tag, tag_name = card.get("license"), card.get("license_name")
    if license_id is not None:
        kb.license(license_id)  # an unknown id is an error naming the close ones
        mapped = map_license(kb, tag, tag_name)
        if mapped == license_id:
            checked.append("license")
        elif tag:
            notes.append(f"licence {license_id} chosen by you; the card says '{tag}'")
    else:
        mapped = map_license(kb, tag, tag_name)
        if mapped is None:
            raise ModelMetadataError(_license_question(kb, tag, tag_name, facts))
        license_id = mapped
        checked.append("license")

    # what kind of model
    pipeline = facts.pipeline_tag
    config: Mapping[str, Any] = facts.config or {}
    architectures = _listed(config.get("architectures"))
    if pipeline is None and any(a.endswith("ForCausalLM") for a in architectures):
        pipeline = "text-generation"
    if pipeline not in _PIPELINES and not tasks:
        raise ModelMetadataError(
            f"cannot tell what kind of model {facts.name} is (pipeline tag "
            f"{pipeline or 'absent'}): give its tasks with --task (`modelrec kb list tasks`)"
        )
    ins, outs, default_tasks = _PIPELINES.get(pipeline or "", (["text"], ["text"], []))
    if pipeline in _PIPELINES:
        checked.append("pipeline_tag")
    chosen_tasks = list(tasks) or default_tasks
    for task in chosen_tasks:
        kb.task(task)
    if not tasks:
        notes.append(
            f"tasks {', '.join(chosen_tasks)} follow from the pipeline tag '{pipeline}'; "
            "list the tasks it is meant for with --task or `kb edit`"
        )
    lowered = facts.name.lower()
    if re.search(r"instruct|chat|-it\b|sft|dpo", lowered):
        variant = "instruct"
    elif re.search(r"coder|code", lowered):
        variant = "code"
    elif re.search(r"reason|think|-r1\b", lowered):
        variant = "reasoning"
    else:
        variant = "base" if "text-generation" in (pipeline or "") else "instruct"
    notes.append(f"variant '{variant}' follows from the name; correct it with `kb edit`")
    architecture = "encoder_decoder" if config.get("is_encoder_decoder") else "decoder_only"
    if outs == ["embedding"]:
        architecture = (
            "encoder_only"
            if not architectures
            or any("Bert" in a or "Roberta" in a or "XLM" in a for a in architectures)
            else "decoder_only"
        )
    elif outs == ["image"]:
        architecture = "diffusion"

    # geometry, context length, parameters, precision
    geometry, context, why = geometry_from_config(config) if facts.config else (None, None, None)
    if why:
        notes.append(why)
    if geometry is not None:
        checked.append("geometry")
    else:
        missing.append("geometry (layers, heads, kv heads, width: for the KV-cache estimate)")
    if context is not None:
        checked.append("context_length")
    else:
        missing.append("context_length (tokens)")
    total: float | None = None
    precision: str | None = None
    quant = config.get("quantization_config")
    if facts.params_by_dtype:
        dominant = max(facts.params_by_dtype.items(), key=lambda kv: kv[1])[0]
        precision = _PRECISIONS.get(dominant)
        if quant and precision != "fp8":
            bits = quant.get("bits") if isinstance(quant, dict) else None
            precision = "int4" if bits == 4 else None
            notes.append(
                "the weights are quantised: header counts are packed values, not parameters"
            )
        else:
            total = round(sum(facts.params_by_dtype.values()) / 1e9, 9)  # exact count
            checked.append("total_params_b")
        if precision is not None:
            checked.append("shipped_precision")
    if total is None:
        missing.append("total_params_b (billions)")
    nested = config.get("text_config")
    text_cfg: Mapping[str, Any] = nested if isinstance(nested, dict) else config
    experts = any(text_cfg.get(k) for k in ("num_local_experts", "num_experts", "n_routed_experts"))
    if experts:  # dense models leave active_params_b null: all parameters are active
        missing.append("active_params_b (a mixture of experts: parameters used per token)")

    # card: languages, base model, gating
    languages = {
        code.lower(): "good"
        for code in _listed(card.get("language"))
        if re.fullmatch(r"[a-zA-Z]{2}", code)
    }
    if languages:
        checked.append("languages")
        notes.append(
            "languages listed on the card are recorded as 'good' (the card gives no level): "
            "set strong or basic with `kb edit`"
        )
    else:
        missing.append("languages (ISO 639-1 code -> strong / good / basic)")
    base_model = None
    extra_licenses: list[str] = []
    for base in _listed(card.get("base_model"))[:1]:
        known = kb.get_model(base)
        if known is not None:
            base_model = known.id
            restrictive = kb.licenses[known.license].license_class not in (
                "osi_permissive",
                "osi_copyleft",
            )
            if restrictive and known.license != license_id:
                extra_licenses.append(known.license)
                notes.append(f"carries {known.license}: a fine-tune of {known.id} keeps its terms")
        elif "/" in base and base != facts.repo:
            base_model = base
        if base_model:
            checked.append("base_model")
    maker = kb.maker_of_repo(facts.repo) if facts.repo else None
    if maker is None and base_model:
        base_record = kb.get_model(base_model)
        if base_record is None and "/" in base_model:
            maker = kb.maker_of_repo(base_model)
    if maker is not None and facts.repo and kb.maker_of_repo(facts.repo) is maker:
        creator = maker.name
    else:
        creator = facts.repo.split("/", 1)[0] if facts.repo else "unknown"
        missing.append("creator (a maker from makers.yaml: its country decides origin rules)")
    if facts.gated is not None:
        checked.append("gated")
    if facts.created is None:
        missing.append("release_date")

    family = str(text_cfg.get("model_type") or config.get("model_type") or facts.name.lower())
    source = facts.location if facts.revision is None else f"{facts.location}/tree/{facts.revision}"
    try:
        record = ModelRecord.model_validate(
            {
                "id": record_id,
                "name": name or facts.name,
                "creator": creator,
                "family": family,
                "description": f"Added with `modelrec kb add` from {facts.location}.",
                "hf_repo": facts.repo,
                "release_date": facts.created,
                "variant": variant,
                "architecture": architecture,
                "input_modalities": ins,
                "output_modalities": outs,
                "tasks": chosen_tasks,
                "languages": languages,
                "total_params_b": total,
                "context_length": context,
                "geometry": geometry,
                "shipped_precision": precision,
                "license": license_id,
                "extra_licenses": extra_licenses,
                "open_weights": True,
                "gated": bool(facts.gated),
                "requires_remote_code": any(
                    "auto_map" in c for c in (config, text_cfg) if isinstance(c, dict)
                ),
                "base_model": base_model,
                "source": source,
                "as_of": now.date(),
                "checked": checked,
                "notes": None,
                "user_added": UserAdded(
                    via="kb add",
                    kind="hub" if facts.kind == "hub" else "folder",
                    location=facts.location,
                    revision=facts.revision,
                    read_at=now.isoformat().replace("+00:00", "Z"),
                    downloads=facts.downloads,
                    missing=missing,
                ),
            }
        )
    except ValidationError as exc:
        raise ModelMetadataError(
            f"the facts read from {facts.location} do not make a valid record: {exc}"
        ) from None
    return Draft(record=record, missing=tuple(missing), notes=tuple(notes))


def _check_new(kb: KnowledgeBase, record_id: str, repo: str | None) -> None:
    """``kb add`` adds a model: a catalogued one is refreshed instead."""
    if repo is not None:
        known = kb.get_model(repo)
        if known is not None and known.hf_repo and known.hf_repo.lower() == repo.lower():
            if ("models", known.id) not in kb.overlay_ids:
                raise ModelMetadataError(
                    f"{repo} is catalogued as '{known.id}': `modelrec kb refresh {known.id}` "
                    "re-reads its Hub metadata"
                )
            if known.id != record_id:
                raise ModelMetadataError(
                    f"{repo} is already in your overlay as '{known.id}' (give --id {known.id} "
                    "to read it again)"
                )
    clash = kb.get_model(record_id)
    if clash is not None and clash.id == record_id and ("models", clash.id) not in kb.overlay_ids:
        raise ModelMetadataError(
            f"the id '{record_id}' is taken by a catalogued model ({clash.name}): choose another "
            "with --id"
        )


def _license_question(
    kb: KnowledgeBase, tag: str | None, tag_name: str | None, facts: ModelFacts
) -> str:
    if not tag:
        return (
            f"the card of {facts.name} states no licence: choose one with --license ID "
            "('no-license-stated' when none is granted; `modelrec kb list licenses` lists them)"
        )
    said = tag if tag != "other" or not tag_name else f"other ({tag_name})"
    near = closest_matches(tag_name or tag, kb.licenses.keys(), n=3)
    hint = f" (closest: {', '.join(near)})" if near else ""
    return (
        f"the card's licence '{said}' is not catalogued: read it and choose the catalogued "
        f"licence it corresponds to with --license ID{hint}; `modelrec kb list licenses` "
        "lists them all"
    )


# ---------------------------------------------------------------------------------------------
# The overlay on disk


def overlay_file(model_id: str, overlay_dir: Path | None = None) -> Path:
    """Where the overlay keeps the record of ``model_id``: one file per model."""
    return (overlay_dir or default_overlay_dir()) / "models" / f"{model_id}.yaml"


def write_overlay(record: ModelRecord, overlay_dir: Path | None = None) -> Path:
    """Write ``record`` to the user's overlay (replacing an earlier one); return the file."""
    path = overlay_file(record.id, overlay_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    dumped = record.model_dump(mode="json", exclude_defaults=True)
    dumped["open_weights"] = record.open_weights
    last = ("source", "as_of", "checked", "notes", "user_added")
    data = {k: v for k, v in dumped.items() if k not in last}
    data |= {k: dumped[k] for k in last if k in dumped}
    header = (
        f"# Written by modelrec ({record.user_added.via if record.user_added else 'kb'}); "
        "this file is yours: edit it with `modelrec kb edit "
        f"{record.id}`.\n# A null value is unknown.\n"
    )
    text = yaml.safe_dump(
        {"models": [data]}, sort_keys=False, allow_unicode=True, width=96, default_flow_style=None
    )
    tmp = path.with_suffix(".yaml.tmp")
    tmp.write_text(header + text, encoding="utf-8")
    tmp.replace(path)
    return path


def add_model(
    source: str,
    kb: KnowledgeBase,
    *,
    model_id: str | None = None,
    license_id: str | None = None,
    tasks: Sequence[str] = (),
    name: str | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
) -> Draft:
    """Read ``source`` (a Hub repo id or a folder), draft its record and write it to the
    overlay; the overlay is then loaded with the rest, so a clash fails here, not later
    (the file is removed again)."""
    from .loader import load_knowledge_base

    facts = read_source(source, timeout=timeout)
    draft = draft_record(
        facts, kb, model_id=model_id, license_id=license_id, tasks=tasks, name=name
    )
    path = overlay_file(draft.record.id)
    previous = path.read_bytes() if path.is_file() else None
    write_overlay(draft.record)
    try:
        load_knowledge_base(kb.root)
    except Exception:
        if previous is None:
            path.unlink()
        else:
            path.write_bytes(previous)
        raise
    return draft


# ---------------------------------------------------------------------------------------------
# Refresh


@dataclass(frozen=True)
class Change:
    """What the Hub says now about one catalogued open model, against its record."""

    model_id: str
    repo: str
    differences: tuple[tuple[str, str, str], ...]  #: (field, was, now)
    record: ModelRecord | None  #: the record to write (None when nothing changed)
    notes: tuple[str, ...] = ()
    error: str | None = None  #: the repo could not be read


def refresh_open_models(
    kb: KnowledgeBase,
    model_ids: Iterable[str] = (),
    *,
    timeout: float = DEFAULT_TIMEOUT_S,
    now: datetime | None = None,
) -> list[Change]:
    """Re-read the Hub metadata of catalogued open models (all current ones when ``model_ids``
    is empty): revision, gating, licence tag, downloads. Nothing is written.

    Raises :class:`HubUnreachable` when offline or when the Hub cannot be reached at all; a
    model the Hub no longer has (or a timeout on one) is a :class:`Change` with ``error``.
    """
    now = now or datetime.now(UTC).replace(microsecond=0)
    wanted = [kb.model(x) for x in model_ids] or [
        m for m in kb.models if m.hf_repo and m.status == "current"
    ]
    models = [m for m in wanted if m.hf_repo]
    api = _hub_api()
    changes: list[Change] = []
    for m in models:
        repo = m.hf_repo or ""
        try:
            info = _hub_info(api, repo, None, timeout)
        except HubUnreachable:
            raise
        except ModelMetadataError as exc:
            changes.append(Change(m.id, repo, (), None, error=str(exc)))
            continue
        changes.append(_compare(kb, m, info, now))
    return changes


def _compare(kb: KnowledgeBase, m: ModelRecord, info: Any, now: datetime) -> Change:
    diffs: list[tuple[str, str, str]] = []
    notes: list[str] = []
    update: dict[str, Any] = {}
    was = m.user_added
    old_revision = was.revision if was else None
    if info.sha and info.sha != old_revision:
        diffs.append(("revision", _short(old_revision), _short(info.sha)))
    gated = bool(info.gated) if info.gated is not None else m.gated
    if gated != m.gated:
        diffs.append(("gated", str(m.gated).lower(), str(gated).lower()))
        update["gated"] = gated
    card = info.card_data.to_dict() if info.card_data is not None else {}
    tag = card.get("license")
    mapped = map_license(kb, tag, card.get("license_name"))
    if mapped is not None and mapped != m.license:
        diffs.append(("license", m.license, mapped))
        update["license"] = mapped
    elif tag and mapped is None:
        notes.append(f"the card's licence tag '{tag}' is not catalogued; kept {m.license}")
    old_downloads = was.downloads if was else None
    if info.downloads is not None and info.downloads != old_downloads:
        before = "-" if old_downloads is None else f"{old_downloads:,}"
        diffs.append(("downloads (30 days)", before, f"{info.downloads:,}"))
    if not diffs:
        return Change(m.id, m.hf_repo or "", (), None, tuple(notes))
    checked = list(m.checked)
    for key in ("gated", "license"):
        if key in update and key not in checked:
            checked.append(key)
    record = m.model_copy(
        update={
            **update,
            "checked": checked,
            "as_of": now.date() if update else m.as_of,
            "user_added": UserAdded(
                via=was.via if was else "kb refresh",
                kind=was.kind if was else "hub",
                location=was.location if was else f"{hub_endpoint()}/{m.hf_repo}",
                revision=info.sha,
                read_at=now.isoformat().replace("+00:00", "Z"),
                downloads=info.downloads,
                missing=list(was.missing) if was else [],
            ),
        }
    )
    ModelRecord.model_validate(record.model_dump())  # a changed licence must still be valid
    return Change(m.id, m.hf_repo or "", tuple(diffs), record, tuple(notes))


def _short(revision: str | None) -> str:
    return "(not recorded)" if revision is None else revision[:12]


@dataclass(frozen=True)
class PriceChange:
    """One API model's list price, per 1M tokens, in the shipped data and in the update."""

    model_id: str
    field: str  #: "input" or "output"
    was: float | None
    now: float | None


@dataclass
class _PriceUpdate:
    changes: list[PriceChange] = field(default_factory=list)
    payload: bytes = b""


def prices_file(overlay_dir: Path | None = None) -> Path:
    """Where fetched API prices are kept (genai-prices' own data format)."""
    return (overlay_dir or default_overlay_dir()) / "prices" / "genai-prices.json"


def refresh_prices(
    kb: KnowledgeBase, *, url: str | None = None, timeout: float = DEFAULT_TIMEOUT_S
) -> tuple[list[PriceChange], bytes]:
    """Fetch current API prices with genai-prices' updater; return the changes for catalogued
    API models and the fetched data (for :func:`save_prices`). Nothing is written."""
    if _offline():
        raise HubUnreachable("offline: HF_HUB_OFFLINE is set, prices were not fetched")
    import httpx2
    from genai_prices.update_prices import DEFAULT_UPDATE_URL, UpdatePrices

    from .prices import api_price, prices_from

    target = url or os.environ.get("MODELREC_PRICES_URL") or DEFAULT_UPDATE_URL
    updater = UpdatePrices(url=target, request_timeout=httpx2.Timeout(timeout, connect=timeout))
    try:
        snapshot = updater.fetch()  # the updater's own fetch and parse
        # the same data as bytes, kept by save_prices (the snapshot has no serialiser)
        response = httpx2.get(updater.url, timeout=updater.request_timeout)
        response.raise_for_status()
    except httpx2.TimeoutException:
        raise ModelMetadataError(f"prices: {target} did not answer within {timeout:g} s") from None
    except httpx2.TransportError:
        raise HubUnreachable(f"cannot reach {target} (no network?): prices unchanged") from None
    except (httpx2.HTTPStatusError, ValueError) as exc:
        raise ModelMetadataError(f"prices: {target} gave no price data ({exc})") from None
    payload = response.content
    before = {m.id: _prices_of(api_price, m) for m in kb.models if m.api is not None}
    with prices_from(snapshot):
        after = {m.id: _prices_of(api_price, m) for m in kb.models if m.api is not None}
    changes = [
        PriceChange(model_id, label, old[i], after[model_id][i])
        for model_id, old in sorted(before.items())
        for i, label in enumerate(("input", "output"))
        if old[i] != after[model_id][i]
    ]
    return changes, payload


def _prices_of(api_price: Any, m: ModelRecord) -> tuple[float | None, float | None]:
    from ..errors import PriceUnavailableError

    try:
        p = api_price(m)
    except PriceUnavailableError:
        return None, None
    return p.input_per_mtok, p.output_per_mtok


def save_prices(payload: bytes, overlay_dir: Path | None = None) -> Path:
    """Keep fetched prices in the overlay; later runs price API models with them."""
    path = prices_file(overlay_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(payload)
    from .prices import use_prices

    use_prices(None)  # the next lookup reads the saved file
    return path
