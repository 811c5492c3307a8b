"""Load ``knowledge/`` into a validated, cross-checked :class:`KnowledgeBase`.

Every YAML file under the knowledge directory (except ``prompts/``, which holds prompt suites)
is a mapping whose top-level keys name record kinds: ``models``, ``licenses``, ``tasks``,
``hardware``, ``runtimes``..., each a list of records. All files are read and every problem is
collected before anything is reported, so one ``modelrec kb validate`` shows them all.

The user's overlay, ``$MODELREC_HOME/knowledge/`` (default ``~/.modelrec/knowledge``), has the
same layout and is read after the shipped files: a record there replaces the shipped record of
the same kind and id (``modelrec kb add`` and ``kb refresh`` write it; the shipped files are never
written). ``kb_version`` hashes the merged content, so it covers both.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import (
    KnowledgeBaseInvalid,
    KnowledgeBaseNotFound,
    NotFoundError,
    Problem,
    UnknownHardwareError,
    UnknownLicenseError,
    UnknownModelError,
    UnknownTaskError,
    closest_matches,
)
from ._yaml import DuplicateKeyError, LineDict, load_yaml, malformed
from .schema import (
    BenchmarkRecord,
    BenchmarkScore,
    CurrencyRecord,
    HardwareRecord,
    LicenseRecord,
    MakerRecord,
    ModelRecord,
    Record,
    RuntimeRecord,
    ScoreRecord,
    TaskRecord,
    is_record_id,
)

__all__ = [
    "CONTRACT_TASK_IDS",
    "KINDS",
    "KnowledgeBase",
    "default_knowledge_dir",
    "default_overlay_dir",
    "load_knowledge_base",
    "validate_knowledge",
]

#: Top-level key in a knowledge file -> the record type its list holds.
KINDS: dict[str, type[Record]] = {
    "models": ModelRecord,
    "licenses": LicenseRecord,
    "tasks": TaskRecord,
    "hardware": HardwareRecord,
    "benchmarks": BenchmarkRecord,
    "makers": MakerRecord,
    "scores": ScoreRecord,
    "currencies": CurrencyRecord,
    "runtimes": RuntimeRecord,
}

#: Task ids other code relies on (DESIGN.md); tasks.yaml must define each. More may be added.
CONTRACT_TASK_IDS = (
    "chat_assistant",
    "customer_support",
    "summarization",
    "translation",
    "rag_qa",
    "information_extraction",
    "classification",
    "code_generation",
    "code_completion",
    "text_to_sql",
    "math_reasoning",
    "agents_tool_use",
    "creative_writing",
    "long_document_analysis",
    "embeddings_search",
    "speech_to_text",
    "text_to_speech",
    "image_generation",
    "image_understanding",
    "document_ocr",
)

#: Sub-directories of the knowledge directory that hold other kinds of data.
_NOT_RECORDS = ("prompts", "calibration")
_ENV_VAR = "MODELREC_KNOWLEDGE"

R = TypeVar("R", bound=Record)


def default_knowledge_dir() -> Path:
    """Where the knowledge base is: ``$MODELREC_KNOWLEDGE``, else ``knowledge/`` of this
    checkout, else the copy bundled in the installed wheel."""
    env = os.environ.get(_ENV_VAR)
    if env:
        return Path(env)
    package = Path(__file__).resolve().parent.parent
    checkout = package.parent / "knowledge"
    if checkout.is_dir() and (package.parent / "pyproject.toml").is_file():
        return checkout
    bundled = package / "_knowledge"
    if bundled.is_dir():
        return bundled
    raise KnowledgeBaseNotFound(
        f"no knowledge base found (looked at {checkout} and {bundled}); "
        f"pass a path or set {_ENV_VAR}"
    )


def default_overlay_dir() -> Path:
    """The user's overlay of the knowledge base: ``$MODELREC_HOME/knowledge`` (default
    ``~/.modelrec/knowledge``). It may not exist."""
    home = os.environ.get("MODELREC_HOME")
    return (Path(home) if home else Path.home() / ".modelrec") / "knowledge"


class KnowledgeBase:
    """Validated knowledge records with lookups by id, alias or Hugging Face repo.

    Build one with :func:`load_knowledge_base`. ``kb_version`` is a hash of the canonical
    content: formatting and comments do not change it; any fact does.
    """

    def __init__(
        self,
        *,
        root: Path,
        models: Sequence[ModelRecord],
        licenses: Sequence[LicenseRecord],
        tasks: Sequence[TaskRecord],
        hardware: Sequence[HardwareRecord],
        benchmarks: Sequence[BenchmarkRecord] = (),
        makers: Sequence[MakerRecord] = (),
        currencies: Sequence[CurrencyRecord] = (),
        runtimes: Sequence[RuntimeRecord] = (),
        orphan_scores: Sequence[tuple[str, int, str]] = (),
        locations: Mapping[tuple[str, str], tuple[str, int]] | None = None,
        overlay_root: Path | None = None,
        overlay_ids: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.root = root
        #: the user's overlay directory merged into this knowledge, when it held records
        self.overlay_root = overlay_root
        #: (kind, id) of every record that came from the overlay
        self.overlay_ids: frozenset[tuple[str, str]] = frozenset(overlay_ids)
        #: (kind, id) -> (file, line) where the record is defined, for integrity reports
        self.locations: Mapping[tuple[str, str], tuple[str, int]] = locations or {}
        #: evidence scores naming a model not in this knowledge base (file, line, model id)
        self.orphan_scores: tuple[tuple[str, int, str], ...] = tuple(orphan_scores)
        self.models: tuple[ModelRecord, ...] = tuple(sorted(models, key=lambda m: m.id))
        self.licenses: Mapping[str, LicenseRecord] = {x.id: x for x in licenses}
        self.tasks: Mapping[str, TaskRecord] = {x.id: x for x in tasks}
        self.hardware: tuple[HardwareRecord, ...] = tuple(sorted(hardware, key=lambda h: h.id))
        self.benchmarks: Mapping[str, BenchmarkRecord] = {x.id: x for x in benchmarks}
        self.makers: Mapping[str, MakerRecord] = {x.id: x for x in makers}
        self.currencies: Mapping[str, CurrencyRecord] = {x.code: x for x in currencies}
        self.runtimes: Mapping[str, RuntimeRecord] = {x.id: x for x in runtimes}
        self._runtime_names = _name_index(
            self.runtimes.values(), lambda r: [r.id, r.name, *r.aliases]
        )
        self._model_names = _name_index(self.models, lambda m: [m.id, *m.aliases, m.hf_repo])
        self._compact_model_names: dict[str, ModelRecord] | None = None
        self._hardware_names = _name_index(self.hardware, lambda h: [h.id, h.name, *h.aliases])
        self._benchmark_names = _name_index(
            self.benchmarks.values(), lambda b: [b.id, b.name, *b.aliases]
        )
        self._maker_names = _name_index(self.makers.values(), lambda x: [x.id, x.name, *x.aliases])
        self._maker_orgs = _name_index(self.makers.values(), lambda x: x.hf_orgs)
        self.kb_version = _content_hash(
            {
                "models": self.models,
                "licenses": list(self.licenses.values()),
                "tasks": list(self.tasks.values()),
                "hardware": self.hardware,
                "benchmarks": list(self.benchmarks.values()),
                "makers": list(self.makers.values()),
                "currencies": list(self.currencies.values()),
                **({"runtimes": list(self.runtimes.values())} if self.runtimes else {}),
            }
        )

    def __repr__(self) -> str:
        return (
            f"<KnowledgeBase {self.kb_version}: {len(self.models)} models, "
            f"{len(self.licenses)} licences, {len(self.tasks)} tasks, "
            f"{len(self.hardware)} hardware, {len(self.benchmarks)} benchmarks, from {self.root}>"
        )

    def model(self, name: str) -> ModelRecord:
        """The model whose id, alias or Hugging Face repo is ``name`` (case-insensitive)."""
        return _lookup(self._model_names, name, UnknownModelError)

    def hardware_item(self, name: str) -> HardwareRecord:
        """The accelerator or platform whose id, name or alias is ``name`` (case-insensitive)."""
        return _lookup(self._hardware_names, name, UnknownHardwareError)

    def runtime(self, name: str) -> RuntimeRecord:
        """An inference runtime by id, name or alias (``llama.cpp``, ``ollama``, ``vllm``...)."""
        found = self._runtime_names.get(_norm(name))
        if found is None:
            from ..errors import EstimateError

            raise EstimateError(
                f"unknown runtime '{name}'; choose one of {', '.join(sorted(self.runtimes))}"
            )
        return found

    def hardware_matches(self, name: str) -> list[HardwareRecord]:
        """Every accelerator ``name`` could mean: the exact one, or each whose id, name or
        alias contains it ("H100" -> the SXM, PCIe and NVL parts)."""
        exact = self._hardware_names.get(_norm(name))
        if exact is not None:
            return [exact]
        wanted = _compact(name)
        if not wanted:
            return []
        found: dict[str, HardwareRecord] = {}
        for key, record in self._hardware_names.items():
            if _compact(key) == wanted:
                return [record]
            if wanted in _compact(key):
                found[record.id] = record
        return sorted(found.values(), key=lambda h: h.id)

    def get_model(self, name: str) -> ModelRecord | None:
        """Like :meth:`model`, but None when there is no such model (no suggestions computed:
        cheap enough for lookups in a loop)."""
        found = self._model_names.get(_norm(name))
        if found is None:
            found = self._compact_models().get(_compact(name))
        return found

    def _compact_models(self) -> dict[str, ModelRecord]:
        if self._compact_model_names is None:
            index: dict[str, ModelRecord | None] = {}
            for key, record in self._model_names.items():
                ck = _compact(key)
                index[ck] = record if index.get(ck, record) is record else None  # ambiguous
            self._compact_model_names = {k: v for k, v in index.items() if v is not None}
        return self._compact_model_names

    def with_models(self, models: Iterable[ModelRecord]) -> KnowledgeBase:
        """The same knowledge with another set of models (for what-if analyses and tests)."""
        return KnowledgeBase(
            root=self.root,
            models=list(models),
            licenses=list(self.licenses.values()),
            tasks=list(self.tasks.values()),
            hardware=self.hardware,
            benchmarks=list(self.benchmarks.values()),
            makers=list(self.makers.values()),
            currencies=list(self.currencies.values()),
            runtimes=list(self.runtimes.values()),
            locations=self.locations,
            overlay_root=self.overlay_root,
            overlay_ids=self.overlay_ids,
        )

    def benchmark(self, name: str) -> BenchmarkRecord | None:
        """The benchmark whose id, name or alias is ``name`` (case-insensitive); None if none."""
        return self._benchmark_names.get(_norm(name))

    def maker(self, creator: str) -> MakerRecord | None:
        """The maker a model's ``creator`` names (by id, name or alias); None if none."""
        return self._maker_names.get(_norm(creator))

    def maker_of_repo(self, repo: str) -> MakerRecord | None:
        """The maker whose Hugging Face organisation publishes ``repo`` ("Qwen/Qwen3-8B")."""
        org = repo.split("/", 1)[0] if "/" in repo else ""
        return self._maker_orgs.get(_norm(org)) if org else None

    def successor_chain(self, model: ModelRecord) -> list[ModelRecord]:
        """The models that replace ``model``, in order (cycles stop the walk)."""
        chain: list[ModelRecord] = []
        seen = {model.id}
        current = model
        while current.successor and current.successor not in seen:
            nxt = self.get_model(current.successor)
            if nxt is None:
                break
            current = nxt
            seen.add(current.id)
            chain.append(current)
        return chain

    def license(self, license_id: str) -> LicenseRecord:
        return _lookup(self.licenses, license_id, UnknownLicenseError)

    def task(self, task_id: str) -> TaskRecord:
        return _lookup(self.tasks, task_id, UnknownTaskError)

    def find(self, name: str) -> ModelRecord | LicenseRecord | TaskRecord | HardwareRecord:
        """A record of any kind by name: models first, then licences, tasks, hardware."""
        lookups = (self.model, self.license, self.task, self.hardware_item)
        for lookup in lookups:
            try:
                return lookup(name)
            except NotFoundError:
                continue
        every = [*self._model_names, *self.licenses, *self.tasks, *self._hardware_names]
        raise NotFoundError(name, every, hint="(`modelrec kb list [KIND]` lists them)")


def _name_index(records: Iterable[R], names: Any) -> dict[str, R]:
    index: dict[str, R] = {}
    for record in records:
        for name in names(record):
            if name:
                index.setdefault(_norm(name), record)
    return index


def _norm(name: str) -> str:
    return name.strip().lower()


def _compact(name: str) -> str:
    """Looser key: 'RTX4090', 'rtx 4090' and 'rtx-4090' are one name."""
    return "".join(ch for ch in name.lower() if ch not in " -_")


def _lookup(index: Mapping[str, R], name: str, error: type[NotFoundError]) -> R:
    """By exact (case-insensitive) name, else by compact name when that is unambiguous.
    Failing both, the error suggests the closest records, each named once by its id."""
    found = index.get(_norm(name))
    if found is not None:
        return found
    compact = {id(r): r for key, r in index.items() if _compact(key) == _compact(name)}
    if len(compact) == 1:
        return next(iter(compact.values()))
    ids: list[str] = []
    for near in closest_matches(name, index.keys(), n=10):
        record_id = getattr(index[near], "id", near)
        if record_id not in ids:
            ids.append(record_id)
    raise error(name, index.keys(), suggestions=ids[:5]) from None


def _content_hash(content: Mapping[str, Iterable[BaseModel]]) -> str:
    canonical = {kind: [_canonical(r) for r in rs] for kind, rs in content.items()}
    blob = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()[:12]


def _canonical(record: BaseModel) -> dict[str, Any]:
    data = record.model_dump(mode="json")
    if data.get("user_added", 0) is None:
        del data["user_added"]  # shipped records hash as they did before the overlay existed
    return data


# ---------------------------------------------------------------------------------------------
# Loading


def load_knowledge_base(
    path: str | os.PathLike[str] | None = None,
    *,
    overlay: str | os.PathLike[str] | bool = True,
) -> KnowledgeBase:
    """Read, validate and cross-check the knowledge directory at ``path`` (default:
    :func:`default_knowledge_dir`) merged with the user's overlay (``overlay``: True for
    :func:`default_overlay_dir`, a directory, or False for none). Raises
    :class:`KnowledgeBaseInvalid` listing every problem, the overlay's included.

    Results are cached per directory until one of its files (or the overlay's) changes.
    """
    root = Path(path) if path is not None else default_knowledge_dir()
    files = _knowledge_files(root)
    stamp = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    overlay_dir = default_overlay_dir() if overlay is True else (Path(overlay) if overlay else None)
    extra: tuple[tuple[str, int, int], ...] = ()
    if overlay_dir is not None and overlay_dir.is_dir():
        extra = tuple(
            (str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in _record_files(overlay_dir)
        )
    return _load_cached(root.resolve(), stamp, overlay_dir if extra else None, extra)


def validate_knowledge(path: str | os.PathLike[str] | None = None) -> list[Problem]:
    """Every problem in the knowledge directory at ``path``; empty when it is valid."""
    try:
        load_knowledge_base(path)
    except KnowledgeBaseInvalid as exc:
        return list(exc.problems)
    return []


@lru_cache(maxsize=8)
def _load_cached(
    root: Path,
    stamp: tuple[tuple[str, int, int], ...],
    overlay_dir: Path | None = None,
    overlay_stamp: tuple[tuple[str, int, int], ...] = (),
) -> KnowledgeBase:
    reader = _Reader(root)
    for file, _, _ in stamp:
        reader.read_file(Path(file))
    reader.in_overlay = True
    for file, _, _ in overlay_stamp:
        reader.read_file(Path(file))
    reader.overlay_root = overlay_dir
    return reader.build()


def _record_files(root: Path) -> list[Path]:
    return sorted(
        p
        for p in root.rglob("*")
        if p.suffix in (".yaml", ".yml")
        and p.is_file()
        and not any(part in _NOT_RECORDS for part in p.relative_to(root).parts[:-1])
    )


def _knowledge_files(root: Path) -> list[Path]:
    if not root.is_dir():
        raise KnowledgeBaseNotFound(f"knowledge directory not found: {root}")
    files = _record_files(root)
    if not files:
        raise KnowledgeBaseInvalid(
            [Problem(str(root), None, None, None, "no .yaml files found: is this a knowledge dir?")]
        )
    return files


@dataclass
class _Loaded:
    record: Record
    file: str
    raw: LineDict
    overlay: bool = False

    @property
    def id(self) -> str:
        record_id = getattr(self.record, "id", None)
        if record_id is None:  # a score is identified by what it scores
            return f"{getattr(self.record, 'model')}:{getattr(self.record, 'benchmark')}"  # noqa: B009
        return str(record_id)


class _Reader:
    """Accumulates records and problems across files, then cross-checks them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.loaded: dict[str, list[_Loaded]] = {kind: [] for kind in KINDS}
        # ids of records that exist but failed validation: references to them are not
        # reported again as "unknown" (their own problem already is)
        self.invalid_ids: dict[str, set[str]] = {kind: set() for kind in KINDS}
        self.problems: list[Problem] = []
        #: evidence scores for models this directory does not hold: (file, line, model id)
        self.orphans: list[tuple[str, int, str]] = []
        #: True while the user's overlay is read; its records replace shipped ones
        self.in_overlay = False
        self.overlay_root: Path | None = None

    def _rel(self, file: Path) -> str:
        try:
            return str(file.relative_to(self.root.parent))
        except ValueError:
            return str(file)

    def problem(
        self,
        file: str,
        message: str,
        *,
        line: int | None = None,
        record: str | None = None,
        field: str | None = None,
    ) -> None:
        self.problems.append(Problem(file, line, record, field, message))

    def read_file(self, path: Path) -> None:
        file = self._rel(path)
        from ..inputs import InputFileError, read_text

        try:
            data = load_yaml(read_text(path, "knowledge"))
        except InputFileError as exc:
            self.problem(file, exc.reason)
            return
        except DuplicateKeyError as exc:
            self.problem(file, str(exc), line=exc.line)
            return
        except yaml.YAMLError as exc:
            line, message = malformed(exc)
            self.problem(file, message, line=line)
            return
        if data is None:
            return  # an empty file holds no records
        if not isinstance(data, dict):
            self.problem(file, f"expected a mapping with keys {_known(KINDS)}, got a list or value")
            return
        for kind, items in data.items():
            line = data.key_lines.get(kind) if isinstance(data, LineDict) else None
            if kind not in KINDS:
                self.problem(
                    file, f"unknown top-level key '{kind}'; expected {_known(KINDS)}", line=line
                )
                continue
            if not isinstance(items, list):
                self.problem(file, f"'{kind}' must be a list of records", line=line)
                continue
            for index, raw in enumerate(items):
                self._read_record(file, kind, index, raw, line)

    def _read_record(self, file: str, kind: str, index: int, raw: Any, line: int | None) -> None:
        if not isinstance(raw, LineDict):
            self.problem(file, f"{kind}[{index}] must be a mapping of fields", line=line)
            return
        record_id = raw.get("id") if isinstance(raw.get("id"), str) else f"{kind}[{index}]"
        try:
            record = KINDS[kind].model_validate(raw)
        except ValidationError as exc:
            if isinstance(raw.get("id"), str):
                self.invalid_ids[kind].add(raw["id"])
            for error in exc.errors():
                loc = tuple(error["loc"])
                self.problem(
                    file,
                    _describe(error, KINDS[kind], loc),
                    line=_line_of(raw, loc),
                    record=record_id,
                    field=".".join(str(p) for p in loc) or None,
                )
            return
        self.loaded[kind].append(_Loaded(record, file, raw, self.in_overlay))

    def _apply_overlay(self) -> None:
        """An overlay record replaces the shipped record of the same kind and id."""
        for kind, items in self.loaded.items():
            if kind == "scores":
                continue
            mine = {_norm(x.id) for x in items if x.overlay}
            if mine:
                self.loaded[kind] = [x for x in items if x.overlay or _norm(x.id) not in mine]

    def build(self) -> KnowledgeBase:
        self._apply_overlay()
        self._check_unique()
        self._check_references()
        self._attach_scores()
        self._normalise_benchmark_scores()
        if self.problems:
            raise KnowledgeBaseInvalid(self.problems)
        records = {kind: [x.record for x in xs] for kind, xs in self.loaded.items()}
        return KnowledgeBase(
            root=self.root,
            models=records["models"],  # type: ignore[arg-type]
            licenses=records["licenses"],  # type: ignore[arg-type]
            tasks=records["tasks"],  # type: ignore[arg-type]
            hardware=records["hardware"],  # type: ignore[arg-type]
            benchmarks=records["benchmarks"],  # type: ignore[arg-type]
            makers=records["makers"],  # type: ignore[arg-type]
            currencies=records["currencies"],  # type: ignore[arg-type]
            runtimes=records["runtimes"],  # type: ignore[arg-type]
            orphan_scores=self.orphans,
            locations={
                (kind, x.id): (x.file, x.raw.line) for kind, xs in self.loaded.items() for x in xs
            },
            overlay_root=self.overlay_root,
            overlay_ids=[(kind, x.id) for kind, xs in self.loaded.items() for x in xs if x.overlay],
        )

    def _attach_scores(self) -> None:
        """Scores kept in evidence files join their model's ``benchmarks``."""
        by_model: dict[str, list[Any]] = {}
        models = {x.id for x in self.loaded["models"]}
        for item in self.loaded["scores"]:
            score: Any = item.record
            if score.model in self.invalid_ids["models"]:
                continue  # the model's own problem is reported; its scores are not at fault
            if score.model not in models:
                # not a load error (a knowledge directory may hold fewer models than an
                # evidence file scores); `kb validate` reports it with its place
                self.orphans.append((item.file, item.raw.line, score.model))
                continue
            by_model.setdefault(score.model, []).append(
                BenchmarkScore.model_validate(score.model_dump(exclude={"model"}))
            )
        for item in self.loaded["models"]:
            extra = by_model.get(item.id)
            if extra:
                m: Any = item.record
                item.record = m.model_copy(update={"benchmarks": [*m.benchmarks, *extra]})

    def _normalise_benchmark_scores(self) -> None:
        """Every score names a known benchmark and lies on its scale; a score published on
        another scale (``scale:``) is converted to the benchmark's own, so one benchmark has
        one scale everywhere."""
        if not self.loaded["benchmarks"]:
            return  # a partial knowledge dir (a user's extra models) is checked with the rest
        index: dict[str, BenchmarkRecord] = {}
        for item in self.loaded["benchmarks"]:
            b: Any = item.record
            for name in (b.id, b.name, *b.aliases):
                index.setdefault(_norm(name), b)
            for task in b.informs:
                if task != "general" and task not in {x.id for x in self.loaded["tasks"]}:
                    self.problem(
                        item.file,
                        f"informs unknown task '{task}' (a task id, or 'general')",
                        line=_line_of(item.raw, ("informs",)),
                        record=b.id,
                        field="informs",
                    )
        for item in self.loaded["models"]:
            m: Any = item.record
            converted = []
            for i, score in enumerate(m.benchmarks):
                where = {"line": _line_of(item.raw, ("benchmarks", i)), "record": m.id}
                bench = index.get(_norm(score.benchmark))
                if bench is None:
                    near = closest_matches(score.benchmark, index.keys(), n=3)
                    hint = f"; did you mean {', '.join(near)}?" if near else ""
                    self.problem(
                        item.file,
                        f"unknown benchmark '{score.benchmark}' (add it, or an alias, to "
                        f"benchmarks.yaml){hint}",
                        field=f"benchmarks.{i}.benchmark",
                        **where,
                    )
                    converted.append(score)
                    continue
                value = score.value
                if score.scale is not None:
                    (s_lo, s_hi), (lo, hi) = score.scale, bench.scale
                    if s_lo >= s_hi:
                        self.problem(
                            item.file,
                            "scale is [min, max] with min < max",
                            field=f"benchmarks.{i}.scale",
                            **where,
                        )
                        continue
                    if not s_lo <= value <= s_hi:
                        self.problem(
                            item.file,
                            f"{score.benchmark} {value:g} lies outside its stated scale "
                            f"[{s_lo:g}, {s_hi:g}]",
                            field=f"benchmarks.{i}.value",
                            **where,
                        )
                        continue
                    value = round(lo + (value - s_lo) / (s_hi - s_lo) * (hi - lo), 6)
                lo, hi = bench.scale
                if not lo <= value <= hi:
                    self.problem(
                        item.file,
                        f"{score.benchmark} {score.value:g} is off the benchmark's scale "
                        f"[{lo:g}, {hi:g}] (give `scale:` if the source used another one)",
                        field=f"benchmarks.{i}.value",
                        **where,
                    )
                converted.append(
                    score.model_copy(update={"benchmark": bench.id, "value": value, "scale": None})
                )
            if item.overlay:
                # a shipped record copied to the overlay (kb edit / refresh) holds the evidence
                # scores the loader attached; attached again, they are the same scores
                converted = list(dict.fromkeys(converted))
            if converted != list(m.benchmarks):
                item.record = m.model_copy(update={"benchmarks": converted})

    def _items(self, kind: str) -> Iterator[tuple[_Loaded, Any]]:
        for item in self.loaded[kind]:
            yield item, item.record

    def _check_unique(self) -> None:
        """Ids are unique per kind; other names (aliases, repos) may not reuse any name.

        Ids are claimed first, so a clash is blamed on the alias, not on the id it copies.
        """
        other_names = {
            "models": ("aliases", "hf_repo"),
            "hardware": ("name", "aliases"),
            "benchmarks": ("name", "aliases"),
            "makers": ("name", "aliases"),
            "runtimes": ("name", "aliases"),
        }
        for kind in KINDS:
            if kind == "scores":
                continue  # scores have no id; several may score one model
            owners: dict[str, tuple[str, str]] = {}
            for item, record in self._items(kind):
                key = _norm(record.id)
                if key in owners:
                    self.problem(
                        item.file,
                        f"duplicate id '{record.id}' (also in {owners[key][1]})",
                        line=item.raw.line,
                        record=record.id,
                        field="id",
                    )
                owners.setdefault(key, (record.id, item.file))
            for item, record in self._items(kind):
                for field in other_names.get(kind, ()):
                    values = getattr(record, field)
                    for value in values if isinstance(values, list) else [values]:
                        if value is None:
                            continue
                        owner, owner_file = owners.setdefault(_norm(value), (record.id, item.file))
                        if owner != record.id:
                            self.problem(
                                item.file,
                                f"{field} value '{value}' is already used by '{owner}' "
                                f"in {owner_file}",
                                line=_line_of(item.raw, (field,)),
                                record=record.id,
                                field=field,
                            )

    def _check_references(self) -> None:
        licenses, tasks, models = (
            {x.id for x in self.loaded[k]} for k in ("licenses", "tasks", "models")
        )
        exists = {k: {x.id for x in self.loaded[k]} | self.invalid_ids[k] for k in KINDS}

        def missing(item: _Loaded, field: str, value: str, known: set[str], what: str) -> None:
            kind = {"licence": "licenses", "task": "tasks", "model": "models"}[what]
            if value in exists[kind]:
                return  # defined, but invalid: reported where it is defined
            near = closest_matches(value, known, n=3)
            hint = f"; did you mean {', '.join(near)}?" if near else ""
            where = "licenses.yaml" if what == "licence" else f"the {what}s"
            self.problem(
                item.file,
                f"unknown {what} id '{value}' (not defined in {where}){hint}",
                line=_line_of(item.raw, (field,)),
                record=item.id,
                field=field,
            )

        by_id: dict[str, Any] = {x.id: x.record for x in self.loaded["models"]}
        by_id |= {
            repo.lower(): x.record
            for x in self.loaded["models"]
            if (repo := getattr(x.record, "hf_repo", None))
        }
        license_records = {x.id: x.record for x in self.loaded["licenses"]}
        for item, m in self._items("models"):
            for field, value in [("license", m.license)] + [
                ("extra_licenses", x) for x in m.extra_licenses
            ]:
                if value not in licenses:
                    missing(item, field, value, licenses, "licence")
            self._check_inherited_license(item, m, by_id, license_records)
            for task in m.tasks:
                if task not in tasks:
                    missing(item, "tasks", task, tasks, "task")
            if m.successor and m.successor not in models:
                missing(item, "successor", m.successor, models, "model")
            if m.base_model and is_record_id(m.base_model) and m.base_model not in models:
                missing(item, "base_model", m.base_model, models, "model")

        if self.loaded[
            "tasks"
        ]:  # a partial knowledge dir (e.g. a user's extra models) may omit them
            for task_id in CONTRACT_TASK_IDS:
                if task_id not in tasks:
                    file = self.loaded["tasks"][0].file
                    self.problem(file, f"task '{task_id}' is required (DESIGN.md contract)")
        else:
            self.problem(str(self.root), "no tasks defined: tasks.yaml is missing or empty")
        if not self.loaded["licenses"]:
            self.problem(str(self.root), "no licences defined: licenses.yaml is missing or empty")

    def _check_inherited_license(
        self,
        item: _Loaded,
        model: ModelRecord,
        models: Mapping[str, Any],
        licenses: Mapping[str, Any],
    ) -> None:
        """A fine-tune of a model under restrictive terms carries those terms.

        Permissive (OSI) bases may be relicensed; anything else binds derivatives.
        """
        base = models.get(model.base_model or "") or models.get((model.base_model or "").lower())
        if base is None or base.license not in licenses:
            return
        if licenses[base.license].license_class in ("osi_permissive", "osi_copyleft"):
            return
        carried = {model.license, *model.extra_licenses}
        if base.license not in carried:
            self.problem(
                item.file,
                f"fine-tune of '{base.id}' must carry its licence '{base.license}' "
                "(as license or in extra_licenses): restrictions pass to derivatives",
                line=_line_of(item.raw, ("license",)),
                record=model.id,
                field="license",
            )


def _known(names: Iterable[str]) -> str:
    return ", ".join(f"'{n}'" for n in names)


def _line_of(raw: LineDict, loc: tuple[Any, ...]) -> int:
    """The line of the deepest part of ``loc`` present in the raw YAML."""
    node: Any = raw
    line = raw.line
    for part in loc:
        if isinstance(node, LineDict) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            line = node.line if isinstance(node, LineDict) else line
        else:
            break
    return line


def _describe(error: Any, model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    """A pydantic error in words that say what was expected."""
    kind = error["type"]
    given = error.get("input")
    if kind == "missing":
        return "required field is missing (write null if the value is unknown)"
    if kind == "extra_forbidden":
        known = _fields_at(model, loc[:-1])
        listed = f"; known fields: {', '.join(known)}" if known else ""
        return f"unknown field (check the spelling){listed}"
    message = str(error["msg"])
    if message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    if kind not in ("value_error",) and not isinstance(given, (dict, list)):
        message += f" (got {given!r})"
    return message


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(part)
        if field is None:
            return []
        current = _inner_model(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    """The BaseModel inside ``X | None`` or ``list[X]``, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        inner = _inner_model(arg)
        if inner is not None:
            return inner
    return None
