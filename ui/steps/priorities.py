"""Page 3, priorities: importance sliders (0-5) with presets; an advanced pairwise (AHP)
comparison with its consistency ratio."""

from __future__ import annotations

from functools import partial
from itertools import combinations

import streamlit as st

from ..context import Page, key, reset_widgets
from ..state import CRITERIA_ORDER, default_importance

__all__ = ["SAATY", "render"]

_PRESETS = ("balanced", "quality_first", "cost_first", "open_and_private")
#: The pairwise scale, from "b much more important" to "a much more important".
SAATY = (1 / 9, 1 / 7, 1 / 5, 1 / 3, 1.0, 3.0, 5.0, 7.0, 9.0)


def _on_preset() -> None:
    state = st.session_state["_state"]
    state.preset = st.session_state["w_preset"]
    state.importance = default_importance(state.preset)
    for name in CRITERIA_ORDER:
        st.session_state.pop(f"w_imp_{name}", None)


def _ratio_label(page: Page, a: str, b: str, ratio: float) -> str:
    ca, cb = page.t(f"criterion.{a}"), page.t(f"criterion.{b}")
    if ratio == 1:
        return page.t("pairwise.equal")
    if ratio > 1:
        return page.t("pairwise.more", a=ca, b=cb, n=f"{ratio:g}")
    return page.t("pairwise.more", a=cb, b=ca, n=f"{1 / ratio:.0f}")


def _pairwise(page: Page) -> None:
    from recommender.engine.ahp import ahp_weights

    state, t = page.state, page.t
    state.use_pairwise = st.toggle(
        t("pairwise.use"), key=key("use_pairwise", state.use_pairwise), help=t("pairwise.help")
    )
    if not state.use_pairwise:
        return
    chosen = st.multiselect(
        t("pairwise.criteria"),
        options=list(CRITERIA_ORDER),
        format_func=lambda c: t(f"criterion.{c}"),
        key=key("pairwise_criteria", list(state.pairwise_criteria)),
        max_selections=6,
    )
    state.pairwise_criteria = chosen
    ratios: dict[str, float] = {}
    for a, b in combinations(chosen, 2):
        pair = f"{a}|{b}"
        ratios[pair] = st.select_slider(
            f"{t(f'criterion.{a}')} ↔ {t(f'criterion.{b}')}",
            options=SAATY,
            format_func=partial(_ratio_label, page, a, b),
            key=key(f"pair_{pair}", state.pairwise.get(pair, 1.0)),
        )
    state.pairwise = ratios
    page.show_problems("pairwise")
    if len(chosen) < 2:
        st.warning(t("pairwise.need_two"))
        return
    result = ahp_weights({tuple(k.split("|", 1)): v for k, v in ratios.items()})  # type: ignore[misc]
    cols = st.columns(len(chosen))
    for col, name in zip(cols, chosen, strict=True):
        col.metric(t(f"criterion.{name}"), f"{result.weights[name]:.0%}")
    if len(chosen) < 3:
        st.caption(t("pairwise.cr_na"))
    elif result.consistent:
        st.success(t("pairwise.consistent", cr=f"{result.consistency_ratio:.3f}"))
    else:
        st.error(t("pairwise.inconsistent", cr=f"{result.consistency_ratio:.3f}"))


def render(page: Page) -> None:
    state, t = page.state, page.t
    st.write(t("priorities.intro"))
    st.selectbox(
        t("priorities.preset"),
        options=_PRESETS,
        format_func=lambda p: t(f"preset.{p}"),
        key=key("preset", state.preset),
        on_change=_on_preset,
        help=t("priorities.preset_help"),
    )
    cols = st.columns(3)
    importance = dict(state.importance)
    for i, name in enumerate(CRITERIA_ORDER):
        importance[name] = cols[i % 3].slider(
            t(f"criterion.{name}"),
            min_value=0,
            max_value=5,
            key=key(f"imp_{name}", int(state.importance.get(name, 0))),
            help=t(f"criterion.{name}.help"),
            disabled=state.use_pairwise,
        )
    state.importance = importance
    page.show_problems("priorities")
    state.top_k = int(
        st.number_input(
            t("priorities.top_k"), min_value=1, max_value=50, step=1, key=key("top_k", state.top_k)
        )
    )
    with st.expander(t("pairwise.title"), expanded=state.use_pairwise):
        _pairwise(page)
    if st.button(t("priorities.reset"), key="reset_priorities"):
        state.importance = default_importance(state.preset)
        state.use_pairwise = False
        reset_widgets()
        st.rerun()
