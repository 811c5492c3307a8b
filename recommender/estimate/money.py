"""Money in the user's currency: amounts are computed in US dollars (the sources' unit) and shown,
or taken as budgets, in USD, JPY or EUR at a dated rate from ``knowledge/currencies.yaml`` that
the user may override.

>>> rates = Rates({"USD": 1.0, "JPY": 150.0}, {"JPY": "example, 2026-12-04"},
...               symbols={"JPY": "¥"}, decimals={"JPY": 0})
>>> rates.to_usd(50_000, "JPY")
333.3333333333333
>>> rates.format(333.33, "JPY")
'¥50,000'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..errors import ModelrecError
from ..kb.loader import KnowledgeBase

__all__ = ["Rates", "rates_for"]


@dataclass(frozen=True)
class Rates:
    """Units of each currency per US dollar, with where each rate comes from and how amounts
    are written (symbol and decimals, from ``knowledge/currencies.yaml``)."""

    per_usd: Mapping[str, float]
    provenance: Mapping[str, str] = field(default_factory=dict)  #: code -> "source, date"
    symbols: Mapping[str, str] = field(default_factory=dict)  #: code -> "¥"
    decimals: Mapping[str, int] = field(default_factory=dict)  #: code -> digits after the point

    def rate(self, currency: str) -> float:
        if currency == "USD":
            return 1.0
        try:
            return self.per_usd[currency]
        except KeyError:
            known = ", ".join(sorted({"USD", *self.per_usd}))
            raise ModelrecError(f"no exchange rate for {currency} (known: {known})") from None

    def to_usd(self, amount: float, currency: str) -> float:
        return amount / self.rate(currency)

    def from_usd(self, usd: float, currency: str) -> float:
        return usd * self.rate(currency)

    def format(self, usd: float | None, currency: str, *, decimals: int | None = None) -> str:
        """``usd`` shown in ``currency`` ("¥50,000"); "unknown" for None."""
        if usd is None:
            return "unknown"
        return self.amount(self.from_usd(usd, currency), currency, decimals=decimals)

    def amount(self, value: float, currency: str, *, decimals: int | None = None) -> str:
        """``value``, already in ``currency``, written with its symbol ("¥50,000")."""
        places = self.decimals.get(currency, 2) if decimals is None else decimals
        if abs(value) < 1 and places == 0 and value:
            places = 2
        return f"{self.symbols.get(currency, currency + ' ')}{value:,.{places}f}"

    def describe(self, currency: str) -> str | None:
        """'1 USD = 155.81 JPY (source, date)', None for USD."""
        if currency == "USD":
            return None
        where = self.provenance.get(currency, "")
        return f"1 USD = {self.rate(currency):g} {currency}" + (f" ({where})" if where else "")


def rates_for(kb: KnowledgeBase, overrides: Mapping[str, float] | None = None) -> Rates:
    """The knowledge base's rates, with the user's overrides on top."""
    per_usd = {code: c.per_usd for code, c in kb.currencies.items()}
    provenance = {code: f"{c.source}, as of {c.as_of}" for code, c in kb.currencies.items()}
    for code, value in (overrides or {}).items():
        per_usd[code] = value
        provenance[code] = "rate given by the user"
    per_usd["USD"] = 1.0
    symbols = {code: c.symbol for code, c in kb.currencies.items()}
    decimals = {code: c.decimals for code, c in kb.currencies.items()}
    return Rates(per_usd, provenance, symbols, decimals)
