"""Automatic checks on a model's answer to one prompt, registered by name.

Each check type is a pydantic model of its parameters plus a function ``(params, output,
prompt) -> CheckResult``; :func:`register_check` adds one and the built-ins use the same path.
Types: contains, not_contains, regex, json_schema, length, language, similarity (embedding
cosine to a reference answer, the shipped MiniLM by default), rouge_l and chrf. An unknown type
is an :class:`~recommender.errors.UnknownCheckError` listing the known ones.

>>> run_check({"type": "contains", "values": ["再設定"]}, "パスワードの再設定はこちら").passed
True
>>> run_check({"type": "language", "expected": "ja"}, "Please reset it.").passed
False
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..errors import UnknownCheckError

if TYPE_CHECKING:
    from .suites import Prompt

__all__ = [
    "CHECKS",
    "CheckResult",
    "CheckSpec",
    "chrf",
    "parse_check",
    "register_check",
    "rouge_l",
    "run_check",
    "written_language",
]


@dataclass(frozen=True)
class CheckResult:
    """One check on one answer. ``score`` is the measured figure where there is one (a
    similarity, an F-score, a share of characters); ``detail`` says why it passed or failed."""

    type: str
    passed: bool
    detail: str
    score: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "passed": self.passed,
            "detail": self.detail,
            "score": self.score,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CheckResult:
        return cls(data["type"], bool(data["passed"]), data["detail"], data.get("score"))


class CheckSpec(BaseModel):
    """Base of every check's parameters (strict: an unknown field is an error)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    type: str


CheckFunction = Callable[[Any, str, "Prompt | None"], CheckResult]


@dataclass(frozen=True)
class _Registered:
    spec: type[CheckSpec]
    function: CheckFunction


#: Check type -> its parameters and function.
CHECKS: dict[str, _Registered] = {}


def register_check(name: str, spec: type[CheckSpec]) -> Callable[[CheckFunction], CheckFunction]:
    """Decorator: register ``function`` as check ``name`` with parameters ``spec``."""

    def register(function: CheckFunction) -> CheckFunction:
        CHECKS[name] = _Registered(spec, function)
        return function

    return register


def parse_check(data: Mapping[str, Any]) -> CheckSpec:
    """Validate a check's parameters (``type`` names the check). Raises UnknownCheckError or
    pydantic's ValidationError."""
    name = data.get("type")
    if name is None:
        keys = ", ".join(sorted(map(str, data))) or "none"
        raise UnknownCheckError(
            "(missing)",
            CHECKS,
            hint=f"- every check needs 'type:' (keys given: {keys}); known: {', '.join(CHECKS)}",
        )
    if not isinstance(name, str) or name not in CHECKS:
        raise UnknownCheckError(str(name), CHECKS, hint=f"(known: {', '.join(CHECKS)})")
    return CHECKS[name].spec.model_validate(dict(data))


def run_check(
    check: CheckSpec | Mapping[str, Any], output: str, prompt: Prompt | None = None
) -> CheckResult:
    """Run one check on ``output`` (the model's answer to ``prompt``)."""
    spec = check if isinstance(check, CheckSpec) else parse_check(check)
    return CHECKS[spec.type].function(spec, output, prompt)


def _norm(text: str, case_sensitive: bool) -> str:
    text = unicodedata.normalize("NFKC", text)
    return text if case_sensitive else text.casefold()


# ---------------------------------------------------------------------------------------------
# contains / not_contains / regex


class Contains(CheckSpec):
    type: Literal["contains"]
    values: list[str] = Field(min_length=1, description="Strings to look for (NFKC-normalised).")
    mode: Literal["all", "any"] = Field(default="all", description="Need all of them, or one.")
    case_sensitive: bool = False


@register_check("contains", Contains)
def _contains(spec: Contains, output: str, prompt: Prompt | None) -> CheckResult:
    text = _norm(output, spec.case_sensitive)
    found = [v for v in spec.values if _norm(v, spec.case_sensitive) in text]
    passed = len(found) == len(spec.values) if spec.mode == "all" else bool(found)
    missing = [v for v in spec.values if v not in found]
    detail = f"found {found or 'none'}" + (f"; missing {missing}" if missing else "")
    return CheckResult("contains", passed, detail, len(found) / len(spec.values))


class NotContains(CheckSpec):
    type: Literal["not_contains"]
    values: list[str] = Field(min_length=1, description="Strings that must not appear.")
    case_sensitive: bool = False


@register_check("not_contains", NotContains)
def _not_contains(spec: NotContains, output: str, prompt: Prompt | None) -> CheckResult:
    text = _norm(output, spec.case_sensitive)
    found = [v for v in spec.values if _norm(v, spec.case_sensitive) in text]
    return CheckResult(
        "not_contains", not found, f"found forbidden {found}" if found else "none of them found"
    )


class Regex(CheckSpec):
    type: Literal["regex"]
    pattern: str = Field(description="Python regular expression searched for in the answer.")
    ignore_case: bool = False

    @model_validator(mode="after")
    def _compiles(self) -> Regex:
        try:
            re.compile(self.pattern)
        except re.error as exc:
            raise ValueError(f"pattern does not compile: {exc}") from None
        return self


@register_check("regex", Regex)
def _regex(spec: Regex, output: str, prompt: Prompt | None) -> CheckResult:
    flags = re.IGNORECASE if spec.ignore_case else 0
    match = re.search(spec.pattern, unicodedata.normalize("NFKC", output), flags)
    return CheckResult(
        "regex",
        match is not None,
        f"matched {match.group(0)[:60]!r}" if match else f"no match for {spec.pattern!r}",
    )


# ---------------------------------------------------------------------------------------------
# json_schema


class JsonSchema(CheckSpec):
    type: Literal["json_schema"]
    json_schema: dict[str, Any] = Field(
        default_factory=dict,
        alias="schema",
        description="JSON Schema the answer's JSON must satisfy; {} only requires valid JSON.",
    )
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _valid_schema(self) -> JsonSchema:
        import jsonschema

        try:
            jsonschema.validators.validator_for(self.json_schema).check_schema(self.json_schema)
        except jsonschema.SchemaError as exc:
            raise ValueError(f"not a valid JSON Schema: {exc.message}") from None
        return self


_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


def extract_json(output: str) -> Any:
    """The JSON value in an answer: the whole text, a fenced block, or the first object or
    array in it. Raises ValueError when there is none."""
    candidates = [output.strip(), *(m.strip() for m in _FENCE.findall(output))]
    decoder = json.JSONDecoder()
    for text in candidates:
        try:
            return json.loads(text)
        except ValueError:
            pass
    for i, ch in enumerate(output):
        if ch in "{[":
            try:
                return decoder.raw_decode(output[i:])[0]
            except ValueError:
                continue
    raise ValueError("no JSON object or array in the answer")


@register_check("json_schema", JsonSchema)
def _json_schema(spec: JsonSchema, output: str, prompt: Prompt | None) -> CheckResult:
    import jsonschema

    try:
        value = extract_json(output)
    except ValueError as exc:
        return CheckResult("json_schema", False, str(exc))
    errors = sorted(
        jsonschema.validators.validator_for(spec.json_schema)(spec.json_schema).iter_errors(value),
        key=lambda e: list(e.path),
    )
    if errors:
        where = "/".join(str(p) for p in errors[0].path) or "(root)"
        return CheckResult(
            "json_schema", False, f"JSON does not match the schema at {where}: {errors[0].message}"
        )
    return CheckResult("json_schema", True, "valid JSON matching the schema")


# ---------------------------------------------------------------------------------------------
# length


class Length(CheckSpec):
    type: Literal["length"]
    min_chars: int | None = Field(default=None, ge=0, description="Fewest characters allowed.")
    max_chars: int | None = Field(default=None, ge=1, description="Most characters allowed.")

    @model_validator(mode="after")
    def _bounds(self) -> Length:
        if self.min_chars is None and self.max_chars is None:
            raise ValueError("give min_chars, max_chars or both")
        if (
            self.min_chars is not None
            and self.max_chars is not None
            and (self.min_chars > self.max_chars)
        ):
            raise ValueError("min_chars is larger than max_chars")
        return self


@register_check("length", Length)
def _length(spec: Length, output: str, prompt: Prompt | None) -> CheckResult:
    n = len(output.strip())
    low = spec.min_chars if spec.min_chars is not None else 0
    high = spec.max_chars if spec.max_chars is not None else math.inf
    bounds = f"{low}..{'' if high == math.inf else int(high)}"
    return CheckResult("length", low <= n <= high, f"{n} characters (allowed {bounds})", n)


# ---------------------------------------------------------------------------------------------
# language


_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def written_language(text: str) -> tuple[str | None, dict[str, float]]:
    """The language a text is written in, from its scripts, and each script's share of the
    letters. Japanese: kana present and kana + kanji at least half the letters; Korean, Chinese
    likewise by hangul and han; English: mostly Latin letters. None: no letters.

    >>> written_language("ご注文ありがとうございます")[0]
    'ja'
    """
    norm = unicodedata.normalize("NFKC", text)
    counts = {
        "kana": len(_KANA.findall(norm)),
        "han": len(_HAN.findall(norm)),
        "hangul": len(_HANGUL.findall(norm)),
        "latin": len(_LATIN.findall(norm)),
    }
    total = sum(counts.values())
    if not total:
        return None, {}
    share = {k: v / total for k, v in counts.items()}
    if counts["kana"] and share["kana"] + share["han"] >= 0.5:
        return "ja", share
    if share["hangul"] >= 0.5:
        return "ko", share
    if share["han"] >= 0.5:
        return "zh", share
    if share["latin"] >= 0.5:
        return "en", share
    return None, share


class Language(CheckSpec):
    type: Literal["language"]
    expected: Literal["en", "ja", "ko", "zh"] = Field(
        description="ISO 639-1 code of the language the answer must be written in."
    )


@register_check("language", Language)
def _language(spec: Language, output: str, prompt: Prompt | None) -> CheckResult:
    found, share = written_language(output)
    shares = ", ".join(f"{k} {v:.0%}" for k, v in share.items() if v)
    return CheckResult(
        "language",
        found == spec.expected,
        f"written in {found or 'no recognisable language'} ({shares or 'no letters'}); "
        f"expected {spec.expected}",
    )


# ---------------------------------------------------------------------------------------------
# reference-based: similarity, rouge_l, chrf


class _Referenced(CheckSpec):
    reference: str | None = Field(
        default=None, description="Reference answer; default: the prompt's `reference`."
    )

    def reference_for(self, prompt: Prompt | None) -> str | None:
        return self.reference if self.reference is not None else getattr(prompt, "reference", None)


def _no_reference(name: str) -> CheckResult:
    return CheckResult(name, False, "no reference answer: give `reference` on the prompt or check")


def _overlap_check(
    name: str,
    label: str,
    score: Callable[[str, str], float],
    spec: RougeL | ChrF,
    output: str,
    prompt: Prompt | None,
) -> CheckResult:
    """An overlap score between the answer and the reference, passing at ``spec.threshold``."""
    reference = spec.reference_for(prompt)
    if reference is None:
        return _no_reference(name)
    value = score(output, reference)
    return CheckResult(
        name, value >= spec.threshold, f"{label} {value:.2f} (needs {spec.threshold:g})", value
    )


class Similarity(_Referenced):
    type: Literal["similarity"]
    threshold: float = Field(default=0.75, ge=-1, le=1, description="Cosine needed to pass.")
    embedder: str = Field(
        default="minilm", description="Embedder spec (recommender.matching.get_embedder)."
    )


@lru_cache(maxsize=4)
def _embedder(spec: str) -> Any:
    from ..matching import get_embedder

    return get_embedder(spec)


@register_check("similarity", Similarity)
def _similarity(spec: Similarity, output: str, prompt: Prompt | None) -> CheckResult:
    reference = spec.reference_for(prompt)
    if reference is None:
        return _no_reference("similarity")
    vectors = _embedder(spec.embedder).embed([output, reference])
    cosine = float(vectors[0] @ vectors[1])
    return CheckResult(
        "similarity",
        cosine >= spec.threshold,
        f"cosine {cosine:.2f} to the reference (needs {spec.threshold:g})",
        cosine,
    )


def _units(text: str) -> list[str]:
    """Tokens for overlap scores: words for alphabetic scripts, single characters for CJK
    (Japanese has no spaces between words)."""
    norm = unicodedata.normalize("NFKC", text).casefold()
    return re.findall(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]|\w+", norm)


def rouge_l(candidate: str, reference: str) -> float:
    """ROUGE-L F1 (beta 1): longest common subsequence of tokens over both lengths.

    >>> round(rouge_l("the cat sat on the mat", "the cat is on the mat"), 3)
    0.833
    """
    a, b = _units(candidate), _units(reference)
    if not a or not b:
        return 0.0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    lcs = prev[-1]
    if lcs == 0:
        return 0.0
    precision, recall = lcs / len(a), lcs / len(b)
    return 2 * precision * recall / (precision + recall)


def chrf(candidate: str, reference: str, *, n: int = 6, beta: float = 2.0) -> float:
    """chrF (Popović 2015): character n-gram F-score, n = 1..6, recall weighted by ``beta``;
    whitespace removed, as sacrebleu does. 0..1.

    >>> chrf("abc", "abc")
    1.0
    """
    a = re.sub(r"\s+", "", unicodedata.normalize("NFKC", candidate))
    b = re.sub(r"\s+", "", unicodedata.normalize("NFKC", reference))
    precisions, recalls = [], []
    for k in range(1, n + 1):
        ca = Counter(a[i : i + k] for i in range(len(a) - k + 1))
        cb = Counter(b[i : i + k] for i in range(len(b) - k + 1))
        if not ca or not cb:
            continue
        overlap = sum((ca & cb).values())
        precisions.append(overlap / sum(ca.values()))
        recalls.append(overlap / sum(cb.values()))
    if not precisions:
        return 0.0
    p, r = sum(precisions) / len(precisions), sum(recalls) / len(recalls)
    if p == 0 and r == 0:
        return 0.0
    return (1 + beta**2) * p * r / (beta**2 * p + r)


class RougeL(_Referenced):
    type: Literal["rouge_l"]
    threshold: float = Field(default=0.3, ge=0, le=1, description="F1 needed to pass.")


@register_check("rouge_l", RougeL)
def _rouge_l(spec: RougeL, output: str, prompt: Prompt | None) -> CheckResult:
    return _overlap_check("rouge_l", "ROUGE-L", rouge_l, spec, output, prompt)


class ChrF(_Referenced):
    type: Literal["chrf"]
    threshold: float = Field(default=0.4, ge=0, le=1, description="chrF (0..1) needed to pass.")


@register_check("chrf", ChrF)
def _chrf(spec: ChrF, output: str, prompt: Prompt | None) -> CheckResult:
    return _overlap_check("chrf", "chrF", chrf, spec, output, prompt)
