"""The one error hierarchy of modelrec; every error the product raises on purpose is here.

::

    ModelrecError                      base of everything below; str() is a message for the user
    ├── KnowledgeBaseError             the knowledge base cannot be used
    │   ├── KnowledgeBaseNotFound      no knowledge directory at the given or default path
    │   ├── KnowledgeBaseInvalid       files that do not parse or validate; .problems lists each one
    │   └── ModelMetadataError         a model to add or refresh whose metadata cannot be read or
    │       │                          recorded as asked (not found, gated, timed out, no licence)
    │       └── HubUnreachable         offline (HF_HUB_OFFLINE) or no network: nothing was changed
    ├── PriceUnavailableError          an API model genai-prices cannot price (the reason says why)
    ├── EstimateError                  a fit or cost question that cannot be answered as asked
    ├── ValidationHarnessError         a validation run that cannot start or resume as asked
    │   ├── PromptSuiteInvalid         prompt files that do not parse or validate; .problems
    │   └── ModelSourceError           a model to validate that is not found locally (or loadable)
    ├── ReportError                    a decision report that cannot be built or rendered as asked
    │   └── DecisionRecordInvalid      a decision record (JSON) that does not parse or validate
    └── NotFoundError (LookupError)    a name that matches nothing; the message lists close matches
        ├── UnknownModelError
        ├── UnknownHardwareError
        ├── UnknownLicenseError
        ├── UnknownQuantizationError
        ├── UnknownTaskError
        ├── UnknownCheckError          a prompt check type that is not registered
        ├── UnknownSuiteError          a prompt suite name that is not shipped
        ├── UnknownExecutorError       a validation executor name that is not registered
        ├── UnknownRunError            a validation run id not in the store
        ├── UnknownReportFormatError   a report format with no registered renderer
        └── UnknownLanguageError       a report language with no string table

User mistakes surface as one of these and the CLI prints the message without a traceback; any other
exception is a bug.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "DecisionRecordInvalid",
    "EstimateError",
    "HubUnreachable",
    "KnowledgeBaseError",
    "KnowledgeBaseInvalid",
    "KnowledgeBaseNotFound",
    "ModelMetadataError",
    "ModelSourceError",
    "ModelrecError",
    "NotFoundError",
    "PriceUnavailableError",
    "Problem",
    "PromptSuiteInvalid",
    "ReportError",
    "UnknownCheckError",
    "UnknownExecutorError",
    "UnknownHardwareError",
    "UnknownLanguageError",
    "UnknownLicenseError",
    "UnknownModelError",
    "UnknownQuantizationError",
    "UnknownReportFormatError",
    "UnknownRunError",
    "UnknownSuiteError",
    "UnknownTaskError",
    "ValidationHarnessError",
    "closest_matches",
]


class ModelrecError(Exception):
    """Base class: a failure whose message is meant for the user.

    ``str()`` is the English message. ``code`` and ``params``, where a raise site sets them, name
    that sentence and the values in it, so a front end can say it in the user's language (the
    wizard renders them from its string tables); text from outside (an HTTP error body, a path)
    stays a parameter, shown as a quoted detail."""

    code: str | None = None
    params: dict[str, Any]

    def __init__(
        self, *args: object, code: str | None = None, params: Mapping[str, Any] | None = None
    ) -> None:
        super().__init__(*args)
        # a subclass may have set its own before calling this (InputFileError)
        if code is not None:
            self.code = code
        if params is not None or "params" not in self.__dict__:
            self.params = dict(params or {})


class KnowledgeBaseError(ModelrecError):
    """The knowledge base cannot be loaded or used."""


class KnowledgeBaseNotFound(KnowledgeBaseError):
    """No knowledge directory where one was expected."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a knowledge file: where it is and what was expected."""

    file: str
    line: int | None
    record: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.record:
            parts.append(f"record '{self.record}'")
        if self.field:
            parts.append(f"field '{self.field}'")
        return f"{': '.join(parts)}: {self.message}"


class KnowledgeBaseInvalid(KnowledgeBaseError):
    """Knowledge files that do not parse or validate. ``problems`` holds every one found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(sorted(problems, key=_problem_order))
        n = len(self.problems)
        lines = [f"{n} problem{'s' if n != 1 else ''} in the knowledge base:"]
        lines += [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class ModelMetadataError(KnowledgeBaseError):
    """A model to add (``kb add``) or refresh whose metadata cannot be read or recorded as asked:
    no such repo or folder, a gated repo without access, a timeout, a licence to choose."""


class HubUnreachable(ModelMetadataError):
    """The Hub cannot be reached: offline mode (``HF_HUB_OFFLINE``) or no network. Nothing was
    read and nothing changed."""


def _problem_order(p: Problem) -> tuple[str, int, str, str, str]:
    return (p.file, p.line or 0, p.record or "", p.field or "", p.message)


class EstimateError(ModelrecError):
    """Missing facts (no parameter count) or an impossible hardware profile or workload."""


class PriceUnavailableError(ModelrecError):
    """No price for a model: not an API model, or genai-prices has no entry for its key."""


class ValidationHarnessError(ModelrecError):
    """A validation run that cannot start or resume as asked (bad settings, a finished run)."""


class PromptSuiteInvalid(ValidationHarnessError):
    """Prompt files that do not parse or validate. ``problems`` holds every one found, each
    with its file and line."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(sorted(problems, key=_problem_order))
        n = len(self.problems)
        lines = [f"{n} problem{'s' if n != 1 else ''} in the prompts:"]
        lines += [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class ModelSourceError(ValidationHarnessError):
    """A model to validate that is neither a local directory, nor in the local Hugging Face
    cache, nor downloadable as asked; or a directory that holds no model."""


class NotFoundError(ModelrecError, LookupError):
    """A name that matches nothing known. The message suggests the closest known names."""

    kind = "name"

    def __init__(
        self,
        name: str,
        known: Iterable[str],
        *,
        hint: str = "",
        suggestions: Sequence[str] | None = None,
    ) -> None:
        self.name = name
        self.known = sorted(set(known))
        self.suggestions = (
            list(suggestions) if suggestions is not None else closest_matches(name, self.known)
        )
        message = f"unknown {self.kind} '{name}'"
        if self.suggestions:
            message += f"; did you mean: {', '.join(self.suggestions)}?"
        if hint:
            message += f" {hint}"
        super().__init__(message)


class UnknownModelError(NotFoundError):
    kind = "model"


class UnknownHardwareError(NotFoundError):
    kind = "hardware"


class UnknownLicenseError(NotFoundError):
    kind = "licence"


class UnknownTaskError(NotFoundError):
    kind = "task"


class UnknownQuantizationError(NotFoundError):
    kind = "quantisation"


class UnknownCheckError(NotFoundError):
    kind = "check type"


class UnknownSuiteError(NotFoundError):
    kind = "prompt suite"


class UnknownExecutorError(NotFoundError):
    kind = "executor"


class UnknownRunError(NotFoundError):
    kind = "validation run"


def closest_matches(name: str, known: Iterable[str], *, n: int = 5) -> list[str]:
    """The known names most like ``name``, best first (case-insensitive)."""
    by_lower: dict[str, str] = {}
    for k in known:
        by_lower.setdefault(k.lower(), k)
    needle = name.lower()
    scored = difflib.get_close_matches(needle, list(by_lower), n=n, cutoff=0.5)
    # substring hits first ("4090" -> "rtx-4090"), then fuzzy ones
    contains = sorted((k for k in by_lower if needle and needle in k), key=len)[:n]
    ordered = list(dict.fromkeys([*contains, *scored]))[:n]
    return [by_lower[k] for k in ordered]


class ReportError(ModelrecError):
    """A decision report that cannot be built or rendered as asked."""


class DecisionRecordInvalid(ReportError):
    """A decision record (``decision.json``) that does not parse or validate."""


class UnknownReportFormatError(NotFoundError):
    kind = "report format"


class UnknownLanguageError(NotFoundError):
    kind = "report language"
