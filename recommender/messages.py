"""Typed messages: what the engine says, as a code and its parameters, rendered per language.

The engine never writes prose for people: a reason, warning, note, relaxation or piece of advice
is a :class:`Message` (``Message("context_too_short", {"needed": 8192, "limit": 4096})``), and
:func:`render` turns it into English or Japanese from the string tables in
:mod:`recommender.message_strings`. The JSON contract carries the English text (``text``) and
the typed form (``{"code", "params"}``), so a stored record renders in any language.

Templates are ``str.format`` strings with a few extra format specs:

- ``{n:count/model/models}``: the number and the singular or plural word ("1 model", "2 models");
- ``{xs:list}``: a list joined (", " in English, "、" in Japanese);
- ``{xs:clauses}``: clauses of one account joined ("; " in English, "。" in Japanese);
- ``{t:task}``, ``{c:criterion}``, ``{f:field}``, ``{l:lang}``: a task, criterion, questionnaire
  field or language id shown by its name in the language (``tasks``/``langs`` for lists; also
  ``modality``, ``category``, ``level``, ``status``, ``license_class``, ``offering``,
  ``priority``);
- ``{m:money}``: an amount in USD shown in the reader's currency (``money`` argument of render);
- ``{q:quote}``: text in its source language (a licence clause, a model fact), marked as a
  quotation in Japanese.

A parameter may itself be a Message; it is rendered in the same language.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

__all__ = ["LANGS", "Message", "Money", "fill", "message_from_json", "render"]

LANGS = ("en", "ja")
#: Shows an amount in US dollars in the reader's currency.
Money = Callable[[float], str]


@dataclass(frozen=True)
class Message:
    """A code naming the sentence and the values that fill it."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, lang: str = "en", *, money: Money | None = None) -> str:
        return render(self, lang, money=money)

    @property
    def text(self) -> str:
        """The English sentence."""
        return render(self, "en")

    def __str__(self) -> str:
        return self.text

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "params": {k: _json(v) for k, v in self.params.items()}}


def _json(value: Any) -> Any:
    if isinstance(value, Message):
        return value.to_json()
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return value


def message_from_json(data: Mapping[str, Any]) -> Message:
    """The inverse of :meth:`Message.to_json`."""

    def load(value: Any) -> Any:
        if isinstance(value, Mapping) and set(value) == {"code", "params"}:
            return message_from_json(value)
        if isinstance(value, list):
            return [load(v) for v in value]
        return value

    return Message(str(data["code"]), {k: load(v) for k, v in dict(data["params"]).items()})


def _usd(x: float) -> str:
    return f"${x:,.0f}" if abs(x) >= 100 else f"${x:,.2f}"


class _Formatter(string.Formatter):
    def __init__(self, lang: str, money: Money | None) -> None:
        self.lang = lang
        self.money = money or _usd

    def format_field(self, value: Any, spec: str) -> str:
        if isinstance(value, Message):
            return render(value, self.lang, money=self.money)
        kind, _, rest = spec.partition("/")
        if kind == "count":
            one, _, many = rest.partition("/")
            if isinstance(value, str):  # already written ("1,000")
                return f"{value} {one if value.replace(',', '') == '1' else many}"
            return f"{value:,} {one if value == 1 else many}"
        if kind == "list":
            return _SEP[self.lang].join(self.format_field(v, rest) for v in value)
        if kind == "clauses":
            return _CLAUSES[self.lang].join(self.format_field(v, rest) for v in value)
        if kind in _KINDS:
            return name(kind, str(value), self.lang)
        if kind in _LISTS:
            kind, sep = _LISTS[kind]
            sep = "、" if self.lang == "ja" and sep == ", " else sep
            return sep.join(name(kind, str(v), self.lang) for v in value)
        if kind == "money":
            return self.money(float(value))
        if kind == "words":  # words quoted from the user's text
            if self.lang == "ja":
                return "、".join(f"「{w}」" for w in value)
            return ", ".join(f"'{w}'" for w in value)
        if kind == "quote":
            return f"「{value}」" if self.lang == "ja" else str(value)
        if value is None:
            return ""
        return str(super().format_field(value, spec))


_SEP = {"en": ", ", "ja": "、"}
#: Between the clauses of one account (``{xs:clauses}``): "; " in English.
_CLAUSES = {"en": "; ", "ja": "。"}
#: Format specs that show an id by its name (see :func:`name`).
_KINDS = frozenset(
    {
        "task",
        "suite",
        "criterion",
        "field",
        "lang",
        "modality",
        "category",
        "level",
        "status",
        "license_class",
        "offering",
        "priority",
    }
)
#: Format specs that show a list of ids by their names: (kind, separator).
_LISTS = {
    "tasks": ("task", ", "),
    "langs": ("lang", ", "),
    "criteria": ("criterion", ", "),
    "modalities": ("modality", "+"),
}


def fill(template: str, lang: str, /, money: Money | None = None, **params: Any) -> str:
    """``template`` filled with ``params`` under the format specs above (string tables of the
    wizard and the report use it too, for plurals and names)."""
    return _Formatter(lang, money).format(template, **params)


def render(message: Message, lang: str = "en", *, money: Money | None = None) -> str:
    """``message`` in ``lang`` (English when ``lang`` has no table); a code without an entry
    is a bug (a test renders every code in every language)."""
    from .message_strings import MESSAGES

    table = MESSAGES.get(lang, MESSAGES["en"])
    template = table.get(message.code)
    if template is None:
        raise KeyError(f"no message '{message.code}' in language '{lang}'")
    if lang not in MESSAGES:
        lang = "en"
    return _Formatter(lang, money).format(template, **message.params)


def name(kind: str, key: str, lang: str) -> str:
    """The name of a task, criterion, questionnaire field or language in ``lang`` (the id when
    none is recorded)."""
    if kind in ("task", "suite"):  # a built-in suite is named after its task
        names = _task_names().get(key, {})
        return names.get(lang) or names.get("en") or key
    from .message_strings import NAMES

    table = NAMES.get(lang, NAMES["en"])
    return table.get(f"{kind}.{key}") or NAMES["en"].get(f"{kind}.{key}") or key


@cache
def _task_names() -> dict[str, dict[str, str]]:
    """Task names per language from knowledge/tasks.yaml (read once)."""
    from .kb.loader import load_knowledge_base

    kb = load_knowledge_base()
    out: dict[str, dict[str, str]] = {}
    for task_id, task in kb.tasks.items():
        out[task_id] = {"en": task.name.en, "ja": task.name.ja}
    return out
