"""Where a model to validate comes from, and whether it fits before anything loads it.

A model is named as a local directory, a knowledge-base id (its Hugging Face repo, looked up in
the local Hugging Face cache with ``scan_cache_dir``), a Hugging Face repo id in that cache, or
``KB_ID=DIRECTORY`` (a local copy that stands for a knowledge-base model in the re-ranking).
Nothing is downloaded unless ``download=True``, and then only when the hub is reachable.

:func:`check_fit` estimates memory from the directory's ``config.json`` and safetensors headers
(parameters x bytes per weight + KV cache for the longest prompt + new tokens x batch + runtime
overhead, the estimator's formulas) and compares it with a memory cap, or the free memory of the
device with a margin.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypedDict

from ..errors import ModelSourceError, NotFoundError
from ..inputs import safetensors_counts

if TYPE_CHECKING:
    from ..kb.loader import KnowledgeBase
    from ..kb.schema import ModelRecord

__all__ = [
    "FitCheck",
    "IdentityCheck",
    "ModelSource",
    "check_fit",
    "check_identity",
    "count_parameters",
    "resolve_model",
]

GIB = 2**30
_DTYPE_BYTES = {
    "float32": 4.0,
    "float16": 2.0,
    "bfloat16": 2.0,
    "F32": 4.0,
    "F16": 2.0,
    "BF16": 2.0,
    "F64": 8.0,
    "I64": 8.0,
    "I32": 4.0,
    "I16": 2.0,
    "I8": 1.0,
    "U8": 1.0,
    "BOOL": 1.0,
    "F8_E4M3": 1.0,
    "F8_E5M2": 1.0,
}


@dataclass(frozen=True)
class ModelSource:
    """A model resolved to a directory on this machine."""

    key: str  #: the name as the user gave it (the result's key)
    path: str  #: a directory; for an endpoint, its base URL (without credentials)
    kind: Literal["local", "hf_cache", "hub", "endpoint"]
    kb_id: str | None = None  #: the knowledge-base model it stands for, when known
    hf_repo: str | None = None
    #: runs in a knowledge-base model's place without being it (a smaller or random model):
    #: shown, labelled, never used to re-rank
    stand_in: bool = False
    #: how the source was checked against ``kb_id``: "verified: ...", "unverified: ..." or,
    #: for a stand-in, "mismatch: ..."
    identity: str | None = None
    endpoint_model: str | None = None  #: the model name an endpoint serves
    api_key_env: str | None = None  #: the environment variable holding its key (never the key)
    price: dict[str, Any] | None = None  #: an API model's list prices per 1M tokens

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "key": self.key,
            "path": self.path,
            "kind": self.kind,
            "kb_id": self.kb_id,
            "hf_repo": self.hf_repo,
        }
        extra = {
            "stand_in": self.stand_in,
            "identity": self.identity,
            "endpoint_model": self.endpoint_model,
            "api_key_env": self.api_key_env,
            "price": self.price,
        }
        out.update({k: v for k, v in extra.items() if v})
        return out


def resolve_model(
    spec: str,
    kb: KnowledgeBase | None = None,
    *,
    download: bool = False,
    stand_in: bool = False,
) -> ModelSource:
    """Resolve ``spec`` (a directory, KB id, cached repo id, or ``KB_ID=DIRECTORY``).

    A ``KB_ID=DIRECTORY`` folder is checked against the knowledge-base record
    (:func:`check_identity`: parameter count from the safetensors headers, layers and width from
    config.json); a mismatch is refused unless ``stand_in`` (the run then labels it and never
    re-ranks with it)."""
    from ..kb import load_knowledge_base

    kb = kb or load_knowledge_base()
    if "=" in spec:
        kb_name, _, directory = spec.partition("=")
        named = kb.model(kb_name.strip())  # UnknownModelError names close matches
        _refuse_api(named)
        folder = _model_dir(Path(directory), spec)
        checks: list[IdentityCheck] = []
        identity = check_identity(folder, named, mismatches=checks)
        if identity.startswith("mismatch") and not stand_in:
            raise ModelSourceError(
                f"model '{spec}': {directory} is not {named.id}: "
                f"{identity[len('mismatch: ') :]}; to measure it anyway in {named.id}'s place, "
                "mark it a stand-in (--stand-in): its results are then labelled and never "
                "change the ranking",
                code="folder_mismatch",
                params={"folder": directory, "kb_id": named.id, "checks": checks},
            )
        return ModelSource(
            spec, folder, "local", named.id, named.hf_repo, stand_in=stand_in, identity=identity
        )
    path = Path(spec).expanduser()
    if path.is_dir():
        return ModelSource(spec, _model_dir(path, spec), "local", _kb_id_for_dir(path, kb))
    if path.exists() or spec.startswith((".", "/", "~")):
        raise ModelSourceError(
            f"model '{spec}': not a directory holding a model (config.json)",
            code="not_model_dir",
            params={"path": spec},
        )
    repo = spec
    kb_id = None
    record: ModelRecord | None
    try:
        record = kb.model(spec)
    except NotFoundError:
        record = None
        if "/" not in spec:
            raise ModelSourceError(
                f"model '{spec}' is not a local directory, a knowledge-base id or a Hugging Face "
                "repo id (owner/name); `modelrec kb list` lists the knowledge base",
                code="not_a_model",
                params={"spec": spec},
            ) from None
    if record is not None:
        _refuse_api(record)
        if record.local_folder:  # added by `kb add FOLDER`: its weights are there
            folder = _model_dir(Path(record.local_folder), spec)
            return ModelSource(spec, folder, "local", record.id)
        if not record.hf_repo:
            raise ModelSourceError(
                f"'{record.id}' has no Hugging Face repo in the knowledge base",
                code="no_hf_repo",
                params={"kb_id": record.id},
            )
        repo, kb_id = record.hf_repo, record.id
    cached = _from_cache(repo)
    if cached is not None:
        return ModelSource(spec, str(cached), "hf_cache", kb_id, repo)
    if not download:
        what = f"'{spec}' (Hugging Face repo {repo})" if record else f"'{spec}' is no directory"
        raise ModelSourceError(
            f"model {what}{'' if record else ' and, as a Hugging Face repo, it'} is not in the "
            "local Hugging Face cache: download it first (`--download`, needs the network) or "
            "give a local directory",
            code="not_in_cache",
            params={"spec": spec, "repo": repo},
        )
    return ModelSource(spec, _download(repo), "hub", kb_id, repo)


#: A folder's parameter count may differ from the catalogue's by this fraction (rounding, tied
#: embeddings, a vision tower) and still be that model.
PARAMS_TOLERANCE = 0.15


class IdentityCheck(TypedDict):
    """One figure of an identity check that disagrees: what (``parameters``,
    ``num_hidden_layers``, ``hidden_size``, or an endpoint's ``api_id``), the value found and the
    catalogued one, as shown."""

    what: str
    found: str
    catalogued: str


def check_identity(
    path: str, record: ModelRecord, *, mismatches: list[IdentityCheck] | None = None
) -> str:
    """Is the model directory ``path`` the knowledge-base model ``record``? ``verified: ...``,
    ``unverified: ...`` (nothing to compare) or ``mismatch: ...``, with the figures; the figures
    that disagree are also appended to ``mismatches`` when given."""
    problems, matched = [], []
    found: list[IdentityCheck] = []
    params = count_parameters(path)
    if params is not None and record.total_params_b:
        ratio = params / (record.total_params_b * 1e9)
        what = f"{_billions(params)} parameters in its safetensors, {record.total_params_b:g}B "
        if abs(ratio - 1) > PARAMS_TOLERANCE:
            problems.append(what + "catalogued")
            found.append(
                {
                    "what": "parameters",
                    "found": _billions(params),
                    "catalogued": f"{record.total_params_b:g}B",
                }
            )
        else:
            matched.append(what + "catalogued")
    try:
        config = _text_config(json.loads((Path(path) / "config.json").read_text("utf-8")))
    except (OSError, ValueError):
        config = {}
    geometry = record.geometry
    if geometry is not None and config:
        for field_name, ours in (
            ("num_hidden_layers", geometry.num_layers),
            ("hidden_size", geometry.hidden_size),
        ):
            theirs = config.get(field_name)
            if isinstance(theirs, int):
                (matched if theirs == ours else problems).append(
                    f"{field_name} {theirs} in config.json, {ours} catalogued"
                )
                if theirs != ours:
                    found.append(
                        {"what": field_name, "found": str(theirs), "catalogued": str(ours)}
                    )
    if mismatches is not None:
        mismatches.extend(found)
    if problems:
        return "mismatch: " + "; ".join(problems)
    if matched:
        return "verified: " + "; ".join(matched)
    return "unverified: neither safetensors headers nor a catalogued shape to compare"


def _billions(n: float) -> str:
    return f"{n / 1e9:.3g}B" if n >= 1e8 else f"{n / 1e6:.3g}M"


def _refuse_api(record: Any) -> None:
    if record.api is not None or not record.open_weights:
        raise ModelSourceError(
            f"'{record.id}' is an API model: only open-weight models can be run here",
            code="api_model",
            params={"kb_id": record.id},
        )


def _model_dir(path: Path, spec: str) -> str:
    if not (path / "config.json").is_file():
        raise ModelSourceError(
            f"model '{spec}': {path} holds no config.json, so it is not a transformers model "
            "directory",
            code="no_config",
            params={"path": str(path)},
        )
    return str(path.resolve())


def _kb_id_for_dir(path: Path, kb: KnowledgeBase) -> str | None:
    """The knowledge-base model a directory is a copy of, when its config names the repo."""
    from ..inputs import InputFileError, read_text

    try:
        config = json.loads(read_text(path / "config.json", "text"))
    except (InputFileError, ValueError):
        return None
    name = config.get("_name_or_path") if isinstance(config, dict) else None
    if not isinstance(name, str) or "/" not in name or Path(name).exists():
        return None
    try:
        return kb.model(name).id
    except NotFoundError:
        return None


def hub_cache_dir() -> Path:
    """The Hugging Face hub cache as the environment says now (``HF_HUB_CACHE``, else
    ``$HF_HOME/hub``, else ``~/.cache/huggingface/hub``); huggingface_hub reads it only once,
    at import."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"])
    home = os.environ.get("HF_HOME")
    return (Path(home) if home else Path.home() / ".cache" / "huggingface") / "hub"


def _from_cache(repo: str) -> Path | None:
    """The newest cached snapshot of ``repo`` (case-insensitive), or None."""
    from huggingface_hub import scan_cache_dir
    from huggingface_hub.errors import CacheNotFound

    try:
        info = scan_cache_dir(hub_cache_dir())
    except CacheNotFound:
        return None
    for cached in info.repos:
        if cached.repo_type == "model" and cached.repo_id.lower() == repo.lower():
            revisions = sorted(cached.revisions, key=lambda r: r.last_modified, reverse=True)
            for revision in revisions:
                if (revision.snapshot_path / "config.json").is_file():
                    return Path(revision.snapshot_path)
    return None


def _download(repo: str) -> str:  # pragma: no cover - needs the network
    from huggingface_hub import snapshot_download

    if os.environ.get("HF_HUB_OFFLINE") == "1":
        raise ModelSourceError(
            f"cannot download {repo}: HF_HUB_OFFLINE=1 is set (unset it to allow downloads)"
        )
    try:
        return str(
            snapshot_download(
                repo,
                cache_dir=hub_cache_dir(),
                allow_patterns=["*.json", "*.safetensors", "*.model", "*.txt", "*.jinja", "*.py"],
            )
        )
    except Exception as exc:
        raise ModelSourceError(f"downloading {repo} failed: {exc}") from None


# ---------------------------------------------------------------------------------------------
# fit check


@dataclass(frozen=True)
class FitCheck:
    """Memory needed to run a model directory as asked, against what is available. GiB."""

    fits: bool
    needed_gb: float
    available_gb: float
    weights_gb: float
    kv_cache_gb: float
    overhead_gb: float
    parameters: int
    bytes_per_weight: float
    tokens: int  #: longest prompt + new tokens, per sequence
    batch_size: int
    limit: str  #: what ``available_gb`` is: a cap, free RAM, GPU memory
    predicted_decode_tokens_per_s: tuple[float, float] | None = None
    reason: str | None = None
    roofline_decode_tokens_per_s: float | None = None  #: bandwidth alone (efficiency 1)

    def to_json(self) -> dict[str, Any]:
        return {
            "fits": self.fits,
            "needed_gb": round(self.needed_gb, 4),
            "available_gb": round(self.available_gb, 3),
            "weights_gb": round(self.weights_gb, 4),
            "kv_cache_gb": round(self.kv_cache_gb, 4),
            "overhead_gb": round(self.overhead_gb, 3),
            "parameters": self.parameters,
            "bytes_per_weight": self.bytes_per_weight,
            "tokens": self.tokens,
            "batch_size": self.batch_size,
            "limit": self.limit,
            "predicted_decode_tokens_per_s": None
            if self.predicted_decode_tokens_per_s is None
            else [round(x, 2) for x in self.predicted_decode_tokens_per_s],
            "reason": self.reason,
            "roofline_decode_tokens_per_s": None
            if self.roofline_decode_tokens_per_s is None
            else round(self.roofline_decode_tokens_per_s, 2),
        }


def count_parameters(path: str | os.PathLike[str]) -> int | None:
    """Parameters in a model directory, from its safetensors headers (no weights are read);
    None without safetensors files, or when one is not readable as such."""
    files = sorted(Path(path).glob("*.safetensors"))
    try:
        total = sum(sum(safetensors_counts(file).values()) for file in files)
    except (OSError, ValueError):
        return None
    return total if files else None


def _parameters_from_config(path: str, trust_remote_code: bool) -> int:
    import torch
    import transformers

    # a local directory: never ask the hub (remote code may name another repo)
    config = transformers.AutoConfig.from_pretrained(
        path, trust_remote_code=trust_remote_code, local_files_only=True
    )
    with torch.device("meta"):
        model = transformers.AutoModelForCausalLM.from_config(  # type: ignore[no-untyped-call]
            config, trust_remote_code=trust_remote_code
        )
    return int(sum(p.numel() for p in model.parameters()))


def _text_config(config: dict[str, Any]) -> dict[str, Any]:
    nested = config.get("text_config")
    return nested if isinstance(nested, dict) else config


def check_fit(
    path: str,
    *,
    device: str,
    dtype: str,
    tokens: int,
    batch_size: int,
    memory_limit_gb: float | None = None,
    trust_remote_code: bool = False,
) -> FitCheck:
    """Will the model at ``path`` run on ``device`` (``cpu`` or ``cuda``) at ``dtype`` for
    ``batch_size`` sequences of ``tokens`` tokens? ``memory_limit_gb`` caps what it may use."""
    from ..estimate.fit import _DECODE_EFFICIENCY
    from ..estimate.memory import overhead_gb, usable_memory_gb
    from ..inputs import InputFileError, read_text

    try:
        raw = json.loads(read_text(Path(path) / "config.json", "text"))
    except (InputFileError, ValueError) as exc:
        raise ModelSourceError(f"{path}/config.json cannot be read: {exc}") from None
    if not isinstance(raw, dict):
        raise ModelSourceError(f"{path}/config.json is not a JSON object")
    config = _text_config(raw)
    if dtype == "auto":
        dtype = "bfloat16" if device == "cuda" else "float32"
    per_weight = _DTYPE_BYTES.get(dtype, 4.0)
    params = count_parameters(path)
    if params is None:
        params = _parameters_from_config(path, trust_remote_code)
    weights = params * per_weight / GIB
    layers = int(config.get("num_hidden_layers", 0) or 0)
    heads = int(config.get("num_attention_heads", 1) or 1)
    kv_heads = int(config.get("num_key_value_heads") or heads)
    head_dim = int(config.get("head_dim") or (int(config.get("hidden_size", 0) or 0) // heads))
    kv_per_token = 2 * layers * kv_heads * head_dim * per_weight
    kv = kv_per_token * tokens * batch_size / GIB
    cpu = device != "cuda"
    over = overhead_gb(weights, cpu_only=cpu)
    needed = weights + kv + over
    if memory_limit_gb is not None:
        available, limit = memory_limit_gb, f"the memory cap of {memory_limit_gb:g} GB"
    elif cpu:
        import psutil

        free = psutil.virtual_memory().available / GIB
        available, limit = usable_memory_gb(free, kind="cpu"), f"free RAM ({free:.1f} GB)"
    else:
        import torch

        total = torch.cuda.get_device_properties(0).total_memory / GIB
        available, limit = usable_memory_gb(total, kind="gpu"), f"GPU memory ({total:.1f} GB)"
    fits = needed <= available
    # the estimator's roofline on the default CPU bandwidth (50 GB/s); unknown for GPUs here
    predicted = None
    roofline = None
    if cpu:
        read = params * per_weight + kv_per_token * tokens
        roofline = 50e9 / read if read else 0.0
        low, high = _DECODE_EFFICIENCY["cpu"]
        predicted = (roofline * low, roofline * high)
    return FitCheck(
        fits=fits,
        needed_gb=needed,
        available_gb=available,
        weights_gb=weights,
        kv_cache_gb=kv,
        overhead_gb=over,
        parameters=params,
        bytes_per_weight=per_weight,
        tokens=tokens,
        batch_size=batch_size,
        limit=limit,
        predicted_decode_tokens_per_s=predicted,
        roofline_decode_tokens_per_s=roofline,
        reason=None
        if fits
        else (
            f"needs {needed:.2f} GB (weights {weights:.2f} + KV cache {kv:.2f} + overhead "
            f"{over:.2f}) at {dtype} for {batch_size} x {tokens} tokens; {limit} allows "
            f"{available:.2f} GB"
        ),
    )
