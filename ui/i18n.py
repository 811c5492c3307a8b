"""Look-up of the wizard's strings (ui/strings.py) and translation of engine messages.

Every label, help text and message goes through :func:`text`; a missing key is a bug (the tests
check every key exists in both languages). Validation messages come from the engine in English;
:func:`problem_text` translates the known ones and falls back to the English text.
"""

from __future__ import annotations

import re
from typing import Any

from recommender.messages import fill

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
        (r"^String should have at most (?P<n>\d+) characters?$", "problem.max_chars"),
        (r"^Input should be greater than (?P<n>[\d.]+)$", "problem.gt"),
        (r"^Input should be greater than or equal to (?P<n>[\d.]+)$", "problem.ge"),
        (r"^Input should be less than or equal to (?P<n>[\d.]+)$", "problem.le"),
        (r"^deployment 'on_prem' needs hardware", "problem.on_prem_hardware"),
        (r"^deployment 'private_cloud' rents dedicated GPUs", "problem.private_cloud_hardware"),
        (r"^deployment 'api_only' uses no hardware", "problem.api_only_hardware"),
        (r"^hardware gives none of", "problem.hardware_empty"),
        (r"^cpu_only needs ram_gb", "problem.cpu_ram"),
        (r"^cpu_only excludes gpus", "problem.cpu_excludes_gpus"),
        (r"^budget_is_hard needs a budget", "problem.hard_budget"),
        (r"^give budget_per_month .* not both", "problem.budget_twice"),
        (r"^not an ISO 639-1 language code: (?P<codes>.+?); use two", "problem.language_code"),
        (r"^a language is listed twice", "problem.language_twice"),
        (r"^language_weights names languages not in languages: (?P<names>.+)$", "problem.weights"),
        (r"^language_weights are shares", "problem.weight_range"),
        (r"^not an ISO 3166-1 alpha-2 code: (?P<codes>.+?); use two", "problem.country_code"),
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
    return fill(template, lang, **kwargs) if kwargs else template


#: Phrases inside a message's arguments, translated with it: "'jp' (did you mean ja?)".
_DID_YOU_MEAN = re.compile(r" ?\(did you mean (?P<near>[^?]+)\?\)")


def problem_text(lang: str, message: str) -> str:
    """An engine validation message in ``lang``: translated when known, else as given."""
    for pattern, name in _PROBLEMS:
        match = pattern.search(message)
        if match:
            args = {
                k: _DID_YOU_MEAN.sub(
                    lambda m: text(lang, "problem.did_you_mean", **m.groupdict()), v
                )
                for k, v in match.groupdict().items()
            }
            return text(lang, name, **args)
    return message
