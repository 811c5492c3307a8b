"""Prompt suites: the built-in ones in ``knowledge/prompts/*.yaml`` and the user's own files.

A suite is a list of prompts, each with an id, its language, optional system message and
reference answer, and the checks its answer must pass (:mod:`.checks`). Built-in suites are
named after the task they sample (``knowledge/tasks.yaml`` names each text task's
``prompt_suite`` and the check kinds it uses); each holds prompts in English and Japanese.

User prompts come from YAML (a suite mapping, or a bare list of prompts), JSONL (one prompt
object per line) or CSV (columns ``prompt`` and optionally ``id``, ``language``, ``system``,
``reference``, ``checks`` as a JSON list). Every problem is reported with its file and line,
all at once (:class:`~recommender.errors.PromptSuiteInvalid`).
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..errors import NotFoundError, Problem, PromptSuiteInvalid, UnknownSuiteError
from .checks import CheckSpec, parse_check

__all__ = [
    "Prompt",
    "PromptSuite",
    "builtin_suite_names",
    "load_prompts",
    "load_suite",
    "prompts_dir",
    "validate_prompt_files",
]

_LANGUAGES = ("en", "ja", "ko", "zh")
_PROMPT_FIELDS = ("id", "prompt", "language", "system", "reference", "checks")
_SUITE_FIELDS = ("suite", "task", "description", "source", "as_of", "prompts")


@dataclass(frozen=True)
class Prompt:
    """One sample prompt and the checks its answer must pass."""

    id: str
    prompt: str
    language: str | None = None  #: ISO 639-1 code of the prompt's language
    system: str | None = None  #: system message, when the chat template takes one
    reference: str | None = None  #: reference answer for similarity, ROUGE-L and chrF
    checks: tuple[CheckSpec, ...] = ()

    def messages(self) -> list[dict[str, str]]:
        """Chat messages for the model's chat template."""
        system = [{"role": "system", "content": self.system}] if self.system else []
        return [*system, {"role": "user", "content": self.prompt}]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "prompt": self.prompt,
            "language": self.language,
            "system": self.system,
            "reference": self.reference,
            "checks": [c.model_dump(mode="json", by_alias=True) for c in self.checks],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Prompt:
        return cls(
            id=data["id"],
            prompt=data["prompt"],
            language=data.get("language"),
            system=data.get("system"),
            reference=data.get("reference"),
            checks=tuple(parse_check(c) for c in data.get("checks", [])),
        )


@dataclass(frozen=True)
class PromptSuite:
    """A named list of prompts. ``task`` is the task id it samples (None for a user file)."""

    name: str
    prompts: tuple[Prompt, ...]
    task: str | None = None
    description: str | None = None
    source: str | None = None
    as_of: str | None = None
    path: str | None = None
    check_types: tuple[str, ...] = field(default=())

    @property
    def languages(self) -> list[str]:
        """The prompts' languages, sorted; '?' for prompts without one."""
        return sorted({p.language or "?" for p in self.prompts})

    def only(self, language: str | None) -> PromptSuite:
        """The prompts in ``language`` (all when None)."""
        if language is None:
            return self
        kept = tuple(p for p in self.prompts if p.language == language)
        if not kept:
            raise PromptSuiteInvalid(
                [
                    Problem(
                        self.path or self.name,
                        None,
                        None,
                        "language",
                        f"no prompts in '{language}' (the suite has {', '.join(self.languages)})",
                    )
                ]
            )
        return replace(self, name=f"{self.name}:{language}", prompts=kept)


def prompts_dir(knowledge_dir: str | os.PathLike[str] | None = None) -> Path:
    """The directory of built-in suites: ``prompts/`` in the knowledge directory."""
    from ..kb import default_knowledge_dir

    return Path(knowledge_dir or default_knowledge_dir()) / "prompts"


def builtin_suite_names(knowledge_dir: str | os.PathLike[str] | None = None) -> list[str]:
    """Names of the built-in suites (file stems), sorted."""
    directory = prompts_dir(knowledge_dir)
    return sorted(p.stem for p in directory.glob("*.yaml")) if directory.is_dir() else []


def load_suite(
    name: str,
    *,
    language: str | None = None,
    knowledge_dir: str | os.PathLike[str] | None = None,
) -> PromptSuite:
    """A built-in suite by name (its file stem or ``suite`` field), optionally only the
    prompts in ``language``. ``name:ja`` is shorthand for ``language="ja"``.

    >>> load_suite("customer_support", language="ja").prompts[0].language
    'ja'
    """
    if ":" in name and language is None:
        name, language = name.split(":", 1)
    known = builtin_suite_names(knowledge_dir)
    if name not in known:
        raise UnknownSuiteError(name, known, hint="(`modelrec validate --list-suites` lists them)")
    return load_prompts(prompts_dir(knowledge_dir) / f"{name}.yaml").only(language)


def load_prompts(path: str | os.PathLike[str]) -> PromptSuite:
    """Prompts from a YAML, JSONL or CSV file. Raises PromptSuiteInvalid with every problem."""
    file = Path(path)
    shown = str(path)
    if not file.is_file():
        raise PromptSuiteInvalid([Problem(shown, None, None, None, "no such file")])
    from ..inputs import InputFileError, read_text

    try:
        text = read_text(file, "prompts")
    except InputFileError as exc:
        raise PromptSuiteInvalid([Problem(shown, None, None, None, exc.reason)]) from None
    reader = _Reader(shown)
    suffix = file.suffix.lower()
    if suffix in (".yaml", ".yml"):
        suite = reader.yaml(text, file.stem)
    elif suffix == ".jsonl":
        suite = reader.jsonl(text, file.stem)
    elif suffix == ".csv":
        suite = reader.csv(text, file.stem)
    else:
        raise PromptSuiteInvalid(
            [
                Problem(
                    shown,
                    None,
                    None,
                    None,
                    f"unknown format '{suffix or '(none)'}': use .yaml, .jsonl or .csv",
                )
            ]
        )
    if reader.problems:
        raise PromptSuiteInvalid(reader.problems)
    assert suite is not None
    return suite


def validate_prompt_files(knowledge_dir: str | os.PathLike[str] | None = None) -> list[Problem]:
    """Every problem in the built-in suites (``modelrec kb validate`` reports them), including
    suites whose task is unknown or uses check kinds its task does not list."""
    problems: list[Problem] = []
    directory = prompts_dir(knowledge_dir)
    if not directory.is_dir():
        return problems
    tasks: dict[str, Any] = {}
    try:
        from ..kb import load_knowledge_base

        tasks = dict(load_knowledge_base(knowledge_dir).tasks)
    except Exception:
        tasks = {}
    for file in sorted(directory.glob("*.y*ml")):
        shown = _shown(file, directory)
        try:
            suite = load_prompts(file)
        except PromptSuiteInvalid as exc:
            problems += [replace(p, file=shown) for p in exc.problems]
            continue
        if suite.task is None:
            problems.append(Problem(shown, 1, None, "task", "a built-in suite names its task"))
        elif tasks and suite.task not in tasks:
            problems.append(Problem(shown, 1, None, "task", str(NotFoundError(suite.task, tasks))))
        elif tasks:
            listed = set(tasks[suite.task].checks)
            used = set(suite.check_types)
            if used != listed:
                problems.append(
                    Problem(
                        shown,
                        1,
                        None,
                        "prompts.checks",
                        f"checks used {sorted(used)} differ from those tasks.yaml lists for "
                        f"'{suite.task}' {sorted(listed)}",
                    )
                )
    return problems


def _shown(file: Path, directory: Path) -> str:
    return str(Path(directory.name) / file.name)


class _Reader:
    """Turns parsed rows into prompts, collecting problems with their lines."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def problem(self, line: int | None, record: str | None, fld: str | None, msg: str) -> None:
        self.problems.append(Problem(self.file, line, record, fld, msg))

    # formats

    def yaml(self, text: str, stem: str) -> PromptSuite | None:
        from ..kb._yaml import DuplicateKeyError, LineDict, load_yaml, malformed

        try:
            data = load_yaml(text)
        except DuplicateKeyError as exc:
            self.problem(exc.line, None, None, str(exc))
            return None
        except yaml.YAMLError as exc:
            line, message = malformed(exc)
            self.problem(line, None, None, message)
            return None
        meta: dict[str, Any] = {}
        if isinstance(data, list):
            items, items_line = data, 1
        elif isinstance(data, LineDict):
            for key in data:
                if key not in _SUITE_FIELDS:
                    self.problem(
                        data.key_lines[key],
                        None,
                        str(key),
                        f"unknown field; expected {', '.join(_SUITE_FIELDS)}",
                    )
            for key in ("suite", "task", "description", "source", "as_of"):
                value = data.get(key)
                if value is not None and not isinstance(value, str | int | float):
                    self.problem(data.key_lines[key], None, key, "must be text")
                meta[key] = None if value is None else str(value)
            items = data.get("prompts")  # type: ignore[assignment]
            items_line = data.key_lines.get("prompts", data.line)
            if not isinstance(items, list):
                self.problem(items_line, None, "prompts", "must be a list of prompts")
                return None
        else:
            self.problem(1, None, None, "expected a mapping with `prompts:` or a list of prompts")
            return None
        prompts = []
        for i, raw in enumerate(items):
            line = raw.line if isinstance(raw, LineDict) else items_line
            key_lines = raw.key_lines if isinstance(raw, LineDict) else {}
            p = self.prompt(raw, i, line, key_lines)
            if p is not None:
                prompts.append(p)
        return self.suite(prompts, meta.get("suite") or stem, meta, items_line)

    def jsonl(self, text: str, stem: str) -> PromptSuite | None:
        prompts: list[Prompt] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except ValueError as exc:
                self.problem(number, None, None, f"not JSON: {exc}")
                continue
            p = self.prompt(raw, len(prompts), number, {})
            if p is not None:
                prompts.append(p)
        return self.suite(prompts, stem, {}, 1)

    def csv(self, text: str, stem: str) -> PromptSuite | None:
        rows = csv.DictReader(io.StringIO(text))
        header = rows.fieldnames or []
        if "prompt" not in header:
            self.problem(1, None, "prompt", f"the header needs a `prompt` column (found {header})")
            return None
        for name in header:
            if name not in _PROMPT_FIELDS:
                self.problem(1, None, name, f"unknown column; expected {', '.join(_PROMPT_FIELDS)}")
        prompts: list[Prompt] = []
        for row in rows:
            number = rows.line_num
            raw: dict[str, Any] = {k: v for k, v in row.items() if k and v not in (None, "")}
            if "checks" in raw:
                try:
                    raw["checks"] = json.loads(raw["checks"])
                except ValueError as exc:
                    self.problem(number, raw.get("id"), "checks", f"not a JSON list: {exc}")
                    continue
            p = self.prompt(raw, len(prompts), number, {})
            if p is not None:
                prompts.append(p)
        return self.suite(prompts, stem, {}, 1)

    # records

    def suite(
        self, prompts: list[Prompt], name: str, meta: Mapping[str, Any], line: int
    ) -> PromptSuite | None:
        seen: set[str] = set()
        for p in prompts:
            if p.id in seen:
                self.problem(line, p.id, "id", "duplicate prompt id")
            seen.add(p.id)
        if not prompts and not self.problems:
            self.problem(line, None, "prompts", "no prompts")
        return PromptSuite(
            name=name,
            prompts=tuple(prompts),
            task=meta.get("task"),
            description=meta.get("description"),
            source=meta.get("source"),
            as_of=meta.get("as_of"),
            path=self.file,
            check_types=_check_types(prompts),
        )

    def prompt(
        self, raw: Any, index: int, line: int | None, key_lines: Mapping[str, int]
    ) -> Prompt | None:
        record = f"prompts[{index}]"
        if isinstance(raw, str):  # a bare string is a prompt without checks
            raw = {"prompt": raw}
        if not isinstance(raw, Mapping):
            self.problem(line, record, None, "a prompt is a mapping (or a string)")
            return None
        if isinstance(raw.get("id"), str | int):
            record = str(raw["id"])
        before = len(self.problems)
        for key in raw:
            if key not in _PROMPT_FIELDS:
                self.problem(
                    key_lines.get(key, line),
                    record,
                    str(key),
                    f"unknown field; expected {', '.join(_PROMPT_FIELDS)}",
                )
        text = raw.get("prompt")
        if not isinstance(text, str) or not text.strip():
            self.problem(key_lines.get("prompt", line), record, "prompt", "must be non-empty text")
        for key in ("system", "reference"):
            if raw.get(key) is not None and not isinstance(raw[key], str):
                self.problem(key_lines.get(key, line), record, key, "must be text")
        language = raw.get("language")
        if language is not None and language not in _LANGUAGES:
            self.problem(
                key_lines.get("language", line),
                record,
                "language",
                f"'{language}' is not one of {', '.join(_LANGUAGES)}",
            )
        checks = self.checks(raw.get("checks", []), record, key_lines.get("checks", line))
        if len(self.problems) > before:
            return None
        return Prompt(
            id=str(raw.get("id", f"p{index + 1}")),
            prompt=str(text),
            language=language,
            system=raw.get("system"),
            reference=raw.get("reference"),
            checks=tuple(checks),
        )

    def checks(self, raw: Any, record: str, line: int | None) -> list[CheckSpec]:
        if not isinstance(raw, list):
            self.problem(line, record, "checks", "must be a list of checks")
            return []
        out = []
        for i, item in enumerate(raw):
            where = getattr(item, "line", line)
            if not isinstance(item, Mapping):
                self.problem(where, record, f"checks[{i}]", "a check is a mapping with a `type`")
                continue
            try:
                out.append(parse_check(item))
            except NotFoundError as exc:
                self.problem(where, record, f"checks[{i}].type", str(exc))
            except ValidationError as exc:
                for error in exc.errors():
                    loc = ".".join(str(x) for x in error["loc"])
                    sub = getattr(item, "key_lines", {}).get(
                        error["loc"][0] if error["loc"] else ""
                    )
                    self.problem(
                        sub or where,
                        record,
                        f"checks[{i}]" + (f".{loc}" if loc else ""),
                        error["msg"],
                    )
        return out


def _check_types(prompts: Sequence[Prompt]) -> tuple[str, ...]:
    return tuple(sorted({c.type for p in prompts for c in p.checks}))


def suite_from_prompts(prompts: Sequence[Prompt], name: str = "custom") -> PromptSuite:
    """A suite from prompts built in Python."""
    return PromptSuite(
        name=name,
        prompts=tuple(prompts),
        check_types=_check_types(prompts),
    )
