"""API prices resolve through genai-prices; costs follow the request shape."""

from __future__ import annotations

import json
from datetime import UTC, date

import pytest

from recommender import (
    PriceUnavailableError,
    api_price,
    load_knowledge_base,
    request_cost_usd,
)
from recommender.cli import main
from recommender.kb.schema import ModelRecord


def test_every_api_model_resolves_or_says_why_not() -> None:
    kb = load_knowledge_base()
    api_models = [m for m in kb.models if m.api is not None]
    assert api_models
    for m in api_models:
        if m.api is not None and m.api.unpriced_reason:
            with pytest.raises(PriceUnavailableError, match="no token price"):
                api_price(m)
            continue
        price = api_price(m)
        assert price.source.startswith("genai-prices ")
        assert price.unit_prices, m.id  # per token, or per audio hour for speech models
        if m.category in ("llm", "vlm"):
            assert price.input_per_mtok is not None and price.output_per_mtok is not None, m.id


def test_request_cost_matches_list_prices_by_hand() -> None:
    m = load_knowledge_base().model("gpt-4o-mini")
    price = api_price(m)
    assert price.input_per_mtok is not None and price.output_per_mtok is not None
    expected = (600 * price.input_per_mtok + 300 * price.output_per_mtok) / 1e6
    assert request_cost_usd(m, input_tokens=600, output_tokens=300) == pytest.approx(expected)


def test_a_cost_does_not_depend_on_the_hour_it_is_computed() -> None:
    from datetime import datetime

    # DeepSeek V4 Flash is priced twice as high 01:00-04:00 and 06:00-10:00 UTC (genai-prices):
    # a monthly estimate must not change with the time of day the ranking runs
    m = load_knowledge_base().model("deepseek-v4-flash")
    price = api_price(m)
    assert price.input_per_mtok is not None and price.output_per_mtok is not None
    expected = (2000 * price.input_per_mtok + 800 * price.output_per_mtok) / 1e6
    for hour in (2, 7, 12, 23):
        at = datetime(2026, 12, 5, hour, 30, tzinfo=UTC)
        got = request_cost_usd(m, input_tokens=2000, output_tokens=800, at=at)
        assert got == pytest.approx(expected), hour


def test_long_context_tier_costs_more_per_token() -> None:
    kb = load_knowledge_base()
    tiered = [m for m in kb.models if m.api and not m.api.unpriced_reason and api_price(m).tiered]
    assert tiered, "expected at least one API model with long-context pricing"
    m = tiered[0]
    short = request_cost_usd(m, input_tokens=100_000, output_tokens=0) / 100_000
    long = request_cost_usd(m, input_tokens=300_000, output_tokens=0) / 300_000
    assert long > short


def test_open_weights_model_has_no_api_price() -> None:
    with pytest.raises(PriceUnavailableError, match="not an API model"):
        api_price(load_knowledge_base().model("qwen2.5-7b-instruct"))


def test_unknown_price_key_is_a_clear_error() -> None:
    m = load_knowledge_base().model("gpt-4o-mini")
    assert m.api is not None
    broken = m.model_copy(update={"api": m.api.model_copy(update={"model_id": "gpt-0-nano"})})
    assert isinstance(broken, ModelRecord)
    with pytest.raises(PriceUnavailableError, match="no model matching 'gpt-0-nano'"):
        api_price(broken)


def test_speech_models_have_an_audio_price() -> None:
    """Per hour of audio (whisper-1) or per million audio tokens (gpt-4o-transcribe)."""
    speech = [
        m
        for m in load_knowledge_base().models
        if m.api and m.category == "speech_to_text" and not m.api.unpriced_reason
    ]
    assert speech
    for m in speech:
        audio = {u: p for u, p in api_price(m).unit_prices.items() if "audio" in u}
        assert audio and all(p > 0 for p in audio.values()), m.id


def test_price_date_is_explicit() -> None:
    m = load_knowledge_base().model("claude-sonnet-4.5")
    assert api_price(m, at=date(2026, 11, 23)) == api_price(m, at=date(2026, 11, 23))


def test_kb_show_includes_the_price(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "show", "claude-sonnet-4.5", "--json"]) == 0
    price = json.loads(capsys.readouterr().out)["price"]
    assert price["matched_model"] == "claude-sonnet-4-5" and price["output_per_mtok"] > 0
