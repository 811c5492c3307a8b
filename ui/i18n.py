"""Look-up of the wizard's strings (ui/strings.py) and translation of engine messages.

Every label, help text and message goes through :func:`text`; a missing key is a bug (the tests
check every key exists in both languages). Validation messages come from the engine in English;
:func:`problem_text` translates the known ones and falls back to the English text.
"""

from __future__ import annotations

import re
from typing import Any

from .strings import STRINGS

__all__ = ["LANGUAGES", "problem_text", "text"]

LANGUAGES = {"en": "English", "ja": "日本語"}

#: Engine / pydantic messages (regex on the English text) -> key of the translated message;
#: named groups become format arguments.
_PROBLEMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), name)
    for pattern, name in (
        (r"^required$", "problem.required"),
        (r"^Field required$", "problem.required"),
        (r"^String should have at least (?P<n>\d+) characters?$", "problem.min_chars"),
        (r"^Input should be greater than (?P<n>[\d.]+)$", "problem.gt"),
        (r"^Input should be greater than or equal to (?P<n>[\d.]+)$", "problem.ge"),
        (r"^Input should be less than or equal to (?P<n>[\d.]+)$", "problem.le"),
        (r"^deployment 'on_prem' needs hardware", "problem.on_prem_hardware"),
        (r"^cpu_only needs ram_gb", "problem.cpu_ram"),
        (r"^budget_is_hard needs budget_usd_per_month", "problem.hard_budget"),
        (r"^every importance is 0", "problem.all_zero"),
        (r"^missing comparisons: (?P<pairs>.+)$", "problem.missing_pairs"),
        (r"^choose a GPU from the catalogue$", "problem.choose_gpu"),
        (r"^unknown task '(?P<name>[^']+)'", "problem.unknown_task"),
        (r"^give one GPU model", "problem.one_gpu"),
    )
)


def text(lang: str, key: str, /, **kwargs: Any) -> str:
    """The string ``key`` in ``lang`` (English when ``lang`` is unknown), formatted."""
    table = STRINGS.get(lang, STRINGS["en"])
    template = table.get(key)
    if template is None:
        raise KeyError(f"no string '{key}' for language '{lang}'")
    return template.format(**kwargs) if kwargs else template


def problem_text(lang: str, message: str) -> str:
    """An engine validation message in ``lang``: translated when known, else as given."""
    for pattern, name in _PROBLEMS:
        match = pattern.search(message)
        if match:
            return text(lang, name, **match.groupdict())
    return message
