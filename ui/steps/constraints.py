"""Page 2, constraints: licence, deployment and privacy, hardware (catalogue GPUs with a count,
VRAM, or CPU-only with RAM; "detect this machine"), workload and budget."""

from __future__ import annotations

import streamlit as st

from .. import resources
from ..context import Page, key, reset_widgets
from ..detect import detect_machine

__all__ = ["render"]

_DEPLOYMENTS = ("any", "private_cloud", "on_prem")
_HARDWARE_MODES = ("none", "catalog", "vram", "cpu")


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

    st.subheader(t("constraints.license"))
    state.commercial_use = st.checkbox(
        t("constraints.commercial"),
        key=key("commercial_use", state.commercial_use),
        help=t("constraints.commercial_help"),
    )
    state.accept_conditions = st.checkbox(
        t("constraints.conditions"),
        key=key("accept_conditions", state.accept_conditions),
        help=t("constraints.conditions_help"),
    )
    state.require_open_source = st.checkbox(
        t("constraints.open_source"),
        key=key("require_open_source", state.require_open_source),
        help=t("constraints.open_source_help"),
    )
    page.show_problems("license")

    st.subheader(t("constraints.deployment"))
    deployment: str | None = st.radio(
        t("constraints.deployment_label"),
        options=_DEPLOYMENTS,
        format_func=lambda d: t(f"deployment.{d}"),
        key=key("deployment", state.deployment),
        help=t("constraints.deployment_help"),
    )
    state.deployment = deployment or state.deployment  # type: ignore[assignment]  # an option
    page.show_problems("deployment")

    st.subheader(t("constraints.hardware"))
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
    page.show_problems("hardware")

    st.subheader(t("constraints.workload"))
    c1, c2, c3 = st.columns(3)
    state.requests_per_day = c1.number_input(
        t("workload.requests"),
        min_value=0.0,
        step=100.0,
        format="%.0f",
        key=key("requests_per_day", float(state.requests_per_day)),
        help=t("workload.requests_help"),
    )
    state.input_tokens = int(
        c2.number_input(
            t("workload.input"),
            min_value=0,
            step=100,
            key=key("input_tokens", state.input_tokens),
            help=t("workload.tokens_help"),
        )
    )
    state.output_tokens = int(
        c3.number_input(
            t("workload.output"),
            min_value=1,
            step=50,
            key=key("output_tokens", state.output_tokens),
            help=t("workload.tokens_help"),
        )
    )
    c4, c5, c6 = st.columns(3)
    state.context_tokens = int(
        c4.number_input(
            t("workload.context"),
            min_value=1,
            step=1024,
            key=key("context_tokens", state.context_tokens),
            help=t("workload.context_help"),
        )
    )
    state.latency_p95_s = c5.number_input(
        t("workload.latency"),
        min_value=0.1,
        step=0.5,
        value=None,
        key=key("latency_p95_s", state.latency_p95_s),
        help=t("workload.latency_help"),
    )
    state.concurrency = int(
        c6.number_input(
            t("workload.concurrency"),
            min_value=1,
            step=1,
            key=key("concurrency", state.concurrency),
            help=t("workload.concurrency_help"),
        )
    )
    page.show_problems("workload")

    st.subheader(t("constraints.budget"))
    b1, b2 = st.columns([2, 1])
    state.budget_usd_per_month = b1.number_input(
        t("budget.monthly"),
        min_value=1.0,
        step=100.0,
        value=None,
        key=key("budget_usd_per_month", state.budget_usd_per_month),
        help=t("budget.help"),
    )
    state.budget_is_hard = b2.checkbox(
        t("budget.hard"),
        key=key("budget_is_hard", state.budget_is_hard),
        help=t("budget.hard_help"),
    )
    page.show_problems("budget_usd_per_month", "budget_is_hard")
