"""Page 2, constraints: licence, deployment and privacy, hardware (catalogue GPUs with a count,
VRAM, or CPU-only with RAM; "detect this machine"), workload, origin and data handling
(countries and providers to exclude, data residency, zero retention, documented languages),
a budget in a currency at a dated, editable exchange rate, and "add a model" (a Hub repo id or a
local folder, written to the user's overlay by :func:`recommender.kb.overlay.add_model`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from .. import resources
from ..context import Page, key, reset_widgets
from ..detect import detect_machine
from ..state import CURRENCIES, DEPLOYMENTS, WizardState

if TYPE_CHECKING:
    from recommender.estimate.money import Rates
    from recommender.kb import KnowledgeBase

__all__ = ["COMMON_COUNTRIES", "normalise_codes", "rates", "render"]

_HARDWARE_MODES = ("none", "catalog", "vram", "cpu")
#: Countries offered for exclusion without typing (ISO 3166-1 alpha-2); any other two-letter
#: code can be typed. The makers' own countries are added from the knowledge base.
COMMON_COUNTRIES = ("cn", "us", "jp", "kr", "fr", "de", "gb", "ca", "ch", "ae", "il", "in", "ru")
#: Step of the budget input per currency.
_BUDGET_STEP = {"USD": 100.0, "JPY": 10_000.0, "EUR": 100.0}


def normalise_codes(values: list[str]) -> list[str]:
    """Typed codes as the questionnaire takes them: trimmed, lower case, once each. Anything
    that is not two letters is kept, so the questionnaire's message says what is wrong."""
    return list(dict.fromkeys(v.strip().lower() for v in values if v.strip()))


def rates(kb: KnowledgeBase, state: WizardState) -> Rates:
    """The knowledge base's exchange rates with the user's overrides."""
    from recommender.estimate.money import rates_for

    return rates_for(kb, state.answers.exchange_rates)


def _on_currency() -> None:
    """A new currency keeps the budget's value: the amount is converted at the rates."""
    state: WizardState = st.session_state["_state"]
    new = st.session_state["w_currency"]
    old = state.effective_currency
    if new != old and state.answers.budget_per_month is not None:
        r = rates(resources.knowledge_base(), state)
        value = r.from_usd(r.to_usd(state.answers.budget_per_month, old), new)
        state.answers.budget_per_month = round(value) if new == "JPY" else round(value, 2)
        st.session_state.pop("w_budget_per_month", None)
    state.answers.currency = new


def _detect(page: Page) -> None:
    state = page.state
    machine = detect_machine(resources.knowledge_base())
    if machine.gpus and machine.gpus[0].hardware_id:
        state.hardware_mode, state.gpu = "catalog", machine.gpus[0].hardware_id
        state.gpu_count = len([g for g in machine.gpus if g.name == machine.gpus[0].name])
    elif machine.gpus:
        state.hardware_mode, state.vram_gb = "vram", machine.gpus[0].memory_gb
    else:
        state.hardware_mode = "cpu"
    if machine.ram_gb is not None:
        state.ram_gb = machine.ram_gb
    gpus = ", ".join(f"{g.name} ({g.memory_gb:g} GB)" for g in machine.gpus) or page.t(
        "detect.none"
    )
    ram = "?" if machine.ram_gb is None else f"{machine.ram_gb:g}"
    st.session_state["_detected"] = page.t("detect.result", gpus=gpus, ram=ram)
    reset_widgets()


def render(page: Page) -> None:
    state, t = page.state, page.t
    kb = resources.knowledge_base()
    answers = state.answers
    licence = answers.license

    st.subheader(t("constraints.license"))
    licence.commercial_use = st.checkbox(
        t("constraints.commercial"),
        key=key("commercial_use", licence.commercial_use),
        help=t("constraints.commercial_help"),
    )
    licence.accept_conditions = st.checkbox(
        t("constraints.conditions"),
        key=key("accept_conditions", licence.accept_conditions),
        help=t("constraints.conditions_help"),
    )
    licence.require_open_source = st.checkbox(
        t("constraints.open_source"),
        key=key("require_open_source", licence.require_open_source),
        help=t("constraints.open_source_help"),
    )
    page.show_problems("license")

    st.subheader(t("constraints.deployment"))
    deployment: str | None = st.radio(
        t("constraints.deployment_label"),
        options=DEPLOYMENTS,
        format_func=lambda d: t(f"deployment.{d}"),
        key=key("deployment", answers.deployment),
        help=t("constraints.deployment_help"),
    )
    answers.deployment = deployment or answers.deployment  # type: ignore[assignment]  # an option
    page.show_problems("deployment")

    st.subheader(t("constraints.hardware"))
    if not state.uses_hardware:
        st.info(t(f"hardware.not_used_{answers.deployment}"))
    else:
        _hardware(page, kb)
    page.show_problems("hardware")
    _workload(page, kb)
    _origin(page, kb)
    _budget(page, kb)
    _add_model(page, kb)


def _hardware(page: Page, kb: KnowledgeBase) -> None:
    state, t = page.state, page.t
    if st.button(t("detect.button"), key="detect", help=t("detect.help")):
        with st.spinner(t("detect.running")):
            _detect(page)
        st.rerun()
    if "_detected" in st.session_state:
        st.info(st.session_state["_detected"])
    hardware_mode: str | None = st.radio(
        t("constraints.hardware_mode"),
        options=_HARDWARE_MODES,
        format_func=lambda m: t(f"hardware.{m}"),
        key=key("hardware_mode", state.hardware_mode),
        horizontal=True,
        help=t("constraints.hardware_help"),
    )
    state.hardware_mode = hardware_mode or state.hardware_mode  # type: ignore[assignment]  # an option
    if state.hardware_mode == "catalog":
        gpus = [h for h in kb.hardware if h.kind != "cpu" and h.memory_gb]
        ids = [h.id for h in gpus]
        names = {h.id: f"{h.name} · {h.memory_gb:g} GB" for h in gpus}
        current = state.gpu
        if current and current not in names:  # a name from an example file
            try:
                current = kb.hardware_item(current).id
            except LookupError:
                current = None
        left, right = st.columns([3, 1])
        state.gpu = left.selectbox(
            t("hardware.gpu"),
            options=ids,
            format_func=lambda i: names[i],
            index=None,
            required=True,  # a clearable selectbox is cleared by Escape (see validate.py)
            key=key("gpu", current),
            placeholder=t("hardware.gpu_placeholder"),
        )
        state.gpu_count = int(
            right.number_input(
                t("hardware.count"),
                min_value=1,
                max_value=64,
                step=1,
                key=key("gpu_count", state.gpu_count),
            )
        )
    elif state.hardware_mode == "vram":
        state.vram_gb = st.number_input(
            t("hardware.vram"),
            min_value=1.0,
            max_value=4096.0,
            step=1.0,
            value=None,
            key=key("vram_gb", state.vram_gb),
            help=t("hardware.vram_help"),
        )
    elif state.hardware_mode == "cpu":
        state.ram_gb = st.number_input(
            t("hardware.ram"),
            min_value=1.0,
            max_value=8192.0,
            step=1.0,
            value=None,
            key=key("ram_gb", state.ram_gb),
            help=t("hardware.ram_help"),
        )


def _workload(page: Page, kb: KnowledgeBase) -> None:
    state, t = page.state, page.t
    workload = state.answers.workload
    st.subheader(t("constraints.workload"))
    c1, c2, c3 = st.columns(3)
    workload.requests_per_day = c1.number_input(
        t("workload.requests"),
        min_value=0.0,
        step=100.0,
        format="%.0f",
        key=key("requests_per_day", float(workload.requests_per_day)),
        help=t("workload.requests_help"),
    )
    workload.input_tokens = int(
        c2.number_input(
            t("workload.input"),
            min_value=0,
            step=100,
            key=key("input_tokens", workload.input_tokens),
            help=t("workload.tokens_help"),
        )
    )
    workload.output_tokens = int(
        c3.number_input(
            t("workload.output"),
            min_value=1,
            step=50,
            key=key("output_tokens", workload.output_tokens),
            help=t("workload.tokens_help"),
        )
    )
    c4, c5, c6 = st.columns(3)
    context = c4.number_input(
        t("workload.context"),
        min_value=1,
        step=1024,
        value=None,
        key=key("context_tokens", workload.context_tokens),
        placeholder=t("workload.context_placeholder"),
        help=t("workload.context_help"),
    )
    workload.context_tokens = None if context is None else int(context)
    workload.latency_p95_s = c5.number_input(
        t("workload.latency"),
        min_value=0.1,
        step=0.5,
        value=None,
        key=key("latency_p95_s", workload.latency_p95_s),
        help=t("workload.latency_help"),
    )
    workload.concurrency = int(
        c6.number_input(
            t("workload.concurrency"),
            min_value=1,
            step=1,
            key=key("concurrency", workload.concurrency),
            help=t("workload.concurrency_help"),
        )
    )
    speech = any(
        "audio" in kb.tasks[x].input_modalities for x in state.answers.tasks if x in kb.tasks
    )
    if speech or workload.audio_minutes_per_request is not None:
        c7, _, _ = st.columns(3)
        workload.audio_minutes_per_request = c7.number_input(
            t("workload.audio"),
            min_value=0.1,
            max_value=1440.0,
            step=1.0,
            value=None,
            key=key("audio_minutes_per_request", workload.audio_minutes_per_request),
            help=t("workload.audio_help"),
        )
    page.show_problems("workload")


def _origin(page: Page, kb: KnowledgeBase) -> None:
    """Origin and data handling: what may not be used, and what an API must guarantee."""
    state, t = page.state, page.t
    answers = state.answers
    st.subheader(t("constraints.origin"))
    st.caption(t("origin.intro"))
    left, right = st.columns(2)

    def country(code: str) -> str:
        name = f"country.{code}"
        return f"{code} · {t(name)}" if name in _known_keys(page) else code

    makers = {m.country for m in kb.makers.values() if m.country}
    countries = list(
        dict.fromkeys([*COMMON_COUNTRIES, *sorted(makers), *answers.exclude_countries])
    )
    chosen = left.multiselect(
        t("origin.countries"),
        options=countries,
        format_func=country,
        key=key("exclude_countries", list(answers.exclude_countries)),
        accept_new_options=True,
        placeholder=t("origin.countries_placeholder"),
        help=t("origin.countries_help"),
    )
    answers.exclude_countries = normalise_codes(chosen)
    with left:
        page.show_problems("exclude_countries")

    names = {m.id: m.name for m in kb.makers.values()}
    for m in kb.models:
        if m.api is not None and m.api.provider not in names:
            names[m.api.provider] = m.api.provider
    providers = sorted(names, key=lambda i: names[i].lower())
    providers += [p for p in answers.exclude_providers if p not in names]
    chosen = right.multiselect(
        t("origin.providers"),
        options=providers,
        format_func=lambda i: names.get(i, i),
        key=key("exclude_providers", list(answers.exclude_providers)),
        accept_new_options=True,
        placeholder=t("origin.providers_placeholder"),
        help=t("origin.providers_help"),
    )
    answers.exclude_providers = list(dict.fromkeys(c.strip() for c in chosen if c.strip()))
    with right:
        page.show_problems("exclude_providers")

    regions = {
        r
        for m in kb.models
        if m.api is not None and m.api.data_handling is not None
        for r in m.api.data_handling.regions
    }
    options = list(dict.fromkeys([*sorted(regions), *answers.data_residency]))

    def region(code: str) -> str:
        name = f"region.{code}"
        return f"{t(name)} ({code})" if name in _known_keys(page) else code

    answers.data_residency = left.multiselect(
        t("origin.residency"),
        options=options,
        format_func=region,
        key=key("data_residency", list(answers.data_residency)),
        placeholder=t("origin.residency_placeholder"),
        help=t("origin.residency_help"),
    )
    with left:
        page.show_problems("data_residency")
    with right:
        answers.zero_retention = st.checkbox(
            t("origin.zero_retention"),
            key=key("zero_retention", answers.zero_retention),
            help=t("origin.zero_retention_help"),
        )
        answers.documented_languages_only = st.checkbox(
            t("origin.documented_languages"),
            key=key("documented_languages_only", answers.documented_languages_only),
            help=t("origin.documented_languages_help"),
        )
        page.show_problems("zero_retention", "documented_languages_only")


def _known_keys(page: Page) -> set[str]:
    from ..strings import STRINGS

    return set(STRINGS[page.state.lang])


def _budget(page: Page, kb: KnowledgeBase) -> None:
    """The budget in a currency; for JPY and EUR, the rate (with its date and source), which
    the user may change, and the budget in US dollars."""
    state, t = page.state, page.t
    answers = state.answers
    st.subheader(t("constraints.budget"))
    if answers.currency is None:  # follows the interface language until chosen
        st.session_state["w_currency"] = state.effective_currency
    b0, b1, b2 = st.columns([1, 2, 2], vertical_alignment="bottom")
    b0.selectbox(
        t("budget.currency"),
        options=CURRENCIES,
        key=key("currency", state.effective_currency),
        on_change=_on_currency,
        help=t("budget.currency_help"),
    )
    currency = state.effective_currency
    answers.budget_per_month = b1.number_input(
        t("budget.monthly", currency=currency),
        min_value=0.01,
        step=_BUDGET_STEP[currency],
        format="%.0f" if currency == "JPY" else "%.2f",
        value=None,
        key=key("budget_per_month", answers.budget_per_month),
        help=t("budget.help"),
    )
    if answers.budget_per_month is not None and answers.currency is None:
        answers.currency = currency  # the amount means this currency from now on
    answers.budget_is_hard = b2.checkbox(
        t("budget.hard"),
        key=key("budget_is_hard", answers.budget_is_hard),
        help=t("budget.hard_help"),
    )
    page.show_problems("budget_per_month", "budget_usd_per_month", "budget_is_hard", "currency")
    if currency == "USD":
        return
    record = kb.currencies.get(currency)
    listed = record.per_usd if record is not None else None
    r1, r2 = st.columns([1, 2], vertical_alignment="bottom")
    rate = r1.number_input(
        t("budget.rate", currency=currency),
        min_value=0.0001,
        step=1.0 if currency == "JPY" else 0.01,
        format="%.2f" if currency == "JPY" else "%.4f",
        key=key(f"rate_{currency}", answers.exchange_rates.get(currency, listed)),
        help=t("budget.rate_help"),
    )
    overrides = {k: v for k, v in answers.exchange_rates.items() if k != currency}
    if rate is not None and (listed is None or abs(rate - listed) > 1e-9):
        overrides[currency] = float(rate)
    answers.exchange_rates = overrides
    if record is not None:
        r2.caption(
            t(
                "budget.rate_source",
                rate=f"{record.per_usd:g}",
                currency=currency,
                as_of=record.as_of.isoformat(),
                source=record.source,
            )
        )
    page.show_problems("exchange_rates")
    if answers.budget_per_month is not None:
        usd = rates(kb, state).to_usd(answers.budget_per_month, currency)
        st.caption(t("budget.in_usd", usd=f"${usd:,.0f}"))


def _add_model(page: Page, kb: KnowledgeBase) -> None:
    """A model the catalogue lacks: read from the Hub or a folder into the user's overlay."""
    from recommender.errors import ModelrecError
    from recommender.kb.overlay import add_model

    t = page.t
    with st.expander(t("add_model.title")):
        source = st.text_input(t("add_model.label"), key="w_add_model", help=t("add_model.help"))
        licence = st.selectbox(
            t("add_model.license"), options=["", *kb.licenses], key="w_add_model_license"
        )
        if st.button(t("add_model.button"), key="add_model", disabled=not source.strip()):
            try:
                with st.spinner(t("add_model.running")):
                    draft = add_model(source.strip(), kb, license_id=licence or None)
            except ModelrecError as exc:
                st.error(str(exc))
                return
            # nothing to clear: what depends on the models is cached per knowledge base version
            missing = ", ".join(m.split(" (")[0] for m in draft.missing)
            st.success(
                t(
                    "add_model.done",
                    id=draft.record.id,
                    missing=missing or t("add_model.none_missing"),
                )
            )
