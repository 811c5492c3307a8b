"""Questionnaire answers suggested by the use-case text, each with the words that suggest it.

A user who writes 「データは社外に出せない」 or "data must stay on-prem" has answered the
deployment question; 「月額予算は5万円以内」 is a budget of ¥50,000 a month; "answering from our
product manuals" is retrieval QA. :func:`suggest_answers` finds such answers in English and
Japanese. Nothing here decides: the wizard shows each suggestion for the user to accept or edit,
and ``recommend`` applies one only where the questionnaire left that answer unstated, saying so
in its notes.

>>> [s.field for s in suggest_answers("社内規程に基づいて回答するボット。データは社外に出せない。")]
['deployment', 'tasks']
>>> s = suggest_answers("月額予算は5万円以内で、1日3000件くらい")
>>> [(x.field, x.value) for x in s]
[('budget_per_month', 50000.0), ('currency', 'JPY'), ('workload.requests_per_day', 3000.0)]
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

__all__ = ["Suggestion", "suggest_answers"]


@dataclass(frozen=True)
class Suggestion:
    field: str  #: questionnaire path: deployment, budget_per_month, currency, tasks, ...
    value: Any
    evidence: list[str] = dataclasses.field(default_factory=list)  #: the words in the text
    note: str = ""

    def describe(self) -> str:
        words = ", ".join(f"'{w}'" for w in self.evidence)
        base = f"{self.field}: {self.value}"
        return f"{base} (from {words})" if words else base

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "value": self.value, "evidence": self.evidence}


_ON_PREM = re.compile(
    r"on[- ]?prem(?:ise|ises)?\b|in[- ]house only|air[- ]?gapped|must (?:stay|remain|be kept) "
    r"(?:on[- ]?prem|in[- ]house|inside|on our (?:own )?(?:servers|hardware|network))|"
    r"(?:cannot|can't|must not|may not|must never) (?:leave|go outside|be sent)|"
    r"no (?:external|cloud) (?:apis?|services?)|"
    r"without (?:sending|any) (?:data )?to (?:the )?cloud|"
    r"社外に出せない|外部に出せない|社外に出さない|外部に出さない|社外秘|"
    r"外部送信(?:は|が)?(?:不可|禁止|できない)|"
    r"オンプレ|閉域|社内で完結|クラウド(?:は|の利用は)?(?:不可|禁止|使えない|NG)|持ち出し(?:禁止|不可)",
    re.IGNORECASE,
)
_API_OK = re.compile(
    r"(?:cloud|external)?\s*apis? (?:is|are) (?:fine|ok|okay|allowed|acceptable)|"
    r"(?:can|may) use (?:a |an )?(?:cloud|hosted|external|openai|anthropic|gemini) (?:api|service)|"
    r"cloud is (?:fine|ok|okay|allowed)|"
    r"クラウド(?:API)?(?:も|の利用も|でも)(?:可|OK|ok|大丈夫|構わない|問題ない)|"
    r"API(?:も|でも)(?:可|OK|大丈夫|構わない)",
    re.IGNORECASE,
)
_API_ONLY = re.compile(
    r"api only|only (?:an? )?apis?|(?:don't|do not|cannot|can't) (?:host|run) (?:models|gpus|it)|"
    r"no gpus?|APIだけ|APIのみ|GPUは(?:持っていない|ない|用意できない)",
    re.IGNORECASE,
)
_OWN_DOCS = re.compile(
    r"(?:from|using|based on|grounded (?:in|on)|search(?:ing)?|over) (?:our|the|internal|company)"
    r"(?: \w+){0,2} (?:manuals?|documents?|docs|documentation|knowledge ?base|faqs?|wiki|policies|"
    r"handbook|pdfs?|contracts?)|"
    r"(?:社内|自社)?(?:マニュアル|文書|資料|規程|規定|FAQ|ナレッジ|PDF|ドキュメント)(?:を|に|から)?"
    r"(?:参照|基づ|もとに|元に|検索|探して)",
    re.IGNORECASE,
)
_NUMBER = r"(\d[\d,]*(?:\.\d+)?)"
_BUDGET_YEN = re.compile(
    r"(?:予算|月額|月|毎月|budget)[^0-9。\n]{0,12}"
    + _NUMBER
    + r"\s*(億|万|千)?\s*円|"
    + _NUMBER
    + r"\s*(億|万|千)?\s*円\s*(?:/月|／月|per month|a month|以内|まで|程度)",
    re.IGNORECASE,
)
_BUDGET_SYMBOL = re.compile(
    r"(?:(\$|€|¥|USD|EUR|JPY)\s?"
    + _NUMBER
    + r"\s*([kK]|thousand)?|"
    + _NUMBER
    + r"\s*([kK]|thousand)?\s*(dollars|usd|euros?|eur|yen|jpy))"
    r"[^.。\n]{0,20}?(?:/\s?mo(?:nth)?|per month|a month|monthly|each month|/月|月額)",
    re.IGNORECASE,
)
_VOLUME = re.compile(
    r"(?:1日|一日|日に|毎日|daily)\s*(?:あたり)?\s*(?:約|およそ)?"
    + _NUMBER
    + r"\s*(万|千)?\s*(?:件|回|リクエスト|通)|"
    + _NUMBER
    + r"\s*(k|K|thousand)?\s*"
    r"(?:requests|queries|questions|calls|messages|tickets|documents)\s*(?:a|per|each)\s*day|"
    r"(?:月に?|毎月|monthly)\s*(?:約|およそ)?" + _NUMBER + r"\s*(万|千)?\s*(?:件|回)",
    re.IGNORECASE,
)
_LATENCY = re.compile(
    r"(?:within|under|in less than|at most)\s*"
    + _NUMBER
    + r"\s*(?:s|sec|secs|seconds)\b|"
    + _NUMBER
    + r"\s*秒以内",
    re.IGNORECASE,
)
_UNITS = {"億": 1e8, "万": 1e4, "千": 1e3, "k": 1e3, "thousand": 1e3}
_CURRENCY = {
    "$": "USD",
    "usd": "USD",
    "dollars": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "¥": "JPY",
    "jpy": "JPY",
    "yen": "JPY",
}


def _num(text: str, unit: str | None) -> float:
    return float(text.replace(",", "")) * _UNITS.get((unit or "").lower(), 1.0)


def suggest_answers(text: str) -> list[Suggestion]:
    """Answers the text suggests (see the module docstring), in questionnaire order."""
    t = unicodedata.normalize("NFKC", text)
    found: list[Suggestion] = []
    only = _API_ONLY.search(t)
    prem = _ON_PREM.search(t)
    ok = _API_OK.search(t)
    if only:
        found.append(Suggestion("deployment", "api_only", [only.group(0).strip()]))
    elif prem and not ok:
        found.append(Suggestion("deployment", "on_prem", [prem.group(0).strip()]))
    elif ok:
        found.append(Suggestion("deployment", "any", [ok.group(0).strip()]))
    found += _budget(t)
    volume = _VOLUME.search(t)
    if volume:
        g = volume.groups()
        if g[0] is not None:
            per_day = _num(g[0], g[1])
        elif g[2] is not None:
            per_day = _num(g[2], g[3])
        else:
            per_day = round(_num(g[4], g[5]) / 30.4, 1)
        found.append(Suggestion("workload.requests_per_day", per_day, [volume.group(0).strip()]))
    latency = _LATENCY.search(t)
    if latency:
        seconds = float((latency.group(1) or latency.group(2)).replace(",", ""))
        found.append(Suggestion("workload.latency_p95_s", seconds, [latency.group(0).strip()]))
    docs = _OWN_DOCS.search(t)
    if docs:
        found.append(
            Suggestion(
                "tasks",
                "rag_qa",
                [docs.group(0).strip()],
                "answers come from your own documents: retrieval QA",
            )
        )
    return found


def _budget(t: str) -> list[Suggestion]:
    yen = _BUDGET_YEN.search(t)
    if yen:
        g = yen.groups()
        amount = _num(g[0], g[1]) if g[0] is not None else _num(g[2], g[3])
        words = [yen.group(0).strip()]
        return [
            Suggestion("budget_per_month", amount, words),
            Suggestion("currency", "JPY", words),
        ]
    sym = _BUDGET_SYMBOL.search(t)
    if sym:
        g = sym.groups()
        if g[0] is not None:
            currency, amount = _CURRENCY[g[0].lower()], _num(g[1], g[2])
        else:
            currency, amount = _CURRENCY[g[5].lower()], _num(g[3], g[4])
        words = [sym.group(0).strip()]
        return [
            Suggestion("budget_per_month", amount, words),
            Suggestion("currency", currency, words),
        ]
    return []
