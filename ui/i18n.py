"""Look-up of the wizard's strings (ui/strings.py) and rendering of questionnaire problems.

Every label, help text and message goes through :func:`text`; a missing key is a bug (the tests
check every key exists in both languages). Questionnaire problems carry a code and parameters;
:func:`problem_text` renders the known codes in the user's language and falls back to the
problem's English message.
"""

from __future__ import annotations

from typing import Any

from recommender.messages import fill

from .strings import STRINGS

__all__ = ["LANGUAGES", "problem_text", "text"]

LANGUAGES = {"en": "English", "ja": "日本語"}

#: Problem codes (pydantic's error types, or the questionnaire's own) whose string key is not
#: ``problem.<code>``, and the pydantic context parameter that becomes the string's ``n``.
_KEYS = {
    "missing": ("problem.required", None),
    "string_too_short": ("problem.min_chars", "min_length"),
    "string_too_long": ("problem.max_chars", "max_length"),
    "greater_than": ("problem.gt", "gt"),
    "greater_than_equal": ("problem.ge", "ge"),
    "less_than_equal": ("problem.le", "le"),
}


def text(lang: str, key: str, /, **kwargs: Any) -> str:
    """The string ``key`` in ``lang`` (English when ``lang`` is unknown), formatted."""
    table = STRINGS.get(lang, STRINGS["en"])
    template = table.get(key)
    if template is None:
        raise KeyError(f"no string '{key}' for language '{lang}'")
    return fill(template, lang, **kwargs) if kwargs else template


def problem_text(lang: str, problem: str | tuple[str, str]) -> str:
    """A questionnaire problem in ``lang``, rendered from its code and parameters (see
    :class:`recommender.engine.QuestionnaireProblem`); a problem without a known code, or a
    plain message, is shown as given (English)."""
    if isinstance(problem, str):
        return problem
    message = problem[1]
    code: str | None = getattr(problem, "code", None)
    params: dict[str, Any] = dict(getattr(problem, "params", {}))
    if code is None:
        return message
    key, n = _KEYS.get(code, (f"problem.{code}", None))
    if key not in STRINGS["en"]:
        return message
    if n is not None:
        params["n"] = params.get(n)
    if code == "language_code":
        hints = [
            f"'{bad}'" + (text(lang, "problem.did_you_mean", near=", ".join(near)) if near else "")
            for bad, near in zip(params.get("bad", []), params.get("nearest", []), strict=False)
        ]
        params["codes"] = ", ".join(hints)
    elif code == "country_code":
        params["codes"] = ", ".join(f"'{bad}'" for bad in params.get("bad", []))
    elif code == "unknown_task":
        params["name"] = params.get("value", "")
    try:
        return text(lang, key, **params)
    except (KeyError, IndexError, ValueError):  # a parameter the string needs is missing
        return message
