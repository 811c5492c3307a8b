"""API prices from the ``genai-prices`` package, never typed in by hand.

An API model's record names its price key (``api.price_provider`` / ``api.price_model``, which
default to ``api.provider`` / ``api.model_id``). :func:`api_price` resolves it to the price list
the package ships; :func:`request_cost_usd` prices one request of a given shape, which respects
long-context tiers (e.g. a higher rate above 200k input tokens). genai-prices is imported on first
use (it costs about 0.2 s).

Prices fetched by ``modelrec kb refresh --prices`` (genai-prices' own updater) are kept in the
user's overlay and, when present, replace the package's bundled prices (:func:`use_prices`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from importlib.metadata import version
from typing import Any

from ..errors import PriceUnavailableError
from .schema import ModelRecord

__all__ = [
    "ApiPrice",
    "api_price",
    "prices_from",
    "prices_source",
    "request_cost_usd",
    "use_prices",
]


@dataclass(frozen=True)
class ApiPrice:
    """List prices of an API model in US dollars per million tokens (base tier)."""

    model_id: str
    provider_id: str
    model_ref: str
    matched_model: str  #: the genai-prices model the key matched
    input_per_mtok: float | None
    output_per_mtok: float | None
    cached_input_per_mtok: float | None
    tiered: bool  #: True when long prompts are billed at a higher rate
    context_window: int | None  #: tokens, as genai-prices records it
    source: str  #: e.g. "genai-prices 0.2.3"
    #: Every price the package lists, by its unit (base tier): "input_mtok", "output_mtok",
    #: "audio_hours" (speech-to-text, USD per hour of audio), "input_image_mtok", ...
    unit_prices: dict[str, float] = field(default_factory=dict)


def prices_source() -> str:
    """Where prices come from, for reports: the package and its version (and the fetched
    update in the user's overlay, when one is in use)."""
    saved = _sync_saved_prices()
    base = f"genai-prices {version('genai-prices')}"
    return base if saved is None else f"{base}, updated from {saved}"


#: (file, mtime) of the saved prices in use; None: the package's bundled prices
_saved: dict[str, Any] = {"key": None, "explicit": False}


def use_prices(snapshot: Any) -> None:
    """Price with ``snapshot`` (a genai-prices ``DataSnapshot``); None: back to the saved
    update in the overlay, if any, else the bundled prices."""
    from genai_prices import data_snapshot

    data_snapshot.set_custom_snapshot(snapshot)
    _saved.update(key=None, explicit=snapshot is not None)
    _lookup.cache_clear()


@contextmanager
def prices_from(snapshot: Any) -> Iterator[None]:
    """Price with ``snapshot`` inside the block; what was in use before comes back after."""
    from genai_prices import data_snapshot

    before = (data_snapshot._custom_snapshot, dict(_saved))
    use_prices(snapshot)
    try:
        yield
    finally:
        data_snapshot.set_custom_snapshot(before[0])
        _saved.update(before[1])
        _lookup.cache_clear()


def _sync_saved_prices() -> str | None:
    """Load the prices saved by ``kb refresh --prices`` when they changed; their file or None."""
    if _saved["explicit"]:
        return None
    from .loader import default_overlay_dir

    path = default_overlay_dir() / "prices" / "genai-prices.json"
    try:
        key: Any = (str(path), path.stat().st_mtime_ns)
    except OSError:
        key = None
    if key != _saved["key"]:
        from genai_prices import data_snapshot

        snapshot = None
        if key is not None:
            import json

            from genai_prices.types import _providers_from_raw

            providers = _providers_from_raw(json.loads(path.read_bytes()))
            snapshot = data_snapshot.DataSnapshot(providers, from_auto_update=True)
        data_snapshot.set_custom_snapshot(snapshot)
        _saved["key"] = key
        _lookup.cache_clear()
    return None if key is None else key[0]


def _key(model: ModelRecord) -> tuple[str, str]:
    if model.api is None:
        raise PriceUnavailableError(
            f"'{model.id}' is not an API model; self-hosting cost comes from hardware prices"
        )
    if model.api.unpriced_reason:
        raise PriceUnavailableError(f"no token price for '{model.id}': {model.api.unpriced_reason}")
    return (
        model.api.price_provider or model.api.provider,
        model.api.price_model or model.api.model_id,
    )


@cache
def _lookup(provider_id: str, model_ref: str) -> tuple[Any, Any]:
    from genai_prices.data_snapshot import get_snapshot

    providers = get_snapshot().providers
    provider = next((p for p in providers if p.id == provider_id), None)
    if provider is None:
        known = ", ".join(sorted(p.id for p in providers))
        raise PriceUnavailableError(
            f"genai-prices has no provider '{provider_id}' (known: {known})"
        )
    match = provider.find_model(model_ref)
    if match is None:
        raise PriceUnavailableError(
            f"genai-prices has no model matching '{model_ref}' for provider '{provider_id}'; "
            "set api.price_model to the package's id, or api.unpriced_reason"
        )
    return provider, match


def api_price(model: ModelRecord, *, at: date | None = None) -> ApiPrice:
    """The list prices of ``model`` on ``at`` (default: today).

    Raises :class:`PriceUnavailableError` when it has none.
    """
    provider_id, model_ref = _key(model)
    _sync_saved_prices()
    _, match = _lookup(provider_id, model_ref)
    prices = _list_price(match.prices, at or date.today())
    fields = {k: getattr(prices, k, None) for k in ("input_mtok", "output_mtok", "cache_read_mtok")}
    return ApiPrice(
        model_id=model.id,
        provider_id=provider_id,
        model_ref=model_ref,
        matched_model=match.id,
        input_per_mtok=_base(fields["input_mtok"]),
        output_per_mtok=_base(fields["output_mtok"]),
        cached_input_per_mtok=_base(fields["cache_read_mtok"]),
        tiered=any(hasattr(v, "tiers") for v in fields.values()),
        context_window=match.context_window,
        source=prices_source(),
        unit_prices={
            unit: base
            for unit, value in sorted(vars(prices).items())
            if not unit.startswith("_") and (base := _base(value)) is not None
        },
    )


def request_cost_usd(
    model: ModelRecord,
    *,
    input_tokens: int,
    output_tokens: int,
    cached_input_tokens: int = 0,
    audio_seconds: float = 0.0,
    at: datetime | None = None,
) -> float:
    """US dollars for one request of this shape (tiers applied by its input length).

    Speech models billed per hour of audio need ``audio_seconds``; a model billed per audio
    token cannot be priced from a duration (no published tokens-per-second rate), and one billed
    for audio cannot be priced without it: both raise :class:`PriceUnavailableError` rather than
    return a wrong figure. ``at`` fixes the price date (default: now). The price is the list
    price in force that day, as :func:`api_price` shows it: time-of-day prices (DeepSeek's peak
    hours at twice the rate) are left out, so a cost never depends on the hour it is computed.
    """
    units = api_price(model).unit_prices
    audio_units = {u for u in units if "audio" in u}
    # a multimodal model's audio rates do not apply to text requests; a speech model's do
    if audio_units and not audio_seconds and model.category == "speech_to_text":
        raise PriceUnavailableError(
            f"'{model.id}' is billed for audio ({', '.join(sorted(audio_units))}): "
            "give the audio length per request"
        )
    if audio_seconds and "audio_hours" not in units:
        raise PriceUnavailableError(
            f"'{model.id}' is not billed per hour of audio"
            + (
                " (it bills audio tokens, whose rate per second is not known here)"
                if audio_units
                else ""
            )
        )
    from genai_prices import Usage

    _, match = _lookup(*_key(model))  # api_price above has already resolved it
    usage = Usage(
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        cache_read_tokens=cached_input_tokens or None,
        audio_seconds=audio_seconds or None,
    )
    day = at.date() if at is not None else date.today()
    return float(_list_price(match.prices, day).calc_price(usage)["total_price"])


def _base(price: Any) -> float | None:
    if price is None:
        return None
    if isinstance(price, Decimal | int | float):
        return float(price)
    return float(price.base)  # TieredPrices


def _list_price(prices: Any, on: date) -> Any:
    """From a price history, the standard price in force ``on`` that date.

    Entries under other conditions (time-of-day discounts, service tiers) are not list prices.
    """
    if not isinstance(prices, list):
        return prices
    dated = [
        (getattr(p.constraint, "start_date", date.min), p.prices)
        for p in prices
        if p.constraint is None
        or (type(p.constraint).__name__ == "StartDateConstraint" and p.constraint.start_date <= on)
    ]
    return max(dated, key=lambda pair: pair[0])[1] if dated else prices[0].prices
